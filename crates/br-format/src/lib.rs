//! # br-format
//!
//! Numbers written the Brazilian way, for explanations, messages and reports: money with a
//! thousands dot and a decimal comma (`R$ 356.031,35`), fractions with a decimal comma
//! (`0,21`) and percentages (`2,93 %`).
//!
//! ```
//! assert_eq!(br_format::brl(356_031.35), "R$ 356.031,35");
//! assert_eq!(br_format::brl(-7.0), "-R$ 7,00");
//! assert_eq!(br_format::percent(0.029_31), "2,93 %");
//! ```

#![deny(missing_docs)]

/// Money in Brazilian format: `R$ 25.000,00`.
pub fn brl(value: f64) -> String {
    let cents = (value * 100.0).round();
    let negative = cents < 0.0;
    let cents = cents.abs();
    let whole = (cents / 100.0).floor();
    let frac = (cents - whole * 100.0) as u64;
    // `whole` is an integer below 2^53 for any amount a request can hold, so
    // its decimal digits are those of the `u64` (cheaper than float formatting).
    let digits = if whole < 9.0e15 {
        (whole as u64).to_string()
    } else {
        format!("{whole:.0}")
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{}R$ {grouped},{frac:02}", if negative { "-" } else { "" })
}

/// A fraction with a decimal comma and two places: `0,21`.
pub fn decimal(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

/// A rate as a percentage with two places: `2,93 %`.
pub fn percent(rate: f64) -> String {
    format!("{} %", decimal(rate * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_brazilian_money() {
        assert_eq!(brl(25_000.0), "R$ 25.000,00");
        assert_eq!(brl(1061.357), "R$ 1.061,36");
        assert_eq!(brl(0.5), "R$ 0,50");
        assert_eq!(brl(1_000_000.0), "R$ 1.000.000,00");
        assert_eq!(brl(999.999), "R$ 1.000,00");
        assert_eq!(brl(0.0), "R$ 0,00");
        assert_eq!(brl(-0.001), "R$ 0,00");
        assert_eq!(decimal(0.2149), "0,21");
        assert_eq!(percent(0.029_31), "2,93 %");
    }
}
