//! JSONL plumbing shared by the line-oriented commands (`analyze`, `message`):
//! opening `FILE|-` for input and output, and the error object written in
//! place of a result for a line that failed.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use super::CliError;

/// `true` when the path is `-` (standard input or output).
fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Open `path` for buffered reading, or standard input for `-`.
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead>, CliError> {
    if is_dash(path) {
        return Ok(Box::new(BufReader::new(io::stdin().lock())));
    }
    let file =
        File::open(path).map_err(|e| CliError(format!("cannot open {}: {e}", path.display())))?;
    Ok(Box::new(BufReader::new(file)))
}

/// Create `path` for buffered writing, or standard output for `-`.
pub fn open_output(path: &Path) -> Result<BufWriter<Box<dyn Write>>, CliError> {
    let output: Box<dyn Write> = if is_dash(path) {
        Box::new(io::stdout().lock())
    } else {
        let file = File::create(path)
            .map_err(|e| CliError(format!("cannot create {}: {e}", path.display())))?;
        Box::new(file)
    };
    Ok(BufWriter::new(output))
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
