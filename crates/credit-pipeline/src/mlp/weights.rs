//! The weights file (safetensors) and the plain-array network used for inference.
//!
//! The file holds the four [`PARAMETERS`] as little-endian `f32` plus one
//! `__metadata__` entry, `model_version` (a single entry, so the header — and the
//! whole file — is byte-for-byte reproducible). The model version is
//! `approval-mlp-` followed by the FNV-1a 64-bit hash of the parameter bytes, so
//! identical weights always carry the same version.
//!
//! Parameters are named like a PyTorch `nn.Sequential` export without the index:
//! `fc1.weight` `[16, 10]`, `fc1.bias` `[16]`, `fc2.weight` `[3, 16]`, `fc2.bias`
//! `[3]`. Reading needs only the `safetensors` crate: no tensor library is linked.

use std::borrow::Cow;
use std::collections::HashMap;

use safetensors::tensor::{Dtype, View};

use super::fma::fused_dot;
use super::{MlpError, NUM_FEATURES};

/// Hidden layer width.
pub const HIDDEN: usize = 16;
/// Number of output classes.
pub const NUM_CLASSES: usize = 3;

/// Names and shapes of the parameters, in file and optimiser order.
pub const PARAMETERS: [(&str, &[usize]); 4] = [
    ("fc1.weight", &[HIDDEN, NUM_FEATURES]),
    ("fc1.bias", &[HIDDEN]),
    ("fc2.weight", &[NUM_CLASSES, HIDDEN]),
    ("fc2.bias", &[NUM_CLASSES]),
];

/// The network's parameters in fixed-size arrays, with a hand-written forward
/// pass (no allocation, no tensor dispatch) for per-request inference.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseWeights {
    pub(super) w1: [[f32; NUM_FEATURES]; HIDDEN],
    pub(super) b1: [f32; HIDDEN],
    pub(super) w2: [[f32; HIDDEN]; NUM_CLASSES],
    b2: [f32; NUM_CLASSES],
}

