//! `credito serve` as a real process: it prints its address, answers over
//! HTTP, and on SIGTERM (and SIGINT) lets an in-flight request finish, then
//! exits with status 0.
#![cfg(unix)]

use std::io::Read;
use std::process::Command;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::served::start;

const REQUEST: &str = r#"{"customer_profile": {"customer_id": "CUST-001", "age": 35,
  "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48,
  "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2,
  "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780},
  "product_type": "personal_loan", "requested_amount": 25000.0, "requested_installments": 36}"#;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn serves_the_api_and_stops_gracefully_on_sigterm() {
    let mut served = start(&[]);
    let rt = runtime();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();

    let health: serde_json::Value = rt
        .block_on(async {
            client
                .get(served.url("/api/credit/health"))
                .send()
                .await?
                .json()
                .await
        })
        .expect("health answers");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["llm"]["configured"], false);

    let (status, result) = rt.block_on(async {
        let r = client
            .post(served.url("/api/credit/analyze"))
            .header("content-type", "application/json")
            .header("x-request-id", "cli-test-1")
            .body(REQUEST)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json::<serde_json::Value>().await.unwrap())
    });
    assert_eq!(status, 200);
    assert_eq!(result["persona"]["persona"], "standard");

    // An in-flight request: headers and half the body sent, then SIGTERM,
    // then the rest of the body. It must still be answered.
    let response = rt.block_on(async {
        let mut tcp = tokio::net::TcpStream::connect(&served.addr).await.unwrap();
        let head = format!(
            "POST /api/credit/analyze HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            REQUEST.len()
        );
        let (first, rest) = REQUEST.split_at(REQUEST.len() / 2);
        tcp.write_all(head.as_bytes()).await.unwrap();
        tcp.write_all(first.as_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        served.signal("-TERM");
        tokio::time::sleep(Duration::from_millis(300)).await;
        tcp.write_all(rest.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        tokio::time::timeout(Duration::from_secs(20), tcp.read_to_end(&mut buf))
            .await
            .expect("in-flight response arrives")
            .unwrap();
        String::from_utf8_lossy(&buf).to_string()
    });
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"persona\":\"standard\""), "{response}");

    assert_eq!(served.wait_exit(), Some(0));
    let log = served.drain_log().join("\n");
    assert!(
        log.contains("request_id=cli-test-1"),
        "request id missing from logs:\n{log}"
    );
    assert!(log.contains("SIGTERM"), "{log}");
}

#[test]
fn sigint_stops_it_with_status_zero_and_the_token_is_never_logged() {
    let mut served = start(&[("CREDITO_API_TOKEN", "tok-very-secret")]);
    let rt = runtime();
    let client = reqwest::Client::new();
    let (open, closed) = rt.block_on(async {
        let open = client
            .get(served.url("/api/credit/health"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        let closed = client
            .get(served.url("/api/credit/products"))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        (open, closed)
    });
    assert_eq!((open, closed), (200, 401));
    served.signal("-INT");
    assert_eq!(served.wait_exit(), Some(0));
    let mut rest = String::new();
    if let Some(mut err) = served.child.stderr.take() {
        let _ = err.read_to_string(&mut rest);
    }
    let log = served.drain_log().join("\n") + &rest;
    assert!(!log.contains("tok-very-secret"), "token leaked into logs");
}

#[test]
fn a_token_no_client_could_send_is_refused_at_start_up() {
    for bad in [
        " tok-secret",
        "tok-secret ",
        "tok\u{200b}secret",
        "tok\tsecret",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_credito"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("CREDITO_API_TOKEN", bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("CREDITO_API_TOKEN"), "{stderr}");
        assert!(stderr.contains("position"), "{stderr}");
        assert!(
            !stderr.contains("secret"),
            "the token is never printed: {stderr}"
        );
    }
}

#[test]
fn a_provider_that_echoes_the_key_never_gets_it_into_the_log() {
    use crate::support::{FakeProvider, Reply};
    let rt = runtime();
    let key = "gsk_live_0123456789abcdefSECRET";
    let echo = Reply::Status {
        status: 400,
        body: format!(
            "{{\"error\": {{\"message\": \"Invalid API Key {key}\", \"received\": \"Authorization: Bearer {key}\", \"hint\": \"gsk_live_0123456789...\"}}}}"
        ),
        retry_after: None,
    };
    let provider = rt.block_on(FakeProvider::start(vec![], echo));
    let mut served = start(&[
        ("CREDITO_LLM_BASE_URL", provider.base_url.as_str()),
        ("CREDITO_LLM_API_KEY", key),
        ("CREDITO_LLM_MODEL", "fake-model"),
    ]);
    let body = serde_json::json!({"score_gravidade": 8.0, "freq_atrasos": 2,
        "razao_pagamento_6m": 0.2, "taxa_uso_limite": 0.5, "limite_credito": 50000,
        "cluster": 1, "canal_preferido": "WhatsApp"});
    let answer: serde_json::Value = rt.block_on(async {
        reqwest::Client::new()
            .post(served.url("/gerar-mensagem"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(answer["fonte"], "template", "{answer}");
    assert!(provider.count() >= 1);
    served.signal("-TERM");
    assert_eq!(served.wait_exit(), Some(0));
    let mut rest = String::new();
    if let Some(mut err) = served.child.stderr.take() {
        let _ = err.read_to_string(&mut rest);
    }
    let log = served.drain_log().join("\n") + &rest;
    assert!(
        log.contains("HTTP 400"),
        "the provider failure is logged: {log}"
    );
    assert!(log.contains("[REDACTED]"), "{log}");
    for piece in ["0123456789abcdef", "SECRET", "gsk_live_0123"] {
        assert!(!log.contains(piece), "{piece} leaked: {log}");
    }
}
