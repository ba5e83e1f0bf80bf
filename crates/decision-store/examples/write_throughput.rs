//! How many decisions per second the store's writer takes from many concurrent callers.
//!
//! `cargo run --release -p decision-store --example write_throughput -- [STORE] [TASKS] [SECONDS]`
//! (`-` or nothing: a temporary SQLite file, 64 tasks, 5 seconds). Each task stores new decisions one
//! after another, as a request handler of `credito serve` does; the line printed is the rate
//! and the latency of one `put_decision` (p50, p99).

use std::time::{Duration, Instant};

use decision_store::{DecisionStore, NewDecision, SqlStore, StoreLocation};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = tempfile::tempdir()?;
    let location = match args.next() {
        Some(text) if text != "-" => StoreLocation::parse(&text)?,
        _ => StoreLocation::parse(&format!("sqlite://{}", dir.path().join("w.db").display()))?,
    };
    let tasks: usize = args.next().map(|t| t.parse()).transpose()?.unwrap_or(64);
    let seconds: u64 = args.next().map(|t| t.parse()).transpose()?.unwrap_or(5);
    let random = std::env::var("RANDOM_IDS").is_ok();
    let store = std::sync::Arc::new(SqlStore::open(&location).await?);
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < until {
                let started = Instant::now();
                store
                    .put_decision(decision(&if random {
                        format!("REQ-{}", uuid::Uuid::new_v4())
                    } else {
                        format!("REQ-{}", uuid::Uuid::now_v7())
                    }))
                    .await
                    .expect("stored");
                latencies.push(started.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await?);
    }
    all.sort();
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    println!(
        "{location}: {tasks} tasks, {} decisions, {:.0}/s, p50 {:.2} ms, p99 {:.2} ms",
        all.len(),
        all.len() as f64 / seconds as f64,
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3
    );
    Ok(())
}

fn decision(request_id: &str) -> NewDecision {
    let result = json!({
        "analysis_date": "2026-12-03T17:22:16.673Z",
        "request_id": request_id,
        "approval": {"confidence": 0.989717960357666, "model_version": "approval-mlp-519d89cca34589dc",
            "probabilities": {"approved": 0.989717960357666, "pending_review": 0.010026347823441029,
            "rejected": 0.00025571975857019424}},
        "approval_status": "approved",
        "credit_limit": {"affordable": true, "approved_amount": 12500.0, "factors": {
            "base_rate": 0.025, "best_installments": 24, "binding_constraint": "factor_limit",
            "commitment_bound": 1138.4999999999998, "employment_factor": 1.0, "gross_income": 5500.0,
            "history_factor": 0.9450000000000001}},
        "explanation": "x".repeat(1500),
    });
    NewDecision {
        request_id: request_id.to_string(),
        received_at: "2026-12-03T17:22:16.673Z".into(),
        customer_id: "CUST-094".into(),
        status: "approved".into(),
        policy_version: "credit-policy 2026.1".into(),
        model_version: "approval-mlp-519d89cca34589dc".into(),
        program_version: "credito 0.1.0".into(),
        request: json!({"customer_profile": {"customer_id": "CUST-094", "age": 35,
            "employment_status": "employed", "income": 5500, "time_at_job_months": 111,
            "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 0,
            "num_existing_loans": 3, "debt_to_income_ratio": 0.31, "credit_score": 825},
            "product_type": "personal_loan", "requested_amount": 10000, "requested_installments": 24}),
        result: serde_json::value::to_raw_value(&result).expect("JSON"),
    }
}
