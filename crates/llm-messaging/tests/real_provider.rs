//! Opt-in: runs against a real OpenAI-compatible server (Groq, llama.cpp, Ollama...) only when
//! `CREDITO_LLM_BASE_URL` is set; otherwise prints a notice and passes.

use std::sync::Arc;

use collection_policy::PolicyTable;
use llm_messaging::{generator_from_env, Fonte, Guard, MessageRequest};
use serde_json::json;

#[tokio::test]
async fn real_provider_messages_are_guarded() {
    if std::env::var("CREDITO_LLM_BASE_URL").map_or(true, |v| v.trim().is_empty()) {
        eprintln!("skipped: set CREDITO_LLM_BASE_URL (and a key if needed) to run against a real provider");
        return;
    }
    let generator = generator_from_env(Arc::new(PolicyTable::seed())).unwrap();
    for cluster in 0..4 {
        let body = json!({"score_gravidade": 5.6, "freq_atrasos": 1.2, "razao_pagamento_6m": 0.08,
            "taxa_uso_limite": 0.74, "limite_credito": 80000, "cluster": cluster,
            "canal_preferido": "WhatsApp", "customer_id": "CUST-1"});
        let input = MessageRequest::from_json(&body)
            .unwrap()
            .into_input()
            .unwrap();
        let out = generator.generate(&input).await.unwrap();
        eprintln!(
            "segment {cluster} [{:?}] {:?}: {}",
            out.response.fonte, out.llm_error, out.response.mensagem
        );
        assert!(!out.response.mensagem.trim().is_empty());
        assert!(Guard
            .check(&out.response.mensagem, &out.decision)
            .is_empty());
        if out.response.fonte == Fonte::Llm {
            assert!(out.response.violations.is_empty());
        }
    }
}
