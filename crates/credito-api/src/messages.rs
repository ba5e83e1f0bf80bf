//! The HTTP face of the collections flow: [`credito_collections::MessageService`]
//! answers, this module turns its failures into JSON errors and logs provider
//! fallbacks.

use llm_messaging::MessageResponse;
use serde_json::Value;

use credito_collections::MessageFailure;
pub use credito_collections::MessageService;

use crate::error::{ApiError, FieldMessage};

/// Answer one `/gerar-mensagem` body: 200 with the message, or 422 naming the
/// fields at fault.
///
/// ```
/// use credito_api::messages::{answer, MessageService};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let service = MessageService::offline(None);
/// let body = serde_json::json!({"score_gravidade": 5.6, "freq_atrasos": 1,
///     "razao_pagamento_6m": 0.08, "taxa_uso_limite": 0.74, "limite_credito": 80000,
///     "cluster": 2});
/// let response = answer(&service, &body).await.unwrap();
/// assert_eq!(response.cluster, 2);
/// // Without a segmentation model the cluster is required.
/// let mut body = body;
/// body.as_object_mut().unwrap().remove("cluster");
/// assert_eq!(answer(&service, &body).await.unwrap_err().status.as_u16(), 422);
/// # });
/// ```
pub async fn answer(service: &MessageService, body: &Value) -> Result<MessageResponse, ApiError> {
    match service.handle(body).await {
        Ok(handled) => {
            if let Some(err) = &handled.llm_error {
                tracing::warn!(error = %err, deadline_passed = handled.deadline_passed,
                    "LLM provider not used; template answered");
            }
            Ok(handled.response)
        }
        Err(MessageFailure::Model(message)) => {
            tracing::error!(error = %message, "segmentation model failed on valid signals");
            Err(ApiError::internal(
                "the segmentation model could not assign a segment",
            ))
        }
        Err(failure) => Err(ApiError::unprocessable(
            failure
                .fields()
                .into_iter()
                .map(|f| {
                    let field = match f.field.as_str() {
                        "" | "(body)" => ".".to_string(),
                        _ => f.field,
                    };
                    FieldMessage::new(field, f.message)
                })
                .collect(),
        )),
    }
}
