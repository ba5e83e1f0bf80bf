//! The message guard: every message, from the model or a template, passes it before it is
//! returned (SPEC §4.4).
//!
//! Rules, each a [`GuardRule`] code: not empty; within the channel's length (characters, not
//! bytes); no threat or legal intimidation, credit-bureau or protest mention, exposure to third
//! parties, shaming or coercion (Código de Defesa do Consumidor arts. 42 and 71), in Portuguese
//! or English; no internal or technical terms; no discount, abatement, waiver or bonus the
//! policy does not authorise (or above its authorised percentage); no CPF, phone number or
//! e-mail address; no placeholder left; Portuguese, not English; and, for a client with nothing
//! overdue, no word of a debt, a delay or an agreement.
//!
//! Matching runs on normalised words ([`crate::text::normalize`]: NFKD, zero-width and
//! combining marks dropped, lower case, leetspeak folded, spaced letters joined), so
//! `ＰＯＬÍＣＩＡ`, `p0l1c1a`, `p o l i c i a` and `po\u{200B}licia` are all the police. A `*` at
//! the end of a pattern word matches a prefix; a lone `*` matches any one word.

use std::sync::OnceLock;

use collection_policy::{Canal, Creditor, DiscountKind, MessageFacts, PolicyDecision};

use crate::response::{GuardRule, Violation};
use crate::text::{percentages, words, PhraseSet};

/// Largest message, in characters, for a channel (SMS 160, WhatsApp 1 000, Email 2 000,
/// Telefone call script 600).
///
/// ```
/// use collection_policy::Canal;
/// assert_eq!(llm_messaging::max_chars(Canal::Sms), 160);
/// ```
pub fn max_chars(canal: Canal) -> usize {
    canal.max_chars()
}

/// Threat or legal intimidation (CDC art. 42: no constraint or threat in collection; art. 71:
/// no threat or coercion).
const THREAT: &[&str] = &[
    // police, prison, crime
    "policia*",
    "delegacia*",
    "boletim de ocorrencia",
    "prisao",
    "preso",
    "presa",
    "cadeia",
    "mandado de prisao",
    "crime",
    "criminos*",
    "estelionat*",
    // lawsuits and seizure used as threats
    "processo judicial",
    "processos judiciais",
    "acao judicial",
    "acoes judiciais",
    "cobranca judicial",
    "cobrancas judiciais",
    "judicialmente",
    "judicializ*",
    "medida* judicia*",
    "medida* legais",
    "medidas cabiveis",
    "providencia* legais",
    "providencia* judicia*",
    "providencias cabiveis",
    "vias judiciais",
    "via judicial",
    "vias legais",
    "process* voce",
    "vamos process*",
    "sera processad*",
    "iremos process*",
    "processa lo",
    "processa la",
    "processar",
    "justica",
    "tribunal",
    "juiz",
    "advogad*",
    "juridico",
    "departamento juridico",
    "oficial de justica",
    "execut* a divida",
    "execut* sua divida",
    "execucao da divida",
    "execucao judicial",
    "penhor*",
    "bloqueio de bens",
    "bloquear seus bens",
    "bloquear* * bens",
    "busca e apreensao",
    "apreen*",
    "confisc*",
    "tomar seus bens",
    "tomar seu carro",
    "tomar sua casa",
    "levar seu carro",
    "levar sua casa",
    "levar seus bens",
    "retomar o carro",
    "leilao",
    "conta* * ser bloquead*",
    "conta* * bloquead*",
    "bloquearemos",
    "bloquear* * * bens",
    "conta* bloquead*",
    "bloquear sua conta",
    "bloqueio da conta",
    "bloqueio de conta",
    "bloqueio do salario",
    "cortar seu salario",
    "sera pior",
    "pior pra voce",
    "pior para voce",
    "vai piorar",
    // English
    "police",
    "arrest*",
    "jail",
    "prison",
    "lawsuit*",
    "sue",
    "suing",
    "sued",
    "court",
    "courts",
    "legal action*",
    "attorney*",
    "lawyer*",
    "garnish*",
    "seize*",
    "repossess*",
    "threat*",
];

/// Credit-bureau, registry and protest mentions used as pressure.
const CREDIT_BUREAU: &[&str] = &[
    "sujar*",
    "nome sujo",
    "nome * sujo",
    "sujo na praca",
    "negativa*",
    "serasa",
    "spc",
    "scpc",
    "boa vista",
    "quod",
    "orgao* de protecao*",
    "protecao ao credito",
    "cadastro* de inadimplentes",
    "cadastro negativo",
    "cadastro de devedores",
    "restricao no seu cpf",
    "restricao em seu nome",
    "protest*",
    "cartorio",
    "credit bureau*",
    "blacklist*",
    "ruin your credit",
];

