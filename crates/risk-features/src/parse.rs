//! Cell parsing shared by the CSV and spreadsheet readers: turns the cells of
//! one row into an [`AccountHistory`] or a [`FeatureError::BadCell`].

use crate::{AccountHistory, ColumnMap, FeatureError};

/// A row as the readers see it: cell text by position.
pub(crate) trait Cells {
    /// The trimmed text of cell `pos` (empty when the row is short).
    fn cell(&self, pos: usize) -> &str;
}

impl Cells for csv::ByteRecord {
    /// Used only for records already checked to be UTF-8 as a whole.
    fn cell(&self, pos: usize) -> &str {
        self.get(pos)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
            .trim()
    }
}

impl Cells for Vec<String> {
    fn cell(&self, pos: usize) -> &str {
        self.get(pos).map(|s| s.trim()).unwrap_or("")
    }
}

fn bad(
    map: &ColumnMap,
    line: u64,
    pos: usize,
    value: &str,
    expected: &'static str,
) -> FeatureError {
    FeatureError::BadCell {
        line,
        column: map.name(pos),
        value: value.to_string(),
        expected,
    }
}

/// Largest plausible amount in any money column (limit, bill, payment): 10
/// billion. A larger value is a typo or a broken export, and one such row
/// would dominate the scaling and collapse the segmentation.
pub const MAX_AMOUNT: f64 = 10_000_000_000.0;

/// How numbers are written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// `1234.56`.
    #[default]
    Point,
    /// `1.234,56` (Brazilian spreadsheets): `.` groups thousands, `,` is the decimal mark.
    Comma,
}

fn parse_number(text: &str, mark: DecimalMark) -> Option<f64> {
    let v = match mark {
        DecimalMark::Point => text.parse::<f64>().ok()?,
        DecimalMark::Comma => {
            // `.` may only group thousands: "1.234.567,89" yes, "1234.56" no
            // (that is a point decimal, and reading it as 123456 would be a
            // silent hundredfold error).
            let whole = text.split(',').next().unwrap_or("");
            let mut groups = whole.split('.');
            let first = groups.next().unwrap_or("");
            let grouped = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
            let lead_missing = first.trim_start_matches(['-', '+']).is_empty();
            if !grouped || (lead_missing && whole.contains('.')) {
                return None;
            }
            text.replace('.', "")
                .replace(',', ".")
                .parse::<f64>()
                .ok()?
        }
    };
    v.is_finite().then_some(v)
}

fn number(
    map: &ColumnMap,
    line: u64,
    pos: usize,
    text: &str,
    mark: DecimalMark,
) -> Result<f64, FeatureError> {
    match parse_number(text, mark) {
        Some(v) if v.abs() <= MAX_AMOUNT => Ok(v),
        Some(_) => Err(bad(
            map,
            line,
            pos,
            text,
            "implausible amount: above 10 billion",
        )),
        None if mark == DecimalMark::Comma => Err(bad(
            map,
            line,
            pos,
            text,
            "expected a number written 1.234,56 (decimal comma, the default with ';'; pass --decimal-point for 1234.56)",
        )),
        None => Err(bad(map, line, pos, text, "expected a finite number")),
    }
}

/// Parse one data row. `line` is its 1-based line number, `ordinal` its
/// 1-based record number (used as the ID when the file has no ID column).
pub(crate) fn parse_row<C: Cells>(
    map: &ColumnMap,
    row: &C,
    line: u64,
    ordinal: u64,
    mark: DecimalMark,
) -> Result<AccountHistory, FeatureError> {
    let id = match map.id {
        Some(pos) => {
            let text = row.cell(pos);
            if text.is_empty() {
                return Err(bad(map, line, pos, text, "expected a client identifier"));
            }
            text.to_string()
        }
        None => ordinal.to_string(),
    };
    let limit_text = row.cell(map.limit_bal);
    let limit_bal = number(map, line, map.limit_bal, limit_text, mark)?;
    if limit_bal < 0.0 {
        return Err(bad(
            map,
            line,
            map.limit_bal,
            limit_text,
            "expected a credit limit >= 0",
        ));
    }
    let mut pay_status = [0i32; 6];
    let mut bill_amt = [0f64; 6];
    let mut pay_amt = [0f64; 6];
    for i in 0..6 {
        let pos = map.pay_status[i];
        let text = row.cell(pos);
        let v = number(map, line, pos, text, mark)
            .map_err(|_| bad(map, line, pos, text, "expected an integer status -2..9"))?;
        if v.fract() != 0.0 || !(-2.0..=9.0).contains(&v) {
            return Err(bad(
                map,
                line,
                pos,
                text,
                "expected an integer status -2..9",
            ));
        }
        pay_status[i] = v as i32;
        bill_amt[i] = number(map, line, map.bill_amt[i], row.cell(map.bill_amt[i]), mark)?;
        let pos = map.pay_amt[i];
        let text = row.cell(pos);
        let paid = number(map, line, pos, text, mark)?;
        if paid < 0.0 {
            return Err(bad(map, line, pos, text, "expected a payment >= 0"));
        }
        pay_amt[i] = paid;
    }
    let default_next_month = match map.label {
        Some(pos) => {
            let text = row.cell(pos);
            match (text, parse_number(text, mark)) {
                ("true" | "True" | "TRUE", _) | (_, Some(1.0)) => Some(true),
                ("false" | "False" | "FALSE", _) | (_, Some(0.0)) => Some(false),
                _ => return Err(bad(map, line, pos, text, "expected a label 0 or 1")),
            }
        }
        None => None,
    };
    Ok(AccountHistory {
        id,
        limit_bal,
        pay_status,
        bill_amt,
        pay_amt,
        default_next_month,
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_number, DecimalMark};

    #[test]
    fn a_decimal_comma_reads_grouped_thousands_and_refuses_point_decimals() {
        let comma = |t: &str| parse_number(t, DecimalMark::Comma);
        assert_eq!(comma("1.234.567,89"), Some(1_234_567.89));
        assert_eq!(comma("50.000,00"), Some(50_000.0));
        assert_eq!(comma("-3.913,5"), Some(-3_913.5));
        assert_eq!(comma("0,5"), Some(0.5));
        assert_eq!(comma("689"), Some(689.0));
        assert_eq!(
            comma("1234.56"),
            None,
            "a point decimal is not read as 123456"
        );
        assert_eq!(comma("1.23,4"), None);
        assert_eq!(comma(".500"), None);
        assert_eq!(parse_number("1234.56", DecimalMark::Point), Some(1234.56));
    }
}
