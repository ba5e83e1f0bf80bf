//! One walk through the campaign tables, run on SQLite and on PostgreSQL: a campaign with its
//! members and queue stored all or nothing, a second with the same name refused, due-ness by
//! UTC instant, send results recorded, outcomes deduplicated, the ledger filtered by campaign
//! members and by client.

#![allow(dead_code)]

use decision_store::{
    CampaignStore, LedgerFilter, Member, NewCampaign, NewOutcome, QueueItem, SendReport, SendState,
    SqlStore, StoreError,
};
use serde_json::json;

fn member(id: &str, segment: u8, group: &str) -> Member {
    Member {
        client_id: id.into(),
        segment,
        group: group.into(),
        client: json!({"client_id": id, "segment": segment, "uf": "SP"}),
    }
}

fn queued(id: &str, send_at: &str, utc: &str) -> QueueItem {
    QueueItem {
        idempotency_key: format!("dez:{id}:whatsapp"),
        client_id: id.into(),
        channel: "whatsapp".into(),
        group: "v1".into(),
        send_at: send_at.into(),
        send_at_utc: utc.into(),
        state: SendState::Queued,
        attempts: 0,
        last_error: None,
        sent_at: None,
    }
}

fn outcome(id: &str, at: &str, outcome: &str, amount: Option<f64>) -> NewOutcome {
    NewOutcome {
        client_id: id.into(),
        channel: "whatsapp".into(),
        at: at.into(),
        outcome: outcome.into(),
        promised_date: (outcome == "promise").then(|| "2026-12-10".to_string()),
        amount,
        campaign: Some("dez".into()),
        source: "test".into(),
    }
}

/// A campaign of `n` members (all but the first `n / 10` in `v1`), each queued.
pub fn campaign(name: &str, n: usize) -> NewCampaign {
    let members: Vec<Member> = (0..n)
        .map(|i| {
            let group = if i < n / 10 { "holdout" } else { "v1" };
            member(&format!("C{i:05}"), (i % 4) as u8, group)
        })
        .collect();
    let queue = members
        .iter()
        .filter(|m| m.group == "v1")
        .map(|m| {
            let mut q = queued(
                &m.client_id,
                "2026-12-07T08:00:00-03:00",
                "2026-12-07T11:00:00Z",
            );
            q.idempotency_key = format!("{name}:{}:whatsapp", m.client_id);
            q
        })
        .collect();
    NewCampaign {
        name: name.into(),
        created_at: "2026-12-04T12:00:00Z".into(),
        seed: u64::MAX,
        holdout: 0.1,
        rules: "br 2026.12.0".into(),
        spec: json!({"variants": [{"id": "v1", "writer": "template"}]}),
        members,
        queue,
    }
}

pub async fn walk(store: &SqlStore) {
    // A large campaign goes in through many multi-row inserts, in one transaction.
    store.create_campaign(campaign("big", 2_345)).await.unwrap();
    let big = store.campaign("big").await.unwrap().unwrap();
    assert_eq!((big.members, big.seed, big.holdout), (2_345, u64::MAX, 0.1));
    assert_eq!(
        store.create_campaign(campaign("big", 3)).await.unwrap_err(),
        StoreError::CampaignExists { name: "big".into() }
    );
    // A client twice: refused, and nothing of that campaign is left behind.
    let mut twice = campaign("twice", 3);
    twice.members.push(member("C00001", 0, "v1"));
    assert!(matches!(
        store.create_campaign(twice).await.unwrap_err(),
        StoreError::Invalid {
            field: "client_id",
            ..
        }
    ));
    assert!(store.campaign("twice").await.unwrap().is_none());

    let mut small = campaign("dez", 0);
    small.members = vec![
        member("A", 0, "holdout"),
        member("B", 0, "v1"),
        member("C", 1, "v1"),
    ];
    small.queue = vec![
        queued("B", "2026-12-07T08:00:00-03:00", "2026-12-07T11:00:00Z"),
        queued("C", "2026-12-07T08:00:00-04:00", "2026-12-07T12:00:00Z"),
    ];
    store.create_campaign(small).await.unwrap();
    let names: Vec<String> = store
        .campaigns()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(names.contains(&"dez".to_string()) && names.contains(&"big".to_string()));
    let members = store.members("dez").await.unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0].client["uf"], "SP");
    assert_eq!(store.member_ids(Some("dez".into())).await.unwrap().len(), 3);
    assert!(store.member_ids(None).await.unwrap().len() >= 2_345 + 3);

    // Due by 11:30 UTC: only B (C is 08:00 in Manaus, 12:00 UTC).
    let due = store
        .queue(
            "dez".into(),
            Some("2026-12-07T11:30:00Z".into()),
            Some(SendState::Queued),
            100,
        )
        .await
        .unwrap();
    assert_eq!(
        due.iter().map(|q| q.client_id.as_str()).collect::<Vec<_>>(),
        ["B"]
    );
    store
        .record_send(SendReport {
            idempotency_key: "dez:B:whatsapp".into(),
            state: SendState::Sent,
            attempts: 2,
            error: None,
            at: Some("2026-12-07T11:00:05Z".into()),
        })
        .await
        .unwrap();
    let sent = store
        .queue("dez".into(), None, Some(SendState::Sent), 100)
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].attempts, sent[0].sent_at.as_deref()),
        (2, Some("2026-12-07T11:00:05Z"))
    );
    assert!(store
        .record_send(SendReport {
            idempotency_key: "nope".into(),
            state: SendState::Sent,
            attempts: 1,
            error: None,
            at: None,
        })
        .await
        .is_err());

    // Outcomes: the same attempt twice is one row; the ledger by campaign and by client.
    let rows = vec![
        outcome("B", "2026-12-07T14:00:00Z", "promise", Some(300.0)),
        outcome("B", "2026-12-09T10:00:00Z", "paid", Some(300.0)),
        outcome("ZZ", "2026-12-09T10:00:00Z", "paid", Some(50.0)),
    ];
    let done = store.put_outcomes(rows.clone()).await.unwrap();
    assert_eq!((done.stored, done.duplicates), (3, 0));
    let again = store.put_outcomes(rows[..2].to_vec()).await.unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 2));
    let of_campaign = store
        .outcomes(LedgerFilter::Members("dez".into()))
        .await
        .unwrap();
    assert_eq!(of_campaign.len(), 2);
    assert_eq!(of_campaign[0].outcome, rows[0]);
    assert_eq!(of_campaign[1].outcome.amount, Some(300.0));
    let of_zz = store
        .outcomes(LedgerFilter::Clients(vec!["ZZ".into()]))
        .await
        .unwrap();
    assert_eq!(of_zz.len(), 1);
    assert_eq!(store.outcomes(LedgerFilter::All).await.unwrap().len(), 3);
}
