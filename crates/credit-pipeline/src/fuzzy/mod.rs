//! Stage 3 — default risk by a Mamdani fuzzy system (SPEC §3.3).
//!
//! [`CreditRiskSystem`] is the CreditAI risk system (six inputs, 19 rules)
//! defined as data on the generic [`mamdani`] engine, and the default
//! [`RiskAssessor`]. Results match scikit-fuzzy 0.5's `ControlSystemSimulation`
//! to 1e-9 (the reference fixtures live with the engine, in
//! `crates/mamdani/tests/fixtures/`, written by `tools/fuzzy_fixtures.py`).
//! Where scikit-fuzzy fails because no rule fires, the assessment is
//! [`RiskLevel::Undetermined`] with no score, every time.
//!
//! ```
//! use credit_pipeline::fuzzy::{CreditRiskSystem, RiskAssessor, RiskInput, RiskLevel};
//!
//! let system = CreditRiskSystem::new();
//! let input = RiskInput {
//!     credit_score: 820.0,
//!     income: 18_000.0,
//!     debt_ratio: 0.10,
//!     employment_time: 60.0,
//!     inquiries: 1.0,
//!     limit_ratio: 0.5,
//! };
//! let assessment = system.assess(&input)?;
//! assert_eq!(assessment.risk_level, RiskLevel::Low);
//! // Every score is explained by the rules that fired.
//! assert!(assessment.fired_rules.iter().any(|r| r.rule == 1 && r.activation == 1.0));
//! # Ok::<(), credit_pipeline::StageError>(())
//! ```
//!
//! # Customising the risk stage
//!
//! Either change the CreditAI definition
//! ([`CreditRiskSystem::default_spec`] + [`CreditRiskSystem::from_spec`]), or
//! define any Mamdani system with the engine and wrap it in your own
//! [`RiskAssessor`] (then give it to the pipeline builder):
//!
//! ```
//! use credit_pipeline::fuzzy::{
//!     FiredRule, Memberships, RiskAssessment, RiskAssessor, RiskInput, RiskLevel,
//! };
//! use credit_pipeline::{Stage, StageError};
//! use mamdani::{Condition, MamdaniError, MamdaniSystem, RuleSpec, Shape, SystemSpec, VariableSpec};
//!
//! /// Risk from the credit score and the debt ratio only.
//! struct TwoFactorRisk(MamdaniSystem);
//!
//! impl TwoFactorRisk {
//!     fn new() -> Result<Self, MamdaniError> {
//!         let spec = SystemSpec {
//!             inputs: vec![
//!                 VariableSpec::new("credit_score", 0.0, 1000.0, 1.0)
//!                     .term("low", Shape::Trapezoid([0.0, 0.0, 500.0, 700.0]))
//!                     .term("high", Shape::Trapezoid([500.0, 700.0, 1000.0, 1000.0])),
//!                 VariableSpec::new("debt_ratio", 0.0, 1.0, 0.01)
//!                     .term("low", Shape::Trapezoid([0.0, 0.0, 0.3, 0.5]))
//!                     .term("high", Shape::Trapezoid([0.3, 0.5, 1.0, 1.0])),
//!             ],
//!             output: VariableSpec::new("risk", 0.0, 1.0, 0.01)
//!                 .term("low", Shape::Triangle([0.0, 0.0, 0.6]))
//!                 .term("high", Shape::Triangle([0.4, 1.0, 1.0])),
//!             rules: vec![
//!                 RuleSpec::new(Condition::all_of(&[("credit_score", "high"), ("debt_ratio", "low")]), "low"),
//!                 RuleSpec::new(
//!                     Condition::Any(vec![
//!                         Condition::is("credit_score", "low"),
//!                         Condition::is("debt_ratio", "high"),
//!                     ]),
//!                     "high",
//!                 ),
//!             ],
//!         };
//!         Ok(Self(MamdaniSystem::new(spec)?))
//!     }
//! }
//!
//! impl RiskAssessor for TwoFactorRisk {
//!     fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError> {
//!         let e = self.0.evaluate(&[input.credit_score, input.debt_ratio])
//!             .map_err(|e| StageError::custom(Stage::Risk, e))?;
//!         let fired_rules = e.rule_activations.iter().enumerate()
//!             .filter(|(_, &a)| a > 0.0)
//!             .map(|(i, &activation)| FiredRule { rule: i as u8 + 1, activation, text: String::new() })
//!             .collect();
//!         let level = match e.output {
//!             None => RiskLevel::Undetermined,
//!             Some(s) if s < 0.4 => RiskLevel::Low,
//!             Some(s) if s < 0.7 => RiskLevel::Medium,
//!             Some(_) => RiskLevel::High,
//!         };
//!         Ok(RiskAssessment {
//!             risk_level: level,
//!             risk_score: e.output,
//!             memberships: Memberships::default(),
//!             confidence: 1.0,
//!             fired_rules,
//!         })
//!     }
//! }
//!
//! let risk = TwoFactorRisk::new().unwrap();
//! let input = RiskInput { credit_score: 850.0, income: 0.0, debt_ratio: 0.1,
//!                         employment_time: 0.0, inquiries: 0.0, limit_ratio: 0.0 };
//! assert_eq!(risk.assess(&input)?.risk_level, RiskLevel::Low);
//! # Ok::<(), StageError>(())
//! ```

