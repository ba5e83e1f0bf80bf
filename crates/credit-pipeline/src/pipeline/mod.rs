//! Orchestration of the four stages (SPEC §3.5).
//!
//! validate -> stage 1 (no persona: rejected `persona_filter`) -> stage 2
//! (rejected `below_product_minimum` or `low_income`) -> stage 3 (no rule
//! fired: pending review `risk_undetermined`) -> stage 4 (approved with an
//! offer, pending review `model`, or rejected `high_risk` / `other`).
//! A request not approved as asked gets ranked `reasons` and, once past
//! stage 1, the best approvable
//! [`counter_offer`](CreditAnalysis::counter_offer).
//!
//! Every rule comes from a [`CreditPolicy`] (the shipped one unless
//! [`CreditPipelineBuilder::policy`] says otherwise), and every result
//! records the policy's and the approval model's versions.
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

mod counter_offer;
mod reasons;
mod result;
pub mod summary;

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};

pub use reasons::{Reason, MAX_REASONS};
pub use result::{
    ApprovalDetails, ApprovalStatus, CreditAnalysis, Offer, RejectionReason, ReviewReason,
};

use crate::bfs::{
    fewest_installments, BindingConstraint, CreditLimit, DirectLimitCalculator, LimitOutcome,
};
use crate::costs::loan_costs;
use crate::dfs::{DfsPersonaClassifier, PersonaClassifier, PersonaResult, PersonaSpec};
use crate::fuzzy::{RiskAssessment, RiskAssessor, RiskInput, RiskLevel};
use crate::mlp::{ApprovalFeatures, ApprovalModel, Decision, MlpApprovalModel, MlpError};
use crate::policy::CreditPolicy;
use crate::products::ProductSpec;
use crate::request::{CreditRequest, FieldError, RequestError, ValidationErrors};
use crate::{Stage, StageError};
use summary::{brl, decimal, percent};

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
    pub fn fields(&self) -> &[FieldError] {
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
    policy: Arc<CreditPolicy>,
    persona: Arc<dyn PersonaClassifier>,
    limit: Arc<dyn crate::bfs::LimitCalculator>,
    risk: Arc<dyn RiskAssessor>,
    approval: Arc<dyn ApprovalModel>,
}

impl std::fmt::Debug for CreditPipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreditPipeline")
            .field("policy_version", &self.policy.version())
            .field("model_version", &self.approval.version())
            .finish_non_exhaustive()
    }
}

/// Builds a [`CreditPipeline`]; every stage not set gets its default, built
/// from the policy (the shipped one unless [`policy`](Self::policy) is set).
#[derive(Default)]
pub struct CreditPipelineBuilder {
    policy: Option<Arc<CreditPolicy>>,
    persona: Option<Arc<dyn PersonaClassifier>>,
    limit: Option<Arc<dyn crate::bfs::LimitCalculator>>,
    risk: Option<Arc<dyn RiskAssessor>>,
    approval: Option<Arc<dyn ApprovalModel>>,
}

impl CreditPipelineBuilder {
    /// Decide under `policy` (personas, products, factors, fuzzy system,
    /// thresholds and texts).
    pub fn policy(mut self, policy: CreditPolicy) -> Self {
        self.policy = Some(Arc::new(policy));
        self
    }

    /// [`policy`](Self::policy) with a shared instance.
    pub fn shared_policy(mut self, policy: Arc<CreditPolicy>) -> Self {
        self.policy = Some(policy);
        self
    }

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

    /// Assemble the pipeline, building the defaults of the stages not set.
    pub fn build(self) -> Result<CreditPipeline, PipelineError> {
        let policy = self
            .policy
            .unwrap_or_else(|| Arc::new(CreditPolicy::shipped().clone()));
        let approval = match self.approval {
            Some(stage) => stage,
            None => Arc::new(MlpApprovalModel::shipped()?),
        };
        Ok(CreditPipeline {
            persona: self.persona.unwrap_or_else(|| {
                Arc::new(DfsPersonaClassifier::from_specs(policy.personas().to_vec()))
            }),
            limit: self.limit.unwrap_or_else(|| {
                Arc::new(DirectLimitCalculator::for_products(policy.products()))
            }),
            risk: self
                .risk
                .unwrap_or_else(|| Arc::new(policy.risk_system().clone())),
            approval,
            policy,
        })
    }
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
    counter_offer: Option<Offer>,
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
            counter_offer: None,
            reasons: Vec::new(),
            summary,
        }
    }
}

