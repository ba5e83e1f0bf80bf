//! # approval-training
//!
//! Training of the CreditAI approval MLP (stage 4 of `credit-pipeline`) with
//! candle, on seeded synthetic data labelled by explicit rules, with experiment
//! tracking. Inference lives in `credit-pipeline` (a hand-written forward pass
//! that needs no tensor library); this crate produces the weights it loads.
//!
//! - [`synthetic`]: the labelling rules and the seeded generator;
//! - [`dataset`]: labelled samples and their JSONL form;
//! - [`network`]: the candle network (10 -> 16 ReLU -> 3), initialised like PyTorch;
//! - [`optimizer`], [`train`], [`metrics`]: Adam with L2 decay, training, evaluation;
//! - [`model_card`], [`job`]: the model card and one call that trains, evaluates,
//!   writes the weights and the card, and logs the run locally and to MLflow.
//!
//! ```
//! use approval_training::{SyntheticGenerator, TrainParams};
//! use credit_pipeline::mlp::{ApprovalModel, Decision};
//!
//! let data = SyntheticGenerator::new(7).dataset(2_000);
//! let params = TrainParams::default().epochs(3).seed(1).check()?;
//! let outcome = params.fit(&data, &mut |_| Ok(()))?;
//! assert_eq!(outcome.history.len(), 3);
//! // The trained model is an ordinary inference model of credit-pipeline.
//! let p = outcome.model.predict(&data.samples()[0].features)?;
//! assert!(Decision::ALL.contains(&p.decision));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod dataset;
pub mod job;
pub mod metrics;
pub mod model_card;
pub mod network;
pub mod optimizer;
pub mod synthetic;
pub mod train;

use std::path::Path;

pub use dataset::{Dataset, LabeledSample};
pub use job::{DataSource, JobReport, TrainingJob, FRESH_CHECK_SAMPLES};
pub use model_card::ModelCard;
pub use network::ApprovalNet;
pub use synthetic::{label_for, SyntheticGenerator};
pub use train::{EpochReport, TrainOutcome, TrainParams, ValidTrainParams};

/// Errors of training, evaluating and tracking the approval model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrainingError {
    /// candle failed.
    #[error("candle error: {0}")]
    Candle(String),
    /// The weights are not a valid approval model.
    #[error("invalid weights: {0}")]
    BadWeights(String),
    /// The inference model rejected the weights or an input.
    #[error(transparent)]
    Model(#[from] credit_pipeline::mlp::MlpError),
    /// A line of a JSONL data file could not be read.
    #[error("data line {line}: {message}")]
    DataLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A training parameter is out of range.
    #[error("training parameter {field} = {value}: expected {expected}")]
    InvalidParam {
        /// The parameter.
        field: &'static str,
        /// Its value.
        value: String,
        /// The accepted range.
        expected: &'static str,
    },
    /// Too few samples to split into a training and a held-out set.
    #[error("{samples} samples cannot be split with a held-out fraction of {holdout_fraction}")]
    NotEnoughData {
        /// Number of samples.
        samples: usize,
        /// The held-out fraction asked for.
        holdout_fraction: f64,
    },
    /// The training loss became NaN or infinite.
    #[error("training diverged at epoch {epoch} (loss not finite)")]
    Diverged {
        /// 1-based epoch.
        epoch: usize,
    },
    /// A file-system operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The output exists and overwriting was not asked for.
    #[error("{} already exists: pass --force to replace it, or choose another --out", path.display())]
    WouldOverwrite {
        /// The existing file.
        path: std::path::PathBuf,
    },
    /// A JSON document could not be written or read.
    #[error("{what}: {message}")]
    Json {
        /// The document.
        what: String,
        /// The parser's message.
        message: String,
    },
    /// The experiment tracker failed.
    #[error(transparent)]
    Tracking(#[from] experiment_tracking::TrackingError),
}

impl TrainingError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        TrainingError::Io {
            context: context.into(),
            source,
        }
    }
}

/// Write `bytes` to `path` atomically (see the `atomic-file` crate): a
/// failure leaves `path` as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), TrainingError> {
    atomic_file::write_atomic(path, bytes)
        .map_err(|e| TrainingError::io(format!("writing {}", path.display()), e.into()))
}
