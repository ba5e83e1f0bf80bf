//! Invariants of the CreditAI risk system over the whole input space
//! (proptest): no panic on any finite input, scores in [0, 1], fired rules
//! with activations in (0, 1], errors on NaN / infinity naming the field.

use credit_pipeline::fuzzy::{
    CreditRiskSystem, RiskAssessment, RiskAssessor, RiskInput, RiskLevel,
};
use credit_pipeline::{Stage, StageError};
use proptest::prelude::*;
use std::sync::OnceLock;

fn system() -> &'static CreditRiskSystem {
    static SYSTEM: OnceLock<CreditRiskSystem> = OnceLock::new();
    SYSTEM.get_or_init(CreditRiskSystem::new)
}

/// Mostly values around each universe, sometimes anything finite.
fn around(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    let span = hi - lo;
    prop_oneof![
        6 => (lo - 0.1 * span)..(hi + 0.1 * span),
        1 => Just(lo),
        1 => Just(hi),
        1 => proptest::num::f64::NORMAL | proptest::num::f64::ZERO | proptest::num::f64::SUBNORMAL,
    ]
}

fn any_input() -> impl Strategy<Value = RiskInput> {
    (
        around(0.0, 1000.0),
        around(0.0, 50_000.0),
        around(0.0, 1.0),
        around(0.0, 120.0),
        around(0.0, 20.0),
        around(0.0, 1.0),
    )
        .prop_map(|(s, i, d, e, q, l)| RiskInput {
            credit_score: s,
            income: i,
            debt_ratio: d,
            employment_time: e,
            inquiries: q,
            limit_ratio: l,
        })
}

fn check(a: &RiskAssessment) -> Result<(), TestCaseError> {
    for w in a.fired_rules.windows(2) {
        prop_assert!(
            w[0].rule < w[1].rule,
            "rules not in order: {:?}",
            a.fired_rules
        );
    }
    for r in &a.fired_rules {
        prop_assert!((1..=19).contains(&r.rule));
        prop_assert!(r.activation > 0.0 && r.activation <= 1.0, "{r:?}");
    }
    match a.risk_score {
        Some(score) => {
            prop_assert!((0.0..=1.0).contains(&score), "score {score}");
            prop_assert!(!a.fired_rules.is_empty());
            prop_assert_eq!(a.risk_level, CreditRiskSystem::new().level_for(score));
            let m = a.memberships;
            for v in [m.low, m.med, m.high] {
                prop_assert!((0.0..=1.0).contains(&v));
            }
            prop_assert_eq!(a.confidence, m.low.max(m.med).max(m.high));
        }
        None => {
            prop_assert_eq!(a.risk_level, RiskLevel::Undetermined);
            prop_assert!(a.fired_rules.is_empty());
            prop_assert_eq!(a.confidence, 0.0);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_finite_input_gives_a_consistent_assessment(input in any_input()) {
        let a = system().assess(&input).expect("finite input never errors");
        check(&a)?;
        // No hidden state: the same input gives the same answer.
        prop_assert_eq!(system().assess(&input).unwrap(), a);
    }

    #[test]
    fn inputs_are_clipped_to_their_universes(input in any_input()) {
        let clipped = RiskInput {
            credit_score: input.credit_score.clamp(0.0, 1000.0),
            income: input.income.clamp(0.0, 50_000.0),
            debt_ratio: input.debt_ratio.clamp(0.0, 1.0),
            employment_time: input.employment_time.clamp(0.0, 120.0),
            inquiries: input.inquiries.clamp(0.0, 20.0),
            limit_ratio: input.limit_ratio.clamp(0.0, 1.0),
        };
        prop_assert_eq!(system().assess(&input).unwrap(), system().assess(&clipped).unwrap());
    }

    #[test]
    fn non_finite_inputs_are_errors_naming_the_field(
        input in any_input(),
        field in 0usize..6,
        bad in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
    ) {
        let mut input = input;
        let names = ["credit_score", "income", "debt_ratio", "employment_time", "inquiries", "limit_ratio"];
        match field {
            0 => input.credit_score = bad,
            1 => input.income = bad,
            2 => input.debt_ratio = bad,
            3 => input.employment_time = bad,
            4 => input.inquiries = bad,
            _ => input.limit_ratio = bad,
        }
        match system().assess(&input) {
            Err(StageError::NonFiniteInput { stage: Stage::Risk, input: variable, value }) => {
                // The first non-finite field in engine order is reported.
                prop_assert_eq!(variable.as_str(), names[field]);
                prop_assert!(!value.is_finite());
            }
            other => prop_assert!(false, "expected an error, got {:?}", other),
        }
    }
}
