//! The best approvable counter-offer.
//!
//! When a request is not approved as asked and the customer passed stage 1,
//! the counter-offer is the **largest amount on the product's grid**
//! (`min_amount + k * amount_step`, with `min_amount = max(product minimum,
//! persona min_limit)`) **not above the amount asked nor the limit** that
//! stages 2 to 4 approve, with the installments, payment and costs the offer
//! rule gives for it (the fewest installments from the term asked, capped at
//! the product's maximum, with an affordable payment). It is never more than
//! the customer asked for: lending more than was asked is not a remedy for a
//! refusal (responsible lending, Lei 14.181/2021).
//!
//! Each candidate is decided exactly as a new request for that amount and
//! that term would be: the limit does not depend on the term asked (the
//! limit search takes the best column, and longer terms only afford more),
//! the limit ratio is `min(1, amount / limit)`, the risk comes from the same
//! fuzzy code ([`RiskAssessor::limit_ratio_scores`]) and the decision from the
//! same model. So submitting the counter-offer is approved with exactly that
//! offer (a property test in `tests/counter_offer.rs`).
//!
//! Candidates are tried from the largest down and the search stops at the
//! first approval; only the rules reading the limit ratio are re-evaluated,
//! and the fuzzy output is reused while their activations do not change.

use super::{limit_ratio, offer_terms, start_installments, CreditPipeline, Offer, PipelineError};
use crate::bfs::CreditLimit;
use crate::dfs::PersonaSpec;
use crate::fuzzy::RiskInput;
use crate::mlp::{ApprovalFeatures, Decision};
use crate::request::CreditRequest;

impl CreditPipeline {
    /// The counter-offer for a request that passed stage 1 and has a limit
    /// (see the [module docs](self)); `None` when no candidate is approved.
    pub(super) fn counter_offer(
        &self,
        request: &CreditRequest,
        limit: &CreditLimit,
        persona: &PersonaSpec,
        risk_input: &RiskInput,
    ) -> Result<Option<Offer>, PipelineError> {
        let product = self.product(request)?;
        let step = self.policy.limit_rules().amount_step;
        let min_amount = product.min_amount.max(persona.min_limit);
        let ceiling = request.requested_amount.min(limit.approved_amount);
        let Some(top) = top_step(min_amount, step, ceiling) else {
            return Ok(None);
        };
        let profile = &request.customer_profile;
        let mut scores = self.risk.limit_ratio_scores(risk_input)?;
        let base = ApprovalFeatures::from_profile(profile, 0.0, 0.0);
        let mut decide = self.approval.decisions(&base);
        let start = start_installments(request, limit);
        for k in (0..=top).rev() {
            let amount = min_amount + k as f64 * step;
            let ratio = limit_ratio(amount, limit);
            let Some(score) = scores(ratio)? else {
                continue;
            };
            // Exactly `ApprovalFeatures::from_profile(profile, score, ratio)`.
            let features = base.with_risk_and_ratio(score, ratio);
            if decide(&features)? == Decision::Approved {
                return Ok(offer_terms(limit, product, start, amount));
            }
        }
        Ok(None)
    }
}

/// The largest `k` with `min_amount + k * step <= ceiling` (`None` when even
/// `min_amount` is above it), settled with the exact grid amounts.
fn top_step(min_amount: f64, step: f64, ceiling: f64) -> Option<u64> {
    let grantable = ceiling >= min_amount && step > 0.0;
    if !grantable {
        return None;
    }
    let estimate = ((ceiling - min_amount) / step).floor();
    if !estimate.is_finite() || estimate > 1e9 {
        return None;
    }
    let mut k = estimate as u64;
    while min_amount + (k + 1) as f64 * step <= ceiling {
        k += 1;
    }
    while k > 0 && min_amount + k as f64 * step > ceiling {
        k -= 1;
    }
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::top_step;

    #[test]
    fn top_step_is_the_last_grid_amount_within_the_ceiling() {
        assert_eq!(top_step(3_000.0, 500.0, 22_000.0), Some(38));
        assert_eq!(top_step(3_000.0, 500.0, 22_499.0), Some(38));
        assert_eq!(top_step(3_000.0, 500.0, 3_000.0), Some(0));
        assert_eq!(top_step(3_000.0, 500.0, 2_999.0), None);
        assert_eq!(top_step(3_000.0, 500.0, f64::NAN), None);
    }
}
