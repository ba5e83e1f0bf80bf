//! Early 413: a request whose `Content-Length` is over the body limit is
//! answered at once, before any of its body is read, and no `100 Continue`
//! is sent for it.
//!
//! A client that did not ask `Expect: 100-continue` is already sending the
//! body; closing the connection with it unread would make the client's send
//! fail (a reset) before it can read the 413. So for such a client the body
//! is read and discarded in the background, up to [`DRAIN_MAX_BYTES`] and
//! [`DRAIN_MAX_TIME`], while the 413 goes out; then the connection closes.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use crate::error::ApiError;

/// Largest over-limit body read and discarded so the client can read the 413.
pub const DRAIN_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Longest time spent discarding an over-limit body.
pub const DRAIN_MAX_TIME: Duration = Duration::from_secs(10);

/// Middleware: refuse a declared body over `limit` bytes before reading it.
pub async fn reject_oversized(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let Some(length) = declared_length(req.headers()) else {
        return next.run(req).await;
    };
    if length <= limit as u64 {
        return next.run(req).await;
    }
    tracing::info!(content_length = length, limit, "refused an over-limit body");
    let waits_for_continue = expects_continue(req.headers());
    if !waits_for_continue && length <= DRAIN_MAX_BYTES {
        tokio::spawn(discard(req.into_body()));
    }
    let mut response = ApiError::payload_too_large(limit).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn expects_continue(headers: &HeaderMap) -> bool {
    headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"))
}

/// Read and drop `body` until it ends, fails, or the time is up.
async fn discard(body: Body) {
    let mut body = body;
    let drain = async {
        while let Some(frame) = body.frame().await {
            if frame.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_MAX_TIME, drain).await;
}
