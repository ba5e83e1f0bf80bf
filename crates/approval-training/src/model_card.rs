//! The JSON model card written next to the weights (`<name>.card.json`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use credit_pipeline::mlp::FEATURE_NAMES;

use crate::metrics::Evaluation;
use crate::TrainingError;

/// Where the training data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataProvenance {
    /// Generated with [`SyntheticGenerator`](super::synthetic::SyntheticGenerator).
    Synthetic {
        /// Generator seed.
        seed: u64,
    },
    /// Read from a JSONL file.
    File {
        /// The file's name (no directories, so cards do not leak local paths).
        file_name: String,
    },
}

/// Size of the data and its split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSummary {
    /// Origin of the samples.
    pub source: DataProvenance,
    /// Total number of samples.
    pub samples: usize,
    /// Samples used to train.
    pub train_samples: usize,
    /// Samples held out for evaluation.
    pub holdout_samples: usize,
    /// Samples per class: approved, pending_review, rejected.
    pub class_counts: [usize; 3],
}

/// Optimisation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Seed of split, initial weights and shuffles.
    pub seed: u64,
    /// Epochs run.
    pub epochs: usize,
    /// Batch size.
    pub batch_size: usize,
    /// Optimiser description.
    pub optimizer: String,
    /// Learning rate.
    pub learning_rate: f64,
    /// L2 weight decay.
    pub weight_decay: f64,
    /// Mean training cross-entropy of the last epoch.
    pub final_train_loss: f64,
}

/// Final metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardMetrics {
    /// Accuracy and confusion matrix on the held-out split.
    pub holdout: Evaluation,
    /// Agreement with the labelling rules on freshly generated samples, if measured.
    pub fresh_rule_agreement: Option<FreshAgreement>,
    /// Why the model should not be used (e.g. it predicts one class for
    /// everything); empty for a usable model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Agreement with the SPEC §3.4 rules on samples generated with another seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreshAgreement {
    /// Generator seed of the fresh samples.
    pub seed: u64,
    /// Accuracy and confusion matrix on them.
    pub evaluation: Evaluation,
}

/// The model card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    /// Model version (`approval-mlp-<hash of the weights>`).
    pub version: String,
    /// Architecture in words.
    pub architecture: String,
    /// Feature names, in input order.
    pub features: Vec<String>,
    /// Class names, in output order.
    pub classes: Vec<String>,
    /// Seed of the training run.
    pub seed: u64,
    /// Data used.
    pub data: DataSummary,
    /// Number of epochs.
    pub epochs: usize,
    /// Training settings.
    pub training: TrainingSummary,
    /// Metrics.
    pub metrics: CardMetrics,
    /// When the card was written (RFC 3339, UTC).
    pub created_at: String,
    /// Version of the crate that trained the model.
    pub trained_with: String,
}

impl ModelCard {
    /// Architecture description used in cards.
    pub const ARCHITECTURE: &'static str = "10 -> Linear(16) -> ReLU -> Linear(3), softmax";

    /// The standard feature names as owned strings.
    pub fn feature_names() -> Vec<String> {
        FEATURE_NAMES.iter().map(|s| s.to_string()).collect()
    }

    /// The card path for a weights path: `dir/name.safetensors` -> `dir/name.card.json`.
    ///
    /// ```
    /// use approval_training::ModelCard;
    /// use std::path::Path;
    /// assert_eq!(
    ///     ModelCard::path_for(Path::new("models/approval_mlp.safetensors")),
    ///     Path::new("models/approval_mlp.card.json")
    /// );
    /// ```
    pub fn path_for(weights: &Path) -> PathBuf {
        let stem = weights
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".into());
        weights.with_file_name(format!("{stem}.card.json"))
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> Result<String, TrainingError> {
        serde_json::to_string_pretty(self).map_err(|e| TrainingError::Json {
            what: "model card".into(),
            message: e.to_string(),
        })
    }

    /// Write the card as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), TrainingError> {
        let mut text = self.to_json()?;
        text.push('\n');
        crate::write_atomic(path, text.as_bytes())
    }

    /// Read a card.
    pub fn load(path: &Path) -> Result<Self, TrainingError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| TrainingError::io(format!("reading {}", path.display()), e))?;
        serde_json::from_str(&text).map_err(|e| TrainingError::Json {
            what: format!("model card {}", path.display()),
            message: e.to_string(),
        })
    }
}
