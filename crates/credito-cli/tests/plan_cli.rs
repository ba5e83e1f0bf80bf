//! `credito plan` through the real binary: a small portfolio with a ledger planned exactly,
//! a shipped pack chosen by name, and bad cells refused with nothing written.

use crate::common::{credito, temp_dir};

use serde_json::{json, Value};

const CLIENTS: &str = "client_id,segment,uf,timezone,opt_out,debt_since\n\
    a1,3,AM,,,2024-01-10\n\
    a2,2,SP,,whatsapp,\n\
    a3,1,RJ,,,\n\
    a4,,,UTC-03:00,,\n\
    a5,0,AC,,,2021-12-01\n";

const LEDGER: &str = "client_id,channel,at,outcome,promised_date,amount\n\
    a2,phone,2026-12-02T10:00:00-03:00,promise,2026-12-09,500\n\
    zz,sms,2026-12-03T09:00:00-03:00,no_answer,,\n";

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_portfolio_is_planned_per_client_and_channel() {
    let dir = temp_dir("plan", "ok");
    // a4 has no segment: the shipped model assigns one from its signals.
    let with_signals = CLIENTS
        .replace(
            "client_id,segment,uf,timezone,opt_out,debt_since",
            "client_id,segment,uf,timezone,opt_out,debt_since,score_gravidade,freq_atrasos,razao_pagamento_6m,taxa_uso_limite,limite_credito",
        )
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => l.to_string(),
            4 => format!("{l},0,0,1,0.05,50000"),
            _ => format!("{l},,,,,"),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("clients.csv"), with_signals).unwrap();
    std::fs::write(dir.join("ledger.csv"), LEDGER).unwrap();
    let out_path = dir.join("plan.jsonl");
    let out = credito(&[
        "plan",
        "--clients",
        dir.join("clients.csv").to_str().unwrap(),
        "--ledger",
        dir.join("ledger.csv").to_str().unwrap(),
        "--now",
        "2026-12-03T07:30:00-04:00",
        "--output",
        out_path.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let plan = lines(&std::fs::read_to_string(&out_path).unwrap());
    let line = |id: &str, channel: &str| {
        plan.iter()
            .find(|l| l["client_id"] == id && l["channel"] == channel)
            .unwrap_or_else(|| panic!("no {id} {channel} in {plan:?}"))
            .clone()
    };
    // Segment 3 is called by a human: only the phone, at 08:00 in Manaus.
    assert_eq!(plan.iter().filter(|l| l["client_id"] == "a1").count(), 1);
    assert_eq!(
        line("a1", "phone"),
        json!({"client_id": "a1", "channel": "phone", "allowed_at": "2026-12-03T08:00:00-04:00",
            "reason": "outside_hours", "rule": "br.hours.weekday"})
    );
    assert_eq!(line("a2", "whatsapp")["reason"], "opt_out");
    assert_eq!(line("a2", "whatsapp")["allowed_at"], Value::Null);
    assert_eq!(
        line("a2", "phone")["allowed_at"],
        "2026-12-10T08:00:00-03:00"
    );
    assert_eq!(line("a2", "phone")["reason"], "promise_pending");
    assert_eq!(line("a3", "sms")["rule"], "br.rj.hours.weekday");
    assert_eq!(line("a3", "email")["reason"], Value::Null);
    assert_eq!(
        line("a4", "email")["allowed_at"],
        "2026-12-03T08:30:00-03:00"
    );
    assert_eq!(line("a5", "email")["reason"], "prescribed");
    assert!(stderr.contains("planned 5 clients"), "{stderr}");
    assert!(stderr.contains("1 ledger clients are not in"), "{stderr}");

    // Under Regulation F the same client may be called on a Sunday afternoon.
    let out = credito(&[
        "plan",
        "--clients",
        dir.join("clients.csv").to_str().unwrap(),
        "--now",
        "2026-12-06T15:00:00-03:00",
        "--rules",
        "us-reg-f",
    ]);
    assert!(out.status.success());
    let reg_f = lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(reg_f[0]["rule"], "us.hours");
    assert_eq!(reg_f[0]["reason"], Value::Null);
}

#[test]
fn bad_cells_are_refused_and_nothing_is_written() {
    let dir = temp_dir("plan", "bad");
    let out_path = dir.join("plan.jsonl");
    std::fs::write(&out_path, "previous plan\n").unwrap();
    let run = |clients: &str, ledger: Option<&str>| {
        std::fs::write(dir.join("c.csv"), clients).unwrap();
        let c = dir.join("c.csv");
        let l = dir.join("l.csv");
        let mut args = vec![
            "plan",
            "--clients",
            c.to_str().unwrap(),
            "--output",
            out_path.to_str().unwrap(),
        ];
        if let Some(ledger) = ledger {
            std::fs::write(&l, ledger).unwrap();
            args.extend(["--ledger", l.to_str().unwrap()]);
        }
        let out = credito(&args);
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let e = run("client_id,segment,uf\nb1,1,SP\nb2,1,XX\n", None);
    assert!(e.contains("c.csv:3:3: uf = \"XX\": unknown state"), "{e}");
    let e = run("client_id,segment,timezone\nb1,1,Mars/Olympus\n", None);
    assert!(e.contains("c.csv:2:3: timezone = \"Mars/Olympus\""), "{e}");
    let e = run("client_id,segment,uf\nb1,9,SP\n", None);
    assert!(e.contains("c.csv:2:2: segment = \"9\""), "{e}");
    let e = run(
        "client_id,segment,uf\nb1,1,SP\n",
        Some("client_id,channel,at,outcome\nb1,sms,2026-12-01T10:00:00Z,paid\nb1,sms,2026-12-01T10:00:00Z,ghosted\n"),
    );
    assert!(e.contains("l.csv:3:4: outcome = \"ghosted\""), "{e}");
    let e = run(
        "client_id,segment,uf\nb1,1,SP\n",
        Some("client_id,channel,at,outcome,promised_date\nb1,sms,2026-12-01T10:00:00Z,promise,31/02/2026\n"),
    );
    assert!(
        e.contains("l.csv:2:5: promised_date = \"31/02/2026\""),
        "{e}"
    );
    let bad_pack = dir.join("pack.toml");
    std::fs::write(
        &bad_pack,
        "id = \"x\"\nversion = \"1\"\ndescription = \"d\"\n[[windows]]\nrule = \"w\"\nchannels = [\"sms\"]\ndays = [\"mon\"]\nfrom = \"20:00\"\nto = \"08:00\"\nsource = \"s\"\n[caps]\nsource = \"s\"\n[cool_offs]\nafter_conversation_days = 7\nuntil_promise_passed = true\nsource = \"s\"\n",
    )
    .unwrap();
    let out = credito(&[
        "plan",
        "--clients",
        dir.join("c.csv").to_str().unwrap(),
        "--rules",
        bad_pack.to_str().unwrap(),
    ]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("rule \"w\", field `to` = \"08:00\""), "{e}");
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        "previous plan\n"
    );
}
