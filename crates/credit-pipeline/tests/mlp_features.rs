//! Stage 4 features (SPEC §3.4): exact values, clamps and ranges.

use approx::assert_relative_eq;
use credit_pipeline::mlp::{features::FeatureInputs, ApprovalFeatures, NUM_FEATURES};
use credit_pipeline::request::{CustomerProfile, EmploymentStatus};
use proptest::prelude::*;

fn profile(age: u32, employment: EmploymentStatus) -> CustomerProfile {
    CustomerProfile {
        age,
        employment_status: employment,
        ..CustomerProfile::example("CUST-001")
    }
}

#[test]
fn customer_a_features_match_the_spec_formulas() {
    let f = ApprovalFeatures::from_profile(&profile(35, EmploymentStatus::Employed), 0.21, 0.8);
    let expected = [
        (35.0 - 18.0) / (75.0 - 18.0),
        0.78,
        (8501.0f64).ln() / (50001.0f64).ln(),
        0.25,
        1.0,
        1.0,
        0.2,
        0.2,
        0.21,
        0.8,
    ];
    for (i, (got, want)) in f.0.iter().zip(expected).enumerate() {
        assert_relative_eq!(f64::from(*got), want, epsilon = 1e-6, max_relative = 1e-6);
        assert_eq!(
            *got, want as f32,
            "feature {i} is the f32 of the f64 formula"
        );
    }
}

#[test]
fn clamps_and_caps() {
    let mut p = profile(100, EmploymentStatus::Retired);
    p.income = 1_000_000.0;
    p.num_credit_inquiries = 25;
    p.num_existing_loans = 9;
    p.has_bank_account = false;
    p.credit_score = 1000;
    let f = ApprovalFeatures::from_profile(&p, 0.9, 1.2);
    assert_eq!(f.0, [1.0, 1.0, 1.0, 0.25, 0.0, 0.0, 1.0, 1.0, 0.9, 1.0]);

    let mut young = profile(18, EmploymentStatus::Unemployed);
    young.income = 0.0;
    young.num_credit_inquiries = 0;
    young.num_existing_loans = 0;
    let f = ApprovalFeatures::from_profile(&young, 0.0, -0.5);
    assert_eq!(f.0, [0.0, 0.78, 0.0, 0.25, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn age_uses_the_papers_75_not_the_originals_82() {
    // SPEC §7.5: (age - 18) / (75 - 18), so 75 is already 1.
    let f = ApprovalFeatures::from_profile(&profile(75, EmploymentStatus::Employed), 0.2, 0.5);
    assert_eq!(f.0[0], 1.0);
    let f = ApprovalFeatures::from_profile(&profile(46, EmploymentStatus::Employed), 0.2, 0.5);
    assert_relative_eq!(f.0[0], (28.0 / 57.0) as f32);
}

#[test]
fn self_employed_counts_as_working() {
    let f = ApprovalFeatures::from_profile(&profile(40, EmploymentStatus::SelfEmployed), 0.2, 0.5);
    assert_eq!(f.0[4], 1.0);
}

proptest! {
    #[test]
    fn features_of_valid_inputs_lie_in_unit_interval(
        age in 18u32..=100, score in 0u32..=1000, income in 0.0f64..1e7,
        dti in 0.0f64..=1.0, working: bool, bank: bool, inquiries in 0u32..1000,
        loans in 0u32..1000, risk in 0.0f64..=1.0, limit in -10.0f64..10.0,
    ) {
        let f = FeatureInputs {
            age: f64::from(age), credit_score: f64::from(score), income,
            debt_to_income_ratio: dti, working, has_bank_account: bank,
            inquiries: f64::from(inquiries), loans: f64::from(loans),
            risk_score: risk, limit_ratio: limit,
        }.to_features();
        prop_assert_eq!(f.0.len(), NUM_FEATURES);
        for v in f.0 {
            prop_assert!((0.0..=1.0).contains(&v), "{v}");
        }
    }
}
