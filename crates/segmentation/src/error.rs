//! Errors of the segmentation crate.

use thiserror::Error;

/// Everything that can go wrong while fitting, evaluating or loading a segmentation.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SegmentationError {
    /// Fewer rows than the algorithm needs.
    #[error("{what}: need at least {needed} rows, got {got}")]
    TooFewRows {
        /// Which step complained.
        what: &'static str,
        /// Rows required.
        needed: usize,
        /// Rows given.
        got: usize,
    },
    /// A parameter is outside its valid range.
    #[error("invalid parameter {name} = {value}: {expected}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A feature name is not one of the risk signals.
    #[error("unknown feature {name:?} (known: {known})")]
    UnknownFeature {
        /// The name given.
        name: String,
        /// The accepted names.
        known: String,
    },
    /// Shapes that must agree do not.
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        /// Where.
        what: &'static str,
        /// Expected size.
        expected: usize,
        /// Actual size.
        got: usize,
    },
    /// A value is NaN or infinite.
    #[error("non-finite value in row {row}, feature {feature}")]
    NonFinite {
        /// 0-based row.
        row: usize,
        /// Feature name or index.
        feature: String,
    },
    /// The model file could not be read or written.
    #[error("model file {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The model JSON is malformed or inconsistent.
    #[error("invalid model JSON: {0}")]
    ModelFormat(String),
    /// A model file holds malformed or inconsistent JSON.
    #[error("model file {path}: invalid model JSON: {reason}")]
    ModelFile {
        /// The path.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A segment's mean signal is absent or not finite (a model written before means were kept).
    #[error("segment {segment}: no mean of {signal} to name its profile from")]
    MissingMean {
        /// The segment.
        segment: usize,
        /// The signal.
        signal: String,
    },
    /// An error reported by linfa.
    #[error("linfa: {0}")]
    Linfa(#[from] linfa::Error),
}
