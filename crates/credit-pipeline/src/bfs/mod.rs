//! Stage 2 — credit limit over the (amount, installments) state space (SPEC §3.2).
//!
//! [`plan_limit`] computes the income, score, employment and history factors and
//! the search bounds; a [`LimitCalculator`] then finds the largest affordable
//! amount on the 500-BRL grid. Two calculators return identical results, bit
//! for bit (proven by property tests):
//!
//! * [`BfsLimitCalculator`] — the reference breadth-first search with a FIFO
//!   queue and a visited set, as in the paper;
//! * [`DirectLimitCalculator`] — the default: for each installment count it
//!   finds the largest affordable grid amount arithmetically and checks it with
//!   the exact affordability predicate, and counts the states the BFS would
//!   explore without enumerating them.
//!
//! ```
//! use credit_pipeline::bfs::{pmt, DirectLimitCalculator, LimitOutcome};
//! use credit_pipeline::dfs::Persona;
//! use credit_pipeline::products::ProductSpec;
//! use credit_pipeline::request::{CustomerProfile, EmploymentStatus, ProductType};
//! use credit_pipeline::LimitCalculator;
//!
//! let profile = CustomerProfile::example("A");
//! let product = ProductSpec::of(ProductType::PersonalLoan);
//! let limit = DirectLimitCalculator
//!     .calculate(&profile, &product, &Persona::Standard.spec(), 36)
//!     .unwrap();
//! assert_eq!(limit.outcome(), LimitOutcome::Granted);
//! assert_eq!(limit.approved_amount, 22_000.0);
//! assert_eq!(limit.factors.monthly_payment, pmt(0.025, 36, 22_000.0));
//! ```

mod direct;
mod reference;

use serde::{Deserialize, Serialize};

pub use direct::DirectLimitCalculator;
pub use reference::BfsLimitCalculator;

use crate::dfs::PersonaSpec;
use crate::products::ProductSpec;
use crate::request::{CustomerProfile, EmploymentStatus};
use crate::{Stage, StageError};

/// Grid step of the amount search, BRL.
pub const AMOUNT_STEP: f64 = 500.0;
/// Largest share of the net income a monthly payment may take.
pub const MAX_INCOME_COMMITMENT: f64 = 0.30;
/// Share of the net income removed when the customer has a BACEN restriction.
pub const BACEN_RESTRICTION_PENALTY: f64 = 0.20;

/// Monthly payment of a loan of `principal` over `n` months at `rate` a month
/// (Price / French amortisation).
///
/// `P * (r * f) / (f - 1)` with `f = (1 + r).powf(n)`, evaluated in exactly this
/// order (the last bit decides requests sitting on the 30 % boundary);
/// `P / n` when `rate <= 0`. `n` must be at least 1.
///
/// ```
/// use credit_pipeline::bfs::pmt;
/// assert_eq!(pmt(0.0, 10, 1_000.0), 100.0);
/// assert!((pmt(0.025, 36, 25_000.0) - 1061.3).abs() < 0.1);
/// ```
pub fn pmt(rate: f64, n: u32, principal: f64) -> f64 {
    if rate <= 0.0 {
        return principal / f64::from(n);
    }
    let f = (1.0 + rate).powf(f64::from(n));
    principal * (rate * f) / (f - 1.0)
}

/// Which bound decided the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BindingConstraint {
    /// The persona's maximum limit.
    PersonaCap,
    /// The product's maximum amount.
    ProductCap,
    /// The income times the persona multiplier and the adjustment factors.
    FactorLimit,
    /// The 30 % payment rule stopped the search below the cap.
    Affordability,
}

/// How stage 2 ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitOutcome {
    /// A positive limit was found.
    Granted,
    /// `search_cap < min_amount`: the product's minimum is above what this
    /// customer can be granted.
    BelowProductMinimum,
    /// No amount on the grid keeps the payment within 30 % of net income.
    LowIncome,
}

