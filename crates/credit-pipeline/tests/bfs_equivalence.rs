//! Property tests over the whole stage-2 input space: the direct solver returns
//! exactly what the reference BFS returns (amount, installments, payment bit for
//! bit, outcome, states explored, every factor), and more income never lowers
//! the limit.

use crate::pipeline_support::{rules, ShippedSpec};
use credit_pipeline::bfs::{
    pmt, BfsLimitCalculator, DirectLimitCalculator, LimitCalculator, LimitOutcome,
};
use credit_pipeline::dfs::{Persona, PersonaSpec};
use credit_pipeline::request::{CustomerProfile, EmploymentStatus, ProductType};
use proptest::prelude::*;

fn product() -> impl Strategy<Value = ProductType> {
    prop_oneof![
        Just(ProductType::PERSONAL_LOAN),
        Just(ProductType::CREDIT_CARD),
        Just(ProductType::AUTO_LOAN),
        Just(ProductType::HOME_LOAN),
    ]
}

fn employment() -> impl Strategy<Value = EmploymentStatus> {
    prop_oneof![
        Just(EmploymentStatus::Employed),
        Just(EmploymentStatus::SelfEmployed),
        Just(EmploymentStatus::Retired),
        Just(EmploymentStatus::Unemployed),
    ]
}

/// The SPEC personas, and custom ones with other caps, minimums and multipliers.
fn persona() -> impl Strategy<Value = PersonaSpec> {
    let standard = prop_oneof![
        Just(Persona::PREMIUM.spec()),
        Just(Persona::STANDARD.spec()),
        Just(Persona::BASIC.spec()),
    ];
    let custom = (
        prop_oneof![Just(Persona::BASIC), Just(Persona::PREMIUM)],
        prop_oneof![
            0.0..250_000.0f64,
            Just(20_000.0),
            Just(100_000.0),
            Just(1e6)
        ],
        prop_oneof![
            Just(0.0),
            Just(1_000.0),
            Just(10_000.0),
            (0u32..200).prop_map(|k| f64::from(k) * 500.0)
        ],
        prop_oneof![0.5..50.0f64, Just(2.0), Just(5.0), Just(100.0)],
    )
        .prop_map(
            |(persona, max_limit, min_limit, income_multiplier)| PersonaSpec {
                max_limit,
                min_limit,
                income_multiplier,
                ..persona.spec()
            },
        );
    prop_oneof![3 => standard, 1 => custom]
}

fn income() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..5_000.0f64,
        0.0..40_000.0f64,
        0.0..2_000_000.0f64,
        Just(0.0),
        Just(2_000.0),
        Just(10_000.0),
        (0u32..400_000).prop_map(|c| f64::from(c) / 100.0),
    ]
}

fn dti() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..=1.0f64,
        Just(0.0),
        Just(0.2),
        Just(0.3),
        Just(0.4),
        Just(1.0),
        (0u32..=100).prop_map(|c| f64::from(c) / 100.0),
    ]
}

fn score() -> impl Strategy<Value = u32> {
    prop_oneof![
        0u32..=1000,
        Just(599u32),
        Just(600),
        Just(650),
        Just(700),
        Just(750),
        Just(800),
        Just(1000),
    ]
}

prop_compose! {
    fn profile()(
        income in income(),
        dti in dti(),
        employment in employment(),
        score in score(),
        restriction in any::<bool>(),
        loans in prop_oneof![Just(0u32), 1u32..6],
    ) -> CustomerProfile {
        CustomerProfile {
            employment_status: employment,
            income,
            has_bacen_restriction: restriction,
            num_existing_loans: loans,
            debt_to_income_ratio: dti,
            credit_score: score,
            ..CustomerProfile::example("P")
        }
    }
}

fn assert_same(
    profile: &CustomerProfile,
    product: ProductType,
    persona: &PersonaSpec,
    installments: u32,
) -> Result<(), TestCaseError> {
    let spec = product.spec();
    let bfs = BfsLimitCalculator
        .calculate(profile, &spec, persona, rules(), installments)
        .unwrap();
    let direct = DirectLimitCalculator::default()
        .calculate(profile, &spec, persona, rules(), installments)
        .unwrap();
    prop_assert_eq!(
        bfs.approved_amount.to_bits(),
        direct.approved_amount.to_bits()
    );
    prop_assert_eq!(
        bfs.factors.best_installments,
        direct.factors.best_installments
    );
    prop_assert_eq!(
        bfs.factors.monthly_payment.to_bits(),
        direct.factors.monthly_payment.to_bits()
    );
    prop_assert_eq!(bfs.outcome(), direct.outcome());
    prop_assert_eq!(bfs.factors.states_explored, direct.factors.states_explored);
    // Everything else too (PartialEq over every field).
    prop_assert_eq!(bfs, direct);
    if bfs.outcome() == LimitOutcome::Granted {
        // The payment respects the 30 % rule and the amount is on the grid.
        prop_assert!(bfs.factors.monthly_payment <= bfs.max_installment_value);
        prop_assert!(bfs.approved_amount <= bfs.factors.search_cap);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn direct_solver_equals_bfs(
        profile in profile(),
        product in product(),
        persona in persona(),
        installments in 1u32..=400,
    ) {
        assert_same(&profile, product, &persona, installments)?;
    }

    /// Incomes whose 30 % sits exactly on (or one ulp around) a grid
    /// amount's payment: the exact predicate decides.
    #[test]
    fn direct_solver_equals_bfs_on_the_30_percent_boundary(
        base in profile(),
        product in product(),
        persona in persona(),
        installments in 1u32..=400,
        n_offset in 0u32..400,
        k in 0u32..200,
        ulps in -2i64..=2,
    ) {
        let spec = product.spec();
        let n = (1 + n_offset).min(spec.max_installments);
        let amount = spec.min_amount.max(persona.min_limit) + f64::from(k) * 500.0;
        let income = pmt(spec.monthly_rate, n, amount) / 0.30;
        let income = f64::from_bits((income.to_bits() as i64 + ulps) as u64);
        let profile = CustomerProfile { income, debt_to_income_ratio: 0.0, ..base };
        assert_same(&profile, product, &persona, installments)?;
    }

    /// More income, everything else equal, never lowers the limit.
    #[test]
    fn more_income_never_lowers_the_limit(
        profile in profile(),
        product in product(),
        persona in persona(),
        installments in 1u32..=400,
        extra in prop_oneof![0.0..1_000.0f64, 0.0..100_000.0f64, Just(0.01)],
    ) {
        let spec = product.spec();
        let richer = CustomerProfile { income: profile.income + extra, ..profile.clone() };
        let a = DirectLimitCalculator::default().calculate(&profile, &spec, &persona, rules(), installments).unwrap();
        let b = DirectLimitCalculator::default().calculate(&richer, &spec, &persona, rules(), installments).unwrap();
        prop_assert!(b.approved_amount >= a.approved_amount,
            "income {} -> {}, limit {} -> {}", profile.income, richer.income,
            a.approved_amount, b.approved_amount);
    }
}
