//! Errors of the collection policy: parsing, validation (naming the entry) and look-up.

use std::fmt;

/// One problem found while validating a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyIssue {
    /// Which entry, e.g. `segments[2] (segment 2)` or `version`.
    pub entry: String,
    /// Which field of the entry, e.g. `canal_prioritario`.
    pub field: String,
    /// What is wrong, with the offending value.
    pub message: String,
}

impl fmt::Display for PolicyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.entry, self.field, self.message)
    }
}

/// Why a policy could not be loaded or could not decide.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file could not be read.
    #[error("cannot read policy {path}: {message}")]
    Io {
        /// The path given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The text is not valid TOML/JSON or does not have the policy's shape.
    #[error("invalid {format} policy: {message}")]
    Parse {
        /// `"TOML"` or `"JSON"`.
        format: &'static str,
        /// The parser's message (with line/column or key).
        message: String,
    },
    /// The document parsed but breaks the policy's rules; every problem is listed.
    #[error("invalid policy: {}", join(issues))]
    Invalid {
        /// All problems, in document order.
        issues: Vec<PolicyIssue>,
    },
    /// No template for a decision (a policy validated on load always has one).
    #[error("policy {version} has no template for treatment {tratamento}, state {estado}, channel {canal}")]
    NoTemplate {
        /// Policy version.
        version: String,
        /// Treatment segment (or family, for inherited templates).
        tratamento: u8,
        /// State code.
        estado: String,
        /// Channel.
        canal: String,
    },
    /// `decide` was asked for a segment the policy does not define.
    #[error("segment {segment} is not defined by policy {version} (segments 0..={max})")]
    UnknownSegment {
        /// The segment asked for.
        segment: u8,
        /// The highest segment of the policy.
        max: u8,
        /// The policy version.
        version: String,
    },
}

fn join(issues: &[PolicyIssue]) -> String {
    issues
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
