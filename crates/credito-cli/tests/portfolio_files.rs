//! Portfolio files as analysts really have them, through the real binary:
//! Brazilian spreadsheet exports (`;`, decimal comma, Latin-1), implausible
//! values, a header with no rows, repeated client IDs.

use crate::common::temp_dir;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn segment(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credito"))
        .current_dir(dir)
        .arg("segment")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The first `rows` clients of the shipped portfolio, as CSV text.
fn shipped_rows(rows: usize) -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/uci_credit_card_default.csv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().take(rows + 1).map(str::to_string).collect()
}

const HEADER: &str = "ID,LIMIT_BAL,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default payment next month";

#[test]
fn a_brazilian_export_reads_the_same_as_the_original() {
    let dir = temp_dir("portfolio", "br");
    let lines = shipped_rows(3000);
    std::fs::write(dir.join("uci.csv"), lines.join("\n") + "\n").unwrap();
    // ';' separator, '.' thousands and ',' decimals, CRLF, a Latin-1 note column.
    let mut br = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let cells: Vec<String> = line
            .split(',')
            .enumerate()
            .map(|(j, c)| {
                if i == 0 || j == 0 {
                    c.to_string()
                } else {
                    let v: f64 = c.parse().unwrap();
                    let whole = v.trunc().abs() as u64;
                    let grouped = whole
                        .to_string()
                        .as_bytes()
                        .rchunks(3)
                        .rev()
                        .map(|c| std::str::from_utf8(c).unwrap())
                        .collect::<Vec<_>>()
                        .join(".");
                    let sign = if v < 0.0 { "-" } else { "" };
                    format!(
                        "{sign}{grouped},{:02}",
                        ((v.abs().fract()) * 100.0).round() as u64
                    )
                }
            })
            .collect();
        br.extend_from_slice(cells.join(";").as_bytes());
        br.extend_from_slice(if i == 0 {
            b";Observa\xE7\xE3o"
        } else {
            b";S\xE3o Paulo"
        });
        br.extend_from_slice(b"\r\n");
    }
    std::fs::write(dir.join("br.csv"), &br).unwrap();
    let original = segment(&dir, &["--input", "uci.csv", "--json"]);
    assert!(original.status.success(), "{}", stderr(&original));
    let exported = segment(&dir, &["--input", "br.csv", "--json"]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let a: Value = serde_json::from_slice(&original.stdout).unwrap();
    let b: Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(a["segments"], b["segments"], "same clients, same segments");
    assert_eq!(a["silhouette"], b["silhouette"]);
    // Forcing the point as decimal mark misreads "50.000,00": a clear cell error.
    let forced = segment(&dir, &["--input", "br.csv", "--json", "--decimal-point"]);
    assert_eq!(forced.status.code(), Some(2));
    assert!(
        stderr(&forced).contains("line 2, column LIMIT_BAL"),
        "{}",
        stderr(&forced)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_implausible_amount_is_refused_with_line_column_and_value() {
    let dir = temp_dir("portfolio", "huge");
    let mut lines = shipped_rows(50);
    let cells: Vec<&str> = lines[3].splitn(3, ',').collect();
    lines[3] = format!("{},1e308,{}", cells[0], cells[2]);
    std::fs::write(dir.join("p.csv"), lines.join("\n")).unwrap();
    let out = segment(&dir, &["--input", "p.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("line 4, column LIMIT_BAL"), "{text}");
    assert!(text.contains("1e308"), "{text}");
    assert!(text.contains("implausible"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_header_without_rows_says_so() {
    let dir = temp_dir("portfolio", "empty");
    std::fs::write(dir.join("p.csv"), format!("{HEADER}\n")).unwrap();
    let out = segment(&dir, &["--input", "p.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no client rows in p.csv"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_repeated_client_id_names_both_lines_unless_allowed() {
    let dir = temp_dir("portfolio", "dup");
    let mut lines = shipped_rows(40);
    let first_id = lines[2].split(',').next().unwrap().to_string();
    let rest = lines[30].split_once(',').unwrap().1.to_string();
    lines[30] = format!("{first_id},{rest}");
    std::fs::write(dir.join("p.csv"), lines.join("\n")).unwrap();
    let out = segment(&dir, &["--input", "p.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains(&format!(
            "line 31: client ID \"{first_id}\" already appears on line 3"
        )),
        "{text}"
    );
    let out = segment(&dir, &["--input", "p.csv", "--allow-duplicate-ids"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_semicolon_file_with_point_decimals_is_refused_with_the_flag_to_use() {
    let dir = temp_dir("portfolio", "point");
    let lines = shipped_rows(200);
    let text: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            if i == 3 {
                // One limit with a point decimal, as some exports write it.
                cells[1] = format!("{}.50", cells[1]);
            }
            cells.join(";")
        })
        .collect();
    std::fs::write(dir.join("p.csv"), text.join("\n")).unwrap();
    let out = segment(&dir, &["--input", "p.csv", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("--decimal-point"), "{message}");
    let out = segment(&dir, &["--input", "p.csv", "--json", "--decimal-point"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
