//! Orchestration (SPEC §3.5, §7): early exits, the offer, reasons, the result
//! JSON shape, and stage replacement. Stages 3 and 4 are replaced by small
//! trait implementations where a test needs a given risk or decision.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::pipeline_support::*;
use credit_pipeline::bfs::pmt;
use credit_pipeline::dfs::{DfsPersonaClassifier, Persona, PersonaResult, PersonaSpec};
use credit_pipeline::fuzzy::{
    FiredRule, Memberships, RiskAssessment, RiskAssessor, RiskInput, RiskLevel,
};
use credit_pipeline::mlp::{
    ApprovalFeatures, ApprovalModel, ApprovalPrediction, ClassProbabilities, Decision,
};
use credit_pipeline::pipeline::{
    ApprovalStatus, CreditPipeline, PipelineError, RejectionReason, ReviewReason,
};
use credit_pipeline::request::{CreditRequest, CustomerProfile, ProductType};
use credit_pipeline::{PersonaClassifier, StageError};

/// Stage 3 returning a fixed score and recording its inputs.
#[derive(Default)]
struct FixedRisk {
    score: Option<f64>,
    seen: Arc<Mutex<Vec<RiskInput>>>,
}

impl FixedRisk {
    fn scored(score: f64) -> Self {
        Self {
            score: Some(score),
            ..Self::default()
        }
    }
}

impl RiskAssessor for FixedRisk {
    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError> {
        self.seen.lock().unwrap().push(*input);
        Ok(match self.score {
            None => RiskAssessment {
                risk_level: RiskLevel::Undetermined,
                risk_score: None,
                memberships: Memberships::default(),
                confidence: 0.0,
                fired_rules: vec![],
            },
            Some(s) => RiskAssessment {
                risk_level: if s < 0.4 {
                    RiskLevel::Low
                } else if s < 0.7 {
                    RiskLevel::Medium
                } else {
                    RiskLevel::High
                },
                risk_score: Some(s),
                memberships: Memberships {
                    low: 1.0,
                    med: 0.0,
                    high: 0.0,
                },
                confidence: 1.0,
                fired_rules: vec![FiredRule {
                    rule: 1,
                    activation: 0.5,
                    text: "IF stub IS on THEN risk IS low".into(),
                }],
            },
        })
    }
}

/// Stage 4 returning a fixed decision and counting its calls.
struct FixedModel {
    decision: Decision,
    calls: Arc<AtomicUsize>,
}

impl FixedModel {
    fn new(decision: Decision) -> Self {
        Self {
            decision,
            calls: Arc::default(),
        }
    }
}

impl ApprovalModel for FixedModel {
    fn predict(&self, _: &ApprovalFeatures) -> Result<ApprovalPrediction, StageError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let probabilities = match self.decision {
            Decision::Approved => ClassProbabilities {
                approved: 0.9,
                pending_review: 0.07,
                rejected: 0.03,
            },
            Decision::PendingReview => ClassProbabilities {
                approved: 0.2,
                pending_review: 0.7,
                rejected: 0.1,
            },
            Decision::Rejected => ClassProbabilities {
                approved: 0.1,
                pending_review: 0.1,
                rejected: 0.8,
            },
        };
        Ok(ApprovalPrediction {
            decision: self.decision,
            probabilities,
            confidence: 0.9,
            model_version: "test-model".into(),
        })
    }
}

/// Stage 1 counting its calls (wrapping the default).
#[derive(Default)]
struct CountingClassifier {
    calls: Arc<AtomicUsize>,
    inner: DfsPersonaClassifier,
}

impl PersonaClassifier for CountingClassifier {
    fn classify(&self, profile: &CustomerProfile) -> PersonaResult {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.classify(profile)
    }
    fn personas(&self) -> &[PersonaSpec] {
        self.inner.personas()
    }
}

fn pipeline(risk: FixedRisk, model: FixedModel) -> CreditPipeline {
    CreditPipeline::builder()
        .risk_assessor(risk)
        .approval_model(model)
        .build()
        .unwrap()
}

