//! llm-messaging
