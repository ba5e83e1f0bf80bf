//! # decision-store
//!
//! Nothing is forgotten: every credit decision and collection message credito answers is kept
//! with the request as sent, the full result, the policy, model and program versions, and an
//! append-only list of events (decided, reviewed by whom and when, replayed).
//!
//! * One trait, [`DecisionStore`]; one implementation, [`SqlStore`], on **SQLite** (embedded,
//!   WAL, `synchronous = FULL`; the default `credito.db`) or **PostgreSQL** (several
//!   `credito serve` instances behind a load balancer), chosen by a [`StoreLocation`].
//! * **Acknowledged means stored**: writes queue to one writer per process, which commits
//!   them in batches (one transaction for many decisions) and answers each only after its
//!   commit.
//! * **Idempotency**: a request id stored with the same body returns the stored record
//!   ([`PutOutcome::Existing`]); with another body, [`StoreError::Conflict`].
//! * **Manual review**: decisions sent to review are open until exactly one analyst resolves
//!   them ([`StoreError::AlreadyResolved`] for the others, across instances too).
//! * **Collection campaigns** ([`CampaignStore`], on the same database): members with their
//!   group (holdout or variant), the send queue, and the contact ledger of outcomes.
//! * **Versioned schema**: a store made by this version opens in the next.
//!
//! ```
//! use decision_store::{DecisionStore, NewDecision, PutOutcome, SqlStore, StoreLocation};
//! use serde_json::json;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqlStore::open(&StoreLocation::Sqlite(dir.path().join("credito.db"))).await?;
//! let decision = NewDecision {
//!     request_id: "REQ-1".into(),
//!     received_at: "2026-12-03T12:00:00.000Z".into(),
//!     customer_id: "CUST-1".into(),
//!     status: "pending_review".into(),
//!     policy_version: "credito-default@1#abc".into(),
//!     model_version: "mlp-1".into(),
//!     program_version: "credito 0.1.0".into(),
//!     request: json!({"request_id": "REQ-1", "requested_amount": 1000}),
//!     result: serde_json::value::to_raw_value(&json!({"approval_status": "pending_review"}))
//!         .unwrap(),
//! };
//! assert!(matches!(store.put_decision(decision.clone()).await?, PutOutcome::Stored));
//! // The same request again: the stored answer, not a second decision.
//! assert!(matches!(store.put_decision(decision).await?, PutOutcome::Existing(_)));
//! assert_eq!(store.open_reviews(10).await?.len(), 1);
//! # Ok::<(), decision_store::StoreError>(())
//! # }).unwrap();
//! ```

#![deny(missing_docs)]

mod campaign;
mod campaign_sql;
mod canonical;
mod error;
mod location;
mod record;
mod rows;
mod schema;
mod sql;
mod writer;

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

pub use campaign::{
    CampaignRecord, CampaignStore, LedgerFilter, Member, NewCampaign, NewOutcome, OutcomeImport,
    OutcomeRecord, QueueItem, SendReport, SendState, MAX_KEY_CHARS,
};
pub use canonical::canonical_json;
pub use error::StoreError;
pub use location::StoreLocation;
pub use record::{
    DecisionPage, DecisionQuery, DecisionRecord, Event, MessageRecord, NewDecision, NewMessage,
    PutOutcome, Resolution, ReviewState,
};
pub use schema::SCHEMA_VERSION;
pub use sql::{SqlStore, MAX_PAGE};
pub use writer::MAX_BATCH;

/// A boxed future of a store operation (the trait is object-safe: services hold an
/// `Arc<dyn DecisionStore>`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Where decisions and messages are kept.
pub trait DecisionStore: Send + Sync {
    /// Where the store is, for logs (no password).
    fn location(&self) -> String;

    /// Store a decision; answered only once it is committed. The same request id with the
    /// same request body returns the stored record; with another body,
    /// [`StoreError::Conflict`].
    fn put_decision(&self, decision: NewDecision) -> StoreFuture<'_, PutOutcome>;

    /// The decision with this request id, with its events.
    fn decision<'a>(&'a self, request_id: &'a str) -> StoreFuture<'a, Option<DecisionRecord>>;

    /// A page of decisions, oldest first.
    fn decisions(&self, query: DecisionQuery) -> StoreFuture<'_, DecisionPage>;

    /// Decisions waiting for a manual review, oldest first.
    fn open_reviews(&self, limit: u32) -> StoreFuture<'_, Vec<DecisionRecord>>;

    /// Resolve a manual review: appends a `reviewed` event; exactly one resolution wins.
    fn resolve_review(
        &self,
        request_id: String,
        resolution: Resolution,
    ) -> StoreFuture<'_, DecisionRecord>;

    /// Append an event (e.g. `replayed`) to a stored decision.
    fn append_event(
        &self,
        request_id: String,
        kind: String,
        actor: String,
        data: Value,
    ) -> StoreFuture<'_, Event>;

    /// Store a collection message; answered only once it is committed.
    fn put_message(&self, message: NewMessage) -> StoreFuture<'_, ()>;

    /// The collection message with this id.
    fn message<'a>(&'a self, message_id: &'a str) -> StoreFuture<'a, Option<MessageRecord>>;

    /// Whether the database answers now.
    fn check(&self) -> StoreFuture<'_, ()>;
}
