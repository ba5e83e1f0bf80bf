//! Orchestration of the four stages (SPEC §3.5).
//!
//! validate -> stage 1 (no persona: rejected `persona_filter`) -> stage 2
//! (rejected `below_product_minimum` or `low_income`) -> stage 3 (no rule
//! fired: pending review `risk_undetermined`) -> stage 4 (approved with an
//! offer, pending review `model`, or rejected `high_risk` / `other`).
//!
//! [`CreditPipeline::builder`] composes the stages; any one can be replaced by
//! another implementation of its trait.
//!
//! ```
//! use credit_pipeline::fuzzy::{Memberships, RiskAssessment, RiskAssessor, RiskInput, RiskLevel};
//! use credit_pipeline::mlp::{ApprovalFeatures, ApprovalPrediction};
//! use credit_pipeline::pipeline::{ApprovalStatus, CreditPipeline, RejectionReason};
//! use credit_pipeline::{Stage, StageError};
//!
//! // Any stage can be swapped; here stages 3 and 4 are trivial stand-ins.
//! struct NoRisk;
//! impl RiskAssessor for NoRisk {
//!     fn assess(&self, _: &RiskInput) -> Result<RiskAssessment, StageError> {
//!         Ok(RiskAssessment { risk_level: RiskLevel::Undetermined, risk_score: None,
//!             memberships: Memberships::default(), confidence: 0.0, fired_rules: vec![] })
//!     }
//! }
//! // A closure is an approval model too.
//! let unused = |_: &ApprovalFeatures| -> Result<ApprovalPrediction, StageError> {
//!     Err(StageError::InvalidInput { stage: Stage::Approval, input: "features".into(),
//!         value: "any".into(), expected: "never called in this example".into() })
//! };
//! let pipeline = CreditPipeline::builder()
//!     .risk_assessor(NoRisk)
//!     .approval_model(unused)
//!     .build()
//!     .unwrap();
//! let result = pipeline.analyze_json(r#"{"customer_profile": {"customer_id": "E", "age": 30,
//!     "employment_status": "unemployed", "income": 3000.0, "time_at_job_months": 0,
//!     "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 0,
//!     "num_existing_loans": 0, "debt_to_income_ratio": 0.1, "credit_score": 900},
//!     "product_type": "personal_loan", "requested_amount": 5000.0}"#).unwrap();
//! assert_eq!(result.approval_status, ApprovalStatus::Rejected);
//! assert_eq!(result.rejection_reason, Some(RejectionReason::PersonaFilter));
//! assert!(result.credit_limit.is_none());
//! ```

mod reasons;
mod result;
pub mod summary;

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};

pub use reasons::{Reason, MAX_REASONS};
pub use result::{
    ApprovalDetails, ApprovalStatus, CreditAnalysis, Offer, RejectionReason, ReviewReason,
};

use crate::bfs::{fewest_installments, CreditLimit, DirectLimitCalculator, LimitOutcome};
use crate::costs::{loan_costs, IofRates};
use crate::dfs::{DfsPersonaClassifier, Persona, PersonaClassifier, PersonaResult};
use crate::fuzzy::{CreditRiskSystem, RiskAssessment, RiskAssessor, RiskInput, RiskLevel};
use crate::mlp::{ApprovalFeatures, ApprovalModel, Decision, MlpApprovalModel, MlpError};
use crate::products::ProductSpec;
use crate::request::{CreditRequest, RequestError, ValidationErrors};
use crate::StageError;
use summary::{brl, decimal, persona_pt, risk_level_pt};

/// Fuzzy risk score above which a model rejection is reported as `high_risk`.
pub const HIGH_RISK_SCORE: f64 = 0.65;

/// Errors of the pipeline as a whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The request text is not JSON or not a valid request.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The typed request breaks a SPEC §2 rule.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// A stage failed.
    #[error(transparent)]
    Stage(#[from] StageError),
    /// The default approval model could not be loaded.
    #[error("approval model: {0}")]
    Model(#[from] MlpError),
}

impl PipelineError {
    /// The field violations behind the error (empty unless it is a validation error).
    pub fn fields(&self) -> &[crate::request::FieldError] {
        match self {
            PipelineError::Request(e) => e.fields(),
            PipelineError::Invalid(v) => &v.fields,
            _ => &[],
        }
    }
}

/// The four-stage credit pipeline. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct CreditPipeline {
    persona: Arc<dyn PersonaClassifier>,
    limit: Arc<dyn crate::bfs::LimitCalculator>,
    risk: Arc<dyn RiskAssessor>,
    approval: Arc<dyn ApprovalModel>,
}

