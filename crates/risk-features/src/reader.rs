//! Streaming reader of account histories: CSV, gzipped CSV (detected by its
//! magic bytes, whatever the file name) and spreadsheets (`.xls`, `.xlsx`).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::parse::parse_row;
use crate::{AccountHistory, ColumnMap, FeatureError};

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
        record: csv::StringRecord,
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
    let path = path.as_ref();
    let shown = path.display().to_string();
    let io = |source| FeatureError::Io {
        path: shown.clone(),
        source,
    };
    let mut file = BufReader::new(File::open(path).map_err(io)?);
    let head = file.fill_buf().map_err(io)?.to_vec();
    match InputFormat::detect(&head) {
        InputFormat::Xls | InputFormat::Xlsx => crate::xls::read_workbook(file, &shown),
        _ => HistoryReader::from_reader_named(file, &shown),
    }
}

impl HistoryReader {
    /// Read CSV (plain or gzip, detected) from any reader.
    pub fn from_csv<R: Read + 'static>(reader: R) -> Result<Self, FeatureError> {
        Self::from_reader_named(reader, "<stream>")
    }

    fn from_reader_named<R: Read + 'static>(reader: R, shown: &str) -> Result<Self, FeatureError> {
        let mut buffered = BufReader::with_capacity(1 << 16, reader);
        let head = buffered
            .fill_buf()
            .map_err(|source| FeatureError::Io {
                path: shown.to_string(),
                source,
            })?
            .to_vec();
        let boxed: Box<dyn Read> = if InputFormat::detect(&head) == InputFormat::GzipCsv {
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(boxed);
        let header = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
        if header.is_empty() || header.iter().all(|h| h.is_empty()) {
            return Err(FeatureError::Empty {
                path: shown.to_string(),
            });
        }
        let map = ColumnMap::from_header(&header.iter().collect::<Vec<_>>(), 1)?;
        Ok(HistoryReader {
            inner: Inner::Csv {
                reader,
                record: csv::StringRecord::new(),
            },
            map,
            ordinal: 0,
            failed: false,
        })
    }

    pub(crate) fn from_rows(map: ColumnMap, rows: Vec<(u64, Vec<String>)>) -> Self {
        HistoryReader {
            inner: Inner::Rows(rows.into_iter()),
            map,
            ordinal: 0,
            failed: false,
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
            Inner::Csv { reader, record } => match reader.read_record(record) {
                Ok(false) => return None,
                Ok(true) => {
                    self.ordinal += 1;
                    let line = record
                        .position()
                        .map(|p| p.line())
                        .unwrap_or(self.ordinal + 1);
                    parse_row(&self.map, record, line, self.ordinal)
                }
                Err(e) => Err(csv_error(&e, self.ordinal + 2)),
            },
            Inner::Rows(rows) => {
                let (line, row) = rows.next()?;
                self.ordinal += 1;
                parse_row(&self.map, &row, line, self.ordinal)
            }
        };
        if item.is_err() {
            // One error ends the stream: the caller decides, nothing is skipped silently.
            self.failed = true;
        }
        Some(item)
    }
}
