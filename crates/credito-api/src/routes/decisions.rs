//! The memory of the service: stored decisions, the manual-review queue, and stored
//! collection messages.
//!
//! * `GET /api/credit/decisions/{request_id}` — one decision with its events;
//! * `GET /api/credit/decisions?status=&customer_id=&since=&limit=&cursor=` — a page, oldest
//!   first;
//! * `GET /api/credit/reviews` — decisions waiting for an analyst, oldest first;
//! * `POST /api/credit/reviews/{request_id}` — resolve one (exactly one resolution wins);
//! * `GET /api/collections/messages/{message_id}` — one stored message.
//!
//! Without a store (`--store none`) every one answers 503.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use decision_store::{DecisionQuery, DecisionStore, Resolution};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ErrorBody, FieldMessage};
use crate::extract::{parse_json, ApiQuery, JsonBody};
use crate::state::AppState;

/// Path of one decision.
pub const DECISION_PATH: &str = "/api/credit/decisions/{request_id}";
/// Path of the decision list.
pub const DECISIONS_PATH: &str = "/api/credit/decisions";
/// Path of the review queue.
pub const REVIEWS_PATH: &str = "/api/credit/reviews";
/// Path of one review.
pub const REVIEW_PATH: &str = "/api/credit/reviews/{request_id}";
/// Path of one stored collection message.
pub const MESSAGE_RECORD_PATH: &str = "/api/collections/messages/{message_id}";

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 100;

/// One event of a decision's history.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventView {
    /// Position in the history, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// `decided`, `reviewed`, `replayed`.
    pub kind: String,
    /// The program for `decided`, the analyst for `reviewed`.
    pub actor: String,
    /// Details: the review's decision and note, ...
    #[schema(value_type = Object)]
    pub data: Value,
}

/// A stored decision.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecisionView {
    /// The request's id.
    pub request_id: String,
    /// When it arrived (RFC 3339, UTC).
    pub received_at: String,
    /// The customer's id.
    pub customer_id: String,
    /// The pipeline's decision: `approved`, `pending_review` or `rejected`.
    pub status: String,
    /// `open` or `resolved` for decisions sent to manual review, otherwise null.
    pub review_state: Option<String>,
    /// The analyst's decision once the review is resolved.
    pub final_status: Option<String>,
    /// The credit policy that decided.
    pub policy_version: String,
    /// The approval model that decided.
    pub model_version: String,
    /// The program that decided.
    pub program_version: String,
    /// The request as sent.
    #[schema(value_type = Object)]
    pub request: Value,
    /// The result as answered.
    #[schema(value_type = Object)]
    pub result: Value,
    /// Every event, oldest first.
    pub events: Vec<EventView>,
}

impl From<decision_store::DecisionRecord> for DecisionView {
    fn from(r: decision_store::DecisionRecord) -> Self {
        Self {
            request_id: r.request_id,
            received_at: r.received_at,
            customer_id: r.customer_id,
            status: r.status,
            review_state: r.review_state.map(|s| {
                match s {
                    decision_store::ReviewState::Open => "open",
                    decision_store::ReviewState::Resolved => "resolved",
                }
                .to_string()
            }),
            final_status: r.final_status,
            policy_version: r.policy_version,
            model_version: r.model_version,
            program_version: r.program_version,
            request: r.request,
            result: r.result,
            events: r
                .events
                .into_iter()
                .map(|e| EventView {
                    seq: e.seq,
                    at: e.at,
                    kind: e.kind,
                    actor: e.actor,
                    data: e.data,
                })
                .collect(),
        }
    }
}

/// A page of decisions.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecisionList {
    /// The decisions, oldest first.
    pub items: Vec<DecisionView>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the decision list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only this status: `approved`, `pending_review` or `rejected`.
    #[param(pattern = "^(approved|pending_review|rejected)$")]
    pub status: Option<String>,
    /// Only this customer.
    pub customer_id: Option<String>,
    /// Only decisions received at or after this RFC 3339 instant.
    #[param(format = DateTime)]
    pub since: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

/// What the analyst decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Grant the credit.
    Approved,
    /// Refuse it.
    Rejected,
}

impl ReviewDecision {
    fn code(self) -> &'static str {
        match self {
            ReviewDecision::Approved => "approved",
            ReviewDecision::Rejected => "rejected",
        }
    }
}

/// An analyst's resolution of a manual review.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReviewRequest {
    /// `approved` or `rejected`.
    pub decision: ReviewDecision,
    /// Who decides (name or id), 1 to 200 characters.
    #[schema(min_length = 1, max_length = 200)]
    pub analyst: String,
    /// Why, at most 4000 characters.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub note: String,
}

/// A stored collection message.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MessageRecordView {
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
    /// The inputs as sent.
    #[schema(value_type = Object)]
    pub request: Value,
    /// The response as answered.
    #[schema(value_type = Object)]
    pub response: Value,
}

fn store(state: &AppState) -> Result<&Arc<dyn DecisionStore>, ApiError> {
    state.store().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this service keeps no decisions (started with --store none)",
        )
    })
}

