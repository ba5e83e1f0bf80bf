//! Reader behaviour: formats (CSV, gzip by magic bytes, UCI .xls with two
//! header rows), Portuguese headers, and errors naming line, column and value.

use std::io::Write;

use flate2::write::GzEncoder;
use risk_features::{open, FeatureError, FeatureExtractor, HistoryReader, UciSignals};

const UCI_HEADER: &str = "ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default payment next month";
const ROW1: &str = "1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1";
const ROW2: &str =
    "2,120000,2,2,2,26,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,1";

fn read_all(text: String) -> Result<Vec<risk_features::AccountHistory>, FeatureError> {
    HistoryReader::from_csv(std::io::Cursor::new(text.into_bytes()))?.collect()
}

#[test]
fn reads_uci_csv_and_computes_seed_signals() {
    let rows = read_all(format!("{UCI_HEADER}\n{ROW1}\n{ROW2}\n")).unwrap();
    assert_eq!(rows.len(), 2);
    let s = UciSignals.extract(&rows[0]);
    assert_eq!(s.score_gravidade, 8.0);
    assert_eq!(s.freq_atrasos, 2.0);
    assert!((s.taxa_uso_limite - 3913.0 / 20000.0).abs() < 1e-15);
    assert!((s.razao_pagamento_6m - 689.0 / 7704.0).abs() < 1e-15);
    assert_eq!(rows[1].default_next_month, Some(true));
}

#[test]
fn bad_cell_names_line_column_and_value() {
    let bad = ROW2.replacen(",-1,2,", ",-1,x7,", 1);
    let err = read_all(format!("{UCI_HEADER}\n{ROW1}\n{bad}\n")).unwrap_err();
    match &err {
        FeatureError::BadCell {
            line,
            column,
            value,
            ..
        } => {
            assert_eq!((*line, column.as_str(), value.as_str()), (3, "PAY_2", "x7"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("line 3") && msg.contains("PAY_2") && msg.contains("x7"),
        "{msg}"
    );
}

#[test]
fn out_of_range_status_and_bad_label_are_errors() {
    let bad = ROW1.replacen("1,20000,2,2,1,24,2,", "1,20000,2,2,1,24,12,", 1);
    assert!(matches!(
        read_all(format!("{UCI_HEADER}\n{bad}\n")),
        Err(FeatureError::BadCell { line: 2, .. })
    ));
    let bad = format!("{},7", &ROW1[..ROW1.len() - 2]);
    let err = read_all(format!("{UCI_HEADER}\n{bad}\n")).unwrap_err();
    assert!(
        err.to_string().contains("default payment next month"),
        "{err}"
    );
}

#[test]
fn missing_column_is_named() {
    let header = UCI_HEADER.replace("BILL_AMT4", "BILL_AMTX");
    let err = read_all(format!("{header}\n{ROW1}\n")).unwrap_err();
    assert!(
        matches!(
            err,
            FeatureError::MissingColumn {
                column: "BILL_AMT4",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn portuguese_headers_without_id_or_label() {
    let header = "limite_credito,idade,status_pag_set,status_pag_ago,status_pag_jul,status_pag_jun,status_pag_mai,status_pag_abr,bill_amt1,bill_amt2,bill_amt3,bill_amt4,bill_amt5,bill_amt6,pay_amt1,pay_amt2,pay_amt3,pay_amt4,pay_amt5,pay_amt6";
    let row = "50000,30,3,0,0,0,0,0,40000,0,0,0,0,0,0,0,0,0,0,0";
    let reader = HistoryReader::from_csv(std::io::Cursor::new(
        format!("{header}\n{row}\n").into_bytes(),
    ))
    .unwrap();
    assert!(!reader.has_label());
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows[0].id, "1");
    assert_eq!(rows[0].default_next_month, None);
    let s = UciSignals.extract(&rows[0]);
    assert_eq!(s.score_gravidade, 9.0);
    assert_eq!(s.taxa_uso_limite, 0.8);
}

#[test]
fn gzip_is_detected_by_magic_bytes() {
    let dir = std::env::temp_dir().join(format!("rf-gz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("portfolio.csv"); // no .gz suffix on purpose
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(format!("{UCI_HEADER}\n{ROW1}\n{ROW2}\n").as_bytes())
        .unwrap();
    std::fs::write(&path, enc.finish().unwrap()).unwrap();
    let rows: Vec<_> = open(&path).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].pay_status, [-1, 2, 0, 0, 0, 2]);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn original_uci_xls_with_two_header_rows() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/uci_sample.xls");
    let reader = open(path).unwrap();
    assert!(reader.has_label());
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].id, "1");
    assert_eq!(rows[2].bill_amt[0], 29239.0);
    assert_eq!(rows[2].default_next_month, Some(false));
}

#[test]
fn shipped_data_has_the_documented_totals() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/uci_credit_card_default.csv.gz"
    );
    let rows: Vec<_> = open(path).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 30_000);
    let defaults = rows
        .iter()
        .filter(|r| r.default_next_month == Some(true))
        .count();
    assert_eq!(defaults, 6_636);
    let mean_limit = rows.iter().map(|r| r.limit_bal).sum::<f64>() / 30_000.0;
    assert!((mean_limit - 167_484.32).abs() < 0.01);
}
