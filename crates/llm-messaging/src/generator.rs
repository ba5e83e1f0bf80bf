//! The [`MessageGenerator`] trait and its two implementations: [`TemplateGenerator`] (offline
//! default) and [`LlmGenerator`] (provider + guard + template fallback), plus
//! [`generator_from_env`], which picks one from the environment.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use collection_policy::{
    fill_placeholders, Canal, CollectionPolicy, MessageFacts, PolicyDecision, PolicyError,
    PolicyTable, StateInput,
};

use crate::client::{ChatClient, LlmError};
use crate::config::{ConfigError, LlmConfig};
use crate::guard::{Guard, Known};
use crate::prompt::build_prompt;
use crate::request::MessageInput;
use crate::response::{Fonte, MessageResponse, Violation};

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

/// The policy's decision for `input`: its segment and the state read from its own signals.
pub fn decide(
    policy: &dyn CollectionPolicy,
    input: &MessageInput,
) -> Result<PolicyDecision, PolicyError> {
    let s = &input.signals;
    let state = policy.state_rules().classify(&StateInput {
        score_gravidade: s.score_gravidade,
        freq_atrasos: s.freq_atrasos,
        razao_pagamento_6m: s.razao_pagamento_6m,
        taxa_uso_limite: s.taxa_uso_limite,
        dias_em_atraso: input.facts.dias_em_atraso,
    });
    policy.decide_for_state(input.segment, state, input.canal_preferido)
}

/// Why `decision` did not use the `preferred` channel, if it did not.
fn channel_replacement(decision: &PolicyDecision, preferred: Option<Canal>) -> Option<String> {
    let asked = preferred.filter(|p| *p != decision.canal)?;
    let why = if decision.human_escalation {
        "o caso vai para atendimento humano por telefone".to_string()
    } else {
        format!(
            "{asked} não é um canal permitido para o perfil; usado o canal prioritário {}",
            decision.canal
        )
    };
    Some(format!("{asked} → {}: {why}", decision.canal))
}

fn response(
    decision: &PolicyDecision,
    preferred: Option<Canal>,
    mensagem: String,
    fonte: Fonte,
    violations: Vec<Violation>,
) -> MessageResponse {
    MessageResponse {
        estado: decision.estado.map(|e| e.code().to_string()),
        canal_substituido: channel_replacement(decision, preferred),
        segmento_inferido: false,
        message_id: None,
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

    /// The policy's template for a decision, written with the client's facts and followed by
    /// the channel's footer.
    pub fn render(
        &self,
        decision: &PolicyDecision,
        facts: &MessageFacts,
    ) -> Result<String, PolicyError> {
        self.policy.render_message(decision, facts)
    }

    /// Decide and render synchronously, with `violations` carried into the response.
    pub fn respond(
        &self,
        input: &MessageInput,
        violations: Vec<Violation>,
    ) -> Result<(MessageResponse, PolicyDecision), PolicyError> {
        let decision = decide(self.policy.as_ref(), input)?;
        Ok((self.fallback(&decision, input, violations)?, decision))
    }

    fn fallback(
        &self,
        decision: &PolicyDecision,
        input: &MessageInput,
        violations: Vec<Violation>,
    ) -> Result<MessageResponse, PolicyError> {
        Ok(response(
            decision,
            input.canal_preferido,
            self.render(decision, &input.facts)?,
            Fonte::Template,
            violations,
        ))
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
            let decision = decide(self.templates.policy.as_ref(), input)?;
            let policy = self.templates.policy.as_ref();
            let templates = policy.templates();
            let prompt = build_prompt(&decision, &input.signals, &input.facts);
            let (response, llm_error) = match self.client.complete(&prompt).await {
                Ok(text) => {
                    // The model wrote placeholders; the facts go in only now, then the footer.
                    let filled = fill_placeholders(&text, &input.facts, templates.credor.as_ref());
                    let message = templates.with_footer(&filled, decision.canal);
                    let known = Known::client(&input.facts, templates.credor.as_ref());
                    let violations = self.guard.check_for(&message, &decision, known);
                    if violations.is_empty() {
                        (
                            response(
                                &decision,
                                input.canal_preferido,
                                message,
                                Fonte::Llm,
                                Vec::new(),
                            ),
                            None,
                        )
                    } else {
                        (self.templates.fallback(&decision, input, violations)?, None)
                    }
                }
                Err(e) => (
                    self.templates.fallback(&decision, input, Vec::new())?,
                    Some(e),
                ),
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