/// Exposure to third parties, at work or at home (CDC art. 42; art. 71: interference with the
/// consumer's work, rest or leisure).
const THIRD_PARTY: &[&str] = &[
    "empregador*",
    "seu chefe",
    "sua chefe",
    "seu patrao",
    "seu gerente",
    "seu trabalho",
    "no trabalho",
    "seu emprego",
    "sua empresa",
    "seu rh",
    "recursos humanos",
    "colegas",
    "sua familia",
    "seus familiares",
    "familiares",
    "parentes",
    "sua mae",
    "seu pai",
    "seu marido",
    "sua esposa",
    "sua mulher",
    "seu esposo",
    "seus filhos",
    "seu filho",
    "sua filha",
    "seu irmao",
    "sua irma",
    "vizinh*",
    "conjuge",
    "referencias",
    "suas referencias",
    "contato* de referencia",
    "visita a sua casa",
    "visita em sua casa",
    "visita na sua casa",
    "visita a sua residencia",
    "visitar sua casa",
    "visitar voce",
    "ir ate sua casa",
    "iremos a sua casa",
    "iremos ate voce",
    "na sua porta",
    "sua residencia",
    "expor",
    "exporemos",
    "expost*",
    "exposicao",
    "divulg*",
    "publicamente",
    "redes sociais",
    "lista de devedores",
    "employer*",
    "your boss",
    "coworker*",
    "your family",
    "relatives",
    "neighbo*",
    "expose*",
];

/// Ridicule and insult (CDC art. 42: no exposure to ridicule).
const SHAMING: &[&str] = &[
    "vergonh*",
    "envergonh*",
    "humilh*",
    "vexame",
    "ridicul*",
    "constrang*",
    "caloteir*",
    "calote",
    "vagabund*",
    "irresponsavel",
    "mau pagador",
    "mal pagador",
    "pessimo pagador",
    "vigarist*",
    "golpist*",
    "desonest*",
    "picaret*",
    "shame*",
    "embarrass*",
    "humiliat*",
    "deadbeat*",
];

/// Coercion and pressure (CDC art. 71).
const COERCION: &[&str] = &[
    "ultima chance",
    "ultimo aviso",
    "ultima oportunidade",
    "consequencias",
    "sob pena",
    "arrepend*",
    "ameac*",
    "medidas drasticas",
    "nao tera escolha",
    "nao tera outra",
    "last chance",
    "final warning",
    "or else",
    "consequences",
];

/// Internal and technical vocabulary the customer must never see.
const INTERNAL: &[&str] = &[
    "cluster*",
    "segment*",
    "score*",
    "gravidade",
    // "modelo" alone is ordinary Portuguese ("baixe o modelo de declaração"): only the
    // statistical model is internal.
    "nosso modelo",
    "nossos modelos",
    "modelo* de risco",
    "modelo* de credito",
    "modelo* de score",
    "modelo* de classificacao",
    "modelo* estatistic*",
    "modelo* predit*",
    "modelo* de ia",
    "modelo* de inteligencia*",
    "modelo* de machine",
    "modelo indica*",
    "modelo aponta*",
    "modelo identific*",
    "modelo classific*",
    "modelo previ*",
    "segundo o modelo",
    "pelo modelo",
    "model",
    "models",
    "silhouette",
    "risco critico",
    "critico extremo",
    "alto risco",
    "baixo risco",
    "risco leve",
    "risco recorrente",
    "perfil de risco",
    "perfil risco",
    "pagador irregular",
    "adimplente resiliente",
    "pressao financeira",
    "algoritm*",
    "machine learning",
    "aprendizado de maquina",
    "kmeans",
    "k means",
    "inteligencia artificial",
    "llm",
    "prompt*",
    "freq atrasos",
    "taxa uso limite",
    "razao pagamento",
    "classificacao de risco",
    "risk profile",
    "risk score",
    "high risk",
    "critical risk",
];

