//! Reading the planner's inputs: CSV tables whose every error names the file, line, column and
//! value, the contact ledger, and the parsers of a client's fields (shared by CSV and JSON
//! callers).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::{Attempt, Channel, Outcome, Zone};

/// A row or cell that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// The file cannot be read.
    #[error("{file}: cannot read: {message}")]
    Read {
        /// The file.
        file: String,
        /// The system's reason.
        message: String,
    },
    /// Not CSV (a row with another number of fields, bad UTF-8, …).
    #[error("{file}:{line}: malformed CSV: {message}")]
    Csv {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// A required column is missing from the header.
    #[error("{file}:1: missing column {column} (the header has: {header})")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column wanted (or its alternatives).
        column: String,
        /// The header as read.
        header: String,
    },
    /// A cell that does not parse or is not allowed.
    #[error("{file}:{line}:{column}: {field} = {value:?}: {message}")]
    BadValue {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// The column's name.
        field: String,
        /// The cell as written.
        value: String,
        /// What is wrong.
        message: String,
    },
}

/// A CSV file read row by row, with the header's columns by name.
pub struct CsvTable<R: Read> {
    file: String,
    reader: csv::Reader<R>,
    header: Vec<String>,
    record: csv::StringRecord,
}

impl CsvTable<std::fs::File> {
    /// Open `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, InputError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let handle = std::fs::File::open(path).map_err(|e| InputError::Read {
            file: file.clone(),
            message: e.to_string(),
        })?;
        CsvTable::new(handle, &file)
    }
}

impl<R: Read> CsvTable<R> {
    /// Read CSV from `reader`; `file` names it in errors.
    pub fn new(reader: R, file: &str) -> Result<Self, InputError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let header = reader
            .headers()
            .map_err(|e| csv_error(file, &e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        Ok(CsvTable {
            file: file.to_string(),
            reader,
            header,
            record: csv::StringRecord::new(),
        })
    }

    /// The file's name as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The index of the first of `names` in the header.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h == n))
    }

    /// The index of a column that must be there.
    pub fn require(&self, names: &[&str]) -> Result<usize, InputError> {
        self.column(names).ok_or_else(|| InputError::MissingColumn {
            file: self.file.clone(),
            column: names.join(" or "),
            header: self.header.join(","),
        })
    }

    /// The next row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, InputError> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(Row {
                file: &self.file,
                header: &self.header,
                line: self.record.position().map_or(0, |p| p.line()),
                record: &self.record,
            })),
            Err(e) => Err(csv_error(&self.file, &e)),
        }
    }
}

fn csv_error(file: &str, e: &csv::Error) -> InputError {
    InputError::Csv {
        file: file.to_string(),
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    }
}

/// One row of a [`CsvTable`].
pub struct Row<'t> {
    file: &'t str,
    header: &'t [String],
    line: u64,
    record: &'t csv::StringRecord,
}

impl Row<'_> {
    /// 1-based line.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The cell of `column`, `None` when empty or absent.
    pub fn cell(&self, column: Option<usize>) -> Option<&str> {
        column
            .and_then(|c| self.record.get(c))
            .filter(|s| !s.is_empty())
    }

    /// The error for `column`'s cell.
    pub fn bad(&self, column: usize, message: impl Into<String>) -> InputError {
        InputError::BadValue {
            file: self.file.to_string(),
            line: self.line,
            column: column + 1,
            field: self.header.get(column).cloned().unwrap_or_default(),
            value: self.record.get(column).unwrap_or("").to_string(),
            message: message.into(),
        }
    }

    /// Parse `column`'s cell with `parse`; `None` when empty.
    pub fn parse<T>(
        &self,
        column: Option<usize>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, InputError> {
        match (column, self.cell(column)) {
            (Some(c), Some(text)) => parse(text).map(Some).map_err(|m| self.bad(c, m)),
            _ => Ok(None),
        }
    }

    /// Parse a cell that must be there.
    pub fn parse_required<T>(
        &self,
        column: usize,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, InputError> {
        self.parse(Some(column), parse)?
            .ok_or_else(|| self.bad(column, "required"))
    }
}

/// Every client's attempts, from a ledger file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Attempts per client id, oldest first.
    pub attempts: HashMap<String, Vec<Attempt>>,
    /// Rows read.
    pub rows: usize,
}

