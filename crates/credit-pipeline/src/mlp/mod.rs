//! Stage 4 — approval by a small candle MLP (SPEC §3.4).
//!
//! OWNER: mlp helper. The types and the trait below are the contract the
//! pipeline consumes; keep their names and fields.

use serde::{Deserialize, Serialize};

use crate::request::CustomerProfile;

/// Number of input features of the approval model.
pub const NUM_FEATURES: usize = 10;

/// The ten normalised inputs of the approval model, in SPEC §3.4 order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ApprovalFeatures(pub [f32; NUM_FEATURES]);

impl ApprovalFeatures {
    /// Build the features from a profile, the fuzzy risk score and the limit ratio.
    pub fn from_profile(profile: &CustomerProfile, risk_score: f64, limit_ratio: f64) -> Self {
        let _ = (profile, risk_score, limit_ratio);
        todo!("mlp helper: implement SPEC §3.4 features")
    }
}

/// The decision classes, in model output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    PendingReview,
    Rejected,
}

/// Softmax probabilities of the three classes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
}
