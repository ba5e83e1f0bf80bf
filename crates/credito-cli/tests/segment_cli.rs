//! End-to-end tests of `credito segment` through the real binary on the
//! shipped UCI portfolio (`data/uci_credit_card_default.csv.gz`, 30 000
//! clients): the acceptance criteria of the default segmentation (all rows and
//! a seeded held-out split), the seed reproduction, saving / loading a model,
//! the assignments CSV, the HTML report and error reporting on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROWS: u64 = 30_000;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/uci_credit_card_default.csv.gz")
}

fn read_gz(path: &Path) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("shipped data"))
        .read_to_string(&mut text)
        .expect("gzipped UTF-8");
    text
}

fn temp_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("credito-segment-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn segment(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credito"))
        .arg("segment")
        .args(args)
        .output()
        .expect("run credito")
}

/// Run successfully; stderr must stay empty (it is not a terminal here).
fn segment_ok(args: &[&str]) -> Output {
    let out = segment(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "credito segment {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "no progress when stderr is not a terminal, got {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// stdout must be exactly one JSON object (a second value or trailing text fails to parse).
fn json_of(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).expect("utf-8 stdout");
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}): {text}"));
    assert!(v.is_object(), "{v}");
    v
}

fn sizes(report: &Value) -> Vec<u64> {
    report["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["size"].as_u64().expect("size"))
        .collect()
}

fn assert_shape(report: &Value) {
    for key in [
        "silhouette",
        "k",
        "rows",
        "segments",
        "monotonic_default",
        "auc",
    ] {
        assert!(report.get(key).is_some(), "missing key {key} in {report}");
    }
    for (i, seg) in report["segments"].as_array().unwrap().iter().enumerate() {
        assert_eq!(seg["segment"].as_u64(), Some(i as u64));
        assert!(seg["size"].is_u64());
        for name in [
            "score_gravidade",
            "freq_atrasos",
            "razao_pagamento_6m",
            "taxa_uso_limite",
            "limite_credito",
        ] {
            assert!(seg["means"][name].is_f64(), "means.{name} in {seg}");
        }
        assert!(seg.get("default_rate").is_some());
    }
}

/// The bar: k = 4, silhouette ≥ 0.39, every segment ≥ 10 %, AUC ≥ 0.70,
/// default rates strictly rising.
fn assert_trustworthy(report: &Value, rows: u64, what: &str) {
    assert_shape(report);
    assert_eq!(report["k"], 4, "{what}");
    assert_eq!(report["rows"].as_u64(), Some(rows), "{what}");
    let sil = report["silhouette"].as_f64().expect("silhouette");
    assert!(sil >= 0.39, "{what}: silhouette {sil}");
    let auc = report["auc"].as_f64().expect("auc");
    assert!(auc >= 0.70, "{what}: auc {auc}");
    assert_eq!(report["monotonic_default"], true, "{what}: {report}");
    let sizes = sizes(report);
    assert_eq!(sizes.iter().sum::<u64>(), rows, "{what}");
    for s in &sizes {
        assert!(*s as f64 >= 0.10 * rows as f64, "{what}: sizes {sizes:?}");
    }
    let rates: Vec<f64> = report["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["default_rate"].as_f64().expect("default_rate"))
        .collect();
    assert!(rates.windows(2).all(|w| w[1] > w[0]), "{what}: {rates:?}");
}

#[test]
fn default_fit_meets_the_bar() {
    let input = data();
    let out = segment_ok(&["--input", input.to_str().unwrap(), "--json"]);
    let v = json_of(&out);
    assert_trustworthy(&v, ROWS, "all clients");
    assert!(v.get("holdout").is_none(), "holdout only when asked");
}

#[test]
fn held_out_clients_meet_the_bar_too() {
    let input = data();
    let out = segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--holdout",
        "0.3",
        "--seed",
        "42",
        "--json",
    ]);
    let v = json_of(&out);
    assert_trustworthy(&v, ROWS, "all clients");
    let h = &v["holdout"];
    assert_eq!(h["fraction"].as_f64(), Some(0.3));
    assert_eq!(h["seed"].as_u64(), Some(42));
    assert_trustworthy(&h["train"], 21_000, "fit on 70 %");
    assert_trustworthy(&h["held_out"], 9_000, "held-out 30 %");
}