#[test]
fn customer_e_is_rejected_by_the_persona_filter() {
    let model = FixedModel::new(Decision::Approved);
    let calls = model.calls.clone();
    let risk = FixedRisk::scored(0.2);
    let seen = risk.seen.clone();
    let r = pipeline(risk, model)
        .analyze(&request(
            customer_e(),
            ProductType::PERSONAL_LOAN,
            5_000.0,
            12,
        ))
        .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::Rejected);
    assert_eq!(r.rejection_reason, Some(RejectionReason::PersonaFilter));
    assert_eq!(r.review_reason, None);
    assert!(!r.persona.passed);
    assert!(r.credit_limit.is_none() && r.risk_assessment.is_none());
    assert!(r.approval.is_none() && r.offer.is_none());
    assert!(seen.lock().unwrap().is_empty(), "stage 3 must not run");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "stage 4 must not run");
    assert!(r.summary.contains("persona"), "{}", r.summary);
}

#[test]
fn basic_home_loan_stops_at_stage_two() {
    let risk = FixedRisk::scored(0.2);
    let seen = risk.seen.clone();
    let r = pipeline(risk, FixedModel::new(Decision::Approved))
        .analyze(&request(
            customer_c(),
            ProductType::HOME_LOAN,
            80_000.0,
            120,
        ))
        .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::Rejected);
    assert_eq!(
        r.rejection_reason,
        Some(RejectionReason::BelowProductMinimum)
    );
    let limit = r.credit_limit.expect("stage 2 reported");
    assert_eq!(limit.approved_amount, 0.0);
    assert!(!limit.affordable);
    assert!(r.risk_assessment.is_none() && r.offer.is_none());
    assert!(seen.lock().unwrap().is_empty());
    assert!(r.summary.contains("R$ 50.000,00"), "{}", r.summary);
}

/// A persona table whose rows lift the cap far above what the income pays.
struct GenerousPersonas {
    inner: DfsPersonaClassifier,
    rows: Vec<PersonaSpec>,
}

impl GenerousPersonas {
    fn new() -> Self {
        let inner = DfsPersonaClassifier::default();
        let rows = inner
            .personas()
            .iter()
            .map(|p| PersonaSpec {
                income_multiplier: 100.0,
                min_limit: 0.0,
                ..p.clone()
            })
            .collect();
        Self { inner, rows }
    }
}

impl PersonaClassifier for GenerousPersonas {
    fn classify(&self, profile: &CustomerProfile) -> PersonaResult {
        self.inner.classify(profile)
    }
    fn personas(&self) -> &[PersonaSpec] {
        &self.rows
    }
}

#[test]
fn unaffordable_product_is_rejected_low_income() {
    let p = CustomerProfile {
        income: 100.0,
        debt_to_income_ratio: 0.0,
        ..customer_d()
    };
    let pipeline = CreditPipeline::builder()
        .persona_classifier(GenerousPersonas::new())
        .risk_assessor(FixedRisk::scored(0.1))
        .approval_model(FixedModel::new(Decision::Approved))
        .build()
        .unwrap();
    let r = pipeline
        .analyze(&request(p, ProductType::CREDIT_CARD, 500.0, 3))
        .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::Rejected);
    assert_eq!(r.rejection_reason, Some(RejectionReason::LowIncome));
    assert!(r.credit_limit.is_some() && r.risk_assessment.is_none());
}

