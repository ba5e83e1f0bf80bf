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
    let text = number(value, 2);
    match text.strip_prefix('-') {
        Some(positive) => format!("-R$ {positive}"),
        None => format!("R$ {text}"),
    }
}

/// A number with a thousands dot and `places` decimals after a comma: `30.000`, `1.234,5`.
/// Rounding that gives zero drops the sign (`-0,001` is `0,00`).
///
/// ```
/// assert_eq!(br_format::number(30_000.0, 0), "30.000");
/// assert_eq!(br_format::number(-1234.56, 1), "-1.234,6");
/// ```
pub fn number(value: f64, places: usize) -> String {
    let scale = 10f64.powi(i32::try_from(places.min(9)).unwrap_or(9));
    let scaled = (value * scale).round();
    let negative = scaled < 0.0;
    let scaled = scaled.abs();
    let whole = (scaled / scale).floor();
    let frac = (scaled - whole * scale).round() as u64;
    // `whole` is an integer below 2^53 for any amount a request can hold, so
    // its decimal digits are those of the `u64` (cheaper than float formatting).
    let digits = if whole < 9.0e15 {
        (whole as u64).to_string()
    } else {
        format!("{whole:.0}")
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + places + 2);
    if negative {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    if places > 0 {
        out.push(',');
        out.push_str(&format!("{frac:0places$}"));
    }
    out
}

/// A fraction with a decimal comma and two places: `0,21`.
pub fn decimal(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

/// A rate as a percentage with two places: `2,93 %`.
pub fn percent(rate: f64) -> String {
    format!("{} %", decimal(rate * 100.0))
}

/// A rate as a percentage with `places` decimals: `14,2 %`.
pub fn percent_places(rate: f64, places: usize) -> String {
    format!("{} %", number(rate * 100.0, places))
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
        assert_eq!(brl(-7.0), "-R$ 7,00");
        assert_eq!(number(0.999, 0), "1");
        assert_eq!(number(1_234_567.891, 3), "1.234.567,891");
        assert_eq!(number(-0.04, 1), "0,0");
        assert_eq!(percent_places(0.142, 1), "14,2 %");
    }
}
