//! [`LocalRunTracker`]: a run folder on the local file system.
//!
//! Under `<runs-dir>/<run-id>/`: `params.json` (all parameters), `metrics.jsonl`
//! (one line per step), `metrics.json` (final metrics), `status.json`, and a copy
//! of every artifact.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{RunTracker, TrackingError};

/// Writes a run folder on the local file system.
///
/// ```
/// use experiment_tracking::{LocalRunTracker, RunTracker};
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
    step_key: String,
    final_metrics: BTreeMap<String, f64>,
}

impl LocalRunTracker {
    /// Create `<runs_dir>/<run_id>/` (and its parents).
    pub fn create(runs_dir: &Path, run_id: &str) -> Result<Self, TrackingError> {
        let dir = runs_dir.join(run_id);
        std::fs::create_dir_all(&dir)
            .map_err(|e| TrackingError::io(format!("creating {}", dir.display()), e))?;
        Ok(Self {
            dir,
            run_id: run_id.to_string(),
            step_key: "step".to_string(),
            final_metrics: BTreeMap::new(),
        })
    }

    /// Name the step field of `metrics.jsonl` lines (default `step`; a training
    /// loop may prefer `epoch`).
    pub fn with_step_key(mut self, key: impl Into<String>) -> Self {
        self.step_key = key.into();
        self
    }

    /// The run folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The run id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    fn write_json(&self, name: &str, value: &impl serde::Serialize) -> Result<(), TrackingError> {
        let path = self.dir.join(name);
        let mut text = serde_json::to_string_pretty(value).map_err(|e| TrackingError::Json {
            what: name.to_string(),
            message: e.to_string(),
        })?;
        text.push('\n');
        atomic_file::write_atomic(&path, text.as_bytes())
            .map_err(|e| TrackingError::io(format!("writing {}", path.display()), e.into()))
    }
}

impl RunTracker for LocalRunTracker {
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), TrackingError> {
        let map: BTreeMap<&str, &str> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.write_json("params.json", &map)
    }

    fn log_step(&mut self, step: u64, metrics: &[(&str, f64)]) -> Result<(), TrackingError> {
        let path = self.dir.join("metrics.jsonl");
        let mut record = serde_json::Map::new();
        record.insert(self.step_key.clone(), step.into());
        for (k, v) in metrics {
            record.insert((*k).to_string(), serde_json::json!(v));
        }
        let line = serde_json::to_string(&record).map_err(|e| TrackingError::Json {
            what: "step metrics".into(),
            message: e.to_string(),
        })?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| TrackingError::io(format!("opening {}", path.display()), e))?;
        writeln!(file, "{line}")
            .map_err(|e| TrackingError::io(format!("writing {}", path.display()), e))
    }

    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), TrackingError> {
        for (k, v) in metrics {
            self.final_metrics.insert(k.clone(), *v);
        }
        self.write_json("metrics.json", &self.final_metrics)
    }

    fn log_artifact(&mut self, path: &Path) -> Result<(), TrackingError> {
        let name = path.file_name().ok_or_else(|| {
            TrackingError::io(
                format!("artifact {} has no file name", path.display()),
                std::io::Error::from(std::io::ErrorKind::InvalidInput),
            )
        })?;
        let dest = self.dir.join(name);
        std::fs::copy(path, &dest).map_err(|e| {
            TrackingError::io(
                format!("copying {} to {}", path.display(), dest.display()),
                e,
            )
        })?;
        Ok(())
    }

    fn finish(&mut self, success: bool) -> Result<(), TrackingError> {
        let status = if success { "finished" } else { "failed" };
        self.write_json(
            "status.json",
            &serde_json::json!({ "run_id": self.run_id, "status": status }),
        )
    }
}
