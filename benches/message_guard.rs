//! Criterion benchmark of the collection-message guard: normalisation (NFKD, invisible
//! characters, leetspeak, spaced letters) and every rule, on a courteous WhatsApp message, an
//! obfuscated abusive one and a 1 000-character one.
//!
//! Run with `cargo bench --bench message_guard`.

use std::hint::black_box;

use credito::collection_policy::{CollectionPolicy, PolicyTable};
use credito::llm_messaging::Guard;
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
}

criterion_group!(benches, guard);
criterion_main!(benches);
