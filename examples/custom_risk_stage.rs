//! Replace the fuzzy stage with your own `RiskAssessor` and keep the rest of
//! the pipeline (DFS persona, direct limit solver, shipped MLP).
//!
//! Run with `cargo run --example custom_risk_stage`.

use credito::credit_pipeline::fuzzy::{
    FiredRule, Memberships, RiskAssessment, RiskAssessor, RiskInput, RiskLevel,
};
use credito::credit_pipeline::pipeline::CreditPipeline;
use credito::credit_pipeline::{Stage, StageError};

/// A linear scorecard: 50 % credit score, 30 % debt ratio, 20 % limit use.
/// Each weighted term is reported as a "rule" so the result stays explained.
struct Scorecard;

impl RiskAssessor for Scorecard {
    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError> {
        let checks = [
            ("credit_score", input.credit_score),
            ("debt_ratio", input.debt_ratio),
            ("limit_ratio", input.limit_ratio),
        ];
        for (variable, value) in checks {
            if !value.is_finite() {
                return Err(StageError::NonFiniteInput {
                    stage: Stage::Risk,
                    input: variable.into(),
                    value,
                });
            }
        }
        let parts = [
            0.5 * (1.0 - (input.credit_score / 1000.0).clamp(0.0, 1.0)),
            0.3 * input.debt_ratio.clamp(0.0, 1.0),
            0.2 * input.limit_ratio.clamp(0.0, 1.0),
        ];
        let score: f64 = parts.iter().sum();
        let level = if score < 0.40 {
            RiskLevel::Low
        } else if score < 0.70 {
            RiskLevel::Medium
        } else {
            RiskLevel::High
        };
        let memberships = Memberships {
            low: f64::from(u8::from(level == RiskLevel::Low)),
            med: f64::from(u8::from(level == RiskLevel::Medium)),
            high: f64::from(u8::from(level == RiskLevel::High)),
        };
        Ok(RiskAssessment {
            risk_level: level,
            risk_score: Some(score),
            memberships,
            confidence: 1.0,
            fired_rules: parts
                .iter()
                .enumerate()
                .zip([
                    "0.5 x (1 - score/1000)",
                    "0.3 x debt ratio",
                    "0.2 x limit ratio",
                ])
                .map(|((i, part), text)| FiredRule {
                    rule: i as u8 + 1,
                    activation: *part,
                    text: text.to_string(),
                })
                .collect(),
        })
    }
}

const REQUEST: &str = r#"{"customer_profile": {"customer_id": "CUST-001", "age": 35,
  "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48,
  "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2,
  "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780},
  "product_type": "personal_loan", "requested_amount": 15000.0, "requested_installments": 24}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fuzzy = CreditPipeline::with_defaults()?;
    let scorecard = CreditPipeline::builder().risk_assessor(Scorecard).build()?;
    for (name, pipeline) in [("fuzzy (default)", &fuzzy), ("scorecard", &scorecard)] {
        let r = pipeline.analyze_json(REQUEST)?;
        let risk = r
            .risk_assessment
            .as_ref()
            .map(|a| (a.risk_level, a.risk_score));
        println!("{name:>16}: {:?}, risk {risk:?}", r.approval_status);
        println!("{:>16}  {}", "", r.summary);
    }
    Ok(())
}