/// Every quantity that went into the limit (SPEC §3.2 `factors`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LimitFactors {
    /// Gross monthly income as declared, BRL.
    pub gross_income: f64,
    /// Net monthly income: gross income less the debt it already services (`gross * (1 - dti)`), BRL.
    pub net_income: f64,
    /// Net income, less the Bacen-restriction penalty when restricted, BRL.
    pub income_for_limit_calc: f64,
    /// `income_for_limit_calc * persona income_multiplier`, BRL.
    pub income_limit: f64,
    /// Multiplier from the credit score band.
    pub score_factor: f64,
    /// Multiplier from the employment status.
    pub employment_factor: f64,
    /// Multiplier from existing loans and debt-to-income ratio.
    pub history_factor: f64,
    /// `min(persona max_limit, product max_amount, factor limit)`.
    pub search_cap: f64,
    /// Fewest installments (>= the start) at which the limit is affordable; 0 without a limit.
    pub best_installments: u32,
    /// Payment of the limit at `best_installments`; 0 without a limit.
    pub monthly_payment: f64,
    /// Product monthly rate.
    pub base_rate: f64,
    /// States the breadth-first search visits (0 when the search is not run).
    pub states_explored: u64,
    /// Which bound decided the limit.
    pub binding_constraint: BindingConstraint,
}

/// Output of stage 2 (`credit_limit` in the result).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditLimit {
    /// The limit, BRL (0 when none can be granted).
    pub approved_amount: f64,
    /// Whether a limit was found.
    pub affordable: bool,
    /// Largest monthly payment allowed: 30 % of net income.
    pub max_installment_value: f64,
    /// The product's longest term.
    pub max_installments: u32,
    /// The product's monthly rate.
    pub interest_rate: f64,
    /// Every quantity that went into the limit.
    pub factors: LimitFactors,
}

impl CreditLimit {
    /// How the stage ended (derived from the amount and the binding constraint).
    pub fn outcome(&self) -> LimitOutcome {
        if self.affordable && self.approved_amount > 0.0 {
            LimitOutcome::Granted
        } else if self.factors.binding_constraint == BindingConstraint::Affordability {
            LimitOutcome::LowIncome
        } else {
            LimitOutcome::BelowProductMinimum
        }
    }
}

/// Errors of stage 2's own search (turned into a [`StageError`] by the trait).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// An input was NaN or infinite (validated requests never are).
    #[error("limit input `{field}` is not finite: {value}")]
    NonFinite {
        /// The input's name.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// The search space is too large to be a credit product (custom specs).
    #[error("search space too large: {steps} amount steps")]
    SearchSpaceTooLarge {
        /// Number of amount steps the search would need.
        steps: f64,
    },
    /// `requested_installments` was 0.
    #[error("requested_installments must be >= 1")]
    ZeroInstallments,
}

impl From<LimitError> for StageError {
    fn from(e: LimitError) -> Self {
        match e {
            LimitError::NonFinite { field, value } => StageError::NonFiniteInput {
                stage: Stage::Limit,
                input: field.to_string(),
                value,
            },
            LimitError::SearchSpaceTooLarge { steps } => StageError::InvalidInput {
                stage: Stage::Limit,
                input: "product".to_string(),
                value: format!("{steps} amount steps"),
                expected: "fewer than 50 000 000 amount steps".to_string(),
            },
            LimitError::ZeroInstallments => StageError::InvalidInput {
                stage: Stage::Limit,
                input: "requested_installments".to_string(),
                value: "0".to_string(),
                expected: ">= 1".to_string(),
            },
        }
    }
}

/// Stage 2 trait: the credit limit of a customer for a product and persona.
pub trait LimitCalculator: Send + Sync {
    /// Compute the limit. `requested_installments` is the request's term (>= 1).
    fn calculate(
        &self,
        profile: &CustomerProfile,
        product: &ProductSpec,
        persona: &PersonaSpec,
        requested_installments: u32,
    ) -> Result<CreditLimit, StageError>;
}

impl<T: LimitCalculator + ?Sized> LimitCalculator for std::sync::Arc<T> {
    fn calculate(
        &self,
        profile: &CustomerProfile,
        product: &ProductSpec,
        persona: &PersonaSpec,
        requested_installments: u32,
    ) -> Result<CreditLimit, StageError> {
        (**self).calculate(profile, product, persona, requested_installments)
    }
}

/// SPEC §3.2 score factor.
pub fn score_factor(credit_score: u32) -> f64 {
    match credit_score {
        800.. => 1.2,
        750.. => 1.1,
        700.. => 1.0,
        650.. => 0.9,
        600.. => 0.8,
        _ => 0.7,
    }
}

/// SPEC §3.2 employment factor.
pub fn employment_factor(status: EmploymentStatus) -> f64 {
    match status {
        EmploymentStatus::Employed => 1.0,
        EmploymentStatus::SelfEmployed => 0.95,
        EmploymentStatus::Retired => 0.85,
        EmploymentStatus::Unemployed => 0.5,
    }
}

