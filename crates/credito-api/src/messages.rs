//! The collection message service behind `POST /gerar-mensagem`: validate
//! the seed's body, assign the segment with the loaded segmentation model when
//! the client sent none, decide with the collection policy and write the
//! message with the configured generator — the LLM when a provider is
//! configured, under a deadline after which the offline template answers.

use std::sync::Arc;
use std::time::Duration;

use collection_policy::{CollectionPolicy, PolicyTable};
use llm_messaging::{
    generator_from_config, LlmConfig, LlmError, MessageError, MessageGenerator, MessageRequest,
    MessageResponse, Signals, TemplateGenerator,
};
use risk_features::RiskSignals;
use segmentation::SegmentationModel;
use serde_json::Value;

use crate::config::DEFAULT_LLM_DEADLINE;
use crate::error::{ApiError, FieldMessage};

/// Segmentation model + policy + message generator, with the LLM deadline.
///
/// ```
/// use credito_api::MessageService;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let service = MessageService::offline(None);
/// let body = serde_json::json!({"score_gravidade": 5.6, "freq_atrasos": 1,
///     "razao_pagamento_6m": 0.08, "taxa_uso_limite": 0.74, "limite_credito": 80000,
///     "cluster": 2});
/// let response = service.handle(&body).await.unwrap();
/// assert_eq!(response.cluster, 2);
/// // Without a segmentation model the cluster is required.
/// let mut body = body;
/// body.as_object_mut().unwrap().remove("cluster");
/// assert_eq!(service.handle(&body).await.unwrap_err().status.as_u16(), 422);
/// # });
/// ```
#[derive(Clone)]
pub struct MessageService {
    segmentation: Option<Arc<SegmentationModel>>,
    policy: Arc<dyn CollectionPolicy>,
    generator: Arc<dyn MessageGenerator>,
    templates: TemplateGenerator,
    llm_model: Option<String>,
    llm_deadline: Duration,
}

impl MessageService {
    /// A service writing messages with `generator`; `llm_model` names the
    /// provider model when the generator uses one (reported by health).
    pub fn new(
        segmentation: Option<Arc<SegmentationModel>>,
        policy: Arc<dyn CollectionPolicy>,
        generator: Arc<dyn MessageGenerator>,
        llm_model: Option<String>,
    ) -> Self {
        Self {
            segmentation,
            templates: TemplateGenerator::new(Arc::clone(&policy)),
            policy,
            generator,
            llm_model,
            llm_deadline: DEFAULT_LLM_DEADLINE,
        }
    }

    /// Templates only, with the seed's policy.
    pub fn offline(segmentation: Option<Arc<SegmentationModel>>) -> Self {
        let policy: Arc<dyn CollectionPolicy> = Arc::new(PolicyTable::seed());
        let generator = Arc::new(TemplateGenerator::new(Arc::clone(&policy)));
        Self::new(segmentation, policy, generator, None)
    }

    /// The LLM generator for `llm` when given (templates otherwise).
    pub fn with_provider(
        segmentation: Option<Arc<SegmentationModel>>,
        policy: Arc<dyn CollectionPolicy>,
        llm: Option<LlmConfig>,
    ) -> Result<Self, LlmError> {
        let model = llm.as_ref().map(|c| c.model.clone());
        let generator = generator_from_config(llm, Arc::clone(&policy))?;
        Ok(Self::new(segmentation, policy, generator, model))
    }

    /// Set the time the generator gets before the template answers.
    pub fn with_llm_deadline(mut self, deadline: Duration) -> Self {
        self.llm_deadline = deadline;
        self
    }

    /// Whether an LLM provider is configured.
    pub fn llm_configured(&self) -> bool {
        self.llm_model.is_some()
    }

    /// The provider's model name when configured.
    pub fn llm_model(&self) -> Option<&str> {
        self.llm_model.as_deref()
    }

    /// The LLM deadline.
    pub fn llm_deadline(&self) -> Duration {
        self.llm_deadline
    }

    /// The policy's version.
    pub fn policy_version(&self) -> &str {
        self.policy.version()
    }

    /// The loaded segmentation model, if any.
    pub fn segmentation(&self) -> Option<&SegmentationModel> {
        self.segmentation.as_deref()
    }

    /// Answer one `/gerar-mensagem` body.
    pub async fn handle(&self, body: &Value) -> Result<MessageResponse, ApiError> {
        let validated = MessageRequest::from_json(body).map_err(|err| {
            ApiError::unprocessable(
                err.fields
                    .into_iter()
                    .map(|f| {
                        let field = match f.field.as_str() {
                            "" | "(body)" => ".".to_string(),
                            _ => f.field,
                        };
                        FieldMessage::new(field, f.message)
                    })
                    .collect(),
            )
        })?;
        let segment = match validated.cluster {
            Some(segment) => segment,
            None => self.assign(&validated.signals)?,
        };
        let input = validated.with_cluster(segment);
        match tokio::time::timeout(self.llm_deadline, self.generator.generate(&input)).await {
            Ok(Ok(outcome)) => {
                if let Some(err) = &outcome.llm_error {
                    tracing::warn!(error = %err, "LLM provider failed; template used");
                }
                Ok(outcome.response)
            }
            Ok(Err(MessageError::Policy(err))) => {
                Err(ApiError::unprocessable(vec![FieldMessage::new(
                    "cluster",
                    err.to_string(),
                )]))
            }
            Err(_) => {
                tracing::warn!(
                    deadline_ms = self.llm_deadline.as_millis() as u64,
                    "LLM deadline passed; template used"
                );
                self.templates
                    .respond(&input, Vec::new())
                    .map(|(response, _)| response)
                    .map_err(|err| {
                        ApiError::unprocessable(vec![FieldMessage::new("cluster", err.to_string())])
                    })
            }
        }
    }

    /// The segment of `signals` under the loaded model.
    fn assign(&self, signals: &Signals) -> Result<u8, ApiError> {
        let Some(model) = &self.segmentation else {
            return Err(ApiError::unprocessable(vec![FieldMessage::new(
                "cluster",
                "is required: no segmentation model is loaded to assign one",
            )]));
        };
        let row = RiskSignals {
            score_gravidade: signals.score_gravidade,
            freq_atrasos: signals.freq_atrasos,
            razao_pagamento_6m: signals.razao_pagamento_6m,
            taxa_uso_limite: signals.taxa_uso_limite,
            limite_credito: signals.limite_credito,
            inactive: false,
        };
        let assigned = model.assign(std::slice::from_ref(&row)).map_err(|err| {
            tracing::error!(error = %err, "segmentation model failed on valid signals");
            ApiError::internal("the segmentation model could not assign a segment")
        })?;
        assigned
            .first()
            .and_then(|s| u8::try_from(*s).ok())
            .ok_or_else(|| ApiError::internal("the segmentation model returned no segment"))
    }
}

impl std::fmt::Debug for MessageService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageService")
            .field("segmentation", &self.segmentation.is_some())
            .field("policy_version", &self.policy.version())
            .field("llm_model", &self.llm_model)
            .field("llm_deadline", &self.llm_deadline)
            .finish()
    }
}
