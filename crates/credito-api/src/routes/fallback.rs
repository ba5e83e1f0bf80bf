//! JSON answers for unknown paths (404) and known paths with the wrong
//! method (405).

use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// 404 for any path no route matches.
pub async fn not_found(uri: Uri) -> Response {
    ApiError::not_found(uri.path()).into_response()
}

/// 405 for a known path called with another method.
pub async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::method_not_allowed(method.as_str(), uri.path()).into_response()
}
