//! The report on a hand-built campaign, every number worked out by hand (the intervals with
//! the formula of `uplift`'s docs, cross-checked against statsmodels in `uplift_fixtures`).
//!
//! Segment 0: holdout 20 clients, 2 paid 100.00 each; v1 50 clients, 30 paid 150.00 each, 5
//! promised (3 paid by the promised date, 1 after it, 1 never). Segment 1: holdout 10, 2 paid;
//! v1 20, 2 paid. Attempts before the campaign do not count.

use std::collections::HashMap;

use approx::assert_abs_diff_eq;
use chrono::{DateTime, NaiveDate, Utc};
use collection_campaigns::report::{report, ReportMember};
use contact_planner::{Attempt, Channel, Outcome};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn attempt(outcome: Outcome, when: &str, promised: Option<&str>, amount: Option<f64>) -> Attempt {
    Attempt {
        channel: Channel::Whatsapp,
        at: at(when),
        outcome,
        promised_date: promised.map(|d| d.parse::<NaiveDate>().unwrap()),
        amount,
    }
}

struct Built {
    members: Vec<ReportMember>,
    ledger: HashMap<String, Vec<Attempt>>,
}

fn build() -> Built {
    let mut members = Vec::new();
    let mut ledger: HashMap<String, Vec<Attempt>> = HashMap::new();
    let mut add = |segment: u8, group: &str, n: usize, paid: usize, amount: f64| {
        for i in 0..n {
            let id = format!("S{segment}-{group}-{i:02}");
            members.push(ReportMember {
                client_id: id.clone(),
                segment,
                group: group.to_string(),
                sent: group != "holdout",
            });
            if i < paid {
                ledger.entry(id).or_default().push(attempt(
                    Outcome::Paid,
                    "2026-12-10T15:00:00Z",
                    None,
                    Some(amount),
                ));
            }
        }
    };
    add(0, "holdout", 20, 2, 100.0);
    add(0, "v1", 50, 30, 150.0);
    add(1, "holdout", 10, 2, 100.0);
    add(1, "v1", 20, 2, 100.0);
    // Promises in segment 0's v1: clients 0..3 paid on 10 Dec, by the promised 12 Dec; client 30
    // promised for 5 Dec and never paid; client 31 promised for 9 Dec and paid... never (it is
    // one of the unpaid 20); client 29 promised for 9 Dec and paid on 10 Dec, after it.
    for (i, date) in [
        (0, "2026-12-12"),
        (1, "2026-12-12"),
        (2, "2026-12-10"),
        (29, "2026-12-09"),
        (30, "2026-12-05"),
    ] {
        ledger
            .entry(format!("S0-v1-{i:02}"))
            .or_default()
            .push(attempt(
                Outcome::Promise,
                "2026-12-03T14:00:00Z",
                Some(date),
                None,
            ));
    }
    // A payment before the campaign and a promise before it do not count.
    ledger.entry("S0-holdout-19".into()).or_default().extend([
        attempt(Outcome::Paid, "2026-11-20T10:00:00Z", None, Some(999.0)),
        attempt(
            Outcome::Promise,
            "2026-11-21T10:00:00Z",
            Some("2026-11-30"),
            None,
        ),
    ]);
    // A held-out client the bank's own team called during the campaign: contacted.
    ledger
        .entry("S0-holdout-18".into())
        .or_default()
        .push(attempt(
            Outcome::NoAnswer,
            "2026-12-04T13:00:00Z",
            None,
            None,
        ));
    Built { members, ledger }
}