/// "Premium, Standard ou Basic".
fn names_pt(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} ou {last}", rest.join(", ")),
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

    /// The policy this pipeline decides under.
    pub fn policy(&self) -> &CreditPolicy {
        &self.policy
    }

    /// The approval model's version.
    pub fn model_version(&self) -> &str {
        self.approval.version()
    }

    /// Parse and validate one JSON request against this pipeline's policy
    /// (its products), without analysing it.
    pub fn parse_json(&self, text: &str) -> Result<CreditRequest, RequestError> {
        CreditRequest::from_json_str_for(text, &self.policy)
    }

    /// Parse, validate and analyze one JSON request.
    pub fn analyze_json(&self, text: &str) -> Result<CreditAnalysis, PipelineError> {
        let request = self.parse_json(text)?;
        self.analyze(&request)
    }

    /// Analyze a request now.
    pub fn analyze(&self, request: &CreditRequest) -> Result<CreditAnalysis, PipelineError> {
        self.analyze_at(request, Utc::now())
    }

    /// Analyze a request, stamping it with `date`. The request is validated
    /// first (against this pipeline's products); an invalid one reaches no stage.
    pub fn analyze_at(
        &self,
        request: &CreditRequest,
        date: DateTime<Utc>,
    ) -> Result<CreditAnalysis, PipelineError> {
        request.validate_for(&self.policy)?;
        let persona = self.persona.classify(&request.customer_profile);
        let outcome = match &persona.persona {
            None => {
                let specs = self.persona.personas();
                let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
                let summary = self
                    .policy
                    .texts()
                    .persona_rejected
                    .render(&[("personas", &names_pt(&names))]);
                let mut o = Outcome::stop(ApprovalStatus::Rejected, summary);
                o.rejection = Some(RejectionReason::PersonaFilter);
                o.reasons = reasons::persona(&request.customer_profile, specs);
                o
            }
            Some(p) => {
                let spec = self
                    .persona
                    .personas()
                    .iter()
                    .find(|s| &s.id == p)
                    .ok_or_else(|| StageError::InvalidInput {
                        stage: Stage::Persona,
                        input: "persona".to_string(),
                        value: p.to_string(),
                        expected: "a persona the classifier lists in personas()".to_string(),
                    })?;
                self.after_persona(request, spec)?
            }
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
            counter_offer: outcome.counter_offer,
            reasons: reasons::finish(outcome.reasons),
            summary: outcome.summary,
            policy_version: self.policy.version().to_string(),
            model_version: self.approval.version().to_string(),
        })
    }

    /// The product a (validated) request asks for.
    fn product(&self, request: &CreditRequest) -> Result<&ProductSpec, PipelineError> {
        self.policy.product(&request.product_type).ok_or_else(|| {
            ValidationErrors {
                fields: vec![FieldError {
                    field: "product_type".to_string(),
                    message: format!("unknown product {}", request.product_type),
                }],
            }
            .into()
        })
    }

    /// Stages 2 to 4 for a customer with a persona.
    fn after_persona(
        &self,
        request: &CreditRequest,
        spec: &PersonaSpec,
    ) -> Result<Outcome, PipelineError> {
        let profile = &request.customer_profile;
        let product = self.product(request)?;
        let rules = self.policy.limit_rules();
        let texts = self.policy.texts();
        let limit = self.limit.calculate(
            profile,
            product,
            spec,
            rules,
            request.requested_installments,
        )?;
        let persona_name = spec.name.as_str();
        match limit.outcome() {
            LimitOutcome::BelowProductMinimum => {
                let min_amount = product.min_amount.max(spec.min_limit);
                let summary = texts.below_product_minimum.render(&[
                    ("min_amount", &brl(min_amount)),
                    ("product", &product.name),
                    ("cap", &brl(limit.factors.search_cap.max(0.0))),
                    ("persona", persona_name),
                ]);
                let mut o = Outcome::stop(ApprovalStatus::Rejected, summary);
                o.rejection = Some(RejectionReason::BelowProductMinimum);
                o.reasons = reasons::limit_rejection(&limit, request, product, spec, rules);
                o.credit_limit = Some(limit);
                return Ok(o);
            }
            LimitOutcome::LowIncome => {
                let mut o =
                    Outcome::stop(ApprovalStatus::Rejected, self.low_income_summary(&limit));
                o.rejection = Some(RejectionReason::LowIncome);
                o.reasons = reasons::limit_rejection(&limit, request, product, spec, rules);
                o.credit_limit = Some(limit);
                return Ok(o);
            }
            LimitOutcome::Granted => {}
        }

        let limit_ratio = limit_ratio(request.requested_amount, &limit);
        let risk_input = RiskInput {
            credit_score: f64::from(profile.credit_score),
            income: profile.income,
            debt_ratio: profile.debt_to_income_ratio,
            employment_time: f64::from(profile.time_at_job_months),
            inquiries: f64::from(profile.num_credit_inquiries),
            limit_ratio,
        };
        let risk = self.risk.assess(&risk_input)?;
        let above_limit = request.requested_amount > limit.approved_amount;
        let risk_score = match risk.risk_score {
            Some(score) if risk.risk_level != RiskLevel::Undetermined && score.is_finite() => score,
            _ => {
                let summary = texts.risk_undetermined.render(&[
                    ("persona", persona_name),
                    ("limit", &brl(limit.approved_amount)),
                ]);
                let mut o = Outcome::stop(ApprovalStatus::PendingReview, summary);
                o.review = Some(ReviewReason::RiskUndetermined);
                o.reasons = reasons::risk_undetermined();
                if above_limit {
                    o.reasons
                        .extend(reasons::above_limit(&limit, request, spec, rules));
                }
                self.attach_counter_offer(&mut o, request, &limit, spec, &risk_input)?;
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
        let risk_text = texts.risk.render(&[
            ("level", texts.risk_level(risk.risk_level)),
            ("score", &decimal(risk_score)),
        ]);
        let high_risk_above = self.policy.thresholds().high_risk_above;
        let mut o = Outcome::stop(ApprovalStatus::PendingReview, String::new());
        o.credit_limit = Some(limit);
        o.approval = Some(approval);
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
            o.reasons
                .extend(reasons::risk(&risk, high_risk_above, room));
        } else if above_limit {
            o.reasons = reasons::above_limit(&limit, request, spec, rules);
        }
        let confidence = decimal(prediction.confidence);
        match prediction.decision {
            Decision::Approved => {
                let amount = request.requested_amount.min(limit.approved_amount);
                match offer_terms(&limit, product, start_installments(request, &limit), amount) {
                    Some(offer) => {
                        o.status = ApprovalStatus::Approved;
                        o.reasons
                            .extend(reasons::term(&limit, request, rules, offer.installments));
                        o.summary = texts.approved.render(&[
                            ("amount", &brl(offer.amount)),
                            ("installments", &offer.installments.to_string()),
                            ("payment", &brl(offer.monthly_payment)),
                            ("total", &brl(offer.total_to_pay)),
                            ("cet_monthly", &percent(offer.cet_monthly)),
                            ("cet_annual", &percent(offer.cet_annual)),
                            ("persona", persona_name),
                            ("limit", &brl(limit.approved_amount)),
                            ("risk", &risk_text),
                        ]);
                        let as_asked = offer.amount == request.requested_amount
                            && offer.installments == request.requested_installments;
                        if !as_asked {
                            // The offer is the best approvable one: it is the
                            // counter-offer (docs/credit-pipeline.md).
                            o.counter_offer = Some(offer);
                        }
                        o.offer = Some(offer);
                    }
                    None => {
                        // Only a custom limit stage can return an unaffordable limit.
                        o.status = ApprovalStatus::Rejected;
                        o.rejection = Some(RejectionReason::LowIncome);
                        o.reasons = reasons::limit_rejection(&limit, request, product, spec, rules);
                        o.summary = self.low_income_summary(&limit);
                    }
                }
            }
            Decision::Rejected => {
                o.status = ApprovalStatus::Rejected;
                let high = risk_score > high_risk_above;
                o.rejection = Some(if high {
                    RejectionReason::HighRisk
                } else {
                    RejectionReason::Other
                });
                o.summary = if high {
                    texts.rejected_high_risk.render(&[
                        ("confidence", &confidence),
                        ("risk", &risk_text),
                        ("high_risk_above", &decimal(high_risk_above)),
                    ])
                } else {
                    texts
                        .rejected_other
                        .render(&[("confidence", &confidence), ("risk", &risk_text)])
                };
            }
            Decision::PendingReview => {
                o.review = Some(ReviewReason::Model);
                o.summary = texts.pending_model.render(&[
                    ("confidence", &confidence),
                    ("persona", persona_name),
                    ("limit", &brl(limit.approved_amount)),
                    ("risk", &risk_text),
                ]);
            }
        }
        if o.status != ApprovalStatus::Approved {
            self.attach_counter_offer(&mut o, request, &limit, spec, &risk_input)?;
        }
        o.risk = Some(risk);
        Ok(o)
    }

    /// Search the counter-offer of a request that was not approved, and
    /// announce it in the summary when there is one.
    fn attach_counter_offer(
        &self,
        o: &mut Outcome,
        request: &CreditRequest,
        limit: &CreditLimit,
        spec: &PersonaSpec,
        risk_input: &RiskInput,
    ) -> Result<(), PipelineError> {
        o.counter_offer = self.counter_offer(request, limit, spec, risk_input)?;
        if let Some(offer) = &o.counter_offer {
            let sentence = self.policy.texts().counter_offer.render(&[
                ("amount", &brl(offer.amount)),
                ("installments", &offer.installments.to_string()),
                ("payment", &brl(offer.monthly_payment)),
                ("cet_monthly", &percent(offer.cet_monthly)),
                ("cet_annual", &percent(offer.cet_annual)),
            ]);
            o.summary.push_str(&sentence);
        }
        Ok(())
    }

    fn low_income_summary(&self, limit: &CreditLimit) -> String {
        let texts = self.policy.texts();
        let f = &limit.factors;
        if f.binding_constraint == BindingConstraint::MinimoExistencial {
            texts.low_income_minimo_existencial.render(&[
                ("minimo_existencial", &brl(f.minimo_existencial)),
                ("net_income", &brl(f.net_income)),
                ("max_payment", &brl(limit.max_installment_value.max(0.0))),
            ])
        } else {
            let share = self.policy.limit_rules().affordability.max_commitment;
            texts.low_income.render(&[
                ("max_commitment", &format!("{:.0}%", share * 100.0)),
                ("max_payment", &brl(limit.max_installment_value)),
            ])
        }
    }

    /// Stage 1 alone (for callers that only need the persona).
    pub fn classify(&self, request: &CreditRequest) -> PersonaResult {
        self.persona.classify(&request.customer_profile)
    }
}

/// SPEC §3.3 limit ratio of an amount: `min(1, amount / limit)`, 1 without a limit.
fn limit_ratio(amount: f64, limit: &CreditLimit) -> f64 {
    if limit.approved_amount > 0.0 {
        (amount / limit.approved_amount).min(1.0)
    } else {
        1.0
    }
}

/// The first term the offer search tries: the one asked, capped at the product's.
fn start_installments(request: &CreditRequest, limit: &CreditLimit) -> u32 {
    request
        .requested_installments
        .min(limit.max_installments)
        .max(1)
}

/// The offer for `amount`: the fewest installments from `start` to the
/// product's maximum with an affordable payment, and its costs.
fn offer_terms(
    limit: &CreditLimit,
    product: &ProductSpec,
    start: u32,
    amount: f64,
) -> Option<Offer> {
    let rate = limit.interest_rate;
    let range = start..=limit.max_installments;
    fewest_installments(rate, range, |p| limit.allows(p), amount).map(|(n, payment)| {
        let costs = loan_costs(amount, rate, n, &product.iof);
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
