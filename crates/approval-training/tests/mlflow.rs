//! Tracking against a real MLflow server (`mlflow server`, started here).
//!
//! Without an `mlflow` executable the test is skipped with a notice, unless `CI=true`,
//! where it fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use approval_training::TrainParams;
use approval_training::{DataSource, TrainingJob};
use experiment_tracking::MlflowConfig;
use serde_json::Value;

/// Kills the server (and its workers) when dropped, even if the test panics.
struct ServerGuard {
    child: Child,
    dir: PathBuf,
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        // The server was started in its own process group: end the whole group.
        let pid = self.child.id();
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{pid}"))
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn find_mlflow() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("mlflow"))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(mlflow: &Path) -> (ServerGuard, String) {
    let dir = std::env::temp_dir().join(format!("credito-mlflow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let mut command = Command::new(mlflow);
    command
        .args([
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--workers",
            "1",
        ])
        .arg("--backend-store-uri")
        .arg(format!("sqlite:///{}", dir.join("mlflow.db").display()))
        .arg("--artifacts-destination")
        .arg(dir.join("artifacts"))
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let child = command.spawn().expect("start mlflow server");
    let guard = ServerGuard { child, dir };
    let uri = format!("http://127.0.0.1:{port}");
    let client = reqwest::blocking::Client::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(r) = client.get(format!("{uri}/health")).send() {
            if r.status().is_success() {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "mlflow server did not answer; log:\n{}",
            std::fs::read_to_string(guard.dir.join("server.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    (guard, uri)
}

fn get(uri: &str, endpoint: &str, query: &[(&str, &str)]) -> Value {
    let url = reqwest::Url::parse_with_params(&format!("{uri}/api/2.0/mlflow/{endpoint}"), query)
        .unwrap();
    let response = reqwest::blocking::get(url).unwrap();
    assert!(
        response.status().is_success(),
        "{endpoint}: {}",
        response.status()
    );
    response.json().unwrap()
}

#[test]
fn training_run_is_logged_to_a_real_mlflow_server() {
    let Some(mlflow) = find_mlflow() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the mlflow executable is required when CI=true (pip install mlflow)");
        }
        eprintln!("SKIPPED: no `mlflow` executable on PATH (pip install mlflow to run this test)");
        return;
    };
    let (guard, uri) = start_server(&mlflow);

    let mut job = TrainingJob::new(
        DataSource::Synthetic {
            samples: 1500,
            seed: 8,
        },
        TrainParams::default().epochs(3).seed(8).check().unwrap(),
    );
    job.weights_out = Some(guard.dir.join("out/approval.safetensors"));
    job.runs_dir = guard.dir.join("runs");
    job.fresh_check_samples = 500;
    job.mlflow = Some(MlflowConfig::new(uri.clone()).experiment("credito-test"));
    let report = job.run(&mut |_| {}).unwrap();
    let run_id = report.mlflow_run_id.clone().expect("an MLflow run id");

    // The experiment and the run.
    let experiment = get(
        &uri,
        "experiments/get-by-name",
        &[("experiment_name", "credito-test")],
    );
    let experiment_id = experiment["experiment"]["experiment_id"].as_str().unwrap();
    let run = get(&uri, "runs/get", &[("run_id", &run_id)]);
    assert_eq!(run["run"]["info"]["status"], "FINISHED");
    assert_eq!(run["run"]["info"]["experiment_id"], experiment_id);
    assert_eq!(run["run"]["info"]["run_name"], report.run_id.as_str());

    // Params.
    let params: Vec<(String, String)> = run["run"]["data"]["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["key"].as_str().unwrap().into(),
                p["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (key, value) in [
        ("epochs", "3"),
        ("seed", "8"),
        ("batch_size", "64"),
        ("data_samples", "1500"),
    ] {
        assert!(
            params.contains(&(key.into(), value.into())),
            "{key}: {params:?}"
        );
    }

    // Per-epoch loss history with steps, equal to what training reported.
    let history = get(
        &uri,
        "metrics/get-history",
        &[("run_id", &run_id), ("metric_key", "train_loss")],
    );
    let mut points: Vec<(u64, f64)> = history["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["step"].as_u64().unwrap(), m["value"].as_f64().unwrap()))
        .collect();
    points.sort_by_key(|p| p.0);
    let expected: Vec<(u64, f64)> = report
        .outcome
        .history
        .iter()
        .map(|e| (e.epoch as u64, e.train_loss))
        .collect();
    assert_eq!(points, expected);

    // Final metrics.
    let metrics = run["run"]["data"]["metrics"].as_array().unwrap();
    let holdout = metrics
        .iter()
        .find(|m| m["key"] == "holdout_accuracy")
        .unwrap();
    assert!(holdout["value"].as_f64().unwrap() > 0.5);

    // Artifacts: weights and card, byte-identical.
    let listing = get(&uri, "artifacts/list", &[("run_id", &run_id)]);
    let mut files: Vec<&str> = listing["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    files.sort();
    assert_eq!(files, ["approval.card.json", "approval.safetensors"]);
    let uploaded = reqwest::blocking::get(format!(
        "{uri}/api/2.0/mlflow-artifacts/artifacts/{experiment_id}/{run_id}/artifacts/approval.safetensors"
    ))
    .unwrap()
    .bytes()
    .unwrap();
    assert_eq!(
        uploaded.as_ref(),
        std::fs::read(&report.weights_path).unwrap().as_slice()
    );

    // The local run folder is written as well.
    assert!(report.run_dir.join("metrics.jsonl").exists());
    drop(guard);
}

#[test]
fn an_unreachable_server_is_a_typed_error() {
    let port = free_port(); // bound then released: nothing listens there
    let mut job = TrainingJob::new(
        DataSource::Synthetic {
            samples: 200,
            seed: 1,
        },
        TrainParams::default().epochs(1).check().unwrap(),
    );
    let dir = std::env::temp_dir().join(format!("credito-mlflow-down-{}", std::process::id()));
    job.runs_dir = dir.join("runs");
    job.weights_out = Some(dir.join("m.safetensors"));
    job.mlflow = Some(MlflowConfig::new(format!("http://127.0.0.1:{port}")));
    let err = job.run(&mut |_| {}).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("mlflow experiments/get-by-name"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
