//! Contact plans, campaigns and outcomes over a real socket with a real SQLite store: the plan
//! answers the planner's instant and reason, bad fields are named, a campaign is created once,
//! outcomes are stored (unknown clients listed) and reach both the report and the next plan.

use std::sync::Arc;

use crate::common::{client, error_body, field_names, TestServer};
use credito_api::HttpSettings;
use decision_store::{SqlStore, StoreLocation};
use serde_json::{json, Value};

async fn server(dir: &std::path::Path) -> TestServer {
    let mut config = credito_api::startup::build_config_with_llm(
        HttpSettings::default(),
        &credito_api::startup::ServiceOptions::default(),
        None,
    )
    .expect("default service assembles");
    let store = Arc::new(
        SqlStore::open(&StoreLocation::Sqlite(dir.join("credito.db")))
            .await
            .unwrap(),
    );
    config.state = config.state.with_store(store.clone()).with_campaigns(store);
    TestServer::start(credito_api::router(config)).await
}

async fn post(s: &TestServer, path: &str, body: &Value) -> reqwest::Response {
    client().post(s.url(path)).json(body).send().await.unwrap()
}

#[tokio::test]
async fn plan_campaign_outcomes_and_report_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path()).await;
    // Sunday 6 December 2026, 09:00 in Manaus: segment 3 is called on Monday at 08:00 local.
    let plan = post(
        &s,
        "/api/collections/plan",
        &json!({"now": "2026-12-06T13:00:00Z",
                "clients": [{"client_id": "42", "segment": 3, "uf": "AM"}]}),
    )
    .await;
    assert_eq!(plan.status(), 200);
    let plan: Value = plan.json().await.unwrap();
    assert_eq!(plan["lines"][0]["allowed_at"], "2026-12-07T08:00:00-04:00");
    assert_eq!(plan["lines"][0]["reason"], "sunday");
    assert_eq!(plan["summary"]["clients"], 1);

    let bad = post(
        &s,
        "/api/collections/plan",
        &json!({"clients": [{"client_id": "1", "segment": 1, "uf": "XX"}],
                "ledger": [{"client_id": "1", "channel": "fax", "at": "ontem", "outcome": "pago"}]}),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let names = field_names(&error_body(bad).await);
    assert!(names.contains(&"clients[0].uf".to_string()), "{names:?}");

    let bad = post(
        &s,
        "/api/collections/outcomes",
        &json!({"outcomes": [{"client_id": "1", "channel": "fax", "at": "ontem", "outcome": "pago"}]}),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let names = field_names(&error_body(bad).await);
    for f in [
        "outcomes[0].channel",
        "outcomes[0].at",
        "outcomes[0].outcome",
    ] {
        assert!(names.contains(&f.to_string()), "{names:?}");
    }

    let clients: Vec<Value> = (0..20)
        .map(|i| json!({"client_id": format!("C{i:02}"), "segment": 1, "uf": "SP"}))
        .collect();
    let body = json!({"name": "api-dez", "clients": clients, "variants": 1, "holdout": 0.2,
                      "seed": 3, "now": "2026-12-07T12:00:00Z"});
    let created = post(&s, "/api/collections/campaigns", &body).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        (
            created["groups"]["holdout"].as_u64(),
            created["queued"].as_u64()
        ),
        (Some(4), Some(16))
    );
    assert_eq!(
        post(&s, "/api/collections/campaigns", &body).await.status(),
        409
    );

    let listed: Value = client()
        .get(s.url("/api/collections/campaigns"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["name"], "api-dez");

    let outcomes = json!({"campaign": "api-dez", "outcomes": [
        {"client_id": "C00", "channel": "phone", "at": "2026-12-08T15:00:00-03:00", "outcome": "paid", "amount": 120.5},
        {"client_id": "NOPE", "channel": "sms", "at": "2026-12-08T15:00:00-03:00", "outcome": "promise", "promised_date": "2026-12-20"}]});
    let stored = post(&s, "/api/collections/outcomes", &outcomes).await;
    assert_eq!(stored.status(), 201);
    let stored: Value = stored.json().await.unwrap();
    assert_eq!(
        (stored["stored"].as_u64(), stored["duplicates"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(stored["unknown_clients"], json!(["NOPE"]));
    let again: Value = post(&s, "/api/collections/outcomes", &outcomes)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["duplicates"], 2);

    let report = client()
        .get(s.url("/api/collections/campaigns/api-dez/report"))
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200);
    let report: Value = report.json().await.unwrap();
    let paid: u64 = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["segment"].is_null())
        .map(|r| r["paid"].as_u64().unwrap())
        .sum();
    assert_eq!(paid, 1);
    let missing = client()
        .get(s.url("/api/collections/campaigns/none/report"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    // The stored payment reaches the next plan: C00 is settled.
    let plan: Value = post(
        &s,
        "/api/collections/plan",
        &json!({"now": "2026-12-09T12:00:00Z", "clients": [{"client_id": "C00", "segment": 1, "uf": "SP"}]}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(plan["lines"][0]["reason"], "settled");
    assert!(plan["lines"][0]["allowed_at"].is_null());
}
