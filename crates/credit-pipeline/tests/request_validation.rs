//! SPEC §2 validation: every rule, several violations at once, unknown fields
//! and enum values, non-finite numbers, defaults.

use crate::pipeline_support::SPEC_REQUEST_JSON;
use credit_pipeline::request::{
    CreditRequest, EmploymentStatus, Gender, MaritalStatus, ProductType, RequestError,
};
use serde_json::{json, Value};

fn base() -> Value {
    serde_json::from_str(SPEC_REQUEST_JSON).unwrap()
}

fn with(path: &[&str], value: Value) -> Value {
    let mut v = base();
    let mut cur = &mut v;
    for key in &path[..path.len() - 1] {
        cur = cur.get_mut(*key).unwrap();
    }
    cur.as_object_mut()
        .unwrap()
        .insert(path[path.len() - 1].to_string(), value);
    v
}

fn without(path: &[&str]) -> Value {
    let mut v = base();
    let mut cur = &mut v;
    for key in &path[..path.len() - 1] {
        cur = cur.get_mut(*key).unwrap();
    }
    cur.as_object_mut().unwrap().remove(path[path.len() - 1]);
    v
}

/// The fields reported for an invalid request.
fn error_fields(v: &Value) -> Vec<String> {
    let err = CreditRequest::from_value(v).expect_err("request should be invalid");
    err.fields.iter().map(|f| f.field.clone()).collect()
}

#[test]
fn spec_example_parses_with_every_field() {
    let r = CreditRequest::from_json_str(SPEC_REQUEST_JSON).unwrap();
    assert_eq!(r.request_id, "REQ-1");
    assert_eq!(r.product_type, ProductType::PERSONAL_LOAN);
    assert_eq!(r.requested_amount, 25_000.0);
    assert_eq!(r.requested_installments, 36);
    assert_eq!(r.purpose.as_deref(), Some("reforma"));
    let p = &r.customer_profile;
    assert_eq!(p.customer_id, "CUST-001");
    assert_eq!(p.name.as_deref(), Some("Maria"));
    assert_eq!(p.age, 35);
    assert_eq!(p.gender, Some(Gender::F));
    assert_eq!(p.marital_status, Some(MaritalStatus::Married));
    assert_eq!(p.employment_status, EmploymentStatus::Employed);
    assert_eq!(p.income, 8_500.0);
    assert_eq!(p.time_at_job_months, 48);
    assert!(p.has_bank_account);
    assert!(!p.has_bacen_restriction);
    assert_eq!(p.num_credit_inquiries, 2);
    assert_eq!(p.num_existing_loans, 1);
    assert_eq!(p.debt_to_income_ratio, 0.25);
    assert_eq!(p.credit_score, 780);
}

#[test]
fn request_id_is_generated_and_installments_default_to_12() {
    let mut v = without(&["request_id"]);
    v.as_object_mut().unwrap().remove("requested_installments");
    let a = CreditRequest::from_value(&v).unwrap();
    let b = CreditRequest::from_value(&v).unwrap();
    assert_eq!(a.requested_installments, 12);
    let uuid_part = a.request_id.strip_prefix("REQ-").expect("REQ- prefix");
    assert_eq!(uuid_part.len(), 36);
    assert_eq!(uuid_part.matches('-').count(), 4);
    assert_ne!(a.request_id, b.request_id, "ids are unique");
}

#[test]
fn optional_fields_may_be_absent_or_null() {
    let mut v = base();
    let p = v["customer_profile"].as_object_mut().unwrap();
    p.remove("name");
    p.insert("gender".into(), Value::Null);
    p.remove("marital_status");
    v.as_object_mut()
        .unwrap()
        .insert("purpose".into(), Value::Null);
    let r = CreditRequest::from_value(&v).unwrap();
    assert_eq!(r.customer_profile.name, None);
    assert_eq!(r.customer_profile.gender, None);
    assert_eq!(r.purpose, None);
}

