//! # credito-api
//!
//! The HTTP face of credito as an axum [`Router`] that another service can
//! mount ([`router`]), plus [`serve`] to run it with graceful shutdown.
//!
//! Endpoints (SPEC §4.5): `POST /api/credit/analyze`, `GET /api/credit/products`,
//! `GET /api/credit/health`, `POST /gerar-mensagem`, `GET /openapi.json`
//! (OpenAPI 3.1) and the interactive docs at `/docs`; with a decision store, the stored
//! decisions, the manual-review queue and the stored messages ([`routes::decisions`]).
//!
//! Every failure is JSON `{"error": "...", "fields": [{"field", "message"}]}`:
//! 400 malformed JSON, 401 missing/wrong bearer token (when `CREDITO_API_TOKEN`
//! is set), 404 unknown path, 405 wrong method, 408 request timeout, 413 body
//! over the limit (64 KiB by default), 415 not `application/json`, 422 invalid
//! values naming each field.
//!
//! ```
//! use credito_api::{with_infrastructure, HttpSettings};
//!
//! // Any router gets the same error handling, request ids, auth and timeout.
//! let app: axum::Router = with_infrastructure(axum::Router::new(), &HttpSettings::default());
//! # let _ = app;
//! ```

#![deny(missing_docs)]

pub mod config;
mod contract;
pub mod error;
pub mod extract;
pub mod messages;
pub mod middleware;
pub mod openapi;
pub mod recorded;
pub mod routes;
mod serve;
pub mod startup;
pub mod state;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Extension, Router};
use utoipa_swagger_ui::SwaggerUi;

pub use config::{check_token, HttpSettings, TokenError};
pub use error::{ApiError, ErrorBody, FieldMessage};
pub use extract::{ApiJson, JsonBody};
pub use messages::MessageService;
pub use openapi::ApiDoc;
pub use serve::{
    serve, serve_with, shutdown_signal, ServeOptions, DEFAULT_DRAIN_DEADLINE,
    DEFAULT_HEADER_READ_TIMEOUT,
};
pub use state::{AppState, ModelVersions};

use middleware::auth::{require_bearer, AuthState};
use middleware::request_id::trace_request;
use middleware::timeout::enforce_timeout;
use routes::{collections, credit, decisions, fallback, health, messages as message_routes};

/// Everything the service needs: HTTP settings and the shared state.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Limits, timeout, optional token.
    pub http: HttpSettings,
    /// Stage objects shared by the handlers.
    pub state: AppState,
}

/// The complete service: every endpoint, the docs, and the infrastructure of
/// [`with_infrastructure`].
pub fn router(config: ApiConfig) -> Router {
    let segment_count = config.state.messages().policy().segment_count();
    let products: Vec<String> = config
        .state
        .pipeline()
        .policy()
        .products()
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    let doc = openapi::document(segment_count, &products);
    let api = Router::new()
        .route(credit::ANALYZE_PATH, post(credit::analyze))
        .route(credit::PRODUCTS_PATH, get(credit::products))
        .route(credit::POLICY_PATH, get(credit::policy))
        .route(health::HEALTH_PATH, get(health::health))
        .route(
            message_routes::MESSAGE_PATH,
            post(message_routes::gerar_mensagem),
        )
        .route(decisions::DECISIONS_PATH, get(decisions::decisions))
        .route(decisions::DECISION_PATH, get(decisions::decision))
        .route(decisions::REVIEWS_PATH, get(decisions::reviews))
        .route(decisions::REVIEW_PATH, post(decisions::resolve_review))
        .route(decisions::MESSAGE_RECORD_PATH, get(decisions::message))
        .route(collections::PLAN_PATH, post(collections::plan))
        .route(collections::OUTCOMES_PATH, post(collections::outcomes))
        .route(
            collections::CAMPAIGNS_PATH,
            post(collections::create).get(collections::list),
        )
        .route(collections::CAMPAIGN_REPORT_PATH, get(collections::report))
        .with_state(config.state)
        .merge(SwaggerUi::new(openapi::DOCS_PATH).url(openapi::OPENAPI_PATH, doc));
    with_infrastructure(api, &config.http)
}

/// Wrap `routes` with the service's infrastructure: JSON 404/405 fallbacks,
/// body limit, bearer auth (health exempt), request timeout, request ids and
/// tracing.
pub fn with_infrastructure(routes: Router, http: &HttpSettings) -> Router {
    // Health, the API description and the docs page hold no data: open.
    let open = [
        health::HEALTH_PATH,
        openapi::OPENAPI_PATH,
        openapi::DOCS_PATH,
        "/docs/",
    ];
    let auth = AuthState::new(http.api_token(), &open);
    routes
        .fallback(fallback::not_found)
        .method_not_allowed_fallback(fallback::method_not_allowed)
        .layer(DefaultBodyLimit::max(http.body_limit))
        .layer(Extension(extract::BodyLimit(http.body_limit)))
        .layer(axum::middleware::from_fn_with_state(auth, require_bearer))
        .layer(axum::middleware::from_fn_with_state(
            http.request_timeout,
            enforce_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            http.body_limit,
            middleware::body_limit::reject_oversized,
        ))
        .layer(axum::middleware::from_fn(trace_request))
}
