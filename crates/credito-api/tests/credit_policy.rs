//! The credit policy through the service: the one in force shown, an edited
//! file deciding (its products in the catalogue, the contract and the results).

use credit_pipeline::policy::{CreditPolicy, SHIPPED_POLICY};
use credito_api::startup::{build_config_with_llm, ServiceOptions};
use credito_api::HttpSettings;
use serde_json::Value;

use crate::common::{client, customer_a, default_app, get_json, TestServer};

#[tokio::test]
async fn the_policy_in_force_is_shown_and_stamped_on_results() {
    let s = TestServer::start(default_app(HttpSettings::default())).await;
    let info: Value = get_json(&s, "/api/credit/policy").await;
    let version = CreditPolicy::shipped().version();
    assert_eq!(info["policy_version"], version);
    assert_eq!(info["minimo_existencial"], 600.0);
    assert_eq!(info["toml"], SHIPPED_POLICY);
    let result: Value = client()
        .post(s.url("/api/credit/analyze"))
        .json(&customer_a())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(result["policy_version"], version);
    assert!(result["model_version"]
        .as_str()
        .unwrap()
        .starts_with("approval-mlp-"));
    let health: Value = get_json(&s, "/api/credit/health").await;
    assert_eq!(health["models"]["credit_policy"], version);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn an_edited_policy_file_decides_and_defines_the_contract() {
    let dir = std::env::temp_dir().join(format!("credito-api-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bank.toml");
    let edited = SHIPPED_POLICY.replacen(
        "[[products]]\nid = \"credit_card\"",
        "[[products]]\nid = \"payroll_loan\"\nname = \"crédito consignado\"\nmin_amount = 500.0\nmax_amount = 80000.0\nmax_installments = 96\nmonthly_rate = 0.018\niof = { daily = 0.000082, additional = 0.0038, max_days = 365 }\n\n[[products]]\nid = \"credit_card\"",
        1,
    );
    std::fs::write(&path, &edited).unwrap();
    let options = ServiceOptions {
        credit_policy: Some(path.clone()),
        ..ServiceOptions::default()
    };
    let config = build_config_with_llm(HttpSettings::default(), &options, None).unwrap();
    let s = TestServer::start(credito_api::router(config)).await;

    let products: Value = get_json(&s, "/api/credit/products").await;
    let ids: Vec<&str> = products["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "personal_loan",
            "payroll_loan",
            "credit_card",
            "auto_loan",
            "home_loan"
        ]
    );
    let doc: Value = get_json(&s, "/openapi.json").await;
    let schema = &doc["components"]["schemas"]["CreditRequest"]["properties"]["product_type"];
    assert_eq!(schema["enum"][1], "payroll_loan");

    let mut body = customer_a();
    body["product_type"] = "payroll_loan".into();
    let r = client()
        .post(s.url("/api/credit/analyze"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let result: Value = r.json().await.unwrap();
    let version = CreditPolicy::from_toml_str(&edited)
        .unwrap()
        .version()
        .to_string();
    assert_eq!(result["policy_version"], version.as_str());
    assert_eq!(result["credit_limit"]["interest_rate"], 0.018);

    body["product_type"] = "yacht".into();
    let r = client()
        .post(s.url("/api/credit/analyze"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert!(err.to_string().contains("payroll_loan"), "{err}");
    s.stop().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