mod credit_system;
mod svg;

pub use credit_system::{CreditRiskSystem, RiskThresholds, INPUT_NAMES};
pub use mamdani::SvgOptions;

use crate::StageError;
use serde::{Deserialize, Serialize};

/// Crisp inputs of the risk system (raw values; clipping to each universe
/// happens inside the engine).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiskInput {
    /// Credit score, 0..=1000.
    pub credit_score: f64,
    /// Gross monthly income, BRL.
    pub income: f64,
    /// Debt-to-income ratio, 0..=1.
    pub debt_ratio: f64,
    /// Months at the current job.
    pub employment_time: f64,
    /// Credit inquiries in the recent past.
    pub inquiries: f64,
    /// min(1, requested_amount / approved_limit), 1 when the limit is 0.
    pub limit_ratio: f64,
}

crate::names::named_enum! {
    /// Risk level derived from the score: < 0.40 low, < 0.70 medium, else high.
    pub enum RiskLevel {
        Low = "low",
        Medium = "medium",
        High = "high",
        /// No rule fired: the score is undefined.
        Undetermined = "undetermined",
    }
}

/// Membership of the risk score in the output terms.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Memberships {
    /// Membership in the `low` risk term.
    pub low: f64,
    /// Membership in the `medium` risk term.
    pub med: f64,
    /// Membership in the `high` risk term.
    pub high: f64,
}

/// A rule that fired, with its activation (min over its antecedents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiredRule {
    /// Rule number, 1-based as in SPEC §3.3.
    pub rule: u8,
    /// Firing strength: the minimum over its antecedents' memberships.
    pub activation: f64,
    /// The rule as written in the system, e.g.
    /// `IF credit_score IS poor AND debt_ratio IS high THEN risk IS high`.
    #[serde(default)]
    pub text: String,
}

/// The explained result of stage 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAssessment {
    /// Level of `risk_score`.
    pub risk_level: RiskLevel,
    /// `None` when no rule fired.
    pub risk_score: Option<f64>,
    /// Memberships of the score in the output terms.
    pub memberships: Memberships,
    /// Membership of the score in its own level's term.
    pub confidence: f64,
    /// Rules with a non-zero activation, in rule order.
    pub fired_rules: Vec<FiredRule>,
}

/// The risk score of one applicant as a function of the limit ratio alone
/// (see [`RiskAssessor::limit_ratio_scores`]); `None` where the risk is
/// undetermined.
pub type LimitRatioScores<'a> = Box<dyn FnMut(f64) -> Result<Option<f64>, StageError> + 'a>;

/// Stage 3 trait: assess default risk from crisp inputs.
pub trait RiskAssessor: Send + Sync {
    /// Assess the risk of one request. Errors only on non-finite input.
    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError>;

    /// The risk score of `input` with its `limit_ratio` replaced, for many
    /// ratios (the counter-offer search asks for one per candidate amount).
    /// Each value must equal what [`assess`](Self::assess) gives for the same
    /// input (`None` when it is undetermined or not finite); the default
    /// calls `assess`, the default system re-evaluates only the rules that
    /// read the limit ratio ([`mamdani::Sweep`]).
    fn limit_ratio_scores<'a>(
        &'a self,
        input: &RiskInput,
    ) -> Result<LimitRatioScores<'a>, StageError> {
        let input = *input;
        Ok(Box::new(move |limit_ratio| {
            let a = self.assess(&RiskInput {
                limit_ratio,
                ..input
            })?;
            Ok(a.risk_score
                .filter(|s| a.risk_level != RiskLevel::Undetermined && s.is_finite()))
        }))
    }
}

impl<T: RiskAssessor + ?Sized> RiskAssessor for std::sync::Arc<T> {
    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError> {
        (**self).assess(input)
    }
    fn limit_ratio_scores<'a>(
        &'a self,
        input: &RiskInput,
    ) -> Result<LimitRatioScores<'a>, StageError> {
        (**self).limit_ratio_scores(input)
    }
}

impl<T: RiskAssessor + ?Sized> RiskAssessor for Box<T> {
    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError> {
        (**self).assess(input)
    }
    fn limit_ratio_scores<'a>(
        &'a self,
        input: &RiskInput,
    ) -> Result<LimitRatioScores<'a>, StageError> {
        (**self).limit_ratio_scores(input)
    }
}

/// Errors of building the CreditAI risk system from a definition.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FuzzyError {
    /// The definition is not a valid Mamdani system.
    #[error(transparent)]
    Engine(#[from] mamdani::MamdaniError),
    /// The system does not have the shape the CreditAI stage needs
    /// (see [`CreditRiskSystem::from_spec`]).
    #[error("fuzzy system does not fit: {reason}")]
    Incompatible {
        /// What does not fit.
        reason: String,
    },
}
