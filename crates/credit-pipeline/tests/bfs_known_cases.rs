//! Stage 2: PMT values, factors, known limits (checked against the Python
//! BFS of tools/credit_reference.py), outcomes and the worst case.

use crate::pipeline_support::{rules, ShippedSpec, *};
use credit_pipeline::bfs::{
    pmt, BfsLimitCalculator, BindingConstraint, CreditLimit, DirectLimitCalculator, LimitOutcome,
};
use credit_pipeline::dfs::{Persona, PersonaSpec};
use credit_pipeline::request::{CustomerProfile, EmploymentStatus, ProductType};
use credit_pipeline::{LimitCalculator, Stage, StageError};

fn both(
    p: &CustomerProfile,
    product: ProductType,
    persona: &PersonaSpec,
    installments: u32,
) -> CreditLimit {
    let spec = product.spec();
    let bfs = BfsLimitCalculator
        .calculate(p, &spec, persona, rules(), installments)
        .unwrap();
    let direct = DirectLimitCalculator::default()
        .calculate(p, &spec, persona, rules(), installments)
        .unwrap();
    assert_eq!(bfs, direct, "BFS and direct disagree");
    bfs
}

#[test]
fn pmt_matches_python_bit_for_bit() {
    // Values printed by Python's `P * (r * f) / (f - 1)` with f = (1 + r) ** n.
    let cases = [
        (0.025, 36, 25000.0, 1061.2894185870673),
        (0.025, 48, 1000.0, 36.00599379042187),
        (0.035, 24, 10000.0, 622.728302602926),
        (0.018, 72, 150000.0, 3733.3870033315193),
        (0.012, 360, 50000.0, 608.3010700561404),
        (0.012, 1, 100000.0, 101199.99999999991),
        (0.025, 1, 500.0, 512.5000000000018),
        (0.0, 10, 1000.0, 100.0),
        (-0.01, 4, 1000.0, 250.0),
    ];
    for (rate, n, principal, expected) in cases {
        let got = pmt(rate, n, principal);
        assert_eq!(
            got.to_bits(),
            f64::to_bits(expected),
            "pmt({rate}, {n}, {principal}) = {got}"
        );
    }
}

#[test]
fn customer_a_personal_loan() {
    let l = both(
        &customer_a(),
        ProductType::PERSONAL_LOAN,
        &Persona::STANDARD.spec(),
        36,
    );
    assert_eq!(l.outcome(), LimitOutcome::Granted);
    assert!(l.affordable);
    assert_eq!(l.approved_amount, 22_000.0);
    assert_eq!(l.max_installments, 48);
    assert_eq!(l.interest_rate, 0.025);
    assert_eq!(l.max_installment_value, 0.30 * 6_375.0);
    let f = l.factors;
    assert_eq!(f.gross_income, 8_500.0);
    assert_eq!(f.net_income, 6_375.0);
    assert_eq!(f.income_for_limit_calc, 6_375.0);
    assert_eq!(f.income_limit, 19_125.0);
    assert_eq!(f.score_factor, 1.1);
    assert_eq!(f.employment_factor, 1.0);
    assert_eq!(f.history_factor, 1.05);
    assert_eq!(f.search_cap, 22_089.375);
    assert_eq!(f.best_installments, 36);
    assert_eq!(f.monthly_payment, 933.9346883566192);
    assert_eq!(f.base_rate, 0.025);
    assert_eq!(f.states_explored, 507);
    assert_eq!(f.binding_constraint, BindingConstraint::FactorLimit);
}

#[test]
fn fewest_installments_reaching_the_limit() {
    // Requested 12: 22 000 first becomes affordable at 14 installments.
    let l = both(
        &customer_a(),
        ProductType::PERSONAL_LOAN,
        &Persona::STANDARD.spec(),
        12,
    );
    assert_eq!(l.approved_amount, 22_000.0);
    assert_eq!(l.factors.best_installments, 14);
    assert_eq!(l.factors.monthly_payment, 1881.8035479903676);
    assert_eq!(l.factors.states_explored, 1438);
}

