//! JSONL plumbing shared by the line-oriented commands (`analyze`, `message`):
//! opening `FILE|-` for input, reading it line by line so that one bad line
//! (not UTF-8, not JSON) is an error for that line only, and the error object
//! written in place of a result for a line that failed.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::Serialize;

use super::CliError;

/// Open `path` for buffered reading, or standard input for `-`.
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead>, CliError> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(io::stdin().lock())));
    }
    let file =
        File::open(path).map_err(|e| CliError(format!("cannot open {}: {e}", path.display())))?;
    Ok(Box::new(BufReader::new(file)))
}

/// One non-blank input line: its 1-based number and its text, or why the
/// text could not be read as UTF-8.
pub struct Line {
    /// 1-based physical line number.
    pub number: usize,
    /// The text (without the line ending or a leading byte-order mark).
    pub text: Result<String, String>,
}

/// The non-blank lines of `input`. A line that is not UTF-8 is a per-line
/// error; a UTF-8 byte-order mark at the start is skipped; `\r\n` endings
/// are accepted. Only a failing read of the input itself is an `Err`.
pub fn lines(mut input: impl BufRead) -> impl Iterator<Item = Result<Line, CliError>> {
    let mut number = 0usize;
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        buf.clear();
        number += 1;
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                let message = format!("cannot read input line {number}: {e}");
                return Some(Err(CliError(message)));
            }
        }
        let mut bytes = buf.as_slice();
        if number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => Err(format!(
                "line {number} is not valid UTF-8 (invalid byte at byte {} of the line); save the file as UTF-8",
                e.valid_up_to() + 1
            )),
        };
        return Some(Ok(Line { number, text }));
    })
}

/// "invalid JSON at line N, column C: ..." for a JSON error inside input line
/// `number` (a JSONL line is one line, so the parser's own line is always 1).
pub fn json_error(number: usize, column: usize, message: &str) -> String {
    format!("invalid JSON at line {number}, column {column}: {message}")
}

/// [`json_error`] for a `serde_json` error.
pub fn serde_json_error(number: usize, err: &serde_json::Error) -> String {
    let message = credit_pipeline::request::json_error_message(err);
    json_error(number, err.column(), &message)
}

/// The output line for an input line that produced no result:
/// `{"line": N, "error": "...", "fields": [{"field": ..., "message": ...}]}`.
#[derive(Debug, Serialize)]
pub struct LineError<'a, F: Serialize> {
    /// 1-based physical line number of the input.
    pub line: usize,
    /// What went wrong, in one sentence.
    pub error: String,
    /// Every field that was wrong (empty when the line was not JSON).
    pub fields: &'a [F],
}
