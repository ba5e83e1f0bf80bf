//! Criterion benchmarks of the credit pipeline: each stage, the whole pipeline
//! per request, and the limit stage's worst case (premium home loan from one
//! installment: 36 360 BFS states) for the reference BFS and the direct solver.
//!
//! Run with `cargo bench --bench credit_pipeline`.

use std::hint::black_box;

use credito::credit_pipeline::bfs::{BfsLimitCalculator, DirectLimitCalculator};
use credito::credit_pipeline::dfs::{DfsPersonaClassifier, Persona};
use credito::credit_pipeline::fuzzy::{CreditRiskSystem, RiskInput};
use credito::credit_pipeline::mlp::{ApprovalFeatures, MlpApprovalModel};
use credito::credit_pipeline::pipeline::CreditPipeline;
use credito::credit_pipeline::products::ProductSpec;
use credito::credit_pipeline::request::{CreditRequest, CustomerProfile, ProductType};
use credito::credit_pipeline::{ApprovalModel, LimitCalculator, PersonaClassifier, RiskAssessor};
use criterion::{criterion_group, criterion_main, Criterion};

const REQUEST_A: &str = r#"{"request_id": "REQ-A", "customer_profile": {"customer_id": "CUST-A",
  "age": 35, "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48,
  "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2,
  "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780},
  "product_type": "personal_loan", "requested_amount": 25000.0, "requested_installments": 36}"#;

/// A mix of requests (every product, several personas) for the per-request numbers.
fn request_mix() -> Vec<CreditRequest> {
    let base = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    let mut out = Vec::new();
    let incomes = [2_500.0, 5_000.0, 8_500.0, 15_000.0, 40_000.0];
    let scores = [520, 640, 720, 780, 880];
    for (i, product) in ProductType::ALL.into_iter().enumerate() {
        for (j, (&income, &score)) in incomes.iter().zip(&scores).enumerate() {
            let mut r = base.clone();
            r.product_type = product;
            r.customer_profile.income = income;
            r.customer_profile.credit_score = score;
            r.customer_profile.debt_to_income_ratio = 0.1 + 0.08 * j as f64;
            r.requested_amount = product.spec().min_amount * (2.0 + i as f64);
            r.requested_installments = [12, 24, 36, 48][(i + j) % 4];
            out.push(r);
        }
    }
    out
}

fn worst_case_profile() -> CustomerProfile {
    let mut p = CreditRequest::from_json_str(REQUEST_A)
        .expect("valid request")
        .customer_profile;
    p.income = 1e6;
    p.debt_to_income_ratio = 0.0;
    p.credit_score = 900;
    p
}

fn stages(c: &mut Criterion) {
    let request = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    let profile = &request.customer_profile;
    let classifier = DfsPersonaClassifier::default();
    c.bench_function("stage1_dfs_persona", |b| {
        b.iter(|| classifier.classify(black_box(profile)))
    });

    let product = ProductSpec::of(ProductType::PersonalLoan);
    let persona = Persona::Standard.spec();
    c.bench_function("stage2_bfs_customer_a", |b| {
        b.iter(|| BfsLimitCalculator.calculate(black_box(profile), &product, &persona, 36))
    });
    c.bench_function("stage2_direct_customer_a", |b| {
        b.iter(|| DirectLimitCalculator.calculate(black_box(profile), &product, &persona, 36))
    });

    let risk = CreditRiskSystem::new();
    let input = RiskInput {
        credit_score: 780.0,
        income: 8_500.0,
        debt_ratio: 0.25,
        employment_time: 48.0,
        inquiries: 2.0,
        limit_ratio: 1.0,
    };
    c.bench_function("stage3_fuzzy_risk", |b| {
        b.iter(|| risk.assess(black_box(&input)))
    });

    let model = MlpApprovalModel::shipped().expect("shipped weights");
    let features = ApprovalFeatures::from_profile(profile, 0.21, 1.0);
    c.bench_function("stage4_mlp_approval", |b| {
        b.iter(|| model.predict(black_box(&features)))
    });
}

fn worst_case(c: &mut Criterion) {
    let profile = worst_case_profile();
    let product = ProductSpec::of(ProductType::HomeLoan);
    let persona = Persona::Premium.spec();
    let mut group = c.benchmark_group("stage2_worst_case_premium_home_loan_n1");
    group.bench_function("bfs", |b| {
        b.iter(|| BfsLimitCalculator.calculate(black_box(&profile), &product, &persona, 1))
    });
    group.bench_function("direct", |b| {
        b.iter(|| DirectLimitCalculator.calculate(black_box(&profile), &product, &persona, 1))
    });
    group.finish();
}

fn whole_pipeline(c: &mut Criterion) {
    let pipeline = CreditPipeline::with_defaults().expect("default pipeline");
    let mix = request_mix();
    let texts: Vec<String> = mix
        .iter()
        .map(|r| serde_json::to_string(r).expect("serializable"))
        .collect();
    let single = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    c.bench_function("pipeline_customer_a", |b| {
        b.iter(|| pipeline.analyze(black_box(&single)))
    });
    let mut i = 0;
    c.bench_function("pipeline_mix_per_request", |b| {
        b.iter(|| {
            i = (i + 1) % mix.len();
            pipeline.analyze(black_box(&mix[i]))
        })
    });
    let mut j = 0;
    c.bench_function("pipeline_mix_json_in_json_out_per_request", |b| {
        b.iter(|| {
            j = (j + 1) % texts.len();
            let result = pipeline.analyze_json(black_box(&texts[j]));
            result.map(|r| serde_json::to_string(&r).map(|s| s.len()))
        })
    });
}

criterion_group!(benches, stages, worst_case, whole_pipeline);
criterion_main!(benches);
