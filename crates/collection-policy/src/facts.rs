//! Facts about one client that the operator knows and a message may state: first name, amount
//! overdue, days overdue, due date and agreement code. They are validated here, written into
//! templates here, and never shown to a language model (it writes placeholders instead).
//!
//! ```
//! use collection_policy::MessageFacts;
//!
//! let facts = MessageFacts::default()
//!     .with_nome("Ana")?
//!     .with_valor_em_aberto(356_031.35)?
//!     .with_vencimento("2026-12-10")?;
//! assert_eq!(facts.value("nome").as_deref(), Some("Ana"));
//! assert_eq!(facts.value("valor_em_aberto").as_deref(), Some("R$ 356.031,35"));
//! assert_eq!(facts.value("vencimento").as_deref(), Some("10/12/2026"));
//! assert!(MessageFacts::default().with_vencimento("2026-02-30").is_err());
//! # Ok::<(), collection_policy::FactError>(())
//! ```

use serde::{Deserialize, Serialize};

/// The longest first name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 24;
/// The largest amount accepted (exclusive), in reais.
pub const MAX_AMOUNT: f64 = 100_000_000.0;
/// The longest agreement code accepted, in characters.
pub const MAX_AGREEMENT_CODE_CHARS: usize = 20;
/// The largest number of days overdue accepted.
pub const MAX_DAYS_OVERDUE: u32 = 36_500;

/// The letters a name may use: ASCII and the Latin-1 letters (every Portuguese name).
const NAME_LETTER: &str = "A-Za-zÀ-ÖØ-öø-ÿ";

/// The JSON Schema `pattern` of [`MessageFacts::with_nome`], exactly what it accepts
/// (with `maxLength` [`MAX_NAME_CHARS`]): one or two words of Latin letters, apostrophes and
/// hyphens, each starting with a letter, separated by one space.
pub fn name_pattern() -> String {
    let word = format!("[{NAME_LETTER}][{NAME_LETTER}'-]*");
    format!("^{word}( {word})?$")
}

/// The JSON Schema `pattern` of [`MessageFacts::with_codigo_acordo`], exactly what it accepts
/// (with `maxLength` [`MAX_AGREEMENT_CODE_CHARS`]): ASCII letters, digits and hyphens with at
/// least one letter.
pub const AGREEMENT_CODE_PATTERN: &str = "^[0-9-]*[A-Za-z][A-Za-z0-9-]*$";

fn is_name_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
}

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(is_name_letter)
        && chars.all(|c| is_name_letter(c) || c == '\'' || c == '-')
}

/// The names of the facts, as written in requests and template placeholders.
pub const FACT_NAMES: [&str; 5] = [
    "nome",
    "valor_em_aberto",
    "dias_em_atraso",
    "vencimento",
    "codigo_acordo",
];

/// A fact that cannot be used, naming the field and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message} (got {value:?})")]
pub struct FactError {
    /// The fact's name.
    pub field: &'static str,
    /// The value given.
    pub value: String,
    /// What is accepted.
    pub message: String,
}

fn fact_error(field: &'static str, value: impl ToString, message: &str) -> FactError {
    FactError {
        field,
        value: value.to_string(),
        message: message.to_string(),
    }
}

/// Validated facts about one client; every one is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageFacts {
    /// First name.
    pub nome: Option<String>,
    /// Amount overdue, in reais.
    pub valor_em_aberto: Option<f64>,
    /// Days overdue today.
    pub dias_em_atraso: Option<u32>,
    /// Due date as `(year, month, day)`.
    pub vencimento: Option<(u16, u8, u8)>,
    /// The agreement or payment code the client quotes.
    pub codigo_acordo: Option<String>,
}

impl MessageFacts {
    /// With a first name: one or two words of Latin letters (accents allowed), apostrophes and
    /// hyphens, each starting with a letter and separated by one space, at most
    /// [`MAX_NAME_CHARS`] characters ([`name_pattern`] says the same as a regular expression).
    pub fn with_nome(mut self, nome: &str) -> Result<Self, FactError> {
        let words: Vec<&str> = nome.split(' ').collect();
        let valid = nome.chars().count() <= MAX_NAME_CHARS
            && (1..=2).contains(&words.len())
            && words.iter().all(|w| is_name_word(w));
        if !valid {
            return Err(fact_error(
                "nome",
                nome,
                "a first name: one or two words of letters separated by one space, at most 24 characters",
            ));
        }
        self.nome = Some(nome.to_string());
        Ok(self)
    }

    /// With the amount overdue: finite, positive and below [`MAX_AMOUNT`].
    pub fn with_valor_em_aberto(mut self, valor: f64) -> Result<Self, FactError> {
        if !(valor.is_finite() && valor > 0.0 && valor < MAX_AMOUNT) {
            return Err(fact_error(
                "valor_em_aberto",
                valor,
                "an amount in reais above 0 and below 100 000 000",
            ));
        }
        self.valor_em_aberto = Some((valor * 100.0).round() / 100.0);
        Ok(self)
    }

    /// With the days overdue today (0 means nothing is overdue today).
    pub fn with_dias_em_atraso(mut self, dias: u32) -> Result<Self, FactError> {
        if dias > MAX_DAYS_OVERDUE {
            return Err(fact_error(
                "dias_em_atraso",
                dias,
                "a whole number of days from 0 to 36 500",
            ));
        }
        self.dias_em_atraso = Some(dias);
        Ok(self)
    }

