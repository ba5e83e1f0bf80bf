//! The counter-offer: the largest approvable grid amount, not above the amount
//! asked nor the limit, that is approved with exactly its offer when submitted.

use std::sync::OnceLock;

use credit_pipeline::fuzzy::{CreditRiskSystem, RiskAssessor, RiskInput, RiskLevel};
use credit_pipeline::mlp::{ApprovalFeatures, ApprovalModel, MlpApprovalModel};
use credit_pipeline::pipeline::{ApprovalStatus, CreditAnalysis, CreditPipeline};
use credit_pipeline::policy::CreditPolicy;
use credit_pipeline::request::{CreditRequest, CustomerProfile, EmploymentStatus, ProductType};
use proptest::prelude::*;

use crate::pipeline_support::{all_products, request};

fn pipeline() -> &'static CreditPipeline {
    static P: OnceLock<CreditPipeline> = OnceLock::new();
    P.get_or_init(|| CreditPipeline::with_defaults().unwrap())
}

fn resubmit(r: &CreditRequest, amount: f64, installments: u32) -> CreditAnalysis {
    let again = CreditRequest {
        requested_amount: amount,
        requested_installments: installments,
        ..r.clone()
    };
    pipeline().analyze(&again).unwrap()
}

/// The grid amounts of a request's product and persona up to `ceiling`.
fn grid(result: &CreditAnalysis, r: &CreditRequest, ceiling: f64) -> Vec<f64> {
    let policy = CreditPolicy::shipped();
    let product = policy.product(&r.product_type).unwrap();
    let persona = policy
        .persona(result.persona.persona.as_ref().unwrap())
        .unwrap();
    let min = product.min_amount.max(persona.min_limit);
    let step = policy.limit_rules().amount_step;
    (0..)
        .map(|k| min + f64::from(k) * step)
        .take_while(|a| *a <= ceiling)
        .collect()
}

#[test]
fn the_issue_cases_get_the_amount_the_pipeline_can_grant() {
    // Auto loan asking 80 000 with a 58 500 limit (SPEC §6 customer B's profile).
    let b = CustomerProfile {
        employment_status: EmploymentStatus::SelfEmployed,
        income: 15_000.0,
        credit_score: 760,
        ..CustomerProfile::example("B")
    };
    let r = request(b, ProductType::AUTO_LOAN, 80_000.0, 48);
    let result = pipeline().analyze(&r).unwrap();
    let limit = result.credit_limit.unwrap().approved_amount;
    let offer = result.counter_offer.expect("a counter-offer");
    assert!(offer.amount <= limit && offer.amount <= 80_000.0);
    assert!(
        result.summary.contains("Contraproposta"),
        "{}",
        result.summary
    );
    let again = resubmit(&r, offer.amount, offer.installments);
    assert_eq!(again.approval_status, ApprovalStatus::Approved);
    assert_eq!(again.offer, Some(offer));
}

#[test]
fn an_approval_as_asked_has_no_counter_offer() {
    let r = request(
        CustomerProfile::example("A"),
        ProductType::PERSONAL_LOAN,
        5_000.0,
        12,
    );
    let result = pipeline().analyze(&r).unwrap();
    assert_eq!(result.approval_status, ApprovalStatus::Approved);
    assert!(result.counter_offer.is_none());
}

