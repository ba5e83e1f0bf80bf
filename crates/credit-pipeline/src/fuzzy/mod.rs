//! Stage 3 — default risk by a Mamdani fuzzy system (SPEC §3.3).
//!
//! OWNER: fuzzy helper. The types and the trait below are the contract the
//! pipeline consumes; keep their names and fields.

use serde::{Deserialize, Serialize};

/// Crisp inputs of the risk system (raw values; clipping to each universe
/// happens inside the engine).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiskInput {
    pub credit_score: f64,
    pub income: f64,
    pub debt_ratio: f64,
    pub employment_time: f64,
    pub inquiries: f64,
    /// min(1, requested_amount / approved_limit), 1 when the limit is 0.
    pub limit_ratio: f64,
}

/// Risk level derived from the score: < 0.40 low, < 0.70 medium, else high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    /// No rule fired: the score is undefined.
    Undetermined,
}

/// Membership of the risk score in the output terms.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Memberships {
    pub low: f64,
    pub med: f64,
    pub high: f64,
}

/// A rule that fired, with its activation (min over its antecedents).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FiredRule {
    /// Rule number, 1-based as in SPEC §3.3.
    pub rule: u8,
    pub activation: f64,
}

/// The explained result of stage 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskAssessment {
    pub risk_level: RiskLevel,
    /// `None` when no rule fired.
    pub risk_score: Option<f64>,
    pub memberships: Memberships,
    pub confidence: f64,
    pub fired_rules: Vec<FiredRule>,
}

/// Stage 3 trait: assess default risk from crisp inputs.
pub trait RiskAssessor: Send + Sync {
    /// Assess the risk of one request. Errors only on non-finite input.
    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, FuzzyError>;
}

/// Errors of the fuzzy stage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FuzzyError {
    /// An input was NaN or infinite.
    #[error("fuzzy input `{variable}` is not finite: {value}")]
    NonFiniteInput { variable: String, value: f64 },
}
