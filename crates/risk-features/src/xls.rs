//! Spreadsheet input through calamine. UCI's original workbook has two header
//! rows (`X1..X23, Y` then the names); the header is taken from the second
//! row when it is recognised there, else from the first.

use std::io::{Cursor, Read};

use calamine::{Data, Reader};

use crate::reader::HistoryReader;
use crate::{ColumnMap, FeatureError};

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn read_workbook<R: Read>(
    mut file: R,
    shown: &str,
) -> Result<HistoryReader, FeatureError> {
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|source| FeatureError::Io {
            path: shown.to_string(),
            source,
        })?;
    let wb_err = |message: String| FeatureError::Workbook {
        path: shown.to_string(),
        message,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| wb_err(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| wb_err("the workbook has no sheet".into()))?
        .map_err(|e| wb_err(e.to_string()))?;
    // Absolute sheet row of the range's first row (0-based), for line numbers.
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let mut rows: Vec<(u64, Vec<String>)> = range
        .rows()
        .enumerate()
        .map(|(i, r)| (first_row + i as u64 + 1, r.iter().map(cell_text).collect()))
        .collect();
    if rows.is_empty() {
        return Err(FeatureError::Empty {
            path: shown.to_string(),
        });
    }
    let second = rows
        .get(1)
        .and_then(|(line, cells)| ColumnMap::from_header(cells, *line).ok());
    let (map, skip) = match second {
        Some(map) => (map, 2),
        None => {
            let (line, cells) = &rows[0];
            (ColumnMap::from_header(cells, *line)?, 1)
        }
    };
    rows.drain(..skip);
    Ok(HistoryReader::from_rows(map, rows, shown))
}
