//! Integration tests of llm-messaging, in one binary (each file a module).

mod support;

mod guard_corpus;
mod guard_templates;
mod provider;
mod real_provider;