#[test]
fn undetermined_risk_goes_to_manual_review_without_the_model() {
    let model = FixedModel::new(Decision::Approved);
    let calls = model.calls.clone();
    let r = pipeline(FixedRisk::default(), model)
        .analyze(&request(
            customer_a(),
            ProductType::PERSONAL_LOAN,
            10_000.0,
            12,
        ))
        .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::PendingReview);
    assert_eq!(r.review_reason, Some(ReviewReason::RiskUndetermined));
    assert_eq!(r.rejection_reason, None);
    assert_eq!(
        r.risk_assessment.unwrap().risk_level,
        RiskLevel::Undetermined
    );
    assert!(r.approval.is_none() && r.offer.is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[test]
fn approved_offer_keeps_the_payment_within_30_percent() {
    // Customer A asks 25 000 over 12 months; the limit is 22 000, affordable
    // from 14 installments: the offer moves to 14 (the original kept 12).
    let risk = FixedRisk::scored(0.21);
    let seen = risk.seen.clone();
    let r = pipeline(risk, FixedModel::new(Decision::Approved))
        .analyze(&request(
            customer_a(),
            ProductType::PERSONAL_LOAN,
            25_000.0,
            12,
        ))
        .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::Approved);
    assert_eq!((r.rejection_reason, r.review_reason), (None, None));
    let offer = r.offer.unwrap();
    assert_eq!(offer.amount, 22_000.0);
    assert_eq!(offer.installments, 14);
    assert_eq!(offer.interest_rate, 0.025);
    assert_eq!(offer.monthly_payment, pmt(0.025, 14, 22_000.0));
    assert_eq!(offer.total_to_pay, offer.monthly_payment * 14.0);
    assert!(offer.monthly_payment <= 0.30 * 6_375.0);
    assert!(pmt(0.025, 13, 22_000.0) > 0.30 * 6_375.0);
    // Stage 3 saw the profile and limit_ratio = min(1, 25000 / 22000).
    let input = seen.lock().unwrap()[0];
    assert_eq!(input.limit_ratio, 1.0);
    assert_eq!(input.credit_score, 780.0);
    assert_eq!(input.income, 8_500.0);
    assert_eq!(input.debt_ratio, 0.25);
    assert_eq!(input.employment_time, 48.0);
    assert_eq!(input.inquiries, 2.0);
    let approval = r.approval.unwrap();
    assert_eq!(approval.model_version, "test-model");
    assert!(
        r.summary.starts_with("Aprovado: R$ 22.000,00 em 14x"),
        "{}",
        r.summary
    );
}

#[test]
fn smaller_request_keeps_requested_installments() {
    let risk = FixedRisk::scored(0.2);
    let seen = risk.seen.clone();
    let r = pipeline(risk, FixedModel::new(Decision::Approved))
        .analyze(&request(
            customer_a(),
            ProductType::PERSONAL_LOAN,
            11_000.0,
            36,
        ))
        .unwrap();
    let offer = r.offer.unwrap();
    assert_eq!(offer.amount, 11_000.0);
    assert_eq!(offer.installments, 36);
    assert_eq!(seen.lock().unwrap()[0].limit_ratio, 11_000.0 / 22_000.0);
}

#[test]
fn model_rejection_reason_depends_on_the_risk_score() {
    for (score, reason) in [
        (0.66, RejectionReason::HighRisk),
        (0.65, RejectionReason::Other),
        (0.3, RejectionReason::Other),
    ] {
        let r = pipeline(
            FixedRisk::scored(score),
            FixedModel::new(Decision::Rejected),
        )
        .analyze(&request(customer_b(), ProductType::AUTO_LOAN, 40_000.0, 48))
        .unwrap();
        assert_eq!(r.approval_status, ApprovalStatus::Rejected);
        assert_eq!(r.rejection_reason, Some(reason), "score {score}");
        assert!(r.offer.is_none());
        assert!(r.approval.is_some() && r.risk_assessment.is_some());
    }
}

#[test]
fn model_pending_goes_to_review() {
    let r = pipeline(
        FixedRisk::scored(0.5),
        FixedModel::new(Decision::PendingReview),
    )
    .analyze(&request(
        customer_d(),
        ProductType::PERSONAL_LOAN,
        2_000.0,
        12,
    ))
    .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::PendingReview);
    assert_eq!(r.review_reason, Some(ReviewReason::Model));
    assert!(r.offer.is_none() && r.approval.is_some());
}

