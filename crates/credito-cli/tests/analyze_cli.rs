//! End-to-end tests of `credito analyze` through the real binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

const GOOD: &str = r#"{"request_id": "REQ-A", "customer_profile": {"customer_id": "CUST-A", "age": 35, "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48, "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2, "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780}, "product_type": "personal_loan", "requested_amount": 25000.0, "requested_installments": 36}"#;

fn customer_e() -> String {
    GOOD.replace("REQ-A", "REQ-E")
        .replace("CUST-A", "CUST-E")
        .replace("\"employed\"", "\"unemployed\"")
        .replace("8500.0", "3000.0")
        .replace("780", "900")
}

fn invalid() -> String {
    GOOD.replace("\"age\": 35", "\"age\": 17")
        .replace("\"credit_score\": 780", "\"credit_score\": 1780")
        .replace("personal_loan", "yacht")
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("credito-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn parse_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad output line {l}: {e}")))
        .collect()
}

#[test]
fn file_in_file_out_all_good() {
    let input = temp_path("good.jsonl");
    let output = temp_path("good.out.jsonl");
    std::fs::write(&input, format!("{GOOD}\n\n{}\n", customer_e())).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_credito"))
        .args(["analyze", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let lines = parse_lines(&std::fs::read_to_string(&output).unwrap());
    assert_eq!(lines.len(), 2, "blank line skipped");
    assert_eq!(lines[0]["request_id"], "REQ-A");
    assert_eq!(lines[0]["persona"]["persona"], "standard");
    assert_eq!(lines[0]["credit_limit"]["approved_amount"], 22000.0);
    assert!(lines[0]["summary"].as_str().unwrap().len() > 10);
    assert_eq!(lines[1]["request_id"], "REQ-E");
    assert_eq!(lines[1]["approval_status"], "rejected");
    assert_eq!(lines[1]["rejection_reason"], "persona_filter");
    assert!(lines[1]["credit_limit"].is_null());
}

/// Run `credito analyze --input - <extra>` with `input` on standard input.
pub(crate) fn analyze_stdin(extra: &[&std::ffi::OsStr], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_credito"))
        .args(["analyze", "--input", "-"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn stdin_to_stdout_with_bad_lines_keeps_going_and_exits_1() {
    let input = format!("{GOOD}\n{{not json\n{}\n{}\n", invalid(), customer_e());
    let out = analyze_stdin(&["--output".as_ref(), "-".as_ref()], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines = parse_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lines.len(), 4, "one output line per input line");
    assert_eq!(lines[0]["request_id"], "REQ-A");

    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"].as_str().unwrap().contains("JSON"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[1]["fields"], serde_json::json!([]));

    assert_eq!(lines[2]["line"], 3);
    let fields: Vec<&str> = lines[2]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "customer_profile.age",
            "customer_profile.credit_score",
            "product_type"
        ]
    );
    assert!(lines[2]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("17"));

    assert_eq!(lines[3]["request_id"], "REQ-E");
}

#[test]
fn missing_input_file_is_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_credito"))
        .args(["analyze", "--input", "/definitely/not/here.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open"));
}

#[test]
fn help_describes_the_format() {
    let out = Command::new(env!("CARGO_BIN_EXE_credito"))
        .args(["analyze", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("--input"));
    assert!(text.contains("--output"));
    assert!(text.contains("\"line\": N"));
}

#[test]
fn a_model_written_by_train_is_used_by_analyze_and_serve() {
    let dir = temp_path("approval-model");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let weights = dir.join("m.safetensors");
    let status = Command::new(env!("CARGO_BIN_EXE_credito"))
        .args([
            "train",
            "--samples",
            "2000",
            "--epochs",
            "5",
            "--fresh-check",
            "0",
            "--seed",
            "7",
        ])
        .arg("--out")
        .arg(&weights)
        .arg("--runs-dir")
        .arg(dir.join("runs"))
        .env_remove("MLFLOW_TRACKING_URI")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("m.card.json")).unwrap()).unwrap();
    let version = card["version"].as_str().unwrap().to_string();

    let out = analyze_stdin(
        &["--approval-model".as_ref(), weights.as_os_str()],
        &format!("{GOOD}\n"),
    );
    let lines = parse_lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(lines[0]["approval"]["model_version"], version.as_str());
    assert_eq!(lines[0]["model_version"], version.as_str());

    for command in ["analyze", "serve"] {
        let out = Command::new(env!("CARGO_BIN_EXE_credito"))
            .args([command, "--approval-model"])
            .arg(dir.join("missing.safetensors"))
            .args(if command == "analyze" {
                &["--input", "-"][..]
            } else {
                &["--addr", "127.0.0.1:0"][..]
            })
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("missing.safetensors"),
            "{command}: {stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
