//! Stage 4 — approval by a small candle MLP (SPEC §3.4).
//!
//! The types and the trait below are the contract the pipeline consumes.
//! [`MlpApprovalModel`] is the default implementation; [`MlpApprovalModel::shipped`]
//! loads the trained weights embedded from `models/approval_mlp.safetensors`.
//!
//! - [`features`]: the ten normalised inputs;
//! - [`synthetic`] and [`dataset`]: seeded training data and its JSONL form;
//! - [`network`], [`weights`], [`model`]: the candle network, its file, inference;
//! - [`optimizer`], [`train`], [`metrics`]: Adam with L2 decay, training, evaluation;
//! - [`model_card`], [`tracking`], [`mlflow`], [`job`]: card, run folder, MLflow, one call
//!   that does it all.
//!
//! ```
//! use credit_pipeline::mlp::{ApprovalFeatures, ApprovalModel, MlpApprovalModel};
//! let model = MlpApprovalModel::shipped().unwrap();
//! let p = model.predict(&ApprovalFeatures([0.5; 10])).unwrap();
//! let sum = p.probabilities.approved + p.probabilities.pending_review + p.probabilities.rejected;
//! assert!((sum - 1.0).abs() < 1e-5);
//! ```

use serde::{Deserialize, Serialize};

pub mod dataset;
pub mod features;
pub mod job;
pub mod metrics;
pub mod mlflow;
pub mod model;
pub mod model_card;
pub mod network;
pub mod optimizer;
pub mod synthetic;
pub mod tracking;
pub mod train;
pub mod weights;

pub use dataset::{Dataset, LabeledSample};
pub use features::FeatureInputs;
pub use model::MlpApprovalModel;
pub use synthetic::SyntheticGenerator;
pub use train::{TrainParams, ValidTrainParams};

/// Number of input features of the approval model.
pub const NUM_FEATURES: usize = 10;

/// The ten normalised inputs of the approval model, in SPEC §3.4 order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ApprovalFeatures(pub [f32; NUM_FEATURES]);

// `ApprovalFeatures::from_profile` is implemented in `features.rs`.

/// The decision classes, in model output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    PendingReview,
    Rejected,
}

impl Decision {
    /// All classes in model output order.
    pub const ALL: [Decision; 3] = [
        Decision::Approved,
        Decision::PendingReview,
        Decision::Rejected,
    ];

    /// Model output index (0 approved, 1 pending_review, 2 rejected).
    pub fn index(self) -> usize {
        match self {
            Decision::Approved => 0,
            Decision::PendingReview => 1,
            Decision::Rejected => 2,
        }
    }

    /// The class of a model output index, if it is 0, 1 or 2.
    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::PendingReview => "pending_review",
            Decision::Rejected => "rejected",
        }
    }
}

/// Softmax probabilities of the three classes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassProbabilities {
    pub approved: f64,
    pub pending_review: f64,
    pub rejected: f64,
}

/// Stage 4 output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalPrediction {
    pub decision: Decision,
    pub probabilities: ClassProbabilities,
    /// Probability of the chosen class.
    pub confidence: f64,
    pub model_version: String,
}

/// Stage 4 trait: decide approval from the features.
pub trait ApprovalModel: Send + Sync {
    fn predict(&self, features: &ApprovalFeatures) -> Result<ApprovalPrediction, MlpError>;
}

/// Errors of the MLP stage (loading, training, inference, tracking).
#[derive(Debug, thiserror::Error)]
pub enum MlpError {
    #[error("candle error: {0}")]
    Candle(String),
    /// The weights file is not a valid approval model.
    #[error("invalid weights: {0}")]
    BadWeights(String),
    /// A feature is NaN or infinite.
    #[error("feature {index} is not finite ({value})")]
    NonFiniteFeature { index: usize, value: f32 },
    /// A line of a JSONL data file could not be read.
    #[error("data line {line}: {message}")]
    DataLine { line: usize, message: String },
    /// A training parameter is out of range.
    #[error("training parameter {field} = {value}: expected {expected}")]
    InvalidParam {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    /// Too few samples to split into a training and a held-out set.
    #[error("{samples} samples cannot be split with a held-out fraction of {holdout_fraction}")]
    NotEnoughData {
        samples: usize,
        holdout_fraction: f64,
    },
    /// The training loss became NaN or infinite.
    #[error("training diverged at epoch {epoch} (loss not finite)")]
    Diverged { epoch: usize },
    /// A file-system operation failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A JSON document could not be written or read.
    #[error("{what}: {message}")]
    Json { what: String, message: String },
    /// The MLflow tracking server refused a call or could not be reached.
    #[error("mlflow {endpoint}: {message}")]
    Mlflow { endpoint: String, message: String },
}

impl MlpError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        MlpError::Io {
            context: context.into(),
            source,
        }
    }
}
