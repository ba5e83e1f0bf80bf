//! The error every stage trait returns, so a custom stage never has to fake
//! another stage's internals.
//!
//! ```
//! use credit_pipeline::{Stage, StageError};
//!
//! #[derive(Debug)]
//! struct ScoringServiceDown;
//! impl std::fmt::Display for ScoringServiceDown {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!         f.write_str("scoring service unavailable")
//!     }
//! }
//! impl std::error::Error for ScoringServiceDown {}
//!
//! let e = StageError::custom(Stage::Approval, ScoringServiceDown);
//! assert_eq!(e.to_string(), "approval stage: scoring service unavailable");
//! assert_eq!(e.stage(), Stage::Approval);
//! ```

use std::fmt;

/// One of the four stages of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Stage 1: persona (depth-first search).
    Persona,
    /// Stage 2: credit limit (breadth-first search).
    Limit,
    /// Stage 3: default risk (Mamdani fuzzy system).
    Risk,
    /// Stage 4: approval (MLP).
    Approval,
}

impl Stage {
    /// The stage's name: `persona`, `limit`, `risk` or `approval`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Persona => "persona",
            Stage::Limit => "limit",
            Stage::Risk => "risk",
            Stage::Approval => "approval",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a stage could not produce a result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// An input was NaN or infinite (validated requests never are).
    #[error("{stage} stage: input `{input}` is not finite ({value})")]
    NonFiniteInput {
        /// The stage.
        stage: Stage,
        /// The input's name.
        input: String,
        /// Its value.
        value: f64,
    },
    /// An input is outside what the stage can compute with.
    #[error("{stage} stage: input `{input}` = {value}: {expected}")]
    InvalidInput {
        /// The stage.
        stage: Stage,
        /// The input's name.
        input: String,
        /// Its value, as text.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// The stage failed for a reason of its own (a custom stage's error, a
    /// model service that is down, ...).
    #[error("{stage} stage: {source}")]
    Failed {
        /// The stage.
        stage: Stage,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl StageError {
    /// Wrap any error of a custom stage.
    pub fn custom(stage: Stage, error: impl std::error::Error + Send + Sync + 'static) -> Self {
        StageError::Failed {
            stage,
            source: Box::new(error),
        }
    }

    /// The stage that failed.
    pub fn stage(&self) -> Stage {
        match self {
            StageError::NonFiniteInput { stage, .. }
            | StageError::InvalidInput { stage, .. }
            | StageError::Failed { stage, .. } => *stage,
        }
    }
}
