//! [`MlflowTracker`]: logs a training run to an MLflow tracking server over its REST API.
//!
//! Calls used (MLflow 2.x / 3.x): `experiments/get-by-name` and `experiments/create`,
//! `runs/create`, `runs/log-batch` (params; metrics with their step), `runs/update`
//! (`FINISHED` / `FAILED`), and artifact upload through the server's artifact proxy,
//! `PUT {uri}/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<file>`
//! (the default of `mlflow server`, which serves artifacts).
//!
//! Credentials come only from the environment (`MLFLOW_TRACKING_TOKEN`, or
//! `MLFLOW_TRACKING_USERNAME` + `MLFLOW_TRACKING_PASSWORD`) and are never printed:
//! [`MlflowConfig`]'s `Debug` redacts them.

use std::path::Path;
use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};
use serde_json::{json, Value};

use crate::{RunTracker, TrackingError};

/// Environment variable holding the tracking server URI.
pub const TRACKING_URI_ENV: &str = "MLFLOW_TRACKING_URI";
/// Environment variable naming the experiment (default [`DEFAULT_EXPERIMENT`]).
pub const EXPERIMENT_ENV: &str = "MLFLOW_EXPERIMENT_NAME";
/// Experiment used when none is named.
pub const DEFAULT_EXPERIMENT: &str = "credito-approval-mlp";
/// MLflow accepts at most this many params per `log-batch`.
const MAX_PARAMS_PER_BATCH: usize = 100;

/// How to authenticate.
#[derive(Clone, PartialEq, Eq)]
pub enum MlflowAuth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// HTTP basic auth.
    Basic {
        /// User name.
        username: String,
        /// Password (never printed).
        password: String,
    },
}

impl std::fmt::Debug for MlflowAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MlflowAuth::None => f.write_str("None"),
            MlflowAuth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            MlflowAuth::Basic { username, .. } => {
                write!(
                    f,
                    "Basic {{ username: {username:?}, password: <redacted> }}"
                )
            }
        }
    }
}

/// Where and how to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MlflowConfig {
    /// Server base URI, e.g. `http://127.0.0.1:5000` (no trailing slash needed).
    pub tracking_uri: String,
    /// Experiment name; created when missing.
    pub experiment_name: String,
    /// Credentials.
    pub auth: MlflowAuth,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The `mlflow.source.name` tag of the runs (the program that logs them).
    pub source_name: String,
}

impl MlflowConfig {
    /// A config for `tracking_uri` with the default experiment and no credentials.
    ///
    /// ```
    /// use experiment_tracking::MlflowConfig;
    /// let c = MlflowConfig::new("http://127.0.0.1:5000/");
    /// assert_eq!(c.tracking_uri, "http://127.0.0.1:5000");
    /// assert_eq!(c.experiment_name, "credito-approval-mlp");
    /// ```
    pub fn new(tracking_uri: impl Into<String>) -> Self {
        Self {
            tracking_uri: tracking_uri.into().trim_end_matches('/').to_string(),
            experiment_name: DEFAULT_EXPERIMENT.to_string(),
            auth: MlflowAuth::None,
            timeout: Duration::from_secs(30),
            source_name: "credito train".to_string(),
        }
    }

    /// Use another experiment.
    pub fn experiment(mut self, name: impl Into<String>) -> Self {
        self.experiment_name = name.into();
        self
    }

    /// From `MLFLOW_TRACKING_URI` (None when unset or empty), `MLFLOW_EXPERIMENT_NAME`
    /// and the credential variables.
    pub fn from_env() -> Option<Self> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let uri = var(TRACKING_URI_ENV)?;
        let mut config = Self::new(uri);
        if let Some(name) = var(EXPERIMENT_ENV) {
            config.experiment_name = name;
        }
        config.auth = match (
            var("MLFLOW_TRACKING_TOKEN"),
            var("MLFLOW_TRACKING_USERNAME"),
            var("MLFLOW_TRACKING_PASSWORD"),
        ) {
            (Some(token), _, _) => MlflowAuth::Bearer(token),
            (None, Some(username), Some(password)) => MlflowAuth::Basic { username, password },
            _ => MlflowAuth::None,
        };
        Some(config)
    }
}