/// SPEC §3.2 history factor: existing loans and debt ratio.
pub fn history_factor(num_existing_loans: u32, dti: f64) -> f64 {
    let loans = if num_existing_loans > 0 { 1.05 } else { 0.95 };
    let debt = if dti < 0.2 {
        1.1
    } else if dti < 0.3 {
        1.0
    } else if dti < 0.4 {
        0.9
    } else {
        0.7
    };
    loans * debt
}

/// The factors and search bounds of one limit computation, before searching.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimitPlan {
    /// Gross monthly income, BRL.
    pub gross_income: f64,
    /// Net monthly income, BRL.
    pub net_income: f64,
    /// Net income, less the Bacen-restriction penalty when restricted, BRL.
    pub income_for_limit_calc: f64,
    /// Income times the persona multiplier, BRL.
    pub income_limit: f64,
    /// Multiplier from the credit score band.
    pub score_factor: f64,
    /// Multiplier from the employment status.
    pub employment_factor: f64,
    /// Multiplier from existing loans and debt-to-income ratio.
    pub history_factor: f64,
    /// `income_limit` times the three factors, BRL.
    pub factor_limit: f64,
    /// The persona's `max_limit`, BRL.
    pub persona_cap: f64,
    /// The product's `max_amount`, BRL.
    pub product_cap: f64,
    /// `min(persona_cap, product_cap, factor_limit)`, BRL.
    pub search_cap: f64,
    /// `max(product min_amount, persona min_limit)`.
    pub min_amount: f64,
    /// `min(requested installments, product maximum)`: the search starts here.
    pub start_installments: u32,
    /// The product's longest term.
    pub max_installments: u32,
    /// The product's monthly rate.
    pub rate: f64,
    /// `0.30 * net_income`.
    pub max_payment: f64,
}

impl LimitPlan {
    /// Whether `principal` over `n` months keeps the payment within 30 % of net income.
    pub fn affordable(&self, principal: f64, n: u32) -> bool {
        pmt(self.rate, n, principal) <= self.max_payment
    }

    /// The cap that is smallest (persona, then product, then factor limit on ties).
    pub fn cap_constraint(&self) -> BindingConstraint {
        if self.search_cap == self.persona_cap {
            BindingConstraint::PersonaCap
        } else if self.search_cap == self.product_cap {
            BindingConstraint::ProductCap
        } else {
            BindingConstraint::FactorLimit
        }
    }

    /// Number of grid steps above `min_amount` still within the cap
    /// (`None` when `search_cap < min_amount`).
    pub fn top_step(&self) -> Result<Option<u64>, LimitError> {
        if self.search_cap.is_nan() || self.search_cap < self.min_amount {
            return Ok(None);
        }
        let steps = ((self.search_cap - self.min_amount) / AMOUNT_STEP).floor();
        if steps.is_nan() || steps >= 50_000_000.0 {
            return Err(LimitError::SearchSpaceTooLarge { steps });
        }
        let mut k = steps as u64;
        while self.amount_at(k + 1) <= self.search_cap {
            k += 1;
        }
        while k > 0 && self.amount_at(k) > self.search_cap {
            k -= 1;
        }
        Ok(Some(k))
    }

    /// The `k`-th grid amount, `min_amount + k * 500` (exact for the SPEC table).
    pub fn amount_at(&self, k: u64) -> f64 {
        self.min_amount + k as f64 * AMOUNT_STEP
    }
}