#[test]
fn each_rule_names_its_field() {
    let cases: Vec<(&[&str], Value, &str)> = vec![
        (
            &["customer_profile", "age"],
            json!(17),
            "customer_profile.age",
        ),
        (
            &["customer_profile", "age"],
            json!(101),
            "customer_profile.age",
        ),
        (
            &["customer_profile", "age"],
            json!(0),
            "customer_profile.age",
        ),
        (
            &["customer_profile", "age"],
            json!(35.5),
            "customer_profile.age",
        ),
        (
            &["customer_profile", "income"],
            json!(-0.01),
            "customer_profile.income",
        ),
        (
            &["customer_profile", "income"],
            json!("8500"),
            "customer_profile.income",
        ),
        (
            &["customer_profile", "credit_score"],
            json!(1001),
            "customer_profile.credit_score",
        ),
        (
            &["customer_profile", "credit_score"],
            json!(-1),
            "customer_profile.credit_score",
        ),
        (
            &["customer_profile", "debt_to_income_ratio"],
            json!(1.01),
            "customer_profile.debt_to_income_ratio",
        ),
        (
            &["customer_profile", "debt_to_income_ratio"],
            json!(-0.1),
            "customer_profile.debt_to_income_ratio",
        ),
        (
            &["customer_profile", "time_at_job_months"],
            json!(-3),
            "customer_profile.time_at_job_months",
        ),
        (
            &["customer_profile", "num_credit_inquiries"],
            json!(-1),
            "customer_profile.num_credit_inquiries",
        ),
        (
            &["customer_profile", "num_existing_loans"],
            json!(-2),
            "customer_profile.num_existing_loans",
        ),
        (
            &["customer_profile", "has_bank_account"],
            json!("yes"),
            "customer_profile.has_bank_account",
        ),
        (
            &["customer_profile", "customer_id"],
            json!(7),
            "customer_profile.customer_id",
        ),
        (&["requested_amount"], json!(0.0), "requested_amount"),
        (&["requested_amount"], json!(-100.0), "requested_amount"),
        (
            &["requested_installments"],
            json!(0),
            "requested_installments",
        ),
        (
            &["requested_installments"],
            json!(-12),
            "requested_installments",
        ),
        (&["request_id"], json!(12), "request_id"),
        (&["customer_profile"], json!("CUST-1"), "customer_profile"),
    ];
    for (path, value, field) in cases {
        let v = with(path, value.clone());
        assert_eq!(
            error_fields(&v),
            vec![field.to_string()],
            "{field} = {value}"
        );
    }
}

#[test]
fn boundaries_are_accepted() {
    for (path, value) in [
        (&["customer_profile", "age"][..], json!(18)),
        (&["customer_profile", "age"][..], json!(100)),
        (&["customer_profile", "age"][..], json!(40.0)),
        (&["customer_profile", "income"][..], json!(0)),
        (&["customer_profile", "credit_score"][..], json!(0)),
        (&["customer_profile", "credit_score"][..], json!(1000)),
        (&["customer_profile", "debt_to_income_ratio"][..], json!(0)),
        (&["customer_profile", "debt_to_income_ratio"][..], json!(1)),
        (&["customer_profile", "time_at_job_months"][..], json!(0)),
        (&["requested_installments"][..], json!(1)),
        (&["requested_installments"][..], json!(400)),
        (&["requested_amount"][..], json!(0.01)),
    ] {
        let v = with(path, value.clone());
        assert!(CreditRequest::from_value(&v).is_ok(), "{path:?} = {value}");
    }
}

#[test]
fn missing_required_fields_are_named() {
    for path in [
        &["customer_profile", "customer_id"][..],
        &["customer_profile", "age"],
        &["customer_profile", "employment_status"],
        &["customer_profile", "income"],
        &["customer_profile", "credit_score"],
        &["customer_profile", "debt_to_income_ratio"],
        &["customer_profile", "has_bacen_restriction"],
        &["customer_profile"],
        &["product_type"],
        &["requested_amount"],
    ] {
        let fields = error_fields(&without(path));
        assert_eq!(fields, vec![path.join(".")]);
    }
}

#[test]
fn all_violations_are_reported_together_in_field_order() {
    let v = json!({
        "customer_profile": {
            "customer_id": "C", "age": 17, "employment_status": "student",
            "income": -5.0, "time_at_job_months": -1, "has_bank_account": true,
            "has_bacen_restriction": "no", "num_credit_inquiries": 2,
            "num_existing_loans": 1, "debt_to_income_ratio": 2.0, "credit_score": 1200,
            "nickname": "x"
        },
        "product_type": "boat",
        "requested_amount": -1,
        "requested_installments": 0,
        "channel": "web"
    });
    let err = CreditRequest::from_value(&v).unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "customer_profile.age",
            "customer_profile.employment_status",
            "customer_profile.income",
            "customer_profile.time_at_job_months",
            "customer_profile.has_bacen_restriction",
            "customer_profile.debt_to_income_ratio",
            "customer_profile.credit_score",
            "customer_profile.nickname",
            "product_type",
            "requested_amount",
            "requested_installments",
            "channel",
        ]
    );
    // Messages carry the offending value.
    assert!(
        err.fields[0].message.contains("17"),
        "{}",
        err.fields[0].message
    );
    assert!(err.to_string().contains("customer_profile.credit_score"));
}

#[test]
fn unknown_fields_are_errors_with_their_name() {
    let v = with(&["customer_profile", "salary"], json!(1000));
    let err = CreditRequest::from_value(&v).unwrap_err();
    assert_eq!(err.fields.len(), 1);
    assert_eq!(err.fields[0].field, "customer_profile.salary");
    assert!(err.fields[0].message.contains("unknown field"));

    let v = with(&["score"], json!(700));
    assert_eq!(error_fields(&v), ["score"]);
}

