//! The direct limit solver: the BFS result without the queue.
//!
//! For a fixed number of installments `n` the payment grows with the amount
//! (`P * c1 / c2` with positive constants, and IEEE rounding is monotone), so
//! the affordable amounts of column `n` are a prefix `0..=t_n` of the grid.
//! `t_n` is estimated arithmetically (`0.30 * net * c2 / c1`) and then settled
//! with the exact affordability predicate, so it is the BFS's answer bit for
//! bit. From the `t_n`:
//!
//! * the limit is grid step `k* = max_n t_n`, at the first `n` reaching it —
//!   every path from the start to `(k, n)` has `k + (n - start)` moves, so the
//!   FIFO order reaches `(k*, n)` in increasing `n`;
//! * the BFS explores, in column `n`, the steps `0..=h_n` with
//!   `h_start = min(t_start + 1, K)` and `h_n = max(h_{n-1}, min(t_n + 1, K))`
//!   (columns inherit the previous column's states, and an affordable state
//!   opens the next amount up to the cap step `K`), so
//!   `states_explored = sum (h_n + 1)`. Once `t_n = K` every later column is
//!   full and the sum is closed arithmetically.

use std::sync::Arc;

use super::{
    calculate_with, pmt, CreditLimit, LimitCalculator, LimitPlan, LimitRules, SearchResult,
};
use crate::dfs::PersonaSpec;
use crate::products::ProductSpec;
use crate::request::CustomerProfile;
use crate::StageError;

/// Stage 2 without enumerating states (the default implementation).
///
/// Returns exactly what [`super::BfsLimitCalculator`] returns, including
/// `states_explored`. It keeps the payment constants of the products it was
/// built for (any other rate is computed on the fly, with the same result).
#[derive(Debug, Clone)]
pub struct DirectLimitCalculator {
    tables: Arc<Vec<AnnuityTable>>,
}

impl DirectLimitCalculator {
    /// A calculator with the payment constants of `products` precomputed.
    pub fn for_products(products: &[ProductSpec]) -> Self {
        let tables = products
            .iter()
            .map(|spec| AnnuityTable {
                rate: spec.monthly_rate,
                coefficients: (1..=spec.max_installments)
                    .map(|n| coefficients_uncached(spec.monthly_rate, n))
                    .collect(),
            })
            .collect();
        Self {
            tables: Arc::new(tables),
        }
    }
}

impl Default for DirectLimitCalculator {
    /// Tables for the shipped policy's products.
    fn default() -> Self {
        Self::for_products(crate::policy::CreditPolicy::shipped().products())
    }
}

impl LimitCalculator for DirectLimitCalculator {
    fn calculate(
        &self,
        profile: &CustomerProfile,
        product: &ProductSpec,
        persona: &PersonaSpec,
        rules: &LimitRules,
        requested_installments: u32,
    ) -> Result<CreditLimit, StageError> {
        let table = self
            .tables
            .iter()
            .filter(|t| t.rate.to_bits() == product.monthly_rate.to_bits())
            .max_by_key(|t| t.coefficients.len());
        Ok(calculate_with(
            profile,
            product,
            persona,
            rules,
            requested_installments,
            |plan, top| solve(plan, top, table),
        )?)
    }
}

/// `(r * f, f - 1)` with `f = (1 + r).powf(n)`, the two constants of [`pmt`].
#[derive(Debug)]
struct AnnuityTable {
    rate: f64,
    /// Index `n - 1`.
    coefficients: Vec<(f64, f64)>,
}

fn coefficients_uncached(rate: f64, n: u32) -> (f64, f64) {
    let f = (1.0 + rate).powf(f64::from(n));
    (rate * f, f - 1.0)
}

/// The payment constants of month count `n` (table lookup for SPEC rates).
fn coefficients(table: Option<&AnnuityTable>, rate: f64, n: u32) -> (f64, f64) {
    table
        .and_then(|t| t.coefficients.get(n as usize - 1).copied())
        .unwrap_or_else(|| coefficients_uncached(rate, n))
}

/// Largest grid step `t <= top` with an affordable payment at `n` (-1 if none).
fn column_top(plan: &LimitPlan, top: u64, n: u32, table: Option<&AnnuityTable>) -> i64 {
    let limit = plan.commitment_bound.min(plan.minimo_existencial_bound);
    let top = top as i64;
    // Payment = p * c1 / c2 (rate > 0) or p / n (rate <= 0), as in `pmt`.
    let positive_rate = plan.rate > 0.0;
    let (c1, c2) = if positive_rate {
        coefficients(table, plan.rate, n)
    } else {
        (1.0, f64::from(n))
    };
    let affordable = |p: f64| {
        let payment = if positive_rate { p * c1 / c2 } else { p / c2 };
        plan.allows(payment)
    };
    let estimate = limit * c2 / c1;
    let guess = ((estimate - plan.min_amount) / plan.amount_step).floor();
    // NaN saturates to 0; the exact checks below settle any estimate.
    let mut t = if guess >= top as f64 {
        top
    } else if guess < -1.0 {
        -1
    } else {
        guess as i64
    };
    while t < top && affordable(plan.amount_at((t + 1) as u64)) {
        t += 1;
    }
    while t >= 0 && !affordable(plan.amount_at(t as u64)) {
        t -= 1;
    }
    t
}

fn solve(plan: &LimitPlan, top: u64, table: Option<&AnnuityTable>) -> SearchResult {
    let top_i = top as i64;
    let mut reach: i64 = 0; // h_n: highest step the BFS reaches in the column
    let mut states: u64 = 0;
    let mut best: Option<(i64, u32)> = None;
    for n in plan.start_installments..=plan.max_installments {
        let t = column_top(plan, top, n, table);
        reach = reach.max((t + 1).min(top_i));
        states += reach as u64 + 1;
        if t >= 0 && best.is_none_or(|(b, _)| t > b) {
            best = Some((t, n));
        }
        if t == top_i {
            // Every later column is full: K + 1 states each.
            states += u64::from(plan.max_installments - n) * (top + 1);
            break;
        }
    }
    SearchResult {
        best: best.map(|(k, n)| {
            let amount = plan.amount_at(k as u64);
            (amount, n, pmt(plan.rate, n, amount))
        }),
        states_explored: states,
    }
}
