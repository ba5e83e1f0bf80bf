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
