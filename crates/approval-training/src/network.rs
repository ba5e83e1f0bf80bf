//! The candle network: 10 inputs -> Linear(16) -> ReLU -> Linear(3) logits (SPEC §3.4),
//! with the parameter names and shapes of [`PARAMETERS`].
//!
//! Parameters are named like a PyTorch `nn.Sequential` export would be, without the
//! index: `fc1.weight` `[16, 10]`, `fc1.bias` `[16]`, `fc2.weight` `[3, 16]`,
//! `fc2.bias` `[3]`, all `f32`. Fresh networks are initialised from a seeded RNG with
//! PyTorch's `nn.Linear` scheme (Kaiming-uniform with `a = sqrt(5)`, which gives
//! weights and biases uniform in `±1/sqrt(fan_in)`), so training is reproducible.

use std::collections::HashMap;

use candle_core::{DType, Device, Module, Tensor, Var};
use candle_nn::Linear;
use rand::Rng;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use credit_pipeline::mlp::weights::{DenseWeights, HIDDEN, PARAMETERS};
use credit_pipeline::mlp::NUM_FEATURES;

use crate::TrainingError;

/// The approval network on candle tensors.
#[derive(Debug, Clone)]
pub struct ApprovalNet {
    fc1: Linear,
    fc2: Linear,
    params: [Tensor; 4],
}

impl ApprovalNet {
    /// A freshly initialised network and its trainable variables (in [`PARAMETERS`] order).
    ///
    /// ```
    /// use candle_core::Device;
    /// use approval_training::ApprovalNet;
    /// let (net, vars) = ApprovalNet::init(42, &Device::Cpu).unwrap();
    /// assert_eq!(vars.len(), 4);
    /// let (again, _) = ApprovalNet::init(42, &Device::Cpu).unwrap();
    /// assert_eq!(net.parameter_values().unwrap(), again.parameter_values().unwrap());
    /// ```
    pub fn init(seed: u64, device: &Device) -> Result<(Self, Vec<Var>), TrainingError> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut vars = Vec::with_capacity(PARAMETERS.len());
        // fan_in of a weight [out, in] is `in`; its bias shares the bound.
        for (name, shape) in PARAMETERS {
            let fan_in = if name.starts_with("fc1") {
                NUM_FEATURES
            } else {
                HIDDEN
            };
            let bound = 1.0 / (fan_in as f64).sqrt();
            let count: usize = shape.iter().product();
            let values: Vec<f32> = (0..count)
                .map(|_| rng.gen_range(-bound..bound) as f32)
                .collect();
            vars.push(Var::from_vec(values, shape, device)?);
        }
        let tensors: Vec<Tensor> = vars.iter().map(|v| v.as_tensor().clone()).collect();
        let net = Self::from_ordered(&tensors)?;
        Ok((net, vars))
    }

    /// Build from tensors given in [`PARAMETERS`] order, checking their shapes.
    fn from_ordered(tensors: &[Tensor]) -> Result<Self, TrainingError> {
        if tensors.len() != PARAMETERS.len() {
            return Err(TrainingError::BadWeights(format!(
                "expected {} tensors, found {}",
                PARAMETERS.len(),
                tensors.len()
            )));
        }
        for ((name, shape), t) in PARAMETERS.iter().zip(tensors) {
            if t.dims() != *shape {
                return Err(TrainingError::BadWeights(format!(
                    "{name}: expected shape {shape:?}, found {:?}",
                    t.dims()
                )));
            }
            if t.dtype() != DType::F32 {
                return Err(TrainingError::BadWeights(format!(
                    "{name}: expected f32, found {:?}",
                    t.dtype()
                )));
            }
        }
        let params = [
            tensors[0].clone(),
            tensors[1].clone(),
            tensors[2].clone(),
            tensors[3].clone(),
        ];
        Ok(Self {
            fc1: Linear::new(params[0].clone(), Some(params[1].clone())),
            fc2: Linear::new(params[2].clone(), Some(params[3].clone())),
            params,
        })
    }

    /// Build from named tensors (as loaded from safetensors).
    pub fn from_named(mut tensors: HashMap<String, Tensor>) -> Result<Self, TrainingError> {
        let mut ordered = Vec::with_capacity(PARAMETERS.len());
        for (name, _) in PARAMETERS {
            let t = tensors
                .remove(name)
                .ok_or_else(|| TrainingError::BadWeights(format!("missing tensor {name}")))?;
            ordered.push(t);
        }
        if let Some(extra) = tensors.keys().next() {
            return Err(TrainingError::BadWeights(format!(
                "unexpected tensor {extra}"
            )));
        }
        Self::from_ordered(&ordered)
    }

    /// The parameter tensors in [`PARAMETERS`] order.
    pub fn parameters(&self) -> &[Tensor; 4] {
        &self.params
    }

    /// The parameter values, flattened, in [`PARAMETERS`] order.
    pub fn parameter_values(&self) -> Result<Vec<Vec<f32>>, TrainingError> {
        self.parameters()
            .iter()
            .map(|t| Ok(t.flatten_all()?.to_vec1::<f32>()?))
            .collect()
    }

    /// Logits for a `[batch, 10]` input.
    pub fn forward(&self, xs: &Tensor) -> Result<Tensor, TrainingError> {
        let hidden = self.fc1.forward(xs)?.relu()?;
        Ok(self.fc2.forward(&hidden)?)
    }

    /// Class probabilities (softmax of the logits) for a `[batch, 10]` input.
    pub fn probabilities(&self, xs: &Tensor) -> Result<Tensor, TrainingError> {
        Ok(candle_nn::ops::softmax_last_dim(&self.forward(xs)?)?)
    }
}

impl ApprovalNet {
    /// The network as plain arrays, for the inference crate.
    pub fn to_dense(&self) -> Result<DenseWeights, TrainingError> {
        Ok(DenseWeights::from_parameters(&self.parameter_values()?)?)
    }

    /// A candle network holding `weights` (e.g. the shipped model).
    pub fn from_dense(weights: &DenseWeights) -> Result<Self, TrainingError> {
        let device = Device::Cpu;
        let tensors = PARAMETERS
            .iter()
            .zip(weights.parameters())
            .map(|((_, shape), values)| Ok(Tensor::from_vec(values, *shape, &device)?))
            .collect::<Result<Vec<Tensor>, TrainingError>>()?;
        Self::from_ordered(&tensors)
    }

    /// Class probabilities for many inputs through candle (one batched forward).
    pub fn probabilities_batch(
        &self,
        batch: &[credit_pipeline::mlp::ApprovalFeatures],
    ) -> Result<Vec<[f32; 3]>, TrainingError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let flat: Vec<f32> = batch.iter().flat_map(|f| f.0).collect();
        let xs = Tensor::from_vec(flat, (batch.len(), NUM_FEATURES), &Device::Cpu)?;
        let rows = self.probabilities(&xs)?.to_vec2::<f32>()?;
        Ok(rows.into_iter().map(|r| [r[0], r[1], r[2]]).collect())
    }
}

impl From<candle_core::Error> for TrainingError {
    fn from(err: candle_core::Error) -> Self {
        TrainingError::Candle(err.to_string())
    }
}
