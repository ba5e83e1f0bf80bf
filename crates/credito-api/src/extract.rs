//! Request body extractors that turn every kind of bad body into an [`ApiError`]:
//! wrong or missing content type → 415, over the body limit → 413, malformed
//! JSON → 400, well-formed JSON of the wrong shape → 422 naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldMessage};

/// The raw bytes of a request body that declared a JSON content type and fit
/// the body limit (see [`crate::HttpSettings::body_limit`]).
#[derive(Debug, Clone)]
pub struct JsonBody(pub Bytes);

/// A JSON body deserialized into `T`, with the error mapping described in the
/// module documentation.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !has_json_content_type(req.headers()) {
            return Err(ApiError::unsupported_media_type());
        }
        let limit = req
            .extensions()
            .get::<BodyLimit>()
            .map_or(crate::config::DEFAULT_BODY_LIMIT, |l| l.0);
        match Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(JsonBody(bytes)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::payload_too_large(limit))
            }
            Err(rejection) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("could not read the request body: {}", rejection.body_text()),
            )),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBody(bytes) = JsonBody::from_request(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The body limit in force, recorded in the request extensions by the router
/// so error messages can quote it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit(pub usize);

/// `true` when `Content-Type` is `application/json` or `application/<x>+json`
/// (parameters such as `charset` are allowed).
///
/// ```
/// use axum::http::{header, HeaderMap, HeaderValue};
/// use credito_api::extract::has_json_content_type;
///
/// let mut headers = HeaderMap::new();
/// assert!(!has_json_content_type(&headers));
/// headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
/// assert!(has_json_content_type(&headers));
/// ```
pub fn has_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.strip_prefix("application/") {
        Some(subtype) => subtype == "json" || subtype.ends_with("+json"),
        None => false,
    }
}

/// Deserialize a JSON body into `T`: syntax errors → 400, shape errors → 422
/// naming the field by its dotted path.
///
/// ```
/// use credito_api::extract::parse_json;
///
/// #[derive(serde::Deserialize, Debug)]
/// struct Body { age: u32 }
///
/// let err = parse_json::<Body>(br#"{"age": "old"}"#).unwrap_err();
/// assert_eq!(err.status.as_u16(), 422);
/// assert_eq!(err.body.fields[0].field, "age");
/// assert_eq!(parse_json::<Body>(b"{").unwrap_err().status.as_u16(), 400);
/// ```
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        // A number beyond f64 is well-formed JSON with an unusable value: name its field.
        if is_out_of_range(err.inner()) {
            return ApiError::unprocessable(vec![field_message(
                &path,
                "number out of range (not a finite 64-bit float)",
            )]);
        }
        // A shape error in a body that is not JSON at all is reported as
        // malformed: syntax comes first.
        if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            if !is_out_of_range(&syntax) {
                return ApiError::malformed_json(syntax);
            }
        }
        json_error(&path, err.inner())
    })?;
    deserializer.end().map_err(ApiError::malformed_json)?;
    Ok(value)
}

/// serde_json's error for a number too large for `f64` (e.g. `1e400`).
fn is_out_of_range(err: &serde_json::Error) -> bool {
    err.to_string().starts_with("number out of range")
}

/// Map a serde_json error found at `path` to 400 (syntax) or 422 (shape).
pub(crate) fn json_error(path: &str, err: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match err.classify() {
        Category::Data => {
            let message = strip_location(&err.to_string());
            ApiError::unprocessable(vec![field_message(path, &message)])
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::malformed_json(err),
    }
}

/// Name the field of a serde message: `missing field `x`` and `unknown field `x``
/// are reported against the child field rather than its parent.
fn field_message(path: &str, message: &str) -> FieldMessage {
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some(end) = rest.find('`') {
                let name = &rest[..end];
                let full = if path.is_empty() || path == "." {
                    name.to_string()
                } else if path.ends_with(name) {
                    path.to_string()
                } else {
                    format!("{path}.{name}")
                };
                return FieldMessage::new(full, message);
            }
        }
    }
    let field = if path.is_empty() { "." } else { path };
    FieldMessage::new(field, message)
}

/// Drop serde_json's ` at line L column C` suffix.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(idx) => message[..idx].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        age: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        profile: Inner,
        kind: Option<String>,
    }

    #[test]
    fn missing_nested_field_names_the_child() {
        let err = parse_json::<Outer>(br#"{"profile": {}}"#).unwrap_err();
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.body.fields[0].field, "profile.age");
    }

    #[test]
    fn unknown_nested_field_names_it() {
        let err = parse_json::<Outer>(br#"{"profile": {"age": 3, "zzz": 1}}"#).unwrap_err();
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.body.fields[0].field, "profile.zzz");
        assert!(!err.body.fields[0].message.contains("line"));
    }

    #[test]
    fn wrong_type_names_the_field() {
        let err = parse_json::<Outer>(br#"{"profile": {"age": -1}}"#).unwrap_err();
        assert_eq!(err.body.fields[0].field, "profile.age");
    }

    #[test]
    fn trailing_garbage_is_malformed() {
        let err = parse_json::<Outer>(br#"{"profile": {"age": 1}} x"#).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn content_type_variants() {
        let mut h = HeaderMap::new();
        for (ct, ok) in [
            ("application/json", true),
            ("Application/JSON", true),
            ("application/problem+json", true),
            ("text/plain", false),
            ("application/jsonx", false),
            ("json", false),
        ] {
            h.insert(header::CONTENT_TYPE, ct.parse().unwrap());
            assert_eq!(has_json_content_type(&h), ok, "{ct}");
        }
    }
}

/// A query string deserialised into `T`; a parameter that does not fit is a JSON 422 naming it
/// (axum's own extractor answers plain text).
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|err| {
                let inner = err.to_string();
                // The message names the parameter: "limit: invalid digit", "duplicate field `status`".
                let field = inner
                    .split('`')
                    .nth(1)
                    .or_else(|| inner.split_once(':').map(|(f, _)| f.trim()))
                    .filter(|f| !f.is_empty() && !f.contains(' '))
                    .unwrap_or("query")
                    .to_string();
                ApiError::unprocessable(vec![FieldMessage::new(field, inner)])
            })
    }
}
