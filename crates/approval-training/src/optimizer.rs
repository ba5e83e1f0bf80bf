//! Adam with L2 weight decay, as `torch.optim.Adam(weight_decay=...)` does it.
//!
//! candle-nn's `AdamW` applies *decoupled* decay (it shrinks the weights directly).
//! SPEC §3.4 asks for Adam with weight decay, which in PyTorch means the decay term
//! `wd * param` is added to the gradient before the moment estimates:
//!
//! ```text
//! g  = grad + wd * param
//! m  = b1 * m + (1 - b1) * g
//! v  = b2 * v + (1 - b2) * g^2
//! param -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
//! ```

use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};

use crate::TrainingError;

/// Hyper-parameters of [`L2Adam`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamConfig {
    /// Learning rate.
    pub learning_rate: f64,
    /// L2 weight decay added to the gradient.
    pub weight_decay: f64,
    /// First-moment decay.
    pub beta1: f64,
    /// Second-moment decay.
    pub beta2: f64,
    /// Denominator epsilon.
    pub eps: f64,
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self {
            learning_rate: 1e-3,
            weight_decay: 1e-4,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

/// Adam over a fixed set of candle variables, with L2 (coupled) weight decay.
#[derive(Debug)]
pub struct L2Adam {
    config: AdamConfig,
    vars: Vec<Var>,
    m: Vec<Tensor>,
    v: Vec<Tensor>,
    step: i32,
}

impl L2Adam {
    /// An optimiser for `vars`, with zeroed moments.
    pub fn new(vars: Vec<Var>, config: AdamConfig) -> Result<Self, TrainingError> {
        let m = vars
            .iter()
            .map(|v| v.as_tensor().zeros_like())
            .collect::<Result<Vec<_>, _>>()?;
        let v = m.clone();
        Ok(Self {
            config,
            vars,
            m,
            v,
            step: 0,
        })
    }

    /// One update from the gradients of a backward pass.
    pub fn step(&mut self, grads: &GradStore) -> Result<(), TrainingError> {
        self.step += 1;
        let c = self.config;
        let bias1 = 1.0 - c.beta1.powi(self.step);
        let bias2 = 1.0 - c.beta2.powi(self.step);
        for ((var, m), v) in self.vars.iter().zip(&mut self.m).zip(&mut self.v) {
            let Some(grad) = grads.get(var.as_tensor()) else {
                continue;
            };
            let param = var.as_tensor().detach();
            let g = if c.weight_decay != 0.0 {
                (grad.detach() + param.affine(c.weight_decay, 0.0)?)?
            } else {
                grad.detach()
            };
            *m = (m.affine(c.beta1, 0.0)? + g.affine(1.0 - c.beta1, 0.0)?)?;
            *v = (v.affine(c.beta2, 0.0)? + g.sqr()?.affine(1.0 - c.beta2, 0.0)?)?;
            let m_hat = m.affine(1.0 / bias1, 0.0)?;
            let denom = v.affine(1.0 / bias2, 0.0)?.sqrt()?.affine(1.0, c.eps)?;
            let update = (m_hat / denom)?.affine(c.learning_rate, 0.0)?;
            var.set(&(param - update)?)?;
        }
        Ok(())
    }
}
