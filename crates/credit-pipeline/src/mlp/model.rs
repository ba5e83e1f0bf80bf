//! [`MlpApprovalModel`]: the default [`ApprovalModel`], loaded from safetensors.
//!
//! Inference is a hand-written forward pass over [`DenseWeights`] (0.6 µs, no
//! tensor library). The `approval-training` crate trains the same network with
//! candle and tests that this forward pass equals candle's on the shipped weights.

use std::path::Path;

use super::weights::DenseWeights;
use super::NUM_FEATURES;
use super::{
    ApprovalFeatures, ApprovalModel, ApprovalPrediction, ClassProbabilities, Decision, MlpError,
    FEATURE_NAMES,
};
use crate::{Stage, StageError};

/// The trained default weights shipped with the crate.
static SHIPPED_WEIGHTS: &[u8] = include_bytes!("../../models/approval_mlp.safetensors");

/// The MLP approval model (SPEC §3.4): 10 inputs -> 16 ReLU -> 3 softmax.
///
/// ```
/// use credit_pipeline::mlp::{ApprovalFeatures, ApprovalModel, Decision, MlpApprovalModel};
/// let model = MlpApprovalModel::shipped().unwrap();
/// // A low-risk, well-scored, employed applicant with room in the limit.
/// let f = ApprovalFeatures([0.3, 0.8, 0.8, 0.2, 1.0, 1.0, 0.1, 0.2, 0.2, 0.5]);
/// let p = model.predict(&f).unwrap();
/// assert_eq!(p.decision, Decision::Approved);
/// assert!(p.confidence > 0.5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MlpApprovalModel {
    dense: DenseWeights,
    version: String,
}

impl MlpApprovalModel {
    /// The trained default shipped in this crate's `models/approval_mlp.safetensors`.
    pub fn shipped() -> Result<Self, MlpError> {
        Self::from_bytes(SHIPPED_WEIGHTS)
    }

    /// The bytes of the shipped weights file.
    pub fn shipped_bytes() -> &'static [u8] {
        SHIPPED_WEIGHTS
    }

    /// Load weights from a safetensors file (e.g. one written by `credito train`).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, MlpError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| MlpError::Io {
            context: format!("reading {}", path.display()),
            source: e,
        })?;
        Self::from_bytes(&bytes).map_err(|e| match e {
            MlpError::BadWeights(m) => MlpError::BadWeights(format!("{}: {m}", path.display())),
            other => other,
        })
    }

    /// Load weights from safetensors bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        let (dense, version) = DenseWeights::from_safetensors(bytes)?;
        Ok(Self { dense, version })
    }

    /// Wrap weights (e.g. ones just trained); the version is their hash.
    pub fn from_dense(dense: DenseWeights) -> Self {
        let version = dense.version();
        Self { dense, version }
    }

    /// The weights.
    pub fn dense(&self) -> &DenseWeights {
        &self.dense
    }

    /// The weights as safetensors bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, MlpError> {
        self.dense.to_safetensors()
    }

    /// The model version (`approval-mlp-<hash of the weights>`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Class probabilities for one input, from the plain-array forward pass.
    pub fn probabilities(&self, features: &ApprovalFeatures) -> Result<[f32; 3], MlpError> {
        check_finite(features)?;
        Ok(self.dense.probabilities(&features.0))
    }
}

impl MlpApprovalModel {
    /// [`probabilities`](Self::probabilities) with the stage's error.
    fn stage_probabilities(&self, features: &ApprovalFeatures) -> Result<[f32; 3], StageError> {
        self.probabilities(features).map_err(|e| match e {
            MlpError::NonFiniteFeature { index, value } => StageError::NonFiniteInput {
                stage: Stage::Approval,
                input: FEATURE_NAMES[index].to_string(),
                value: f64::from(value),
            },
            other => StageError::custom(Stage::Approval, other),
        })
    }
}

impl ApprovalModel for MlpApprovalModel {
    fn predict(&self, features: &ApprovalFeatures) -> Result<ApprovalPrediction, StageError> {
        let p = self.stage_probabilities(features)?;
        let best = argmax(&p);
        let probabilities = ClassProbabilities {
            approved: f64::from(p[0]),
            pending_review: f64::from(p[1]),
            rejected: f64::from(p[2]),
        };
        Ok(ApprovalPrediction {
            decision: Decision::from_index(best).unwrap_or(Decision::Rejected),
            probabilities,
            confidence: f64::from(p[best]),
            model_version: self.version.clone(),
        })
    }

    fn decide(&self, features: &ApprovalFeatures) -> Result<Decision, StageError> {
        let p = self.stage_probabilities(features)?;
        Ok(Decision::from_index(argmax(&p)).unwrap_or(Decision::Rejected))
    }

    fn version(&self) -> &str {
        &self.version
    }

    fn decisions<'a>(&'a self, base: &ApprovalFeatures) -> super::ApprovalDecisions<'a> {
        let shared = super::RISK_SCORE_INDEX;
        let prefix = base.0;
        let sums = self.dense.partial_sums(&prefix, shared);
        Box::new(move |features| {
            let same_prefix = features.0[..shared]
                .iter()
                .zip(&prefix[..shared])
                .all(|(a, b)| a.to_bits() == b.to_bits());
            if !same_prefix {
                return self.decide(features);
            }
            check_finite(features).map_err(|_| StageError::NonFiniteInput {
                stage: Stage::Approval,
                input: "features".to_string(),
                value: f64::NAN,
            })?;
            let logits = self.dense.logits_from(&sums, &features.0, shared);
            Ok(Decision::from_index(decided_class(logits)).unwrap_or(Decision::Rejected))
        })
    }

    fn attribution(
        &self,
        features: &ApprovalFeatures,
        decision: Decision,
    ) -> Option<[f64; NUM_FEATURES]> {
        if check_finite(features).is_err() {
            return None;
        }
        let reference = super::attribution::reference_features();
        Some(self.dense.integrated_gradients(
            &features.0,
            &reference.0,
            decision.index(),
            Decision::Approved.index(),
        ))
    }
}

/// The class [`argmax`] picks from the softmax of `logits`, without the
/// exponentials when the top logit leads by more than `1e-3`: then its
/// probability is the largest by a margin no rounding closes (`exp` and the
/// division are monotone, and a gap of `1e-3` in the exponent is a relative
/// gap of about `1e-3` in the probability, far above `f32`'s `6e-8`). Closer
/// calls take the softmax, so the answer is always `argmax(softmax(logits))`.
fn decided_class(logits: [f32; 3]) -> usize {
    let best = argmax(&logits);
    let runner_up = (0..3)
        .filter(|&i| i != best)
        .map(|i| logits[i])
        .fold(f32::NEG_INFINITY, f32::max);
    if logits[best] - runner_up > 1e-3 {
        best
    } else {
        argmax(&super::weights::softmax(logits))
    }
}

/// Index of the largest value (the first one on ties).
pub fn argmax(p: &[f32; 3]) -> usize {
    let mut best = 0;
    for i in 1..p.len() {
        if p[i] > p[best] {
            best = i;
        }
    }
    best
}

fn check_finite(features: &ApprovalFeatures) -> Result<(), MlpError> {
    match features.0.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(MlpError::NonFiniteFeature {
            index,
            value: features.0[index],
        }),
    }
}
