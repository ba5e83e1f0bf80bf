//! The credit endpoints: `POST /api/credit/analyze` (SPEC §2 request → §3.5
//! result), `GET /api/credit/products` and `GET /api/credit/policy`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use credit_pipeline::pipeline::{CreditAnalysis, PipelineError};
use credit_pipeline::policy::CreditPolicy;
use credit_pipeline::request::RequestError;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorBody, FieldMessage};
use crate::extract::JsonBody;
use crate::recorded::{analyze_recorded, result_json, RecordedError};
use crate::state::AppState;

/// Path of the analysis endpoint.
pub const ANALYZE_PATH: &str = "/api/credit/analyze";
/// Path of the product catalogue.
pub const PRODUCTS_PATH: &str = "/api/credit/products";
/// Path of the credit policy in force.
pub const POLICY_PATH: &str = "/api/credit/policy";

/// Analyze one credit request through the four stages.
#[utoipa::path(
    post,
    path = "/api/credit/analyze",
    tag = "credit",
    request_body(content = credit_pipeline::request::CreditRequest, content_type = "application/json",
        description = "A credit request (SPEC §2)"),
    responses(
        (status = 200, description = "The explained decision (SPEC §3.5)", body = CreditAnalysis),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 409, description = "The request_id was already decided for a different body", body = ErrorBody),
        (status = 422, description = "Invalid values, every field named", body = ErrorBody),
        (status = 503, description = "The decision store is unavailable: nothing decided, nothing stored", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn analyze(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<Box<serde_json::value::RawValue>>, ApiError> {
    let text = std::str::from_utf8(&body)
        .map_err(|err| ApiError::malformed_json(format!("body is not UTF-8: {err}")))?;
    let pipeline = state.pipeline();
    match state.store() {
        None => {
            let analysis = pipeline.analyze_json(text).map_err(pipeline_error)?;
            result_json(&analysis)
                .map(Json)
                .map_err(|e| encode_error(&e))
        }
        Some(store) => match analyze_recorded(pipeline, store.as_ref(), text).await {
            Ok(result) => Ok(Json(result)),
            Err(RecordedError::Pipeline(err)) => Err(pipeline_error(err)),
            Err(RecordedError::Store(err)) => Err(err.into()),
            Err(RecordedError::Encode(err)) => Err(encode_error(&err)),
        },
    }
}

/// The result would not serialise: ours (500, logged).
fn encode_error(err: &serde_json::Error) -> ApiError {
    tracing::error!(error = %err, "cannot write a credit result as JSON");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the credit result could not be written as JSON",
    )
}

/// Map a pipeline failure: request errors are the caller's (400/422), any
/// other stage failure is ours (500, logged).
fn pipeline_error(err: PipelineError) -> ApiError {
    match &err {
        PipelineError::Request(RequestError::Json { .. }) => ApiError::malformed_json(&err),
        PipelineError::Request(RequestError::Invalid(_)) | PipelineError::Invalid(_) => {
            ApiError::unprocessable(
                err.fields()
                    .iter()
                    .map(|f| {
                        let field = if f.field.is_empty() { "." } else { &f.field };
                        FieldMessage::new(field, f.message.clone())
                    })
                    .collect(),
            )
        }
        _ => {
            tracing::error!(error = %err, "credit pipeline failed");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the credit pipeline failed on a valid request",
            )
        }
    }
}

/// One credit product and its parameters (`[[products]]` of the credit policy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProductInfo {
    /// The product id to send as `product_type`.
    pub product_type: String,
    /// How the product is shown to people.
    pub name: String,
    /// Smallest amount granted, BRL.
    pub min_amount: f64,
    /// Largest amount granted, BRL.
    pub max_amount: f64,
    /// Longest term in monthly installments.
    pub max_installments: u32,
    /// Monthly interest rate as a fraction.
    pub monthly_rate: f64,
    /// IOF per day on the amortised principal (Decreto 6.306/2007 art. 7).
    pub iof_daily: f64,
    /// Additional IOF on the amount, once.
    pub iof_additional: f64,
}

/// The product catalogue of the loaded credit policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProductList {
    /// The policy the catalogue comes from.
    pub policy_version: String,
    /// Every product, in the policy's order.
    pub products: Vec<ProductInfo>,
}

impl ProductList {
    /// The catalogue of `policy`.
    pub fn of(policy: &CreditPolicy) -> Self {
        Self {
            policy_version: policy.version().to_string(),
            products: policy
                .products()
                .iter()
                .map(|spec| ProductInfo {
                    product_type: spec.id.to_string(),
                    name: spec.name.clone(),
                    min_amount: spec.min_amount,
                    max_amount: spec.max_amount,
                    max_installments: spec.max_installments,
                    monthly_rate: spec.monthly_rate,
                    iof_daily: spec.iof.daily,
                    iof_additional: spec.iof.additional,
                })
                .collect(),
        }
    }
}

/// List the credit products with their amount range, term, rate and IOF.
#[utoipa::path(
    get,
    path = "/api/credit/products",
    tag = "credit",
    responses(
        (status = 200, description = "The product catalogue", body = ProductList),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn products(State(state): State<AppState>) -> Json<ProductList> {
    Json(ProductList::of(state.pipeline().policy()))
}

/// The credit policy in force: its version and its file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PolicyInfo {
    /// `<name>@<version>#<content hash>`, as on every result.
    pub policy_version: String,
    /// Declared name.
    pub name: String,
    /// Declared version.
    pub version: String,
    /// Date the policy applies from, if declared.
    pub effective_from: Option<String>,
    /// Largest share of net income a payment may take.
    pub max_commitment: f64,
    /// The mínimo existencial, BRL.
    pub minimo_existencial: f64,
    /// Date the mínimo existencial applies from.
    pub minimo_existencial_since: String,
    /// The policy file (TOML) as loaded.
    pub toml: String,
}

/// Show the credit policy the service decides under.
#[utoipa::path(
    get,
    path = "/api/credit/policy",
    tag = "credit",
    responses(
        (status = 200, description = "The credit policy in force", body = PolicyInfo),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn policy(State(state): State<AppState>) -> Json<PolicyInfo> {
    let policy = state.pipeline().policy();
    let affordability = &policy.limit_rules().affordability;
    Json(PolicyInfo {
        policy_version: policy.version().to_string(),
        name: policy.name().to_string(),
        version: policy.declared_version().to_string(),
        effective_from: policy.effective_from().map(str::to_owned),
        max_commitment: affordability.max_commitment,
        minimo_existencial: affordability.minimo_existencial,
        minimo_existencial_since: affordability.minimo_existencial_since.clone(),
        toml: policy.source().to_string(),
    })
}
