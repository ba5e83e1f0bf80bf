//! Collections operations over HTTP, for gateways, CRMs and the console:
//!
//! * `POST /api/collections/plan` — when each client may next be contacted on each channel
//!   of its policy, under a rule pack (`br` or `us-reg-f`), with the store's ledger;
//! * `POST /api/collections/outcomes` — contact outcomes into the store's ledger (answered
//!   only once stored; clients the campaign does not know are listed);
//! * `POST /api/collections/campaigns` — create a campaign (holdout and variants, send queue);
//! * `GET /api/collections/campaigns` — the stored campaigns;
//! * `GET /api/collections/campaigns/{name}/report` — its report, with the uplift intervals.
//!
//! Every bad field is named (`clients[3].uf`, `outcomes[0].at`) in a 422.

use std::sync::OnceLock;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use collection_campaigns::spec::{CampaignSpec, Writer};
use contact_planner::input::{parse_amount, parse_date, parse_instant, Ledger};
use contact_planner::{Attempt, Outcome, PackPlanner, RulePack};
use credito_collections::campaign::{
    campaign_report, create_campaign, import_outcomes, store_ledger_of, CampaignCreated,
    CampaignError, CampaignRequest, OutcomesImported,
};
use credito_collections::plan::{
    plan_clients, resolve_inputs, summarise, ClientInput, PlanLine, PlanSummary,
};
use decision_store::CampaignStore;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ErrorBody, FieldMessage};
use crate::extract::{parse_json, JsonBody};
use crate::state::AppState;

/// Path of the contact plan.
pub const PLAN_PATH: &str = "/api/collections/plan";
/// Path of the outcome import.
pub const OUTCOMES_PATH: &str = "/api/collections/outcomes";
/// Path of the campaigns.
pub const CAMPAIGNS_PATH: &str = "/api/collections/campaigns";
/// Path of one campaign's report.
pub const CAMPAIGN_REPORT_PATH: &str = "/api/collections/campaigns/{name}/report";

/// Most clients one plan or campaign request may carry (larger portfolios: `credito plan`).
pub const MAX_CLIENTS: usize = 100_000;
/// Most outcomes one request may carry.
pub const MAX_OUTCOMES: usize = 100_000;

/// One contact attempt and its outcome.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttemptInput {
    /// The client.
    pub client_id: String,
    /// `phone`, `whatsapp`, `sms` or `email`.
    #[schema(pattern = "^(phone|telefone|whatsapp|sms|email|e-mail)$")]
    pub channel: String,
    /// When (RFC 3339).
    #[schema(format = DateTime)]
    pub at: String,
    /// `no_answer`, `conversation`, `promise`, `paid`, `refused` or `opt_out`.
    #[schema(pattern = "^(no_answer|conversation|promise|paid|refused|opt_out)$")]
    pub outcome: String,
    /// The promised payment date (`YYYY-MM-DD`), required for a promise.
    #[serde(default)]
    pub promised_date: Option<String>,
    /// The amount paid or promised.
    #[serde(default)]
    #[schema(minimum = 0)]
    pub amount: Option<f64>,
}

/// Body of `POST /api/collections/plan`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The clients.
    pub clients: Vec<ClientInput>,
    /// Attempts not yet in the store's ledger.
    #[serde(default)]
    pub ledger: Vec<AttemptInput>,
    /// The instant to plan from (RFC 3339); default: now.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub now: Option<String>,
    /// `br` (default) or `us-reg-f`.
    #[serde(default)]
    #[schema(pattern = "^(br|us-reg-f)$")]
    pub rules: Option<String>,
}

/// Answer of `POST /api/collections/plan`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanResponse {
    /// The rule pack (`id version`).
    pub rules: String,
    /// The instant planned from (UTC).
    pub now: String,
    /// One line per client and channel of its policy, in the clients' order.
    pub lines: Vec<PlanLine>,
    /// Counts.
    pub summary: PlanSummary,
}

