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
//! use credit_pipeline::ids::{Persona, ProductType};
//! use credit_pipeline::policy::CreditPolicy;
//! use credit_pipeline::request::CustomerProfile;
//! use credit_pipeline::LimitCalculator;
//!
//! let policy = CreditPolicy::shipped();
//! let profile = CustomerProfile::example("A");
//! let product = policy.product(&ProductType::PERSONAL_LOAN).unwrap();
//! let persona = policy.persona(&Persona::STANDARD).unwrap();
//! let limit = DirectLimitCalculator::default()
//!     .calculate(&profile, product, persona, policy.limit_rules(), 36)
//!     .unwrap();
//! assert_eq!(limit.outcome(), LimitOutcome::Granted);
//! assert_eq!(limit.approved_amount, 22_000.0);
//! assert_eq!(limit.factors.monthly_payment, pmt(0.025, 36, 22_000.0));
//! ```

mod direct;
mod reference;
mod rules;

use serde::{Deserialize, Serialize};

pub use direct::DirectLimitCalculator;
pub use reference::BfsLimitCalculator;
pub use rules::{payment_allowed, Affordability, DebtRatioBand, LimitRules, ScoreBand};

use crate::dfs::PersonaSpec;
use crate::products::ProductSpec;
use crate::request::CustomerProfile;
use crate::{Stage, StageError};

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
    /// The commitment rule (payment at most 30 % of net income) stopped the
    /// search below the cap.
    Affordability,
    /// The mínimo existencial (payment at most net income less R$ 600) was
    /// the tighter payment bound and stopped the search below the cap.
    MinimoExistencial,
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
    /// No amount on the grid has an affordable payment.
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
    /// `max_commitment * net_income`: the commitment bound on the payment, BRL.
    pub commitment_bound: f64,
    /// `net_income - minimo_existencial`: the mínimo-existencial bound on the payment, BRL.
    pub minimo_existencial_bound: f64,
    /// The mínimo existencial of the policy, BRL.
    pub minimo_existencial: f64,
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
    /// Largest monthly payment allowed: the smaller of
    /// `factors.commitment_bound` and `factors.minimo_existencial_bound`.
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
        } else if self.factors.binding_constraint.is_payment_bound() {
            LimitOutcome::LowIncome
        } else {
            LimitOutcome::BelowProductMinimum
        }
    }

    /// Whether `payment` is affordable: `payment <= commitment_bound &&
    /// payment <= minimo_existencial_bound` (two comparisons, as the policy
    /// states the rule).
    pub fn allows(&self, payment: f64) -> bool {
        payment_allowed(
            payment,
            self.factors.commitment_bound,
            self.factors.minimo_existencial_bound,
        )
    }
}

impl BindingConstraint {
    /// Whether the payment rule (commitment or mínimo existencial) decided.
    pub fn is_payment_bound(self) -> bool {
        matches!(self, Self::Affordability | Self::MinimoExistencial)
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
    /// Compute the limit under the policy's `rules`. `requested_installments`
    /// is the request's term (>= 1).
    fn calculate(
        &self,
        profile: &CustomerProfile,
        product: &ProductSpec,
        persona: &PersonaSpec,
        rules: &LimitRules,
        requested_installments: u32,
    ) -> Result<CreditLimit, StageError>;
}

impl<T: LimitCalculator + ?Sized> LimitCalculator for std::sync::Arc<T> {
    fn calculate(
        &self,
        profile: &CustomerProfile,
        product: &ProductSpec,
        persona: &PersonaSpec,
        rules: &LimitRules,
        requested_installments: u32,
    ) -> Result<CreditLimit, StageError> {
        (**self).calculate(profile, product, persona, rules, requested_installments)
    }
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
    /// `max_commitment * net_income`.
    pub commitment_bound: f64,
    /// `net_income - minimo_existencial`.
    pub minimo_existencial_bound: f64,
    /// The policy's mínimo existencial.
    pub minimo_existencial: f64,
    /// Grid step of the amounts.
    pub amount_step: f64,
}

impl LimitPlan {
    /// Whether `principal` over `n` months has an affordable payment.
    pub fn affordable(&self, principal: f64, n: u32) -> bool {
        self.allows(pmt(self.rate, n, principal))
    }

