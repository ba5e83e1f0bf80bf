//! The language-model generator against a local OpenAI-compatible server speaking the real
//! protocol: success, retries, faults, guard fallbacks, concurrency and the request it sends.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{FakeProvider, Reply};
use collection_policy::{Canal, PolicyTable};
use llm_messaging::{
    ApiKey, ChatClient, Fonte, GuardRule, LlmConfig, LlmError, LlmGenerator, MessageGenerator,
    MessageInput, MessageOutcome, MessageRequest,
};
use serde_json::json;

const GOOD: &str = "Olá! Sabemos que imprevistos acontecem. Podemos combinar um parcelamento que caiba no seu orçamento. Responda esta mensagem para conversarmos.";

fn config(base_url: &str, timeout_ms: u64) -> LlmConfig {
    let mut c = LlmConfig::new(base_url, "test-model", Some(ApiKey::new("sk-test-123")))
        .with_timeout(Duration::from_millis(timeout_ms));
    c.backoff_base = Duration::from_millis(20);
    c
}

fn generator(config: LlmConfig, policy: PolicyTable) -> LlmGenerator {
    LlmGenerator::new(ChatClient::new(config).unwrap(), Arc::new(policy))
}

fn input(cluster: u8, canal: Option<&str>) -> MessageInput {
    let body = json!({
        "score_gravidade": 5.64, "freq_atrasos": 1.2, "razao_pagamento_6m": 0.08,
        "taxa_uso_limite": 0.74, "limite_credito": 80000, "cluster": cluster,
        "canal_preferido": canal, "customer_id": "CUST-98765", "nome": "Maria Teixeira",
        "cpf": "123.456.789-09"
    });
    MessageRequest::from_json(&body)
        .unwrap()
        .into_input()
        .unwrap()
}

async fn run(
    provider: &FakeProvider,
    timeout_ms: u64,
    cluster: u8,
    canal: Option<&str>,
) -> MessageOutcome {
    generator(config(&provider.base_url, timeout_ms), PolicyTable::seed())
        .generate(&input(cluster, canal))
        .await
        .unwrap()
}

#[tokio::test]
async fn success_uses_model_text_and_sends_the_contract() {
    let provider = FakeProvider::start(vec![], Reply::content(GOOD)).await;
    let out = run(&provider, 2000, 2, Some("WhatsApp")).await;
    assert_eq!(out.response.fonte, Fonte::Llm);
    assert!(out.response.mensagem.starts_with(GOOD));
    assert!(out.response.mensagem.ends_with("responda SAIR."));
    assert!(out.response.violations.is_empty());
    assert_eq!(out.response.canal, Canal::WhatsApp);
    assert_eq!(out.response.cluster, 2);
    assert_eq!(out.response.objetivo, "Negociação ativa");
    assert_eq!(out.llm_error, None);

    let received = provider.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.path, "/chat/completions");
    assert_eq!(r.authorization.as_deref(), Some("Bearer sk-test-123"));
    assert_eq!(r.body["model"], "test-model");
    assert_eq!(r.body["temperature"].as_f64().unwrap(), 0.4);
    assert_eq!(r.body["max_tokens"], 200);
    assert_eq!(r.body["messages"][0]["role"], "system");
    assert_eq!(r.body["messages"][1]["role"], "user");
    let user = r.body["messages"][1]["content"].as_str().unwrap();
    assert!(user.contains("Gravidade dos atrasos: 5.6\n"), "{user}");
    assert!(user.contains("Pago nos últimos 6 meses: 8%"), "{user}");
    assert!(user.contains("Uso do limite: 74%"), "{user}");
    assert!(user.contains("Risco recorrente / Pagador irregular"));
    for personal in [
        "CUST-98765",
        "Maria",
        "Teixeira",
        "123.456.789",
        "80000",
        "80.000",
    ] {
        assert!(!r.raw.contains(personal), "{personal} leaked: {}", r.raw);
    }
}

#[tokio::test]
async fn base_url_with_v1_path_and_no_key() {
    let provider = FakeProvider::start(vec![], Reply::content(GOOD)).await;
    let cfg = LlmConfig::new(format!("{}/v1/", provider.base_url), "local", None);
    let out = generator(cfg, PolicyTable::seed())
        .generate(&input(2, None))
        .await
        .unwrap();
    assert_eq!(out.response.fonte, Fonte::Llm);
    let r = &provider.received()[0];
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(r.authorization, None);
}

#[tokio::test]
async fn rate_limit_with_retry_after_then_success() {
    let provider = FakeProvider::start(vec![Reply::rate_limited("1")], Reply::content(GOOD)).await;
    let out = run(&provider, 3000, 2, None).await;
    assert_eq!(out.response.fonte, Fonte::Llm);
    assert_eq!(provider.count(), 2);
}

