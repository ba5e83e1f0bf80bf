//! Why a rule pack was refused.

/// A rule pack that cannot be used; each names the file and where in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// The file cannot be read.
    #[error("{file}: cannot read: {message}")]
    Read {
        /// The pack's file.
        file: String,
        /// The system's reason.
        message: String,
    },
    /// Not valid TOML, or a field of the wrong type.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The pack's file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Well-formed but contradictory or out of range.
    #[error("{file}: rule {rule:?}, field `{field}` = {value:?}: {message}")]
    Invalid {
        /// The pack's file.
        file: String,
        /// The rule's id (or the table's name).
        rule: String,
        /// The field.
        field: &'static str,
        /// The value as written.
        value: String,
        /// What is wrong.
        message: String,
    },
}