impl Ledger {
    /// A client's attempts (none when the ledger does not know it).
    pub fn of(&self, client_id: &str) -> &[Attempt] {
        self.attempts.get(client_id).map_or(&[], Vec::as_slice)
    }

    /// Add one attempt.
    pub fn push(&mut self, client_id: &str, attempt: Attempt) {
        self.rows += 1;
        let list = self.attempts.entry(client_id.to_string()).or_default();
        let place = list.partition_point(|a| a.at <= attempt.at);
        list.insert(place, attempt);
    }

    /// Read a ledger: `client_id`, `channel`, `at` (RFC 3339), `outcome`, `promised_date`
    /// (required for a promise), `amount`.
    pub fn read<R: Read>(table: &mut CsvTable<R>) -> Result<Ledger, InputError> {
        let id = table.require(&["client_id", "id"])?;
        let channel = table.require(&["channel"])?;
        let at = table.require(&["at"])?;
        let outcome = table.require(&["outcome"])?;
        let promised = table.column(&["promised_date"]);
        let amount = table.column(&["amount"]);
        let mut ledger = Ledger::default();
        while let Some(row) = table.next_row()? {
            let client_id = row.parse_required(id, |s| Ok(s.to_string()))?;
            let attempt = Attempt {
                channel: row.parse_required(channel, |s| s.parse())?,
                at: row.parse_required(at, parse_instant)?,
                outcome: row.parse_required(outcome, |s| s.parse())?,
                promised_date: row.parse(promised, parse_date)?,
                amount: row.parse(amount, parse_amount)?,
            };
            if attempt.outcome == Outcome::Promise && attempt.promised_date.is_none() {
                return Err(row.bad(
                    promised.unwrap_or(outcome),
                    "a promise needs its promised_date",
                ));
            }
            ledger.push(&client_id, attempt);
        }
        Ok(ledger)
    }

    /// Read a ledger file.
    pub fn read_path(path: impl AsRef<Path>) -> Result<Ledger, InputError> {
        Ledger::read(&mut CsvTable::open(path)?)
    }
}

/// An instant in RFC 3339 (`2026-12-03T10:00:00-03:00`, `…Z`).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .map_err(|_| {
            "expected an RFC 3339 instant with its offset, e.g. 2026-12-03T10:00:00-03:00".into()
        })
}

/// A date, `YYYY-MM-DD` (or `DD/MM/YYYY`).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| "expected a date YYYY-MM-DD (or DD/MM/YYYY)".into())
}

/// An amount: `1234.56` (or `1234,56`), finite and not negative.
pub fn parse_amount(text: &str) -> Result<f64, String> {
    let normal = if text.contains('.') {
        text.to_string()
    } else {
        text.replace(',', ".")
    };
    match normal.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err("expected a non-negative amount such as 1234.56".into()),
    }
}

/// Channels separated by `;`, `|`, `,` or spaces; `all` for every channel; empty for none.
pub fn parse_channels(text: &str) -> Result<Vec<Channel>, String> {
    let mut out = Vec::new();
    for part in text
        .split([';', '|', ',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if part.eq_ignore_ascii_case("all") {
            return Ok(Channel::ALL.to_vec());
        }
        let channel: Channel = part.parse().map_err(|e| format!("{part:?}: {e}"))?;
        if !out.contains(&channel) {
            out.push(channel);
        }
    }
    Ok(out)
}

/// Which of the client's fields is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceField {
    /// `uf`.
    Uf,
    /// `timezone`.
    Timezone,
}