#[tokio::test]
async fn retry_after_beyond_cap_stops_retrying() {
    let provider =
        FakeProvider::start(vec![Reply::rate_limited("120")], Reply::content(GOOD)).await;
    let out = run(&provider, 3000, 1, None).await;
    assert_eq!(out.response.fonte, Fonte::Template);
    assert_eq!(
        out.llm_error,
        Some(LlmError::RateLimited {
            retry_after_secs: Some(120)
        })
    );
    assert_eq!(provider.count(), 1);
}

#[tokio::test]
async fn repeated_server_errors_fall_back_after_three_attempts() {
    let provider = FakeProvider::start(vec![], Reply::status(500)).await;
    let out = run(&provider, 2000, 1, None).await;
    assert_eq!(out.response.fonte, Fonte::Template);
    assert!(out.response.violations.is_empty());
    assert_eq!(out.llm_error, Some(LlmError::Server { status: 500 }));
    assert_eq!(provider.count(), 3);
    assert!(out.response.mensagem.contains("em aberto"));
}

#[tokio::test]
async fn a_server_error_then_success_is_retried() {
    let provider = FakeProvider::start(
        vec![Reply::status(503), Reply::status(502)],
        Reply::content(GOOD),
    )
    .await;
    let out = run(&provider, 2000, 2, None).await;
    assert_eq!(out.response.fonte, Fonte::Llm);
    assert_eq!(provider.count(), 3);
}

#[tokio::test]
async fn slow_response_times_out_within_the_deadline() {
    let provider = FakeProvider::start(
        vec![],
        Reply::slow(Duration::from_secs(30), Reply::content(GOOD)),
    )
    .await;
    let started = Instant::now();
    let out = run(&provider, 300, 0, None).await;
    assert_eq!(out.response.fonte, Fonte::Template);
    assert!(
        matches!(out.llm_error, Some(LlmError::Timeout { .. })),
        "{:?}",
        out.llm_error
    );
    assert!((1..=3).contains(&provider.count()));
    // The 30 s reply was not awaited (deadline = 2 × 300 ms).
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn malformed_json_is_a_typed_error() {
    let provider = FakeProvider::start(vec![], Reply::Raw("{\"choices\": [".into())).await;
    let out = run(&provider, 2000, 0, None).await;
    assert_eq!(out.response.fonte, Fonte::Template);
    assert!(matches!(out.llm_error, Some(LlmError::Malformed { .. })));
    assert_eq!(provider.count(), 1, "malformed responses are not retried");

    let huge = format!(
        "{{\"choices\": [{{\"message\": {{\"content\": \"{}\"}}}}]}}",
        "a".repeat(2 << 20)
    );
    let provider = FakeProvider::start(vec![], Reply::Raw(huge)).await;
    let out = run(&provider, 5000, 0, None).await;
    assert!(
        matches!(out.llm_error, Some(LlmError::Malformed { .. })),
        "{:?}",
        out.llm_error
    );
    assert_eq!(out.response.fonte, Fonte::Template);

    let provider = FakeProvider::start(vec![], Reply::Raw("{\"choices\": []}".into())).await;
    let out = run(&provider, 2000, 0, None).await;
    assert!(matches!(out.llm_error, Some(LlmError::Malformed { .. })));
}

#[tokio::test]
async fn empty_content_is_a_typed_error() {
    for reply in [
        Reply::content(""),
        Reply::content("  \n "),
        Reply::NullContent,
    ] {
        let provider = FakeProvider::start(vec![], reply).await;
        let out = run(&provider, 2000, 1, None).await;
        assert_eq!(out.response.fonte, Fonte::Template);
        assert_eq!(out.llm_error, Some(LlmError::EmptyContent));
        assert!(!out.response.mensagem.is_empty());
    }
}

#[tokio::test]
async fn unauthorized_is_a_typed_auth_error_not_retried() {
    let provider = FakeProvider::start(vec![], Reply::status(401)).await;
    let out = run(&provider, 2000, 0, None).await;
    assert_eq!(out.llm_error, Some(LlmError::Auth { status: 401 }));
    assert_eq!(out.response.fonte, Fonte::Template);
    assert_eq!(provider.count(), 1);
    // The client's error path directly, too.
    let client = ChatClient::new(config(&provider.base_url, 2000)).unwrap();
    let prompt = llm_messaging::Prompt {
        system: "s".into(),
        user: "u".into(),
    };
    assert_eq!(
        client.complete(&prompt).await,
        Err(LlmError::Auth { status: 401 })
    );
    // The key never shows in Debug output.
    assert!(!format!("{client:?}").contains("sk-test-123"));
}

#[tokio::test]
async fn unreachable_provider_falls_back() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cfg = config(&format!("http://127.0.0.1:{port}"), 500);
    let out = generator(cfg, PolicyTable::seed())
        .generate(&input(1, None))
        .await
        .unwrap();
    assert_eq!(out.response.fonte, Fonte::Template);
    assert!(matches!(
        out.llm_error,
        Some(LlmError::Transport { .. }) | Some(LlmError::Timeout { .. })
    ));
}

