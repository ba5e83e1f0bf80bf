//! Errors of the risk-features crate: each names the line, column and value it
//! is about, so an analyst can fix the input file.

use thiserror::Error;

/// Everything that can go wrong while reading account histories.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum FeatureError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path (or `<stream>` for in-memory input).
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV layer failed (for example a row with a different number of fields).
    #[error("line {line}: malformed CSV: {message}")]
    Csv {
        /// 1-based line number in the file.
        line: u64,
        /// What the CSV parser reported.
        message: String,
    },
    /// The spreadsheet could not be decoded.
    #[error("cannot read workbook {path}: {message}")]
    Workbook {
        /// The workbook path.
        path: String,
        /// What calamine reported.
        message: String,
    },
    /// A required column is absent from the header.
    #[error("line {line}: missing column {column} (accepted names: {accepted})")]
    MissingColumn {
        /// Line of the header row.
        line: u64,
        /// Canonical name of the missing column.
        column: &'static str,
        /// Every name accepted for it.
        accepted: String,
    },
    /// A cell holds a value that is not valid for its column.
    #[error("line {line}, column {column}: invalid value {value:?} ({expected})")]
    BadCell {
        /// 1-based line (CSV) or row (spreadsheet) number.
        line: u64,
        /// The column name as written in the header.
        column: String,
        /// The offending cell text.
        value: String,
        /// What the column accepts.
        expected: &'static str,
    },
    /// The input holds no header row at all.
    #[error("{path}: empty input (no header row)")]
    Empty {
        /// The path (or `<stream>`).
        path: String,
    },
    /// The input has a header but no client rows.
    #[error("no client rows in {path}")]
    NoRows {
        /// The path (or `<stream>`).
        path: String,
    },
    /// Two rows carry the same client ID.
    #[error("line {line}: client ID {id:?} already appears on line {first_line} (pass --allow-duplicate-ids to keep both)")]
    DuplicateId {
        /// The repeated ID.
        id: String,
        /// Line of its first appearance.
        first_line: u64,
        /// Line of the repeat.
        line: u64,
    },
}
