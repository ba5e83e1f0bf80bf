//! `POST /gerar-mensagem`: the seed's collection-message contract.

use axum::extract::State;
use axum::Json;
use llm_messaging::MessageResponse;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{parse_json, JsonBody};
use crate::state::AppState;

/// Path of the message endpoint.
pub const MESSAGE_PATH: &str = "/gerar-mensagem";

/// Generate a guarded collection message for one customer's risk signals.
#[utoipa::path(
    post,
    path = "/gerar-mensagem",
    tag = "collections",
    request_body(content = llm_messaging::MessageRequest, content_type = "application/json",
        description = "Risk signals of one customer; `cluster` is assigned by the segmentation model when absent"),
    responses(
        (status = 200, description = "The message and the policy decision", body = MessageResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "Invalid values, every field named", body = ErrorBody),
        (status = 503, description = "The decision store is unavailable: no message answered unstored", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn gerar_mensagem(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<MessageResponse>, ApiError> {
    let value: serde_json::Value = parse_json(&body)?;
    let mut response = crate::messages::answer(state.messages(), &value).await?;
    if let Some(store) = state.store() {
        let message_id = format!("MSG-{}", uuid::Uuid::now_v7());
        response.message_id = Some(message_id.clone());
        let stored = serde_json::to_value(&response)
            .map_err(|e| ApiError::internal(format!("cannot serialise the message: {e}")))?;
        store
            .put_message(decision_store::NewMessage {
                message_id,
                created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                segment: i64::from(response.cluster),
                policy_version: state.messages().policy_version().to_string(),
                canal: response.canal.to_string(),
                fonte: stored["fonte"].as_str().unwrap_or_default().to_string(),
                guard_passed: response.violations.is_empty(),
                request: value,
                response: stored,
            })
            .await?;
    }
    Ok(Json(response))
}