#[test]
fn product_cap_binds_for_a_credit_card() {
    let l = both(
        &customer_a(),
        ProductType::CREDIT_CARD,
        &Persona::STANDARD.spec(),
        12,
    );
    assert_eq!(l.approved_amount, 10_000.0);
    assert_eq!(l.factors.best_installments, 12);
    assert_eq!(l.factors.states_explored, 195);
    assert_eq!(l.factors.binding_constraint, BindingConstraint::ProductCap);
}

#[test]
fn affordability_binds_below_the_cap() {
    // Customer B, premium home loan from 1 installment: cap 61 720.31, limit
    // 61 500 reached at 21 installments.
    let mut b = customer_b();
    b.debt_to_income_ratio = 0.25;
    let l = both(&b, ProductType::HOME_LOAN, &Persona::PREMIUM.spec(), 1);
    assert_eq!(l.approved_amount, 61_500.0);
    assert_eq!(l.factors.best_installments, 21);
    assert_eq!(l.factors.monthly_payment, 3330.497584951948);
    assert_eq!(l.factors.states_explored, 8228);
    assert_eq!(l.factors.search_cap, 61720.31250000001);
    assert_eq!(l.factors.binding_constraint, BindingConstraint::FactorLimit);
}

#[test]
fn worst_case_explores_every_state() {
    let rich = CustomerProfile {
        income: 1e6,
        debt_to_income_ratio: 0.0,
        credit_score: 900,
        num_existing_loans: 0,
        ..customer_b()
    };
    let l = both(&rich, ProductType::HOME_LOAN, &Persona::PREMIUM.spec(), 1);
    assert_eq!(l.approved_amount, 100_000.0);
    assert_eq!(l.factors.best_installments, 1);
    assert_eq!(l.factors.monthly_payment, 101199.99999999991);
    assert_eq!(l.factors.states_explored, 101 * 360);
    assert_eq!(l.factors.binding_constraint, BindingConstraint::PersonaCap);
}

#[test]
fn basic_home_loan_is_below_the_product_minimum() {
    let l = both(
        &customer_c(),
        ProductType::HOME_LOAN,
        &Persona::BASIC.spec(),
        12,
    );
    assert_eq!(l.outcome(), LimitOutcome::BelowProductMinimum);
    assert!(!l.affordable);
    assert_eq!(l.approved_amount, 0.0);
    assert_eq!(l.factors.states_explored, 0);
    assert_eq!(l.factors.best_installments, 0);
    assert_eq!(l.factors.monthly_payment, 0.0);
    assert_eq!(l.factors.search_cap, 6_693.75);
    assert_eq!(l.factors.binding_constraint, BindingConstraint::FactorLimit);
}

#[test]
fn no_affordable_state_is_low_income() {
    // A generous custom persona lifts the cap above the minimum, but 30 % of
    // 100 BRL cannot pay 500 over 24 months at 3.5 %.
    let generous = PersonaSpec {
        income_multiplier: 100.0,
        min_limit: 0.0,
        ..Persona::BASIC.spec()
    };
    let p = CustomerProfile {
        income: 100.0,
        debt_to_income_ratio: 0.0,
        ..customer_d()
    };
    let l = both(&p, ProductType::CREDIT_CARD, &generous, 3);
    assert_eq!(l.outcome(), LimitOutcome::LowIncome);
    assert_eq!(l.approved_amount, 0.0);
    // 100 BRL of net income is below the mínimo existencial: it is the bound.
    assert_eq!(
        l.factors.binding_constraint,
        BindingConstraint::MinimoExistencial
    );
    assert_eq!(l.factors.minimo_existencial_bound, 100.0 - 600.0);
    assert_eq!(l.max_installment_value, 100.0 - 600.0);
    // Column 3..=24 each holds the start amount only.
    assert_eq!(l.factors.states_explored, 22);

    // Without the mínimo existencial the 30 % rule is what stops it.
    let mut no_minimo = rules().clone();
    no_minimo.affordability.minimo_existencial = 0.0;
    let spec = ProductType::CREDIT_CARD.spec();
    let l = BfsLimitCalculator
        .calculate(&p, &spec, &generous, &no_minimo, 3)
        .unwrap();
    let direct = DirectLimitCalculator::default()
        .calculate(&p, &spec, &generous, &no_minimo, 3)
        .unwrap();
    assert_eq!(l, direct);
    assert_eq!(l.outcome(), LimitOutcome::LowIncome);
    assert_eq!(
        l.factors.binding_constraint,
        BindingConstraint::Affordability
    );
    assert_eq!(l.max_installment_value, 0.30 * 100.0);
}