#[test]
fn invalid_requests_reach_no_stage() {
    let classifier = CountingClassifier::default();
    let calls = classifier.calls.clone();
    let pipeline = CreditPipeline::builder()
        .persona_classifier(classifier)
        .risk_assessor(FixedRisk::scored(0.1))
        .approval_model(FixedModel::new(Decision::Approved))
        .build()
        .unwrap();
    let mut bad = request(customer_a(), ProductType::PERSONAL_LOAN, 1_000.0, 0);
    bad.customer_profile.age = 17;
    let err = pipeline.analyze(&bad).unwrap_err();
    let fields: Vec<&str> = err.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["customer_profile.age", "requested_installments"]);
    let err = pipeline.analyze_json("{\"product_type\": 3}").unwrap_err();
    assert!(matches!(err, PipelineError::Request(_)));
    assert!(err.fields().iter().any(|f| f.field == "product_type"));
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[test]
fn result_json_has_the_spec_shape() {
    let r = pipeline(FixedRisk::scored(0.21), FixedModel::new(Decision::Approved))
        .analyze_json(SPEC_REQUEST_JSON)
        .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "request_id",
        "customer_id",
        "analysis_date",
        "approval_status",
        "rejection_reason",
        "review_reason",
        "persona",
        "credit_limit",
        "risk_assessment",
        "approval",
        "offer",
        "counter_offer",
        "reasons",
        "summary",
        "policy_version",
        "model_version",
    ];
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(v["request_id"], "REQ-1");
    assert_eq!(v["customer_id"], "CUST-001");
    assert_eq!(v["approval_status"], "approved");
    assert!(v["rejection_reason"].is_null() && v["review_reason"].is_null());
    assert!(chrono::DateTime::parse_from_rfc3339(v["analysis_date"].as_str().unwrap()).is_ok());
    assert_eq!(v["persona"]["persona"], "standard");
    assert_eq!(v["persona"]["passed"], true);
    let limit = &v["credit_limit"];
    for key in [
        "approved_amount",
        "affordable",
        "max_installment_value",
        "max_installments",
        "interest_rate",
    ] {
        assert!(!limit[key].is_null(), "credit_limit.{key}");
    }
    let factors: Vec<&str> = limit["factors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // SPEC §3.2's 13 factors and the two payment bounds with the mínimo existencial.
    assert_eq!(factors.len(), 16, "{factors:?}");
    assert_eq!(limit["factors"]["minimo_existencial"], 600.0);
    assert!(v["policy_version"]
        .as_str()
        .unwrap()
        .starts_with("credito-default@"));
    // A model that does not say its version is recorded as `custom`.
    assert_eq!(v["model_version"], "custom");
    assert_eq!(limit["factors"]["binding_constraint"], "factor_limit");
    assert_eq!(v["risk_assessment"]["risk_level"], "low");
    assert_eq!(v["approval"]["probabilities"]["approved"], 0.9);
    for key in [
        "amount",
        "installments",
        "interest_rate",
        "monthly_payment",
        "total_to_pay",
        "iof",
        "cet_monthly",
        "cet_annual",
    ] {
        assert!(v["offer"][key].is_number(), "offer.{key}");
    }
    // And it reads back.
    let back: credit_pipeline::pipeline::CreditAnalysis = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}

#[test]
fn rejected_result_has_nulls_for_unreached_stages() {
    let r = pipeline(FixedRisk::scored(0.2), FixedModel::new(Decision::Approved))
        .analyze(&request(
            customer_e(),
            ProductType::CREDIT_CARD,
            1_000.0,
            12,
        ))
        .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "credit_limit",
        "risk_assessment",
        "approval",
        "offer",
        "review_reason",
    ] {
        assert!(v[key].is_null(), "{key}");
    }
    assert_eq!(v["rejection_reason"], "persona_filter");
    assert_eq!(v["persona"]["persona"], serde_json::Value::Null);
}

#[test]
fn default_pipeline_runs_the_spec_customers() {
    let pipeline = CreditPipeline::with_defaults().unwrap();
    let cases = [
        (customer_a(), Some(Persona::STANDARD)),
        (customer_b(), Some(Persona::PREMIUM)),
        (customer_c(), Some(Persona::BASIC)),
        (customer_d(), Some(Persona::BASIC)),
        (customer_e(), None),
    ];
    for (profile, persona) in cases {
        let req: CreditRequest = request(profile, ProductType::PERSONAL_LOAN, 8_000.0, 24);
        let r = pipeline.analyze(&req).unwrap();
        assert_eq!(
            r.persona.persona, persona,
            "{}",
            req.customer_profile.customer_id
        );
        match r.approval_status {
            ApprovalStatus::Approved => {
                let offer = r.offer.unwrap();
                let limit = r.credit_limit.unwrap();
                assert!(offer.amount <= limit.approved_amount);
                assert!(offer.monthly_payment <= limit.max_installment_value);
            }
            ApprovalStatus::Rejected => assert!(r.rejection_reason.is_some()),
            ApprovalStatus::PendingReview => assert!(r.review_reason.is_some()),
        }
        if persona.is_some() {
            let risk = r.risk_assessment.expect("stage 3 ran");
            if risk.risk_level != RiskLevel::Undetermined {
                assert!(r.approval.is_some());
            }
        } else {
            assert_eq!(r.rejection_reason, Some(RejectionReason::PersonaFilter));
        }
    }
}