#[test]
fn the_report_of_a_hand_built_campaign() {
    let b = build();
    let none: Vec<Attempt> = Vec::new();
    let r = report("dez-2026", at("2026-12-01T00:00:00Z"), &b.members, |id| {
        b.ledger.get(id).map_or(&none[..], |v| &v[..])
    });
    // Rows: segment 0 (holdout, v1), segment 1 (holdout, v1), all (holdout, v1).
    let key: Vec<(Option<u8>, &str)> = r
        .rows
        .iter()
        .map(|r| (r.segment, r.group.as_str()))
        .collect();
    assert_eq!(
        key,
        [
            (Some(0), "holdout"),
            (Some(0), "v1"),
            (Some(1), "holdout"),
            (Some(1), "v1"),
            (None, "holdout"),
            (None, "v1")
        ]
    );
    let s0h = &r.rows[0];
    assert_eq!(
        (s0h.clients, s0h.contacted, s0h.promised, s0h.paid),
        (20, 1, 0, 2)
    );
    assert_abs_diff_eq!(s0h.amount_recovered, 200.0);
    assert_eq!(s0h.kept_promise_rate, None);
    assert!(s0h.uplift.is_none() && s0h.verdict_code.is_none());

    let s0v = &r.rows[1];
    assert_eq!(
        (
            s0v.clients,
            s0v.contacted,
            s0v.promised,
            s0v.kept_promises,
            s0v.paid
        ),
        (50, 50, 5, 3, 30)
    );
    assert_abs_diff_eq!(s0v.promise_rate.unwrap(), 0.1);
    assert_abs_diff_eq!(s0v.kept_promise_rate.unwrap(), 0.6);
    assert_abs_diff_eq!(s0v.payment_rate.unwrap(), 0.6);
    assert_abs_diff_eq!(s0v.amount_recovered, 4500.0);
    let u = s0v.uplift.unwrap();
    assert_abs_diff_eq!(u.estimate, 0.5, epsilon = 1e-12);
    assert_abs_diff_eq!(u.lower, 0.256_053_709_218_139_4, epsilon = 1e-12);
    assert_abs_diff_eq!(u.upper, 0.643_382_164_302_973_2, epsilon = 1e-12);
    assert_eq!(s0v.verdict_code, Some("raised"));

    let s1v = &r.rows[3];
    let u = s1v.uplift.unwrap();
    assert_abs_diff_eq!(u.estimate, -0.1, epsilon = 1e-12);
    assert_abs_diff_eq!(u.lower, -0.418_123_464_360_562_4, epsilon = 1e-12);
    assert_abs_diff_eq!(u.upper, 0.146_889_716_727_124_8, epsilon = 1e-12);
    assert_eq!(s1v.verdict_code, Some("inconclusive"));

    let all = &r.rows[5];
    assert_eq!((all.clients, all.paid), (70, 32));
    assert_abs_diff_eq!(all.amount_recovered, 4700.0);
    let u = all.uplift.unwrap();
    assert_abs_diff_eq!(u.estimate, 32.0 / 70.0 - 4.0 / 30.0, epsilon = 1e-12);
    assert_abs_diff_eq!(u.lower, 0.125_973_513_550_770_7, epsilon = 1e-12);
    assert_abs_diff_eq!(u.upper, 0.464_752_250_285_760_7, epsilon = 1e-12);

    assert_eq!(
        r.verdicts[0].verdict,
        "Segment 0: v1 raised payments: 60.0 % paid against 10.0 % in the holdout, +50.0 pp (95 % CI +25.6 pp to +64.3 pp)."
    );
    assert_eq!(
        r.verdicts[1].verdict,
        "Segment 1: v1 cannot be told apart from no effect at this size: 10.0 % paid against 20.0 % in the holdout, -10.0 pp (95 % CI -41.8 pp to +14.7 pp)."
    );
    assert!(r.verdicts[2]
        .verdict
        .starts_with("All segments: v1 raised payments"));
}

#[test]
fn a_segment_without_holdout_says_so() {
    let members = vec![ReportMember {
        client_id: "A".into(),
        segment: 2,
        group: "v1".into(),
        sent: true,
    }];
    let r = report("c", at("2026-12-01T00:00:00Z"), &members, |_| &[]);
    assert_eq!(r.rows[0].verdict_code, Some("no_holdout"));
    assert_eq!(
        r.verdicts[0].verdict,
        "Segment 2: v1 paid at 0.0 %, with no held-out client to compare with."
    );
}
