//! [`TrainingJob`]: data -> training -> weights + card -> tracking, in one call.
//!
//! This is what `credito train` runs. Every job writes a local run folder
//! ([`LocalRunTracker`]); with an [`MlflowConfig`] it also logs to MLflow.

use std::path::{Path, PathBuf};

use credit_pipeline::mlp::Decision;
use experiment_tracking::{
    new_run_id, FanOut, LocalRunTracker, MlflowConfig, MlflowTracker, RunTracker,
};

use crate::dataset::Dataset;
use crate::metrics::evaluate;
use crate::model_card::{
    CardMetrics, DataProvenance, DataSummary, FreshAgreement, ModelCard, TrainingSummary,
};
use crate::synthetic::SyntheticGenerator;
use crate::train::{EpochReport, TrainOutcome, ValidTrainParams};
use crate::TrainingError;

/// File name of the weights in the run folder when no output is given.
pub const DEFAULT_WEIGHTS_FILE: &str = "approval_mlp.safetensors";

/// Default number of fresh samples the trained model is checked on.
pub const FRESH_CHECK_SAMPLES: usize = 20_000;
/// Mixed into the data seed to get the seed of the fresh check samples.
pub const FRESH_SEED_SALT: u64 = 0xF4E5_C4EC_0000_0001;

/// Where the training samples come from.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSource {
    /// Generate `samples` synthetic samples with `seed`.
    Synthetic {
        /// Number of samples.
        samples: usize,
        /// Generator seed.
        seed: u64,
    },
    /// Read every line of a JSONL file.
    File(PathBuf),
}

/// A complete training job.
#[derive(Debug, Clone)]
pub struct TrainingJob {
    /// Training data.
    pub data: DataSource,
    /// Checked hyper-parameters.
    pub params: ValidTrainParams,
    /// Weights file to write (the card goes next to it, [`ModelCard::path_for`]);
    /// `None` writes `approval_mlp.safetensors` in the run folder.
    pub weights_out: Option<PathBuf>,
    /// Replace an existing weights file or card (otherwise the job refuses
    /// before training).
    pub overwrite: bool,
    /// Parent of the run folders.
    pub runs_dir: PathBuf,
    /// Also log to MLflow.
    pub mlflow: Option<MlflowConfig>,
    /// Number of freshly generated samples to measure rule agreement on (0 = skip).
    pub fresh_check_samples: usize,
}

/// What a job produced.
#[derive(Debug, Clone)]
pub struct JobReport {
    /// Model, history and held-out evaluation.
    pub outcome: TrainOutcome,
    /// The card written.
    pub card: ModelCard,
    /// Weights path.
    pub weights_path: PathBuf,
    /// Card path.
    pub card_path: PathBuf,
    /// Local run id.
    pub run_id: String,
    /// Local run folder.
    pub run_dir: PathBuf,
    /// MLflow run id, when logged to MLflow.
    pub mlflow_run_id: Option<String>,
}

impl TrainingJob {
    /// A job with the given data and parameters writing its run folder under
    /// `runs/` (weights and card inside it), no MLflow, and a 20 000-sample
    /// fresh check.
    pub fn new(data: DataSource, params: ValidTrainParams) -> Self {
        Self {
            data,
            params,
            weights_out: None,
            overwrite: false,
            runs_dir: PathBuf::from("runs"),
            mlflow: None,
            fresh_check_samples: FRESH_CHECK_SAMPLES,
        }
    }

    /// Run the job. `on_epoch` sees every epoch (e.g. for progress output).
    ///
    /// ```
    /// use approval_training::{DataSource, TrainingJob};
    /// use approval_training::TrainParams;
    /// let dir = std::env::temp_dir().join(format!("credito-job-doc-{}", std::process::id()));
    /// let mut job = TrainingJob::new(
    ///     DataSource::Synthetic { samples: 300, seed: 3 },
    ///     TrainParams::default().epochs(1).check().unwrap(),
    /// );
    /// job.weights_out = Some(dir.join("m.safetensors"));
    /// job.runs_dir = dir.join("runs");
    /// job.fresh_check_samples = 100;
    /// let report = job.run(&mut |_| {}).unwrap();
    /// assert!(report.card_path.exists());
    /// assert!(report.run_dir.join("metrics.jsonl").exists());
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn run(&self, on_epoch: &mut dyn FnMut(&EpochReport)) -> Result<JobReport, TrainingError> {
        if let Some(out) = &self.weights_out {
            self.refuse_existing(out)?;
        }
        let (data, source) = self.load_data()?;
        let run_id = new_run_id();
        let mut local = LocalRunTracker::create(&self.runs_dir, &run_id)?.with_step_key("epoch");
        let weights_out = self
            .weights_out
            .clone()
            .unwrap_or_else(|| local.dir().join(DEFAULT_WEIGHTS_FILE));
        let mut remote = match &self.mlflow {
            Some(config) => Some(MlflowTracker::start(config.clone(), &run_id)?),
            None => None,
        };
        let mlflow_run_id = remote.as_ref().map(|r| r.run_id().to_string());
        let mut trackers = FanOut::new();
        trackers.push(&mut local);
        if let Some(remote) = remote.as_mut() {
            trackers.push(remote);
        }
        let result = self.train_and_log(&data, source, &weights_out, &mut trackers, on_epoch);
        match result {
            Ok((outcome, card, card_path)) => {
                trackers.finish(true)?;
                Ok(JobReport {
                    outcome,
                    card,
                    weights_path: weights_out,
                    card_path,
                    run_dir: local.dir().to_path_buf(),
                    run_id,
                    mlflow_run_id,
                })
            }
            Err(err) => {
                // Best effort: the training error is the one to report.
                let _ = trackers.finish(false);
                Err(err)
            }
        }
    }

