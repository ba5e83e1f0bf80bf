//! Guard detectors that are patterns rather than phrases: personal data (CPF, phone numbers,
//! e-mail addresses), placeholders left unfilled, and a message that is not in Portuguese.

use crate::response::{GuardRule, Violation};

fn violation(rule: GuardRule, detail: String) -> Violation {
    Violation { rule, detail }
}

/// Runs of digits with the separators people write inside numbers (`.`, `-`, `(`, `)`, space),
/// as (digits, text as written).
fn digit_runs(message: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = message.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let opens_number =
            matches!(chars[i], '(' | '+') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(chars[i].is_ascii_digit() || opens_number) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut last_digit = i;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                digits.push(c);
                last_digit = i;
            } else {
                let separator = matches!(c, '.' | '-' | '(' | ')' | ' ' | '+');
                // A space continues a number only before more of it ("(11) 98765-4321").
                let continues = c != ' '
                    || chars
                        .get(i + 1)
                        .is_some_and(|n| n.is_ascii_digit() || *n == '(' || *n == '-');
                if !(separator && continues) {
                    break;
                }
            }
            i += 1;
        }
        let shown: String = chars[start..=last_digit].iter().collect();
        out.push((digits, shown));
        i = last_digit + 1;
    }
    out
}

/// A CPF (11 digits, written `000.000.000-00` or plain), a phone number (10 to 13 digits with
/// area code, or 8 to 9 digits written with a hyphen), or an e-mail address.
///
/// The message should carry none: the LLM never sees them, and a template writes the client's
/// own facts only through the policy's placeholders.
pub(crate) fn personal_data(message: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    for (digits, shown) in digit_runs(message) {
        let n = digits.len();
        let money = shown.contains(',')
            || message.contains(&format!("R$ {shown}"))
            || message.contains(&format!("R${shown}"));
        if money {
            continue;
        }
        let cpf_shape = shown.chars().filter(|c| *c == '.').count() == 2 && shown.contains('-');
        if n == 11 && (cpf_shape || !shown.contains(' ')) && !shown.contains('(') {
            out.push(violation(
                GuardRule::PersonalData,
                format!("CPF-like number {shown}"),
            ));
        } else if (10..=13).contains(&n) || ((8..=9).contains(&n) && shown.contains('-')) {
            out.push(violation(
                GuardRule::PersonalData,
                format!("phone number {shown}"),
            ));
        }
    }
    for word in message.split_whitespace() {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some((user, domain)) = w.split_once('@') {
            if !user.is_empty() && domain.contains('.') {
                out.push(violation(
                    GuardRule::PersonalData,
                    format!("e-mail address {w}"),
                ));
            }
        }
    }
    out
}

/// Placeholders left in the text: `[NOME]`, `{valor}`, `{{nome}}`, `<CLIENTE>`, `%NOME%`,
/// `$nome`.
pub(crate) fn placeholders(message: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    let chars: Vec<char> = message.chars().collect();
    for (open, close) in [('[', ']'), ('{', '}'), ('<', '>'), ('%', '%')] {
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != open {
                i += 1;
                continue;
            }
            let Some(len) = chars[i + 1..].iter().take(40).position(|c| *c == close) else {
                i += 1;
                continue;
            };
            let inner: String = chars[i + 1..i + 1 + len].iter().collect();
            let inner = inner.trim_matches(|c| c == '{' || c == '}' || c == ' ');
            let looks_like_name = !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || c == '-')
                && inner.chars().any(char::is_alphabetic)
                && (open != '%' || inner.chars().all(|c| c.is_uppercase() || c == '_'));
            if looks_like_name {
                let shown: String = chars[i..i + 2 + len].iter().collect();
                out.push(violation(
                    GuardRule::Placeholder,
                    format!("placeholder {shown} left"),
                ));
            }
            i += len + 1;
        }
    }
    for word in message.split_whitespace() {
        if let Some(rest) = word.strip_prefix('$') {
            let rest = rest.trim_end_matches(|c: char| !c.is_alphanumeric());
            if !rest.is_empty() && rest.chars().all(|c| c.is_alphabetic() || c == '_') {
                out.push(violation(
                    GuardRule::Placeholder,
                    format!("placeholder {word} left"),
                ));
            }
        }
    }
    out
}

/// Common words of each language, folded (accents removed).
const PORTUGUESE: &[&str] = &[
    "a",
    "o",
    "as",
    "os",
    "de",
    "da",
    "do",
    "das",
    "dos",
    "que",
    "voce",
    "seu",
    "sua",
    "seus",
    "suas",
    "para",
    "com",
    "nao",
    "e",
    "em",
    "no",
    "na",
    "por",
    "uma",
    "um",
    "pelo",
    "pela",
    "ola",
    "fatura",
    "pagamento",
    "valor",
    "hoje",
    "estamos",
    "podemos",
    "ajudar",
    "obrigado",
];
const ENGLISH: &[&str] = &[
    "the", "you", "your", "is", "are", "to", "and", "of", "please", "payment", "we", "can", "with",
    "for", "this", "that", "our", "will", "have", "has", "be", "hello", "dear", "thank",
];

/// The message reads as English rather than Portuguese (at least three English function words
/// and more of them than Portuguese ones).
pub(crate) fn wrong_language(words: &[String]) -> Vec<Violation> {
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
    let (pt, en) = (count(PORTUGUESE), count(ENGLISH));
    if en >= 3 && en > pt {
        vec![violation(
            GuardRule::WrongLanguage,
            format!("reads as English ({en} English and {pt} Portuguese common words)"),
        )]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_found_and_money_is_not() {
        let found = |m: &str| personal_data(m).len();
        assert_eq!(found("CPF 123.456.789-09 em aberto"), 1);
        assert_eq!(found("ligue (11) 98765-4321"), 1);
        assert_eq!(found("ou 11987654321"), 1);
        assert_eq!(found("escreva para maria.silva@gmail.com"), 1);
        assert_eq!(found("valor de R$ 1.234,56 até 10/12"), 0);
        assert_eq!(found("R$ 12.345.678 em aberto"), 0);
        assert_eq!(found("pague até 10/12/2026, 3 parcelas de 250"), 0);
    }

    #[test]
    fn placeholders_are_found() {
        for m in [
            "Olá [NOME], tudo bem?",
            "Olá {nome}",
            "valor {{valor}}",
            "Oi <CLIENTE>",
            "Oi %NOME%",
            "Oi $nome,",
        ] {
            assert_eq!(placeholders(m).len(), 1, "{m}");
        }
        for m in [
            "pague 10% hoje e 5% amanhã",
            "escolha (a) ou (b)",
            "R$ 200,00",
        ] {
            assert!(placeholders(m).is_empty(), "{m}");
        }
    }
}
