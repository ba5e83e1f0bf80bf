//! Message templates as policy data: one text per treatment segment × client state × channel,
//! the creditor's identification (CDC art. 42-A: name and CNPJ in every collection document)
//! and a footer per channel with the opt-out line.
//!
//! A template is plain pt-BR text with placeholders: `{nome}`, `{valor_em_aberto}`,
//! `{dias_em_atraso}`, `{vencimento}`, `{codigo_acordo}` (the client's facts, see
//! [`MessageFacts`]) and `{credor}`, `{cnpj}`, `{canal_oficial}`, `{endereco}` (the creditor).
//! A block `{?fato}...{/fato}` is written only when the fact is known and `{?!fato}...{/fato}`
//! only when it is not, so one template reads well with or without it; blocks nest.
//!
//! ```
//! use collection_policy::{MessageFacts, TemplateText};
//!
//! let text = TemplateText::parse("Olá{?nome}, {nome}{/nome}! Vence em {?vencimento}{vencimento}{/vencimento}.")?;
//! let none = MessageFacts::default();
//! assert_eq!(text.render(&none, None), "Olá! Vence em .");
//! let soon = TemplateText::parse("Vence {?vencimento}em {vencimento}{/vencimento}{?!vencimento}em breve{/vencimento}.")?;
//! assert_eq!(soon.render(&none, None), "Vence em breve.");
//! let ana = MessageFacts::default().with_nome("Ana")?.with_vencimento("2026-12-10")?;
//! assert_eq!(text.render(&ana, None), "Olá, Ana! Vence em 10/12/2026.");
//! assert!(TemplateText::parse("Olá {cliente}").is_err());
//! assert!(TemplateText::parse("Olá{?nome}, {nome}").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::channel::Canal;
use crate::facts::{MessageFacts, FACT_NAMES};
use crate::state::ClientState;

/// The creditor's placeholders.
pub const CREDITOR_FIELDS: [&str; 4] = ["credor", "cnpj", "canal_oficial", "endereco"];

/// Who collects: written into every message by the footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creditor {
    /// Legal or trade name.
    pub nome: String,
    /// CNPJ, written `00.000.000/0000-00` (check digits verified on load).
    pub cnpj: String,
    /// The official channel the client can verify and answer through (app, site, phone).
    pub canal_oficial: String,
    /// Address, when the policy gives one (CDC art. 42-A also asks for it on documents).
    pub endereco: Option<String>,
}

impl Creditor {
    fn value(&self, name: &str) -> Option<String> {
        match name {
            "credor" => Some(self.nome.clone()),
            "cnpj" => Some(self.cnpj.clone()),
            "canal_oficial" => Some(self.canal_oficial.clone()),
            "endereco" => self.endereco.clone(),
            _ => None,
        }
    }

    /// Every run of digits in the creditor's identification: numbers a message may carry
    /// without exposing anyone's personal data (the CNPJ, the official phone).
    pub fn digit_runs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for text in [
            Some(&self.cnpj),
            Some(&self.canal_oficial),
            self.endereco.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                out.push(digits);
            }
            // Also each group as written, so that "0800 123 4567" matches in parts.
            out.extend(
                text.split(|c: char| !c.is_ascii_digit())
                    .filter(|g| !g.is_empty())
                    .map(str::to_string),
            );
        }
        out
    }
}

/// Whether `cnpj` (any punctuation) has 14 digits with valid check digits.
///
/// ```
/// assert!(collection_policy::cnpj_is_valid("11.222.333/0001-81"));
/// assert!(!collection_policy::cnpj_is_valid("11.222.333/0001-80"));
/// ```
pub fn cnpj_is_valid(cnpj: &str) -> bool {
    let digits: Vec<u32> = cnpj.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 14 || digits.iter().all(|d| *d == digits[0]) {
        return false;
    }
    let check = |n: usize| {
        let weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        let skip = 13 - n;
        let sum: u32 = digits[..n]
            .iter()
            .zip(&weights[skip..])
            .map(|(d, w)| d * w)
            .sum();
        let rest = sum % 11;
        if rest < 2 {
            0
        } else {
            11 - rest
        }
    };
    check(12) == digits[12] && check(13) == digits[13]
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Text(String),
    Field(String),
    IfKnown(String, Vec<Node>),
    IfUnknown(String, Vec<Node>),
}

/// A template text, parsed and checked: every placeholder is a known fact or creditor field
/// and every block is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateText {
    source: String,
    nodes: Vec<Node>,
}

