//! The decision store through a real `credito serve` and a real SQLite file: idempotency by
//! request id, the manual-review queue with racing analysts, stored messages, and nothing
//! acknowledged lost when the server is killed with SIGKILL under load.
#![cfg(unix)]

use std::collections::HashMap;
use std::time::Duration;

use decision_store::{DecisionStore, SqlStore, StoreLocation};
use serde_json::{json, Value};

use crate::served::{start_with, temp_store};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A request the shipped pipeline approves at R$ 10 000 over 24 months.
fn approved_request(id: &str, amount: f64) -> Value {
    json!({"request_id": id, "customer_profile": {"customer_id": "CUST-094", "age": 35,
      "employment_status": "employed", "income": 5500, "time_at_job_months": 111,
      "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 0,
      "num_existing_loans": 3, "debt_to_income_ratio": 0.31, "credit_score": 825},
      "product_type": "personal_loan", "requested_amount": amount, "requested_installments": 24})
}

/// A request the shipped pipeline sends to manual review (found by analysing random
/// requests; its review reason is the model's).
fn review_request(id: &str) -> Value {
    json!({"request_id": id, "customer_profile": {"customer_id": "CUST-REV", "age": 57,
      "employment_status": "employed", "income": 3200, "time_at_job_months": 99,
      "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 0,
      "num_existing_loans": 2, "debt_to_income_ratio": 0.31, "credit_score": 818},
      "product_type": "personal_loan", "requested_amount": 20000, "requested_installments": 36})
}

