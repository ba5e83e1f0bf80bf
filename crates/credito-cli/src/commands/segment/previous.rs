//! Read a previous assignments CSV (written by `credito segment --assignments`) as
//! `client ID -> segment`, for the migration matrix.

use std::collections::HashMap;
use std::path::Path;

use super::super::CliError;

/// The `ID` and `segment` columns of an assignments file. Errors name the file, the line and
/// the value.
pub fn read_assignments(path: &Path) -> Result<HashMap<String, usize>, CliError> {
    let name = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| CliError(format!("cannot read {name}: {e}")))?;
    let headers = reader
        .headers()
        .map_err(|e| CliError(format!("{name}: cannot read the header: {e}")))?
        .clone();
    let column = |wanted: &[&str]| {
        headers
            .iter()
            .position(|h| wanted.iter().any(|w| h.trim().eq_ignore_ascii_case(w)))
    };
    let (Some(id_col), Some(seg_col)) = (column(&["ID", "client_id"]), column(&["segment"])) else {
        return Err(CliError(format!(
            "{name}: a previous assignments file needs the columns ID and segment \
             (as written by --assignments); found {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    };
    let mut out = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| CliError(format!("{name} line {line}: {e}")))?;
        let id = record.get(id_col).unwrap_or("").trim().to_string();
        let text = record.get(seg_col).unwrap_or("").trim();
        let segment: usize = text.parse().map_err(|_| {
            CliError(format!(
                "{name} line {line}: segment must be a whole number, got {text:?}"
            ))
        })?;
        if id.is_empty() {
            return Err(CliError(format!("{name} line {line}: empty ID")));
        }
        if out.insert(id.clone(), segment).is_some() {
            return Err(CliError(format!(
                "{name} line {line}: client ID {id:?} appears twice"
            )));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_segments_and_names_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.csv");
        std::fs::write(
            &good,
            "ID,score_gravidade,segment,objetivo\n1,0,2,\"Negociar, com cuidado\"\n2,4,0,x\n",
        )
        .unwrap();
        let map = read_assignments(&good).unwrap();
        assert_eq!(map.get("1"), Some(&2));
        assert_eq!(map.get("2"), Some(&0));
        let bad = dir.path().join("b.csv");
        std::fs::write(&bad, "ID,segment\n1,0\n2,dois\n").unwrap();
        let err = read_assignments(&bad).unwrap_err().0;
        assert!(err.contains("line 3") && err.contains("\"dois\""), "{err}");
        let missing = dir.path().join("c.csv");
        std::fs::write(&missing, "ID,cluster\n1,0\n").unwrap();
        assert!(read_assignments(&missing)
            .unwrap_err()
            .0
            .contains("ID and segment"));
    }
}