/// Why a template text cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at character {position}")]
pub struct TemplateError {
    /// 0-based character position.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

fn known_field(name: &str) -> bool {
    FACT_NAMES.contains(&name) || CREDITOR_FIELDS.contains(&name)
}

impl TemplateText {
    /// Parse a template text.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let chars: Vec<char> = source.chars().collect();
        let mut pos = 0;
        let nodes = parse_nodes(&chars, &mut pos, None)?;
        Ok(TemplateText {
            source: source.to_string(),
            nodes,
        })
    }

    /// The text as written in the policy.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Write the text with the client's facts and the creditor's identification.
    pub fn render(&self, facts: &MessageFacts, creditor: Option<&Creditor>) -> String {
        let mut out = String::new();
        render_nodes(&self.nodes, facts, creditor, &mut out);
        out
    }
}

fn lookup(name: &str, facts: &MessageFacts, creditor: Option<&Creditor>) -> Option<String> {
    facts
        .value(name)
        .or_else(|| creditor.and_then(|c| c.value(name)))
}

fn render_nodes(
    nodes: &[Node],
    facts: &MessageFacts,
    creditor: Option<&Creditor>,
    out: &mut String,
) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Field(name) => {
                if let Some(v) = lookup(name, facts, creditor) {
                    out.push_str(&v);
                }
            }
            Node::IfKnown(name, inner) => {
                if lookup(name, facts, creditor).is_some() {
                    render_nodes(inner, facts, creditor, out);
                }
            }
            Node::IfUnknown(name, inner) => {
                if lookup(name, facts, creditor).is_none() {
                    render_nodes(inner, facts, creditor, out);
                }
            }
        }
    }
}

fn parse_nodes(
    chars: &[char],
    pos: &mut usize,
    open: Option<(&str, usize)>,
) -> Result<Vec<Node>, TemplateError> {
    let mut nodes = Vec::new();
    let mut text = String::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        if c == '}' {
            return Err(TemplateError {
                position: *pos,
                message: "'}' without '{'".into(),
            });
        }
        if c != '{' {
            text.push(c);
            *pos += 1;
            continue;
        }
        let start = *pos;
        let Some(len) = chars[start + 1..].iter().position(|c| *c == '}') else {
            return Err(TemplateError {
                position: start,
                message: "'{' never closed".into(),
            });
        };
        let inner: String = chars[start + 1..start + 1 + len].iter().collect();
        *pos = start + len + 2;
        if !text.is_empty() {
            nodes.push(Node::Text(std::mem::take(&mut text)));
        }
        let (kind, name) = match inner.chars().next() {
            Some('?') if inner[1..].starts_with('!') => ('!', &inner[2..]),
            Some('?') => ('?', &inner[1..]),
            Some('/') => ('/', &inner[1..]),
            _ => (' ', inner.as_str()),
        };
        if !known_field(name) {
            return Err(TemplateError {
                position: start,
                message: format!(
                    "unknown placeholder {{{inner}}} (known: {}, {})",
                    FACT_NAMES.join(", "),
                    CREDITOR_FIELDS.join(", ")
                ),
            });
        }
        match kind {
            '?' | '!' => {
                let inner_nodes = parse_nodes(chars, pos, Some((name, start)))?;
                nodes.push(if kind == '?' {
                    Node::IfKnown(name.to_string(), inner_nodes)
                } else {
                    Node::IfUnknown(name.to_string(), inner_nodes)
                });
            }
            '/' => {
                return match open {
                    Some((expected, _)) if expected == name => {
                        if !text.is_empty() {
                            nodes.push(Node::Text(text));
                        }
                        Ok(nodes)
                    }
                    Some((expected, _)) => Err(TemplateError {
                        position: start,
                        message: format!("{{/{name}}} closes {{?{expected}}}"),
                    }),
                    None => Err(TemplateError {
                        position: start,
                        message: format!("{{/{name}}} without {{?{name}}}"),
                    }),
                };
            }
            _ => nodes.push(Node::Field(name.to_string())),
        }
    }
    if let Some((name, at)) = open {
        return Err(TemplateError {
            position: at,
            message: format!("{{?{name}}} never closed with {{/{name}}}"),
        });
    }
    if !text.is_empty() {
        nodes.push(Node::Text(text));
    }
    Ok(nodes)
}

