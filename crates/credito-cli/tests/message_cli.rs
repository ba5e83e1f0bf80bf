//! End-to-end tests of `credito message` through the real binary: offline templates, error
//! lines, a custom policy, segment assignment with the shipped model, and a local fake
//! OpenAI-compatible provider configured through the environment.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::support::{FakeProvider, Reply};
use serde_json::Value;

const BODY: &str = r#"{"score_gravidade": 5.6, "freq_atrasos": 1.2, "razao_pagamento_6m": 0.08, "taxa_uso_limite": 0.74, "limite_credito": 80000, "cluster": 2, "canal_preferido": "WhatsApp", "customer_id": "CUST-4242"}"#;

const PROVIDER_VARS: [&str; 6] = [
    "CREDITO_LLM_BASE_URL",
    "CREDITO_LLM_API_KEY",
    "GROQ_API_KEY",
    "CREDITO_LLM_MODEL",
    "CREDITO_LLM_TIMEOUT_SECS",
    "CREDITO_LLM_DEADLINE_SECS",
];

fn body(cluster: Option<u8>, canal: &str) -> String {
    let mut v: Value = serde_json::from_str(BODY).unwrap();
    match cluster {
        Some(c) => v["cluster"] = c.into(),
        None => {
            v.as_object_mut().unwrap().remove("cluster");
        }
    }
    v["canal_preferido"] = canal.into();
    v.to_string()
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("credito-message-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Run `credito message` with `stdin`, extra args and env; provider variables are cleared first.
fn credito(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_credito"));
    cmd.arg("message").args(args);
    for var in PROVIDER_VARS {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn offline_templates_one_line_per_request_in_order() {
    let mut input = String::new();
    for c in 0..4u8 {
        for canal in ["Email", "WhatsApp", "SMS", "Telefone"] {
            input.push_str(&body(Some(c), canal));
            input.push('\n');
        }
    }
    input.push_str("\n   \n"); // blank lines are skipped
    let out = credito(&["--input", "-"], &input, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = lines(&out);
    assert_eq!(results.len(), 16);
    for (i, r) in results.iter().enumerate() {
        let cluster = (i / 4) as u64;
        assert_eq!(r["cluster"], cluster);
        assert_eq!(r["fonte"], "template");
        assert_eq!(r["violations"], serde_json::json!([]));
        assert!(!r["mensagem"].as_str().unwrap().is_empty());
        for key in [
            "perfil_risco",
            "canal",
            "objetivo",
            "tom",
            "acao_recomendada",
        ] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
        assert!(!r.to_string().contains("CUST-4242"));
    }
    assert_eq!(results[12]["canal"], "Telefone"); // segment 3, Email preferred -> human
    assert_eq!(results[5]["canal"], "WhatsApp");
    assert_eq!(
        results[0]["perfil_risco"],
        "Baixo risco / Pressão financeira"
    );
}

#[test]
fn bad_lines_yield_error_objects_and_exit_1() {
    let input = format!(
        "{}\nnot json\n{}\n{}\n{}\n",
        body(Some(1), "SMS"),
        BODY.replace("0.74", "2.5")
            .replace("\"cluster\": 2", "\"cluster\": 7"),
        body(None, "Email"),
        body(Some(0), "Fax"),
    );
    let input_path = temp_path("bad.jsonl");
    let output_path = temp_path("bad.out.jsonl");
    std::fs::write(&input_path, input).unwrap();
    let out = credito(
        &[
            "--input",
            input_path.to_str().unwrap(),
            "--output",
            output_path.to_str().unwrap(),
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&output_path).unwrap();
    let results: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 5);
    assert_eq!(results[0]["fonte"], "template");
    assert_eq!(results[1]["line"], 2);
    assert!(results[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert_eq!(results[2]["line"], 3);
    let fields: Vec<&str> = results[2]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["taxa_uso_limite", "cluster"]);
    // No cluster: the shipped segmentation model assigns one, as `credito serve` does.
    assert!(
        results[3]["cluster"].as_u64().unwrap() <= 3,
        "{}",
        results[3]
    );
    assert_eq!(results[3]["fonte"], "template");
    assert_eq!(results[4]["fields"][0]["field"], "canal_preferido");
}

#[test]
fn model_assigns_missing_cluster_and_policy_file_is_used() {
    let model = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../credito-collections/models/segmentation_default.json"
    );
    let calm = r#"{"score_gravidade": 0, "freq_atrasos": 0, "razao_pagamento_6m": 1, "taxa_uso_limite": 0.05, "limite_credito": 500000}"#;
    let out = credito(
        &["--input", "-", "--model", model],
        &format!("{calm}\n"),
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &lines(&out)[0];
    assert!(r["cluster"].as_u64().unwrap() <= 3);

    let doc = include_str!("../../../docs/messaging.md");
    let start = doc.find("```toml\n").unwrap() + 8;
    let end = start + doc[start..].find("```").unwrap();
    let policy = temp_path("policy.toml");
    std::fs::write(&policy, &doc[start..end]).unwrap();
    let out = credito(
        &["--input", "-", "--policy", policy.to_str().unwrap()],
        &format!("{}\n", body(Some(1), "Email")),
        &[],
    );
    assert!(out.status.success());
    // The custom policy does not allow Email for segment 1: its priority channel is SMS.
    assert_eq!(lines(&out)[0]["canal"], "SMS");

    std::fs::write(&policy, "version = \"x\"\nsegments = []\n").unwrap();
    let out = credito(
        &["--input", "-", "--policy", policy.to_str().unwrap()],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("segments"));
}

#[test]
fn fake_provider_through_environment() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let good =
        "Olá! Podemos combinar um parcelamento que caiba no seu orçamento. Responda esta mensagem.";
    let provider = runtime.block_on(FakeProvider::start(
        vec![
            Reply::content("Pague ou chamaremos a polícia."),
            Reply::status(500),
        ],
        Reply::content(good),
    ));
    // Sequential order of provider calls is not guaranteed across lines, so run one line at a
    // time for the scripted faults, then a concurrent batch.
    let env = [
        ("CREDITO_LLM_BASE_URL", provider.base_url.as_str()),
        ("CREDITO_LLM_API_KEY", "sk-cli-test"),
        ("CREDITO_LLM_MODEL", "fake-model"),
        ("CREDITO_LLM_TIMEOUT_SECS", "2"),
    ];
    let out = credito(
        &["--input", "-", "--concurrency", "1"],
        &format!("{}\n", body(Some(2), "WhatsApp")),
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &lines(&out)[0];
    assert_eq!(r["fonte"], "template");
    assert_eq!(r["violations"][0]["rule"], "threat");

    let out = credito(
        &["--input", "-"],
        &format!("{}\n", body(Some(2), "WhatsApp")),
        &env,
    );
    let r = &lines(&out)[0];
    assert_eq!(r["fonte"], "llm", "{r}"); // 500 then success
    let mensagem = r["mensagem"].as_str().unwrap();
    assert!(mensagem.starts_with(good), "{mensagem}");
    assert!(mensagem.contains("CNPJ 11.222.333/0001-81"), "{mensagem}");

    let batch: String = (0..30)
        .map(|i| body(Some((i % 4) as u8), "WhatsApp") + "\n")
        .collect();
    let out = credito(&["--input", "-"], &batch, &env);
    assert!(out.status.success());
    let results = lines(&out);
    assert_eq!(results.len(), 30);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["cluster"], (i % 4) as u64);
        assert_eq!(r["fonte"], "llm");
    }
    let received = provider.received();
    assert_eq!(received.len(), 1 + 2 + 30);
    for r in &received {
        assert_eq!(r.authorization.as_deref(), Some("Bearer sk-cli-test"));
        assert_eq!(r.body["model"], "fake-model");
        assert!(!r.raw.contains("CUST-4242"));
    }
    assert!(!String::from_utf8_lossy(&out.stderr).contains("sk-cli-test"));
}

#[test]
fn hanging_provider_does_not_hold_the_batch() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let provider = runtime.block_on(FakeProvider::start(
        vec![],
        Reply::slow(Duration::from_secs(120), Reply::content("tarde demais")),
    ));
    let env = [
        ("CREDITO_LLM_BASE_URL", provider.base_url.as_str()),
        ("CREDITO_LLM_TIMEOUT_SECS", "0.3"),
    ];
    let batch: String = (0..12)
        .map(|i| body(Some((i % 4) as u8), "SMS") + "\n")
        .collect();
    let started = std::time::Instant::now();
    let out = credito(&["--input", "-", "--concurrency", "4"], &batch, &env);
    assert!(out.status.success());
    let results = lines(&out);
    assert_eq!(results.len(), 12);
    assert!(results.iter().all(|r| r["fonte"] == "template"));
    // 12 lines, 4 at a time, each bounded by its 0.6 s deadline: far below the 120 s reply.
    assert!(started.elapsed() < Duration::from_secs(60));
}
