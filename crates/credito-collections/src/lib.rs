//! # credito-collections
//!
//! The collections flow in one place, for every front end (the HTTP service's
//! `POST /gerar-mensagem`, `credito message`, an embedding service):
//!
//! 1. validate the seed's request body against the loaded policy's segments;
//! 2. take the client's segment from the body, or assign it from the payment
//!    signals with the segmentation model ([`shipped_segmentation`] by default);
//! 3. decide objective, channel, tone and action with the collection policy;
//! 4. write the message with the configured generator (an LLM when a provider
//!    is configured) under a deadline, after which the offline template answers;
//!    every message is checked by the guard whatever its source.
//!
//! ```
//! use credito_collections::{shipped_segmentation, MessageService};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let service = MessageService::offline(Some(shipped_segmentation().unwrap().into()));
//! // No `cluster`: the shipped model assigns one from the signals.
//! let body = serde_json::json!({"score_gravidade": 5.6, "freq_atrasos": 1.2,
//!     "razao_pagamento_6m": 0.08, "taxa_uso_limite": 0.74, "limite_credito": 80000,
//!     "canal_preferido": "WhatsApp"});
//! let handled = service.handle(&body).await.unwrap();
//! assert!(handled.response.cluster <= 3);
//! assert!(!handled.response.mensagem.is_empty());
//! # });
//! ```

#![deny(missing_docs)]

pub mod campaign;
pub mod plan;
mod service;

pub use service::{HandledMessage, MessageFailure, MessageService, DEFAULT_LLM_DEADLINE};

use segmentation::SegmentationModel;

/// The segmentation model shipped with credito, fitted on the UCI portfolio
/// (`credito segment --input data/uci_credit_card_default.csv.gz --model-out
/// crates/credito-collections/models/segmentation_default.json`), as JSON.
pub const SHIPPED_SEGMENTATION_MODEL: &str = include_str!("../models/segmentation_default.json");

/// The shipped segmentation model, parsed (the embedded file is checked by this
/// crate's tests).
pub fn shipped_segmentation() -> Result<SegmentationModel, segmentation::SegmentationError> {
    SegmentationModel::from_json(SHIPPED_SEGMENTATION_MODEL)
}
