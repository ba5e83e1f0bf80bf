//! Segment a few clients of the shipped UCI data with the shipped segmentation model, apply the
//! default collection policy and write their guarded messages — offline, with the templates.
//!
//! `cargo run --example collection_message`
//!
//! Set `CREDITO_LLM_BASE_URL` / `GROQ_API_KEY` to let a provider write the messages instead;
//! the policy and the guard stay the same.

use std::sync::Arc;

use credito::collection_policy::{Canal, MessageFacts, PolicyTable};
use credito::llm_messaging::{generator_from_env, MessageInput, Signals};
use credito::risk_features::{self, FeatureExtractor, UciSignals};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let model = credito::collections::shipped_segmentation()?;
    let data = format!("{root}/data/uci_credit_card_default.csv.gz");

    // The first 2 000 clients are enough to find one of each segment.
    let mut histories = Vec::new();
    for row in risk_features::open(&data)?.take(2_000) {
        histories.push(row?);
    }
    let signals: Vec<_> = histories.iter().map(|h| UciSignals.extract(h)).collect();
    let segments = model.assign(&signals)?;

    let generator = generator_from_env(Arc::new(PolicyTable::seed()))?;
    let preferred = [
        Some(Canal::Email),
        Some(Canal::Sms),
        None,
        Some(Canal::WhatsApp),
    ];
    for segment in 0..model.k() {
        let Some(i) = segments.iter().position(|&s| s == segment) else {
            println!("(no client of segment {segment} among the first rows)");
            continue;
        };
        let s = &signals[i];
        let input = MessageInput {
            signals: Signals {
                score_gravidade: s.score_gravidade,
                freq_atrasos: s.freq_atrasos,
                razao_pagamento_6m: s.razao_pagamento_6m,
                taxa_uso_limite: s.taxa_uso_limite,
                limite_credito: s.limite_credito,
            },
            segment: u8::try_from(segment)?,
            canal_preferido: preferred.get(segment).copied().flatten(),
            // Facts the operator knows; the language model only ever sees placeholders.
            facts: MessageFacts::default()
                .with_nome("Ana")?
                .with_valor_em_aberto(s.limite_credito * s.taxa_uso_limite)
                .unwrap_or_default(),
        };
        let out = generator.generate(&input).await?;
        let r = &out.response;
        println!(
            "== client ID {} -> segment {} ({}), policy {}",
            histories[i].id, r.cluster, r.perfil_risco, out.decision.policy_version
        );
        println!(
            "   gravidade {:.1}, atrasos {}, pago 6m {:.0}%, uso do limite {:.0}%",
            s.score_gravidade,
            s.freq_atrasos,
            s.razao_pagamento_6m * 100.0,
            s.taxa_uso_limite * 100.0
        );
        println!(
            "   {} | {} | {} | {} | fonte {:?}",
            r.objetivo, r.canal, r.tom, r.acao_recomendada, r.fonte
        );
        println!("   {}\n", r.mensagem);
    }
    Ok(())
}