fn bad(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::unprocessable(vec![FieldMessage::new(field, message)])
}

/// One stored decision with its events.
#[utoipa::path(
    get,
    path = "/api/credit/decisions/{request_id}",
    tag = "decisions",
    params(("request_id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The decision, its versions and every event", body = DecisionView),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 404, description = "No decision with this id", body = ErrorBody),
        (status = 503, description = "No store, or the store is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn decision(
    State(state): State<AppState>,
    Path(request_id): Path<String>,
) -> Result<Json<DecisionView>, ApiError> {
    let store = store(&state)?;
    match store.decision(&request_id).await? {
        Some(record) => Ok(Json(record.into())),
        None => Err(decision_store::StoreError::NotFound { request_id }.into()),
    }
}

/// A page of stored decisions, oldest first.
#[utoipa::path(
    get,
    path = "/api/credit/decisions",
    tag = "decisions",
    params(ListParams),
    responses(
        (status = 200, description = "A page of decisions", body = DecisionList),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 422, description = "A bad filter, named", body = ErrorBody),
        (status = 503, description = "No store, or the store is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn decisions(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<DecisionList>, ApiError> {
    let store = store(&state)?;
    if let Some(status) = &params.status {
        if !matches!(status.as_str(), "approved" | "pending_review" | "rejected") {
            return Err(bad(
                "status",
                format!("must be approved, pending_review or rejected, got {status:?}"),
            ));
        }
    }
    if let Some(since) = &params.since {
        chrono::DateTime::parse_from_rfc3339(since)
            .map_err(|e| bad("since", format!("an RFC 3339 instant: {e}")))?;
    }
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=decision_store::MAX_PAGE).contains(&limit) {
        return Err(bad("limit", format!("1 to 1000, got {limit}")));
    }
    // Stored instants are UTC with milliseconds; compare like with like.
    let since = params.since.as_deref().map(normalise_instant);
    let page = store
        .decisions(DecisionQuery {
            status: params.status,
            customer_id: params.customer_id,
            since,
            limit,
            cursor: params.cursor,
        })
        .await?;
    Ok(Json(DecisionList {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

fn normalise_instant(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .unwrap_or_else(|_| text.to_string())
}

/// The decisions waiting for a manual review.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReviewQueue {
    /// Open reviews, oldest first; each result carries `review_reason` and `reasons`.
    pub items: Vec<DecisionView>,
}

/// Open manual reviews, oldest first, with their reasons.
#[utoipa::path(
    get,
    path = "/api/credit/reviews",
    tag = "decisions",
    responses(
        (status = 200, description = "The open reviews", body = ReviewQueue),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 503, description = "No store, or the store is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn reviews(State(state): State<AppState>) -> Result<Json<ReviewQueue>, ApiError> {
    let store = store(&state)?;
    let items = store.open_reviews(decision_store::MAX_PAGE).await?;
    Ok(Json(ReviewQueue {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// Resolve a manual review: approve or reject with a note. Exactly one resolution wins.
#[utoipa::path(
    post,
    path = "/api/credit/reviews/{request_id}",
    tag = "decisions",
    params(("request_id" = String, Path, description = "The request's id")),
    request_body(content = ReviewRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated decision, with the review event", body = DecisionView),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 404, description = "No decision with this id", body = ErrorBody),
        (status = 409, description = "Already resolved, or not pending review", body = ErrorBody),
        (status = 422, description = "A bad field, named", body = ErrorBody),
        (status = 503, description = "No store, or the store is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn resolve_review(
    State(state): State<AppState>,
    Path(request_id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<DecisionView>, ApiError> {
    let review: ReviewRequest = parse_json(&body)?;
    let store = store(&state)?;
    let record = store
        .resolve_review(
            request_id,
            Resolution {
                decision: review.decision.code().to_string(),
                analyst: review.analyst,
                note: review.note,
                at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            },
        )
        .await?;
    Ok(Json(record.into()))
}

/// One stored collection message.
#[utoipa::path(
    get,
    path = "/api/collections/messages/{message_id}",
    tag = "collections",
    params(("message_id" = String, Path, description = "The `message_id` of a /gerar-mensagem response")),
    responses(
        (status = 200, description = "The message, its inputs and the guard's verdict", body = MessageRecordView),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 404, description = "No message with this id", body = ErrorBody),
        (status = 503, description = "No store, or the store is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn message(
    State(state): State<AppState>,
    Path(message_id): Path<String>,
) -> Result<Json<MessageRecordView>, ApiError> {
    let store = store(&state)?;
    match store.message(&message_id).await? {
        Some(m) => Ok(Json(MessageRecordView {
            message_id: m.message_id,
            created_at: m.created_at,
            segment: m.segment,
            policy_version: m.policy_version,
            canal: m.canal,
            fonte: m.fonte,
            guard_passed: m.guard_passed,
            request: m.request,
            response: m.response,
        })),
        None => Err(decision_store::StoreError::MessageNotFound { message_id }.into()),
    }
}