#[test]
fn seed_ordering_reproduces_the_seed() {
    let input = data();
    let out = segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--ordering",
        "seed",
        "--json",
    ]);
    let v = json_of(&out);
    assert_shape(&v);
    assert_eq!(sizes(&v), vec![9459, 6366, 14046, 129]);
    let sil = v["silhouette"].as_f64().unwrap();
    assert!((sil - 0.3921).abs() < 5e-5, "silhouette {sil}");
    // The seed's own numbers: default rates that do not rise.
    assert_eq!(v["monotonic_default"], false);
    let auc = v["auc"].as_f64().unwrap();
    assert!((auc - 0.5887).abs() < 1e-4, "auc {auc}");
}

/// `--model-out` then `--model`: the saved model gives every client the same
/// segment, and the report is built the same way.
#[test]
fn saved_model_assigns_the_same_segments_and_assignments_csv() {
    let input = data();
    let model = temp_path("model.json");
    let fit_csv = temp_path("fit.csv");
    let assign_csv = temp_path("assign.csv");
    let fit = json_of(&segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--model-out",
        model.to_str().unwrap(),
        "--assignments",
        fit_csv.to_str().unwrap(),
        "--json",
    ]));
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&model).expect("model written"))
            .expect("model is JSON");
    assert_eq!(saved["centroids"].as_array().map(Vec::len), Some(4));
    assert_eq!(saved["features"].as_array().map(Vec::len), Some(4));

    let assigned = json_of(&segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--assignments",
        assign_csv.to_str().unwrap(),
        "--json",
    ]));
    // Assigning the fit population: every segment share and signal is exactly stable.
    let stability = &assigned["stability"];
    assert_eq!(stability["segments"]["band"], "stable", "{stability}");
    assert!(stability["segments"]["psi"].as_f64().unwrap().abs() < 1e-9);
    assert_eq!(stability["signals"].as_array().map(Vec::len), Some(5));
    for entry in stability["signals"].as_array().unwrap() {
        assert!(entry["psi"].as_f64().unwrap().abs() < 1e-9, "{entry}");
    }
    assert!(
        fit.get("stability").is_none(),
        "no PSI without a saved model"
    );
    let strip = |mut v: Value| {
        let map = v.as_object_mut().unwrap();
        map.remove("stability");
        map.remove("input");
        v
    };
    assert_eq!(
        strip(assigned),
        strip(fit.clone()),
        "assigning the fitted rows reproduces the report"
    );

    let fit_text = std::fs::read_to_string(&fit_csv).unwrap();
    let assign_text = std::fs::read_to_string(&assign_csv).unwrap();
    assert_eq!(fit_text, assign_text);
    let mut lines = fit_text.lines();
    assert_eq!(
        lines.next(),
        Some("ID,score_gravidade,freq_atrasos,razao_pagamento_6m,taxa_uso_limite,limite_credito,inactive,segment,perfil_risco,estado,segmento_tratado,objetivo,canal,tom,acao_recomendada,atendimento_humano")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len() as u64, ROWS);
    // First UCI client: PAY 2,2,-1,-1,-2,-2; BILL_AMT1 3913 of a 20 000 limit.
    assert!(rows[0].starts_with("1,8,2,"), "first row {}", rows[0]);
    let mut per_segment = [0u64; 4];
    for row in &rows {
        let cells: Vec<&str> = row.split(',').collect();
        let seg: usize = cells[7].parse().unwrap();
        per_segment[seg] += 1;
        let perfil = [
            "\"Baixo risco / Pressão financeira\"",
            "\"Risco leve / Adimplente resiliente\"",
            "\"Risco recorrente / Pagador irregular\"",
            "\"Alto risco / Crítico extremo\"",
        ][seg];
        assert_eq!(cells[8], perfil, "{row}");
        // The hard rules, read off the CSV: never-late clients are in a never-overdue state,
        // severe ones handled as the highest segment by phone.
        let freq: f64 = cells[2].parse().unwrap();
        let handled: usize = cells[10].parse().unwrap();
        assert!(handled >= seg, "{row}");
        if freq == 0.0 {
            assert!(matches!(cells[9], "em_dia" | "inativo"), "{row}");
        }
        if freq >= 4.0 {
            assert_eq!(
                (cells[9], handled, cells[12]),
                ("grave", 3, "Telefone"),
                "{row}"
            );
        }
    }
    assert_eq!(per_segment.to_vec(), sizes(&fit));
}