/// Concessions, by kind.
const CONCESSIONS: &[(DiscountKind, &[&str])] = &[
    (
        DiscountKind::Desconto,
        &["desconto*", "descontad*", "discount*", "abatido", "abatida"],
    ),
    (
        DiscountKind::Abatimento,
        &[
            "abatimento*",
            "metade do valor",
            "metade da divida",
            "metade do saldo",
            "pague metade",
            "pagar metade",
            "so metade",
            "apenas metade",
            "bonus",
            "brinde*",
            "premio*",
            "cashback",
            "credito de rs",
            "anistia*",
            "abater",
            "abatemos",
            "perdao",
            "perdoar",
            "perdoamos",
            "perdoad*",
            "reducao da divida",
            "reducao do valor",
            "reducao do saldo",
            "reduzir a divida",
            "reduzir sua divida",
            "reduzir o valor",
            "reduzir o saldo",
            "quitar por menos",
            "write off",
            "forgive*",
            "debt relief",
            "reduce your debt",
            "reduced balance",
        ],
    ),
    (
        DiscountKind::IsencaoJuros,
        &[
            "isencao de juros",
            "isencao total*",
            "isencao * juros",
            "isencao * dos juros",
            "isencao * de juros",
            "isencao dos juros",
            "isent* de juros",
            "isent* dos juros",
            "sem juros",
            "juros zero",
            "zero de juros",
            "zerar os juros",
            "zeramos os juros",
            "retirar os juros",
            "retiramos os juros",
            "interest free",
            "no interest",
            "waive* interest",
            "interest waiv*",
        ],
    ),
    (
        DiscountKind::IsencaoMulta,
        &[
            "isencao de multa",
            "isencao da multa",
            "isent* de multa",
            "isent* da multa",
            "sem multa",
            "multa zero",
            "isencao de encargos",
            "sem encargos",
            "waive* fee*",
            "no late fee*",
            "fee waiv*",
            "late fee waiv*",
        ],
    ),
];

/// Overdue, debt and agreement language: untrue for a client with nothing overdue
/// ([`PolicyDecision::overdue_allowed`] false).
const OVERDUE_CLAIM: &[&str] = &[
    "em aberto",
    "em atraso",
    "atrasad*",
    "atraso*",
    "vencid*",
    "venceu",
    "nao pag*",
    "sem pagamento",
    "pendente*",
    "pendencia*",
    "debito* pendente*",
    "debito em aberto",
    "divida*",
    "devedor*",
    "inadimpl*",
    "acordo*",
    "parcelamento*",
    "parcelar",
    "renegocia*",
    "regulariz*",
    "quitar",
    "quitacao",
    "overdue",
    "past due",
    "debt*",
    "late payment*",
];

/// The phrase lists, by the rule they break.
const PHRASE_RULES: [(GuardRule, &[&str]); 6] = [
    (GuardRule::Threat, THREAT),
    (GuardRule::CreditBureau, CREDIT_BUREAU),
    (GuardRule::ThirdParty, THIRD_PARTY),
    (GuardRule::Shaming, SHAMING),
    (GuardRule::Abusive, COERCION),
    (GuardRule::InternalTerm, INTERNAL),
];

struct Compiled {
    /// Every phrase rule, then every concession kind, as groups of one index.
    set: PhraseSet,
}

fn compiled() -> &'static Compiled {
    static RULES: OnceLock<Compiled> = OnceLock::new();
    RULES.get_or_init(|| {
        let groups: Vec<&[&'static str]> = PHRASE_RULES
            .iter()
            .map(|(_, list)| *list)
            .chain(CONCESSIONS.iter().map(|(_, list)| *list))
            .chain(std::iter::once(OVERDUE_CLAIM))
            .collect();
        Compiled {
            set: PhraseSet::grouped(&groups),
        }
    })
}

/// Checks a message against the rules for the channel and concessions of a decision.
///
/// ```
/// use collection_policy::{CollectionPolicy, PolicyTable};
/// use llm_messaging::{Guard, GuardRule};
///
/// let decision = PolicyTable::seed().decide(1, None)?;
/// let guard = Guard;
/// assert!(guard.check("Olá! Sua fatura está em aberto; regularize pelo app.", &decision).is_empty());
/// let v = guard.check("Pague hoje ou vamos sujar seu nome. Seu score caiu.", &decision);
/// let rules: Vec<_> = v.iter().map(|v| v.rule).collect();
/// assert_eq!(rules, [GuardRule::CreditBureau, GuardRule::InternalTerm]);
/// # Ok::<(), collection_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Guard;

