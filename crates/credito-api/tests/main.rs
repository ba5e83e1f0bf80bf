//! Integration tests of credito-api, in one binary (each file a module).

mod common;

mod collections_ops;
mod credit_policy;
mod endpoints;
mod hostile;
mod infrastructure;
mod llm;