/// A run on an MLflow server; implements [`RunTracker`].
#[derive(Debug)]
pub struct MlflowTracker {
    client: Client,
    config: MlflowConfig,
    experiment_id: String,
    run_id: String,
    /// Artifact path of the run relative to the server's artifact root.
    artifact_path: Option<String>,
}

impl MlflowTracker {
    /// Find or create the experiment and start a run named `run_name`.
    pub fn start(config: MlflowConfig, run_name: &str) -> Result<Self, TrackingError> {
        if !(config.tracking_uri.starts_with("http://")
            || config.tracking_uri.starts_with("https://"))
        {
            return Err(TrackingError::Mlflow {
                endpoint: "config".into(),
                message: format!(
                    "{TRACKING_URI_ENV} must be an http(s) URI, found {:?}",
                    config.tracking_uri
                ),
            });
        }
        let client = Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| TrackingError::Mlflow {
                endpoint: "client".into(),
                message: e.to_string(),
            })?;
        let mut tracker = Self {
            client,
            config,
            experiment_id: String::new(),
            run_id: String::new(),
            artifact_path: None,
        };
        tracker.experiment_id = tracker.experiment_id()?;
        let created = tracker.post(
            "runs/create",
            &json!({
                "experiment_id": tracker.experiment_id,
                "run_name": run_name,
                "start_time": now_ms(),
                "tags": [
                    {"key": "mlflow.runName", "value": run_name},
                    {"key": "mlflow.source.name", "value": tracker.config.source_name},
                ],
            }),
        )?;
        let info = &created["run"]["info"];
        tracker.run_id = string_field(info, "run_id", "runs/create")?;
        tracker.artifact_path = info["artifact_uri"]
            .as_str()
            .and_then(proxied_artifact_path);
        Ok(tracker)
    }

    /// The MLflow run id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The MLflow experiment id.
    pub fn experiment_id_str(&self) -> &str {
        &self.experiment_id
    }

    fn experiment_id(&self) -> Result<String, TrackingError> {
        let endpoint = "experiments/get-by-name";
        let url = reqwest::Url::parse_with_params(
            &self.url(endpoint),
            [("experiment_name", self.config.experiment_name.as_str())],
        )
        .map_err(|e| TrackingError::Mlflow {
            endpoint: endpoint.into(),
            message: format!("bad tracking URI: {e}"),
        })?;
        let response = self
            .authorise(self.client.get(url))
            .send()
            .map_err(|e| transport(endpoint, e))?;
        let status = response.status();
        let body: Value = response.json().unwrap_or(Value::Null);
        if status.is_success() {
            return string_field(&body["experiment"], "experiment_id", endpoint);
        }
        if body["error_code"] != "RESOURCE_DOES_NOT_EXIST" {
            return Err(server_error(endpoint, status.as_u16(), &body));
        }
        let created = self.post(
            "experiments/create",
            &json!({ "name": self.config.experiment_name }),
        )?;
        string_field(&created, "experiment_id", "experiments/create")
    }

    fn url(&self, endpoint: &str) -> String {
        format!("{}/api/2.0/mlflow/{endpoint}", self.config.tracking_uri)
    }

    fn authorise(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.config.auth {
            MlflowAuth::None => request,
            MlflowAuth::Bearer(token) => request.bearer_auth(token),
            MlflowAuth::Basic { username, password } => {
                request.basic_auth(username, Some(password))
            }
        }
    }

    fn post(&self, endpoint: &str, body: &Value) -> Result<Value, TrackingError> {
        let response = self
            .authorise(self.client.post(self.url(endpoint)))
            .json(body)
            .send()
            .map_err(|e| transport(endpoint, e))?;
        let status = response.status();
        let body: Value = response.json().unwrap_or(Value::Null);
        if status.is_success() {
            Ok(body)
        } else {
            Err(server_error(endpoint, status.as_u16(), &body))
        }
    }

    fn log_batch(
        &self,
        params: &[(String, String)],
        metrics: Vec<Value>,
    ) -> Result<(), TrackingError> {
        let params: Vec<Value> = params
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        self.post(
            "runs/log-batch",
            &json!({"run_id": self.run_id, "params": params, "metrics": metrics}),
        )
        .map(|_| ())
    }
}

