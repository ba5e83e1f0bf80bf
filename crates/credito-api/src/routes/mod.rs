//! The HTTP handlers, one module per group of endpoints.

pub mod collections;
pub mod credit;
pub mod decisions;
pub mod fallback;
pub mod health;
pub mod messages;
