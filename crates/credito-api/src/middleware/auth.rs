//! Optional bearer-token auth: when a token is configured every route except
//! the health check requires `Authorization: Bearer <token>`; otherwise 401.
//! The token is compared in constant time and never logged.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// What the auth middleware needs: the expected token and the exempt paths.
#[derive(Clone)]
pub struct AuthState {
    token: Option<Arc<[u8]>>,
    exempt: Arc<[&'static str]>,
}

impl AuthState {
    /// Auth with `token` (none = off); `exempt` paths never need it (an entry
    /// ending in `/` exempts every path under it).
    pub fn new(token: Option<&str>, exempt: &[&'static str]) -> Self {
        Self {
            token: token.map(|t| Arc::from(t.as_bytes())),
            exempt: Arc::from(exempt),
        }
    }
}

/// Middleware: check the bearer token.
pub async fn require_bearer(State(auth): State<AuthState>, req: Request, next: Next) -> Response {
    let Some(expected) = auth.token.as_deref() else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    let exempt = auth
        .exempt
        .iter()
        .any(|e| *e == path || (e.ends_with('/') && path.starts_with(e)));
    if exempt {
        return next.run(req).await;
    }
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    match presented {
        Some(token) if constant_time_eq(token.as_bytes(), expected) => next.run(req).await,
        _ => {
            tracing::info!("rejected request without a valid bearer token");
            ApiError::unauthorized().into_response()
        }
    }
}

/// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// Compare two byte strings without an early exit on the first difference.
///
/// ```
/// use credito_api::middleware::auth::constant_time_eq;
///
/// assert!(constant_time_eq(b"token", b"token"));
/// assert!(!constant_time_eq(b"token", b"tokem"));
/// assert!(!constant_time_eq(b"token", b"token2"));
/// ```
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let len = a.len().max(b.len());
    let mut diff = (a.len() ^ b.len()) as u64;
    for i in 0..len {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= u64::from(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bearer_header() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer"), None);
    }
}
