//! What the store keeps: decisions with their events, and collection messages.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

/// A decision to store, as the service made it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewDecision {
    /// The request's id (the idempotency key).
    pub request_id: String,
    /// When the request arrived (RFC 3339, UTC).
    pub received_at: String,
    /// The customer's id.
    pub customer_id: String,
    /// The decision: `approved`, `pending_review` or `rejected`.
    pub status: String,
    /// The credit policy that decided.
    pub policy_version: String,
    /// The approval model that decided.
    pub model_version: String,
    /// The program that decided (`credito 0.1.0`).
    pub program_version: String,
    /// The request as sent (canonical JSON: keys sorted).
    pub request: Value,
    /// The full result, as the JSON text answered (written as is: the service serialises its
    /// analysis once, for the answer and the store; `serde_json::value::to_raw_value`).
    pub result: Box<RawValue>,
}

/// The state of a decision's manual review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Waiting for an analyst.
    Open,
    /// An analyst approved or rejected it.
    Resolved,
}

impl ReviewState {
    pub(crate) fn code(self) -> &'static str {
        match self {
            ReviewState::Open => "open",
            ReviewState::Resolved => "resolved",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "open" => Some(ReviewState::Open),
            "resolved" => Some(ReviewState::Resolved),
            _ => None,
        }
    }
}

/// One entry of a decision's append-only history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the decision's history, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// `decided`, `reviewed`, `replayed`, ...
    pub kind: String,
    /// Who: the program for `decided`, the analyst for `reviewed`.
    pub actor: String,
    /// What: the review's decision and note, a replay's result, ...
    pub data: Value,
}

/// A stored decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The request's id.
    pub request_id: String,
    /// When the request arrived.
    pub received_at: String,
    /// The customer's id.
    pub customer_id: String,
    /// The status decided by the pipeline (a review does not change it; see `review`).
    pub status: String,
    /// The credit policy that decided.
    pub policy_version: String,
    /// The approval model that decided.
    pub model_version: String,
    /// The program that decided.
    pub program_version: String,
    /// The request as sent.
    pub request: Value,
    /// The full result, as answered.
    pub result: Value,
    /// The manual review, for decisions sent to one.
    pub review_state: Option<ReviewState>,
    /// The analyst's decision once resolved: `approved` or `rejected`.
    pub final_status: Option<String>,
    /// Every event, oldest first.
    pub events: Vec<Event>,
}

/// The outcome of storing a decision.
#[derive(Debug, Clone, PartialEq)]
pub enum PutOutcome {
    /// Stored now, exactly as given (its one event is `decided`).
    Stored,
    /// The same request was stored before: the stored record (answer it, do not decide again).
    Existing(Box<DecisionRecord>),
}

/// An analyst's resolution of a manual review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// `approved` or `rejected`.
    pub decision: String,
    /// Who decided.
    pub analyst: String,
    /// Why, in the analyst's words.
    #[serde(default)]
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Which decisions to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionQuery {
    /// Only this status.
    pub status: Option<String>,
    /// Only this customer.
    pub customer_id: Option<String>,
    /// Only decisions received at or after this RFC 3339 instant.
    pub since: Option<String>,
    /// At most this many (1..=1000).
    pub limit: u32,
    /// Continue after this cursor (from the previous page).
    pub cursor: Option<String>,
}

/// One page of decisions, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionPage {
    /// The decisions.
    pub items: Vec<DecisionRecord>,
    /// Pass as `cursor` for the next page; `None` on the last one.
    pub next_cursor: Option<String>,
}

/// A collection message to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMessage {
    /// The message's id.
    pub message_id: String,
    /// When it was written (RFC 3339, UTC).
    pub created_at: String,
    /// The segment the policy decided on.
    pub segment: i64,
    /// The collection policy.
    pub policy_version: String,
    /// The channel.
    pub canal: String,
    /// `llm` or `template`.
    pub fonte: String,
    /// Whether the guard passed the text.
    pub guard_passed: bool,
    /// The inputs as sent (canonical JSON).
    pub request: Value,
    /// The whole response (text, violations, objective, ...).
    pub response: Value,
}

/// A stored collection message.
pub type MessageRecord = NewMessage;
