//! Streaming reader of account histories: CSV, gzipped CSV (detected by its
//! magic bytes, whatever the file name) and spreadsheets (`.xls`, `.xlsx`).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use std::collections::HashMap;

use crate::parse::{parse_row, DecimalMark};
use crate::{AccountHistory, ColumnMap, FeatureError};

/// How to read a CSV portfolio; the defaults detect what they can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// Field separator; `None` detects `,`, `;` or tab from the header line.
    pub delimiter: Option<u8>,
    /// Decimal mark; `None` means `,` when the separator is `;` (the
    /// Brazilian spreadsheet convention) and `.` otherwise.
    pub decimal_mark: Option<DecimalMark>,
    /// Keep rows whose client ID repeats an earlier one (an error otherwise).
    pub allow_duplicate_ids: bool,
}

/// The separator of a CSV header line: the most frequent of `,`, `;` and tab
/// (`,` when none appears).
///
/// ```
/// assert_eq!(risk_features::detect_delimiter(b"ID;LIMIT_BAL;PAY_0"), b';');
/// assert_eq!(risk_features::detect_delimiter(b"ID,LIMIT_BAL"), b',');
/// ```
pub fn detect_delimiter(header_line: &[u8]) -> u8 {
    let line = header_line.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d), *d == b','))
        .filter(|d| count(*d) > 0)
        .unwrap_or(b',')
}

/// Cell text as UTF-8, or as Latin-1 (every byte one character) when it is
/// not UTF-8: spreadsheet exports in Brazil are often Windows-1252/Latin-1.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The container format of an input file, detected from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain comma-separated text.
    Csv,
    /// Gzip-compressed CSV (magic `1f 8b`).
    GzipCsv,
    /// Legacy Excel workbook (OLE2 magic `d0 cf 11 e0`), like UCI's original file.
    Xls,
    /// Office Open XML workbook (zip magic `PK`).
    Xlsx,
}

impl InputFormat {
    /// Detect the format from the first bytes of a file.
    ///
    /// ```
    /// use risk_features::InputFormat;
    /// assert_eq!(InputFormat::detect(&[0x1f, 0x8b, 8]), InputFormat::GzipCsv);
    /// assert_eq!(InputFormat::detect(b"ID,LIMIT_BAL"), InputFormat::Csv);
    /// ```
    pub fn detect(head: &[u8]) -> InputFormat {
        if head.starts_with(&[0x1f, 0x8b]) {
            InputFormat::GzipCsv
        } else if head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
            InputFormat::Xls
        } else if head.starts_with(b"PK\x03\x04") {
            InputFormat::Xlsx
        } else {
            InputFormat::Csv
        }
    }
}

enum Inner {
    Csv {
        reader: csv::Reader<Box<dyn Read>>,
        record: csv::ByteRecord,
    },
    Rows(std::vec::IntoIter<(u64, Vec<String>)>),
}

/// An iterator over the [`AccountHistory`] records of one input, in file order.
///
/// CSV input is streamed record by record (constant memory); a workbook is
/// decoded as a whole by calamine, then iterated.
pub struct HistoryReader {
    inner: Inner,
    map: ColumnMap,
    ordinal: u64,
    failed: bool,
    path: String,
    mark: DecimalMark,
    /// First line of each ID seen, unless duplicates are allowed.
    seen: Option<HashMap<String, u64>>,
}

/// Open `path`, detect its format from its magic bytes and read its header.
///
/// ```no_run
/// let reader = risk_features::open("data/uci_credit_card_default.csv.gz")?;
/// assert!(reader.has_label());
/// let rows = reader.collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(rows.len(), 30_000);
/// # Ok::<(), risk_features::FeatureError>(())
/// ```
pub fn open(path: impl AsRef<Path>) -> Result<HistoryReader, FeatureError> {
    open_with(path, ReadOptions::default())
}

/// [`open`] with explicit [`ReadOptions`] (separator, decimal mark, duplicates).
pub fn open_with(
    path: impl AsRef<Path>,
    options: ReadOptions,
) -> Result<HistoryReader, FeatureError> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let io = |source| FeatureError::Io {
        path: shown.clone(),
        source,
    };
    let mut file = BufReader::new(File::open(path).map_err(io)?);
    let head = file.fill_buf().map_err(io)?.to_vec();
    let reader = match InputFormat::detect(&head) {
        InputFormat::Xls | InputFormat::Xlsx => crate::xls::read_workbook(file, &shown)?,
        _ => HistoryReader::from_reader_named(file, &shown, options)?,
    };
    Ok(reader.with_duplicates(options.allow_duplicate_ids))
}

