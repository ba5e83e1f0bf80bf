//! Training of the approval MLP (SPEC §3.4): Adam (lr 1e-3, L2 weight decay 1e-4),
//! cross-entropy, batch 64, 30 epochs, shuffled, seeded.
//!
//! Parameters are set on [`TrainParams`] and checked once by
//! [`TrainParams::check`] (as linfa does), which returns [`ValidTrainParams`].
//! Everything random — the train/held-out split, the initial weights, the order of
//! every epoch — comes from the seed, so the same seed on the same machine gives
//! bit-identical weights.

use candle_core::{Device, Tensor};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use credit_pipeline::mlp::{MlpApprovalModel, NUM_FEATURES};

use crate::dataset::{Dataset, LabeledSample};
use crate::metrics::{evaluate, Evaluation};
use crate::network::ApprovalNet;
use crate::optimizer::{AdamConfig, L2Adam};
use crate::TrainingError;

/// Salt mixed into the seed for the split/shuffle stream (the init uses the seed itself).
const SHUFFLE_SALT: u64 = 0x5eed_0f5b_u64;

/// Training hyper-parameters (unchecked). Defaults follow the paper / SPEC §3.4.
///
/// ```
/// use approval_training::TrainParams;
/// let p = TrainParams::default().epochs(5).batch_size(32).seed(7).check().unwrap();
/// assert_eq!(p.epochs(), 5);
/// assert!(TrainParams::default().learning_rate(-1.0).check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    seed: u64,
    epochs: usize,
    batch_size: usize,
    holdout_fraction: f64,
    adam: AdamParams,
}

/// Serializable mirror of the optimiser settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct AdamParams {
    learning_rate: f64,
    weight_decay: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
}

impl Default for TrainParams {
    fn default() -> Self {
        let a = AdamConfig::default();
        Self {
            seed: 42,
            epochs: 30,
            batch_size: 64,
            holdout_fraction: 0.2,
            adam: AdamParams {
                learning_rate: a.learning_rate,
                weight_decay: a.weight_decay,
                beta1: a.beta1,
                beta2: a.beta2,
                eps: a.eps,
            },
        }
    }
}

impl TrainParams {
    /// Seed of the split, the initial weights and the shuffles (default 42).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Passes over the training set (default 30).
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }
    /// Samples per gradient step (default 64).
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }
    /// Fraction of the data held out for evaluation (default 0.2).
    pub fn holdout_fraction(mut self, fraction: f64) -> Self {
        self.holdout_fraction = fraction;
        self
    }
    /// Adam learning rate (default 1e-3).
    pub fn learning_rate(mut self, lr: f64) -> Self {
        self.adam.learning_rate = lr;
        self
    }
    /// L2 weight decay added to the gradient (default 1e-4).
    pub fn weight_decay(mut self, wd: f64) -> Self {
        self.adam.weight_decay = wd;
        self
    }
    /// Adam moment decays (default 0.9, 0.999).
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.adam.beta1 = beta1;
        self.adam.beta2 = beta2;
        self
    }
    /// Adam epsilon (default 1e-8).
    pub fn eps(mut self, eps: f64) -> Self {
        self.adam.eps = eps;
        self
    }

    /// Validate every field; the error names the first bad one.
    pub fn check(self) -> Result<ValidTrainParams, TrainingError> {
        let bad = |field: &'static str, value: String, expected: &'static str| {
            Err(TrainingError::InvalidParam {
                field,
                value,
                expected,
            })
        };
        let a = self.adam;
        if self.epochs == 0 {
            return bad("epochs", self.epochs.to_string(), ">= 1");
        }
        if self.batch_size == 0 {
            return bad("batch_size", self.batch_size.to_string(), ">= 1");
        }
        if !(self.holdout_fraction > 0.0 && self.holdout_fraction < 1.0) {
            return bad(
                "holdout_fraction",
                self.holdout_fraction.to_string(),
                "in (0, 1)",
            );
        }
        if !(a.learning_rate.is_finite() && a.learning_rate > 0.0) {
            return bad("learning_rate", a.learning_rate.to_string(), "finite, > 0");
        }
        if !(a.weight_decay.is_finite() && a.weight_decay >= 0.0) {
            return bad("weight_decay", a.weight_decay.to_string(), "finite, >= 0");
        }
        if !(a.beta1 >= 0.0 && a.beta1 < 1.0) {
            return bad("beta1", a.beta1.to_string(), "in [0, 1)");
        }
        if !(a.beta2 >= 0.0 && a.beta2 < 1.0) {
            return bad("beta2", a.beta2.to_string(), "in [0, 1)");
        }
        if !(a.eps.is_finite() && a.eps > 0.0) {
            return bad("eps", a.eps.to_string(), "finite, > 0");
        }
        Ok(ValidTrainParams(self))
    }
}

/// Checked training parameters; [`ValidTrainParams::fit`] trains.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidTrainParams(TrainParams);

impl ValidTrainParams {
    /// Seed.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// Epochs.
    pub fn epochs(&self) -> usize {
        self.0.epochs
    }
    /// Batch size.
    pub fn batch_size(&self) -> usize {
        self.0.batch_size
    }
    /// Held-out fraction.
    pub fn holdout_fraction(&self) -> f64 {
        self.0.holdout_fraction
    }
    /// Optimiser settings.
    pub fn adam(&self) -> AdamConfig {
        let a = self.0.adam;
        AdamConfig {
            learning_rate: a.learning_rate,
            weight_decay: a.weight_decay,
            beta1: a.beta1,
            beta2: a.beta2,
            eps: a.eps,
        }
    }

