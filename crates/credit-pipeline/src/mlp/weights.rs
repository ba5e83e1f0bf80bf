//! The weights file (safetensors) and the plain-array copy used for fast inference.
//!
//! The file holds the four [`PARAMETERS`] as `f32` plus one `__metadata__` entry,
//! `model_version` (a single entry, so the header — and the whole file — is
//! byte-for-byte reproducible: safetensors writes metadata in hash-map order).
//! The model version is
//! `approval-mlp-` followed by the FNV-1a 64-bit hash of the parameter bytes, so
//! identical weights always carry the same version.

use std::collections::HashMap;

use candle_core::Device;

use super::network::{ApprovalNet, HIDDEN, NUM_CLASSES, PARAMETERS};
use super::{MlpError, NUM_FEATURES};

/// The version string of a network: `approval-mlp-<16 hex digits>`.
pub fn model_version(net: &ApprovalNet) -> Result<String, MlpError> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for values in net.parameter_values()? {
        for v in values {
            for byte in v.to_le_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    Ok(format!("approval-mlp-{hash:016x}"))
}

/// Serialise a network to safetensors bytes with its metadata.
pub fn to_safetensors(net: &ApprovalNet) -> Result<Vec<u8>, MlpError> {
    let mut metadata = HashMap::new();
    metadata.insert("model_version".to_string(), model_version(net)?);
    let named = PARAMETERS
        .iter()
        .zip(net.parameters())
        .map(|((name, _), t)| (name.to_string(), t));
    safetensors::serialize(named, Some(metadata))
        .map_err(|e| MlpError::BadWeights(format!("serialising: {e}")))
}

/// Parse safetensors bytes into a network; returns it with its model version.
pub fn from_safetensors(bytes: &[u8]) -> Result<(ApprovalNet, String), MlpError> {
    let (_, meta) = safetensors::SafeTensors::read_metadata(bytes)
        .map_err(|e| MlpError::BadWeights(format!("not a safetensors file: {e}")))?;
    let tensors = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)
        .map_err(|e| MlpError::BadWeights(e.to_string()))?;
    let net = ApprovalNet::from_named(tensors)?;
    let version = match meta
        .metadata()
        .as_ref()
        .and_then(|m| m.get("model_version"))
    {
        Some(v) => v.clone(),
        None => model_version(&net)?,
    };
    Ok((net, version))
}

/// The network's parameters copied into fixed-size arrays, with a hand-written
/// forward pass (no allocation, no tensor dispatch) for per-request inference.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseWeights {
    w1: [[f32; NUM_FEATURES]; HIDDEN],
    b1: [f32; HIDDEN],
    w2: [[f32; HIDDEN]; NUM_CLASSES],
    b2: [f32; NUM_CLASSES],
}

impl DenseWeights {
    /// Copy the parameters out of a candle network.
    pub fn from_net(net: &ApprovalNet) -> Result<Self, MlpError> {
        let values = net.parameter_values()?;
        let mut out = Self {
            w1: [[0.0; NUM_FEATURES]; HIDDEN],
            b1: [0.0; HIDDEN],
            w2: [[0.0; HIDDEN]; NUM_CLASSES],
            b2: [0.0; NUM_CLASSES],
        };
        for (row, chunk) in out.w1.iter_mut().zip(values[0].chunks_exact(NUM_FEATURES)) {
            row.copy_from_slice(chunk);
        }
        out.b1.copy_from_slice(&values[1]);
        for (row, chunk) in out.w2.iter_mut().zip(values[2].chunks_exact(HIDDEN)) {
            row.copy_from_slice(chunk);
        }
        out.b2.copy_from_slice(&values[3]);
        Ok(out)
    }

    /// Output logits for one input.
    pub fn logits(&self, x: &[f32; NUM_FEATURES]) -> [f32; NUM_CLASSES] {
        let mut hidden = [0f32; HIDDEN];
        for ((h, row), b) in hidden.iter_mut().zip(&self.w1).zip(&self.b1) {
            *h = (fused_dot(row, x) + b).max(0.0);
        }
        let mut logits = [0f32; NUM_CLASSES];
        for ((l, row), b) in logits.iter_mut().zip(&self.w2).zip(&self.b2) {
            *l = fused_dot(row, &hidden) + b;
        }
        logits
    }

    /// Softmax class probabilities for one input.
    pub fn probabilities(&self, x: &[f32; NUM_FEATURES]) -> [f32; NUM_CLASSES] {
        let logits = self.logits(x);
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exps = logits.map(|l| (l - max).exp());
        let sum: f32 = exps.iter().sum();
        exps.map(|e| e / sum)
    }
}

/// Dot product accumulated in input order with fused multiply-adds, starting from 0.
///
/// This is the order and rounding of candle's CPU matmul (the `gemm` kernels use FMA
/// along the inner dimension), so the plain forward pass reproduces candle's output
/// exactly on FMA hardware and to a few ULP elsewhere.
fn fused_dot<const N: usize>(w: &[f32; N], x: &[f32; N]) -> f32 {
    w.iter().zip(x).fold(0.0, |acc, (w, v)| w.mul_add(*v, acc))
}
