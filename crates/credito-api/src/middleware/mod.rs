//! Cross-cutting request handling: request id and tracing, bearer auth,
//! request timeout, early 413 for declared over-limit bodies.

pub mod auth;
pub mod body_limit;
pub mod request_id;
pub mod timeout;
