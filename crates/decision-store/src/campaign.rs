//! What the store keeps for collection campaigns: each campaign's members with their group
//! (holdout or a variant), the send queue of planner-allowed instants, and the contact ledger
//! (every attempt and its outcome) that the contact planner and the campaign report read.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::StoreFuture;

/// Longest campaign name or client id the store keeps, in characters.
pub const MAX_KEY_CHARS: usize = 200;

/// A campaign to store, with its members and send queue, in one transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCampaign {
    /// The campaign's name (unique).
    pub name: String,
    /// When it was created (RFC 3339, UTC); outcomes from then on are its effect.
    pub created_at: String,
    /// The seed of the assignment.
    pub seed: u64,
    /// The share of each segment held out (not contacted).
    pub holdout: f64,
    /// The contact rule pack its queue was planned under.
    pub rules: String,
    /// Its definition (variants and what they write), as given.
    pub spec: Value,
    /// Its members.
    pub members: Vec<Member>,
    /// Its send queue.
    pub queue: Vec<QueueItem>,
}

/// A stored campaign, without its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignRecord {
    /// The campaign's name.
    pub name: String,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
    /// The seed of the assignment.
    pub seed: u64,
    /// The share of each segment held out.
    pub holdout: f64,
    /// The contact rule pack.
    pub rules: String,
    /// Its definition.
    pub spec: Value,
    /// How many clients it has.
    pub members: u64,
}

/// A client of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The client's id.
    pub client_id: String,
    /// Its segment.
    pub segment: u8,
    /// `holdout` or a variant id.
    pub group: String,
    /// The client as given (what its messages are written from).
    pub client: Value,
}

/// Where one queued contact stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendState {
    /// Waiting for its instant.
    Queued,
    /// The gateway accepted it.
    Sent,
    /// It could not be sent (the last error says why); it is not retried by itself.
    Failed,
    /// When it came due, the planner no longer allowed it (e.g. the client paid).
    Skipped,
}

impl SendState {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            SendState::Queued => "queued",
            SendState::Sent => "sent",
            SendState::Failed => "failed",
            SendState::Skipped => "skipped",
        }
    }

    /// The state of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "queued" => SendState::Queued,
            "sent" => SendState::Sent,
            "failed" => SendState::Failed,
            "skipped" => SendState::Skipped,
            _ => return None,
        })
    }
}

/// One contact in a campaign's send queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    /// The key the gateway deduplicates on (the same contact is never sent twice).
    pub idempotency_key: String,
    /// The client.
    pub client_id: String,
    /// The channel (`phone`, `whatsapp`, `sms`, `email`).
    pub channel: String,
    /// The variant it gets.
    pub group: String,
    /// The instant the planner allowed (RFC 3339 in the client's offset).
    pub send_at: String,
    /// The same instant in UTC, `YYYY-MM-DDTHH:MM:SSZ` (what due-ness is compared on).
    pub send_at_utc: String,
    /// Where it stands.
    pub state: SendState,
    /// Delivery attempts made.
    pub attempts: u32,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// When the gateway accepted it (RFC 3339, UTC).
    pub sent_at: Option<String>,
}

/// The result of trying to send one queued contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendReport {
    /// The contact's idempotency key.
    pub idempotency_key: String,
    /// Its new state.
    pub state: SendState,
    /// Delivery attempts made this time.
    pub attempts: u32,
    /// The error, when not sent.
    pub error: Option<String>,
    /// When it was sent (RFC 3339, UTC).
    pub at: Option<String>,
}

/// One contact attempt and its outcome, for the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewOutcome {
    /// The client.
    pub client_id: String,
    /// The channel.
    pub channel: String,
    /// When (RFC 3339, UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// `no_answer`, `conversation`, `promise`, `paid`, `refused` or `opt_out`.
    pub outcome: String,
    /// The promised payment date (`YYYY-MM-DD`), for a promise.
    pub promised_date: Option<String>,
    /// The amount paid or promised.
    pub amount: Option<f64>,
    /// The campaign it answers, when known.
    pub campaign: Option<String>,
    /// Who reported it (`import:FILE`, `api`).
    pub source: String,
}

/// A stored outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The outcome as given.
    #[serde(flatten)]
    pub outcome: NewOutcome,
    /// When it was stored.
    pub imported_at: String,
}

/// What storing a batch of outcomes did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeImport {
    /// New rows.
    pub stored: u64,
    /// Rows already in the ledger (the same client, channel, instant and outcome).
    pub duplicates: u64,
}

/// Which ledger rows to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerFilter {
    /// Every row.
    All,
    /// The rows of a campaign's members (whoever reported them).
    Members(String),
    /// The rows of these clients.
    Clients(Vec<String>),
}

/// Where campaigns, their queues and the contact ledger are kept.
pub trait CampaignStore: Send + Sync {
    /// Store a campaign with its members and queue, all or nothing;
    /// [`crate::StoreError::CampaignExists`] when the name is taken.
    fn create_campaign(&self, campaign: NewCampaign) -> StoreFuture<'_, ()>;

    /// The campaign with this name.
    fn campaign<'a>(&'a self, name: &'a str) -> StoreFuture<'a, Option<CampaignRecord>>;

    /// Every campaign, newest first.
    fn campaigns(&self) -> StoreFuture<'_, Vec<CampaignRecord>>;

    /// The members of a campaign, in client id order.
    fn members<'a>(&'a self, name: &'a str) -> StoreFuture<'a, Vec<Member>>;

    /// Client ids that are members of `campaign` (of any campaign when `None`).
    fn member_ids(&self, campaign: Option<String>) -> StoreFuture<'_, HashSet<String>>;

    /// A campaign's queue in send order; only items due at or before `due_by` (UTC,
    /// `YYYY-MM-DDTHH:MM:SSZ`) and in `state` when given; at most `limit`.
    fn queue(
        &self,
        name: String,
        due_by: Option<String>,
        state: Option<SendState>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<QueueItem>>;

    /// Record what sending one queued item did.
    fn record_send(&self, report: SendReport) -> StoreFuture<'_, ()>;

    /// Add outcomes to the ledger; the same attempt twice is counted as a duplicate.
    fn put_outcomes(&self, outcomes: Vec<NewOutcome>) -> StoreFuture<'_, OutcomeImport>;

    /// The ledger rows `filter` selects, oldest first.
    fn outcomes(&self, filter: LedgerFilter) -> StoreFuture<'_, Vec<OutcomeRecord>>;
}
