//! The credit endpoints: `POST /api/credit/analyze` (SPEC §2 request → §3.5
//! result) and `GET /api/credit/products`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use credit_pipeline::pipeline::{CreditAnalysis, PipelineError};
use credit_pipeline::request::{ProductType, RequestError};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorBody, FieldMessage};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Path of the analysis endpoint.
pub const ANALYZE_PATH: &str = "/api/credit/analyze";
/// Path of the product catalogue.
pub const PRODUCTS_PATH: &str = "/api/credit/products";

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
        (status = 422, description = "Invalid values, every field named", body = ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub async fn analyze(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<CreditAnalysis>, ApiError> {
    let text = std::str::from_utf8(&body)
        .map_err(|err| ApiError::malformed_json(format!("body is not UTF-8: {err}")))?;
    state
        .pipeline()
        .analyze_json(text)
        .map(Json)
        .map_err(pipeline_error)
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

/// One credit product and its parameters (SPEC §3.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProductInfo {
    /// `personal_loan`, `credit_card`, `auto_loan` or `home_loan`.
    pub product_type: String,
    /// Smallest amount granted, BRL.
    pub min_amount: f64,
    /// Largest amount granted, BRL.
    pub max_amount: f64,
    /// Longest term in monthly installments.
    pub max_installments: u32,
    /// Monthly interest rate as a fraction.
    pub monthly_rate: f64,
}

/// The product catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProductList {
    /// Every product, in SPEC order.
    pub products: Vec<ProductInfo>,
}

impl ProductList {
    /// The catalogue of SPEC §3.2.
    pub fn catalogue() -> Self {
        Self {
            products: ProductType::ALL
                .iter()
                .map(|product| {
                    let spec = product.spec();
                    ProductInfo {
                        product_type: product.as_str().to_string(),
                        min_amount: spec.min_amount,
                        max_amount: spec.max_amount,
                        max_installments: spec.max_installments,
                        monthly_rate: spec.monthly_rate,
                    }
                })
                .collect(),
        }
    }
}

/// List the credit products with their amount range, term and rate.
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
pub async fn products() -> Json<ProductList> {
    Json(ProductList::catalogue())
}