impl std::fmt::Debug for CreditPipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreditPipeline").finish_non_exhaustive()
    }
}

/// Builds a [`CreditPipeline`]; every stage not set gets its default.
#[derive(Default)]
pub struct CreditPipelineBuilder {
    persona: Option<Arc<dyn PersonaClassifier>>,
    limit: Option<Arc<dyn crate::bfs::LimitCalculator>>,
    risk: Option<Arc<dyn RiskAssessor>>,
    approval: Option<Arc<dyn ApprovalModel>>,
}

impl CreditPipelineBuilder {
    /// Replace stage 1.
    pub fn persona_classifier(mut self, stage: impl PersonaClassifier + 'static) -> Self {
        self.persona = Some(Arc::new(stage));
        self
    }

    /// Replace stage 2.
    pub fn limit_calculator(mut self, stage: impl crate::bfs::LimitCalculator + 'static) -> Self {
        self.limit = Some(Arc::new(stage));
        self
    }

    /// Replace stage 3.
    pub fn risk_assessor(mut self, stage: impl RiskAssessor + 'static) -> Self {
        self.risk = Some(Arc::new(stage));
        self
    }

    /// Replace stage 3 with a shared instance.
    pub fn shared_risk_assessor(mut self, stage: Arc<dyn RiskAssessor>) -> Self {
        self.risk = Some(stage);
        self
    }

    /// Replace stage 4.
    pub fn approval_model(mut self, stage: impl ApprovalModel + 'static) -> Self {
        self.approval = Some(Arc::new(stage));
        self
    }

    /// Replace stage 4 with a shared instance.
    pub fn shared_approval_model(mut self, stage: Arc<dyn ApprovalModel>) -> Self {
        self.approval = Some(stage);
        self
    }

    /// Assemble the pipeline, loading the defaults of the stages not set.
    pub fn build(self) -> Result<CreditPipeline, PipelineError> {
        let risk = match self.risk {
            Some(stage) => stage,
            None => default_risk_assessor()?,
        };
        let approval = match self.approval {
            Some(stage) => stage,
            None => default_approval_model()?,
        };
        Ok(CreditPipeline {
            persona: self
                .persona
                .unwrap_or_else(|| Arc::new(DfsPersonaClassifier::default())),
            limit: self
                .limit
                .unwrap_or_else(|| Arc::new(DirectLimitCalculator)),
            risk,
            approval,
        })
    }
}

/// The default stage 3 (the CreditAI Mamdani system).
fn default_risk_assessor() -> Result<Arc<dyn RiskAssessor>, PipelineError> {
    Ok(Arc::new(CreditRiskSystem::new()))
}

/// The default stage 4 (the shipped trained MLP).
fn default_approval_model() -> Result<Arc<dyn ApprovalModel>, PipelineError> {
    Ok(Arc::new(MlpApprovalModel::shipped()?))
}

/// What the stages decided, before it becomes a [`CreditAnalysis`].
struct Outcome {
    status: ApprovalStatus,
    rejection: Option<RejectionReason>,
    review: Option<ReviewReason>,
    credit_limit: Option<CreditLimit>,
    risk: Option<RiskAssessment>,
    approval: Option<ApprovalDetails>,
    offer: Option<Offer>,
    reasons: Vec<Reason>,
    summary: String,
}

impl Outcome {
    fn stop(status: ApprovalStatus, summary: String) -> Self {
        Self {
            status,
            rejection: None,
            review: None,
            credit_limit: None,
            risk: None,
            approval: None,
            offer: None,
            reasons: Vec::new(),
            summary,
        }
    }
}

impl CreditPipeline {
    /// A builder starting from the default stages.
    pub fn builder() -> CreditPipelineBuilder {
        CreditPipelineBuilder::default()
    }

    /// The pipeline with every default stage.
    pub fn with_defaults() -> Result<Self, PipelineError> {
        Self::builder().build()
    }

    /// Parse, validate and analyze one JSON request.
    pub fn analyze_json(&self, text: &str) -> Result<CreditAnalysis, PipelineError> {
        let request = CreditRequest::from_json_str(text)?;
        self.analyze(&request)
    }

    /// Analyze a request now.
    pub fn analyze(&self, request: &CreditRequest) -> Result<CreditAnalysis, PipelineError> {
        self.analyze_at(request, Utc::now())
    }

