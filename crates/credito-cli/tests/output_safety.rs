//! Nothing is lost: outputs never destroy inputs, an existing output survives
//! any failure, one bad line never ends a batch, and `train` never overwrites
//! a model by default. Every case runs the real binary.

use crate::common::temp_dir;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const GOOD: &str = r#"{"request_id": "REQ-A", "customer_profile": {"customer_id": "CUST-A", "age": 35, "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48, "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2, "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780}, "product_type": "personal_loan", "requested_amount": 25000.0, "requested_installments": 36}"#;

const MESSAGE: &str = r#"{"score_gravidade": 8.0, "freq_atrasos": 2, "razao_pagamento_6m": 0.2, "taxa_uso_limite": 0.5, "limite_credito": 50000, "cluster": 1, "canal_preferido": "WhatsApp"}"#;

fn credito(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credito"))
        .current_dir(dir)
        .args(args)
        .env_remove("MLFLOW_TRACKING_URI")
        .env_remove("GROQ_API_KEY")
        .env_remove("CREDITO_LLM_BASE_URL")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}")))
        .collect()
}

#[test]
fn an_output_that_is_the_input_is_refused_and_the_input_kept() {
    let dir = temp_dir("safety", "same");
    let content = format!("{GOOD}\n");
    std::fs::write(dir.join("a.jsonl"), &content).unwrap();
    std::os::unix::fs::symlink(dir.join("a.jsonl"), dir.join("link.jsonl")).unwrap();
    for command in ["analyze", "message"] {
        let input = if command == "analyze" {
            "a.jsonl"
        } else {
            "m.jsonl"
        };
        if command == "message" {
            std::fs::write(dir.join("m.jsonl"), format!("{MESSAGE}\n")).unwrap();
            std::fs::remove_file(dir.join("link.jsonl")).unwrap();
            std::os::unix::fs::symlink(dir.join("m.jsonl"), dir.join("link.jsonl")).unwrap();
        }
        let before = std::fs::read(dir.join(input)).unwrap();
        let dotted = format!("./{input}");
        for output in [input, dotted.as_str(), "link.jsonl"] {
            let out = credito(&dir, &[command, "--input", input, "--output", output]);
            assert_eq!(out.status.code(), Some(2), "{command} -o {output}");
            assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
            assert_eq!(
                std::fs::read(dir.join(input)).unwrap(),
                before,
                "{command} {output}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_existing_output_survives_a_failed_run() {
    let dir = temp_dir("safety", "keep");
    std::fs::write(dir.join("results.jsonl"), "previous results\n").unwrap();
    let out = credito(
        &dir,
        &[
            "analyze",
            "--input",
            "missing.jsonl",
            "--output",
            "results.jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("results.jsonl")).unwrap(),
        "previous results\n"
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["results.jsonl"], "no temporary file left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_line_that_is_not_utf8_is_a_line_error_and_the_batch_goes_on() {
    let dir = temp_dir("safety", "utf8");
    let mut bytes = b"\xEF\xBB\xBF".to_vec(); // a byte-order mark, accepted
    bytes.extend_from_slice(GOOD.as_bytes());
    bytes.extend_from_slice(b"\r\n{\"request_id\": \"caf\xE9\"}\n{\"request_id\": \n");
    bytes.extend_from_slice(GOOD.replace("REQ-A", "REQ-4").as_bytes());
    bytes.push(b'\n');
    std::fs::write(dir.join("in.jsonl"), &bytes).unwrap();
    let out = credito(
        &dir,
        &["analyze", "--input", "in.jsonl", "--output", "out.jsonl"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["request_id"], "REQ-A");
    assert_eq!(lines[1]["line"], 2);
    let error = lines[1]["error"].as_str().unwrap();
    assert!(error.contains("line 2 is not valid UTF-8"), "{error}");
    assert_eq!(lines[2]["line"], 3);
    let error = lines[2]["error"].as_str().unwrap();
    assert!(
        error.starts_with("invalid JSON at line 3, column "),
        "{error}"
    );
    assert!(!error.contains("line 1"), "{error}");
    assert_eq!(lines[3]["request_id"], "REQ-4");

    let mut bytes = MESSAGE.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n{\"canal_preferido\": \"Liga\xE7\xE3o\"}\n{oops\n");
    bytes.extend_from_slice(MESSAGE.as_bytes());
    std::fs::write(dir.join("m.jsonl"), &bytes).unwrap();
    let out = credito(
        &dir,
        &["message", "--input", "m.jsonl", "--output", "m.out"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&std::fs::read_to_string(dir.join("m.out")).unwrap());
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["mensagem"].is_string());
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("line 2 is not valid UTF-8"));
    let error = lines[2]["error"].as_str().unwrap();
    assert!(
        error.starts_with("invalid JSON at line 3, column 2"),
        "{error}"
    );
    assert!(lines[3]["mensagem"].is_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn train_writes_into_its_run_folder_and_never_replaces_a_model_without_force() {
    let dir = temp_dir("safety", "train");
    std::fs::create_dir_all(dir.join("models")).unwrap();
    std::fs::write(dir.join("models/approval_mlp.safetensors"), "shipped").unwrap();
    let args = [
        "train",
        "--samples",
        "600",
        "--epochs",
        "1",
        "--fresh-check",
        "0",
    ];
    let out = credito(&dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("models/approval_mlp.safetensors")).unwrap(),
        "shipped"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let weights = stdout
        .lines()
        .find_map(|l| l.strip_prefix("weights: "))
        .unwrap();
    assert!(weights.starts_with("runs/"), "{weights}");
    assert!(weights.ends_with("/approval_mlp.safetensors"), "{weights}");
    assert!(dir.join(weights).exists());

    let explicit = [&args[..], &["--out", "models/approval_mlp.safetensors"]].concat();
    let out = credito(&dir, &explicit);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("models/approval_mlp.safetensors")).unwrap(),
        "shipped"
    );
    let forced = [&explicit[..], &["--force"]].concat();
    let out = credito(&dir, &forced);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ne!(
        std::fs::read(dir.join("models/approval_mlp.safetensors")).unwrap(),
        b"shipped"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_degenerate_model_is_called_so_on_stderr_and_in_its_card() {
    let dir = temp_dir("safety", "degenerate");
    let out = credito(
        &dir,
        &[
            "train",
            "--samples",
            "5000",
            "--epochs",
            "3",
            "--fresh-check",
            "0",
            "--out",
            "m.safetensors",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("warning: degenerate model: it predicts rejected for every one of the 1000 held-out samples"), "{text}");
    assert!(text.contains("do not use this model"), "{text}");
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("m.card.json")).unwrap()).unwrap();
    let warnings = card["metrics"]["warnings"].as_array().unwrap();
    assert!(warnings[0]
        .as_str()
        .unwrap()
        .starts_with("degenerate model"));

    // A model that learned something carries no warning.
    let out = credito(
        &dir,
        &[
            "train",
            "--samples",
            "5000",
            "--epochs",
            "30",
            "--fresh-check",
            "0",
            "--out",
            "good.safetensors",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("good.card.json")).unwrap())
            .unwrap();
    assert!(card["metrics"].get("warnings").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn segment_outputs_may_not_be_an_input_or_each_other() {
    let dir = temp_dir("safety", "segment");
    let csv = "ID,LIMIT_BAL,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default payment next month\n1,50000,2,2,0,0,-1,-1,25000,0,0,0,0,0,5000,0,0,0,0,0,1\n";
    std::fs::write(dir.join("p.csv"), csv).unwrap();
    let out = credito(
        &dir,
        &["segment", "--input", "p.csv", "--assignments", "./p.csv"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.join("p.csv")).unwrap(), csv);
    let out = credito(
        &dir,
        &[
            "segment",
            "--input",
            "p.csv",
            "--assignments",
            "o.csv",
            "--report",
            "o.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("two outputs"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
