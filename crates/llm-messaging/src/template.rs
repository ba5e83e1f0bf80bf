//! Deterministic pt-BR messages for every segment × channel, in the segment's tone and with its
//! recommended action: the offline default and the fallback of the language-model generator.
//!
//! Texts come in four families matching the seed's table: 0 preventive reminder with guidance,
//! 1 objective due notice with a simple call to action, 2 empathetic instalment/agreement
//! proposal, 3 firm request to talk to a human. `Telefone` texts are short call scripts for the
//! agent. For policies with other than four segments, non-human segments are spread over
//! families 0..=2 by rank and human-escalation segments use family 3.

use collection_policy::{Canal, PolicyDecision};

/// Template family (0..=3) for `decision` in a policy of `segment_count` segments.
///
/// ```
/// use collection_policy::{CollectionPolicy, PolicyTable};
/// let p = PolicyTable::seed();
/// for s in 0..4 {
///     assert_eq!(llm_messaging::template_family(&p.decide(s, None)?, 4), s);
/// }
/// # Ok::<(), collection_policy::PolicyError>(())
/// ```
pub fn template_family(decision: &PolicyDecision, segment_count: usize) -> u8 {
    if decision.human_escalation {
        return 3;
    }
    if !decision.overdue_allowed {
        return 0;
    }
    // Non-human segments are 0..=top where top = k-2 (the last segment is human).
    let top = segment_count.saturating_sub(2).max(1) as f64;
    let rank = f64::from(decision.treatment_segment).min(top) / top;
    (rank * 2.0).round().clamp(0.0, 2.0) as u8
}

/// The template text for a family (0..=3, higher values use 3) and a channel.
///
/// ```
/// use collection_policy::Canal;
/// let sms = llm_messaging::template_text(1, Canal::Sms);
/// assert!(sms.chars().count() <= 160);
/// assert!(llm_messaging::template_text(3, Canal::Telefone).starts_with("Roteiro de ligação"));
/// ```
pub fn template_text(family: u8, canal: Canal) -> &'static str {
    match (family.min(3), canal) {
        (0, Canal::Email) => "Olá! Passando para lembrar, com antecedência, do vencimento da sua fatura. \
Manter os pagamentos em dia ajuda a organizar o orçamento e evita juros e encargos. \
Se quiser, nossa equipe pode orientar você sobre como planejar os próximos pagamentos: \
é só responder a este e-mail ou acessar o aplicativo. Conte com a gente!",
        (0, Canal::WhatsApp) => "Olá! Um lembrete amigável: sua fatura vence em breve. \
Manter os pagamentos em dia ajuda a organizar o orçamento. \
Se precisar de orientação para planejar os pagamentos, é só responder esta mensagem.",
        (0, Canal::Sms) => "Lembrete: sua fatura vence em breve. Pagar em dia ajuda a organizar o orçamento. \
Precisa de orientação? Responda esta mensagem.",
        (0, Canal::Telefone) => "Roteiro de ligação (tom preventivo e cordial): \
1) Cumprimente e apresente-se em nome da instituição. \
2) Lembre, com cordialidade, o vencimento próximo da fatura. \
3) Ofereça orientação sobre organização financeira e formas de pagamento. \
4) Pergunte se há dúvidas e agradeça a atenção.",
        (1, Canal::Email) => "Olá! Identificamos que a sua fatura está com pagamento em aberto. \
Para regularizar de forma rápida, acesse o aplicativo ou o internet banking e gere o boleto \
ou o código Pix atualizado. Se o pagamento já foi feito, por favor desconsidere este aviso. \
Em caso de dúvida, responda a este e-mail.",
        (1, Canal::WhatsApp) => "Olá! Sua fatura está com pagamento em aberto. \
Para regularizar agora, acesse o app e gere o boleto ou o Pix atualizado. \
Se já pagou, desconsidere esta mensagem. Ficou com dúvida? É só responder aqui.",
        (1, Canal::Sms) => "Sua fatura está em aberto. Regularize pelo app com boleto ou Pix atualizado. \
Se já pagou, desconsidere. Dúvidas? Responda esta mensagem.",
        (1, Canal::Telefone) => "Roteiro de ligação (tom objetivo e respeitoso): \
1) Apresente-se em nome da instituição. \
2) Informe que há uma fatura com pagamento em aberto. \
3) Ofereça a segunda via por boleto ou Pix e combine uma data de pagamento. \
4) Agradeça e registre o compromisso.",
        (2, Canal::Email) => "Olá! Sabemos que imprevistos acontecem e que, às vezes, o orçamento fica apertado. \
Queremos ajudar você a encontrar uma solução que caiba no seu bolso. \
Podemos conversar sobre um parcelamento ou um acordo para regularizar os valores em aberto. \
Responda a este e-mail ou fale com a nossa equipe pelo aplicativo para conhecer as opções disponíveis.",
        (2, Canal::WhatsApp) => "Olá! Sabemos que imprevistos acontecem e queremos ajudar. \
Podemos montar com você um parcelamento ou um acordo que caiba no seu orçamento. \
Quer conhecer as opções? É só responder esta mensagem.",
        (2, Canal::Sms) => "Sabemos que imprevistos acontecem. Vamos encontrar juntos um parcelamento \
ou acordo que caiba no seu orçamento? Responda esta mensagem.",
        (2, Canal::Telefone) => "Roteiro de ligação (tom empático e negociador): \
1) Apresente-se e pergunte se é um bom momento para conversar. \
2) Reconheça que imprevistos acontecem e ouça a situação do cliente. \
3) Proponha um parcelamento ou acordo que caiba no orçamento dele. \
4) Confirme os termos combinados e agradeça.",
        (_, Canal::Email) => "Olá. Há valores em aberto na sua conta que precisam ser regularizados. \
Pedimos que entre em contato com a nossa central de atendimento para tratar do assunto com \
um de nossos atendentes, que apresentará as opções de pagamento disponíveis.",
        (_, Canal::WhatsApp) => "Olá. Há valores em aberto na sua conta que precisam ser regularizados. \
Por favor, entre em contato com a nossa central de atendimento para falar com um atendente \
e conhecer as opções de pagamento.",
        (_, Canal::Sms) => "Há valores em aberto na sua conta. Entre em contato com a nossa central \
de atendimento para falar com um atendente e regularizar.",
        (_, Canal::Telefone) => "Roteiro de ligação (atendimento humano, tom firme e direto): \
1) Apresente-se em nome da instituição. \
2) Informe, com clareza e respeito, que há valores em aberto que precisam ser regularizados. \
3) Apresente as opções de pagamento disponíveis e peça uma definição. \
4) Registre o compromisso e informe o canal de atendimento para retorno.",
    }
}
