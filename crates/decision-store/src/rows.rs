//! Reading rows into records, and the column lists the queries select.

use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::record::{DecisionRecord, Event, MessageRecord, ReviewState};
use crate::StoreError;

/// The columns of a decision row, in the order [`decision`] reads them.
pub(crate) const DECISION_COLUMNS: &str = "seq, request_id, received_at, customer_id, status, \
    policy_version, model_version, program_version, request_json, result_json, review_state, \
    final_status";

/// The columns of an event row, in the order [`event`] reads them.
pub(crate) const EVENT_COLUMNS: &str = "request_id, seq, at, kind, actor, data_json";

/// The columns of a message row, in the order [`message`] reads them.
pub(crate) const MESSAGE_COLUMNS: &str = "message_id, created_at, segment, policy_version, canal, \
    fonte, guard_passed, request_json, response_json";

fn corrupt(err: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(err.to_string())
}

fn json(text: &str, what: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// A decision row with its first event (`decided`) but not the later ones, and its sequence
/// number.
pub(crate) fn decision(row: &AnyRow) -> Result<(i64, DecisionRecord), StoreError> {
    let text = |i: usize| row.try_get::<String, _>(i).map_err(corrupt);
    let seq: i64 = row.try_get(0).map_err(corrupt)?;
    let review: Option<String> = row.try_get(10).map_err(corrupt)?;
    let review_state = match review {
        Some(code) => Some(
            ReviewState::from_code(&code)
                .ok_or_else(|| StoreError::Corrupt(format!("review_state {code:?}")))?,
        ),
        None => None,
    };
    let mut record = DecisionRecord {
        request_id: text(1)?,
        received_at: text(2)?,
        customer_id: text(3)?,
        status: text(4)?,
        policy_version: text(5)?,
        model_version: text(6)?,
        program_version: text(7)?,
        request: json(&text(8)?, "request_json")?,
        result: json(&text(9)?, "result_json")?,
        review_state,
        final_status: row.try_get(11).map_err(corrupt)?,
        events: Vec::new(),
    };
    record.events.push(decided_event(&record));
    Ok((seq, record))
}

/// The first event of every decision: the decision itself. It is not a row of
/// `decision_events` (the decision row holds all it says), so storing a decision is one insert.
pub(crate) fn decided_event(record: &DecisionRecord) -> Event {
    Event {
        seq: 1,
        at: record.received_at.clone(),
        kind: "decided".into(),
        actor: record.program_version.clone(),
        data: serde_json::json!({
            "status": record.status,
            "policy_version": record.policy_version,
            "model_version": record.model_version,
        }),
    }
}

/// An event row and the request id it belongs to.
pub(crate) fn event(row: &AnyRow) -> Result<(String, Event), StoreError> {
    let text = |i: usize| row.try_get::<String, _>(i).map_err(corrupt);
    Ok((
        text(0)?,
        Event {
            seq: row.try_get(1).map_err(corrupt)?,
            at: text(2)?,
            kind: text(3)?,
            actor: text(4)?,
            data: json(&text(5)?, "data_json")?,
        },
    ))
}

/// A message row.
pub(crate) fn message(row: &AnyRow) -> Result<MessageRecord, StoreError> {
    let text = |i: usize| row.try_get::<String, _>(i).map_err(corrupt);
    Ok(MessageRecord {
        message_id: text(0)?,
        created_at: text(1)?,
        segment: row.try_get(2).map_err(corrupt)?,
        policy_version: text(3)?,
        canal: text(4)?,
        fonte: text(5)?,
        guard_passed: row.try_get::<i64, _>(6).map_err(corrupt)? != 0,
        request: json(&text(7)?, "request_json")?,
        response: json(&text(8)?, "response_json")?,
    })
}
