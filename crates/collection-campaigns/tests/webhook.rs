//! The webhook sender against a real HTTP receiver on 127.0.0.1: it retries a gateway that
//! fails for a while, sends the same idempotency key on every try (the receiver keeps one
//! contact), gives up at once on a refusal, and reports an unreachable gateway.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use collection_campaigns::send::{Delivery, SendError, Sender, WebhookSender};

/// What the receiver saw: every request's key and auth header, and the contacts it kept.
#[derive(Default)]
struct Seen {
    requests: Vec<(String, Option<String>)>,
    kept: HashMap<String, Delivery>,
    /// Answer 503 to this many requests first.
    failures_left: usize,
    /// Answer this status to everything when set.
    always: Option<u16>,
}

type Shared = Arc<Mutex<Seen>>;

async fn receive(
    State(seen): State<Shared>,
    headers: HeaderMap,
    Json(delivery): Json<Delivery>,
) -> (StatusCode, String) {
    let mut seen = seen.lock().unwrap();
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    seen.requests.push((key.clone(), auth));
    if let Some(status) = seen.always {
        return (
            StatusCode::from_u16(status).unwrap(),
            "no such number".into(),
        );
    }
    if seen.failures_left > 0 {
        seen.failures_left -= 1;
        return (StatusCode::SERVICE_UNAVAILABLE, "busy".into());
    }
    // Idempotent: a key already kept is acknowledged, not kept twice.
    seen.kept.entry(key).or_insert(delivery);
    (StatusCode::ACCEPTED, "queued".into())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

async fn receiver(seen: Shared) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/contact", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/hooks/contact", post(receive))
        .with_state(seen);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

fn delivery(key: &str) -> Delivery {
    Delivery {
        idempotency_key: key.into(),
        campaign: "dez-2026".into(),
        client_id: "CLI-1".into(),
        channel: "whatsapp".into(),
        variant: "v1".into(),
        segment: 2,
        send_at: "2026-12-07T09:00:00-03:00".into(),
        message: "Olá, Ana. Consta em aberto R$ 1.234,56.".into(),
        source: "template".into(),
    }
}

#[test]
fn a_failing_gateway_is_retried_with_the_same_key_and_keeps_one_contact() {
    runtime().block_on(async {
        let seen: Shared = Arc::new(Mutex::new(Seen {
            failures_left: 2,
            ..Seen::default()
        }));
        let url = receiver(seen.clone()).await;
        let sender = WebhookSender::new(&url)
            .unwrap()
            .with_token(Some("s3cret".into()))
            .with_retries(4, Duration::from_millis(10));
        let sent = sender
            .send(&delivery("dez-2026:CLI-1:whatsapp"))
            .await
            .unwrap();
        assert_eq!((sent.attempts, sent.status), (3, 202));
        // Sent again (a re-run of the queue): the receiver still holds one contact.
        let again = sender
            .send(&delivery("dez-2026:CLI-1:whatsapp"))
            .await
            .unwrap();
        assert_eq!(again.attempts, 1);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.requests.len(), 4);
        assert!(seen
            .requests
            .iter()
            .all(|(k, auth)| k == "dez-2026:CLI-1:whatsapp"
                && auth.as_deref() == Some("Bearer s3cret")));
        assert_eq!(seen.kept.len(), 1);
        assert_eq!(
            seen.kept["dez-2026:CLI-1:whatsapp"],
            delivery("dez-2026:CLI-1:whatsapp")
        );
    });
}

#[test]
fn a_refusal_is_not_retried_and_a_gateway_that_keeps_failing_is_reported() {
    runtime().block_on(async {
        let seen: Shared = Arc::new(Mutex::new(Seen {
            always: Some(422),
            ..Seen::default()
        }));
        let url = receiver(seen.clone()).await;
        let sender = WebhookSender::new(&url)
            .unwrap()
            .with_retries(5, Duration::from_millis(10));
        let err = sender.send(&delivery("k1")).await.unwrap_err();
        assert_eq!(
            err,
            SendError::Rejected {
                attempts: 1,
                status: 422,
                body: "no such number".into()
            }
        );
        seen.lock().unwrap().always = Some(500);
        let err = sender.send(&delivery("k2")).await.unwrap_err();
        assert!(
            matches!(err, SendError::Unavailable { attempts: 5, .. }),
            "{err}"
        );
        assert_eq!(seen.lock().unwrap().requests.len(), 6);
    });
}

#[test]
fn an_unreachable_gateway_is_unavailable_and_a_bad_url_is_refused() {
    runtime().block_on(async {
        // A port nothing listens on: bind one, note it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let sender = WebhookSender::new(&format!("http://127.0.0.1:{port}/x"))
            .unwrap()
            .with_retries(2, Duration::from_millis(5));
        let err = sender.send(&delivery("k")).await.unwrap_err();
        assert_eq!(err.attempts(), 2);
        assert!(err.to_string().contains("cannot connect"), "{err}");
    });
    assert!(WebhookSender::new("ftp://example.invalid/x").is_err());
    assert!(WebhookSender::new("not a url").is_err());
}
