//! [`MlpApprovalModel`]: the default [`ApprovalModel`], loaded from safetensors.
//!
//! Inference runs on a plain-array copy of the weights ([`DenseWeights`]); the
//! candle network is kept for batch inference and as the reference it is tested
//! against.

use std::path::Path;

use candle_core::{Device, Tensor};

use super::network::ApprovalNet;
use super::weights::{self, DenseWeights};
use super::{
    ApprovalFeatures, ApprovalModel, ApprovalPrediction, ClassProbabilities, Decision, MlpError,
    NUM_FEATURES,
};

/// The trained default weights shipped with the crate.
static SHIPPED_WEIGHTS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/approval_mlp.safetensors"
));

/// The candle MLP approval model (SPEC §3.4).
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
#[derive(Debug, Clone)]
pub struct MlpApprovalModel {
    net: ApprovalNet,
    dense: DenseWeights,
    version: String,
}

impl MlpApprovalModel {
    /// The trained default shipped in `models/approval_mlp.safetensors`.
    pub fn shipped() -> Result<Self, MlpError> {
        Self::from_bytes(SHIPPED_WEIGHTS)
    }

    /// Load weights from a safetensors file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, MlpError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| MlpError::io(format!("reading {}", path.display()), e))?;
        Self::from_bytes(&bytes)
    }

    /// Load weights from safetensors bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        let (net, version) = weights::from_safetensors(bytes)?;
        let dense = DenseWeights::from_net(&net)?;
        Ok(Self {
            net,
            dense,
            version,
        })
    }

    /// Wrap a candle network (e.g. one just trained).
    pub fn from_net(net: ApprovalNet) -> Result<Self, MlpError> {
        let version = weights::model_version(&net)?;
        let dense = DenseWeights::from_net(&net)?;
        Ok(Self {
            net,
            dense,
            version,
        })
    }

    /// The weights as safetensors bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, MlpError> {
        weights::to_safetensors(&self.net)
    }

    /// Save the weights as a safetensors file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), MlpError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()?)
            .map_err(|e| MlpError::io(format!("writing {}", path.display()), e))
    }

    /// The model version (`approval-mlp-<hash of the weights>`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The candle network.
    pub fn network(&self) -> &ApprovalNet {
        &self.net
    }

    /// Class probabilities for one input, from the plain-array forward pass.
    pub fn probabilities(&self, features: &ApprovalFeatures) -> Result<[f32; 3], MlpError> {
        check_finite(features)?;
        Ok(self.dense.probabilities(&features.0))
    }

    /// Class probabilities for many inputs through candle (one batched forward).
    pub fn probabilities_candle(
        &self,
        batch: &[ApprovalFeatures],
    ) -> Result<Vec<[f32; 3]>, MlpError> {
        for f in batch {
            check_finite(f)?;
        }
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let flat: Vec<f32> = batch.iter().flat_map(|f| f.0).collect();
        let xs = Tensor::from_vec(flat, (batch.len(), NUM_FEATURES), &Device::Cpu)?;
        let rows = self.net.probabilities(&xs)?.to_vec2::<f32>()?;
        Ok(rows.into_iter().map(|r| [r[0], r[1], r[2]]).collect())
    }
}

impl ApprovalModel for MlpApprovalModel {
    fn predict(&self, features: &ApprovalFeatures) -> Result<ApprovalPrediction, MlpError> {
        let p = self.probabilities(features)?;
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
}

/// Index of the largest value (the first one on ties).
pub(crate) fn argmax(p: &[f32; 3]) -> usize {
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