/// Each guard rule, broken by the model, replaces its text with the template and lists why.
#[tokio::test]
async fn guard_violations_fall_back_to_template() {
    let long_sms = "Olá! ".repeat(40);
    let cases: Vec<(&str, u8, Option<&str>, GuardRule)> = vec![
        (
            "Pague hoje ou chamaremos a POLÍCIA.",
            1,
            None,
            GuardRule::Threat,
        ),
        (
            "Se não pagar, vamos sujar seu nome na praça.",
            1,
            None,
            GuardRule::CreditBureau,
        ),
        (
            "Entraremos com uma ação judicial contra você.",
            2,
            None,
            GuardRule::Threat,
        ),
        (
            "Vamos avisar seu empregador e sua família sobre a dívida.",
            2,
            None,
            GuardRule::ThirdParty,
        ),
        (
            "Pay now or we will file a lawsuit and tell your employer.",
            1,
            None,
            GuardRule::Threat,
        ),
        (
            "Você é um caloteiro, que vergonha.",
            1,
            None,
            GuardRule::Shaming,
        ),
        (
            "Seu score de gravidade indica risco crítico.",
            2,
            None,
            GuardRule::InternalTerm,
        ),
        (
            "Você está no cluster 2 do nosso modelo.",
            2,
            None,
            GuardRule::InternalTerm,
        ),
        (
            "Quite hoje com 50% de desconto!",
            2,
            None,
            GuardRule::UnauthorisedDiscount,
        ),
        (
            "Parcelamos sem juros e com isenção de multa.",
            2,
            None,
            GuardRule::UnauthorisedDiscount,
        ),
        (long_sms.as_str(), 1, Some("SMS"), GuardRule::TooLong),
    ];
    for (text, cluster, canal, rule) in cases {
        let provider = FakeProvider::start(vec![], Reply::content(text)).await;
        let out = run(&provider, 2000, cluster, canal).await;
        assert_eq!(out.response.fonte, Fonte::Template, "{text}");
        assert!(
            out.response.violations.iter().any(|v| v.rule == rule),
            "{text}: {:?}",
            out.response.violations
        );
        assert_ne!(out.response.mensagem, text);
        assert_eq!(out.llm_error, None);
        let serialised = serde_json::to_value(&out.response).unwrap();
        assert_eq!(serialised["fonte"], "template");
        assert!(!serialised["violations"].as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn authorised_discount_passes_up_to_its_percentage() {
    let doc = include_str!("../../../docs/messaging.md");
    let start = doc.find("```toml\n").unwrap() + 8;
    let end = start + doc[start..].find("```").unwrap();
    let policy = PolicyTable::from_toml_str(&doc[start..end]).unwrap();
    for (text, allowed) in [
        (
            "Olá! Podemos fechar um acordo com 10% de desconto à vista. Responda esta mensagem.",
            true,
        ),
        (
            "Olá! Podemos fechar um acordo com 30% de desconto à vista. Responda esta mensagem.",
            false,
        ),
        (
            "Olá! Podemos fechar um acordo com abatimento da dívida. Responda esta mensagem.",
            false,
        ),
    ] {
        let provider = FakeProvider::start(vec![], Reply::content(text)).await;
        let out = generator(config(&provider.base_url, 2000), policy.clone())
            .generate(&input(2, None))
            .await
            .unwrap();
        assert_eq!(
            out.response.fonte == Fonte::Llm,
            allowed,
            "{text}: {:?}",
            out.response.violations
        );
        assert_eq!(out.decision.policy_version, "2025-03-cooperativa");
    }
    // The prompt tells the model what is authorised.
    let provider = FakeProvider::start(vec![], Reply::content(GOOD)).await;
    generator(config(&provider.base_url, 2000), policy)
        .generate(&input(2, None))
        .await
        .unwrap();
    let user = provider.received()[0].body["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(user.contains("desconto até 10%"), "{user}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_messages() {
    let provider = FakeProvider::start(
        vec![Reply::status(500), Reply::rate_limited("0")],
        Reply::slow(Duration::from_millis(20), Reply::content(GOOD)),
    )
    .await;
    let generator = Arc::new(generator(
        config(&provider.base_url, 5000),
        PolicyTable::seed(),
    ));
    let tasks: Vec<_> = (0..100u32)
        .map(|i| {
            let g = generator.clone();
            tokio::spawn(async move { g.generate(&input((i % 3) as u8, None)).await.unwrap() })
        })
        .collect();
    let mut llm = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        let out = t.await.unwrap();
        assert_eq!(out.response.cluster, (i % 3) as u8);
        if out.response.fonte == Fonte::Llm {
            llm += 1;
        }
    }
    assert_eq!(llm, 100);
    assert_eq!(provider.count(), 102);
}
