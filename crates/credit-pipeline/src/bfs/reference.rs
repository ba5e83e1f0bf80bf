//! The reference breadth-first search over (amount, installments) states.
//!
//! Kept as written in the paper — FIFO queue, visited set, one state at a
//! time — so the fast [`super::DirectLimitCalculator`] can be checked against it.

use std::collections::{HashSet, VecDeque};

use super::{
    calculate_with, pmt, CreditLimit, LimitCalculator, LimitPlan, LimitRules, SearchResult,
};
use crate::dfs::PersonaSpec;
use crate::products::ProductSpec;
use crate::request::CustomerProfile;
use crate::StageError;

/// Stage 2 by breadth-first search (the reference implementation).
///
/// ```
/// use credit_pipeline::bfs::{BfsLimitCalculator, DirectLimitCalculator};
/// use credit_pipeline::ids::{Persona, ProductType};
/// use credit_pipeline::policy::CreditPolicy;
/// use credit_pipeline::request::{CustomerProfile, EmploymentStatus};
/// use credit_pipeline::LimitCalculator;
///
/// let profile = CustomerProfile {
///     employment_status: EmploymentStatus::SelfEmployed,
///     income: 15_000.0,
///     credit_score: 760,
///     ..CustomerProfile::example("B")
/// };
/// let policy = CreditPolicy::shipped();
/// let product = policy.product(&ProductType::AUTO_LOAN).unwrap();
/// let persona = policy.persona(&Persona::PREMIUM).unwrap();
/// let rules = policy.limit_rules();
/// let bfs = BfsLimitCalculator.calculate(&profile, product, persona, rules, 24).unwrap();
/// let direct = DirectLimitCalculator::default()
///     .calculate(&profile, product, persona, rules, 24)
///     .unwrap();
/// assert_eq!(bfs, direct);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BfsLimitCalculator;

impl LimitCalculator for BfsLimitCalculator {
    fn calculate(
        &self,
        profile: &CustomerProfile,
        product: &ProductSpec,
        persona: &PersonaSpec,
        rules: &LimitRules,
        requested_installments: u32,
    ) -> Result<CreditLimit, StageError> {
        Ok(calculate_with(
            profile,
            product,
            persona,
            rules,
            requested_installments,
            |plan, _| bfs(plan),
        )?)
    }
}

/// The breadth-first search itself. States are (amount, n); the visited set
/// is keyed by (grid step, n) since amounts advance by exact steps.
fn bfs(plan: &LimitPlan) -> SearchResult {
    let cap = plan.search_cap;
    let mut queue: VecDeque<(f64, u64, u32)> = VecDeque::new();
    let mut visited: HashSet<(u64, u32)> = HashSet::new();
    queue.push_back((plan.min_amount, 0, plan.start_installments));
    visited.insert((0, plan.start_installments));

    let mut best: Option<(f64, u32, f64)> = None;
    let mut states_explored = 0u64;
    while let Some((amount, step, n)) = queue.pop_front() {
        states_explored += 1;
        if amount > cap {
            continue;
        }
        let payment = pmt(plan.rate, n, amount);
        if plan.allows(payment) {
            if best.is_none_or(|(b, _, _)| amount > b) {
                best = Some((amount, n, payment));
            }
            let next = amount + plan.amount_step;
            if next <= cap && visited.insert((step + 1, n)) {
                queue.push_back((next, step + 1, n));
            }
        }
        if n < plan.max_installments && visited.insert((step, n + 1)) {
            queue.push_back((amount, step, n + 1));
        }
    }
    SearchResult {
        best,
        states_explored,
    }
}
