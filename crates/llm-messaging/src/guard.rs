//! The message guard: every message, from the model or a template, passes it before it is
//! returned (SPEC §4.4).
//!
//! Rules: not empty; within the channel's length (characters, not bytes); no threat, coercion,
//! ridicule or exposure of the debtor (Código de Defesa do Consumidor arts. 42 and 71), in
//! Portuguese or English; no internal or technical terms; no discount, abatement or waiver the
//! policy does not authorise (or above its authorised percentage). Matching ignores case and
//! accents and works on whole words (a `*` in a pattern matches a word prefix).

use std::sync::OnceLock;

use collection_policy::{Canal, DiscountKind, PolicyDecision};

use crate::response::{GuardRule, Violation};
use crate::text::{percentages, words, Phrase};

/// Largest message, in characters, for a channel (SMS 160, WhatsApp 1 000, Email 2 000,
/// Telefone call script 600).
///
/// ```
/// use collection_policy::Canal;
/// assert_eq!(llm_messaging::max_chars(Canal::Sms), 160);
/// ```
pub fn max_chars(canal: Canal) -> usize {
    match canal {
        Canal::Sms => 160,
        Canal::WhatsApp => 1_000,
        Canal::Email => 2_000,
        Canal::Telefone => 600,
    }
}

/// Threats, coercion, ridicule and exposure (CDC art. 42: no ridicule, no constraint or
/// threat in collection; art. 71: no threat, coercion, embarrassment or interference with work
/// or leisure).
const ABUSIVE: &[&str] = &[
    // police, prison
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
    "medida* judicia*",
    "medida* legais",
    "medidas cabiveis",
    "vias judiciais",
    "via judicial",
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
    "oficial de justica",
    "penhor*",
    "bloqueio de bens",
    "bloquear seus bens",
    "bloquear* * bens",
    "confisc*",
    "tomar seus bens",
    "leilao",
    // credit-bureau pressure and "dirty name"
    "sujar*",
    "nome sujo",
    "negativa*",
    "serasa",
    "spc",
    "protest*",
    "cartorio",
    // exposure to third parties
    "empregador*",
    "seu chefe",
    "sua chefe",
    "seu patrao",
    "colegas",
    "sua familia",
    "seus familiares",
    "familiares",
    "parentes",
    "vizinh*",
    "conjuge",
    "expor",
    "exporemos",
    "expost*",
    "exposicao",
    "divulg*",
    "publicamente",
    "redes sociais",
    "lista de devedores",
    // ridicule, insult
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
    "caloteiro",
    // coercion
    "ultima chance",
    "ultimo aviso",
    "ultima oportunidade",
    "consequencias",
    "sob pena",
    "arrepend*",
    "ameac*",
    "medidas drasticas",
    "nao tera escolha",
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
    "employer*",
    "your boss",
    "coworker*",
    "your family",
    "relatives",
    "neighbo*",
    "ruin your credit",
    "credit bureau*",
    "blacklist*",
    "shame*",
    "embarrass*",
    "humiliat*",
    "deadbeat*",
    "last chance",
    "final warning",
    "or else",
    "consequences",
    "threat*",
    "expose*",
];

/// Internal and technical vocabulary the customer must never see.
const INTERNAL: &[&str] = &[
    "cluster*",
    "segment*",
    "score*",
    "gravidade",
    "modelo*",
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

struct Compiled {
    abusive: Vec<Phrase>,
    internal: Vec<Phrase>,
    concessions: Vec<(DiscountKind, Vec<Phrase>)>,
}

fn compiled() -> &'static Compiled {
    static RULES: OnceLock<Compiled> = OnceLock::new();
    RULES.get_or_init(|| Compiled {
        abusive: ABUSIVE.iter().copied().map(Phrase::new).collect(),
        internal: INTERNAL.iter().copied().map(Phrase::new).collect(),
        concessions: CONCESSIONS
            .iter()
            .map(|(k, list)| (*k, list.iter().copied().map(Phrase::new).collect()))
            .collect(),
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
/// assert_eq!(rules, [GuardRule::Abusive, GuardRule::InternalTerm]);
/// # Ok::<(), collection_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Guard;

impl Guard {
    /// Every rule `message` breaks for `decision` (its channel and authorised concessions);
    /// empty when the message may be sent.
    pub fn check(&self, message: &str, decision: &PolicyDecision) -> Vec<Violation> {
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
        for (rule, list) in [
            (GuardRule::Abusive, &rules.abusive),
            (GuardRule::InternalTerm, &rules.internal),
        ] {
            let hits: Vec<String> = list.iter().filter_map(|p| p.find(&text)).collect();
            if !hits.is_empty() {
                out.push(Violation {
                    rule,
                    detail: format!("forbidden terms: {}", dedup(hits).join(", ")),
                });
            }
        }
        let mut max_allowed: Option<f64> = None;
        for (kind, phrases) in &rules.concessions {
            let Some(hit) = phrases.iter().find_map(|p| p.find(&text)) else {
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

fn dedup(mut hits: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    hits.retain(|h| {
        if seen.contains(h) {
            false
        } else {
            seen.push(h.clone());
            true
        }
    });
    hits
}