#[test]
fn report_is_self_contained_html_in_portuguese_with_svg_charts() {
    let input = data();
    let report = temp_path("report.html");
    segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--holdout",
        "0.3",
    ]);
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"pt-BR\">"));
    // Sizes, default rates and one distribution per signal (5).
    assert!(html.matches("<svg").count() >= 7, "charts");
    for text in [
        "Clientes por segmento",
        "Taxa de inadimplência por segmento",
        "Política por segmento",
        "Situação dos clientes por segmento",
        "Rolagem entre faixas de atraso",
        "Taxa de cura",
        "Definições dos sinais",
        "Gravidade dos atrasos — percentis 5 a 95 (linha), 25 a 75 (caixa) e mediana (escala logarítmica)",
        "clientes que o modelo não viu",
        "Exposição",
        "Negociação ativa",
        "uci_credit_card_default.csv.gz",
        "seed-2024.2",
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
    // Numbers the Brazilian way: 30.000 clients, R$ with a thousands dot, shares like 38,5 %.
    assert!(html.contains("<dd>30.000</dd>"), "client count");
    assert!(html.contains("R$ 1.536.699.927,00"), "total exposure");
    assert!(html.contains("38,5 %"), "share of segment 0");
    // No internal names.
    for internal in [
        "Log1p",
        "DefaultRate",
        "score_gravidade (",
        "perfil_risco",
        "Sqrt",
    ] {
        assert!(
            !html.contains(internal),
            "internal name {internal:?} in the report"
        );
    }
    // Opens offline: nothing fetched.
    for fetch in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(fetch), "report must not load {fetch}");
    }

    segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.contains("Roll rates between delinquency buckets"));
    assert!(
        html.contains("R$ 1,536,699,927.00"),
        "total exposure in English"
    );
    assert!(html.contains("38.5 %"));
}