    /// The parameters as (name, value) strings, for tracking.
    pub fn as_pairs(&self) -> Vec<(String, String)> {
        let a = self.adam();
        vec![
            ("seed".into(), self.seed().to_string()),
            ("epochs".into(), self.epochs().to_string()),
            ("batch_size".into(), self.batch_size().to_string()),
            (
                "holdout_fraction".into(),
                self.holdout_fraction().to_string(),
            ),
            ("optimizer".into(), "adam_l2".into()),
            ("learning_rate".into(), a.learning_rate.to_string()),
            ("weight_decay".into(), a.weight_decay.to_string()),
            ("beta1".into(), a.beta1.to_string()),
            ("beta2".into(), a.beta2.to_string()),
            ("eps".into(), a.eps.to_string()),
        ]
    }

    /// Train on `data`: a seeded split holds out [`holdout_fraction`](Self::holdout_fraction)
    /// of it, the rest trains; `on_epoch` is called after every epoch (an error
    /// from it stops training and is returned).
    ///
    /// ```
    /// use approval_training::{SyntheticGenerator, TrainParams};
    /// let data = SyntheticGenerator::new(1).dataset(400);
    /// let params = TrainParams::default().epochs(2).check().unwrap();
    /// let outcome = params.fit(&data, &mut |_| Ok(())).unwrap();
    /// assert_eq!(outcome.history.len(), 2);
    /// assert_eq!(outcome.train_samples + outcome.holdout.samples, 400);
    /// ```
    pub fn fit(
        &self,
        data: &Dataset,
        on_epoch: &mut dyn FnMut(&EpochReport) -> Result<(), TrainingError>,
    ) -> Result<TrainOutcome, TrainingError> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed() ^ SHUFFLE_SALT);
        let mut order: Vec<usize> = (0..data.len()).collect();
        order.shuffle(&mut rng);
        let holdout_len = (data.len() as f64 * self.holdout_fraction()).round() as usize;
        if holdout_len == 0 || holdout_len >= data.len() {
            return Err(TrainingError::NotEnoughData {
                samples: data.len(),
                holdout_fraction: self.holdout_fraction(),
            });
        }
        let (holdout_idx, train_idx) = order.split_at(holdout_len);
        let samples = data.samples();
        let holdout = Dataset::new(holdout_idx.iter().map(|&i| samples[i]).collect());
        let mut train: Vec<LabeledSample> = train_idx.iter().map(|&i| samples[i]).collect();

        let device = Device::Cpu;
        let (net, vars) = ApprovalNet::init(self.seed(), &device)?;
        let mut optimizer = L2Adam::new(vars, self.adam())?;
        let mut history = Vec::with_capacity(self.epochs());
        for epoch in 1..=self.epochs() {
            train.shuffle(&mut rng);
            let mut loss_sum = 0.0;
            for batch in train.chunks(self.batch_size()) {
                let (xs, ys) = batch_tensors(batch, &device)?;
                let logits = net.forward(&xs)?;
                let loss = candle_nn::loss::cross_entropy(&logits, &ys)?;
                let grads = loss.backward()?;
                optimizer.step(&grads)?;
                loss_sum += f64::from(loss.to_scalar::<f32>()?) * batch.len() as f64;
            }
            let train_loss = loss_sum / train.len() as f64;
            if !train_loss.is_finite() {
                return Err(TrainingError::Diverged { epoch });
            }
            let model = MlpApprovalModel::from_dense(net.to_dense()?);
            let eval = evaluate(&model, &holdout)?;
            let report = EpochReport {
                epoch,
                train_loss,
                holdout_accuracy: eval.accuracy,
            };
            on_epoch(&report)?;
            history.push(report);
        }
        let model = MlpApprovalModel::from_dense(net.to_dense()?);
        let holdout_eval = evaluate(&model, &holdout)?;
        Ok(TrainOutcome {
            model,
            history,
            train_samples: train.len(),
            holdout: holdout_eval,
        })
    }
}

fn batch_tensors(
    batch: &[LabeledSample],
    device: &Device,
) -> Result<(Tensor, Tensor), TrainingError> {
    let xs: Vec<f32> = batch.iter().flat_map(|s| s.features.0).collect();
    let ys: Vec<u32> = batch.iter().map(|s| s.label.index() as u32).collect();
    Ok((
        Tensor::from_vec(xs, (batch.len(), NUM_FEATURES), device)?,
        Tensor::from_vec(ys, batch.len(), device)?,
    ))
}

/// What happened in one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean cross-entropy over the training samples of this epoch.
    pub train_loss: f64,
    /// Held-out accuracy after this epoch.
    pub holdout_accuracy: f64,
}

/// The result of [`ValidTrainParams::fit`].
#[derive(Debug, Clone)]
pub struct TrainOutcome {
    /// The trained model.
    pub model: MlpApprovalModel,
    /// One report per epoch.
    pub history: Vec<EpochReport>,
    /// Number of training samples.
    pub train_samples: usize,
    /// Held-out accuracy and confusion matrix.
    pub holdout: Evaluation,
}
