//! Stage 2 against the Python BFS (tools/credit_reference.py): 400 seeded
//! cases, compared bit for bit without Python.

use crate::pipeline_support::{rules, ShippedSpec};
use credit_pipeline::bfs::{BfsLimitCalculator, DirectLimitCalculator, LimitOutcome};
use credit_pipeline::dfs::{DfsPersonaClassifier, Persona};
use credit_pipeline::request::{CustomerProfile, EmploymentStatus, ProductType};
use credit_pipeline::{LimitCalculator, PersonaClassifier};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    profile: Profile,
    product_type: ProductType,
    persona: Persona,
    requested_installments: u32,
    expected: Expected,
    persona_found: Option<Persona>,
}

#[derive(Deserialize)]
struct Profile {
    income: f64,
    debt_to_income_ratio: f64,
    employment_status: EmploymentStatus,
    credit_score: u32,
    has_bacen_restriction: bool,
    num_existing_loans: u32,
}

#[derive(Deserialize)]
struct Expected {
    outcome: LimitOutcome,
    amount: f64,
    installments: u32,
    payment: f64,
    states: u64,
    search_cap: f64,
    net_income: f64,
}

#[test]
fn rust_limit_stage_matches_python_bfs() {
    let text = include_str!("bfs_fixtures/python_bfs.json");
    let fixture: Fixture = serde_json::from_str(text).unwrap();
    assert_eq!(fixture.cases.len(), 400);
    let classifier = DfsPersonaClassifier::default();
    for (i, case) in fixture.cases.iter().enumerate() {
        let p = &case.profile;
        let profile = CustomerProfile {
            employment_status: p.employment_status,
            income: p.income,
            has_bacen_restriction: p.has_bacen_restriction,
            num_existing_loans: p.num_existing_loans,
            debt_to_income_ratio: p.debt_to_income_ratio,
            credit_score: p.credit_score,
            ..CustomerProfile::example(&format!("F{i}"))
        };
        assert_eq!(
            classifier.classify(&profile).persona,
            case.persona_found,
            "case {i}"
        );
        let product = case.product_type.spec();
        let persona = case.persona.spec();
        for calc in [
            &BfsLimitCalculator as &dyn LimitCalculator,
            &DirectLimitCalculator::default(),
        ] {
            let l = calc
                .calculate(
                    &profile,
                    &product,
                    &persona,
                    rules(),
                    case.requested_installments,
                )
                .unwrap();
            let e = &case.expected;
            assert_eq!(l.outcome(), e.outcome, "case {i}");
            assert_eq!(l.approved_amount.to_bits(), e.amount.to_bits(), "case {i}");
            assert_eq!(l.factors.best_installments, e.installments, "case {i}");
            assert_eq!(
                l.factors.monthly_payment.to_bits(),
                e.payment.to_bits(),
                "case {i}"
            );
            assert_eq!(l.factors.states_explored, e.states, "case {i}");
            assert_eq!(
                l.factors.search_cap.to_bits(),
                e.search_cap.to_bits(),
                "case {i}"
            );
            assert_eq!(
                l.factors.net_income.to_bits(),
                e.net_income.to_bits(),
                "case {i}"
            );
        }
    }
}