    /// With the due date, written `YYYY-MM-DD` (an RFC 3339 full date, year 0001 to 9999).
    pub fn with_vencimento(mut self, date: &str) -> Result<Self, FactError> {
        self.vencimento =
            Some(parse_date(date).ok_or_else(|| {
                fact_error("vencimento", date, "a calendar date written YYYY-MM-DD")
            })?);
        Ok(self)
    }

    /// With the agreement code: letters, digits and hyphens, at most
    /// [`MAX_AGREEMENT_CODE_CHARS`].
    pub fn with_codigo_acordo(mut self, code: &str) -> Result<Self, FactError> {
        let valid = !code.is_empty()
            && code.chars().count() <= MAX_AGREEMENT_CODE_CHARS
            && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && code.chars().any(|c| c.is_ascii_alphabetic());
        if !valid {
            return Err(fact_error(
                "codigo_acordo",
                code,
                "letters, digits and hyphens (at least one letter), at most 20 characters",
            ));
        }
        self.codigo_acordo = Some(code.to_string());
        Ok(self)
    }

    /// The fact `name` as a message writes it (`R$ 1.234,56`, `10/12/2026`), if known.
    pub fn value(&self, name: &str) -> Option<String> {
        match name {
            "nome" => self.nome.clone(),
            "valor_em_aberto" => self.valor_em_aberto.map(format_brl),
            "dias_em_atraso" => self.dias_em_atraso.map(|d| d.to_string()),
            "vencimento" => self
                .vencimento
                .map(|(y, m, d)| format!("{d:02}/{m:02}/{y:04}")),
            "codigo_acordo" => self.codigo_acordo.clone(),
            _ => None,
        }
    }

    /// Facts as long as validation lets them be: what template lengths are checked with.
    pub fn longest() -> Self {
        MessageFacts {
            nome: Some("M".repeat(MAX_NAME_CHARS)),
            valor_em_aberto: Some(99_999_999.99),
            dias_em_atraso: Some(MAX_DAYS_OVERDUE),
            vencimento: Some((2099, 12, 31)),
            codigo_acordo: Some("A".repeat(MAX_AGREEMENT_CODE_CHARS)),
        }
    }
}

/// Format an amount in reais the Brazilian way: `R$ 356.031,35` (see [`br_format::brl`]).
///
/// ```
/// assert_eq!(collection_policy::format_brl(1234.5), "R$ 1.234,50");
/// assert_eq!(collection_policy::format_brl(-7.0), "-R$ 7,00");
/// ```
pub use br_format::brl as format_brl;

fn parse_date(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u16, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    let digits = text.chars().filter(char::is_ascii_digit).count() == 8;
    (digits && y >= 1 && (1..=days).contains(&d)).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_the_brazilian_way() {
        assert_eq!(format_brl(356_031.35), "R$ 356.031,35");
        assert_eq!(format_brl(0.0), "R$ 0,00");
        assert_eq!(format_brl(999.999), "R$ 1.000,00");
        assert_eq!(format_brl(1_000_000.0), "R$ 1.000.000,00");
    }

    #[test]
    fn dates_follow_the_calendar() {
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2100-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("10/12/2026"), None);
    }

    #[test]
    fn bad_facts_name_their_field() {
        let e = MessageFacts::default().with_nome("Ana 123").unwrap_err();
        assert_eq!(e.field, "nome");
        let e = MessageFacts::default()
            .with_valor_em_aberto(f64::NAN)
            .unwrap_err();
        assert_eq!(e.field, "valor_em_aberto");
        let e = MessageFacts::default()
            .with_codigo_acordo("12345")
            .unwrap_err();
        assert_eq!(e.field, "codigo_acordo");
        assert!(MessageFacts::default()
            .with_nome("Maria José")
            .is_ok_and(|f| f.nome.as_deref() == Some("Maria José")));
        assert!(MessageFacts::default()
            .with_nome("Ana Maria Souza")
            .is_err());
    }

    #[test]
    fn dates_are_exactly_rfc3339_full_dates() {
        assert_eq!(parse_date("0001-01-01"), Some((1, 1, 1)));
        assert_eq!(parse_date(" 2026-12-10"), None);
        assert_eq!(parse_date("+026-12-10"), None);
        assert_eq!(parse_date(""), None);
    }

    proptest::proptest! {
        /// The OpenAPI contract publishes these patterns: the validators must accept exactly
        /// the strings they match, or schemathesis (and every client generator) disagrees.
        #[test]
        fn validators_accept_exactly_their_patterns(text in "[A-Za-z0-9ÁçãéÿÀ×÷ 'ŁΩ\\-\n]{0,26}") {
            let name = regex::Regex::new(&name_pattern()).unwrap();
            let fits = name.is_match(&text) && text.chars().count() <= MAX_NAME_CHARS;
            proptest::prop_assert_eq!(MessageFacts::default().with_nome(&text).is_ok(), fits);
            let code = regex::Regex::new(AGREEMENT_CODE_PATTERN).unwrap();
            let fits = code.is_match(&text) && text.chars().count() <= MAX_AGREEMENT_CODE_CHARS;
            proptest::prop_assert_eq!(MessageFacts::default().with_codigo_acordo(&text).is_ok(), fits);
        }
    }
}
