//! Experiment tracking: one narrow trait, a local run folder, and a fan-out.
//!
//! [`LocalRunTracker`] writes, under `<runs-dir>/<run-id>/`:
//! `params.json` (all parameters), `metrics.jsonl` (one line per epoch),
//! `metrics.json` (final metrics), and a copy of every artifact (weights, card).
//! [`MlflowTracker`](super::mlflow::MlflowTracker) sends the same to MLflow.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::train::EpochReport;
use super::MlpError;

/// Receives what a training run produces.
pub trait RunTracker {
    /// Record the run parameters (once, before training).
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), MlpError>;
    /// Record one epoch's metrics.
    fn log_epoch(&mut self, report: &EpochReport) -> Result<(), MlpError>;
    /// Record the final metrics.
    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), MlpError>;
    /// Store a file produced by the run.
    fn log_artifact(&mut self, path: &Path) -> Result<(), MlpError>;
    /// Close the run (`success` = the run completed).
    fn finish(&mut self, success: bool) -> Result<(), MlpError>;
}

/// A new run id: UTC time then 8 random hex digits, e.g. `20250101T120000Z-1a2b3c4d`.
pub fn new_run_id() -> String {
    let time = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{time}-{}", &random[..8])
}

/// Writes a run folder on the local file system.
///
/// ```
/// use credit_pipeline::mlp::tracking::{LocalRunTracker, RunTracker};
/// let dir = std::env::temp_dir().join(format!("credito-doc-{}", std::process::id()));
/// let mut run = LocalRunTracker::create(&dir, "doc-run").unwrap();
/// run.log_params(&[("epochs".into(), "3".into())]).unwrap();
/// run.finish(true).unwrap();
/// assert!(run.dir().join("params.json").exists());
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug)]
pub struct LocalRunTracker {
    dir: PathBuf,
    run_id: String,
    final_metrics: BTreeMap<String, f64>,
}

impl LocalRunTracker {
    /// Create `<runs_dir>/<run_id>/` (and its parents).
    pub fn create(runs_dir: &Path, run_id: &str) -> Result<Self, MlpError> {
        let dir = runs_dir.join(run_id);
        std::fs::create_dir_all(&dir)
            .map_err(|e| MlpError::io(format!("creating {}", dir.display()), e))?;
        Ok(Self {
            dir,
            run_id: run_id.to_string(),
            final_metrics: BTreeMap::new(),
        })
    }

    /// The run folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The run id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    fn write_json(&self, name: &str, value: &impl serde::Serialize) -> Result<(), MlpError> {
        let path = self.dir.join(name);
        let mut text = serde_json::to_string_pretty(value).map_err(|e| MlpError::Json {
            what: name.to_string(),
            message: e.to_string(),
        })?;
        text.push('\n');
        std::fs::write(&path, text)
            .map_err(|e| MlpError::io(format!("writing {}", path.display()), e))
    }
}

impl RunTracker for LocalRunTracker {
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), MlpError> {
        let map: BTreeMap<&str, &str> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.write_json("params.json", &map)
    }

    fn log_epoch(&mut self, report: &EpochReport) -> Result<(), MlpError> {
        let path = self.dir.join("metrics.jsonl");
        let line = serde_json::to_string(report).map_err(|e| MlpError::Json {
            what: "epoch metrics".into(),
            message: e.to_string(),
        })?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| MlpError::io(format!("opening {}", path.display()), e))?;
        writeln!(file, "{line}").map_err(|e| MlpError::io(format!("writing {}", path.display()), e))
    }

    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), MlpError> {
        for (k, v) in metrics {
            self.final_metrics.insert(k.clone(), *v);
        }
        self.write_json("metrics.json", &self.final_metrics)
    }

    fn log_artifact(&mut self, path: &Path) -> Result<(), MlpError> {
        let name = path.file_name().ok_or_else(|| {
            MlpError::io(
                format!("artifact {} has no file name", path.display()),
                std::io::Error::from(std::io::ErrorKind::InvalidInput),
            )
        })?;
        let dest = self.dir.join(name);
        std::fs::copy(path, &dest).map_err(|e| {
            MlpError::io(
                format!("copying {} to {}", path.display(), dest.display()),
                e,
            )
        })?;
        Ok(())
    }

    fn finish(&mut self, success: bool) -> Result<(), MlpError> {
        let status = if success { "finished" } else { "failed" };
        self.write_json(
            "status.json",
            &serde_json::json!({ "run_id": self.run_id, "status": status }),
        )
    }
}

/// Sends everything to several trackers in order; the first error wins.
#[derive(Default)]
pub struct FanOut<'a> {
    trackers: Vec<&'a mut dyn RunTracker>,
}

impl<'a> FanOut<'a> {
    /// An empty fan-out.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a tracker.
    pub fn push(&mut self, tracker: &'a mut dyn RunTracker) {
        self.trackers.push(tracker);
    }
}

impl RunTracker for FanOut<'_> {
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), MlpError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_params(params))
    }
    fn log_epoch(&mut self, report: &EpochReport) -> Result<(), MlpError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_epoch(report))
    }
    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), MlpError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_metrics(metrics))
    }
    fn log_artifact(&mut self, path: &Path) -> Result<(), MlpError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_artifact(path))
    }
    fn finish(&mut self, success: bool) -> Result<(), MlpError> {
        self.trackers.iter_mut().try_for_each(|t| t.finish(success))
    }
}
