//! Criterion benchmarks of the credit pipeline: each stage, the whole pipeline
//! per request, and the limit stage's worst case (premium home loan from one
//! installment: 36 360 BFS states) for the reference BFS and the direct solver.
//!
//! Run with `cargo bench --bench credit_pipeline`.

use std::hint::black_box;

use credito::credit_pipeline::bfs::LimitRules;
use credito::credit_pipeline::bfs::{BfsLimitCalculator, DirectLimitCalculator};
use credito::credit_pipeline::dfs::PersonaSpec;
use credito::credit_pipeline::dfs::{DfsPersonaClassifier, Persona};
use credito::credit_pipeline::fuzzy::{CreditRiskSystem, RiskInput};
use credito::credit_pipeline::mlp::{ApprovalFeatures, MlpApprovalModel};
use credito::credit_pipeline::pipeline::CreditPipeline;
use credito::credit_pipeline::policy::CreditPolicy;
use credito::credit_pipeline::products::ProductSpec;
use credito::credit_pipeline::request::{
    CreditRequest, CustomerProfile, EmploymentStatus, ProductType,
};
use credito::credit_pipeline::{ApprovalModel, LimitCalculator, PersonaClassifier, RiskAssessor};
use criterion::{criterion_group, criterion_main, Criterion};

const REQUEST_A: &str = r#"{"request_id": "REQ-A", "customer_profile": {"customer_id": "CUST-A",
  "age": 35, "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48,
  "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2,
  "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780},
  "product_type": "personal_loan", "requested_amount": 25000.0, "requested_installments": 36}"#;

fn product(id: &ProductType) -> &'static ProductSpec {
    CreditPolicy::shipped()
        .product(id)
        .expect("shipped product")
}

fn persona(id: &Persona) -> &'static PersonaSpec {
    CreditPolicy::shipped()
        .persona(id)
        .expect("shipped persona")
}

fn rules() -> &'static LimitRules {
    CreditPolicy::shipped().limit_rules()
}

/// A mix of requests (every product, several personas) for the per-request numbers.
fn request_mix() -> Vec<CreditRequest> {
    let base = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    let mut out = Vec::new();
    let incomes = [2_500.0, 5_000.0, 8_500.0, 15_000.0, 40_000.0];
    let scores = [520, 640, 720, 780, 880];
    let products = CreditPolicy::shipped().products();
    for (i, spec) in products.iter().enumerate() {
        for (j, (&income, &score)) in incomes.iter().zip(&scores).enumerate() {
            let mut r = base.clone();
            r.product_type = spec.id.clone();
            r.customer_profile.income = income;
            r.customer_profile.credit_score = score;
            r.customer_profile.debt_to_income_ratio = 0.1 + 0.08 * j as f64;
            r.requested_amount = spec.min_amount * (2.0 + i as f64);
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

/// The counter-offer search's worst case (found by timing a grid of 2 520
/// profiles and products): a Premium auto loan asking far above its 100 000
/// limit where no grid amount from 10 000 up is approved, so all 181
/// candidates are decided again (stages 3 and 4) before the answer `null`.
fn counter_offer_worst_case() -> CreditRequest {
    let mut r = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    r.product_type = ProductType::AUTO_LOAN;
    r.requested_amount = 1_000_000.0;
    r.requested_installments = 12;
    r.customer_profile = CustomerProfile {
        income: 80_000.0,
        debt_to_income_ratio: 0.55,
        num_credit_inquiries: 6,
        time_at_job_months: 0,
        credit_score: 750,
        age: 18,
        num_existing_loans: 3,
        has_bank_account: false,
        employment_status: EmploymentStatus::Employed,
        ..r.customer_profile
    };
    r
}

/// The issue's auto loan: 80 000 asked, a 58 500 limit, a counter-offer found.
fn counter_offer_issue_case() -> CreditRequest {
    let mut r = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    r.product_type = ProductType::AUTO_LOAN;
    r.requested_amount = 80_000.0;
    r.requested_installments = 48;
    r.customer_profile.employment_status = EmploymentStatus::SelfEmployed;
    r.customer_profile.income = 15_000.0;
    r.customer_profile.credit_score = 760;
    r
}

fn stages(c: &mut Criterion) {
    let request = CreditRequest::from_json_str(REQUEST_A).expect("valid request");
    let profile = &request.customer_profile;
    let classifier = DfsPersonaClassifier::default();
    c.bench_function("stage1_dfs_persona", |b| {
        b.iter(|| classifier.classify(black_box(profile)))
    });

    let product = product(&ProductType::PERSONAL_LOAN);
    let persona = persona(&Persona::STANDARD);
    let direct = DirectLimitCalculator::default();
    c.bench_function("stage2_bfs_customer_a", |b| {
        b.iter(|| BfsLimitCalculator.calculate(black_box(profile), product, persona, rules(), 36))
    });
    c.bench_function("stage2_direct_customer_a", |b| {
        b.iter(|| direct.calculate(black_box(profile), product, persona, rules(), 36))
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
    let product = product(&ProductType::HOME_LOAN);
    let persona = persona(&Persona::PREMIUM);
    let direct = DirectLimitCalculator::default();
    let mut group = c.benchmark_group("stage2_worst_case_premium_home_loan_n1");
    group.bench_function("bfs", |b| {
        b.iter(|| BfsLimitCalculator.calculate(black_box(&profile), product, persona, rules(), 1))
    });
    group.bench_function("direct", |b| {
        b.iter(|| direct.calculate(black_box(&profile), product, persona, rules(), 1))
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
    let worst = counter_offer_worst_case();
    let analysis = pipeline.analyze(&worst).expect("valid request");
    assert!(analysis.counter_offer.is_none() && analysis.credit_limit.is_some());
    c.bench_function("pipeline_counter_offer_worst_case", |b| {
        b.iter(|| pipeline.analyze(black_box(&worst)))
    });
    let issue = counter_offer_issue_case();
    assert!(pipeline
        .analyze(&issue)
        .expect("valid")
        .counter_offer
        .is_some());
    c.bench_function("pipeline_counter_offer_auto_loan_80k", |b| {
        b.iter(|| pipeline.analyze(black_box(&issue)))
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
