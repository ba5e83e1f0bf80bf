//! Synthetic data (SPEC §3.4): reproducibility, distributions and labelling rules.

use approval_training::{label_for, SyntheticGenerator};
use credit_pipeline::mlp::features::FeatureInputs;
use credit_pipeline::mlp::Decision;

fn base() -> FeatureInputs {
    FeatureInputs {
        age: 40.0,
        credit_score: 700.0,
        income: 5000.0,
        debt_to_income_ratio: 0.2,
        working: true,
        has_bank_account: true,
        inquiries: 1.0,
        loans: 1.0,
        risk_score: 0.2,
        limit_ratio: 0.5,
    }
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = SyntheticGenerator::new(11).dataset(2000);
    let b = SyntheticGenerator::new(11).dataset(2000);
    let c = SyntheticGenerator::new(12).dataset(2000);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn rejection_rules_and_their_boundaries() {
    let with = |f: &dyn Fn(&mut FeatureInputs)| {
        let mut x = base();
        f(&mut x);
        label_for(&x)
    };
    assert_eq!(with(&|_| {}), Decision::Approved);
    assert_eq!(with(&|x| x.risk_score = 0.75), Decision::PendingReview);
    assert_eq!(with(&|x| x.risk_score = 0.7501), Decision::Rejected);
    assert_eq!(with(&|x| x.credit_score = 500.0), Decision::Approved);
    assert_eq!(with(&|x| x.credit_score = 499.0), Decision::Rejected);
    assert_eq!(with(&|x| x.debt_to_income_ratio = 0.55), Decision::Approved);
    assert_eq!(
        with(&|x| x.debt_to_income_ratio = 0.5501),
        Decision::Rejected
    );
    // Rejection wins over every review reason.
    assert_eq!(
        with(&|x| {
            x.credit_score = 10.0;
            x.working = false;
            x.limit_ratio = 1.1;
        }),
        Decision::Rejected
    );
}

#[test]
fn review_rules_and_their_boundaries() {
    let with = |f: &dyn Fn(&mut FeatureInputs)| {
        let mut x = base();
        f(&mut x);
        label_for(&x)
    };
    assert_eq!(with(&|x| x.risk_score = 0.4499), Decision::Approved);
    assert_eq!(with(&|x| x.risk_score = 0.45), Decision::PendingReview);
    assert_eq!(with(&|x| x.limit_ratio = 0.95), Decision::Approved);
    assert_eq!(with(&|x| x.limit_ratio = 0.9501), Decision::PendingReview);
    assert_eq!(with(&|x| x.working = false), Decision::PendingReview);
    // The bank account, age, income, inquiries and loans do not enter the rules.
    assert_eq!(
        with(&|x| {
            x.has_bank_account = false;
            x.age = 99.0;
            x.income = 800.0;
            x.inquiries = 11.0;
            x.loans = 5.0;
        }),
        Decision::Approved
    );
}

#[test]
fn draws_follow_the_spec_distributions() {
    let mut gen = SyntheticGenerator::new(2024);
    let n = 50_000;
    let draws: Vec<FeatureInputs> = (0..n).map(|_| gen.next_inputs()).collect();
    let integral = |v: f64| v.fract() == 0.0;
    for d in &draws {
        assert!((18.0..=100.0).contains(&d.age) && integral(d.age));
        assert!((0.0..=999.0).contains(&d.credit_score) && integral(d.credit_score));
        assert!((800.0..50_000.0).contains(&d.income));
        assert!((0.0..1.0).contains(&d.debt_to_income_ratio));
        assert!((0.0..=11.0).contains(&d.inquiries) && integral(d.inquiries));
        assert!((0.0..=5.0).contains(&d.loans) && integral(d.loans));
        assert!((0.0..1.0).contains(&d.risk_score));
        assert!((0.3..1.2).contains(&d.limit_ratio));
    }
    let share = |f: &dyn Fn(&FeatureInputs) -> bool| {
        draws.iter().filter(|d| f(d)).count() as f64 / n as f64
    };
    assert!((share(&|d| d.working) - 0.8).abs() < 0.01);
    assert!((share(&|d| d.has_bank_account) - 0.9).abs() < 0.01);
    assert!((share(&|d| d.age == 100.0) - 1.0 / 83.0).abs() < 0.003);
    assert!((share(&|d| d.inquiries == 11.0) - 1.0 / 12.0).abs() < 0.005);
    assert!((share(&|d| d.limit_ratio > 0.95) - 0.25 / 0.9).abs() < 0.01);
    let mean_income = draws.iter().map(|d| d.income).sum::<f64>() / n as f64;
    assert!((mean_income - 25_400.0).abs() < 300.0, "{mean_income}");
}

#[test]
fn samples_carry_the_rule_label_of_their_raw_values() {
    let mut raw = SyntheticGenerator::new(77);
    let mut labelled = SyntheticGenerator::new(77);
    for _ in 0..5000 {
        let inputs = raw.next_inputs();
        let sample = labelled.next_sample();
        assert_eq!(sample.features, inputs.to_features());
        assert_eq!(sample.label, label_for(&inputs));
    }
}

#[test]
fn every_class_occurs() {
    let counts = SyntheticGenerator::new(5).dataset(10_000).class_counts();
    assert_eq!(counts.iter().sum::<usize>(), 10_000);
    assert!(counts.iter().all(|&c| c > 300), "{counts:?}");
}