impl DenseWeights {
    /// Build from the four parameters, flattened row-major in [`PARAMETERS`]
    /// order (`fc1.weight`, `fc1.bias`, `fc2.weight`, `fc2.bias`).
    pub fn from_parameters(values: &[Vec<f32>]) -> Result<Self, MlpError> {
        if values.len() != PARAMETERS.len() {
            return Err(MlpError::BadWeights(format!(
                "expected {} parameter tensors, got {}",
                PARAMETERS.len(),
                values.len()
            )));
        }
        for ((name, shape), v) in PARAMETERS.iter().zip(values) {
            let expected: usize = shape.iter().product();
            if v.len() != expected {
                return Err(MlpError::BadWeights(format!(
                    "tensor {name} has {} values, expected {expected} (shape {shape:?})",
                    v.len()
                )));
            }
            if let Some(bad) = v.iter().find(|x| !x.is_finite()) {
                return Err(MlpError::BadWeights(format!(
                    "tensor {name} holds a non-finite value ({bad})"
                )));
            }
        }
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

    /// The four parameters, flattened row-major, in [`PARAMETERS`] order.
    pub fn parameters(&self) -> [Vec<f32>; 4] {
        [
            self.w1.iter().flatten().copied().collect(),
            self.b1.to_vec(),
            self.w2.iter().flatten().copied().collect(),
            self.b2.to_vec(),
        ]
    }

    /// The version string of these weights: `approval-mlp-<16 hex digits>`.
    pub fn version(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for values in self.parameters() {
            for v in values {
                for byte in v.to_le_bytes() {
                    hash ^= u64::from(byte);
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        format!("approval-mlp-{hash:016x}")
    }

    /// Output logits for one input.
    pub fn logits(&self, x: &[f32; NUM_FEATURES]) -> [f32; NUM_CLASSES] {
        self.logits_from(&[0.0; HIDDEN], x, 0)
    }

    super::fma::dispatch! {
        /// The first layer's dot products over the features before `upto`:
        /// each hidden unit's running sum, so that [`logits_from`](Self::logits_from)
        /// can finish inputs sharing those features (the counter-offer search
        /// varies only the last two). The sums are taken in the same order as
        /// [`logits`](Self::logits), so the result is the same to the bit.
        pub fn partial_sums(&self, x: &[f32; NUM_FEATURES], upto: usize) -> [f32; HIDDEN]
            => partial_sums_portable
    }

    super::fma::dispatch! {
        /// The logits of `x` from the first layer's
        /// [`partial_sums`](Self::partial_sums) over the features before `from`.
        pub fn logits_from(&self, sums: &[f32; HIDDEN], x: &[f32; NUM_FEATURES], from: usize) -> [f32; NUM_CLASSES]
            => logits_from_portable
    }

    #[inline(always)]
    pub(crate) fn partial_sums_portable(
        &self,
        x: &[f32; NUM_FEATURES],
        upto: usize,
    ) -> [f32; HIDDEN] {
        let upto = upto.min(NUM_FEATURES);
        let mut sums = [0f32; HIDDEN];
        for (s, row) in sums.iter_mut().zip(&self.w1) {
            *s = fused_dot(&row[..upto], &x[..upto], 0.0);
        }
        sums
    }

    #[inline(always)]
    pub(crate) fn logits_from_portable(
        &self,
        sums: &[f32; HIDDEN],
        x: &[f32; NUM_FEATURES],
        from: usize,
    ) -> [f32; NUM_CLASSES] {
        let from = from.min(NUM_FEATURES);
        let mut hidden = [0f32; HIDDEN];
        for (((h, row), b), s) in hidden.iter_mut().zip(&self.w1).zip(&self.b1).zip(sums) {
            *h = (fused_dot(&row[from..], &x[from..], *s) + b).max(0.0);
        }
        let mut logits = [0f32; NUM_CLASSES];
        for ((l, row), b) in logits.iter_mut().zip(&self.w2).zip(&self.b2) {
            *l = fused_dot(row, &hidden, 0.0) + b;
        }
        logits
    }

    /// Softmax class probabilities for one input.
    pub fn probabilities(&self, x: &[f32; NUM_FEATURES]) -> [f32; NUM_CLASSES] {
        softmax(self.logits(x))
    }
}

/// Softmax, with the largest logit subtracted first.
pub fn softmax(logits: [f32; NUM_CLASSES]) -> [f32; NUM_CLASSES] {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps = logits.map(|l| (l - max).exp());
    let sum: f32 = exps.iter().sum();
    exps.map(|e| e / sum)
}

impl DenseWeights {
    /// Serialise to safetensors bytes with the `model_version` metadata entry.
    pub fn to_safetensors(&self) -> Result<Vec<u8>, MlpError> {
        let mut metadata = HashMap::new();
        metadata.insert("model_version".to_string(), self.version());
        let params = self.parameters();
        let named = PARAMETERS
            .iter()
            .zip(params.iter())
            .map(|((name, shape), values)| {
                (
                    name.to_string(),
                    F32View {
                        shape: shape.to_vec(),
                        bytes: values.iter().flat_map(|v| v.to_le_bytes()).collect(),
                    },
                )
            });
        safetensors::serialize(named, Some(metadata))
            .map_err(|e| MlpError::BadWeights(format!("serialising: {e}")))
    }

    /// Parse safetensors bytes; returns the weights and their model version
    /// (the file's `model_version` entry, or the hash of the weights).
    pub fn from_safetensors(bytes: &[u8]) -> Result<(Self, String), MlpError> {
        let file = safetensors::SafeTensors::deserialize(bytes)
            .map_err(|e| MlpError::BadWeights(format!("not a safetensors file: {e}")))?;
        let (_, meta) = safetensors::SafeTensors::read_metadata(bytes)
            .map_err(|e| MlpError::BadWeights(format!("not a safetensors file: {e}")))?;
        if let Some(extra) = file
            .names()
            .into_iter()
            .find(|n| !PARAMETERS.iter().any(|(p, _)| p == n))
        {
            return Err(MlpError::BadWeights(format!("unexpected tensor {extra}")));
        }
        let mut values = Vec::with_capacity(PARAMETERS.len());
        for (name, shape) in PARAMETERS {
            let t = file
                .tensor(name)
                .map_err(|_| MlpError::BadWeights(format!("missing tensor {name}")))?;
            if t.dtype() != Dtype::F32 {
                return Err(MlpError::BadWeights(format!(
                    "tensor {name} is {:?}, expected F32",
                    t.dtype()
                )));
            }
            if t.shape() != shape {
                return Err(MlpError::BadWeights(format!(
                    "tensor {name} has shape {:?}, expected {shape:?}",
                    t.shape()
                )));
            }
            values.push(
                t.data()
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect::<Vec<f32>>(),
            );
        }
        let weights = Self::from_parameters(&values)?;
        let version = meta
            .metadata()
            .as_ref()
            .and_then(|m| m.get("model_version"))
            .cloned()
            .unwrap_or_else(|| weights.version());
        Ok((weights, version))
    }
}

/// One `f32` tensor to serialise.
struct F32View {
    shape: Vec<usize>,
    bytes: Vec<u8>,
}

impl View for F32View {
    fn dtype(&self) -> Dtype {
        Dtype::F32
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.bytes)
    }
    fn data_len(&self) -> usize {
        self.bytes.len()
    }
}
