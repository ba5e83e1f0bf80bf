//! The credit policy file as written (TOML), before validation.
//!
//! Every table refuses unknown keys, so a misspelt key is an error naming it
//! rather than a default silently used. The validated form is
//! [`CreditPolicy`](super::CreditPolicy).

use serde::{Deserialize, Serialize};

use mamdani::VariableSpec;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// `[policy]`: name and version.
    pub policy: HeaderEntry,
    /// `[[personas]]`, in search order.
    pub personas: Vec<PersonaEntry>,
    /// `[[products]]`.
    pub products: Vec<ProductEntry>,
    /// `[limit]`: the stage 2 factors.
    pub limit: LimitEntry,
    /// `[affordability]`: the payment rule.
    pub affordability: AffordabilityEntry,
    /// `[decision]`: risk and rejection thresholds.
    pub decision: DecisionEntry,
    /// `[fuzzy]`: the risk system.
    pub fuzzy: FuzzyEntry,
    /// `[texts]`: the pt-BR summaries.
    pub texts: TextsEntry,
}

/// `[policy]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderEntry {
    /// Declared name, e.g. `credito-default`.
    pub name: String,
    /// Declared version, e.g. `2026.12.0`.
    pub version: String,
    /// Date (YYYY-MM-DD) from which the policy applies.
    pub effective_from: Option<String>,
    /// Free text.
    pub description: Option<String>,
}

/// One `[[personas]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaEntry {
    /// Id, e.g. `premium`.
    pub id: String,
    /// Name shown to people; the id when absent.
    pub name: Option<String>,
    /// Minimum gross monthly income, BRL.
    pub min_income: f64,
    /// Accepted employment statuses.
    pub employment: Vec<String>,
    /// Minimum credit score.
    pub min_credit_score: u32,
    /// Largest limit, BRL.
    pub max_limit: f64,
    /// Smallest limit, BRL.
    pub min_limit: f64,
    /// Multiplier on the income available for the limit.
    pub income_multiplier: f64,
}

/// One `[[products]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductEntry {
    /// Id, e.g. `personal_loan`.
    pub id: String,
    /// Name shown to people; the id when absent.
    pub name: Option<String>,
    /// Smallest amount, BRL.
    pub min_amount: f64,
    /// Largest amount, BRL.
    pub max_amount: f64,
    /// Longest term, months.
    pub max_installments: u32,
    /// Monthly interest rate as a fraction.
    pub monthly_rate: f64,
    /// IOF rates.
    pub iof: IofEntry,
}

/// A product's `iof = { ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IofEntry {
    /// Per day on the amortised principal.
    pub daily: f64,
    /// Once on the amount.
    pub additional: f64,
    /// Days after which the daily rate stops counting.
    pub max_days: u32,
}

/// `[limit]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitEntry {
    /// Grid step of the amounts, BRL.
    pub amount_step: f64,
    /// Share of net income removed under a Bacen restriction.
    pub bacen_restriction_penalty: f64,
    /// Score bands, descending.
    pub score_factors: Vec<ScoreFactorEntry>,
    /// Factor per employment status.
    pub employment_factors: EmploymentFactorsEntry,
    /// Factor with and without existing loans.
    pub existing_loans_factors: ExistingLoansEntry,
    /// Debt-ratio bands, ascending.
    pub debt_ratio_factors: Vec<DebtRatioFactorEntry>,
    /// Factor above the last debt-ratio band.
    pub debt_ratio_factor_otherwise: f64,
}

/// One score band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreFactorEntry {
    /// Lowest score of the band.
    pub min_score: u32,
    /// Its factor.
    pub factor: f64,
}

/// `employment_factors = { ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmploymentFactorsEntry {
    /// Employed.
    pub employed: f64,
    /// Self-employed.
    pub self_employed: f64,
    /// Retired.
    pub retired: f64,
    /// Unemployed.
    pub unemployed: f64,
}

/// `existing_loans_factors = { ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistingLoansEntry {
    /// At least one loan held.
    pub with_loans: f64,
    /// No loan held.
    pub without_loans: f64,
}

/// One debt-ratio band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebtRatioFactorEntry {
    /// The band holds ratios below this (and not below the previous band's).
    pub below: f64,
    /// Its factor.
    pub factor: f64,
}

/// `[affordability]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffordabilityEntry {
    /// Largest share of net income a payment may take.
    pub max_commitment: f64,
    /// Income the customer keeps, BRL.
    pub minimo_existencial: f64,
    /// Date (YYYY-MM-DD) the value applies from.
    pub minimo_existencial_since: String,
    /// Where the value comes from.
    pub minimo_existencial_source: String,
}

/// `[decision]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionEntry {
    /// Scores below this are low risk.
    pub low_risk_below: f64,
    /// Scores below this (and not low) are medium risk.
    pub medium_risk_below: f64,
    /// A model rejection above this score is `high_risk`.
    pub high_risk_above: f64,
}

/// `[fuzzy]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuzzyEntry {
    /// The six inputs, in order.
    pub inputs: Vec<VariableSpec>,
    /// The output (`risk`).
    pub output: VariableSpec,
    /// Rules as text.
    pub rules: Vec<String>,
}

/// `[texts]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextsEntry {
    /// No persona found.
    pub persona_rejected: String,
    /// The product's minimum is above the ceiling.
    pub below_product_minimum: String,
    /// No amount affordable under the commitment rule.
    pub low_income: String,
    /// No amount affordable because of the mínimo existencial.
    pub low_income_minimo_existencial: String,
    /// No risk rule fired.
    pub risk_undetermined: String,
    /// Approved.
    pub approved: String,
    /// Model rejection with a high risk.
    pub rejected_high_risk: String,
    /// Model rejection otherwise.
    pub rejected_other: String,
    /// Model sent to review.
    pub pending_model: String,
    /// Appended with a counter-offer.
    pub counter_offer: String,
    /// The risk phrase.
    pub risk: String,
    /// Names of the risk levels.
    pub risk_levels: RiskLevelsEntry,
}

/// `risk_levels = { ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskLevelsEntry {
    /// Low.
    pub low: String,
    /// Medium.
    pub medium: String,
    /// High.
    pub high: String,
    /// Undetermined.
    pub undetermined: String,
}
