//! [`MessageService`]: one collection message from one request body.

use std::sync::Arc;
use std::time::Duration;

use collection_policy::{CollectionPolicy, PolicyTable};
use llm_messaging::{
    generator_from_config, FieldError, LlmConfig, LlmError, MessageError, MessageGenerator,
    MessageInput, MessageRequest, MessageResponse, Signals, TemplateGenerator,
};
use risk_features::RiskSignals;
use segmentation::SegmentationModel;
use serde_json::Value;

/// Time the generator gets before the template answers, unless configured.
pub const DEFAULT_LLM_DEADLINE: Duration = Duration::from_secs(3);

/// A message and what happened on the way to it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandledMessage {
    /// The response (the seed's `/gerar-mensagem` shape).
    pub response: MessageResponse,
    /// Whether the segment was assigned by the model (the body had none).
    pub segment_inferred: bool,
    /// Why the provider's text was not used, when a provider failed.
    pub llm_error: Option<String>,
    /// Whether the deadline passed and the template answered instead.
    pub deadline_passed: bool,
}

/// Why a body got no message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MessageFailure {
    /// The body breaks the request contract; every field at fault is named.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// The body has no segment and none could be assigned, or the policy has no
    /// rule for it (the field is `cluster`).
    #[error("cluster {0}")]
    Segment(String),
    /// The segmentation model failed on valid signals (a bug or a broken model).
    #[error("segmentation model: {0}")]
    Model(String),
}

impl MessageFailure {
    /// The field violations behind the failure (`cluster` for segment failures).
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            MessageFailure::Invalid(fields) => fields.clone(),
            MessageFailure::Segment(message) => vec![FieldError {
                field: "cluster".into(),
                message: message.clone(),
            }],
            MessageFailure::Model(_) => Vec::new(),
        }
    }
}

/// Segmentation model + policy + message generator, with the LLM deadline.
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
    /// provider model when the generator uses one.
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

    /// The LLM generator for `llm` when given (templates otherwise); the
    /// deadline is the configuration's.
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

    /// The policy.
    pub fn policy(&self) -> &Arc<dyn CollectionPolicy> {
        &self.policy
    }

    /// The policy's version.
    pub fn policy_version(&self) -> &str {
        self.policy.version()
    }

    /// The loaded segmentation model, if any.
    pub fn segmentation(&self) -> Option<&SegmentationModel> {
        self.segmentation.as_deref()
    }

    /// Validate one `/gerar-mensagem` body and write its message.
    pub async fn handle(&self, body: &Value) -> Result<HandledMessage, MessageFailure> {
        let validated = MessageRequest::from_json_for(body, self.policy.segment_count())
            .map_err(|err| MessageFailure::Invalid(err.fields))?;
        let segment_inferred = validated.cluster.is_none();
        let segment = match validated.cluster {
            Some(segment) => segment,
            None => self.assign(&validated.signals)?,
        };
        let input = validated.with_cluster(segment);
        self.generate(&input, segment_inferred).await
    }

    async fn generate(
        &self,
        input: &MessageInput,
        segment_inferred: bool,
    ) -> Result<HandledMessage, MessageFailure> {
        match tokio::time::timeout(self.llm_deadline, self.generator.generate(input)).await {
            Ok(Ok(outcome)) => Ok(HandledMessage {
                response: MessageResponse {
                    segmento_inferido: segment_inferred,
                    ..outcome.response
                },
                segment_inferred,
                llm_error: outcome.llm_error.map(|e| e.to_string()),
                deadline_passed: false,
            }),
            Ok(Err(MessageError::Policy(err))) => Err(MessageFailure::Segment(err.to_string())),
            Ok(Err(other)) => Err(MessageFailure::Model(other.to_string())),
            Err(_) => {
                let (response, _) = self
                    .templates
                    .respond(input, Vec::new())
                    .map_err(|err| MessageFailure::Segment(err.to_string()))?;
                Ok(HandledMessage {
                    response: MessageResponse {
                        segmento_inferido: segment_inferred,
                        ..response
                    },
                    segment_inferred,
                    llm_error: Some(format!(
                        "the provider did not answer within {} ms",
                        self.llm_deadline.as_millis()
                    )),
                    deadline_passed: true,
                })
            }
        }
    }

    /// The segment of `signals` under the loaded model.
    fn assign(&self, signals: &Signals) -> Result<u8, MessageFailure> {
        let Some(model) = &self.segmentation else {
            return Err(MessageFailure::Segment(
                "is required: no segmentation model is loaded to assign one".into(),
            ));
        };
        let row = RiskSignals {
            score_gravidade: signals.score_gravidade,
            freq_atrasos: signals.freq_atrasos,
            razao_pagamento_6m: signals.razao_pagamento_6m,
            taxa_uso_limite: signals.taxa_uso_limite,
            limite_credito: signals.limite_credito,
            inactive: false,
        };
        let assigned = model
            .assign(std::slice::from_ref(&row))
            .map_err(|err| MessageFailure::Model(err.to_string()))?;
        let segment = assigned
            .first()
            .copied()
            .ok_or_else(|| MessageFailure::Model("the model assigned no segment".into()))?;
        u8::try_from(segment)
            .map_err(|_| MessageFailure::Model(format!("segment {segment} is out of range")))
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
