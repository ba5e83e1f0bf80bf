//! A campaign through the real binary and a real webhook receiver on 127.0.0.1: create
//! (assignments written, holdout never queued), send (every contacted client gets one true
//! message with its idempotency key; a re-run sends nothing), import outcomes (an unknown client
//! is listed, a bad row stores nothing), report (JSON and HTML) with the rates recomputed here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;

use crate::common::{credito, temp_dir};

type Seen = Arc<Mutex<Vec<(String, Value)>>>;

async fn receive(
    State(seen): State<Seen>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> StatusCode {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    seen.lock().unwrap().push((key, body));
    StatusCode::OK
}

fn clients_csv() -> String {
    let mut csv = String::from(
        "client_id,segment,uf,opt_out,score_gravidade,freq_atrasos,razao_pagamento_6m,taxa_uso_limite,limite_credito,nome,valor_em_aberto\n",
    );
    for i in 0..40 {
        let segment = i % 2 + 1;
        let opt_out = if i == 39 { "all" } else { "" };
        csv.push_str(&format!(
            "K{i:03},{segment},SP,{opt_out},20,2,0.5,0.8,10000,Ana,1234.56\n"
        ));
    }
    csv
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn create_send_import_and_report_a_campaign_on_sqlite() {
    let dir = temp_dir("campaign", "sqlite");
    let store = format!("sqlite://{}", dir.join("credito.db").display());
    flow(&dir, &store);
}

#[test]
fn create_send_import_and_report_a_campaign_on_postgres() {
    let Some(pg) = crate::postgres::Postgres::start("campaign_cli") else {
        return;
    };
    flow(&temp_dir("campaign", "postgres"), &pg.url);
}

fn flow(dir: &std::path::Path, store: &str) {
    let store = store.to_string();
    std::fs::write(dir.join("clients.csv"), clients_csv()).unwrap();
    let assignments = dir.join("groups.csv");
    // Monday 7 December 2026, 09:00 in São Paulo.
    let now = "2026-12-07T12:00:00Z";
    let created = json_of(&credito(&[
        "campaign",
        "create",
        "--store",
        &store,
        "--name",
        "dez-2026",
        "--clients",
        dir.join("clients.csv").to_str().unwrap(),
        "--variants",
        "2",
        "--holdout",
        "0.25",
        "--seed",
        "7",
        "--now",
        now,
        "--assignments",
        assignments.to_str().unwrap(),
    ]));
    assert_eq!(created["members"], 40);
    // 20 per segment, 5 of each held out; the rest split 8/7 between v1 and v2.
    assert_eq!(created["groups"]["holdout"], 10);
    assert_eq!(
        created["groups"]["v1"].as_u64().unwrap() + created["groups"]["v2"].as_u64().unwrap(),
        30
    );
    let groups: HashMap<String, String> = std::fs::read_to_string(&assignments)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect();
    assert_eq!(groups.len(), 40);
    // K039 opted out of everything: never queued, unless it was held out anyway.
    let opted_out_contacted = groups["K039"] != "holdout";
    assert_eq!(
        created["queued"].as_u64().unwrap(),
        30 - u64::from(opted_out_contacted)
    );
    // The same name again is refused.
    let again = credito(&[
        "campaign",
        "create",
        "--store",
        &store,
        "--name",
        "dez-2026",
        "--clients",
        dir.join("clients.csv").to_str().unwrap(),
        "--now",
        now,
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let seen: Seen = Arc::default();
    let url = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(seen.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    });
    let send = [
        "campaign",
        "send",
        "--store",
        &store,
        "--name",
        "dez-2026",
        "--webhook",
        &url,
        "--now",
        now,
    ];
    let sent = json_of(&credito(&send));
    assert_eq!(sent["sent"], created["queued"]);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len() as u64, created["queued"].as_u64().unwrap());
        for (key, body) in seen.iter() {
            let id = body["client_id"].as_str().unwrap();
            assert_ne!(groups[id], "holdout", "{id} is held out");
            assert_eq!(body["variant"].as_str().unwrap(), groups[id]);
            assert_eq!(key, body["idempotency_key"].as_str().unwrap());
            assert!(key.starts_with(&format!("dez-2026:{id}:")));
            let message = body["message"].as_str().unwrap();
            assert!(
                message.contains("Ana") && message.contains("1.234,56"),
                "{message}"
            );
        }
    }
    // A re-run: nothing is due any more, nobody is contacted twice.
    let rerun = json_of(&credito(&send));
    assert_eq!(
        (rerun["due"].as_u64(), rerun["sent"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        seen.lock().unwrap().len() as u64,
        created["queued"].as_u64().unwrap()
    );

    // Outcomes: 6 of v1 pay 100 each, 1 of the holdout pays 100, an unknown client pays too.
    let v1: Vec<&String> = {
        let mut v: Vec<&String> = groups
            .iter()
            .filter(|(_, g)| *g == "v1")
            .map(|(id, _)| id)
            .collect();
        v.sort();
        v
    };
    let holdout: Vec<&String> = {
        let mut v: Vec<&String> = groups
            .iter()
            .filter(|(_, g)| *g == "holdout")
            .map(|(id, _)| id)
            .collect();
        v.sort();
        v
    };
    let mut csv = String::from("client_id,channel,at,outcome,promised_date,amount\n");
    for id in v1.iter().take(6) {
        csv.push_str(&format!(
            "{id},whatsapp,2026-12-09T15:00:00-03:00,paid,,100\n"
        ));
    }
    csv.push_str(&format!(
        "{},phone,2026-12-09T15:00:00-03:00,paid,,100\n",
        holdout[0]
    ));
    csv.push_str("ZZ-9,sms,2026-12-09T15:00:00-03:00,paid,,50\n");
    std::fs::write(dir.join("outcomes.csv"), &csv).unwrap();
    // A bad row first: nothing of the file is stored.
    std::fs::write(
        dir.join("bad.csv"),
        csv.replace(
            "ZZ-9,sms,2026-12-09T15:00:00-03:00,paid",
            "ZZ-9,sms,2026-12-09T15:00:00-03:00,pago",
        ),
    )
    .unwrap();
    let bad = credito(&[
        "outcomes",
        "import",
        "--store",
        &store,
        "--campaign",
        "dez-2026",
        "--file",
        dir.join("bad.csv").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("bad.csv:9:4") && err.contains("\"pago\""),
        "{err}"
    );
    let imported = json_of(&credito(&[
        "outcomes",
        "import",
        "--store",
        &store,
        "--campaign",
        "dez-2026",
        "--file",
        dir.join("outcomes.csv").to_str().unwrap(),
    ]));
    assert_eq!(
        (imported["rows"].as_u64(), imported["stored"].as_u64()),
        (Some(8), Some(8))
    );
    assert_eq!(imported["unknown_clients"], serde_json::json!(["ZZ-9"]));

    let html = dir.join("report.html");
    let report = json_of(&credito(&[
        "campaign",
        "report",
        "--store",
        &store,
        "--name",
        "dez-2026",
        "--json",
        "--report",
        html.to_str().unwrap(),
    ]));
    let rows = report["rows"].as_array().unwrap();
    let overall = |group: &str| {
        rows.iter()
            .find(|r| r["segment"].is_null() && r["group"] == group)
            .unwrap()
            .clone()
    };
    let (v1_row, holdout_row) = (overall("v1"), overall("holdout"));
    assert_eq!(v1_row["clients"].as_u64(), Some(v1.len() as u64));
    assert_eq!(
        (v1_row["paid"].as_u64(), holdout_row["paid"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(holdout_row["clients"], 10);
    assert_eq!(holdout_row["contacted"], 0);
    assert_eq!(v1_row["amount_recovered"].as_f64(), Some(600.0));
    let expected = 6.0 / v1.len() as f64 - 0.1;
    let uplift = &v1_row["uplift"];
    assert!((uplift["estimate"].as_f64().unwrap() - expected).abs() < 1e-12);
    assert!(
        uplift["lower"].as_f64().unwrap() < expected
            && uplift["upper"].as_f64().unwrap() > expected
    );
    assert_eq!(v1_row["verdict_code"], "inconclusive");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Campanha dez-2026") && page.contains("Controle (sem contato)"));

    // The plan with the store's ledger, after the payments: the clients who paid are settled.
    let plan = credito(&[
        "plan",
        "--clients",
        dir.join("clients.csv").to_str().unwrap(),
        "--store",
        &store,
        "--now",
        "2026-12-10T12:00:00Z",
    ]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let settled = String::from_utf8_lossy(&plan.stdout)
        .lines()
        .filter(|l| l.contains(&format!("\"client_id\":\"{}\"", v1[0])))
        .all(|l| l.contains("\"reason\":\"settled\""));
    assert!(settled);
    assert!(String::from_utf8_lossy(&plan.stdout).contains("\"reason\":\"settled\""));
}
