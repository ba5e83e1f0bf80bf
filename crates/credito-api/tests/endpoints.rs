//! Every endpoint of the complete service (shipped defaults, templates)
//! through a real socket.

use crate::common::{
    client, customer_a, default_app, error_body, field_names, message_body, post_bytes, TestServer,
};
use credito_api::HttpSettings;
use serde_json::{json, Value};

async fn server() -> TestServer {
    TestServer::start(default_app(HttpSettings::default())).await
}

async fn post(s: &TestServer, path: &str, body: &Value) -> reqwest::Response {
    client().post(s.url(path)).json(body).send().await.unwrap()
}

#[tokio::test]
async fn health_reports_versions_and_no_secret() {
    let s = server().await;
    let r = client()
        .get(s.url("/api/credit/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert!(body["models"]["approval_model"].is_string(), "{body}");
    assert!(body["models"]["segmentation_model"].is_string(), "{body}");
    assert!(body["models"]["collection_policy"].is_string(), "{body}");
    assert_eq!(body["llm"]["configured"], false);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn products_lists_the_four_products() {
    let s = server().await;
    let r = client()
        .get(s.url("/api/credit/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let names: Vec<&str> = body["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["personal_loan", "credit_card", "auto_loan", "home_loan"]
    );
    assert_eq!(body["products"][0]["max_installments"], 48);
    assert_eq!(body["products"][3]["monthly_rate"], 0.012);
    assert_eq!(body["products"][0]["iof_additional"], 0.0038);
    assert!(body["policy_version"]
        .as_str()
        .unwrap()
        .starts_with("credito-default@"));
    s.stop().await.unwrap();
}

#[tokio::test]
async fn analyze_returns_the_explained_result() {
    let s = server().await;
    let r = post(&s, "/api/credit/analyze", &customer_a()).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["request_id"], "REQ-A");
    assert_eq!(body["customer_id"], "CUST-001");
    assert_eq!(body["persona"]["persona"], "standard");
    assert!(["approved", "pending_review", "rejected"]
        .contains(&body["approval_status"].as_str().unwrap()));
    assert!(body["credit_limit"]["approved_amount"].as_f64().unwrap() > 0.0);
    assert!(body["risk_assessment"]["risk_score"].is_number());
    assert!(body["summary"].is_string());
    let rules = body["risk_assessment"]["fired_rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["text"].as_str().unwrap().starts_with("IF ")));
    s.stop().await.unwrap();
}

#[tokio::test]
async fn decisions_carry_costs_and_ranked_reasons_over_http() {
    let s = server().await;
    let mut small = customer_a();
    small["requested_amount"] = json!(5000.0);
    small["requested_installments"] = json!(12);
    let body: Value = post(&s, "/api/credit/analyze", &small)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["approval_status"], "approved");
    let offer = &body["offer"];
    assert!(
        offer["iof"].as_f64().unwrap() > 19.0,
        "0.38 % of 5 000 at least"
    );
    assert!(offer["cet_monthly"].as_f64().unwrap() > offer["interest_rate"].as_f64().unwrap());
    assert_eq!(body["reasons"], json!([]));

    let mut above = customer_a();
    above["requested_amount"] = json!(48000.0);
    let body: Value = post(&s, "/api/credit/analyze", &above)
        .await
        .json()
        .await
        .unwrap();
    let reasons = body["reasons"].as_array().unwrap();
    assert!(!reasons.is_empty() && reasons.len() <= 4, "{body}");
    assert_eq!(reasons[0]["code"], "LIMIT_AMOUNT_ABOVE_LIMIT");
    assert_eq!(reasons[0]["value"], 48000.0);
    for r in reasons {
        for key in ["code", "stage", "text_pt", "text_en"] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn analyze_rejects_customer_e_at_the_persona_filter() {
    let s = server().await;
    let mut req = customer_a();
    req["customer_profile"]["income"] = json!(3000.0);
    req["customer_profile"]["employment_status"] = json!("unemployed");
    req["customer_profile"]["credit_score"] = json!(900);
    let body: Value = post(&s, "/api/credit/analyze", &req)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["approval_status"], "rejected");
    assert_eq!(body["rejection_reason"], "persona_filter");
    assert!(body["credit_limit"].is_null());
    s.stop().await.unwrap();
}

#[tokio::test]
async fn analyze_names_every_invalid_field() {
    let s = server().await;
    let mut req = customer_a();
    req["customer_profile"]["age"] = json!(17);
    req["customer_profile"]["employment_status"] = json!("student");
    req["customer_profile"]["debt_to_income_ratio"] = json!(1.5);
    req["requested_installments"] = json!(0);
    req["surprise"] = json!(true);
    let r = post(&s, "/api/credit/analyze", &req).await;
    assert_eq!(r.status(), 422);
    let body = error_body(r).await;
    let fields = field_names(&body);
    for expected in [
        "customer_profile.age",
        "customer_profile.employment_status",
        "customer_profile.debt_to_income_ratio",
        "requested_installments",
        "surprise",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} missing in {body}"
        );
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn analyze_bad_bodies_are_4xx_json() {
    let s = server().await;
    let cases: [(&[u8], u16); 6] = [
        (b"{", 400),
        (b"", 400),
        (b"\xff\xfe{}", 400),
        (b"[]", 422),
        (b"{}", 422),
        (b"{\"requested_amount\": 1e999}", 422),
    ];
    for (bytes, status) in cases {
        let r = post_bytes(
            &s,
            "/api/credit/analyze",
            Some("application/json"),
            bytes.to_vec(),
        )
        .await;
        assert_eq!(
            r.status().as_u16(),
            status,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        error_body(r).await;
    }
    let r = post_bytes(&s, "/api/credit/analyze", None, customer_a().to_string()).await;
    assert_eq!(r.status(), 415);
    let r = client()
        .get(s.url("/api/credit/analyze"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    error_body(r).await;
    s.stop().await.unwrap();
}

#[tokio::test]
async fn message_with_cluster_follows_the_policy() {
    let s = server().await;
    let r = post(&s, "/gerar-mensagem", &message_body()).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["cluster"], 2);
    assert_eq!(body["perfil_risco"], "Risco recorrente / Pagador irregular");
    assert_eq!(body["canal"], "WhatsApp");
    assert_eq!(body["objetivo"], "Negociação ativa");
    assert_eq!(body["fonte"], "template");
    assert!(!body["mensagem"].as_str().unwrap().is_empty());
    assert!(body["tom"].is_string() && body["acao_recomendada"].is_string());
    s.stop().await.unwrap();
}

#[tokio::test]
async fn message_without_cluster_is_segmented_by_the_model() {
    let s = server().await;
    let mut low = message_body();
    low.as_object_mut().unwrap().remove("cluster");
    low["score_gravidade"] = json!(0.0);
    low["freq_atrasos"] = json!(0);
    low["razao_pagamento_6m"] = json!(1.0);
    low["taxa_uso_limite"] = json!(0.05);
    low["limite_credito"] = json!(500000);
    let mut high = low.clone();
    high["score_gravidade"] = json!(200.0);
    high["freq_atrasos"] = json!(6);
    high["razao_pagamento_6m"] = json!(0.0);
    high["taxa_uso_limite"] = json!(1.2);
    high["limite_credito"] = json!(10000);
    let low: Value = post(&s, "/gerar-mensagem", &low)
        .await
        .json()
        .await
        .unwrap();
    let high: Value = post(&s, "/gerar-mensagem", &high)
        .await
        .json()
        .await
        .unwrap();
    let (lo, hi) = (
        low["cluster"].as_u64().unwrap(),
        high["cluster"].as_u64().unwrap(),
    );
    assert!(lo <= 3 && hi <= 3);
    assert!(
        lo < hi,
        "a clean account ({lo}) must rank below a critical one ({hi})"
    );
    s.stop().await.unwrap();
}

#[tokio::test]
async fn message_invalid_fields_are_422() {
    let s = server().await;
    let body = json!({"score_gravidade": "alto", "freq_atrasos": 1, "razao_pagamento_6m": 2.0,
        "taxa_uso_limite": 0.5, "cluster": 7, "canal_preferido": "fax"});
    let r = post(&s, "/gerar-mensagem", &body).await;
    assert_eq!(r.status(), 422);
    let body = error_body(r).await;
    let fields = field_names(&body);
    for f in [
        "score_gravidade",
        "razao_pagamento_6m",
        "limite_credito",
        "cluster",
        "canal_preferido",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing in {body}");
    }
    let r = post_bytes(
        &s,
        "/gerar-mensagem",
        Some("application/json"),
        "{\"score_gravidade\": ",
    )
    .await;
    assert_eq!(r.status(), 400);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn openapi_is_3_1_and_docs_are_served_locally() {
    let s = server().await;
    let doc: Value = client()
        .get(s.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/credit/analyze",
        "/api/credit/products",
        "/api/credit/policy",
        "/api/credit/health",
        "/gerar-mensagem",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    for name in [
        "ErrorBody",
        "CreditRequest",
        "CustomerProfile",
        "CreditAnalysis",
        "RiskAssessment",
        "MessageRequest",
        "MessageResponse",
        "Health",
        "ProductList",
    ] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
    let required: Vec<&str> = schemas["CreditRequest"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(required.contains(&"customer_profile") && !required.contains(&"request_id"));
    assert!(schemas["CreditAnalysis"]["properties"]["approval_status"].is_object());
    std::fs::write(
        std::env::temp_dir().join("credito-openapi.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();

    let r = client().get(s.url("/docs/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.to_lowercase().contains("swagger"));
    assert!(
        !html.contains("https://"),
        "docs page must not load from a CDN"
    );
    // The page's own assets come from the binary.
    let r = client()
        .get(s.url("/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = client()
        .get(s.url("/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("/openapi.json"));
    s.stop().await.unwrap();
}

#[tokio::test]
async fn auth_protects_every_data_endpoint_but_not_health_or_docs() {
    let http = HttpSettings::default().with_token(Some("secret-token".into()));
    let s = TestServer::start(default_app(http)).await;
    for path in ["/docs/", "/docs/index.html", "/openapi.json"] {
        let r = client().get(s.url(path)).send().await.unwrap();
        assert_eq!(
            r.status(),
            200,
            "{path} opens in a browser without the token"
        );
    }
    for (method, path) in [
        ("POST", "/api/credit/analyze"),
        ("GET", "/api/credit/products"),
        ("GET", "/api/credit/policy"),
        ("POST", "/gerar-mensagem"),
        ("GET", "/docsx"),
        ("GET", "/api/credit/health/../products"),
    ] {
        let req = match method {
            "POST" => client().post(s.url(path)).json(&customer_a()),
            _ => client().get(s.url(path)),
        };
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
        error_body(r).await;
    }
    let r = client()
        .get(s.url("/api/credit/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(!r.text().await.unwrap().contains("secret-token"));
    let r = client()
        .post(s.url("/api/credit/analyze"))
        .bearer_auth("secret-token")
        .json(&customer_a())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    s.stop().await.unwrap();
}

#[tokio::test]
async fn many_concurrent_requests_all_succeed() {
    let s = server().await;
    let c = client();
    let mut tasks = Vec::new();
    for i in 0..400 {
        let c = c.clone();
        let (url, body) = if i % 2 == 0 {
            (s.url("/api/credit/analyze"), customer_a())
        } else {
            (s.url("/gerar-mensagem"), message_body())
        };
        tasks.push(tokio::spawn(async move {
            c.post(url)
                .json(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 200);
    }
    s.stop().await.unwrap();
}

#[tokio::test]
async fn the_served_contract_carries_every_rule_and_its_examples_succeed() {
    let s = server().await;
    let doc: Value = client()
        .get(s.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    let profile = &schemas["CustomerProfile"]["properties"];
    assert_eq!(profile["age"]["minimum"], 18);
    assert_eq!(profile["age"]["maximum"], 100);
    assert_eq!(profile["income"]["maximum"], 100_000_000.0);
    assert_eq!(schemas["CustomerProfile"]["additionalProperties"], false);
    let request = &schemas["CreditRequest"]["properties"];
    assert_eq!(request["requested_amount"]["exclusiveMinimum"], 0.0);
    assert_eq!(request["requested_installments"]["minimum"], 1);
    let message = &schemas["MessageRequest"]["properties"];
    assert_eq!(message["cluster"]["maximum"], 3, "from the loaded policy");
    let channels = message["canal_preferido"]["enum"].as_array().unwrap();
    assert!(channels.contains(&json!("WhatsApp")) && channels.contains(&Value::Null));
    assert_eq!(message["taxa_uso_limite"]["maximum"], 1.5);
    for (path, codes) in [
        (
            "/api/credit/analyze",
            &[
                "200", "400", "401", "404", "405", "408", "413", "415", "422",
            ][..],
        ),
        (
            "/gerar-mensagem",
            &["200", "400", "401", "408", "413", "415", "422"][..],
        ),
        (
            "/api/credit/products",
            &["200", "401", "404", "405", "408"][..],
        ),
    ] {
        let op = doc["paths"][path]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap();
        for code in codes {
            assert!(op["responses"][code].is_object(), "{path} documents {code}");
        }
    }
    for (path, schema) in [
        ("/api/credit/analyze", "CreditRequest"),
        ("/gerar-mensagem", "MessageRequest"),
    ] {
        let example = &schemas[schema]["example"];
        assert!(example.is_object(), "{schema} has an example");
        let r = post(&s, path, example).await;
        assert_eq!(r.status(), 200, "the {schema} example succeeds unchanged");
    }
    s.stop().await.unwrap();
}
