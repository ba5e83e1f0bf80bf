//! # experiment-tracking
//!
//! Record what a training run produces — parameters, per-step metrics, final
//! metrics, artifacts, status — behind one narrow trait, [`RunTracker`], with:
//!
//! - [`LocalRunTracker`]: a run folder on disk (`params.json`, `metrics.jsonl`,
//!   `metrics.json`, `status.json`, copies of the artifacts);
//! - [`MlflowTracker`] (feature `mlflow`, on by default): the same sent to an
//!   MLflow tracking server over its REST API (blocking HTTP, rustls);
//! - [`FanOut`]: one run sent to several trackers.
//!
//! ```
//! use experiment_tracking::{new_run_id, LocalRunTracker, RunTracker};
//!
//! let runs = std::env::temp_dir().join(format!("tracking-doc-{}", std::process::id()));
//! let mut run = LocalRunTracker::create(&runs, &new_run_id())?;
//! run.log_params(&[("epochs".into(), "2".into())])?;
//! run.log_step(1, &[("loss", 0.9)])?;
//! run.log_step(2, &[("loss", 0.4)])?;
//! run.log_metrics(&[("accuracy".into(), 0.97)])?;
//! run.finish(true)?;
//! let lines = std::fs::read_to_string(run.dir().join("metrics.jsonl"))?;
//! assert_eq!(lines.lines().count(), 2);
//! std::fs::remove_dir_all(&runs)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod fanout;
mod local;
#[cfg(feature = "mlflow")]
mod mlflow;

use std::path::Path;

pub use fanout::FanOut;
pub use local::LocalRunTracker;
#[cfg(feature = "mlflow")]
pub use mlflow::{
    MlflowAuth, MlflowConfig, MlflowTracker, DEFAULT_EXPERIMENT, EXPERIMENT_ENV, TRACKING_URI_ENV,
};

/// Receives what a training run produces.
pub trait RunTracker {
    /// Record the run parameters (once, before training).
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), TrackingError>;
    /// Record the metrics of one step (e.g. one epoch), numbered from 1.
    fn log_step(&mut self, step: u64, metrics: &[(&str, f64)]) -> Result<(), TrackingError>;
    /// Record the final metrics.
    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), TrackingError>;
    /// Store a file produced by the run.
    fn log_artifact(&mut self, path: &Path) -> Result<(), TrackingError>;
    /// Close the run (`success` = the run completed).
    fn finish(&mut self, success: bool) -> Result<(), TrackingError>;
}

impl<T: RunTracker + ?Sized> RunTracker for Box<T> {
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), TrackingError> {
        (**self).log_params(params)
    }
    fn log_step(&mut self, step: u64, metrics: &[(&str, f64)]) -> Result<(), TrackingError> {
        (**self).log_step(step, metrics)
    }
    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), TrackingError> {
        (**self).log_metrics(metrics)
    }
    fn log_artifact(&mut self, path: &Path) -> Result<(), TrackingError> {
        (**self).log_artifact(path)
    }
    fn finish(&mut self, success: bool) -> Result<(), TrackingError> {
        (**self).finish(success)
    }
}

/// Errors of recording a run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrackingError {
    /// A file-system operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON document could not be written.
    #[error("{what}: {message}")]
    Json {
        /// The document.
        what: String,
        /// The serialiser's message.
        message: String,
    },
    /// The MLflow tracking server refused a call or could not be reached.
    #[error("mlflow {endpoint}: {message}")]
    Mlflow {
        /// The REST endpoint called.
        endpoint: String,
        /// What went wrong (never holds credentials).
        message: String,
    },
}

impl TrackingError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        TrackingError::Io {
            context: context.into(),
            source,
        }
    }
}

/// A new run id: UTC time then 8 random hex digits, e.g. `20250101T120000Z-1a2b3c4d`.
pub fn new_run_id() -> String {
    let time = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{time}-{}", &random[..8])
}
