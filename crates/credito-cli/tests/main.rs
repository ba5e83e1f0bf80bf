//! Integration tests of credito-cli, in one binary (each file a module).

/// The fake OpenAI-compatible provider of the llm-messaging tests.
#[path = "../../llm-messaging/tests/support/mod.rs"]
mod support;

/// The throwaway PostgreSQL cluster of the decision-store tests.
#[path = "../../decision-store/tests/support/postgres.rs"]
mod postgres;

mod common;

mod analyze_cli;
mod campaign_cli;
mod message_cli;
mod output_safety;
mod plan_cli;
mod policy_cli;
mod portfolio_files;
mod segment_cli;
mod serve_cli;
mod served;
mod store_cli;
mod train_cli;
