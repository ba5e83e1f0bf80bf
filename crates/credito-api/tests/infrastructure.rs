//! The infrastructure layers on a small router of our own, through real
//! sockets: every error class, request ids, timeout, auth, shutdown.

use std::time::Duration;

use crate::common::{client, error_body, field_names, post_bytes, TestServer};
use axum::routing::{get, post};
use axum::{Json, Router};
use credito_api::{with_infrastructure, ApiJson, HttpSettings};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Probe {
    name: String,
    inner: Inner,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Inner {
    count: u32,
}

async fn probe(ApiJson(p): ApiJson<Probe>) -> Json<serde_json::Value> {
    Json(serde_json::json!({"name": p.name, "count": p.inner.count}))
}

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_millis(400)).await;
    "done"
}

async fn very_slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(30)).await;
    "never"
}

fn app(settings: HttpSettings) -> Router {
    let routes = Router::new()
        .route("/probe", post(probe))
        .route("/slow", get(slow))
        .route("/very-slow", get(very_slow))
        .route("/api/credit/health", get(|| async { "ok" }));
    with_infrastructure(routes, &settings)
}

async fn server() -> TestServer {
    TestServer::start(app(HttpSettings::default())).await
}

#[tokio::test]
async fn valid_body_is_accepted() {
    let s = server().await;
    let r = client()
        .post(s.url("/probe"))
        .json(&serde_json::json!({"name": "a", "inner": {"count": 2}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["count"], 2);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn malformed_json_is_400() {
    let s = server().await;
    for text in ["{", "", "nul", "{\"name\": \"a\",}", "{} {}", "[1,2"] {
        let r = post_bytes(&s, "/probe", Some("application/json"), text).await;
        assert_eq!(r.status(), 400, "body {text:?}");
        error_body(r).await;
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn wrong_or_missing_content_type_is_415() {
    let s = server().await;
    let body = r#"{"name": "a", "inner": {"count": 2}}"#;
    let r = post_bytes(&s, "/probe", None, body).await;
    assert_eq!(r.status(), 415);
    error_body(r).await;
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let r = post_bytes(&s, "/probe", Some(ct), body).await;
        assert_eq!(r.status(), 415, "{ct}");
        error_body(r).await;
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn oversize_body_is_413() {
    let s = server().await;
    let name = "x".repeat(70 * 1024);
    let r = client()
        .post(s.url("/probe"))
        .json(&serde_json::json!({"name": name, "inner": {"count": 1}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body = error_body(r).await;
    assert!(body["error"].as_str().unwrap().contains("65536"));
    s.stop().await.unwrap();
}

#[tokio::test]
async fn body_limit_is_configurable() {
    let s = TestServer::start(app(HttpSettings::default().with_body_limit(32))).await;
    let r = client()
        .post(s.url("/probe"))
        .json(&serde_json::json!({"name": "a".repeat(40), "inner": {"count": 1}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    error_body(r).await;
    s.stop().await.unwrap();
}

#[tokio::test]
async fn shape_errors_are_422_naming_the_field() {
    let s = server().await;
    let cases = [
        (r#"{"name": 3, "inner": {"count": 2}}"#, "name"),
        (r#"{"name": "a", "inner": {"count": -2}}"#, "inner.count"),
        (r#"{"name": "a", "inner": {}}"#, "inner.count"),
        (r#"{"inner": {"count": 1}}"#, "name"),
        (
            r#"{"name": "a", "inner": {"count": 1}, "extra": true}"#,
            "extra",
        ),
        (r#""text""#, "."),
    ];
    for (text, field) in cases {
        let r = post_bytes(&s, "/probe", Some("application/json"), text).await;
        assert_eq!(r.status(), 422, "{text}");
        let body = error_body(r).await;
        assert_eq!(field_names(&body), [field], "{text}: {body}");
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_is_405() {
    let s = server().await;
    let r = client().get(s.url("/nowhere")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    error_body(r).await;
    let r = client().get(s.url("/probe")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    error_body(r).await;
    let r = client().delete(s.url("/slow")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    error_body(r).await;
    s.stop().await.unwrap();
}

#[tokio::test]
async fn request_id_is_echoed_or_generated() {
    let s = server().await;
    let r = client()
        .get(s.url("/api/credit/health"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "abc-123");
    let r = client().get(s.url("/nowhere")).send().await.unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "uuid expected, got {id}");
    s.stop().await.unwrap();
}

#[tokio::test]
async fn slow_request_gets_408_json() {
    let settings = HttpSettings::default().with_request_timeout(Duration::from_millis(100));
    let s = TestServer::start(app(settings)).await;
    let r = client().get(s.url("/very-slow")).send().await.unwrap();
    assert_eq!(r.status(), 408);
    error_body(r).await;
    s.stop().await.unwrap();
}

#[tokio::test]
async fn slow_body_upload_gets_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let settings = HttpSettings::default().with_request_timeout(Duration::from_millis(200));
    let s = TestServer::start(app(settings)).await;
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    // Announce 100 bytes, send 10, then stall.
    tcp.write_all(
        b"POST /probe HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"name\": ",
    )
    .await
    .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), tcp.read(&mut buf))
        .await
        .expect("server must answer a stalled upload")
        .unwrap();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    s.stop().await.unwrap();
}

#[tokio::test]
async fn auth_on_requires_the_token_except_for_health() {
    let settings = HttpSettings::default().with_token(Some("t0ken".into()));
    let s = TestServer::start(app(settings)).await;
    let body = serde_json::json!({"name": "a", "inner": {"count": 2}});

    let r = client()
        .post(s.url("/probe"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    error_body(r).await;

    for auth in ["Bearer wrong", "Bearer t0ken2", "Basic t0ken", "t0ken"] {
        let r = client()
            .post(s.url("/probe"))
            .header("authorization", auth)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{auth}");
    }

    let r = client()
        .post(s.url("/probe"))
        .bearer_auth("t0ken")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = client()
        .get(s.url("/api/credit/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn auth_off_needs_no_token() {
    let s = server().await;
    let r = client()
        .post(s.url("/probe"))
        .json(&serde_json::json!({"name": "a", "inner": {"count": 2}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish() {
    let mut s = server().await;
    let url = s.url("/slow");
    let in_flight = tokio::spawn(async move { client().get(url).send().await });
    // Give the request time to reach the handler, then ask for shutdown.
    tokio::time::sleep(Duration::from_millis(150)).await;
    s.signal_shutdown();
    let response = in_flight
        .await
        .unwrap()
        .expect("in-flight request completes");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "done");
    s.join().await.expect("server stops cleanly");
}

#[tokio::test]
async fn a_request_head_that_never_ends_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // The test server allows 2 s for a request head.
    let s = server().await;
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    tcp.write_all(b"GET /api/credit/health HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), tcp.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server must close a stalled request head");
    let text = String::from_utf8_lossy(&buf);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    s.stop().await.unwrap();
}

#[tokio::test]
async fn shutdown_closes_idle_keep_alive_connections() {
    let s = server().await;
    let c = client();
    // Leaves a pooled keep-alive connection open.
    let r = c.get(s.url("/api/credit/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    tokio::time::timeout(Duration::from_secs(10), s.stop())
        .await
        .expect("an idle connection must not hold up shutdown")
        .unwrap();
}

/// Send `head` (and `body`) on a raw socket and read one whole response (head
/// and `content-length` body), bounded in time to detect a hang.
async fn raw_exchange(base: &str, head: &str, body: &[u8]) -> Result<String, std::io::Error> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await?;
    tcp.write_all(head.as_bytes()).await?;
    tcp.write_all(body).await?;
    let read = async {
        let mut answer = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = tcp.read(&mut chunk).await?;
            answer.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&answer).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if answer.len() >= end + 4 + length || n == 0 {
                    return Ok(text);
                }
            } else if n == 0 {
                return Ok(text);
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("the server must answer without waiting for the body")
}

#[tokio::test]
async fn a_declared_over_limit_body_is_413_before_it_is_sent_and_without_100_continue() {
    let s = server().await;
    for expect in ["expect: 100-continue\r\n", ""] {
        let head = format!(
            "POST /probe HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
             content-length: 10000000\r\n{expect}\r\n"
        );
        let answer = raw_exchange(&s.base, &head, b"").await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 413"), "{expect:?}: {answer}");
        assert!(!answer.contains("100 Continue"), "{answer}");
        assert!(
            answer.contains("65536"),
            "the JSON body names the limit: {answer}"
        );
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn a_client_that_sends_5_mb_in_full_can_read_the_413() {
    let s = server().await;
    let body = vec![b' '; 5 * 1024 * 1024];
    let head = format!(
        "POST /probe HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n",
        body.len()
    );
    let answer = raw_exchange(&s.base, &head, &body)
        .await
        .expect("sending the whole body must not fail with a reset or broken pipe");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    s.stop().await.unwrap();
}
