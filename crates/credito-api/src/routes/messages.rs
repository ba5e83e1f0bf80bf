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
    ),
    security((), ("bearer" = []))
)]
pub async fn gerar_mensagem(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<MessageResponse>, ApiError> {
    let value: serde_json::Value = parse_json(&body)?;
    crate::messages::answer(state.messages(), &value)
        .await
        .map(Json)
}