    /// Analyze a request, stamping it with `date`. The request is validated
    /// first; an invalid one reaches no stage.
    pub fn analyze_at(
        &self,
        request: &CreditRequest,
        date: DateTime<Utc>,
    ) -> Result<CreditAnalysis, PipelineError> {
        request.validate()?;
        let persona = self.persona.classify(&request.customer_profile);
        let outcome = match persona.persona {
            None => {
                let mut o = Outcome::stop(
                    ApprovalStatus::Rejected,
                    "Reprovado na etapa 1 (persona): o perfil não atende aos critérios de \
                     nenhuma persona (Premium, Standard ou Basic)."
                        .to_string(),
                );
                o.rejection = Some(RejectionReason::PersonaFilter);
                let specs: Vec<_> = Persona::ALL.iter().map(|p| self.persona.spec(*p)).collect();
                o.reasons = reasons::persona(&request.customer_profile, &specs);
                o
            }
            Some(p) => self.after_persona(request, p)?,
        };
        Ok(CreditAnalysis {
            request_id: request.request_id.clone(),
            customer_id: request.customer_profile.customer_id.clone(),
            analysis_date: date.to_rfc3339_opts(SecondsFormat::Millis, true),
            approval_status: outcome.status,
            rejection_reason: outcome.rejection,
            review_reason: outcome.review,
            persona,
            credit_limit: outcome.credit_limit,
            risk_assessment: outcome.risk,
            approval: outcome.approval,
            offer: outcome.offer,
            reasons: reasons::finish(outcome.reasons),
            summary: outcome.summary,
        })
    }

    /// Stages 2 to 4 for a customer with a persona.
    fn after_persona(
        &self,
        request: &CreditRequest,
        persona: Persona,
    ) -> Result<Outcome, PipelineError> {
        let profile = &request.customer_profile;
        let product = request.product_type.spec();
        let spec = self.persona.spec(persona);
        let limit =
            self.limit
                .calculate(profile, &product, &spec, request.requested_installments)?;
        let persona_name = persona_pt(persona);
        match limit.outcome() {
            LimitOutcome::BelowProductMinimum => {
                let min_amount = product.min_amount.max(spec.min_limit);
                let mut o = Outcome::stop(
                    ApprovalStatus::Rejected,
                    format!(
                        "Reprovado na etapa 2 (limite): o valor mínimo de {} para {} está acima \
                         do teto de {} calculado para a persona {persona_name}.",
                        brl(min_amount),
                        request.product_type.as_str(),
                        brl(limit.factors.search_cap.max(0.0)),
                    ),
                );
                o.rejection = Some(RejectionReason::BelowProductMinimum);
                o.reasons = reasons::limit_rejection(&limit, request, &product, &spec);
                o.credit_limit = Some(limit);
                return Ok(o);
            }
            LimitOutcome::LowIncome => {
                let mut o = Outcome::stop(ApprovalStatus::Rejected, low_income_summary(&limit));
                o.rejection = Some(RejectionReason::LowIncome);
                o.reasons = reasons::limit_rejection(&limit, request, &product, &spec);
                o.credit_limit = Some(limit);
                return Ok(o);
            }
            LimitOutcome::Granted => {}
        }

        let limit_ratio = if limit.approved_amount > 0.0 {
            (request.requested_amount / limit.approved_amount).min(1.0)
        } else {
            1.0
        };
        let risk_input = RiskInput {
            credit_score: f64::from(profile.credit_score),
            income: profile.income,
            debt_ratio: profile.debt_to_income_ratio,
            employment_time: f64::from(profile.time_at_job_months),
            inquiries: f64::from(profile.num_credit_inquiries),
            limit_ratio,
        };
        let risk = self.risk.assess(&risk_input)?;
        let risk_score = match risk.risk_score {
            Some(score) if risk.risk_level != RiskLevel::Undetermined && score.is_finite() => score,
            _ => {
                let mut o = Outcome::stop(
                    ApprovalStatus::PendingReview,
                    format!(
                        "Em análise manual: nenhuma regra de risco foi ativada (risco \
                         indeterminado). Persona {persona_name}, limite de {}.",
                        brl(limit.approved_amount)
                    ),
                );
                o.review = Some(ReviewReason::RiskUndetermined);
                o.reasons = reasons::risk_undetermined();
                if request.requested_amount > limit.approved_amount {
                    o.reasons
                        .extend(reasons::above_limit(&limit, request, &spec));
                }
                o.credit_limit = Some(limit);
                o.risk = Some(risk);
                return Ok(o);
            }
        };

        let features = ApprovalFeatures::from_profile(profile, risk_score, limit_ratio);
        let prediction = self.approval.predict(&features)?;
        let approval = ApprovalDetails {
            probabilities: prediction.probabilities,
            confidence: prediction.confidence,
            model_version: prediction.model_version.clone(),
        };
        let risk_text = format!(
            "risco {} ({})",
            risk_level_pt(risk.risk_level),
            decimal(risk_score)
        );
        let mut o = Outcome::stop(ApprovalStatus::PendingReview, String::new());
        o.credit_limit = Some(limit);
        o.approval = Some(approval);
        let above_limit = request.requested_amount > limit.approved_amount;
        if prediction.decision != Decision::Approved {
            if above_limit {
                o.reasons.push(reasons::amount_above_limit(&limit, request));
            }
            // The model's own inputs first (they decided), then the risk's
            // rules; only as many as are shown are written.
            if let Some(attribution) = self.approval.attribution(&features, prediction.decision) {
                let room = MAX_REASONS - o.reasons.len();
                let by_model = reasons::model(&attribution, request, risk_score, limit_ratio, room);
                o.reasons.extend(by_model);
            }
            let room = MAX_REASONS - o.reasons.len();
            o.reasons.extend(reasons::risk(&risk, room));
        } else if above_limit {
            o.reasons = reasons::above_limit(&limit, request, &spec);
        }
        match prediction.decision {
            Decision::Approved => {
                let amount = request.requested_amount.min(limit.approved_amount);
                let start = request
                    .requested_installments
                    .min(limit.max_installments)
                    .max(1);
                match offer_terms(&limit, start, amount) {
                    Some(offer) => {
                        o.status = ApprovalStatus::Approved;
                        o.reasons
                            .extend(reasons::term(&limit, request, offer.installments));
                        o.summary = format!(
                            "Aprovado: {} em {}x de {} (total {}). Persona {persona_name}, \
                             limite de {}, {risk_text}.",
                            brl(offer.amount),
                            offer.installments,
                            brl(offer.monthly_payment),
                            brl(offer.total_to_pay),
                            brl(limit.approved_amount),
                        );
                        o.offer = Some(offer);
                    }
                    None => {
                        // Only a custom limit stage can return an unaffordable limit.
                        o.status = ApprovalStatus::Rejected;
                        o.rejection = Some(RejectionReason::LowIncome);
                        o.reasons = reasons::limit_rejection(&limit, request, &product, &spec);
                        o.summary = low_income_summary(&limit);
                    }
                }
            }
            Decision::Rejected => {
                o.status = ApprovalStatus::Rejected;
                let high = risk_score > HIGH_RISK_SCORE;
                o.rejection = Some(if high {
                    RejectionReason::HighRisk
                } else {
                    RejectionReason::Other
                });
                o.summary = format!(
                    "Reprovado pelo modelo de aprovação (confiança {}): {risk_text}{}.",
                    decimal(prediction.confidence),
                    if high { ", acima de 0,65" } else { "" }
                );
            }
            Decision::PendingReview => {
                o.review = Some(ReviewReason::Model);
                o.summary = format!(
                    "Em análise manual: o modelo de aprovação indicou revisão (confiança {}). \
                     Persona {persona_name}, limite de {}, {risk_text}.",
                    decimal(prediction.confidence),
                    brl(limit.approved_amount),
                );
            }
        }
        o.risk = Some(risk);
        Ok(o)
    }