    /// Fail before any work when the weights or the card exist and
    /// overwriting was not asked for.
    fn refuse_existing(&self, weights: &Path) -> Result<(), TrainingError> {
        if self.overwrite {
            return Ok(());
        }
        for path in [weights.to_path_buf(), ModelCard::path_for(weights)] {
            if path.exists() {
                return Err(TrainingError::WouldOverwrite { path });
            }
        }
        Ok(())
    }

    fn load_data(&self) -> Result<(Dataset, DataProvenance), TrainingError> {
        match &self.data {
            DataSource::Synthetic { samples, seed } => Ok((
                SyntheticGenerator::new(*seed).dataset(*samples),
                DataProvenance::Synthetic { seed: *seed },
            )),
            DataSource::File(path) => Ok((
                Dataset::read_jsonl_file(path)?,
                DataProvenance::File {
                    file_name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                },
            )),
        }
    }

    fn train_and_log(
        &self,
        data: &Dataset,
        source: DataProvenance,
        weights_out: &Path,
        trackers: &mut dyn RunTracker,
        on_epoch: &mut dyn FnMut(&EpochReport),
    ) -> Result<(TrainOutcome, ModelCard, PathBuf), TrainingError> {
        let mut params = self.params.as_pairs();
        params.push(("data_samples".into(), data.len().to_string()));
        match &source {
            DataProvenance::Synthetic { seed } => {
                params.push(("data_source".into(), "synthetic".into()));
                params.push(("data_seed".into(), seed.to_string()));
            }
            DataProvenance::File { file_name } => {
                params.push(("data_source".into(), "file".into()));
                params.push(("data_file".into(), file_name.clone()));
            }
        }
        trackers.log_params(&params)?;

        let outcome = self.params.fit(data, &mut |report| {
            on_epoch(report);
            let metrics = [
                ("train_loss", report.train_loss),
                ("holdout_accuracy", report.holdout_accuracy),
            ];
            Ok(trackers.log_step(report.epoch as u64, &metrics)?)
        })?;

        let fresh = if self.fresh_check_samples > 0 {
            let seed = match &source {
                DataProvenance::Synthetic { seed } => *seed,
                DataProvenance::File { .. } => self.params.seed(),
            } ^ FRESH_SEED_SALT;
            let fresh_data = SyntheticGenerator::new(seed).dataset(self.fresh_check_samples);
            Some(FreshAgreement {
                seed,
                evaluation: evaluate(&outcome.model, &fresh_data)?,
            })
        } else {
            None
        };

        if let Some(parent) = weights_out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| TrainingError::io(format!("creating {}", parent.display()), e))?;
        }
        // Checked again just before writing: another process may have created it.
        self.refuse_existing(weights_out)?;
        crate::write_atomic(weights_out, &outcome.model.to_bytes()?)?;
        let card = self.card(data, source, &outcome, fresh);
        let card_path = ModelCard::path_for(weights_out);
        card.save(&card_path)?;

        let mut metrics = vec![
            ("holdout_accuracy".to_string(), outcome.holdout.accuracy),
            (
                "holdout_samples".to_string(),
                outcome.holdout.samples as f64,
            ),
        ];
        if let Some(last) = outcome.history.last() {
            metrics.push(("final_train_loss".to_string(), last.train_loss));
        }
        if let Some(f) = &card.metrics.fresh_rule_agreement {
            metrics.push(("fresh_rule_agreement".to_string(), f.evaluation.accuracy));
        }
        trackers.log_metrics(&metrics)?;
        trackers.log_artifact(weights_out)?;
        trackers.log_artifact(&card_path)?;
        Ok((outcome, card, card_path))
    }

    fn card(
        &self,
        data: &Dataset,
        source: DataProvenance,
        outcome: &TrainOutcome,
        fresh: Option<FreshAgreement>,
    ) -> ModelCard {
        let p = &self.params;
        let adam = p.adam();
        ModelCard {
            version: outcome.model.version().to_string(),
            architecture: ModelCard::ARCHITECTURE.to_string(),
            features: ModelCard::feature_names(),
            classes: Decision::ALL
                .iter()
                .map(|d| d.as_str().to_string())
                .collect(),
            seed: p.seed(),
            data: DataSummary {
                source,
                samples: data.len(),
                train_samples: outcome.train_samples,
                holdout_samples: outcome.holdout.samples,
                class_counts: data.class_counts(),
            },
            epochs: p.epochs(),
            training: TrainingSummary {
                seed: p.seed(),
                epochs: p.epochs(),
                batch_size: p.batch_size(),
                optimizer: "adam with L2 weight decay added to the gradient (torch.optim.Adam)"
                    .into(),
                learning_rate: adam.learning_rate,
                weight_decay: adam.weight_decay,
                final_train_loss: outcome.history.last().map_or(f64::NAN, |r| r.train_loss),
            },
            metrics: CardMetrics {
                holdout: outcome.holdout,
                fresh_rule_agreement: fresh,
                warnings: outcome.holdout.confusion_matrix.degeneracy_warnings(),
            },
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            trained_with: format!("credit-pipeline {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Convenience for callers holding a path: the card path for `weights`.
pub fn card_path(weights: &Path) -> PathBuf {
    ModelCard::path_for(weights)
}