/// Body of `POST /api/collections/outcomes`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomesRequest {
    /// The campaign the outcomes answer (its members are the known clients); default: any.
    #[serde(default)]
    pub campaign: Option<String>,
    /// The outcomes.
    pub outcomes: Vec<AttemptInput>,
}

/// Body of `POST /api/collections/campaigns`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignCreateRequest {
    /// The campaign's name (unique; its length limit is stated by the contract).
    pub name: String,
    /// The clients.
    pub clients: Vec<ClientInput>,
    /// Number of template variants, when `writers` is not given (default 1; ignored with
    /// `writers`).
    #[serde(default, deserialize_with = "credito_collections::plan::whole_number")]
    #[schema(minimum = 1, maximum = 26)]
    pub variants: Option<usize>,
    /// What writes each variant's messages, `v1` first (`template` or `llm`); default:
    /// `variants` template variants.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>, min_items = 1, max_items = 26)]
    pub writers: Option<Vec<Writer>>,
    /// Share of each segment held out (default 0.10).
    #[serde(default)]
    #[schema(minimum = 0, exclusive_maximum = 1)]
    pub holdout: Option<f64>,
    /// Assignment seed (default 0).
    #[serde(default, deserialize_with = "credito_collections::plan::whole_number")]
    pub seed: Option<u64>,
    /// `br` (default) or `us-reg-f`.
    #[serde(default)]
    #[schema(pattern = "^(br|us-reg-f)$")]
    pub rules: Option<String>,
    /// The campaign's start (RFC 3339); default: now.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub now: Option<String>,
}

fn bad(field: impl Into<String>, message: impl Into<String>) -> ApiError {
    ApiError::unprocessable(vec![FieldMessage::new(field, message)])
}

fn campaigns(state: &AppState) -> Result<&dyn CampaignStore, ApiError> {
    state.campaigns().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this service keeps no campaigns or ledger (started with --store none)",
        )
    })
}

fn planner(rules: Option<&str>, field: &str) -> Result<&'static PackPlanner, ApiError> {
    static BR: OnceLock<PackPlanner> = OnceLock::new();
    static US: OnceLock<PackPlanner> = OnceLock::new();
    match rules.unwrap_or("br") {
        "br" => Ok(BR.get_or_init(|| PackPlanner::new(RulePack::br()))),
        "us-reg-f" => Ok(US.get_or_init(|| PackPlanner::new(RulePack::us_reg_f()))),
        other => Err(bad(
            field,
            format!("`br` or `us-reg-f` (rule files are for the command line), got {other:?}"),
        )),
    }
}

fn instant(text: Option<&str>, field: &str) -> Result<DateTime<Utc>, ApiError> {
    match text {
        Some(t) => parse_instant(t).map_err(|m| bad(field, m)),
        None => Ok(Utc::now()),
    }
}

/// The attempts of a request, every bad field named under `prefix`.
fn ledger_of(prefix: &str, inputs: &[AttemptInput]) -> Result<Ledger, ApiError> {
    let mut ledger = Ledger::default();
    let mut fields = Vec::new();
    for (i, a) in inputs.iter().enumerate() {
        let name = |f: &str| format!("{prefix}[{i}].{f}");
        let mut fail = |f: &str, m: String| fields.push(FieldMessage::new(name(f), m));
        if let Err(m) = credito_collections::plan::check_client_id(&a.client_id) {
            fail("client_id", m);
        }
        let channel = a
            .channel
            .parse()
            .map_err(|m: String| fail("channel", m))
            .ok();
        let at = parse_instant(&a.at).map_err(|m| fail("at", m)).ok();
        let outcome: Option<Outcome> = a
            .outcome
            .parse()
            .map_err(|m: String| fail("outcome", m))
            .ok();
        let promised_date = match &a.promised_date {
            Some(d) => parse_date(d).map_err(|m| fail("promised_date", m)).ok(),
            None => None,
        };
        if outcome == Some(Outcome::Promise) && promised_date.is_none() && a.promised_date.is_none()
        {
            fail("promised_date", "a promise needs its promised_date".into());
        }
        let amount = match a.amount {
            Some(v) => parse_amount(&v.to_string())
                .map_err(|m| fail("amount", m))
                .ok(),
            None => None,
        };
        if let (Some(channel), Some(at), Some(outcome)) = (channel, at, outcome) {
            ledger.push(
                &a.client_id,
                Attempt {
                    channel,
                    at,
                    outcome,
                    promised_date,
                    amount,
                },
            );
        }
    }
    if fields.is_empty() {
        Ok(ledger)
    } else {
        Err(ApiError::unprocessable(fields))
    }
}

