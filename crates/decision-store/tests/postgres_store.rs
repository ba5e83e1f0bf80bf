//! The store on a real PostgreSQL (a throwaway cluster): two stores on one database behave as
//! two service instances — each sees the other's decisions, idempotency holds across them,
//! exactly one of many racing reviewers wins — and a database that goes away mid-run gives
//! `Unavailable` (nothing acknowledged) until it is back.

mod support;

use std::sync::Arc;

use decision_store::{
    DecisionRecord, DecisionStore, NewDecision, PutOutcome, Resolution, SqlStore, StoreError,
    StoreLocation,
};
use serde_json::json;
use support::postgres::Postgres;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn decision(id: &str, status: &str, amount: u32) -> NewDecision {
    NewDecision {
        request_id: id.into(),
        received_at: "2026-12-03T12:00:00.000Z".into(),
        customer_id: "CUST-PG".into(),
        status: status.into(),
        policy_version: "credito-default@2026.1#abc".into(),
        model_version: "mlp-2026-11".into(),
        program_version: "credito 0.1.0".into(),
        request: json!({"request_id": id, "requested_amount": amount}),
        result: serde_json::value::to_raw_value(
            &json!({"request_id": id, "approval_status": status}),
        )
        .unwrap(),
    }
}

#[test]
fn two_instances_on_one_database_share_decisions_idempotency_and_reviews() {
    let Some(pg) = Postgres::start("two_instances_on_one_database") else {
        return;
    };
    runtime().block_on(async {
        let location = StoreLocation::parse(&pg.url).unwrap();
        // Both open (and migrate) at once, as two instances starting together.
        let (a, b) = tokio::join!(SqlStore::open(&location), SqlStore::open(&location));
        let a: Arc<dyn DecisionStore> = Arc::new(a.unwrap());
        let b: Arc<dyn DecisionStore> = Arc::new(b.unwrap());

        let stored = a
            .put_decision(decision("REQ-1", "approved", 10))
            .await
            .unwrap();
        assert_eq!(stored, PutOutcome::Stored);
        let seen = b
            .decision("REQ-1")
            .await
            .unwrap()
            .expect("b sees a's decision");
        assert_eq!(
            seen.result,
            json!({"request_id": "REQ-1", "approval_status": "approved"})
        );
        assert_eq!(seen.events[0].kind, "decided");
        assert!(matches!(
            b.put_decision(decision("REQ-1", "approved", 10))
                .await
                .unwrap(),
            PutOutcome::Existing(_)
        ));
        assert_eq!(
            b.put_decision(decision("REQ-1", "approved", 11))
                .await
                .unwrap_err(),
            StoreError::Conflict {
                request_id: "REQ-1".into()
            }
        );

        // The same new request on both at once: stored once, both answer the same record.
        let (x, y) = tokio::join!(
            a.put_decision(decision("REQ-TWIN", "rejected", 5)),
            b.put_decision(decision("REQ-TWIN", "rejected", 5))
        );
        let (x, y) = (x.unwrap(), y.unwrap());
        let existing: Vec<&DecisionRecord> = [&x, &y]
            .into_iter()
            .filter_map(|o| match o {
                PutOutcome::Existing(r) => Some(r.as_ref()),
                PutOutcome::Stored => None,
            })
            .collect();
        assert_eq!(existing.len(), 1, "stored once: {x:?} {y:?}");
        assert_eq!(existing[0].result["approval_status"], "rejected");
        assert_eq!(
            Some(existing[0]),
            a.decision("REQ-TWIN").await.unwrap().as_ref()
        );

        a.put_decision(decision("REQ-REV", "pending_review", 7))
            .await
            .unwrap();
        let racers: Vec<_> = (0..16)
            .map(|i| {
                let store = if i % 2 == 0 { a.clone() } else { b.clone() };
                tokio::spawn(async move {
                    store
                        .resolve_review(
                            "REQ-REV".into(),
                            Resolution {
                                decision: "approved".into(),
                                analyst: format!("analista-{i}"),
                                note: String::new(),
                                at: "2026-12-03T13:00:00.000Z".into(),
                            },
                        )
                        .await
                })
            })
            .collect();
        let mut wins = 0;
        for r in racers {
            match r.await.unwrap() {
                Ok(_) => wins += 1,
                Err(StoreError::AlreadyResolved { analyst, .. }) => {
                    assert!(analyst.starts_with("analista-"), "{analyst}")
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(wins, 1);
        let record = b.decision("REQ-REV").await.unwrap().unwrap();
        assert_eq!(
            record
                .events
                .iter()
                .filter(|e| e.kind == "reviewed")
                .count(),
            1
        );
    });
}

#[test]
fn a_database_that_goes_away_is_unavailable_then_recovers() {
    let Some(pg) = Postgres::start("a_database_that_goes_away") else {
        return;
    };
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::parse(&pg.url).unwrap())
            .await
            .unwrap();
        store
            .put_decision(decision("REQ-BEFORE", "approved", 1))
            .await
            .unwrap();
        pg.stop_server();
        let err = store
            .put_decision(decision("REQ-DURING", "approved", 2))
            .await
            .unwrap_err();
        assert!(err.is_unavailable(), "{err}");
        assert!(store
            .decision("REQ-BEFORE")
            .await
            .unwrap_err()
            .is_unavailable());
        pg.start_server();
        // The pool reconnects: the next writes and reads work, the failed one was not stored.
        let mut recovered = None;
        for _ in 0..50 {
            match store
                .put_decision(decision("REQ-AFTER", "approved", 3))
                .await
            {
                Ok(outcome) => {
                    recovered = Some(outcome);
                    break;
                }
                Err(e) if e.is_unavailable() => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(matches!(recovered, Some(PutOutcome::Stored)));
        assert!(store.decision("REQ-BEFORE").await.unwrap().is_some());
        assert!(store.decision("REQ-DURING").await.unwrap().is_none());
    });
}

#[test]
fn campaigns_members_queue_and_ledger_on_postgres() {
    let Some(pg) = Postgres::start("campaigns_on_postgres") else {
        return;
    };
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::parse(&pg.url).unwrap())
            .await
            .unwrap();
        support::campaigns::walk(&store).await;
    });
}