async fn post(client: &reqwest::Client, url: String, body: &Value) -> (u16, Value) {
    let response = client.post(url).json(body).send().await.expect("answer");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

async fn get(client: &reqwest::Client, url: String) -> (u16, Value) {
    let response = client.get(url).send().await.expect("answer");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

#[test]
fn decisions_are_stored_once_reviewed_once_and_messages_kept() {
    let store = temp_store();
    let served = start_with(&["--store", &store], &[]);
    let log = served.startup.join("\n");
    runtime().block_on(async {
        let c = client();
        let analyze = served.url("/api/credit/analyze");
        let (status, first) =
            post(&c, analyze.clone(), &approved_request("REQ-T-1", 10000.0)).await;
        assert_eq!(status, 200, "{first}");
        // The same request again: the stored answer (same analysis_date), not a new decision.
        let (status, again) =
            post(&c, analyze.clone(), &approved_request("REQ-T-1", 10000.0)).await;
        assert_eq!((status, &again), (200, &first));
        // Same id, another body: 409 naming the id.
        let (status, conflict) =
            post(&c, analyze.clone(), &approved_request("REQ-T-1", 9000.0)).await;
        assert_eq!(status, 409, "{conflict}");
        assert!(
            conflict["error"].as_str().unwrap().contains("REQ-T-1"),
            "{conflict}"
        );
        assert_eq!(conflict["fields"][0]["field"], "request_id");

        let (status, stored) = get(&c, served.url("/api/credit/decisions/REQ-T-1")).await;
        assert_eq!(status, 200);
        assert_eq!(stored["result"], first);
        assert_eq!(stored["request"], approved_request("REQ-T-1", 10000.0));
        assert_eq!(stored["policy_version"], first["policy_version"]);
        assert_eq!(stored["model_version"], first["model_version"]);
        assert!(stored["program_version"]
            .as_str()
            .unwrap()
            .starts_with("credito "));
        assert_eq!(stored["events"][0]["kind"], "decided");
        let (status, missing) = get(&c, served.url("/api/credit/decisions/REQ-NOPE")).await;
        assert_eq!(status, 404, "{missing}");

        // The review queue and racing analysts.
        let (status, pending) = post(&c, analyze.clone(), &review_request("REQ-T-REV")).await;
        assert_eq!(status, 200);
        assert_eq!(pending["approval_status"], "pending_review", "{pending}");
        let (_, queue) = get(&c, served.url("/api/credit/reviews")).await;
        let ids: Vec<&str> = queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["request_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["REQ-T-REV"]);
        assert!(
            queue["items"][0]["result"]["review_reason"].is_object()
                || queue["items"][0]["result"]["review_reason"].is_string()
        );
        let review_url = served.url("/api/credit/reviews/REQ-T-REV");
        let racers: Vec<_> = (0..8)
            .map(|i| {
                let (c, url) = (c.clone(), review_url.clone());
                tokio::spawn(async move {
                    let body = json!({"decision": if i % 2 == 0 { "approved" } else { "rejected" },
                        "analyst": format!("analista-{i}"), "note": "documentos conferidos"});
                    post(&c, url, &body).await
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for r in racers {
            outcomes.push(r.await.unwrap());
        }
        let winners: Vec<&Value> = outcomes
            .iter()
            .filter(|(s, _)| *s == 200)
            .map(|(_, b)| b)
            .collect();
        assert_eq!(winners.len(), 1, "{outcomes:?}");
        assert!(
            outcomes.iter().all(|(s, _)| *s == 200 || *s == 409),
            "{outcomes:?}"
        );
        let (_, detail) = get(&c, served.url("/api/credit/decisions/REQ-T-REV")).await;
        let reviewed: Vec<&Value> = detail["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "reviewed")
            .collect();
        assert_eq!(reviewed.len(), 1);
        assert_eq!(reviewed[0]["actor"], winners[0]["events"][1]["actor"]);
        assert_eq!(detail["review_state"], "resolved");
        let (_, queue) = get(&c, served.url("/api/credit/reviews")).await;
        assert!(queue["items"].as_array().unwrap().is_empty());
        let (status, again) = post(
            &c,
            review_url,
            &json!({"decision": "approved", "analyst": "late"}),
        )
        .await;
        assert_eq!(status, 409, "{again}");
        let (status, _) = post(
            &c,
            served.url("/api/credit/reviews/REQ-T-1"),
            &json!({"decision": "approved", "analyst": "x"}),
        )
        .await;
        assert_eq!(status, 409, "an approved decision is not pending review");
        let (status, bad) = post(
            &c,
            served.url("/api/credit/reviews/REQ-NOPE"),
            &json!({"decision": "approved", "analyst": "x"}),
        )
        .await;
        assert_eq!(status, 404, "{bad}");

        // Listing with a filter.
        let (status, page) = get(
            &c,
            served.url("/api/credit/decisions?status=approved&limit=10"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(page["items"].as_array().unwrap().len(), 1);
        let (status, bad) = get(&c, served.url("/api/credit/decisions?status=maybe")).await;
        assert_eq!(status, 422, "{bad}");

        // Collection messages are stored and can be read back.
        let body = json!({"score_gravidade": 8, "freq_atrasos": 2, "razao_pagamento_6m": 0.2,
            "taxa_uso_limite": 0.8, "limite_credito": 20000, "nome": "Ana"});
        let (status, message) = post(&c, served.url("/gerar-mensagem"), &body).await;
        assert_eq!(status, 200, "{message}");
        let id = message["message_id"]
            .as_str()
            .expect("message_id")
            .to_string();
        let (status, kept) = get(&c, served.url(&format!("/api/collections/messages/{id}"))).await;
        assert_eq!(status, 200);
        assert_eq!(kept["response"], message);
        assert_eq!(kept["request"], body);
        assert_eq!(kept["policy_version"], "seed-2024.2");
    });
    assert!(log.contains("decision store: sqlite://"), "{log}");
}

/// Requests in flight from several clients; the server is killed with SIGKILL mid-load. Every
/// request that got a 200 must be in the store, exactly as answered.
#[test]
fn sigkill_under_load_loses_nothing_that_was_acknowledged() {
    let store = temp_store();
    let served = start_with(&["--store", &store], &[]);
    let acknowledged: HashMap<String, Value> = runtime().block_on(async {
        let c = client();
        let url = served.url("/api/credit/analyze");
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<(String, Value)>();
        let workers: Vec<_> = (0..8)
            .map(|w| {
                let (c, url, done) = (c.clone(), url.clone(), done_tx.clone());
                tokio::spawn(async move {
                    for i in 0..10_000 {
                        let id = format!("REQ-K-{w}-{i}");
                        let body = approved_request(&id, 5000.0 + f64::from(i % 97) * 100.0);
                        let Ok(response) = c.post(&url).json(&body).send().await else {
                            return;
                        };
                        if response.status() != 200 {
                            return;
                        }
                        let Ok(answer) = response.json::<Value>().await else {
                            return;
                        };
                        if done.send((id, answer)).is_err() {
                            return;
                        }
                    }
                })
            })
            .collect();
        drop(done_tx);
        let mut acknowledged = HashMap::new();
        while let Some((id, answer)) = done_rx.recv().await {
            acknowledged.insert(id, answer);
            if acknowledged.len() == 400 {
                served.signal("-KILL");
            }
        }
        for w in workers {
            let _ = w.await;
        }
        acknowledged
    });
    assert!(acknowledged.len() >= 400, "{}", acknowledged.len());
    let path = store.trim_start_matches("sqlite://").to_string();
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::Sqlite(path.into()))
            .await
            .expect("the store opens after a crash");
        for (id, answer) in &acknowledged {
            let record = store
                .decision(id)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{id} was answered 200 but is not in the store"));
            assert_eq!(&record.result, answer, "{id}");
        }
    });
}

/// `credito analyze --store`: a batch kept like the service keeps it; run again, every line is
/// the stored answer (same `analysis_date`), and a changed body under a known id is an error
/// line naming the id.
#[test]
fn analyze_with_a_store_keeps_the_batch_and_answers_it_again() {
    let store = temp_store();
    let input = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("store-batch-{}.jsonl", std::process::id()));
    let lines: Vec<String> = (0..40)
        .map(|i| approved_request(&format!("REQ-B-{i}"), 1000.0 + f64::from(i) * 250.0).to_string())
        .chain(std::iter::once(review_request("REQ-B-REV").to_string()))
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let run = |path: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_credito"))
            .args(["analyze", "--input"])
            .arg(path)
            .args(["--store", &store])
            .output()
            .expect("run credito analyze")
    };
    let first = run(&input);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = run(&input);
    assert_eq!(second.status.code(), Some(0));
    // The same JSON, line by line (the stored answer comes back with its keys sorted).
    let parse = |out: &[u8]| -> Vec<Value> {
        String::from_utf8(out.to_vec())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    assert_eq!(
        parse(&first.stdout),
        parse(&second.stdout),
        "the stored answers, unchanged"
    );
    let results: Vec<Value> = String::from_utf8(first.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 41);
    assert_eq!(results[40]["approval_status"], "pending_review");

    std::fs::write(
        &input,
        approved_request("REQ-B-0", 99_000.0).to_string() + "\n",
    )
    .unwrap();
    let changed = run(&input);
    assert_eq!(changed.status.code(), Some(1));
    let line: Value = serde_json::from_slice(&changed.stdout).unwrap();
    assert_eq!(line["line"], 1);
    assert!(
        line["error"].as_str().unwrap().contains("REQ-B-0"),
        "{line}"
    );

    let path = store.trim_start_matches("sqlite://").to_string();
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::Sqlite(path.into()))
            .await
            .unwrap();
        assert_eq!(store.open_reviews(10).await.unwrap().len(), 1);
        let kept = store.decision("REQ-B-7").await.unwrap().expect("kept");
        assert_eq!(kept.result, results[7]);
    });
}

/// Two `credito serve` processes on one PostgreSQL, as behind a load balancer: each sees the
/// other's decisions, a request id is idempotent across them, racing analysts on both get
/// exactly one win; when the database goes away both answer 503 with a JSON error and nothing
/// is answered unstored; when it is back they recover.
#[test]
fn two_servers_on_one_postgres_share_everything_and_survive_an_outage() {
    let Some(pg) = crate::postgres::Postgres::start("two_servers_on_one_postgres") else {
        return;
    };
    let a = start_with(&["--store", &pg.url], &[]);
    let b = start_with(&["--store", &pg.url], &[]);
    assert!(
        a.startup.join("\n").contains(&format!(
            "decision store: postgres://credito@127.0.0.1:{}",
            pg.port
        )),
        "{:?}",
        a.startup
    );
    runtime().block_on(async {
        let c = client();
        let (status, first) = post(
            &c,
            a.url("/api/credit/analyze"),
            &approved_request("REQ-PG-1", 10000.0),
        )
        .await;
        assert_eq!(status, 200, "{first}");
        let (status, seen) = get(&c, b.url("/api/credit/decisions/REQ-PG-1")).await;
        assert_eq!(status, 200);
        assert_eq!(seen["result"], first);
        let (status, again) = post(
            &c,
            b.url("/api/credit/analyze"),
            &approved_request("REQ-PG-1", 10000.0),
        )
        .await;
        assert_eq!(
            (status, &again),
            (200, &first),
            "the stored answer from the other instance"
        );
        let (status, _) = post(
            &c,
            b.url("/api/credit/analyze"),
            &approved_request("REQ-PG-1", 9000.0),
        )
        .await;
        assert_eq!(status, 409);

        let (status, _) = post(
            &c,
            a.url("/api/credit/analyze"),
            &review_request("REQ-PG-REV"),
        )
        .await;
        assert_eq!(status, 200);
        let racers: Vec<_> = (0..8)
            .map(|i| {
                let url = if i % 2 == 0 {
                    a.url("/api/credit/reviews/REQ-PG-REV")
                } else {
                    b.url("/api/credit/reviews/REQ-PG-REV")
                };
                let c = c.clone();
                tokio::spawn(async move {
                    post(
                        &c,
                        url,
                        &json!({"decision": "rejected", "analyst": format!("analista-{i}")}),
                    )
                    .await
                    .0
                })
            })
            .collect();
        let mut codes = Vec::new();
        for r in racers {
            codes.push(r.await.unwrap());
        }
        codes.sort();
        assert_eq!(codes, [200, 409, 409, 409, 409, 409, 409, 409]);

        pg.stop_server();
        let (status, down) = post(
            &c,
            a.url("/api/credit/analyze"),
            &approved_request("REQ-PG-DOWN", 10000.0),
        )
        .await;
        assert_eq!(status, 503, "{down}");
        assert!(
            down["error"].as_str().unwrap().contains("unavailable"),
            "{down}"
        );
        let (status, _) = get(&c, b.url("/api/credit/decisions/REQ-PG-1")).await;
        assert_eq!(status, 503);

        pg.start_server();
        let mut status = 0;
        for _ in 0..50 {
            status = post(
                &c,
                b.url("/api/credit/analyze"),
                &approved_request("REQ-PG-UP", 10000.0),
            )
            .await
            .0;
            if status == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(
            status, 200,
            "the service recovers when the database returns"
        );
        let (status, _) = get(&c, a.url("/api/credit/decisions/REQ-PG-DOWN")).await;
        assert_eq!(status, 404, "what was answered 503 was not stored");
    });
}

/// `credito replay`: stored decisions re-decided under a stricter challenger policy (5 % income
/// commitment instead of 30 %): the transition matrix accounts for every decision, approvals
/// fall, each changed decision carries both sets of reasons, and the store is untouched unless
/// `--record` is given.
#[test]
fn replay_compares_a_challenger_and_writes_only_when_asked() {
    let store = temp_store();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("requests.jsonl");
    let lines: Vec<String> = (0..12)
        .map(|i| approved_request(&format!("REQ-P-{i}"), 4000.0 + f64::from(i) * 500.0).to_string())
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let credito = || std::process::Command::new(env!("CARGO_BIN_EXE_credito"));
    let out = credito()
        .args(["analyze", "--input"])
        .arg(&input)
        .args(["--store", &store])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = credito()
        .args(["policy", "show", "credit"])
        .output()
        .unwrap();
    let strict = String::from_utf8(shown.stdout)
        .unwrap()
        .replace("max_commitment = 0.30", "max_commitment = 0.05");
    let policy = dir.join("strict.toml");
    std::fs::write(&policy, strict).unwrap();
    let html = dir.join("replay.html");
    let out = credito()
        .args(["replay", "--store", &store, "--credit-policy"])
        .arg(&policy)
        .args(["--json", "--report"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["replayed"], 12);
    let total: u64 = report["transitions"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|row| row.as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total, 12);
    let before = report["approval_rate"]["before"].as_f64().unwrap();
    let after = report["approval_rate"]["after"].as_f64().unwrap();
    assert!(after < before, "{before} -> {after}");
    let changed = report["changed"].as_array().unwrap();
    assert!(!changed.is_empty());
    for c in changed {
        assert_eq!(c["champion_status"], "approved", "{c}");
        assert!(
            !c["challenger_reasons"].as_array().unwrap().is_empty(),
            "{c}"
        );
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Transições de status") && page.contains("LIMIT_AMOUNT_ABOVE_LIMIT"));

    let path = store.trim_start_matches("sqlite://").to_string();
    let events = |id: &str| {
        let path = path.clone();
        let id = id.to_string();
        runtime().block_on(async move {
            let store = SqlStore::open(&StoreLocation::Sqlite(path.into()))
                .await
                .unwrap();
            store.decision(&id).await.unwrap().unwrap().events
        })
    };
    assert_eq!(
        events("REQ-P-11").len(),
        1,
        "replay wrote to the store without --record"
    );
    let out = credito()
        .args(["replay", "--store", &store, "--record", "--credit-policy"])
        .arg(&policy)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("champion \\ challenger"), "{text}");
    let kept = events("REQ-P-11");
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1].kind, "replayed");
}

/// `credito decisions export`: JSON lines with the whole record, or CSV rows, oldest first;
/// `--since` in the future exports nothing.
#[test]
fn decisions_export_writes_jsonl_and_csv() {
    let store = temp_store();
    let input = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("export-{}.jsonl", std::process::id()));
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            approved_request("REQ-E-1", 10000.0),
            review_request("REQ-E-2")
        ),
    )
    .unwrap();
    let credito = || std::process::Command::new(env!("CARGO_BIN_EXE_credito"));
    assert!(credito()
        .args(["analyze", "--input"])
        .arg(&input)
        .args(["--store", &store])
        .output()
        .unwrap()
        .status
        .success());
    let jsonl = credito()
        .args(["decisions", "export", "--store", &store])
        .output()
        .unwrap();
    assert!(jsonl.status.success());
    // The two lines were decided concurrently: the store's order is commit order.
    let mut records: Vec<Value> = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    records.sort_by_key(|r| r["request_id"].as_str().unwrap_or_default().to_string());
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["request_id"], "REQ-E-1");
    assert_eq!(records[1]["review_state"], "open");
    assert_eq!(records[0]["events"][0]["kind"], "decided");
    let csv = credito()
        .args(["decisions", "export", "--store", &store, "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    let mut rows: Vec<&str> = text.lines().collect();
    rows[1..].sort();
    assert!(rows[0].starts_with("request_id,received_at,customer_id,status,review_state"));
    assert!(
        rows[1].starts_with("REQ-E-1,") && rows[1].contains(",approved,"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains(",pending_review,open,"), "{}", rows[2]);
    let later = credito()
        .args([
            "decisions",
            "export",
            "--store",
            &store,
            "--since",
            "2999-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    assert!(later.status.success() && later.stdout.is_empty());
}

/// A full disk under the SQLite store: answers are 503 with a JSON error and nothing is
/// answered that is not stored; once space is back the service answers 200 again. Needs a
/// small tmpfs (root with mount rights, as in `.ci/run`); without one the test says so.
#[test]
fn a_full_disk_is_503_and_the_service_recovers() {
    let dir = std::env::temp_dir().join(format!("credito-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !mounted {
        eprintln!("SKIPPED a_full_disk_is_503_and_the_service_recovers: cannot mount a tmpfs here");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(&self.0)
                .status();
        }
    }
    let _unmount = Unmount(dir.clone());
    let store = format!("sqlite://{}", dir.join("credito.db").display());
    let served = start_with(&["--store", &store], &[]);
    let filler = dir.join("filler");
    runtime().block_on(async {
        let c = client();
        let url = served.url("/api/credit/analyze");
        let (status, _) = post(&c, url.clone(), &approved_request("REQ-F-0", 10000.0)).await;
        assert_eq!(status, 200);
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&filler).unwrap();
            let block = vec![0u8; 64 * 1024];
            while f.write_all(&block).is_ok() {}
            let _ = f.sync_all();
        }
        let mut refused = Vec::new();
        for i in 0..40 {
            let id = format!("REQ-F-{}", i + 1);
            let (status, body) = post(&c, url.clone(), &approved_request(&id, 10000.0)).await;
            assert!(status == 200 || status == 503, "{status} {body}");
            if status == 503 {
                assert!(
                    body["error"].as_str().unwrap().contains("unavailable"),
                    "{body}"
                );
                refused.push(id);
            }
        }
        assert!(!refused.is_empty(), "a full disk must refuse writes");
        std::fs::remove_file(&filler).unwrap();
        let (status, body) = post(&c, url.clone(), &approved_request("REQ-F-AFTER", 10000.0)).await;
        assert_eq!(
            status, 200,
            "the service recovers when space is back: {body}"
        );
        for id in &refused {
            let (status, _) = get(&c, served.url(&format!("/api/credit/decisions/{id}"))).await;
            assert_eq!(status, 404, "{id} was refused, so it must not be stored");
        }
    });
}
