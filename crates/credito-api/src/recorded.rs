//! A credit decision that is kept: the one path the HTTP service and `credito analyze --store`
//! take. A request id the client chose is an idempotency key (the stored result comes back
//! when the body is the same, a conflict when it is not); a new decision is answered only
//! after the store has committed it.

use credit_pipeline::pipeline::{CreditAnalysis, CreditPipeline, PipelineError};
use decision_store::{canonical_json, DecisionStore, NewDecision, PutOutcome, StoreError};
use serde_json::value::RawValue;
use serde_json::Value;

/// The program that decides, as stored with every decision.
pub const PROGRAM_VERSION: &str = concat!("credito ", env!("CARGO_PKG_VERSION"));

/// Why a kept decision could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum RecordedError {
    /// The request is not valid, or a stage failed.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// The store refused or could not take it.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The result could not be written as JSON (a bug: its types always serialise).
    #[error("cannot write the result as JSON: {0}")]
    Encode(#[from] serde_json::Error),
}

/// Decide `text` (one JSON request) and keep it in `store`; the answer is the stored result,
/// as JSON text.
pub async fn analyze_recorded(
    pipeline: &CreditPipeline,
    store: &dyn DecisionStore,
    text: &str,
) -> Result<Box<RawValue>, RecordedError> {
    let request = pipeline.parse_json(text).map_err(PipelineError::from)?;
    // The body parsed as a request, so it is JSON.
    let sent: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    if sent.get("request_id").and_then(Value::as_str).is_some() {
        if let Some(stored) = store.decision(&request.request_id).await? {
            return if canonical_json(&stored.request) == canonical_json(&sent) {
                Ok(raw(&stored.result)?)
            } else {
                Err(StoreError::Conflict {
                    request_id: request.request_id,
                }
                .into())
            };
        }
    }
    let analysis = pipeline.analyze(&request)?;
    let result = result_json(&analysis)?;
    let outcome = store
        .put_decision(NewDecision {
            request_id: analysis.request_id.clone(),
            received_at: analysis.analysis_date.clone(),
            customer_id: analysis.customer_id.clone(),
            status: analysis.approval_status.as_str().to_string(),
            policy_version: analysis.policy_version.clone(),
            model_version: analysis.model_version.clone(),
            program_version: PROGRAM_VERSION.to_string(),
            request: sent,
            result: result.clone(),
        })
        .await?;
    Ok(match outcome {
        PutOutcome::Stored => result,
        // A twin that raced this one and was stored first: answer what is stored.
        PutOutcome::Existing(stored) => raw(&stored.result)?,
    })
}

/// The analysis as JSON (its types always serialise).
pub fn result_value(analysis: &CreditAnalysis) -> Value {
    serde_json::to_value(analysis).unwrap_or(Value::Null)
}

/// The analysis as JSON text, serialised once for the answer and the store.
pub fn result_json(analysis: &CreditAnalysis) -> Result<Box<RawValue>, serde_json::Error> {
    raw(analysis)
}

fn raw(value: &impl serde::Serialize) -> Result<Box<RawValue>, serde_json::Error> {
    serde_json::value::to_raw_value(value)
}
