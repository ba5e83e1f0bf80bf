//! A credit decision that is kept: the one path the HTTP service and `credito analyze --store`
//! take. A request id the client chose is an idempotency key (the stored result comes back
//! when the body is the same, a conflict when it is not); a new decision is answered only
//! after the store has committed it.

use credit_pipeline::pipeline::{CreditAnalysis, CreditPipeline, PipelineError};
use decision_store::{canonical_json, DecisionStore, NewDecision, StoreError};
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
}

/// Decide `text` (one JSON request) and keep it in `store`; the answer is the stored result.
pub async fn analyze_recorded(
    pipeline: &CreditPipeline,
    store: &dyn DecisionStore,
    text: &str,
) -> Result<Value, RecordedError> {
    let request = pipeline.parse_json(text).map_err(PipelineError::from)?;
    // The body parsed as a request, so it is JSON.
    let sent: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    if sent.get("request_id").and_then(Value::as_str).is_some() {
        if let Some(stored) = store.decision(&request.request_id).await? {
            return if canonical_json(&stored.request) == canonical_json(&sent) {
                Ok(stored.result)
            } else {
                Err(StoreError::Conflict {
                    request_id: request.request_id,
                }
                .into())
            };
        }
    }
    let analysis = pipeline.analyze(&request)?;
    let result = result_value(&analysis);
    let outcome = store
        .put_decision(NewDecision {
            request_id: analysis.request_id.clone(),
            received_at: analysis.analysis_date.clone(),
            customer_id: analysis.customer_id.clone(),
            status: result["approval_status"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            policy_version: analysis.policy_version.clone(),
            model_version: analysis.model_version.clone(),
            program_version: PROGRAM_VERSION.to_string(),
            request: sent,
            result,
        })
        .await?;
    // A twin that raced this one and was stored first: answer what is stored.
    Ok(outcome.into_record().result)
}

/// The analysis as JSON (its types always serialise).
pub fn result_value(analysis: &CreditAnalysis) -> Value {
    serde_json::to_value(analysis).unwrap_or(Value::Null)
}
