//! Behaviour of the policy table: the seed's values, channel choice, validation messages,
//! JSON/TOML loading and the custom-policy example in `docs/messaging.md`.

use collection_policy::{
    Canal, CollectionPolicy, DiscountKind, PolicyDocument, PolicyError, PolicyTable,
    DEFAULT_POLICY_TOML,
};
use proptest::prelude::*;

fn issues(err: PolicyError) -> Vec<String> {
    match err {
        PolicyError::Invalid { issues } => issues.iter().map(ToString::to_string).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn seed_table_matches_spec() {
    let p = PolicyTable::seed();
    assert_eq!(p.segment_count(), 4);
    let expected = [
        (
            0,
            "Baixo risco / Pressão financeira",
            "Prevenção e educação financeira",
            Canal::Email,
            "Preventivo e cordial",
            "Lembrete + orientação",
        ),
        (
            1,
            "Risco leve / Adimplente resiliente",
            "Regularização pontual",
            Canal::WhatsApp,
            "Objetivo e respeitoso",
            "Aviso de vencimento + CTA simples",
        ),
        (
            2,
            "Risco recorrente / Pagador irregular",
            "Negociação ativa",
            Canal::WhatsApp,
            "Empático e negociador",
            "Proposta de parcelamento / acordo",
        ),
        (
            3,
            "Alto risco / Crítico extremo",
            "Mitigação de perda",
            Canal::Telefone,
            "Firme e direto",
            "Escalonar para atendimento humano",
        ),
    ];
    for (seg, perfil, objetivo, canal, tom, acao) in expected {
        let d = p.decide(seg, None).unwrap();
        assert_eq!(d.segment, seg);
        assert_eq!(d.perfil_risco, perfil);
        assert_eq!(d.objetivo, objetivo);
        assert_eq!(d.canal, canal, "segment {seg}");
        assert_eq!(d.tom, tom);
        assert_eq!(d.acao_recomendada, acao);
        assert_eq!(d.policy_version, "seed-2024.2");
        assert!(!d.instruction.is_empty());
        assert!(d.authorised_discounts.is_empty());
        assert_eq!(d.human_escalation, seg == 3);
    }
    assert!(matches!(
        p.decide(4, None),
        Err(PolicyError::UnknownSegment {
            segment: 4,
            max: 3,
            ..
        })
    ));
}

#[test]
fn preferred_channel_used_only_when_allowed() {
    let p = PolicyTable::seed();
    assert_eq!(
        p.decide(0, Some(Canal::WhatsApp)).unwrap().canal,
        Canal::WhatsApp
    );
    assert_eq!(
        p.decide(0, Some(Canal::Telefone)).unwrap().canal,
        Canal::Email
    );
    assert_eq!(
        p.decide(1, Some(Canal::Telefone)).unwrap().canal,
        Canal::WhatsApp
    );
    assert_eq!(
        p.decide(2, Some(Canal::Telefone)).unwrap().canal,
        Canal::Telefone
    );
    for c in Canal::ALL {
        assert_eq!(p.decide(3, Some(c)).unwrap().canal, Canal::Telefone);
    }
}

fn seed_doc() -> PolicyDocument {
    toml::from_str(DEFAULT_POLICY_TOML).unwrap()
}

#[test]
fn json_round_trip_gives_same_table() {
    let json = serde_json::to_string(&seed_doc()).unwrap();
    assert_eq!(
        PolicyTable::from_json_str(&json).unwrap(),
        PolicyTable::seed()
    );
}

#[test]
fn validation_names_every_broken_entry() {
    let mut doc = seed_doc();
    doc.version = " ".into();
    doc.segments[1].segment = 0; // duplicate 0, missing 1
    doc.segments[2].canal_prioritario = "Fax".into();
    doc.segments[2].tom = "".into();
    doc.segments[0].canais_permitidos = vec!["Email".into(), "Pombo".into()];
    let msgs = issues(PolicyTable::from_document(doc).unwrap_err());
    let all = msgs.join("\n");
    assert!(all.contains("policy.version: must not be empty"), "{all}");
    assert!(
        all.contains("segments[1] (segment 0).segment: segment 0 already defined by segments[0]"),
        "{all}"
    );
    assert!(all.contains("segment 1 is missing"), "{all}");
    assert!(
        all.contains("segments[2] (segment 2).canal_prioritario: unknown channel \"Fax\""),
        "{all}"
    );
    assert!(
        all.contains("segments[2] (segment 2).tom: must not be empty"),
        "{all}"
    );
    assert!(
        all.contains("segments[0] (segment 0).canais_permitidos[1]: unknown channel \"Pombo\""),
        "{all}"
    );
}

#[test]
fn priority_must_be_allowed_and_top_segment_human() {
    let mut doc = seed_doc();
    doc.segments[0].canais_permitidos = vec!["WhatsApp".into()];
    doc.segments[3].atendimento_humano = false;
    let all = issues(PolicyTable::from_document(doc).unwrap_err()).join("\n");
    assert!(
        all.contains(
            "segments[0] (segment 0).canal_prioritario: Email is not in canais_permitidos"
        ),
        "{all}"
    );
    assert!(
        all.contains("segments[3] (segment 3).atendimento_humano"),
        "{all}"
    );

    let mut doc = seed_doc();
    doc.segments[3].canal_prioritario = "WhatsApp".into();
    doc.segments[3].canais_permitidos = vec![];
    let all = issues(PolicyTable::from_document(doc).unwrap_err()).join("\n");
    assert!(all.contains("must use Telefone, not WhatsApp"), "{all}");
}

#[test]
fn out_of_range_segment_and_bad_discounts_are_named() {
    let mut doc = seed_doc();
    doc.segments[2].segment = 9;
    doc.segments[1].descontos_autorizados = vec![
        collection_policy::DiscountEntry {
            tipo: "brinde".into(),
            percentual_maximo: 10.0,
        },
        collection_policy::DiscountEntry {
            tipo: "desconto".into(),
            percentual_maximo: 150.0,
        },
    ];
    let all = issues(PolicyTable::from_document(doc).unwrap_err()).join("\n");
    assert!(
        all.contains("segments[2] (segment 9).segment: segment 9 outside 0..=3"),
        "{all}"
    );
    assert!(
        all.contains(
            "segments[1] (segment 1).descontos_autorizados[0].tipo: unknown concession \"brinde\""
        ),
        "{all}"
    );
    assert!(
        all.contains("descontos_autorizados[1].percentual_maximo: 150 outside (0, 100]"),
        "{all}"
    );
}

#[test]
fn parse_errors_say_format_and_unknown_keys_are_refused() {
    let err = PolicyTable::from_toml_str("version = 1").unwrap_err();
    assert!(
        matches!(err, PolicyError::Parse { format: "TOML", .. }),
        "{err}"
    );
    let err = PolicyTable::from_toml_str(&format!("{DEFAULT_POLICY_TOML}\ncolour = \"red\"\n"))
        .unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
    let err = PolicyTable::from_json_str("{").unwrap_err();
    assert!(matches!(err, PolicyError::Parse { format: "JSON", .. }));
    let err = PolicyTable::from_path("/definitely/not/here.toml").unwrap_err();
    assert!(matches!(err, PolicyError::Io { .. }));
}

/// The custom policy printed in docs/messaging.md must load as documented.
#[test]
fn docs_custom_policy_example_is_valid() {
    let doc = include_str!("../../../docs/messaging.md");
    let start = doc
        .find("```toml\n")
        .expect("a ```toml block in docs/messaging.md")
        + 8;
    let len = doc[start..].find("```").expect("closed block");
    let p = PolicyTable::from_toml_str(&doc[start..start + len]).unwrap();
    assert_eq!(p.segment_count(), 4);
    assert_ne!(p.version(), "seed-2024.2");
    let d = p.decide(2, None).unwrap();
    assert_eq!(d.authorised_discounts.len(), 1);
    assert_eq!(d.authorised_discounts[0].kind, DiscountKind::Desconto);
    assert_eq!(
        p.decide(3, Some(Canal::Sms)).unwrap().canal,
        Canal::Telefone
    );
}

#[test]
fn policy_files_load_by_extension() {
    let dir = std::env::temp_dir().join(format!("credito-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let toml_path = dir.join("p.toml");
    let json_path = dir.join("p.json");
    std::fs::write(&toml_path, DEFAULT_POLICY_TOML).unwrap();
    std::fs::write(&json_path, serde_json::to_string(&seed_doc()).unwrap()).unwrap();
    assert_eq!(
        PolicyTable::from_path(&toml_path).unwrap(),
        PolicyTable::seed()
    );
    assert_eq!(
        PolicyTable::from_path(&json_path).unwrap(),
        PolicyTable::seed()
    );
    std::fs::remove_dir_all(&dir).ok();
}

proptest! {
    #[test]
    fn decided_channel_is_always_allowed(segment in 0u8..=10, pref in proptest::option::of(0usize..4)) {
        let p = PolicyTable::seed();
        let pref = pref.map(|i| Canal::ALL[i]);
        match p.decide(segment, pref) {
            Ok(d) => {
                let rule = &p.rules()[usize::from(segment)];
                prop_assert!(rule.canais_permitidos.contains(&d.canal) || d.canal == Canal::Telefone);
                if let Some(c) = pref {
                    if rule.canais_permitidos.contains(&c) && !rule.atendimento_humano {
                        prop_assert_eq!(d.canal, c);
                    }
                }
            }
            Err(_) => prop_assert!(segment >= 4),
        }
    }
}
