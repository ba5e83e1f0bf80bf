//! # llm-messaging
//!
//! Guarded collection messages (SPEC §4.4): the `/gerar-mensagem` request and response types,
//! a prompt builder that sends no personal data, an OpenAI-compatible chat-completions client
//! (Groq by default), deterministic pt-BR templates (the offline default) and the guard every
//! message passes before it is returned.
//!
//! * [`MessageRequest`] → [`ValidatedRequest`] → [`MessageInput`] (the caller fills in the
//!   segment when the request has none).
//! * [`MessageGenerator`]: [`TemplateGenerator`] (offline) or [`LlmGenerator`] (provider + guard
//!   + template fallback); [`generator_from_env`] picks one.
//! * [`Guard`]: length per channel, abusive language (CDC arts. 42 and 71), internal terms,
//!   unauthorised concessions.
//!
//! ```
//! use std::sync::Arc;
//! use collection_policy::PolicyTable;
//! use llm_messaging::{generator_from_config, MessageRequest};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let generator = generator_from_config(None, Arc::new(PolicyTable::seed())).unwrap();
//! let body = serde_json::json!({"score_gravidade": 40.0, "freq_atrasos": 4,
//!     "razao_pagamento_6m": 0.0, "taxa_uso_limite": 1.1, "limite_credito": 20000,
//!     "cluster": 3, "canal_preferido": "SMS", "cpf": "000.000.000-00"});
//! let input = MessageRequest::from_json(&body).unwrap().into_input().unwrap();
//! let out = generator.generate(&input).await.unwrap().response;
//! assert_eq!(out.canal.to_string(), "Telefone"); // segment 3 always goes to a human
//! assert!(!serde_json::to_string(&out).unwrap().contains("000.000"));
//! # });
//! ```

#![deny(missing_docs)]

mod client;
mod config;
mod detect;
mod generator;
mod guard;
mod prompt;
pub mod redact;
mod request;
mod response;
pub mod text;

pub use client::{ChatClient, LlmError};
pub use config::{
    ApiKey, ConfigError, LlmConfig, ValidLlmConfig, DEFAULT_MODEL, DEFAULT_TIMEOUT, GROQ_BASE_URL,
};
pub use generator::{
    decide, generator_from_config, generator_from_env, GenerateFuture, LlmGenerator, MessageError,
    MessageGenerator, MessageOutcome, SetupError, TemplateGenerator,
};
pub use guard::{max_chars, Guard, Known};
pub use prompt::{build_prompt, Prompt};
pub use request::{
    FieldError, MessageInput, MessageRequest, RequestError, Signals, ValidatedRequest,
    DEFAULT_SEGMENT_COUNT, MAX_FREQ_ATRASOS, MAX_LIMITE_CREDITO, MAX_SCORE_GRAVIDADE,
    MAX_TAXA_USO_LIMITE, NUMBER_FIELDS,
};
pub use response::{Fonte, GuardRule, MessageResponse, Violation};
