//! `credito generate-data` and `credito train` through the real binary.

use crate::common::temp_dir;
use std::path::PathBuf;
use std::process::Command;

fn credito() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_credito"));
    command.env_remove("MLFLOW_TRACKING_URI");
    command
}

#[test]
fn generate_data_is_seeded_jsonl() {
    let dir = temp_dir("cli", "gen");
    let run = |name: &str, seed: &str| {
        let out = dir.join(name);
        let status = credito()
            .args(["generate-data", "--samples", "300", "--seed", seed, "--out"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read_to_string(out).unwrap()
    };
    let a = run("a.jsonl", "5");
    assert_eq!(a, run("b.jsonl", "5"));
    assert_ne!(a, run("c.jsonl", "6"));
    assert_eq!(a.lines().count(), 300);
    for line in a.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["features"].as_array().unwrap().len(), 10);
        assert!(v["label"].as_u64().unwrap() <= 2);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn train_from_a_file_writes_weights_card_and_run_folder() {
    let dir = temp_dir("cli", "train");
    let data = dir.join("d.jsonl");
    let status = credito()
        .args(["generate-data", "--samples", "2000", "--seed", "3", "--out"])
        .arg(&data)
        .status()
        .unwrap();
    assert!(status.success());
    let weights = dir.join("m.safetensors");
    let output = credito()
        .args([
            "train",
            "--epochs",
            "3",
            "--seed",
            "4",
            "--fresh-check",
            "500",
            "--data",
        ])
        .arg(&data)
        .arg("--out")
        .arg(&weights)
        .arg("--runs-dir")
        .arg(dir.join("runs"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("held-out accuracy: "), "{stdout}");
    assert!(stdout.contains("(400 samples)"), "{stdout}");
    assert!(stdout.contains("truth \\ pred"), "{stdout}");
    assert!(stdout.contains("pending_review"), "{stdout}");
    assert!(stdout.contains("on 500 fresh samples"), "{stdout}");
    assert!(weights.exists());
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("m.card.json")).unwrap()).unwrap();
    assert_eq!(card["epochs"], 3);
    assert_eq!(card["seed"], 4);
    assert_eq!(card["data"]["samples"], 2000);
    let run_line = stdout
        .lines()
        .find(|l| l.starts_with("run folder: "))
        .unwrap();
    let run_dir = PathBuf::from(run_line.trim_start_matches("run folder: "));
    assert!(run_dir.starts_with(dir.join("runs")));
    let epochs = std::fs::read_to_string(run_dir.join("metrics.jsonl")).unwrap();
    assert_eq!(epochs.lines().count(), 3);
    // stderr is not a terminal here: no per-epoch progress lines.
    assert!(!String::from_utf8_lossy(&output.stderr).contains("epoch "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn same_seed_same_weights_through_the_cli() {
    let dir = temp_dir("cli", "det");
    let train = |name: &str| {
        let out = dir.join(name);
        let status = credito()
            .args([
                "train",
                "--samples",
                "1000",
                "--epochs",
                "2",
                "--seed",
                "9",
                "--fresh-check",
                "0",
                "--out",
            ])
            .arg(&out)
            .arg("--runs-dir")
            .arg(dir.join("runs"))
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(out).unwrap()
    };
    assert_eq!(train("a.safetensors"), train("b.safetensors"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_reported_with_exit_status_2() {
    let dir = temp_dir("cli", "bad");
    let data = dir.join("bad.jsonl");
    std::fs::write(
        &data,
        "{\"features\":[0,0,0,0,0,0,0,0,0,0],\"label\":1}\n{\"label\":7}\n",
    )
    .unwrap();
    let output = credito()
        .args(["train", "--data"])
        .arg(&data)
        .arg("--runs-dir")
        .arg(dir.join("runs"))
        .arg("--out")
        .arg(dir.join("m.safetensors"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("data line 2"), "{stderr}");

    let output = credito().args(["train", "--epochs", "0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("epochs"));

    let output = credito()
        .args(["train", "--data", "x.jsonl", "--samples", "5"])
        .output()
        .unwrap();
    assert!(!output.status.success(), "--data and --samples conflict");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_lists_the_options() {
    let output = credito().args(["train", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    for flag in [
        "--data",
        "--samples",
        "--epochs",
        "--seed",
        "--out",
        "--runs-dir",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
    let output = credito()
        .args(["generate-data", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("--samples"));
}