/// Roll rates pooled over all clients, and the per-segment matrices, in `--json`.
#[test]
fn json_carries_policy_states_exposure_and_roll_rates() {
    let input = data();
    let v = json_of(&segment_ok(&["--input", input.to_str().unwrap(), "--json"]));
    let p = &v["portfolio"];
    assert_eq!(p["policy_version"], "seed-2024.2");
    assert_eq!(v["input"]["rows"], ROWS);
    let segments = p["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 4);
    let clients: u64 = segments
        .iter()
        .map(|s| s["clients"].as_u64().unwrap())
        .sum();
    assert_eq!(clients, ROWS);
    // 6 636 UCI clients defaulted next month.
    let defaulters: u64 = segments
        .iter()
        .map(|s| s["defaulters"].as_u64().unwrap())
        .sum();
    assert_eq!(defaulters, 6636);
    let exposure: f64 = segments
        .iter()
        .map(|s| s["exposure"].as_f64().unwrap())
        .sum();
    assert!((exposure - p["exposure"].as_f64().unwrap()).abs() < 1e-3);
    // Five month pairs per client.
    assert_eq!(p["roll_rates"]["transitions"], 5 * ROWS);
    assert_eq!(p["roll_rates"]["buckets"][3], "3+");
    for s in segments {
        let states: u64 = s["states"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(states, s["clients"].as_u64().unwrap());
        for row in s["roll_rates"]["rates"].as_array().unwrap() {
            let cells: Vec<f64> = row
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_f64)
                .collect();
            if !cells.is_empty() {
                assert!((cells.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{row}");
            }
        }
    }
    // The highest-risk segment cures less often than the recurrent one and goes to a human.
    let cure = |i: usize| segments[i]["roll_rates"]["cure_rate"].as_f64().unwrap();
    assert!(cure(3) < cure(2), "cure rates {} {}", cure(2), cure(3));
    assert_eq!(segments[3]["policy"]["atendimento_humano"], true);
    assert_eq!(segments[0]["states"]["grave"], 0);
}

/// A later snapshot assigned with a saved model: PSI per segment share and signal, and the
/// migration matrix against the earlier assignments.
#[test]
fn saved_model_reports_psi_and_migration_on_a_new_snapshot() {
    let input = data();
    let model = temp_path("psi-model.json");
    let before = temp_path("before.csv");
    segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--model-out",
        model.to_str().unwrap(),
        "--assignments",
        before.to_str().unwrap(),
    ]);
    // The "next month": every client one month later in arrears on the most recent month
    // (PAY_0 + 1 when late, 1 when it was 0), a shifted population.
    let text = read_gz(&input);
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let pay0 = header.split(',').position(|h| h == "PAY_0").unwrap();
    let mut shifted = header + "\n";
    for (i, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if i % 2 == 0 {
            let p: i32 = cells[pay0].parse().unwrap();
            cells[pay0] = (p.max(0) + 1).to_string();
        }
        shifted.push_str(&cells.join(","));
        shifted.push('\n');
    }
    let later = temp_path("later.csv");
    std::fs::write(&later, shifted).unwrap();
    let report = temp_path("psi-report.html");
    let v = json_of(&segment_ok(&[
        "--input",
        later.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--previous",
        before.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--json",
    ]));
    let st = &v["stability"];
    let freq = st["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "freq_atrasos")
        .unwrap();
    assert_eq!(freq["band"], "significant", "{st}");
    assert_ne!(st["segments"]["band"], "stable", "{st}");
    let m = &v["migration"];
    assert_eq!(m["matched"], ROWS);
    assert_eq!(m["new_clients"], 0);
    assert!(m["worsened"].as_f64().unwrap() > 0.1, "{m}");
    assert_eq!(m["improved"], 0.0, "{m}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Estabilidade em relação ao ajuste (PSI)"));
    assert!(html.contains("mudança significativa"));
    assert!(html.contains("Migração entre segmentos"));

    // The text output says the same.
    let out = segment_ok(&[
        "--input",
        later.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--previous",
        before.to_str().unwrap(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("stability against the fit population (PSI)"),
        "{text}"
    );
    assert!(
        text.contains("migration from the previous assignment: 30000 matched"),
        "{text}"
    );
}

#[test]
fn text_table_by_default_and_other_k() {
    let input = data();
    let out = segment_ok(&["--input", input.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("30000 rows, k = 4"), "{text}");
    assert!(text.contains("Alto risco / Crítico extremo"));

    let v = json_of(&segment_ok(&[
        "--input",
        input.to_str().unwrap(),
        "--k",
        "3",
        "--json",
    ]));
    assert_eq!(v["k"], 3);
    assert_eq!(sizes(&v).len(), 3);
    assert_eq!(sizes(&v).iter().sum::<u64>(), ROWS);
}

#[test]
fn unlabelled_input_reports_nulls() {
    let csv = "ID,LIMIT_BAL,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6\n";
    let mut text = csv.to_string();
    for i in 0..40 {
        let late = i % 5;
        text.push_str(&format!(
            "{i},{},{late},{late},0,0,-1,-1,{},{},0,0,0,0,{},0,0,0,0,0\n",
            10_000 * (1 + i % 7),
            1_000 * (i % 9),
            500 * (i % 4),
            100 * (i % 3)
        ));
    }
    let input = temp_path("unlabelled.csv");
    std::fs::write(&input, text).unwrap();
    let v = json_of(&segment_ok(&["--input", input.to_str().unwrap(), "--json"]));
    assert_eq!(v["rows"], 40);
    assert!(v["monotonic_default"].is_null());
    assert!(v["auc"].is_null());
    for seg in v["segments"].as_array().unwrap() {
        assert!(seg["default_rate"].is_null());
    }
}

#[test]
fn bad_cell_fails_naming_line_column_and_value() {
    let header = "ID,LIMIT_BAL,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default payment next month";
    let good = "1,20000,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1";
    let bad = "2,120000,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,12k,1";
    let input = temp_path("bad.csv");
    std::fs::write(&input, format!("{header}\n{good}\n{bad}\n")).unwrap();
    let out = segment(&["--input", input.to_str().unwrap(), "--json"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "no partial output on stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("PAY_AMT6"), "{err}");
    assert!(err.contains("12k"), "{err}");
}

#[test]
fn missing_file_and_bad_flags_fail_clearly() {
    let out = segment(&["--input", "/nonexistent/portfolio.csv"]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/portfolio.csv"), "{err}");

    let input = data();
    let out = segment(&["--input", input.to_str().unwrap(), "--holdout", "1.5"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1.5"));

    let out = segment(&["--input", input.to_str().unwrap(), "--ordering", "random"]);
    assert_ne!(out.status.code(), Some(0));

    let model = temp_path("not-a-model.json");
    std::fs::write(&model, "{\"centroids\": 3}").unwrap();
    let out = segment(&[
        "--input",
        input.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-a-model.json"), "{err}");
    assert!(err.contains("invalid model JSON"), "{err}");
}