/// What is true of the client a message is for: the facts it may state and the creditor it
/// may name. With [`Known::client`], an amount other than the client's, a name in a salutation
/// other than the client's, and a number that is not the creditor's are violations; with
/// [`Known::nothing`] (texts checked without a client) only the pattern rules apply.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    facts: Option<&'a MessageFacts>,
    creditor: Option<&'a Creditor>,
}

impl<'a> Known<'a> {
    /// No client: amounts and names are not checked against anyone's.
    pub fn nothing() -> Self {
        Known {
            facts: None,
            creditor: None,
        }
    }

    /// The client's facts and the creditor's identification.
    pub fn client(facts: &'a MessageFacts, creditor: Option<&'a Creditor>) -> Self {
        Known {
            facts: Some(facts),
            creditor,
        }
    }
}

impl Guard {
    /// Every rule `message` breaks for `decision` (its channel and authorised concessions);
    /// empty when the message may be sent. Amounts and names are not checked against a
    /// client (see [`Guard::check_for`]).
    pub fn check(&self, message: &str, decision: &PolicyDecision) -> Vec<Violation> {
        self.check_for(message, decision, Known::nothing())
    }

    /// [`Guard::check`] for one client: also a violation is any amount that is not the
    /// client's `valor_em_aberto`, any name in a salutation that is not the client's `nome`
    /// and any phone- or CPF-like number that is not the creditor's or the agreement code.
    pub fn check_for(
        &self,
        message: &str,
        decision: &PolicyDecision,
        known: Known<'_>,
    ) -> Vec<Violation> {
        let mut out = Vec::new();
        if message.trim().is_empty() {
            out.push(Violation {
                rule: GuardRule::Empty,
                detail: "empty message".into(),
            });
            return out;
        }
        let limit = max_chars(decision.canal);
        let count = message.chars().count();
        if count > limit {
            out.push(Violation {
                rule: GuardRule::TooLong,
                detail: format!("{count} > {limit} characters for {}", decision.canal),
            });
        }
        let text = words(message);
        let rules = compiled();
        let groups = rules.set.find_groups(&text);
        let (phrase_hits, rest) = groups.split_at(PHRASE_RULES.len());
        let (concession_hits, overdue_hits) = rest.split_at(CONCESSIONS.len());
        if let Some(hits) = overdue_hits.first().filter(|h| !h.is_empty()) {
            if !decision.overdue_allowed {
                out.push(Violation {
                    rule: GuardRule::UntrueClaim,
                    detail: format!("nothing is overdue for this client: {}", hits.join(", ")),
                });
            }
        }
        for ((rule, _), hits) in PHRASE_RULES.iter().zip(phrase_hits) {
            if !hits.is_empty() {
                out.push(Violation {
                    rule: *rule,
                    detail: format!("forbidden terms: {}", hits.join(", ")),
                });
            }
        }
        let mut allowed_digits = known.creditor.map(Creditor::digit_runs).unwrap_or_default();
        if let Some(code) = known.facts.and_then(|f| f.codigo_acordo.as_ref()) {
            allowed_digits.push(code.chars().filter(char::is_ascii_digit).collect());
        }
        out.extend(crate::detect::personal_data(message, &allowed_digits));
        if let Some(facts) = known.facts {
            let own_cents = facts.valor_em_aberto.map(|v| (v * 100.0).round() as u64);
            out.extend(crate::detect::foreign_amounts(message, own_cents));
            out.extend(crate::detect::foreign_names(message, facts.nome.as_deref()));
        }
        out.extend(crate::detect::placeholders(message));
        out.extend(crate::detect::wrong_language(&text));
        let mut max_allowed: Option<f64> = None;
        for ((kind, _), hits) in CONCESSIONS.iter().zip(concession_hits) {
            let Some(hit) = hits.first() else {
                continue;
            };
            match decision
                .authorised_discounts
                .iter()
                .find(|d| d.kind == *kind)
            {
                Some(auth) => {
                    max_allowed =
                        Some(max_allowed.map_or(auth.max_percent, |m| m.max(auth.max_percent)))
                }
                None => out.push(Violation {
                    rule: GuardRule::UnauthorisedDiscount,
                    detail: format!("{kind} not authorised for this segment: \"{hit}\""),
                }),
            }
        }
        if let Some(max) = max_allowed {
            if let Some(p) = percentages(message).into_iter().find(|p| *p > max) {
                out.push(Violation {
                    rule: GuardRule::UnauthorisedDiscount,
                    detail: format!("{p}% above the authorised {max}%"),
                });
            }
        }
        out
    }
}
