//! Seeded synthetic training data for the approval MLP (SPEC §3.4).
//!
//! Each applicant is drawn with a [`Xoshiro256PlusPlus`] generator seeded by
//! `seed_from_u64(seed)`, in this order: age uniform in 18..=100, credit score in
//! 0..=999, income U(800, 50 000), debt-to-income U(0, 1), employed with p = 0.8,
//! bank account with p = 0.9, inquiries in 0..=11, loans in 0..=5, risk U(0, 1),
//! limit ratio U(0.3, 1.2). The label follows [`label_for`]. Same seed, same data.

use rand::Rng;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use credit_pipeline::mlp::{Decision, FeatureInputs};

use crate::dataset::{Dataset, LabeledSample};

/// Risk above which the rules reject.
pub const REJECT_RISK_ABOVE: f64 = 0.75;
/// Credit score below which the rules reject.
pub const REJECT_SCORE_BELOW: f64 = 500.0;
/// Debt-to-income ratio above which the rules reject.
pub const REJECT_DTI_ABOVE: f64 = 0.55;
/// Risk at or above which the rules send to review.
pub const REVIEW_RISK_FROM: f64 = 0.45;
/// Raw limit ratio above which the rules send to review.
pub const REVIEW_LIMIT_RATIO_ABOVE: f64 = 0.95;

/// The labelling rules of SPEC §3.4, applied to raw values.
///
/// Rejected if risk > 0.75 or score < 500 or dti > 0.55; else pending review if
/// risk >= 0.45 or the raw limit ratio > 0.95 or the applicant is not working;
/// else approved.
///
/// ```
/// use approval_training::label_for;
/// use credit_pipeline::mlp::{FeatureInputs, Decision};
/// let mut a = FeatureInputs {
///     age: 40.0, credit_score: 700.0, income: 5000.0, debt_to_income_ratio: 0.2,
///     working: true, has_bank_account: true, inquiries: 1.0, loans: 1.0,
///     risk_score: 0.2, limit_ratio: 0.5,
/// };
/// assert_eq!(label_for(&a), Decision::Approved);
/// a.risk_score = 0.45;
/// assert_eq!(label_for(&a), Decision::PendingReview);
/// a.credit_score = 499.0;
/// assert_eq!(label_for(&a), Decision::Rejected);
/// ```
pub fn label_for(inputs: &FeatureInputs) -> Decision {
    if inputs.risk_score > REJECT_RISK_ABOVE
        || inputs.credit_score < REJECT_SCORE_BELOW
        || inputs.debt_to_income_ratio > REJECT_DTI_ABOVE
    {
        Decision::Rejected
    } else if inputs.risk_score >= REVIEW_RISK_FROM
        || inputs.limit_ratio > REVIEW_LIMIT_RATIO_ABOVE
        || !inputs.working
    {
        Decision::PendingReview
    } else {
        Decision::Approved
    }
}

/// A seeded stream of synthetic applicants.
///
/// ```
/// use approval_training::SyntheticGenerator;
/// let a = SyntheticGenerator::new(7).dataset(100);
/// let b = SyntheticGenerator::new(7).dataset(100);
/// assert_eq!(a, b);
/// assert_eq!(a.len(), 100);
/// ```
#[derive(Debug, Clone)]
pub struct SyntheticGenerator {
    rng: Xoshiro256PlusPlus,
}

impl SyntheticGenerator {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// Draw the raw values of the next applicant.
    pub fn next_inputs(&mut self) -> FeatureInputs {
        let rng = &mut self.rng;
        let age = f64::from(rng.gen_range(18u32..=100));
        let credit_score = f64::from(rng.gen_range(0u32..=999));
        let income = rng.gen_range(800.0..50_000.0);
        let debt_to_income_ratio = rng.gen_range(0.0..1.0);
        let working = rng.gen_bool(0.8);
        let has_bank_account = rng.gen_bool(0.9);
        let inquiries = f64::from(rng.gen_range(0u32..=11));
        let loans = f64::from(rng.gen_range(0u32..=5));
        let risk_score = rng.gen_range(0.0..1.0);
        let limit_ratio = rng.gen_range(0.3..1.2);
        FeatureInputs {
            age,
            credit_score,
            income,
            debt_to_income_ratio,
            working,
            has_bank_account,
            inquiries,
            loans,
            risk_score,
            limit_ratio,
        }
    }

    /// Draw the next labelled sample.
    pub fn next_sample(&mut self) -> LabeledSample {
        let inputs = self.next_inputs();
        LabeledSample {
            features: inputs.to_features(),
            label: label_for(&inputs),
        }
    }

    /// Draw `n` labelled samples.
    pub fn dataset(&mut self, n: usize) -> Dataset {
        Dataset::new((0..n).map(|_| self.next_sample()).collect())
    }
}