#[test]
fn the_minimo_existencial_binds_only_below_857_of_net_income() {
    // 0.30 * net > net - 600 exactly when net < 600 / 0.7 = 857.14...
    for (income, minimo_binds) in [
        (800.0, true),
        (857.0, true),
        (858.0, false),
        (3_000.0, false),
    ] {
        let p = CustomerProfile {
            income,
            debt_to_income_ratio: 0.0,
            ..customer_d()
        };
        let l = both(&p, ProductType::CREDIT_CARD, &Persona::BASIC.spec(), 12);
        let f = &l.factors;
        assert_eq!(f.commitment_bound, 0.30 * income);
        assert_eq!(f.minimo_existencial_bound, income - 600.0);
        assert_eq!(
            l.max_installment_value,
            f.commitment_bound.min(f.minimo_existencial_bound)
        );
        assert_eq!(
            f.minimo_existencial_bound < f.commitment_bound,
            minimo_binds,
            "{income}"
        );
        if l.approved_amount > 0.0 {
            assert!(l.allows(f.monthly_payment));
            assert!(f.monthly_payment <= income - 600.0 && f.monthly_payment <= 0.30 * income);
        }
    }
}

#[test]
fn restriction_and_debt_factors() {
    let mut p = customer_a();
    p.has_bacen_restriction = true;
    p.debt_to_income_ratio = 0.0;
    p.num_existing_loans = 0;
    p.credit_score = 640;
    p.employment_status = EmploymentStatus::SelfEmployed;
    let l = both(&p, ProductType::AUTO_LOAN, &Persona::STANDARD.spec(), 60);
    let f = l.factors;
    assert_eq!(f.net_income, 8_500.0); // dti <= 0 -> income
    assert_eq!(f.income_for_limit_calc, 8_500.0 - 8_500.0 * 0.20);
    assert_eq!(f.score_factor, 0.8);
    assert_eq!(f.employment_factor, 0.95);
    assert_eq!(f.history_factor, 0.95 * 1.1);
}

#[test]
fn non_finite_input_is_an_error_not_a_panic() {
    let mut p = customer_a();
    p.income = f64::NAN;
    let spec = ProductType::PERSONAL_LOAN.spec();
    for calc in [
        &BfsLimitCalculator as &dyn LimitCalculator,
        &DirectLimitCalculator::default(),
    ] {
        let err = calc
            .calculate(&p, &spec, &Persona::STANDARD.spec(), rules(), 12)
            .unwrap_err();
        assert!(matches!(
            err,
            StageError::NonFiniteInput {
                stage: Stage::Limit,
                ref input,
                ..
            } if input == "income"
        ));
        let err = calc
            .calculate(&customer_a(), &spec, &Persona::STANDARD.spec(), rules(), 0)
            .unwrap_err();
        assert!(matches!(
            err,
            StageError::InvalidInput { stage: Stage::Limit, ref input, .. }
                if input == "requested_installments"
        ));
    }
}
