//! The OpenAPI 3.1 document of the service, generated from the handler
//! annotations and the Rust types, served at `/openapi.json`; the Swagger UI
//! at `/docs` is served from files embedded in the binary (no CDN).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::{ErrorBody, FieldMessage};
use crate::routes::{collections, credit, decisions, health, messages};

/// Path of the OpenAPI document.
pub const OPENAPI_PATH: &str = "/openapi.json";
/// Path of the interactive documentation.
pub const DOCS_PATH: &str = "/docs";

/// The OpenAPI description of every endpoint.
///
/// ```
/// use utoipa::OpenApi;
///
/// let doc = credito_api::ApiDoc::openapi();
/// let json = serde_json::to_value(&doc).unwrap();
/// assert!(json["openapi"].as_str().unwrap().starts_with("3.1"));
/// assert!(json["paths"]["/api/credit/analyze"]["post"].is_object());
/// ```
#[derive(OpenApi)]
#[openapi(
    info(
        title = "credito API",
        description = "Explainable credit granting (CreditAI four-stage pipeline) and \
                       segment-driven collection messages.\n\nErrors are always JSON \
                       `{\"error\", \"fields\"}`. When the service runs with \
                       `CREDITO_API_TOKEN` set, every route but the health check needs \
                       `Authorization: Bearer <token>`."
    ),
    paths(
        credit::analyze,
        credit::products,
        credit::policy,
        health::health,
        messages::gerar_mensagem,
        decisions::decision,
        decisions::decisions,
        decisions::reviews,
        decisions::resolve_review,
        decisions::message,
        collections::plan,
        collections::outcomes,
        collections::create,
        collections::list,
        collections::report,
    ),
    components(schemas(ErrorBody, FieldMessage)),
    modifiers(&BearerAuth),
    tags(
        (name = "credit", description = "Credit granting"),
        (name = "collections", description = "Collection messages, contact plans, campaigns and outcomes"),
        (name = "decisions", description = "Stored decisions and the manual-review queue"),
        (name = "service", description = "Service status"),
    )
)]
pub struct ApiDoc;

/// The document as served: [`ApiDoc`] with every validation rule of the
/// stage crates carried in (ranges, enums, statuses, examples); `segment_count` is the
/// loaded collection policy's number of segments, `products` the loaded credit
/// policy's product ids.
///
/// ```
/// let products = ["personal_loan".to_string(), "payroll_loan".to_string()];
/// let doc = serde_json::to_value(credito_api::openapi::document(4, &products)).unwrap();
/// let age = &doc["components"]["schemas"]["CustomerProfile"]["properties"]["age"];
/// assert_eq!((age["minimum"].as_u64(), age["maximum"].as_u64()), (Some(18), Some(100)));
/// let product = &doc["components"]["schemas"]["CreditRequest"]["properties"]["product_type"];
/// assert_eq!(product["enum"][1], "payroll_loan");
/// ```
pub fn document(segment_count: usize, products: &[String]) -> utoipa::openapi::OpenApi {
    let doc = ApiDoc::openapi();
    let Ok(mut value) = serde_json::to_value(&doc) else {
        return doc;
    };
    crate::contract::apply(&mut value, segment_count, products);
    serde_json::from_value(value).unwrap_or(doc)
}

/// Declares the optional bearer-token security scheme.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}
