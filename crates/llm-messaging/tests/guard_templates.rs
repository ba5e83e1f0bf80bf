//! The guard's rules on their own, the templates against the guard, and request validation.

use collection_policy::{Canal, ClientState, CollectionPolicy, MessageFacts, PolicyTable};
use llm_messaging::{
    max_chars, Guard, GuardRule, Known, MessageGenerator, MessageRequest, TemplateGenerator,
};
use proptest::prelude::*;
use serde_json::json;

fn rules(text: &str, segment: u8, canal: Option<Canal>) -> Vec<GuardRule> {
    let d = PolicyTable::seed().decide(segment, canal).unwrap();
    Guard.check(text, &d).into_iter().map(|v| v.rule).collect()
}

/// Every message the shipped policy can write, for every segment × state × preferred channel,
/// with no facts and with every fact, as the service sends it.
fn every_shipped_message() -> Vec<(String, collection_policy::PolicyDecision, MessageFacts)> {
    let policy = PolicyTable::seed();
    let full = MessageFacts::default()
        .with_nome("Ana")
        .and_then(|f| f.with_valor_em_aberto(1234.56))
        .and_then(|f| f.with_dias_em_atraso(12))
        .and_then(|f| f.with_vencimento("2026-12-10"))
        .and_then(|f| f.with_codigo_acordo("AC-2026-77"))
        .unwrap();
    let mut out = Vec::new();
    for segment in 0..4u8 {
        for state in ClientState::ALL {
            for preferred in std::iter::once(None).chain(Canal::ALL.map(Some)) {
                let d = policy.decide_for_state(segment, state, preferred).unwrap();
                for facts in [MessageFacts::default(), full.clone()] {
                    let text = policy.render_message(&d, &facts).unwrap();
                    out.push((text, d.clone(), facts));
                }
            }
        }
    }
    out
}

#[test]
fn every_template_passes_the_guard_for_every_segment_state_and_channel() {
    let policy = PolicyTable::seed();
    let creditor = policy.templates().credor.clone();
    for (text, d, facts) in every_shipped_message() {
        assert!(text.chars().count() <= max_chars(d.canal), "{text}");
        let v = Guard.check_for(&text, &d, Known::client(&facts, creditor.as_ref()));
        assert!(v.is_empty(), "{text}: {v:?}");
        // The creditor is identified in every message (CDC art. 42-A).
        assert!(text.contains("11.222.333/0001-81"), "{text}");
        if d.canal != Canal::Telefone {
            assert!(
                text.contains("SAIR") || text.contains("DESCADASTRAR"),
                "{text}"
            );
        }
        if let Some(nome) = facts.nome.as_ref().filter(|_| d.canal != Canal::Sms) {
            assert!(text.contains(nome.as_str()), "{text}");
        }
    }
}

#[test]
fn templates_follow_tone_action_and_state() {
    for (text, d, facts) in every_shipped_message() {
        if d.canal == Canal::Telefone {
            assert!(text.starts_with("Roteiro de ligação"), "{text}");
        }
        if d.human_escalation {
            assert!(text.contains("atendimento humano"), "{text}");
        }
        if d.estado == Some(ClientState::Inativo) {
            assert!(
                text.contains("sem fatura")
                    || text.contains("não há fatura")
                    || text.contains("nenhuma fatura"),
                "{text}"
            );
        }
        if d.treatment_segment == 2 && d.overdue_allowed {
            assert!(text.contains("parcelamento"), "{text}");
            if let Some(code) = &facts.codigo_acordo {
                assert!(
                    d.canal == Canal::Telefone || text.contains(code.as_str()),
                    "{text}"
                );
            }
        }
    }
}

