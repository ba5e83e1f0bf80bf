//! Criterion benchmark of the collection-message guard: normalisation (NFKD, invisible
//! characters, leetspeak, spaced letters) and every rule, on a courteous WhatsApp message, an
//! obfuscated abusive one and a 1 000-character one; and the per-client check
//! (`check_for`: amounts, names and numbers must be the client's or the creditor's) on the
//! shipped template a recurrent WhatsApp client gets with every fact filled in.
//!
//! Run with `cargo bench --bench message_guard`.

use std::hint::black_box;

use credito::collection_policy::{Canal, ClientState, CollectionPolicy, MessageFacts, PolicyTable};
use credito::llm_messaging::{Guard, Known};
use criterion::{criterion_group, criterion_main, Criterion};

const COURTEOUS: &str = "Olá! Identificamos uma pendência de R$ 350,00 no seu cartão, vencida em \
05/11. Podemos montar com você um parcelamento que caiba no seu orçamento: responda esta \
mensagem ou acesse o app. Se já pagou, desconsidere. Responda SAIR para não receber mais \
mensagens por este canal.";

const OBFUSCATED: &str = "Últim0 avis0: seu nome vai para o S E R A S A e chamaremos a \
ＰＯＬÍＣＩＡ; vamos ligar para sua mãe e para o seu trabalho. Olá [NOME], CPF 123.456.789-09.";

fn guard(c: &mut Criterion) {
    let decision = PolicyTable::seed().decide(1, None).expect("seed segment");
    let guard = Guard;
    let long: String = COURTEOUS.repeat(4).chars().take(1_000).collect();
    assert!(guard.check(COURTEOUS, &decision).is_empty());
    assert!(!guard.check(OBFUSCATED, &decision).is_empty());
    c.bench_function("guard_courteous_whatsapp", |b| {
        b.iter(|| guard.check(black_box(COURTEOUS), &decision))
    });
    c.bench_function("guard_obfuscated_abusive", |b| {
        b.iter(|| guard.check(black_box(OBFUSCATED), &decision))
    });
    c.bench_function("guard_1000_characters", |b| {
        b.iter(|| guard.check(black_box(&long), &decision))
    });

    let policy = PolicyTable::seed();
    let personal = policy
        .decide_for_state(2, ClientState::Recorrente, Some(Canal::WhatsApp))
        .expect("shipped segment");
    let facts = MessageFacts::default()
        .with_nome("Ana")
        .and_then(|f| f.with_valor_em_aberto(1234.56))
        .and_then(|f| f.with_dias_em_atraso(12))
        .and_then(|f| f.with_vencimento("2026-12-10"))
        .and_then(|f| f.with_codigo_acordo("AC-2026-77"))
        .expect("valid facts");
    let text = policy
        .render_message(&personal, &facts)
        .expect("shipped template");
    let creditor = policy.templates().credor.as_ref();
    assert!(guard
        .check_for(&text, &personal, Known::client(&facts, creditor))
        .is_empty());
    eprintln!("personal template: {} chars: {text}", text.chars().count());
    c.bench_function("tmp_check_only", |b| {
        b.iter(|| guard.check(black_box(&text), &personal))
    });
    c.bench_function("guard_for_client_personal_template", |b| {
        b.iter(|| guard.check_for(black_box(&text), &personal, Known::client(&facts, creditor)))
    });
}

criterion_group!(benches, guard);
criterion_main!(benches);