/// Compute the SPEC §3.2 factors and bounds, every product evaluated left to right.
pub fn plan_limit(
    profile: &CustomerProfile,
    product: &ProductSpec,
    persona: &PersonaSpec,
    requested_installments: u32,
) -> Result<LimitPlan, LimitError> {
    let income = profile.income;
    let dti = profile.debt_to_income_ratio;
    for (field, value) in [("income", income), ("debt_to_income_ratio", dti)] {
        if !value.is_finite() {
            return Err(LimitError::NonFinite { field, value });
        }
    }
    if requested_installments == 0 {
        return Err(LimitError::ZeroInstallments);
    }
    let net = if dti <= 0.0 {
        income
    } else {
        income * (1.0 - dti)
    };
    let net_income = net.max(0.0);
    let income_for_limit_calc = if profile.has_bacen_restriction {
        net_income - net_income * BACEN_RESTRICTION_PENALTY
    } else {
        net_income
    };
    let income_limit = income_for_limit_calc * persona.income_multiplier;
    let score_factor = score_factor(profile.credit_score);
    let employment_factor = employment_factor(profile.employment_status);
    let history_factor = history_factor(profile.num_existing_loans, dti);
    let factor_limit = income_limit * score_factor * employment_factor * history_factor;
    let search_cap = persona.max_limit.min(product.max_amount).min(factor_limit);
    let min_amount = product.min_amount.max(persona.min_limit);
    let max_installments = product.max_installments.max(1);
    let start_installments = requested_installments.min(max_installments).max(1);
    Ok(LimitPlan {
        gross_income: income,
        net_income,
        income_for_limit_calc,
        income_limit,
        score_factor,
        employment_factor,
        history_factor,
        factor_limit,
        persona_cap: persona.max_limit,
        product_cap: product.max_amount,
        search_cap,
        min_amount,
        start_installments,
        max_installments,
        rate: product.monthly_rate,
        max_payment: MAX_INCOME_COMMITMENT * net_income,
    })
}

/// What a search found: the limit, where, and how many states it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SearchResult {
    /// (amount, installments, payment) of the best state.
    pub best: Option<(f64, u32, f64)>,
    pub states_explored: u64,
}

/// Plan the limit, run `search` up to the top grid step (when any amount is
/// grantable), and assemble the stage output: the part both calculators share.
pub(crate) fn calculate_with(
    profile: &CustomerProfile,
    product: &ProductSpec,
    persona: &PersonaSpec,
    requested_installments: u32,
    search: impl FnOnce(&LimitPlan, u64) -> SearchResult,
) -> Result<CreditLimit, LimitError> {
    let plan = plan_limit(profile, product, persona, requested_installments)?;
    let top = plan.top_step()?;
    let result = match top {
        None => SearchResult {
            best: None,
            states_explored: 0,
        },
        Some(k) => search(&plan, k),
    };
    Ok(finish(&plan, top, result))
}

/// Assemble the stage output from a plan and a search result.
pub(crate) fn finish(plan: &LimitPlan, top_step: Option<u64>, search: SearchResult) -> CreditLimit {
    let (approved_amount, best_installments, monthly_payment, binding_constraint) =
        match (top_step, search.best) {
            (None, _) => (0.0, 0, 0.0, plan.cap_constraint()),
            (Some(_), None) => (0.0, 0, 0.0, BindingConstraint::Affordability),
            (Some(k), Some((amount, n, payment))) => {
                let binding = if amount < plan.amount_at(k) {
                    BindingConstraint::Affordability
                } else {
                    plan.cap_constraint()
                };
                (amount, n, payment, binding)
            }
        };
    CreditLimit {
        approved_amount,
        affordable: approved_amount > 0.0,
        max_installment_value: plan.max_payment,
        max_installments: plan.max_installments,
        interest_rate: plan.rate,
        factors: LimitFactors {
            gross_income: plan.gross_income,
            net_income: plan.net_income,
            income_for_limit_calc: plan.income_for_limit_calc,
            income_limit: plan.income_limit,
            score_factor: plan.score_factor,
            employment_factor: plan.employment_factor,
            history_factor: plan.history_factor,
            search_cap: plan.search_cap,
            best_installments,
            monthly_payment,
            base_rate: plan.rate,
            states_explored: search.states_explored,
            binding_constraint,
        },
    }
}

/// The fewest installments in `installments` whose Price payment of `amount`
/// stays within `max_payment`, with that payment (SPEC §3.5 offer).
///
/// This is the one offer search: the pipeline's offers and counter-offers use it.
///
/// ```
/// use credit_pipeline::bfs::{fewest_installments, pmt};
/// let (n, payment) = fewest_installments(0.02, 6..=24, 500.0, 5_000.0).unwrap();
/// assert!(payment <= 500.0 && pmt(0.02, n - 1, 5_000.0) > 500.0);
/// ```
pub fn fewest_installments(
    rate: f64,
    installments: std::ops::RangeInclusive<u32>,
    max_payment: f64,
    amount: f64,
) -> Option<(u32, f64)> {
    installments.into_iter().find_map(|n| {
        let payment = pmt(rate, n, amount);
        (payment <= max_payment).then_some((n, payment))
    })
}