#[test]
fn the_model_sees_placeholders_and_the_client_gets_facts() {
    let policy = PolicyTable::seed();
    let d = policy
        .decide_for_state(2, ClientState::AtrasoPontual, Some(Canal::WhatsApp))
        .unwrap();
    let facts = MessageFacts::default()
        .with_nome("Ana")
        .and_then(|f| f.with_valor_em_aberto(356_031.35))
        .unwrap();
    let creditor = policy.templates().credor.clone();
    let known = Known::client(&facts, creditor.as_ref());
    let signals = llm_messaging::Signals {
        score_gravidade: 4.0,
        freq_atrasos: 1.0,
        razao_pagamento_6m: 0.2,
        taxa_uso_limite: 0.5,
        limite_credito: 1000.0,
    };
    let prompt = llm_messaging::build_prompt(&d, &signals, &facts);
    assert!(prompt.user.contains("{nome}") && prompt.user.contains("{valor_em_aberto}"));
    assert!(!prompt.user.contains("Ana") && !prompt.user.contains("356"));
    assert!(!prompt.user.contains("{codigo_acordo}"));
    let draft = "Olá, {nome}! Vamos montar um parcelamento para o valor de {valor_em_aberto}?";
    let filled = collection_policy::fill_placeholders(draft, &facts, creditor.as_ref());
    assert_eq!(
        filled,
        "Olá, Ana! Vamos montar um parcelamento para o valor de R$ 356.031,35?"
    );
    assert!(Guard.check_for(&filled, &d, known).is_empty());
    let rules_of = |text: &str| -> Vec<GuardRule> {
        Guard
            .check_for(text, &d, known)
            .into_iter()
            .map(|v| v.rule)
            .collect()
    };
    // Another amount, another name, a placeholder the request did not fill, a phone.
    assert_eq!(
        rules_of("Olá, Ana! O valor é R$ 200,00."),
        [GuardRule::PersonalData]
    );
    assert_eq!(
        rules_of("Olá, Maria! Podemos conversar?"),
        [GuardRule::PersonalData]
    );
    assert_eq!(
        rules_of("Olá, Ana! Use o código {codigo_acordo}."),
        [GuardRule::Placeholder]
    );
    assert_eq!(
        rules_of("Olá, Ana! Ligue (11) 98765-4321."),
        [GuardRule::PersonalData]
    );
    // The creditor's own numbers are not personal data.
    assert!(rules_of("Credito Exemplo S.A. · CNPJ 11.222.333/0001-81").is_empty());
}

/// The response keys of the seed's contract.
const SEED_RESPONSE_KEYS: [&str; 9] = [
    "cluster",
    "perfil_risco",
    "canal",
    "tom",
    "objetivo",
    "acao_recomendada",
    "mensagem",
    "fonte",
    "violations",
];

#[tokio::test]
async fn template_generator_is_deterministic_and_follows_policy() {
    let g = TemplateGenerator::default();
    for segment in 0..4u8 {
        for canal in [
            None,
            Some("SMS"),
            Some("telefone"),
            Some("whatsapp"),
            Some("Email"),
        ] {
            let body = json!({"score_gravidade": 1, "freq_atrasos": 1, "razao_pagamento_6m": 0.5,
                "taxa_uso_limite": 0.5, "limite_credito": 1000, "cluster": segment, "canal_preferido": canal});
            let input = MessageRequest::from_json(&body)
                .unwrap()
                .into_input()
                .unwrap();
            let a = g.generate(&input).await.unwrap();
            let b = g.generate(&input).await.unwrap();
            assert_eq!(a, b);
            let expected = llm_messaging::decide(&PolicyTable::seed(), &input).unwrap();
            assert_eq!(a.response.canal, expected.canal);
            assert_eq!(a.response.perfil_risco, expected.perfil_risco);
            assert_eq!(a.response.acao_recomendada, expected.acao_recomendada);
            assert!(a.response.violations.is_empty());
            let json = serde_json::to_value(&a.response).unwrap();
            // The seed's nine keys, plus the state and the inference flag.
            let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
            for key in SEED_RESPONSE_KEYS {
                assert!(keys.iter().any(|k| k == key), "{key} missing in {keys:?}");
            }
            let extra: Vec<_> = keys
                .iter()
                .filter(|k| !SEED_RESPONSE_KEYS.contains(&k.as_str()))
                .collect();
            assert!(
                extra
                    .iter()
                    .all(|k| ["estado", "canal_substituido", "segmento_inferido"]
                        .contains(&k.as_str())),
                "{extra:?}"
            );
            assert_eq!(json["estado"], "atraso_pontual");
            assert_eq!(json["fonte"], "template");
        }
    }
}

#[test]
fn guard_ignores_case_and_accents_and_reads_english() {
    for (text, rule) in [
        ("Chamaremos a POLÍCIA", GuardRule::Threat),
        ("chamaremos a policia", GuardRule::Threat),
        ("Vamos SUJAR SEU NOME", GuardRule::CreditBureau),
        ("Call the police", GuardRule::Threat),
        ("vamos expor você nas redes sociais", GuardRule::ThirdParty),
        ("Última chance!", GuardRule::Abusive),
        ("We will sue you", GuardRule::Threat),
    ] {
        // English texts also break `wrong_language`, after the phrase rule.
        assert_eq!(rules(text, 1, None)[0], rule, "{text}");
    }
    // Obfuscated forms are the same words.
    for text in [
        "Chamaremos a ＰＯＬÍＣＩＡ",
        "Chamaremos a p0l1c1a",
        "Chamaremos a p o l i c i a",
        "Chamaremos a p.o.l.i.c.i.a",
        "Chamaremos a po\u{200B}lí\u{200B}cia",
        "Chamaremos a pol\u{0301}icia",
    ] {
        assert_eq!(rules(text, 1, None), [GuardRule::Threat], "{text}");
    }
    for text in [
        "Seu SCORE caiu",
        "Você foi classificado no segmento 2",
        "Risco Crítico detectado",
        "Nosso modelo indica atraso",
    ] {
        assert_eq!(rules(text, 1, None), [GuardRule::InternalTerm], "{text}");
    }
}