    /// `payment <= commitment_bound && payment <= minimo_existencial_bound`.
    pub fn allows(&self, payment: f64) -> bool {
        payment_allowed(
            payment,
            self.commitment_bound,
            self.minimo_existencial_bound,
        )
    }

    /// The constraint reported when the payment rule stops the search: the
    /// tighter of the two payment bounds.
    pub fn payment_constraint(&self) -> BindingConstraint {
        if self.minimo_existencial_bound < self.commitment_bound {
            BindingConstraint::MinimoExistencial
        } else {
            BindingConstraint::Affordability
        }
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
        let steps = ((self.search_cap - self.min_amount) / self.amount_step).floor();
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

    /// The `k`-th grid amount, `min_amount + k * amount_step` (exact for the SPEC table).
    pub fn amount_at(&self, k: u64) -> f64 {
        self.min_amount + k as f64 * self.amount_step
    }
}

/// Compute the SPEC §3.2 factors and bounds under `rules`, every product
/// evaluated left to right.
pub fn plan_limit(
    profile: &CustomerProfile,
    product: &ProductSpec,
    persona: &PersonaSpec,
    rules: &LimitRules,
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
        net_income - net_income * rules.bacen_restriction_penalty
    } else {
        net_income
    };
    let income_limit = income_for_limit_calc * persona.income_multiplier;
    let score_factor = rules.score_factor(profile.credit_score);
    let employment_factor = rules.employment_factor(profile.employment_status);
    let history_factor = rules.history_factor(profile.num_existing_loans, dti);
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
        commitment_bound: rules.affordability.max_commitment * net_income,
        minimo_existencial_bound: net_income - rules.affordability.minimo_existencial,
        minimo_existencial: rules.affordability.minimo_existencial,
        amount_step: rules.amount_step,
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
    rules: &LimitRules,
    requested_installments: u32,
    search: impl FnOnce(&LimitPlan, u64) -> SearchResult,
) -> Result<CreditLimit, LimitError> {
    let plan = plan_limit(profile, product, persona, rules, requested_installments)?;
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
            (Some(_), None) => (0.0, 0, 0.0, plan.payment_constraint()),
            (Some(k), Some((amount, n, payment))) => {
                let binding = if amount < plan.amount_at(k) {
                    plan.payment_constraint()
                } else {
                    plan.cap_constraint()
                };
                (amount, n, payment, binding)
            }
        };
    CreditLimit {
        approved_amount,
        affordable: approved_amount > 0.0,
        max_installment_value: plan.commitment_bound.min(plan.minimo_existencial_bound),
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
            commitment_bound: plan.commitment_bound,
            minimo_existencial_bound: plan.minimo_existencial_bound,
            minimo_existencial: plan.minimo_existencial,
            best_installments,
            monthly_payment,
            base_rate: plan.rate,
            states_explored: search.states_explored,
            binding_constraint,
        },
    }
}

/// The fewest installments in `installments` whose Price payment of `amount`
/// is affordable (`allows(payment)`), with that payment (SPEC §3.5 offer).
///
/// This is the one offer search: the pipeline's offers and counter-offers use it.
///
/// ```
/// use credit_pipeline::bfs::{fewest_installments, pmt};
/// let (n, payment) = fewest_installments(0.02, 6..=24, |p| p <= 500.0, 5_000.0).unwrap();
/// assert!(payment <= 500.0 && pmt(0.02, n - 1, 5_000.0) > 500.0);
/// ```
pub fn fewest_installments(
    rate: f64,
    installments: std::ops::RangeInclusive<u32>,
    allows: impl Fn(f64) -> bool,
    amount: f64,
) -> Option<(u32, f64)> {
    installments.into_iter().find_map(|n| {
        let payment = pmt(rate, n, amount);
        allows(payment).then_some((n, payment))
    })
}
