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
        let handle = tokio::spawn(credito_api::serve_with_drain_deadline(
            listener,
            router,
            async move {
                let _ = rx.await;
            },
            Duration::from_secs(10),
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