/// Replace every `{name}` placeholder of a known fact or creditor field in free text (a
/// language model's draft) by its value; unknown or unfilled placeholders stay for the guard
/// to find.
///
/// ```
/// use collection_policy::{fill_placeholders, MessageFacts};
/// let facts = MessageFacts::default().with_nome("Ana")?;
/// assert_eq!(fill_placeholders("Olá, {nome}! {valor_em_aberto}", &facts, None),
///            "Olá, Ana! {valor_em_aberto}");
/// # Ok::<(), collection_policy::FactError>(())
/// ```
pub fn fill_placeholders(text: &str, facts: &MessageFacts, creditor: Option<&Creditor>) -> String {
    let mut out = text.to_string();
    for name in FACT_NAMES.iter().chain(CREDITOR_FIELDS.iter()) {
        let placeholder = format!("{{{name}}}");
        if out.contains(&placeholder) {
            if let Some(value) = lookup(name, facts, creditor) {
                out = out.replace(&placeholder, &value);
            }
        }
    }
    out
}

/// One template of the policy.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageTemplate {
    /// The treatment segment it is for.
    pub tratamento: u8,
    /// The states it is for (empty: any state).
    pub estados: Vec<ClientState>,
    /// The channel.
    pub canal: Canal,
    /// The text.
    pub texto: TemplateText,
}

/// The footer of each channel: identification and, except for calls, the opt-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Footers {
    /// E-mail footer.
    pub email: TemplateText,
    /// WhatsApp footer.
    pub whatsapp: TemplateText,
    /// SMS footer.
    pub sms: TemplateText,
    /// What the agent says to identify the creditor on a call.
    pub telefone: TemplateText,
}

impl Footers {
    /// The footer for `canal`.
    pub fn for_channel(&self, canal: Canal) -> &TemplateText {
        match canal {
            Canal::Email => &self.email,
            Canal::WhatsApp => &self.whatsapp,
            Canal::Sms => &self.sms,
            Canal::Telefone => &self.telefone,
        }
    }
}

/// What joins a message body and its footer on `canal`.
pub fn footer_separator(canal: Canal) -> &'static str {
    match canal {
        Canal::Email | Canal::WhatsApp => "\n\n",
        Canal::Sms | Canal::Telefone => " ",
    }
}

/// Every template of a policy, its creditor and its footers.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageTemplates {
    /// Who collects.
    pub credor: Option<Creditor>,
    /// Footers per channel (present when `credor` is).
    pub rodape: Option<Footers>,
    /// The templates, in file order.
    pub modelos: Vec<MessageTemplate>,
}

impl MessageTemplates {
    /// The template for a treatment segment, state and channel: one listing the state
    /// before one for any state.
    pub fn select(
        &self,
        tratamento: u8,
        state: Option<ClientState>,
        canal: Canal,
    ) -> Option<&MessageTemplate> {
        let candidates = || {
            self.modelos
                .iter()
                .filter(move |t| t.tratamento == tratamento && t.canal == canal)
        };
        state
            .and_then(|s| candidates().find(|t| t.estados.contains(&s)))
            .or_else(|| candidates().find(|t| t.estados.is_empty()))
    }

    /// The footer for `canal`, written with the creditor's identification (empty without one).
    pub fn footer(&self, canal: Canal) -> String {
        match (&self.rodape, &self.credor) {
            (Some(f), Some(c)) => f
                .for_channel(canal)
                .render(&MessageFacts::default(), Some(c)),
            _ => String::new(),
        }
    }

    /// `body` followed by the channel's footer.
    pub fn with_footer(&self, body: &str, canal: Canal) -> String {
        let footer = self.footer(canal);
        if footer.is_empty() {
            body.trim_end().to_string()
        } else {
            format!("{}{}{footer}", body.trim_end(), footer_separator(canal))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_nest_and_mismatches_are_errors() {
        let t = TemplateText::parse(
            "{?valor_em_aberto}Valor: {valor_em_aberto}{?vencimento}, até {vencimento}{/vencimento}.{/valor_em_aberto}",
        )
        .unwrap();
        let f = MessageFacts::default().with_valor_em_aberto(10.0).unwrap();
        assert_eq!(t.render(&f, None), "Valor: R$ 10,00.");
        let f = f.with_vencimento("2026-01-05").unwrap();
        assert_eq!(t.render(&f, None), "Valor: R$ 10,00, até 05/01/2026.");
        let e = TemplateText::parse("{?nome}x{/vencimento}").unwrap_err();
        assert!(e.message.contains("closes"), "{e}");
        let e = TemplateText::parse("x}").unwrap_err();
        assert_eq!(e.position, 1);
        assert!(TemplateText::parse("{nome").is_err());
    }

    #[test]
    fn cnpj_check_digits() {
        assert!(cnpj_is_valid("11222333000181"));
        assert!(!cnpj_is_valid("11.111.111/1111-11"));
        assert!(!cnpj_is_valid("11.222.333/0001"));
    }
}
