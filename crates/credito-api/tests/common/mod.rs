//! Test support: run a router on 127.0.0.1:0 with a shutdown handle.
#![allow(dead_code)]

use std::time::Duration;

use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A router served on a real socket.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Bind 127.0.0.1:0 and serve `router` with graceful shutdown.
    pub async fn start(router: Router) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel::<()>();
        let options = credito_api::ServeOptions {
            drain_deadline: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(2),
        };
        let handle = tokio::spawn(credito_api::serve_with(
            listener,
            router,
            async move {
                let _ = rx.await;
            },
            options,
        ));
        Self {
            base: format!("http://{addr}"),
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    /// Full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Ask for shutdown and wait for the server to stop.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.handle.take() {
            Some(h) => h.await.expect("server task panicked"),
            None => Ok(()),
        }
    }

    /// Signal shutdown without waiting.
    pub fn signal_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Wait for the server task after a shutdown signal.
    pub async fn join(mut self) -> std::io::Result<()> {
        match self.handle.take() {
            Some(h) => h.await.expect("server task panicked"),
            None => Ok(()),
        }
    }
}

/// A reqwest client with a timeout so a hang fails the test instead of blocking it.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// POST raw bytes to `path`, with `content_type` as the `content-type` header
/// when given (none at all otherwise).
pub async fn post_bytes(
    server: &TestServer,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut request = client().post(server.url(path));
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.body(body).send().await.expect("request sent")
}

/// Parse an error body and check its shape: `{"error": string, "fields": [...]}`.
pub async fn error_body(response: reqwest::Response) -> serde_json::Value {
    let ct = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(ct.starts_with("application/json"), "content-type {ct}");
    let body: serde_json::Value = response.json().await.expect("JSON error body");
    assert!(body["error"].is_string(), "no error string in {body}");
    assert!(body["fields"].is_array(), "no fields array in {body}");
    body
}

/// The field names of an error body.
pub fn field_names(body: &serde_json::Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// GET `path` and read the JSON body.
pub async fn get_json(server: &TestServer, path: &str) -> serde_json::Value {
    client()
        .get(server.url(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The complete service with the shipped defaults and no LLM provider.
pub fn default_app(http: credito_api::HttpSettings) -> Router {
    let config = credito_api::startup::build_config_with_llm(
        http,
        &credito_api::startup::ServiceOptions::default(),
        None,
    )
    .expect("default service assembles");
    credito_api::router(config)
}

/// Customer A of SPEC §6 asking for a personal loan.
pub fn customer_a() -> serde_json::Value {
    serde_json::json!({
        "request_id": "REQ-A",
        "customer_profile": {
            "customer_id": "CUST-001", "name": "Ana", "age": 35, "gender": "F",
            "marital_status": "married", "employment_status": "employed",
            "income": 8500.0, "time_at_job_months": 48,
            "has_bank_account": true, "has_bacen_restriction": false,
            "num_credit_inquiries": 2, "num_existing_loans": 1,
            "debt_to_income_ratio": 0.25, "credit_score": 780
        },
        "product_type": "personal_loan",
        "requested_amount": 25000.0,
        "requested_installments": 36,
        "purpose": "reforma"
    })
}

/// A `/gerar-mensagem` body from the seed.
pub fn message_body() -> serde_json::Value {
    serde_json::json!({
        "score_gravidade": 5.6, "freq_atrasos": 1.2, "razao_pagamento_6m": 0.08,
        "taxa_uso_limite": 0.74, "limite_credito": 80000, "cluster": 2,
        "canal_preferido": "WhatsApp"
    })
}