/// The client's state and zone from `uf` and `timezone` (the zone, when given, wins).
pub fn parse_place(
    uf: Option<&str>,
    timezone: Option<&str>,
) -> Result<(Option<String>, Zone), (PlaceField, String)> {
    let region = match uf {
        Some(uf) => {
            let upper = uf.trim().to_ascii_uppercase();
            if Zone::of_state(&upper).is_none() {
                return Err((
                    PlaceField::Uf,
                    "unknown state: expected a UF such as SP, AM or AC".into(),
                ));
            }
            Some(upper)
        }
        None => None,
    };
    let zone = match (timezone, &region) {
        (Some(tz), _) => Zone::named(tz.trim()).ok_or((
            PlaceField::Timezone,
            "unknown time zone: expected a Brazilian or US IANA zone (America/Manaus, \
             America/New_York, …) or UTC±HH:MM"
                .into(),
        ))?,
        (None, Some(uf)) => Zone::of_state(uf).ok_or((PlaceField::Uf, "unknown state".into()))?,
        (None, None) => {
            return Err((
                PlaceField::Uf,
                "give the client's uf or timezone (its contact hours are local)".into(),
            ))
        }
    };
    Ok((region, zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDGER: &str = "client_id,channel,at,outcome,promised_date,amount\n\
        1,phone,2026-12-01T10:00:00-03:00,promise,2026-12-10,300.50\n\
        1,sms,2026-11-30T09:00:00-03:00,no_answer,,\n\
        2,email,2026-12-01T10:00:00Z,paid,,1200\n";

    #[test]
    fn a_ledger_is_grouped_by_client_and_ordered_in_time() {
        let ledger = Ledger::read(&mut CsvTable::new(LEDGER.as_bytes(), "l.csv").unwrap()).unwrap();
        assert_eq!(ledger.rows, 3);
        let one = ledger.of("1");
        assert_eq!(one[0].channel, Channel::Sms);
        assert_eq!(one[1].promised_date, NaiveDate::from_ymd_opt(2026, 12, 10));
        assert_eq!(one[1].amount, Some(300.5));
        assert_eq!(ledger.of("2")[0].outcome, Outcome::Paid);
        assert!(ledger.of("3").is_empty());
    }

    #[test]
    fn bad_ledger_cells_name_file_line_column_and_value() {
        let read = |text: &str| {
            Ledger::read(&mut CsvTable::new(text.as_bytes(), "l.csv").unwrap()).unwrap_err()
        };
        let head = "client_id,channel,at,outcome,promised_date\n";
        assert_eq!(
            read(&format!("{head}1,phone,2026-12-01T10:00:00Z,ghosted,\n")).to_string(),
            "l.csv:2:4: outcome = \"ghosted\": expected no_answer, conversation, promise, paid, refused or opt_out"
        );
        let e = read(&format!(
            "{head}1,phone,2026-12-01T10:00:00Z,no_answer,\n1,sms,yesterday,no_answer,\n"
        ));
        assert!(
            matches!(&e, InputError::BadValue { line: 3, column: 3, value, .. } if value == "yesterday"),
            "{e}"
        );
        let e = read(&format!("{head}1,phone,2026-12-01T10:00:00Z,promise,\n"));
        assert!(
            e.to_string().contains("a promise needs its promised_date"),
            "{e}"
        );
        let e = read(&format!("{head}1,fax,2026-12-01T10:00:00Z,no_answer,\n"));
        assert!(
            e.to_string().starts_with("l.csv:2:2: channel = \"fax\""),
            "{e}"
        );
        let e = read("client_id,channel,outcome\n");
        assert!(
            matches!(e, InputError::MissingColumn { ref column, .. } if column == "at"),
            "{e}"
        );
    }

    #[test]
    fn places_channels_and_amounts() {
        assert_eq!(
            parse_place(Some("am"), None).unwrap().0.as_deref(),
            Some("AM")
        );
        // A zone overrides the state's.
        let (_, zone) = parse_place(Some("SP"), Some("America/Manaus")).unwrap();
        assert_eq!(zone, Zone::named("America/Manaus").unwrap());
        assert_eq!(parse_place(Some("XX"), None).unwrap_err().0, PlaceField::Uf);
        assert_eq!(
            parse_place(None, Some("Europe/Nowhere")).unwrap_err().0,
            PlaceField::Timezone
        );
        assert!(parse_place(None, None).is_err());
        assert_eq!(
            parse_channels("WhatsApp; sms|e-mail").unwrap(),
            vec![Channel::Whatsapp, Channel::Sms, Channel::Email]
        );
        assert_eq!(parse_channels("all").unwrap().len(), 4);
        assert!(parse_channels("fax").is_err());
        assert_eq!(parse_amount("1234,56").unwrap(), 1234.56);
        assert!(parse_amount("-3").is_err());
        assert_eq!(
            parse_date("10/12/2026").unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()
        );
    }
}
