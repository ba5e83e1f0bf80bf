//! Every result that is not an approval of the amount asked carries at most
//! four specific, measured reasons.

use crate::pipeline_support::all_products;
use credit_pipeline::pipeline::{ApprovalStatus, CreditPipeline, MAX_REASONS};
use credit_pipeline::request::{CreditRequest, CustomerProfile, EmploymentStatus, ProductType};
use proptest::prelude::*;

fn request(profile: CustomerProfile, product: ProductType, amount: f64, n: u32) -> CreditRequest {
    CreditRequest {
        request_id: "REQ-R".into(),
        customer_profile: profile,
        product_type: product,
        requested_amount: amount,
        requested_installments: n,
        purpose: None,
    }
}

fn codes(result: &credit_pipeline::pipeline::CreditAnalysis) -> Vec<&str> {
    result.reasons.iter().map(|r| r.code.as_str()).collect()
}

#[test]
fn the_spec_customers_get_specific_reasons() {
    let p = CreditPipeline::with_defaults().unwrap();
    // E: unemployed, rejected at stage 1.
    let e = CustomerProfile {
        employment_status: EmploymentStatus::Unemployed,
        income: 3_000.0,
        credit_score: 900,
        ..CustomerProfile::example("CUST-E")
    };
    let r = p
        .analyze(&request(e, ProductType::PERSONAL_LOAN, 5_000.0, 12))
        .unwrap();
    assert_eq!(codes(&r), ["PERSONA_EMPLOYMENT_NOT_ACCEPTED"]);
    assert!(
        r.reasons[0].text_pt.contains("\"unemployed\""),
        "{}",
        r.reasons[0].text_pt
    );

    // A asking above the limit: the amount first, with the limit as threshold.
    let a = p
        .analyze(&request(
            CustomerProfile::example("A"),
            ProductType::PERSONAL_LOAN,
            25_000.0,
            36,
        ))
        .unwrap();
    assert_eq!(a.approval_status, ApprovalStatus::PendingReview);
    let first = &a.reasons[0];
    assert_eq!(first.code, "LIMIT_AMOUNT_ABOVE_LIMIT");
    assert_eq!(first.value, Some(25_000.0));
    assert_eq!(first.threshold, Some(22_000.0));
    assert!(first.text_pt.contains("R$ 25.000,00") && first.text_pt.contains("R$ 22.000,00"));
    assert!(
        a.reasons.iter().any(|r| r.stage == "approval"),
        "{:?}",
        codes(&a)
    );

    // Income too low for any payment: the payment and the 30 % bound, measured.
    let poor = CustomerProfile {
        income: 600.0,
        debt_to_income_ratio: 0.0,
        ..CustomerProfile::example("P")
    };
    let r = p
        .analyze(&request(poor, ProductType::HOME_LOAN, 60_000.0, 360))
        .unwrap();
    assert_eq!(r.approval_status, ApprovalStatus::Rejected);
    assert!(codes(&r)[0].starts_with("LIMIT_"), "{:?}", codes(&r));
    assert!(r.reasons[0].value.is_some() && r.reasons[0].threshold.is_some());

    // High risk (SPEC §6 customer D): the score above 0.65 and the rules that
    // pushed it up, with their text.
    let d = CustomerProfile {
        age: 40,
        income: 3_000.0,
        credit_score: 500,
        time_at_job_months: 36,
        num_credit_inquiries: 1,
        ..CustomerProfile::example("CUST-D")
    };
    let r = p
        .analyze(&request(d, ProductType::CREDIT_CARD, 2_000.0, 12))
        .unwrap();
    assert_eq!(
        r.approval_status,
        ApprovalStatus::Rejected,
        "{:?}",
        codes(&r)
    );
    let high = r
        .reasons
        .iter()
        .find(|x| x.code == "RISK_HIGH")
        .expect("RISK_HIGH");
    assert!(high.value.unwrap() > 0.65 && high.threshold == Some(0.65));
    assert!(
        r.reasons.iter().any(|x| x.stage == "approval"),
        "{:?}",
        codes(&r)
    );
    for reason in &r.reasons {
        assert!(!reason.text_pt.is_empty() && !reason.text_en.is_empty());
        if reason.code.starts_with("RISK_RULE_") {
            assert!(
                reason.text_pt.contains("THEN risk IS high"),
                "{}",
                reason.text_pt
            );
        }
    }

    // Approved as asked: no reasons.
    let ok = p
        .analyze(&request(
            CustomerProfile::example("A"),
            ProductType::PERSONAL_LOAN,
            5_000.0,
            12,
        ))
        .unwrap();
    assert_eq!(ok.approval_status, ApprovalStatus::Approved);
    assert!(ok.reasons.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// 1 to 4 distinct reasons exactly when the request is not approved as asked.
    #[test]
    fn reasons_exactly_when_not_approved_as_asked(
        income in 300.0..40_000.0f64,
        score in 0u32..=1000,
        dti in 0.0..1.0f64,
        employment in prop::sample::select(EmploymentStatus::ALL.to_vec()),
        product in prop::sample::select(all_products()),
        amount in 500.0..200_000.0f64,
        n in 1u32..=400,
    ) {
        let p = CreditPipeline::with_defaults().unwrap();
        let profile = CustomerProfile {
            income, credit_score: score, debt_to_income_ratio: dti, employment_status: employment,
            ..CustomerProfile::example("P")
        };
        let r = p.analyze(&request(profile, product, amount, n)).unwrap();
        let as_asked = r.approval_status == ApprovalStatus::Approved
            && r.offer.is_some_and(|o| o.amount == amount && o.installments == n);
        if as_asked {
            prop_assert!(r.reasons.is_empty());
        } else {
            prop_assert!(!r.reasons.is_empty() && r.reasons.len() <= MAX_REASONS, "{:?}", r.reasons);
            let mut seen = std::collections::HashSet::new();
            for reason in &r.reasons {
                prop_assert!(seen.insert(reason.code.clone()), "repeated {}", reason.code);
                prop_assert!(!reason.text_pt.is_empty() && !reason.text_en.is_empty());
                prop_assert!(reason.value.is_none_or(f64::is_finite));
            }
        }
    }
}
