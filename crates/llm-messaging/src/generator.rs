//! The [`MessageGenerator`] trait and its two implementations: [`TemplateGenerator`] (offline
//! default) and [`LlmGenerator`] (provider + guard + template fallback), plus
//! [`generator_from_env`], which picks one from the environment.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use collection_policy::{CollectionPolicy, PolicyDecision, PolicyError, PolicyTable};

use crate::client::{ChatClient, LlmError};
use crate::config::{ConfigError, LlmConfig};
use crate::guard::Guard;
use crate::prompt::build_prompt;
use crate::request::MessageInput;
use crate::response::{Fonte, MessageResponse, Violation};
use crate::template::{template_family, template_text};

/// The result of one generation: the response plus what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageOutcome {
    /// The response to return to the caller.
    pub response: MessageResponse,
    /// The policy decision the message follows (with the policy version).
    pub decision: PolicyDecision,
    /// Why the provider's text was not used, when the provider failed.
    pub llm_error: Option<LlmError>,
}

/// Why no message could be produced at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The policy has no rule for the segment.
    #[error(transparent)]
    Policy(#[from] PolicyError),
}

/// Boxed future returned by [`MessageGenerator::generate`].
pub type GenerateFuture<'a> =
    Pin<Box<dyn Future<Output = Result<MessageOutcome, MessageError>> + Send + 'a>>;

/// Writes the collection message for one customer.
///
/// Implementations must return a guarded message whatever their source; provider failures are
/// not errors (they fall back to a template), only an unknown segment is.
pub trait MessageGenerator: Send + Sync {
    /// Generate the message for `input`.
    fn generate<'a>(&'a self, input: &'a MessageInput) -> GenerateFuture<'a>;
}

fn response(
    decision: &PolicyDecision,
    mensagem: String,
    fonte: Fonte,
    violations: Vec<Violation>,
) -> MessageResponse {
    MessageResponse {
        cluster: decision.segment,
        perfil_risco: decision.perfil_risco.clone(),
        canal: decision.canal,
        mensagem,
        objetivo: decision.objetivo.clone(),
        tom: decision.tom.clone(),
        acao_recomendada: decision.acao_recomendada.clone(),
        fonte,
        violations,
    }
}

/// Offline generator: deterministic templates chosen by the policy's decision.
///
/// ```
/// use llm_messaging::{Fonte, MessageGenerator, MessageRequest, TemplateGenerator};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let req: MessageRequest = serde_json::from_str(r#"{"score_gravidade": 5.6, "freq_atrasos": 1.2,
///   "razao_pagamento_6m": 0.08, "taxa_uso_limite": 0.74, "limite_credito": 80000,
///   "cluster": 2, "canal_preferido": "WhatsApp"}"#).unwrap();
/// let input = req.validate().unwrap().into_input().unwrap();
/// let out = TemplateGenerator::default().generate(&input).await.unwrap();
/// assert_eq!(out.response.fonte, Fonte::Template);
/// assert_eq!(out.response.canal.to_string(), "WhatsApp");
/// assert!(out.response.mensagem.contains("parcelamento"));
/// # });
/// ```
#[derive(Clone)]
pub struct TemplateGenerator {
    policy: Arc<dyn CollectionPolicy>,
}

impl TemplateGenerator {
    /// Templates following `policy`.
    pub fn new(policy: Arc<dyn CollectionPolicy>) -> Self {
        TemplateGenerator { policy }
    }

    /// The policy in use.
    pub fn policy(&self) -> &Arc<dyn CollectionPolicy> {
        &self.policy
    }

    /// The template for a decision.
    pub fn render(&self, decision: &PolicyDecision) -> String {
        let family = template_family(decision, self.policy.segment_count());
        template_text(family, decision.canal).to_string()
    }

    /// Decide and render synchronously, with `violations` carried into the response.
    pub fn respond(
        &self,
        input: &MessageInput,
        violations: Vec<Violation>,
    ) -> Result<(MessageResponse, PolicyDecision), PolicyError> {
        let decision = self.policy.decide(input.segment, input.canal_preferido)?;
        Ok((self.fallback(&decision, violations), decision))
    }

    fn fallback(&self, decision: &PolicyDecision, violations: Vec<Violation>) -> MessageResponse {
        response(decision, self.render(decision), Fonte::Template, violations)
    }
}

impl Default for TemplateGenerator {
    /// Templates following the seed's policy.
    fn default() -> Self {
        TemplateGenerator::new(Arc::new(PolicyTable::seed()))
    }
}

impl MessageGenerator for TemplateGenerator {
    fn generate<'a>(&'a self, input: &'a MessageInput) -> GenerateFuture<'a> {
        Box::pin(async move {
            let (response, decision) = self.respond(input, Vec::new())?;
            Ok(MessageOutcome {
                response,
                decision,
                llm_error: None,
            })
        })
    }
}

/// Provider-backed generator: prompt → chat completion → guard; a provider failure or a guard
/// violation yields the template (`fonte: "template"`, violations listed).
#[derive(Clone)]
pub struct LlmGenerator {
    client: ChatClient,
    templates: TemplateGenerator,
    guard: Guard,
}

impl LlmGenerator {
    /// A generator over `client` following `policy`.
    pub fn new(client: ChatClient, policy: Arc<dyn CollectionPolicy>) -> Self {
        LlmGenerator {
            client,
            templates: TemplateGenerator::new(policy),
            guard: Guard,
        }
    }

    /// The client in use.
    pub fn client(&self) -> &ChatClient {
        &self.client
    }
}

impl MessageGenerator for LlmGenerator {
    fn generate<'a>(&'a self, input: &'a MessageInput) -> GenerateFuture<'a> {
        Box::pin(async move {
            let decision = self
                .templates
                .policy
                .decide(input.segment, input.canal_preferido)?;
            let prompt = build_prompt(&decision, &input.signals);
            let (response, llm_error) = match self.client.complete(&prompt).await {
                Ok(text) => {
                    let violations = self.guard.check(&text, &decision);
                    if violations.is_empty() {
                        (response(&decision, text, Fonte::Llm, Vec::new()), None)
                    } else {
                        (self.templates.fallback(&decision, violations), None)
                    }
                }
                Err(e) => (self.templates.fallback(&decision, Vec::new()), Some(e)),
            };
            Ok(MessageOutcome {
                response,
                decision,
                llm_error,
            })
        })
    }
}

/// The generator for an optional provider configuration: [`LlmGenerator`] when configured,
/// [`TemplateGenerator`] otherwise.
pub fn generator_from_config(
    config: Option<LlmConfig>,
    policy: Arc<dyn CollectionPolicy>,
) -> Result<Arc<dyn MessageGenerator>, LlmError> {
    Ok(match config {
        Some(config) => Arc::new(LlmGenerator::new(ChatClient::new(config)?, policy)),
        None => Arc::new(TemplateGenerator::new(policy)),
    })
}

/// Why [`generator_from_env`] failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// A variable has an unusable value.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Client(#[from] LlmError),
}

/// Pick the generator from the environment (see [`LlmConfig::from_env`]): offline templates
/// when neither a key nor a base URL is set.
pub fn generator_from_env(
    policy: Arc<dyn CollectionPolicy>,
) -> Result<Arc<dyn MessageGenerator>, SetupError> {
    Ok(generator_from_config(LlmConfig::from_env()?, policy)?)
}