#[test]
fn unknown_enum_values_are_errors_with_the_field() {
    for (path, value) in [
        (&["customer_profile", "employment_status"][..], "student"),
        (&["customer_profile", "employment_status"][..], "Employed"),
        (&["customer_profile", "gender"][..], "X"),
        (&["customer_profile", "marital_status"][..], "engaged"),
        (&["product_type"][..], "mortgage"),
    ] {
        let v = with(path, json!(value));
        let err = CreditRequest::from_value(&v).unwrap_err();
        assert_eq!(err.fields.len(), 1, "{value}");
        assert_eq!(err.fields[0].field, path.join("."));
        assert!(
            err.fields[0].message.contains(value),
            "{}",
            err.fields[0].message
        );
        assert!(err.fields[0].message.contains("expected one of"));
    }
}

#[test]
fn every_enum_value_is_accepted() {
    for (value, expected) in [
        ("employed", EmploymentStatus::Employed),
        ("self_employed", EmploymentStatus::SelfEmployed),
        ("retired", EmploymentStatus::Retired),
        ("unemployed", EmploymentStatus::Unemployed),
    ] {
        let v = with(&["customer_profile", "employment_status"], json!(value));
        let r = CreditRequest::from_value(&v).unwrap();
        assert_eq!(r.customer_profile.employment_status, expected);
    }
    for (value, expected) in [
        ("personal_loan", ProductType::PERSONAL_LOAN),
        ("credit_card", ProductType::CREDIT_CARD),
        ("auto_loan", ProductType::AUTO_LOAN),
        ("home_loan", ProductType::HOME_LOAN),
    ] {
        let r = CreditRequest::from_value(&with(&["product_type"], json!(value))).unwrap();
        assert_eq!(r.product_type, expected);
    }
}

#[test]
fn overflowing_numbers_are_refused_on_their_field() {
    // 1e999 does not fit an f64: it must never become inf inside a stage.
    let text = SPEC_REQUEST_JSON.replace("\"income\": 8500.0", "\"income\": 1e999");
    let err = CreditRequest::from_json_str(&text).unwrap_err();
    match &err {
        RequestError::Invalid(v) => {
            assert_eq!(v.fields.len(), 1);
            assert_eq!(v.fields[0].field, "customer_profile.income");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    let text = SPEC_REQUEST_JSON.replace("25000.0", "-1e400");
    let err = CreditRequest::from_json_str(&text).unwrap_err();
    assert_eq!(err.fields()[0].field, "requested_amount");
}

#[test]
fn nan_and_infinity_are_refused_by_typed_validation() {
    let mut r = CreditRequest::from_json_str(SPEC_REQUEST_JSON).unwrap();
    assert!(r.validate().is_ok());
    r.customer_profile.income = f64::NAN;
    r.customer_profile.debt_to_income_ratio = f64::INFINITY;
    r.requested_amount = f64::NEG_INFINITY;
    r.customer_profile.age = 12;
    r.customer_profile.credit_score = 5000;
    r.requested_installments = 0;
    let fields: Vec<String> = r
        .validate()
        .unwrap_err()
        .fields
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(
        fields,
        [
            "customer_profile.age",
            "customer_profile.income",
            "customer_profile.debt_to_income_ratio",
            "customer_profile.credit_score",
            "requested_amount",
            "requested_installments",
        ]
    );
}

#[test]
fn broken_json_is_a_json_error_with_position() {
    let err = CreditRequest::from_json_str("{\"customer_profile\": ").unwrap_err();
    assert!(matches!(err, RequestError::Json { line: 1, .. }), "{err:?}");
    assert!(err.fields().is_empty());
    let err = CreditRequest::from_json_str("{not json").unwrap_err();
    assert!(
        matches!(err, RequestError::Json { column: 2, .. }),
        "{err:?}"
    );
    let err = CreditRequest::from_json_str("{} trailing").unwrap_err();
    assert!(matches!(err, RequestError::Json { .. }), "{err:?}");
    let err = CreditRequest::from_json_str("[1, 2]").unwrap_err();
    assert!(matches!(err, RequestError::Invalid(_)));
}

#[test]
fn serde_deserialize_goes_through_validation() {
    let ok: CreditRequest = serde_json::from_str(SPEC_REQUEST_JSON).unwrap();
    assert_eq!(ok.customer_profile.credit_score, 780);
    let bad = SPEC_REQUEST_JSON.replace("\"age\": 35", "\"age\": 17");
    let err = serde_json::from_str::<CreditRequest>(&bad).unwrap_err();
    assert!(err.to_string().contains("customer_profile.age"), "{err}");
    // Serialized requests read back identically.
    let again: CreditRequest = serde_json::from_value(serde_json::to_value(&ok).unwrap()).unwrap();
    assert_eq!(again, ok);
}
