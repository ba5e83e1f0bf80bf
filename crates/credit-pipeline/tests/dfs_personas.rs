//! Stage 1: the SPEC §6 customers with their exact decision paths, the
//! confidence formula, and the backtracking rule over the whole input space.

use crate::pipeline_support::{all_personas, ShippedSpec, *};
use approx::assert_relative_eq;
use credit_pipeline::dfs::{
    persona_confidence, Condition, DecisionNode, DfsPersonaClassifier, Persona, PersonaTree,
};
use credit_pipeline::request::{CustomerProfile, EmploymentStatus};
use credit_pipeline::PersonaClassifier;
use proptest::prelude::*;

fn classify(p: &CustomerProfile) -> credit_pipeline::dfs::PersonaResult {
    DfsPersonaClassifier::default().classify(p)
}

const WORKING: &str = "employment_status in [employed, self_employed]";
const BASIC_JOBS: &str = "employment_status in [employed, self_employed, retired]";

#[test]
fn customer_a_is_standard() {
    let r = classify(&customer_a());
    assert!(r.passed);
    assert_eq!(r.persona, Some(Persona::STANDARD));
    assert_eq!(
        r.decision_path,
        [
            "income >= 10000: false".to_string(),
            "income >= 2000: true".into(),
            format!("{WORKING}: true"),
            "credit_score >= 550: true".into(),
            "persona: standard".into(),
        ]
    );
    // min(8500/4000, 0.4) + min(780/850*0.4, 0.4) + 0.2
    assert_relative_eq!(
        r.confidence,
        0.4 + 780.0 / 850.0 * 0.4 + 0.2,
        epsilon = 1e-15
    );
}

#[test]
fn customer_b_is_premium() {
    let r = classify(&customer_b());
    assert_eq!(r.persona, Some(Persona::PREMIUM));
    assert_eq!(
        r.decision_path,
        [
            "income >= 10000: true".to_string(),
            format!("{WORKING}: true"),
            "credit_score >= 750: true".into(),
            "persona: premium".into(),
        ]
    );
    assert_relative_eq!(
        r.confidence,
        0.4 + 760.0 / 850.0 * 0.4 + 0.2,
        epsilon = 1e-15
    );
}

#[test]
fn customer_c_retired_backtracks_to_basic() {
    let r = classify(&customer_c());
    assert_eq!(r.persona, Some(Persona::BASIC));
    assert_eq!(
        r.decision_path,
        [
            "income >= 10000: false".to_string(),
            "income >= 2000: true".into(),
            format!("{WORKING}: false"),
            "income >= 0: true".into(),
            format!("{BASIC_JOBS}: true"),
            "credit_score >= 0: true".into(),
            "persona: basic".into(),
        ]
    );
    // Basic: max(2*0, 1) = 1, retired -> 0.1.
    assert_relative_eq!(
        r.confidence,
        0.4 + 700.0 / 850.0 * 0.4 + 0.1,
        epsilon = 1e-15
    );
}

#[test]
fn customer_d_low_score_is_basic() {
    let r = classify(&customer_d());
    assert_eq!(r.persona, Some(Persona::BASIC));
    assert_eq!(
        r.decision_path,
        [
            "income >= 10000: false".to_string(),
            "income >= 2000: true".into(),
            format!("{WORKING}: true"),
            "credit_score >= 550: false".into(),
            "income >= 0: true".into(),
            format!("{BASIC_JOBS}: true"),
            "credit_score >= 0: true".into(),
            "persona: basic".into(),
        ]
    );
    assert_relative_eq!(
        r.confidence,
        0.4 + 500.0 / 850.0 * 0.4 + 0.2,
        epsilon = 1e-15
    );
}

#[test]
fn customer_e_unemployed_has_no_persona() {
    let r = classify(&customer_e());
    assert!(!r.passed);
    assert_eq!(r.persona, None);
    assert_eq!(r.confidence, 0.0);
    assert_eq!(
        r.decision_path,
        [
            "income >= 10000: false".to_string(),
            "income >= 2000: true".into(),
            format!("{WORKING}: false"),
            "income >= 0: true".into(),
            format!("{BASIC_JOBS}: false"),
        ]
    );
}

#[test]
fn premium_income_but_low_score_backtracks_to_standard() {
    let p = profile("X", 20_000.0, EmploymentStatus::Employed, 700);
    let r = classify(&p);
    assert_eq!(r.persona, Some(Persona::STANDARD));
    assert_eq!(
        r.decision_path[..3],
        [
            "income >= 10000: true".to_string(),
            format!("{WORKING}: true"),
            "credit_score >= 750: false".into(),
        ]
    );
}

#[test]
fn confidence_edge_cases() {
    // Score 0 counts 0.2; tiny income against Basic's max(0, 1) denominator.
    let mut p = profile("Z", 0.3, EmploymentStatus::Retired, 0);
    let spec = Persona::BASIC.spec();
    assert_relative_eq!(
        persona_confidence(&p, &spec),
        0.3 + 0.2 + 0.1,
        epsilon = 1e-15
    );
    // Score 1000 caps at 0.4; total capped at 1.0.
    p.credit_score = 1000;
    p.income = 1e6;
    p.employment_status = EmploymentStatus::Employed;
    assert_eq!(persona_confidence(&p, &spec), 1.0);
}

#[test]
fn a_custom_tree_is_searched_depth_first() {
    // Two alternatives under one root condition: the first fails deep, the second wins.
    let tree = PersonaTree {
        roots: vec![DecisionNode::Test {
            condition: Condition::IncomeAtLeast(100.0),
            children: vec![
                DecisionNode::Test {
                    condition: Condition::CreditScoreAtLeast(900),
                    children: vec![DecisionNode::Leaf(Persona::PREMIUM)],
                },
                DecisionNode::Leaf(Persona::BASIC),
            ],
        }],
    };
    let mut path = Vec::new();
    let p = profile("T", 500.0, EmploymentStatus::Employed, 800);
    assert_eq!(tree.search(&p, &mut path), Some(Persona::BASIC));
    assert_eq!(
        path,
        [
            "income >= 100: true",
            "credit_score >= 900: false",
            "persona: basic"
        ]
    );
}

fn employment() -> impl Strategy<Value = EmploymentStatus> {
    prop_oneof![
        Just(EmploymentStatus::Employed),
        Just(EmploymentStatus::SelfEmployed),
        Just(EmploymentStatus::Retired),
        Just(EmploymentStatus::Unemployed),
    ]
}

proptest! {
    /// The persona is the first table row whose three criteria all hold.
    #[test]
    fn persona_is_first_qualifying_row(
        income in prop_oneof![0.0..30_000.0f64, Just(2_000.0), Just(10_000.0), Just(1_999.99)],
        job in employment(),
        score in prop_oneof![0u32..=1000, Just(550u32), Just(750u32), Just(549u32)],
    ) {
        let p = profile("P", income, job, score);
        let expected = all_personas().into_iter().find(|persona| {
            let s = persona.spec();
            income >= s.min_income && s.employments.contains(&job) && score >= s.min_credit_score
        });
        let r = classify(&p);
        prop_assert_eq!(r.persona.clone(), expected.clone());
        prop_assert_eq!(r.passed, expected.is_some());
        if let Some(persona) = expected {
            prop_assert_eq!(r.decision_path.last().cloned(), Some(format!("persona: {}", persona.as_str())));
            prop_assert!(r.confidence > 0.0 && r.confidence <= 1.0);
        }
    }
}
