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
pub(crate) fn personal_data(message: &str, allowed_digits: &[String]) -> Vec<Violation> {
    let mut out = Vec::new();
    for (digits, shown) in digit_runs(message) {
        if allowed_digits.iter().any(|a| a == &digits) {
            continue;
        }
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
    if !message.contains(['[', '{', '<', '%', '$']) {
        return out;
    }
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

/// Money amounts written `R$ 1.234,56`, `R$1234.56` or `R$ 200`, in cents, with the text.
fn amounts(message: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(at) = rest.find("R$") {
        let after = &rest[at + 2..];
        let number: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let number = number.trim_end_matches(['.', ',']).to_string();
        if number.chars().any(|c| c.is_ascii_digit()) {
            // A comma, or a dot followed by exactly two digits at the end, marks the cents.
            let (units, cents) = match number.rsplit_once(',') {
                Some((u, c)) => (u.replace('.', ""), c.to_string()),
                None => match number.rsplit_once('.') {
                    Some((u, c)) if c.len() == 2 => (u.replace('.', ""), c.to_string()),
                    _ => (number.replace('.', ""), String::new()),
                },
            };
            let units: u64 = units.parse().unwrap_or(0);
            let cents: u64 = format!("{cents:0<2}")
                .get(..2)
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            out.push((
                units.saturating_mul(100).saturating_add(cents),
                format!("R$ {number}"),
            ));
        }
        rest = after;
    }
    out
}

/// Every amount in `message` that is not `own` (the client's amount, in cents).
pub(crate) fn foreign_amounts(message: &str, own: Option<u64>) -> Vec<Violation> {
    amounts(message)
        .into_iter()
        .filter(|(cents, _)| Some(*cents) != own)
        .map(|(_, shown)| {
            violation(
                GuardRule::PersonalData,
                format!("amount {shown} is not the client's"),
            )
        })
        .collect()
}

/// Words that open a salutation, folded.
const SALUTATIONS: &[&str] = &[
    "ola", "oi", "prezado", "prezada", "caro", "cara", "querido", "querida", "sr", "sra", "senhor",
    "senhora", "dr", "dra", "dear", "hi", "hello",
];

/// The first letters of [`SALUTATIONS`], both cases.
const SALUTATION_INITIALS: [char; 14] = [
    'o', 'O', 'p', 'P', 'c', 'C', 'q', 'Q', 's', 'S', 'd', 'D', 'h', 'H',
];

/// Salutations written with a full stop that the name still follows ("Sr. João").
const TITLES: [&str; 4] = ["sr", "sra", "dr", "dra"];

/// Capitalised words that follow a salutation without being a name, folded.
const NOT_NAMES: &[&str] = &[
    "cliente",
    "voce",
    "tudo",
    "bom",
    "boa",
    "como",
    "aqui",
    "passando",
    "sua",
    "seu",
    "estamos",
    "temos",
    "sabemos",
    "notamos",
    "identificamos",
    "queremos",
    "um",
    "uma",
    "o",
    "a",
    "ha",
    "esta",
    "este",
    "hoje",
    "customer",
];

/// A name in a salutation ("Olá, Maria!", "Prezado João") that is not `own`.
pub(crate) fn foreign_names(message: &str, own: Option<&str>) -> Vec<Violation> {
    let fold = |w: &str| crate::text::normalize(w);
    let own_first = own.and_then(|n| n.split_whitespace().next()).map(fold);
    let words: Vec<&str> = message.split_whitespace().collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (greeting, next) = (pair[0], pair[1]);
        let g = greeting.trim_end_matches('.').trim_end_matches(',');
        // Cheap first: every salutation is short and starts with one of these letters, so
        // most words are passed over without folding.
        if g.len() > 8 || !g.starts_with(SALUTATION_INITIALS) {
            continue;
        }
        let folded = fold(g);
        if !SALUTATIONS.contains(&folded.as_str()) {
            continue;
        }
        // "Olá!" or "Olá." ends the salutation: no name follows ("Sr." does not).
        let title = TITLES.contains(&folded.as_str()) && greeting.ends_with('.');
        if greeting.ends_with(['!', '.', '?', ':']) && !title {
            continue;
        }
        let name = next.trim_end_matches(|c: char| !c.is_alphabetic());
        let capitalised = name.chars().next().is_some_and(char::is_uppercase)
            && name
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        if !capitalised || NOT_NAMES.contains(&fold(name).as_str()) {
            continue;
        }
        if own_first.as_deref() != Some(fold(name).as_str()) {
            out.push(violation(
                GuardRule::PersonalData,
                format!("name {name:?} is not the client's"),
            ));
        }
    }
    out
}

/// Common words of each language, folded (accents removed), sorted for binary search.
const PORTUGUESE: &[&str] = &[
    "a",
    "ajudar",
    "as",
    "com",
    "da",
    "das",
    "de",
    "do",
    "dos",
    "e",
    "em",
    "estamos",
    "fatura",
    "hoje",
    "na",
    "nao",
    "no",
    "o",
    "obrigado",
    "ola",
    "os",
    "pagamento",
    "para",
    "pela",
    "pelo",
    "podemos",
    "por",
    "que",
    "seu",
    "seus",
    "sua",
    "suas",
    "um",
    "uma",
    "valor",
    "voce",
];
const ENGLISH: &[&str] = &[
    "and", "are", "be", "can", "dear", "for", "has", "have", "hello", "is", "of", "our", "payment",
    "please", "thank", "that", "the", "this", "to", "we", "will", "with", "you", "your",
];

/// The message reads as English rather than Portuguese (at least three English function words
/// and more of them than Portuguese ones).
pub(crate) fn wrong_language(words: &[String]) -> Vec<Violation> {
    let count = |list: &[&str]| {
        words
            .iter()
            .filter(|w| list.binary_search(&w.as_str()).is_ok())
            .count()
    };
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
    fn language_lists_are_sorted_for_binary_search() {
        assert!(PORTUGUESE.windows(2).all(|w| w[0] < w[1]));
        assert!(ENGLISH.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_cheap_salutation_filter_lets_every_salutation_through() {
        for s in SALUTATIONS {
            assert!(s.len() <= 8 && s.starts_with(SALUTATION_INITIALS), "{s}");
            let capital: String = s[..1].to_uppercase() + &s[1..];
            assert!(capital.starts_with(SALUTATION_INITIALS), "{capital}");
        }
        assert!(TITLES.iter().all(|t| SALUTATIONS.contains(t)));
        assert_eq!(foreign_names("Sr. Carlos, tudo bem?", Some("Ana")).len(), 1);
        assert_eq!(
            foreign_names("Olá, Ana! Prezada Maria,", Some("Ana")).len(),
            1
        );
    }

    #[test]
    fn personal_data_is_found_and_money_is_not() {
        let found = |m: &str| personal_data(m, &[]).len();
        assert_eq!(found("CPF 123.456.789-09 em aberto"), 1);
        assert_eq!(found("ligue (11) 98765-4321"), 1);
        assert_eq!(found("ou 11987654321"), 1);
        assert_eq!(found("escreva para maria.silva@gmail.com"), 1);
        assert_eq!(found("valor de R$ 1.234,56 até 10/12"), 0);
        assert_eq!(found("R$ 12.345.678 em aberto"), 0);
        assert_eq!(found("pague até 10/12/2026, 3 parcelas de 250"), 0);
    }

    #[test]
    fn amounts_and_names_not_the_clients_are_found() {
        assert!(foreign_amounts("valor de R$ 1.234,56", Some(123_456)).is_empty());
        assert!(foreign_amounts("valor de R$1234.56", Some(123_456)).is_empty());
        assert_eq!(foreign_amounts("valor de R$ 1.234,56", Some(100)).len(), 1);
        assert_eq!(foreign_amounts("ganhe R$ 200 hoje", None).len(), 1);
        assert!(foreign_amounts("sem valores", None).is_empty());
        assert!(foreign_names("Olá, Ana! Tudo bem?", Some("Ana")).is_empty());
        assert!(foreign_names("Olá! Sabemos que", None).is_empty());
        assert!(foreign_names("Olá, tudo bem?", None).is_empty());
        assert_eq!(foreign_names("Olá, Maria! Tudo bem?", Some("Ana")).len(), 1);
        assert_eq!(foreign_names("Prezado João, sua fatura", None).len(), 1);
        let allowed = ["08001234567".to_string()];
        assert!(personal_data("ligue 0800 123 4567", &allowed).is_empty());
        assert_eq!(personal_data("ligue 0800 123 4567", &[]).len(), 1);
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
