//! The SPEC §6 sample customers A–E through the default four-stage pipeline,
//! each with the explanation of every stage it reached, its ranked reasons
//! and its counter-offer; then the same customers asking for more than their
//! limit, with each counter-offer submitted back (and approved as offered).
//!
//! Run with `cargo run --example credit_analysis`.

use credito::credit_pipeline::pipeline::{CreditAnalysis, CreditPipeline};
use credito::credit_pipeline::request::CreditRequest;

/// One SPEC §2 request as JSON.
fn request(
    id: &str,
    employment: &str,
    income: f64,
    score: u32,
    product: &str,
    amount: f64,
    installments: u32,
) -> String {
    format!(
        r#"{{"request_id": "REQ-{id}", "customer_profile": {{"customer_id": "CUST-{id}",
        "age": 40, "employment_status": "{employment}", "income": {income:.1},
        "time_at_job_months": 36, "has_bank_account": true, "has_bacen_restriction": false,
        "num_credit_inquiries": 1, "num_existing_loans": 1, "debt_to_income_ratio": 0.25,
        "credit_score": {score}}}, "product_type": "{product}",
        "requested_amount": {amount:.1}, "requested_installments": {installments}}}"#
    )
}

fn explain(label: &str, r: &CreditAnalysis) {
    println!("== customer {label} ({}) ==", r.customer_id);
    println!("decision: {:?}", r.approval_status);
    if let Some(reason) = r.rejection_reason {
        println!("rejection reason: {reason:?}");
    }
    if let Some(reason) = r.review_reason {
        println!("review reason: {reason:?}");
    }
    println!(
        "stage 1 persona: {:?} (confidence {:.3})",
        r.persona.persona, r.persona.confidence
    );
    for step in &r.persona.decision_path {
        println!("    {step}");
    }
    if let Some(limit) = &r.credit_limit {
        let f = &limit.factors;
        println!(
            "stage 2 limit: R$ {:.2} (binding: {:?}; {} BFS states)",
            limit.approved_amount, f.binding_constraint, f.states_explored
        );
        println!(
            "    net income {:.2}, income limit {:.2}, factors score {} x employment {} x history {:.4}, cap {:.2}",
            f.net_income, f.income_limit, f.score_factor, f.employment_factor, f.history_factor, f.search_cap
        );
        println!(
            "    max payment {:.2}; limit affordable from {} installments at {:.2}",
            limit.max_installment_value, f.best_installments, f.monthly_payment
        );
    }
    if let Some(risk) = &r.risk_assessment {
        println!(
            "stage 3 risk: {:?} score {:?} (memberships low {:.2} med {:.2} high {:.2})",
            risk.risk_level,
            risk.risk_score.map(|s| (s * 1e4).round() / 1e4),
            risk.memberships.low,
            risk.memberships.med,
            risk.memberships.high
        );
        let fired: Vec<String> = risk
            .fired_rules
            .iter()
            .map(|f| format!("#{}={:.2}", f.rule, f.activation))
            .collect();
        println!("    fired rules: {}", fired.join(" "));
    }
    if let Some(a) = &r.approval {
        println!(
            "stage 4 model {}: approved {:.3}, pending {:.3}, rejected {:.3}",
            a.model_version,
            a.probabilities.approved,
            a.probabilities.pending_review,
            a.probabilities.rejected
        );
    }
    if let Some(o) = &r.offer {
        println!(
            "offer: R$ {:.2} in {} x R$ {:.2} (total R$ {:.2}; IOF R$ {:.2}, CET {:.2} % a.m. / {:.2} % a.a.)",
            o.amount,
            o.installments,
            o.monthly_payment,
            o.total_to_pay,
            o.iof,
            o.cet_monthly * 100.0,
            o.cet_annual * 100.0
        );
    }
    for reason in &r.reasons {
        println!("reason {}: {}", reason.code, reason.text_pt);
    }
    match &r.counter_offer {
        Some(o) => println!(
            "counter-offer: R$ {:.2} in {} x R$ {:.2} (CET {:.2} % a.m.)",
            o.amount,
            o.installments,
            o.monthly_payment,
            o.cet_monthly * 100.0
        ),
        None => println!("counter-offer: none"),
    }
    println!("policy {} / model {}", r.policy_version, r.model_version);
    println!("summary: {}\n", r.summary);
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pipeline = CreditPipeline::with_defaults()?;
    let customers = [
        (
            "A",
            request("A", "employed", 8_500.0, 780, "personal_loan", 15_000.0, 36),
        ),
        (
            "B",
            request(
                "B",
                "self_employed",
                15_000.0,
                760,
                "auto_loan",
                40_000.0,
                48,
            ),
        ),
        (
            "C",
            request("C", "retired", 5_000.0, 700, "personal_loan", 4_000.0, 24),
        ),
        (
            "D",
            request("D", "employed", 3_000.0, 500, "credit_card", 2_000.0, 12),
        ),
        (
            "E",
            request(
                "E",
                "unemployed",
                3_000.0,
                900,
                "personal_loan",
                5_000.0,
                12,
            ),
        ),
    ];
    for (label, json) in customers {
        let req = pipeline.parse_json(&json)?;
        let result = pipeline.analyze(&req)?;
        explain(label, &result);
    }

    // Asking for more than the limit: the pipeline says the largest amount it
    // approves, and submitting that amount and term is approved as offered.
    let above_limit = [
        (
            "A",
            request("A", "employed", 8_500.0, 780, "personal_loan", 48_000.0, 24),
        ),
        (
            "B",
            request(
                "B",
                "self_employed",
                15_000.0,
                760,
                "auto_loan",
                80_000.0,
                48,
            ),
        ),
        (
            "C",
            request("C", "retired", 5_000.0, 700, "personal_loan", 15_000.0, 24),
        ),
        (
            "B",
            request(
                "B",
                "self_employed",
                15_000.0,
                760,
                "home_loan",
                600_000.0,
                240,
            ),
        ),
    ];
    for (label, json) in above_limit {
        let req = pipeline.parse_json(&json)?;
        let result = pipeline.analyze(&req)?;
        explain(&format!("{label}, above the limit"), &result);
        if let Some(offer) = result.counter_offer {
            let again = CreditRequest {
                requested_amount: offer.amount,
                requested_installments: offer.installments,
                ..req
            };
            let second = pipeline.analyze(&again)?;
            println!(
                "   submitted back: {:?}, offer {:?}\n",
                second.approval_status,
                second.offer.map(|o| (o.amount, o.installments))
            );
        }
    }
    Ok(())
}