    /// Stage 1 alone (for callers that only need the persona).
    pub fn classify(&self, request: &CreditRequest) -> PersonaResult {
        self.persona.classify(&request.customer_profile)
    }
}

fn low_income_summary(limit: &CreditLimit) -> String {
    format!(
        "Reprovado na etapa 2 (limite): nenhum valor do produto mantém a parcela dentro de 30% \
         da renda líquida (parcela máxima de {}).",
        brl(limit.max_installment_value)
    )
}

/// The offer for `amount`: the fewest installments from `start` to the
/// product's maximum keeping the payment within the limit's 30 % bound.
fn offer_terms(limit: &CreditLimit, start: u32, amount: f64) -> Option<Offer> {
    let rate = limit.interest_rate;
    let range = start..=limit.max_installments;
    fewest_installments(rate, range, limit.max_installment_value, amount).map(|(n, payment)| {
        let costs = loan_costs(amount, rate, n, &IofRates::INDIVIDUALS);
        Offer {
            amount,
            installments: n,
            interest_rate: rate,
            monthly_payment: payment,
            total_to_pay: payment * f64::from(n),
            iof: costs.iof,
            cet_monthly: costs.cet_monthly,
            cet_annual: costs.cet_annual,
        }
    })
}

/// The product table entry for a request (re-exported for callers of the pipeline).
pub fn product_of(request: &CreditRequest) -> ProductSpec {
    request.product_type.spec()
}