#[test]
fn benign_messages_pass() {
    for text in [
        "Olá! Sua fatura vence amanhã. Pague pelo app com boleto ou Pix.",
        "Olá! Podemos propor um parcelamento que caiba no seu orçamento. Desconsidere se já pagou.",
    ] {
        assert!(
            rules(text, 2, None).is_empty(),
            "{text}: {:?}",
            rules(text, 2, None)
        );
    }
    // Courteous, but not in Portuguese.
    assert_eq!(
        rules(
            "Hello! Your bill is due soon; reply to talk to our team.",
            2,
            None
        ),
        [GuardRule::WrongLanguage]
    );
}

#[test]
fn lengths_are_counted_in_characters() {
    let at_limit = "ç".repeat(160);
    assert!(rules(&at_limit, 1, Some(Canal::Sms)).is_empty());
    assert_eq!(
        rules(&format!("{at_limit}ã"), 1, Some(Canal::Sms)),
        [GuardRule::TooLong]
    );
    assert!(rules(&"a".repeat(600), 3, None).is_empty());
    assert_eq!(rules(&"a".repeat(601), 3, None), [GuardRule::TooLong]);
    assert!(rules(&"a".repeat(1000), 1, Some(Canal::WhatsApp)).is_empty());
    assert!(rules(&"a".repeat(2000), 0, Some(Canal::Email)).is_empty());
    assert_eq!(
        rules(&"a".repeat(2001), 0, Some(Canal::Email)),
        [GuardRule::TooLong]
    );
    assert_eq!(rules("  \n", 0, None), [GuardRule::Empty]);
}

#[test]
fn unauthorised_concessions_in_both_languages() {
    for text in [
        "Ganhe 20% de desconto",
        "Oferecemos abatimento da dívida",
        "Parcele sem juros",
        "Isenção da multa hoje",
        "We can waive interest",
        "Get a discount today",
    ] {
        assert_eq!(
            rules(text, 2, None),
            [GuardRule::UnauthorisedDiscount],
            "{text}"
        );
    }
}

#[test]
fn request_validation_names_every_field() {
    let body = json!({"score_gravidade": -1, "freq_atrasos": 7, "razao_pagamento_6m": 1.01,
        "taxa_uso_limite": 2, "limite_credito": "lots", "cluster": 4, "canal_preferido": "Fax"});
    let err = MessageRequest::from_json(&body).unwrap_err();
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "score_gravidade",
            "freq_atrasos",
            "razao_pagamento_6m",
            "taxa_uso_limite",
            "limite_credito",
            "cluster",
            "canal_preferido"
        ]
    );
    assert!(
        err.to_string()
            .contains("taxa_uso_limite: must be <= 1.5, got 2"),
        "{err}"
    );
    assert!(MessageRequest::from_json(&json!([1])).is_err());

    let ok = json!({"score_gravidade": 0, "freq_atrasos": 0, "razao_pagamento_6m": 1,
        "taxa_uso_limite": 0, "limite_credito": 0, "extra": {"anything": true}});
    let v = MessageRequest::from_json(&ok).unwrap();
    assert_eq!(v.cluster, None);
    let err = v.clone().into_input().unwrap_err();
    assert_eq!(err.fields[0].field, "cluster");
    assert_eq!(v.with_cluster(1).segment, 1);

    let nan = MessageRequest {
        score_gravidade: f64::NAN,
        freq_atrasos: 0.0,
        razao_pagamento_6m: 0.0,
        taxa_uso_limite: f64::INFINITY,
        limite_credito: 0.0,
        cluster: None,
        canal_preferido: None,
        nome: None,
        valor_em_aberto: None,
        dias_em_atraso: None,
        vencimento: None,
        codigo_acordo: None,
    };
    let fields: Vec<_> = nan
        .validate()
        .unwrap_err()
        .fields
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["score_gravidade", "taxa_uso_limite"]);
}

proptest! {
    #[test]
    fn guard_never_panics_and_flags_overlong(text in "\\PC{0,400}", segment in 0u8..4, c in 0usize..4) {
        let canal = Canal::ALL[c];
        let mut d = PolicyTable::seed().decide(segment, None).unwrap();
        d.canal = canal;
        let v = Guard.check(&text, &d);
        let too_long = v.iter().any(|v| v.rule == GuardRule::TooLong);
        prop_assert_eq!(too_long, text.chars().count() > max_chars(canal));
    }

    #[test]
    fn from_json_never_panics(v in proptest::collection::vec(proptest::num::f64::ANY, 5), cl in proptest::option::of(0i64..10)) {
        let body = json!({"score_gravidade": v[0], "freq_atrasos": v[1], "razao_pagamento_6m": v[2],
            "taxa_uso_limite": v[3], "limite_credito": v[4], "cluster": cl});
        let _ = MessageRequest::from_json(&body);
    }
}