impl RunTracker for MlflowTracker {
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), TrackingError> {
        params
            .chunks(MAX_PARAMS_PER_BATCH)
            .try_for_each(|chunk| self.log_batch(chunk, Vec::new()))
    }

    fn log_step(&mut self, step: u64, metrics: &[(&str, f64)]) -> Result<(), TrackingError> {
        let time = now_ms();
        let metrics = metrics
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(k, v)| json!({"key": k, "value": v, "timestamp": time, "step": step}))
            .collect();
        self.log_batch(&[], metrics)
    }

    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), TrackingError> {
        let time = now_ms();
        let metrics = metrics
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(k, v)| json!({"key": k, "value": v, "timestamp": time, "step": 0}))
            .collect();
        self.log_batch(&[], metrics)
    }

    fn log_artifact(&mut self, path: &Path) -> Result<(), TrackingError> {
        let endpoint = "mlflow-artifacts/artifacts";
        let root = self
            .artifact_path
            .as_ref()
            .ok_or_else(|| TrackingError::Mlflow {
                endpoint: endpoint.into(),
                message: "the run's artifact store is not served by the tracking server \
                      (start `mlflow server` with artifact serving enabled)"
                    .into(),
            })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| TrackingError::Mlflow {
                endpoint: endpoint.into(),
                message: format!("artifact {} has no file name", path.display()),
            })?;
        let bytes = std::fs::read(path)
            .map_err(|e| TrackingError::io(format!("reading {}", path.display()), e))?;
        let url = format!(
            "{}/api/2.0/mlflow-artifacts/artifacts/{root}/{name}",
            self.config.tracking_uri
        );
        let response = self
            .authorise(self.client.put(url))
            .body(bytes)
            .send()
            .map_err(|e| transport(endpoint, e))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            let body: Value = response.json().unwrap_or(Value::Null);
            Err(server_error(endpoint, status.as_u16(), &body))
        }
    }

    fn finish(&mut self, success: bool) -> Result<(), TrackingError> {
        let status = if success { "FINISHED" } else { "FAILED" };
        self.post(
            "runs/update",
            &json!({"run_id": self.run_id, "status": status, "end_time": now_ms()}),
        )
        .map(|_| ())
    }
}

/// `mlflow-artifacts:/1/abc/artifacts` (or `mlflow-artifacts://host/1/abc/artifacts`)
/// -> `1/abc/artifacts`; other schemes are not served over HTTP.
fn proxied_artifact_path(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("mlflow-artifacts:")?;
    let rest = match rest.strip_prefix("//") {
        Some(with_authority) => with_authority.split_once('/').map(|(_, p)| p)?,
        None => rest,
    };
    let path = rest.trim_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn string_field(value: &Value, field: &str, endpoint: &str) -> Result<String, TrackingError> {
    value[field]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| TrackingError::Mlflow {
            endpoint: endpoint.into(),
            message: format!("response has no string field {field:?}"),
        })
}

fn transport(endpoint: &str, err: reqwest::Error) -> TrackingError {
    // reqwest errors carry the URL, which never holds credentials here.
    TrackingError::Mlflow {
        endpoint: endpoint.into(),
        message: err.to_string(),
    }
}

fn server_error(endpoint: &str, status: u16, body: &Value) -> TrackingError {
    let code = body["error_code"].as_str().unwrap_or("unknown");
    let message = body["message"].as_str().unwrap_or("");
    TrackingError::Mlflow {
        endpoint: endpoint.into(),
        message: format!("HTTP {status} {code}: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::proxied_artifact_path;

    #[test]
    fn artifact_paths() {
        assert_eq!(
            proxied_artifact_path("mlflow-artifacts:/1/abc/artifacts").as_deref(),
            Some("1/abc/artifacts")
        );
        assert_eq!(
            proxied_artifact_path("mlflow-artifacts://h:5000/2/x/artifacts").as_deref(),
            Some("2/x/artifacts")
        );
        assert_eq!(proxied_artifact_path("/tmp/mlruns/1/abc/artifacts"), None);
    }
}