fn resolved(
    state: &AppState,
    clients: &[ClientInput],
) -> Result<Vec<credito_collections::plan::Resolved>, ApiError> {
    if clients.is_empty() {
        return Err(bad("clients", "at least one client"));
    }
    if clients.len() > MAX_CLIENTS {
        return Err(bad(
            "clients",
            format!("at most {MAX_CLIENTS} per request (use `credito plan` for more)"),
        ));
    }
    let service = state.messages();
    resolve_inputs(clients, service.policy().as_ref(), service.segmentation()).map_err(|issues| {
        ApiError::unprocessable(
            issues
                .into_iter()
                .map(|i| {
                    FieldMessage::new(
                        format!("clients[{}].{}", i.index, i.field),
                        format!("{} (got {:?})", i.message, i.value),
                    )
                })
                .collect(),
        )
    })
}

impl From<CampaignError> for ApiError {
    fn from(err: CampaignError) -> Self {
        use collection_campaigns::AssignError as A;
        match err {
            CampaignError::Store(e) => e.into(),
            CampaignError::Assign(e @ A::Duplicate(_)) => {
                // The request contradicts itself: one client in two places.
                ApiError::new(StatusCode::CONFLICT, e.to_string())
                    .with_fields(vec![FieldMessage::new("clients", e.to_string())])
            }
            CampaignError::Assign(e) => {
                let field = match &e {
                    A::Holdout(_) => "holdout",
                    A::Variants(_) => "variants",
                    A::Duplicate(_) => "clients",
                };
                bad(field, e.to_string())
            }
            CampaignError::Invalid { field, message } => bad(field, message),
        }
    }
}

