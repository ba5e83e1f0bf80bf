//! Stage 4 — approval by a small MLP (SPEC §3.4).
//!
//! The types and the trait below are the contract the pipeline consumes.
//! [`MlpApprovalModel`] is the default implementation; [`MlpApprovalModel::shipped`]
//! loads the trained weights embedded from this crate's `models/approval_mlp.safetensors`, and
//! [`MlpApprovalModel::load`] a file written by `credito train`.
//!
//! - [`features`]: the ten normalised inputs;
//! - [`weights`]: the safetensors file and the plain-array forward pass;
//! - [`model`]: the default [`ApprovalModel`].
//!
//! Inference needs no tensor library. Training (candle), the synthetic data and
//! experiment tracking live in the `approval-training` and `experiment-tracking`
//! crates, so embedding this crate pulls no async runtime and no HTTP client.
//!
//! ```
//! use credit_pipeline::mlp::{ApprovalFeatures, ApprovalModel, MlpApprovalModel};
//! let model = MlpApprovalModel::shipped().unwrap();
//! let p = model.predict(&ApprovalFeatures([0.5; 10])).unwrap();
//! let sum = p.probabilities.approved + p.probabilities.pending_review + p.probabilities.rejected;
//! assert!((sum - 1.0).abs() < 1e-5);
//! ```

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::StageError;

pub mod attribution;
pub mod features;
mod fma;
pub mod model;
pub mod weights;

pub use features::{FeatureInputs, FEATURE_NAMES, RISK_SCORE_INDEX};
pub use model::MlpApprovalModel;
pub use weights::DenseWeights;
/// Number of input features of the approval model.
pub const NUM_FEATURES: usize = 10;

/// The ten normalised inputs of the approval model, in SPEC §3.4 order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ApprovalFeatures(pub [f32; NUM_FEATURES]);

// `ApprovalFeatures::from_profile` is implemented in `features.rs`.

named_enum! {
    /// The decision classes, in model output order.
    pub enum Decision {
        /// Approve.
        Approved = "approved",
        /// Send to manual review.
        PendingReview = "pending_review",
        /// Reject.
        Rejected = "rejected",
    }
}

impl Decision {
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
}

/// Softmax probabilities of the three classes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassProbabilities {
    /// P(approved).
    pub approved: f64,
    /// P(pending_review).
    pub pending_review: f64,
    /// P(rejected).
    pub rejected: f64,
}

/// Stage 4 output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalPrediction {
    /// The class with the highest probability.
    pub decision: Decision,
    /// All three probabilities.
    pub probabilities: ClassProbabilities,
    /// Probability of the chosen class.
    pub confidence: f64,
    /// Version of the model that decided.
    pub model_version: String,
}

/// Decisions for features sharing all but the risk score and limit ratio
/// (see [`ApprovalModel::decisions`]).
pub type ApprovalDecisions<'a> =
    Box<dyn FnMut(&ApprovalFeatures) -> Result<Decision, StageError> + 'a>;

/// Stage 4 trait: decide approval from the features.
pub trait ApprovalModel: Send + Sync {
    /// Predict the decision for one applicant. Errors only on non-finite input.
    fn predict(&self, features: &ApprovalFeatures) -> Result<ApprovalPrediction, StageError>;

    /// How much each feature moved the model from approval towards
    /// `decision` (positive: towards it), if the model can say; the default
    /// model gives exact integrated gradients ([`attribution`]). A model that
    /// cannot explain itself returns `None` and its decisions carry no
    /// feature reasons.
    fn attribution(
        &self,
        _features: &ApprovalFeatures,
        _decision: Decision,
    ) -> Option<[f64; NUM_FEATURES]> {
        None
    }

    /// The decision alone (the counter-offer search asks for one per
    /// candidate); must equal `predict(features)?.decision`.
    fn decide(&self, features: &ApprovalFeatures) -> Result<Decision, StageError> {
        Ok(self.predict(features)?.decision)
    }

    /// Decisions for many applicants that share `base`'s features but the
    /// risk score and limit ratio (the last two; the counter-offer search asks
    /// for one per candidate amount). Each must equal [`decide`](Self::decide)
    /// on the same features; the default calls it, the default model reuses
    /// the first layer's sums over the shared features.
    fn decisions<'a>(&'a self, base: &ApprovalFeatures) -> ApprovalDecisions<'a> {
        let _ = base;
        Box::new(move |features| self.decide(features))
    }

    /// The model's version, recorded on every result (`model_version`);
    /// `custom` unless the model says.
    fn version(&self) -> &str {
        "custom"
    }
}

impl<T: ApprovalModel + ?Sized> ApprovalModel for std::sync::Arc<T> {
    fn predict(&self, features: &ApprovalFeatures) -> Result<ApprovalPrediction, StageError> {
        (**self).predict(features)
    }
    fn attribution(
        &self,
        features: &ApprovalFeatures,
        decision: Decision,
    ) -> Option<[f64; NUM_FEATURES]> {
        (**self).attribution(features, decision)
    }
    fn decide(&self, features: &ApprovalFeatures) -> Result<Decision, StageError> {
        (**self).decide(features)
    }
    fn decisions<'a>(&'a self, base: &ApprovalFeatures) -> ApprovalDecisions<'a> {
        (**self).decisions(base)
    }
    fn version(&self) -> &str {
        (**self).version()
    }
}

/// A closure is an approval model.
impl<F> ApprovalModel for F
where
    F: Fn(&ApprovalFeatures) -> Result<ApprovalPrediction, StageError> + Send + Sync,
{
    fn predict(&self, features: &ApprovalFeatures) -> Result<ApprovalPrediction, StageError> {
        self(features)
    }
}

/// Errors of loading or running the MLP approval model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MlpError {
    /// The weights file is not a valid approval model.
    #[error("invalid weights: {0}")]
    BadWeights(String),
    /// A feature is NaN or infinite.
    #[error("feature {index} is not finite ({value})")]
    NonFiniteFeature {
        /// Index of the feature (see [`FEATURE_NAMES`]).
        index: usize,
        /// Its value.
        value: f32,
    },
    /// The weights file could not be read.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
