//! Prompt building (SPEC §4.4): fixed system rules, the segment's instruction, and a context
//! holding only derived signals — never a name, document, phone, id or credit limit
//! (LGPD art. 6 III, data minimisation).

use collection_policy::{MessageFacts, PolicyDecision};
use serde::{Deserialize, Serialize};

use crate::guard::max_chars;
use crate::request::Signals;

/// A chat prompt: one system and one user message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    /// System message: rules the model must follow.
    pub system: String,
    /// User message: the instruction and the context.
    pub user: String,
}

const SYSTEM_RULES: &str = "Você redige mensagens de cobrança para uma instituição financeira brasileira. \
Regras obrigatórias:\n\
1. Use linguagem respeitosa, ética e institucional, em português do Brasil.\n\
2. Nunca ameace, constranja, exponha ou ridicularize o cliente: não mencione polícia, processos, \
justiça, bens, empregador, família, vizinhos, cadastros de inadimplentes nem \"sujar o nome\" \
(Código de Defesa do Consumidor, arts. 42 e 71).\n\
3. Nunca prometa descontos, abatimentos ou isenções que não estejam listados como autorizados.\n\
4. Nunca use termos técnicos ou internos (cluster, segmento, score, gravidade, modelo, perfil de risco, \
classificação de risco) nem cite os números do contexto.\n\
5. Seja claro, empático e orientado à solução, com uma ação concreta para o cliente.\n\
6. Você não recebe dados pessoais do cliente. Para citá-los, escreva apenas os marcadores listados \
como disponíveis, exatamente assim, entre chaves (por exemplo {nome}); eles serão preenchidos depois. \
Não invente nomes, valores, datas, telefones, documentos nem outros marcadores.\n\
7. Não escreva assinatura, identificação da empresa nem instrução de descadastro: elas são acrescentadas \
automaticamente.\n\
8. Responda somente com o texto final da mensagem, sem comentários.";

/// Format a fraction as a whole percentage ("8%").
fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}

/// Format a count without a trailing ".0".
fn count(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// What each fact's placeholder stands for, for the prompt.
const PLACEHOLDER_MEANINGS: [(&str, &str); 5] = [
    ("nome", "primeiro nome do cliente"),
    ("valor_em_aberto", "valor em aberto, já formatado em reais"),
    ("dias_em_atraso", "número de dias em atraso"),
    ("vencimento", "data de vencimento, já formatada"),
    ("codigo_acordo", "código da proposta de acordo"),
];

/// Build the prompt for one customer.
///
/// The context has the profile label, channel, gravity (one decimal), frequency, % paid over
/// six months and % of the limit used; nothing else about the customer.
///
/// ```
/// use collection_policy::{CollectionPolicy, PolicyTable};
/// use llm_messaging::{build_prompt, Signals};
///
/// let decision = PolicyTable::seed().decide(2, None)?;
/// let signals = Signals { score_gravidade: 5.64, freq_atrasos: 1.0, razao_pagamento_6m: 0.08,
///                         taxa_uso_limite: 0.74, limite_credito: 80000.0 };
/// let facts = collection_policy::MessageFacts::default().with_nome("Ana").unwrap();
/// let prompt = build_prompt(&decision, &signals, &facts);
/// assert!(prompt.user.contains("{nome}"));
/// assert!(!prompt.user.contains("Ana"));
/// assert!(prompt.user.contains("Gravidade dos atrasos: 5.6"));
/// assert!(prompt.user.contains("Pago nos últimos 6 meses: 8%"));
/// assert!(prompt.user.contains("Uso do limite: 74%"));
/// assert!(!prompt.user.contains("80000"));
/// # Ok::<(), collection_policy::PolicyError>(())
/// ```
pub fn build_prompt(decision: &PolicyDecision, signals: &Signals, facts: &MessageFacts) -> Prompt {
    // Only the names of the facts that are known; never their values.
    let available: Vec<String> = PLACEHOLDER_MEANINGS
        .iter()
        .filter(|(name, _)| facts.value(name).is_some())
        .map(|(name, meaning)| format!("{{{name}}} ({meaning})"))
        .collect();
    let available = if available.is_empty() {
        "nenhum (não cite nome, valor nem data)".to_string()
    } else {
        available.join(", ")
    };
    let state_hint = if decision.overdue_allowed {
        String::new()
    } else {
        "\nO cliente não tem nada em atraso: não fale em dívida, atraso, valor em aberto, \
acordo, parcelamento nem regularização."
            .to_string()
    };
    let canal = decision.canal;
    let format_hint = if decision.human_escalation || canal == collection_policy::Canal::Telefone {
        format!(
            "Escreva um roteiro curto de ligação para o atendente humano, em passos numerados, com no máximo {} caracteres.",
            max_chars(canal)
        )
    } else {
        format!(
            "A mensagem será enviada por {canal}; use no máximo {} caracteres.",
            max_chars(canal)
        )
    };
    let concessions = if decision.authorised_discounts.is_empty() {
        "nenhuma (não ofereça desconto, abatimento nem isenção)".to_string()
    } else {
        decision
            .authorised_discounts
            .iter()
            .map(|d| format!("{} até {}%", d.kind, d.max_percent))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let user = format!(
        "Instrução: {instruction}\n{format_hint}\n\
Objetivo: {objetivo}. Tom: {tom}. Ação recomendada: {acao}.\n\
Concessões autorizadas: {concessions}.{state_hint}\n\
Marcadores disponíveis: {available}.\n\
Contexto (uso interno; não cite estes dados):\n\
- Perfil: {perfil}\n\
- Canal: {canal}\n\
- Gravidade dos atrasos: {gravidade:.1}\n\
- Frequência de atrasos (meses, últimos 6): {freq}\n\
- Pago nos últimos 6 meses: {pago}\n\
- Uso do limite: {uso}",
        instruction = decision.instruction,
        objetivo = decision.objetivo,
        tom = decision.tom,
        acao = decision.acao_recomendada,
        perfil = decision.perfil_risco,
        gravidade = signals.score_gravidade,
        freq = count(signals.freq_atrasos),
        pago = percent(signals.razao_pagamento_6m),
        uso = percent(signals.taxa_uso_limite),
    );
    Prompt {
        system: SYSTEM_RULES.to_string(),
        user,
    }
}