impl HistoryReader {
    /// Read CSV (plain or gzip, detected) from any reader.
    pub fn from_csv<R: Read + 'static>(reader: R) -> Result<Self, FeatureError> {
        Self::from_reader_named(reader, "<stream>", ReadOptions::default())
    }

    /// [`HistoryReader::from_csv`] with explicit [`ReadOptions`].
    pub fn from_csv_with<R: Read + 'static>(
        reader: R,
        options: ReadOptions,
    ) -> Result<Self, FeatureError> {
        Ok(Self::from_reader_named(reader, "<stream>", options)?
            .with_duplicates(options.allow_duplicate_ids))
    }

    fn with_duplicates(mut self, allow: bool) -> Self {
        self.seen = if allow || self.map.id.is_none() {
            None
        } else {
            Some(HashMap::new())
        };
        self
    }

    fn from_reader_named<R: Read + 'static>(
        reader: R,
        shown: &str,
        options: ReadOptions,
    ) -> Result<Self, FeatureError> {
        let mut buffered = BufReader::with_capacity(1 << 16, reader);
        let head = buffered
            .fill_buf()
            .map_err(|source| FeatureError::Io {
                path: shown.to_string(),
                source,
            })?
            .to_vec();
        let io = |source| FeatureError::Io {
            path: shown.to_string(),
            source,
        };
        let mut text: Box<dyn BufRead> = if InputFormat::detect(&head) == InputFormat::GzipCsv {
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        let first = text.fill_buf().map_err(io)?;
        let first = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
        let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(first));
        let mark = options.decimal_mark.unwrap_or(if delimiter == b';' {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        });
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .delimiter(delimiter)
            // '\n' ends a record (a '\r' before it is trimmed as whitespace), so
            // line numbers stay exact in CRLF files too.
            .terminator(csv::Terminator::Any(b'\n'))
            .trim(csv::Trim::All)
            .from_reader(Box::new(text) as Box<dyn Read>);
        let header: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(&e, 1))?
            .iter()
            .map(decode)
            .collect();
        if header.is_empty() || header.iter().all(|h| h.is_empty()) {
            return Err(FeatureError::Empty {
                path: shown.to_string(),
            });
        }
        let mut names: Vec<&str> = header.iter().map(String::as_str).collect();
        if let Some(first) = names.first_mut() {
            *first = first.trim_start_matches('\u{feff}');
        }
        let map = ColumnMap::from_header(&names, 1)?;
        Ok(HistoryReader {
            inner: Inner::Csv {
                reader,
                record: csv::ByteRecord::new(),
            },
            map,
            ordinal: 0,
            failed: false,
            path: shown.to_string(),
            mark,
            seen: None,
        })
    }

    pub(crate) fn from_rows(map: ColumnMap, rows: Vec<(u64, Vec<String>)>, path: &str) -> Self {
        HistoryReader {
            inner: Inner::Rows(rows.into_iter()),
            map,
            ordinal: 0,
            failed: false,
            path: path.to_string(),
            mark: DecimalMark::Point,
            seen: None,
        }
    }

    /// The recognised header.
    pub fn columns(&self) -> &ColumnMap {
        &self.map
    }

    /// Whether the input carries the default label.
    pub fn has_label(&self) -> bool {
        self.map.label.is_some()
    }
}

fn csv_error(err: &csv::Error, fallback_line: u64) -> FeatureError {
    let line = err.position().map(|p| p.line()).unwrap_or(fallback_line);
    FeatureError::Csv {
        line,
        message: err.to_string(),
    }
}

impl Iterator for HistoryReader {
    type Item = Result<AccountHistory, FeatureError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = match &mut self.inner {
            Inner::Csv { reader, record } => match reader.read_byte_record(record) {
                Ok(false) => None,
                Ok(true) => {
                    self.ordinal += 1;
                    let line = record
                        .position()
                        .map(|p| p.line())
                        .unwrap_or(self.ordinal + 1);
                    // The common case reads the cells in place; only a row
                    // that is not UTF-8 is decoded (as Latin-1) into owned cells.
                    let parsed = if std::str::from_utf8(record.as_slice()).is_ok() {
                        parse_row(&self.map, &*record, line, self.ordinal, self.mark)
                    } else {
                        let cells: Vec<String> = record.iter().map(decode).collect();
                        parse_row(&self.map, &cells, line, self.ordinal, self.mark)
                    };
                    Some((line, parsed))
                }
                Err(e) => Some((0, Err(csv_error(&e, self.ordinal + 2)))),
            },
            Inner::Rows(rows) => rows.next().map(|(line, row)| {
                self.ordinal += 1;
                (
                    line,
                    parse_row(&self.map, &row, line, self.ordinal, self.mark),
                )
            }),
        };
        let item = match item {
            None if self.ordinal == 0 => {
                self.failed = true;
                return Some(Err(FeatureError::NoRows {
                    path: self.path.clone(),
                }));
            }
            None => return None,
            Some((line, Ok(history))) => match self.seen.as_mut() {
                Some(seen) => match seen.get(&history.id) {
                    Some(&first_line) => Err(FeatureError::DuplicateId {
                        id: history.id,
                        first_line,
                        line,
                    }),
                    None => {
                        seen.insert(history.id.clone(), line);
                        Ok(history)
                    }
                },
                None => Ok(history),
            },
            Some((_, Err(e))) => Err(e),
        };
        if item.is_err() {
            // One error ends the stream: the caller decides, nothing is skipped silently.
            self.failed = true;
        }
        Some(item)
    }
}