/// When each client may next be contacted on each channel of its policy.
#[utoipa::path(
    post,
    path = "/api/collections/plan",
    tag = "collections",
    request_body(content = PlanRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The plan, one line per client and channel", body = PlanResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 422, description = "Bad fields, each named (`clients[2].uf`)", body = ErrorBody),
        (status = 503, description = "The store is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn plan(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<PlanResponse>, ApiError> {
    let request: PlanRequest = parse_json(&body)?;
    let planner = planner(request.rules.as_deref(), "rules")?;
    let now = instant(request.now.as_deref(), "now")?;
    let clients = resolved(&state, &request.clients)?;
    let mut ledger = ledger_of("ledger", &request.ledger)?;
    if let Some(store) = state.campaigns() {
        let ids = clients.iter().map(|c| c.client.id.clone()).collect();
        for (id, attempts) in store_ledger_of(store, ids).await?.attempts {
            for a in attempts {
                ledger.push(&id, a);
            }
        }
    }
    let clients: Vec<contact_planner::Client> = clients.into_iter().map(|r| r.client).collect();
    let lines = plan_clients(planner, &clients, &ledger, now);
    let summary = summarise(&clients, &ledger, &lines);
    let pack = planner.pack();
    Ok(Json(PlanResponse {
        rules: format!("{} {}", pack.id, pack.version),
        now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        lines,
        summary,
    }))
}

/// Store contact outcomes in the ledger.
#[utoipa::path(
    post,
    path = "/api/collections/outcomes",
    tag = "collections",
    request_body(content = OutcomesRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored (duplicates counted, unknown clients listed)", body = OutcomesImported),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 404, description = "No such campaign", body = ErrorBody),
        (status = 422, description = "Bad fields, each named (`outcomes[0].at`)", body = ErrorBody),
        (status = 503, description = "No store, or it is unavailable: nothing was stored", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn outcomes(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<OutcomesImported>), ApiError> {
    let request: OutcomesRequest = parse_json(&body)?;
    if request.outcomes.is_empty() || request.outcomes.len() > MAX_OUTCOMES {
        return Err(bad("outcomes", format!("1 to {MAX_OUTCOMES} outcomes")));
    }
    let ledger = ledger_of("outcomes", &request.outcomes)?;
    let store = campaigns(&state)?;
    let done = import_outcomes(store, request.campaign.as_deref(), &ledger, "api").await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Create a campaign: assign the clients, plan the send queue, store it.
#[utoipa::path(
    post,
    path = "/api/collections/campaigns",
    tag = "collections",
    request_body(content = CampaignCreateRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored: members per group, contacts queued", body = CampaignCreated),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 409, description = "A campaign with this name exists, or a client id appears twice", body = ErrorBody),
        (status = 422, description = "Bad fields, each named", body = ErrorBody),
        (status = 503, description = "No store, or it is unavailable: nothing was stored", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<CampaignCreated>), ApiError> {
    let request: CampaignCreateRequest = parse_json(&body)?;
    let store = campaigns(&state)?;
    let planner = planner(request.rules.as_deref(), "rules")?;
    let now = instant(request.now.as_deref(), "now")?;
    if let Some(k) = request.variants {
        if !(1..=26).contains(&k) {
            return Err(bad("variants", format!("1 to 26, got {k}")));
        }
    }
    let spec = match (&request.writers, request.variants) {
        (Some(writers), _) => {
            let mut spec = CampaignSpec::templates(writers.len());
            for (v, w) in spec.variants.iter_mut().zip(writers) {
                v.writer = *w;
                if *w == Writer::Llm {
                    v.description = "the configured language model, guarded".into();
                }
            }
            spec
        }
        (None, variants) => CampaignSpec::templates(variants.unwrap_or(1)),
    };
    spec.check("variants")
        .map_err(|e| bad("variants", e.to_string()))?;
    let clients = resolved(&state, &request.clients)?;
    let pack = planner.pack();
    let created = create_campaign(
        store,
        planner,
        &format!("{} {}", pack.id, pack.version),
        CampaignRequest {
            name: request.name,
            seed: request.seed.unwrap_or(0),
            holdout: request.holdout.unwrap_or(0.10),
            spec,
            now,
        },
        clients,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The stored campaigns, newest first.
#[utoipa::path(
    get,
    path = "/api/collections/campaigns",
    tag = "collections",
    responses(
        (status = 200, description = "Every campaign: name, start, seed, holdout, rules, variants, members", body = Object),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 503, description = "No store, or it is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let all = campaigns(&state)?.campaigns().await?;
    Ok(Json(serde_json::json!({ "items": all })))
}

/// A campaign's report: per segment × group, and the uplift over the holdout.
#[utoipa::path(
    get,
    path = "/api/collections/campaigns/{name}/report",
    tag = "collections",
    params(("name" = String, Path, description = "The campaign's name")),
    responses(
        (status = 200, description = "Rows per segment and group with rates, uplift and its 95 % interval; verdicts", body = Object),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 404, description = "No such campaign", body = ErrorBody),
        (status = 503, description = "No store, or it is unavailable", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn report(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = campaigns(&state)?;
    let report = campaign_report(store, &name).await?;
    serde_json::to_value(report)
        .map(Json)
        .map_err(|e| ApiError::internal(e.to_string()))
}
