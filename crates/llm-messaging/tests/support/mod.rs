//! A fake OpenAI-compatible provider for tests: a real axum server on 127.0.0.1:0 serving
//! `POST /chat/completions` and `POST /v1/chat/completions` with the real response shape,
//! replaying a script of replies and recording every request it receives.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

/// One scripted reply.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 200 with a chat-completions body whose message content is this text.
    Content(String),
    /// 200 with `"content": null`.
    NullContent,
    /// Any status with a body and an optional `Retry-After` header.
    Status {
        status: u16,
        body: String,
        retry_after: Option<String>,
    },
    /// 200 with this raw body (e.g. malformed JSON).
    Raw(String),
    /// Wait, then reply.
    Slow(Duration, Box<Reply>),
}

impl Reply {
    pub fn content(text: &str) -> Self {
        Reply::Content(text.to_string())
    }
    pub fn status(status: u16) -> Self {
        Reply::Status {
            status,
            body: json!({"error": {"message": "scripted", "type": "test"}}).to_string(),
            retry_after: None,
        }
    }
    pub fn rate_limited(retry_after: &str) -> Self {
        Reply::Status {
            status: 429,
            body: json!({"error": {"message": "rate limited"}}).to_string(),
            retry_after: Some(retry_after.to_string()),
        }
    }
    pub fn slow(delay: Duration, then: Reply) -> Self {
        Reply::Slow(delay, Box::new(then))
    }
}

/// A request the fake received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub authorization: Option<String>,
    pub raw: String,
    pub body: Value,
}

struct Shared {
    script: Mutex<VecDeque<Reply>>,
    default: Reply,
    received: Mutex<Vec<Received>>,
}

/// A running fake provider (stops when the runtime that started it ends).
pub struct FakeProvider {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`.
    pub base_url: String,
    shared: Arc<Shared>,
}

impl FakeProvider {
    /// Start on 127.0.0.1:0; replies follow `script`, then `default` forever.
    pub async fn start(script: Vec<Reply>, default: Reply) -> Self {
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            default,
            received: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/chat/completions", post(handle))
            .route("/v1/chat/completions", post(handle))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        FakeProvider {
            base_url: format!("http://{addr}"),
            shared,
        }
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Number of requests received so far.
    pub fn count(&self) -> usize {
        self.shared.received.lock().unwrap().len()
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    raw: String,
) -> Response {
    let body = serde_json::from_str(&raw).unwrap_or(Value::Null);
    shared.received.lock().unwrap().push(Received {
        path: uri.path().to_string(),
        authorization: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        raw,
        body,
    });
    let reply = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| shared.default.clone());
    render(reply).await
}

fn completion(content: Value) -> String {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "test-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160}
    })
    .to_string()
}

async fn render(mut reply: Reply) -> Response {
    while let Reply::Slow(delay, next) = reply {
        tokio::time::sleep(delay).await;
        reply = *next;
    }
    let json_header = [("content-type", "application/json")];
    match reply {
        Reply::Content(text) => (json_header, completion(Value::String(text))).into_response(),
        Reply::NullContent => (json_header, completion(Value::Null)).into_response(),
        Reply::Raw(body) => (json_header, body).into_response(),
        Reply::Status {
            status,
            body,
            retry_after,
        } => {
            let code = StatusCode::from_u16(status).unwrap();
            let mut response = (code, json_header, body).into_response();
            if let Some(ra) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", ra.parse().unwrap());
            }
            response
        }
        Reply::Slow(..) => unreachable!(),
    }
}
