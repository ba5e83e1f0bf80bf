//! Integration tests of credito-collections: the shipped model, segment
//! validation that follows the loaded policy, failures that name the field.

use std::sync::Arc;

use collection_policy::{CollectionPolicy, PolicyDocument, PolicyTable, DEFAULT_POLICY_TOML};
use credito_collections::{shipped_segmentation, MessageFailure, MessageService};
use serde_json::{json, Value};

fn body(cluster: Option<u64>) -> Value {
    let mut v = json!({"score_gravidade": 5.6, "freq_atrasos": 1.2, "razao_pagamento_6m": 0.08,
        "taxa_uso_limite": 0.74, "limite_credito": 80000, "canal_preferido": "WhatsApp"});
    if let Some(c) = cluster {
        v["cluster"] = c.into();
    }
    v
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The seed's policy without segment 2 (3 becomes 2): three segments.
fn three_segment_policy() -> Arc<dyn CollectionPolicy> {
    let mut doc: PolicyDocument = toml::from_str(DEFAULT_POLICY_TOML).unwrap();
    doc.segments.retain(|s| s.segment != 2);
    for s in &mut doc.segments {
        if s.segment == 3 {
            s.segment = 2;
        }
    }
    doc.version = "three-segments".into();
    // Without templates of its own, the policy uses the shipped ones by treatment family.
    doc.modelos.clear();
    Arc::new(PolicyTable::from_document(doc).unwrap())
}

#[test]
fn the_shipped_model_parses_and_assigns_every_segment_of_the_seed_policy() {
    let model = shipped_segmentation().unwrap();
    assert_eq!(model.k(), 4);
}

#[test]
fn a_missing_cluster_is_assigned_by_the_model_and_reported() {
    let service = MessageService::offline(Some(Arc::new(shipped_segmentation().unwrap())));
    let handled = run(service.handle(&body(None))).unwrap();
    assert!(handled.segment_inferred);
    assert!(handled.response.cluster <= 3);
    let given = run(service.handle(&body(Some(1)))).unwrap();
    assert!(!given.segment_inferred);
    assert_eq!(given.response.cluster, 1);
}

#[test]
fn the_segment_range_is_the_loaded_policys() {
    let policy = three_segment_policy();
    let generator = Arc::new(llm_messaging::TemplateGenerator::new(Arc::clone(&policy)));
    let service = MessageService::new(None, policy, generator, None);
    assert_eq!(
        run(service.handle(&body(Some(2))))
            .unwrap()
            .response
            .cluster,
        2
    );
    match run(service.handle(&body(Some(3)))) {
        Err(MessageFailure::Invalid(fields)) => {
            assert_eq!(fields[0].field, "cluster");
            assert!(fields[0].message.contains("0..=2"), "{}", fields[0].message);
        }
        other => panic!("expected a cluster error, got {other:?}"),
    }
    // The seed's four segments accept 3.
    let seed = MessageService::offline(None);
    assert_eq!(
        run(seed.handle(&body(Some(3)))).unwrap().response.cluster,
        3
    );
}

#[test]
fn without_a_model_a_missing_cluster_is_a_cluster_error() {
    let service = MessageService::offline(None);
    let failure = run(service.handle(&body(None))).unwrap_err();
    let fields = failure.fields();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field, "cluster");
    assert!(fields[0].message.contains("is required"));
}

/// The shipped UCI portfolio, as signals.
fn shipped_signals() -> Vec<risk_features::RiskSignals> {
    use risk_features::FeatureExtractor;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/uci_credit_card_default.csv.gz"
    );
    let extractor = risk_features::UciSignals;
    risk_features::open(path)
        .unwrap()
        .map(|h| extractor.extract(&h.unwrap()))
        .collect()
}

/// Words that say something is owed or offer a way out of a debt.
const OVERDUE_WORDS: [&str; 8] = [
    "em aberto",
    "atraso",
    "vencid",
    "dívida",
    "acordo",
    "parcelamento",
    "regulariz",
    "pendên",
];

