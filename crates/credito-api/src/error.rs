//! The JSON error body every failed request gets:
//! `{"error": "...", "fields": [{"field": "...", "message": "..."}]}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One offending field of a request and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldMessage {
    /// Dotted path of the field in the request body (e.g. `customer_profile.age`);
    /// `.` for the body as a whole.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldMessage {
    /// A field path and its message.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Short description of the failure.
    pub error: String,
    /// Every offending field (empty when the failure is not about a field).
    pub fields: Vec<FieldMessage>,
}

/// An HTTP error: a status and its JSON body.
///
/// ```
/// use axum::http::StatusCode;
/// use credito_api::{ApiError, FieldMessage};
///
/// let err = ApiError::unprocessable(vec![FieldMessage::new("age", "must be 18..=100")]);
/// assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
/// assert_eq!(err.body.fields[0].field, "age");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// JSON body of the response.
    pub body: ErrorBody,
}

impl ApiError {
    /// An error with a status, a message and no fields.
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                error: error.into(),
                fields: Vec::new(),
            },
        }
    }

    /// Attach offending fields.
    pub fn with_fields(mut self, fields: Vec<FieldMessage>) -> Self {
        self.body.fields = fields;
        self
    }

    /// 400: the body is not well-formed JSON.
    pub fn malformed_json(detail: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {detail}"))
    }

    /// 415: the request does not declare a JSON content type.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected a request with `Content-Type: application/json`",
        )
    }

    /// 422: well-formed JSON whose values are invalid, field by field.
    pub fn unprocessable(fields: Vec<FieldMessage>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid request").with_fields(fields)
    }

    /// 413: the body is over the configured limit.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than {limit} bytes"),
        )
    }

    /// 404: no such route.
    pub fn not_found(path: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("no route for {path}"))
    }

    /// 405: the route exists but not for this method.
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method {method} not allowed for {path}"),
        )
    }

    /// 401: missing or wrong bearer token.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "missing or invalid bearer token (Authorization: Bearer <token>)",
        )
    }

    /// 408: the request did not complete within the configured time.
    pub fn timeout(limit: std::time::Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            format!("request not completed within {} ms", limit.as_millis()),
        )
    }

    /// 500: a failure on our side (never caused by the request's content).
    pub fn internal(error: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, error)
    }
}

impl From<decision_store::StoreError> for ApiError {
    /// 503 when the store cannot take or give data now (nothing was answered that is not
    /// stored), 404 for an unknown id, 409 for a conflicting request id or review, 422 for a
    /// bad field.
    fn from(err: decision_store::StoreError) -> Self {
        use decision_store::StoreError as E;
        match &err {
            E::Unavailable(_) | E::Corrupt(_) | E::InvalidLocation { .. } => {
                tracing::error!(error = %err, "decision store failed");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the decision store is unavailable; nothing was stored, retry later",
                )
            }
            E::NotFound { .. } | E::MessageNotFound { .. } | E::CampaignNotFound { .. } => {
                Self::new(StatusCode::NOT_FOUND, err.to_string())
            }
            E::Conflict { .. } => Self::new(StatusCode::CONFLICT, err.to_string())
                .with_fields(vec![FieldMessage::new("request_id", err.to_string())]),
            E::NotPendingReview { .. } | E::AlreadyResolved { .. } => {
                Self::new(StatusCode::CONFLICT, err.to_string())
            }
            E::CampaignExists { .. } => Self::new(StatusCode::CONFLICT, err.to_string())
                .with_fields(vec![FieldMessage::new("name", err.to_string())]),
            E::Invalid { field, message } => {
                Self::unprocessable(vec![FieldMessage::new(*field, message.clone())])
            }
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status.as_u16(), self.body.error)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let unauthorized = self.status == StatusCode::UNAUTHORIZED;
        let mut response = (self.status, axum::Json(self.body)).into_response();
        if unauthorized {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
