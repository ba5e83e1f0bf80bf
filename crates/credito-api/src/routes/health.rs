//! `GET /api/credit/health`: liveness plus what is loaded (versions of the
//! service, models and policy, and whether an LLM provider is configured —
//! never its key). Always public, even when bearer auth is on.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::state::{AppState, ModelVersions};

/// Path of the health check.
pub const HEALTH_PATH: &str = "/api/credit/health";

/// Whether messages can come from a language model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LlmStatus {
    /// `true` when a provider key is configured (messages may come from the LLM).
    pub configured: bool,
    /// Model name used when configured.
    pub model: Option<String>,
    /// Deadline after which the template answers, milliseconds.
    pub deadline_ms: u64,
}

/// The health report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the service answers.
    pub status: String,
    /// Service name.
    pub service: String,
    /// Service version.
    pub version: String,
    /// Loaded model and policy versions.
    pub models: ModelVersions,
    /// LLM provider status.
    pub llm: LlmStatus,
}

/// Report liveness and what is loaded.
#[utoipa::path(
    get,
    path = "/api/credit/health",
    tag = "service",
    responses((status = 200, description = "The service is up", body = Health))
)]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    let messages = state.messages();
    Json(Health {
        status: "ok".into(),
        service: env!("CARGO_PKG_NAME").into(),
        version: env!("CARGO_PKG_VERSION").into(),
        models: state.versions().clone(),
        llm: LlmStatus {
            configured: messages.llm_configured(),
            model: messages.llm_model().map(str::to_owned),
            deadline_ms: messages.llm_deadline().as_millis() as u64,
        },
    })
}
