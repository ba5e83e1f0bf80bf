//! Cross-cutting request handling: request id and tracing, bearer auth,
//! request timeout.

pub mod auth;
pub mod request_id;
pub mod timeout;