/// §1's hard rules on every client of the shipped data, through the service as a caller
/// reaches it (no cluster given: the shipped model assigns it).
#[test]
fn hard_rules_hold_for_every_client_of_the_shipped_portfolio() {
    let service = MessageService::offline(Some(Arc::new(shipped_segmentation().unwrap())));
    let signals = shipped_signals();
    assert_eq!(signals.len(), 30_000);
    let (mut never_late, mut recurrent, mut severe) = (0, 0, 0);
    run(async {
        for (i, s) in signals.iter().enumerate() {
            let canal = ["WhatsApp", "SMS", "Email", "telefone"][i % 4];
            let body = json!({"score_gravidade": s.score_gravidade, "freq_atrasos": s.freq_atrasos,
                "razao_pagamento_6m": s.razao_pagamento_6m, "taxa_uso_limite": s.taxa_uso_limite,
                "limite_credito": s.limite_credito, "canal_preferido": canal});
            let r = service.handle(&body).await.unwrap().response;
            assert!(r.violations.is_empty(), "client {i}: {:?}", r.violations);
            if s.freq_atrasos == 0.0 {
                never_late += 1;
                let estado = r.estado.as_deref().unwrap();
                assert!(
                    ["em_dia", "inativo"].contains(&estado),
                    "client {i}: {estado}"
                );
                let text = r.mensagem.to_lowercase();
                for word in OVERDUE_WORDS {
                    assert!(
                        !text.contains(word),
                        "client {i} never late told {word:?}: {text}"
                    );
                }
                let action = r.acao_recomendada.to_lowercase();
                assert!(
                    !action.contains("acordo") && !action.contains("parcel"),
                    "{action}"
                );
            }
            if s.freq_atrasos >= 3.0 {
                recurrent += 1;
                assert!(
                    r.cluster >= 1,
                    "client {i} late {} months in segment 0",
                    s.freq_atrasos
                );
            }
            if s.freq_atrasos >= 4.0 {
                severe += 1;
                assert_eq!(
                    r.cluster, 3,
                    "client {i} severe not handled as the highest risk"
                );
                assert_eq!(r.estado.as_deref(), Some("grave"));
                assert_eq!(r.canal, collection_policy::Canal::Telefone);
            }
        }
    });
    // The shipped data has all three kinds of client in number.
    assert!(never_late > 19_000, "{never_late}");
    assert!(recurrent > 1_000, "{recurrent}");
    assert!(severe > 500, "{severe}");
}

#[test]
fn a_never_late_client_offered_an_agreement_by_the_model_is_an_untrue_claim() {
    use llm_messaging::{Guard, GuardRule};
    let policy = PolicyTable::seed();
    let state = collection_policy::ClientState::EmDia;
    let decision = policy.decide_for_state(2, state, None).unwrap();
    assert!(!decision.overdue_allowed);
    let v = Guard.check(
        "Olá! Podemos montar com você um parcelamento ou um acordo.",
        &decision,
    );
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, GuardRule::UntrueClaim);
    // The same words are fine for a client late now.
    let late = policy
        .decide_for_state(2, collection_policy::ClientState::AtrasoPontual, None)
        .unwrap();
    assert!(Guard
        .check(
            "Olá! Podemos montar com você um parcelamento ou um acordo.",
            &late
        )
        .is_empty());
}

/// The shipped policy's profile names are the naming rule applied to the shipped model.
#[test]
fn shipped_profile_names_follow_the_behaviour_of_the_shipped_segments() {
    let model = shipped_segmentation().unwrap();
    let names = segmentation::name_segments(&model.metrics.means).unwrap();
    let policy = PolicyTable::seed();
    for (segment, name) in names.iter().enumerate() {
        let decision = policy.decide(segment as u8, None).unwrap();
        assert_eq!(decision.perfil_risco, name.to_string(), "segment {segment}");
    }
}
