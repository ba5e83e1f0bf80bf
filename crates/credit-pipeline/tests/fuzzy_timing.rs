//! Rough timing of one risk assessment (ignored by default; no assertion on
//! time). Run with
//! `cargo test -p credit-pipeline --test fuzzy_timing -- --ignored --nocapture`
//! (the dev profile already optimises this crate at opt-level 3).

use credit_pipeline::fuzzy::{CreditRiskSystem, RiskAssessor, RiskInput};
use std::hint::black_box;
use std::time::Instant;

#[test]
#[ignore = "timing report, run on demand"]
fn time_assessments() {
    let text = include_str!("../../mamdani/tests/fixtures/skfuzzy_reference.json");
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let inputs: Vec<RiskInput> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let x: Vec<f64> = serde_json::from_value(c["x"].clone()).unwrap();
            RiskInput {
                credit_score: x[0],
                income: x[1],
                debt_ratio: x[2],
                employment_time: x[3],
                inquiries: x[4],
                limit_ratio: x[5],
            }
        })
        .collect();

    let start = Instant::now();
    let system = CreditRiskSystem::new();
    let build = start.elapsed();

    let mut scored = 0usize;
    for i in &inputs {
        scored += usize::from(system.assess(i).unwrap().risk_score.is_some());
    }
    let rounds = 50;
    let start = Instant::now();
    for _ in 0..rounds {
        for i in &inputs {
            black_box(system.assess(black_box(i)).unwrap());
        }
    }
    let per = start.elapsed().as_secs_f64() / (rounds * inputs.len()) as f64;
    let typical = RiskInput {
        credit_score: 640.0,
        income: 6_500.0,
        debt_ratio: 0.35,
        employment_time: 30.0,
        inquiries: 2.0,
        limit_ratio: 0.9,
    };
    let n = 100_000;
    let start = Instant::now();
    for _ in 0..n {
        black_box(system.assess(black_box(&typical)).unwrap());
    }
    let one = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "CreditRiskSystem::new: {:.1} µs; assess over {} fixture inputs ({} scored): {:.2} µs each; \
         typical input: {:.2} µs",
        build.as_secs_f64() * 1e6,
        inputs.len(),
        scored,
        per * 1e6,
        one * 1e6
    );
}