#[test]
fn a_persona_rejection_has_no_counter_offer() {
    let e = CustomerProfile {
        employment_status: EmploymentStatus::Unemployed,
        ..CustomerProfile::example("E")
    };
    let result = pipeline()
        .analyze(&request(e, ProductType::PERSONAL_LOAN, 5_000.0, 12))
        .unwrap();
    assert!(!result.persona.passed);
    assert!(result.counter_offer.is_none());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Submitting the counter-offer is approved with exactly that offer, no
    /// larger grid amount within the ceiling is approved at the term asked,
    /// and without a counter-offer no grid amount is.
    #[test]
    fn the_counter_offer_is_the_largest_approvable_and_holds_when_submitted(
        income in 1_500.0..60_000.0f64,
        score in 300u32..=1000,
        dti in 0.0..0.8f64,
        inquiries in 0u32..15,
        job in 0u32..120,
        employment in prop::sample::select(vec![
            EmploymentStatus::Employed, EmploymentStatus::SelfEmployed, EmploymentStatus::Retired,
        ]),
        product in prop::sample::select(all_products()),
        amount in 500.0..400_000.0f64,
        n in 1u32..=400,
    ) {
        let profile = CustomerProfile {
            income, credit_score: score, debt_to_income_ratio: dti, employment_status: employment,
            num_credit_inquiries: inquiries, time_at_job_months: job,
            ..CustomerProfile::example("P")
        };
        let r = request(profile, product, amount, n);
        let result = pipeline().analyze(&r).unwrap();
        let as_asked = result.approval_status == ApprovalStatus::Approved
            && result.offer.is_some_and(|o| o.amount == amount && o.installments == n);
        if as_asked || !result.persona.passed {
            prop_assert!(result.counter_offer.is_none());
            return Ok(());
        }
        let limit = result.credit_limit.unwrap().approved_amount;
        let ceiling = amount.min(limit);
        match result.counter_offer {
            Some(offer) => {
                prop_assert!(offer.amount <= ceiling);
                let again = resubmit(&r, offer.amount, offer.installments);
                prop_assert_eq!(again.approval_status, ApprovalStatus::Approved);
                prop_assert_eq!(again.offer, Some(offer));
                prop_assert!(again.counter_offer.is_none() && again.reasons.is_empty());
                if result.approval_status == ApprovalStatus::Approved {
                    prop_assert_eq!(result.offer, Some(offer));
                } else {
                    for above in grid(&result, &r, ceiling).into_iter().filter(|a| *a > offer.amount) {
                        let tried = resubmit(&r, above, n);
                        prop_assert_ne!(tried.approval_status, ApprovalStatus::Approved, "{} approved", above);
                    }
                }
            }
            None => {
                for candidate in grid(&result, &r, ceiling) {
                    let tried = resubmit(&r, candidate, n);
                    prop_assert_ne!(tried.approval_status, ApprovalStatus::Approved, "{} approved", candidate);
                }
            }
        }
    }

    /// The risk system's limit-ratio sweep gives what `assess` gives, to the bit.
    #[test]
    fn the_limit_ratio_sweep_is_assess_to_the_bit(
        score in 0.0..1000.0f64,
        income in 0.0..60_000.0f64,
        debt in 0.0..1.0f64,
        job in 0.0..130.0f64,
        inquiries in 0.0..22.0f64,
        ratios in proptest::collection::vec(0.0..1.0f64, 1..40),
    ) {
        let system = CreditRiskSystem::new();
        let input = RiskInput { credit_score: score, income, debt_ratio: debt, employment_time: job,
            inquiries, limit_ratio: 0.0 };
        let mut sweep = system.limit_ratio_scores(&input).unwrap();
        for ratio in ratios {
            let a = system.assess(&RiskInput { limit_ratio: ratio, ..input }).unwrap();
            let expected = a.risk_score.filter(|_| a.risk_level != RiskLevel::Undetermined);
            let got = sweep(ratio).unwrap();
            prop_assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits));
        }
    }

    /// The model's shared-prefix decisions are `decide`'s, and `decide` is `predict`'s.
    #[test]
    fn shared_prefix_decisions_are_the_model_decisions(
        features in proptest::collection::vec(0.0..1.0f32, 10),
        tails in proptest::collection::vec((0.0..1.0f64, 0.0..1.2f64), 1..30),
    ) {
        let model = MlpApprovalModel::shipped().unwrap();
        let base = ApprovalFeatures(features.try_into().unwrap());
        let mut decide = model.decisions(&base);
        for (risk, ratio) in tails {
            let f = base.with_risk_and_ratio(risk, ratio);
            let d = decide(&f).unwrap();
            prop_assert_eq!(d, model.decide(&f).unwrap());
            prop_assert_eq!(d, model.predict(&f).unwrap().decision);
        }
    }
}
