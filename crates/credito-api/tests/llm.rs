//! `/gerar-mensagem` with an LLM provider: a real OpenAI-compatible server on
//! 127.0.0.1 (written here with axum) answering fast, slowly, or with a text
//! the guard refuses.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{client, TestServer};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use credito_api::startup::{build_config_with_llm, ServiceOptions};
use credito_api::HttpSettings;
use llm_messaging::{ApiKey, LlmConfig};
use serde_json::{json, Value};

#[derive(Clone)]
struct Provider {
    reply: &'static str,
    delay: Duration,
    seen: Arc<Mutex<Vec<String>>>,
}

async fn completions(State(p): State<Provider>, headers: HeaderMap, body: String) -> Json<Value> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    p.seen.lock().unwrap().push(format!("{auth}\n{body}"));
    tokio::time::sleep(p.delay).await;
    Json(json!({
        "id": "chatcmpl-test", "object": "chat.completion", "model": "fake-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": p.reply}}]
    }))
}

async fn provider(reply: &'static str, delay: Duration) -> (TestServer, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let state = Provider {
        reply,
        delay,
        seen: Arc::clone(&seen),
    };
    let app = Router::new()
        .route("/v1/chat/completions", post(completions))
        .with_state(state);
    (TestServer::start(app).await, seen)
}

async fn service(provider: &TestServer, deadline: Duration) -> TestServer {
    let llm = LlmConfig::new(
        format!("{}/v1", provider.base),
        "fake-model",
        Some(ApiKey::new("test-key-123")),
    );
    let http = HttpSettings::default().with_llm_deadline(deadline);
    let config = build_config_with_llm(http, &ServiceOptions::default(), Some(llm)).unwrap();
    TestServer::start(credito_api::router(config)).await
}

fn body() -> Value {
    json!({"score_gravidade": 0.0, "freq_atrasos": 0, "razao_pagamento_6m": 0.9,
           "taxa_uso_limite": 0.2, "limite_credito": 50000, "cluster": 0,
           "canal_preferido": "Email", "cpf": "123.456.789-00"})
}

const GOOD: &str = "Olá! Sua fatura vence em breve. Se precisar de ajuda para organizar o \
                    pagamento, estamos à disposição.";

#[tokio::test]
async fn provider_text_is_used_when_fast_and_clean() {
    let (p, seen) = provider(GOOD, Duration::ZERO).await;
    let s = service(&p, Duration::from_secs(5)).await;
    let r = client()
        .post(s.url("/gerar-mensagem"))
        .json(&body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["fonte"], "llm");
    // The model's text, then the policy's footer with the creditor's CNPJ.
    let mensagem = out["mensagem"].as_str().unwrap();
    assert!(mensagem.starts_with(GOOD), "{mensagem}");
    assert!(mensagem.contains("CNPJ 11.222.333/0001-81"), "{mensagem}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].starts_with("Bearer test-key-123\n"));
    assert!(
        !seen[0].contains("123.456.789-00"),
        "personal data reached the provider"
    );

    let health: Value = client()
        .get(s.url("/api/credit/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["llm"]["configured"], true);
    assert_eq!(health["llm"]["model"], "fake-model");
    assert!(!health.to_string().contains("test-key-123"));
    s.stop().await.unwrap();
    p.stop().await.unwrap();
}

#[tokio::test]
async fn template_answers_after_the_deadline() {
    let (p, _) = provider(GOOD, Duration::from_secs(20)).await;
    let s = service(&p, Duration::from_millis(300)).await;
    let r = client()
        .post(s.url("/gerar-mensagem"))
        .json(&body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["fonte"], "template");
    assert_eq!(out["canal"], "Email");
    assert!(!out["mensagem"].as_str().unwrap().is_empty());
    s.stop().await.unwrap();
    p.stop().await.unwrap();
}

#[tokio::test]
async fn guard_violation_falls_back_to_the_template() {
    let (p, _) = provider(
        "Pague hoje ou chamaremos a polícia e avisaremos seus vizinhos.",
        Duration::ZERO,
    )
    .await;
    let s = service(&p, Duration::from_secs(5)).await;
    let out: Value = client()
        .post(s.url("/gerar-mensagem"))
        .json(&body())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(out["fonte"], "template");
    assert!(!out["mensagem"].as_str().unwrap().contains("polícia"));
    s.stop().await.unwrap();
    p.stop().await.unwrap();
}
