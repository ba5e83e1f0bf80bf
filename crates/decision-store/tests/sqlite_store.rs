//! The store on a real SQLite file: idempotency, conflicts, review races, pagination,
//! messages, reopening, and refusing a newer schema.

mod support;

use std::sync::Arc;

use decision_store::{
    DecisionQuery, DecisionStore, NewDecision, NewMessage, PutOutcome, Resolution, ReviewState,
    SqlStore, StoreError, StoreLocation,
};
use serde_json::json;

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
        received_at: format!("2026-12-03T12:00:{:02}.000Z", amount % 60),
        customer_id: format!("CUST-{}", amount % 3),
        status: status.into(),
        policy_version: "credito-default@2026.1#abc".into(),
        model_version: "mlp-2026-11".into(),
        program_version: "credito 0.1.0".into(),
        request: json!({"request_id": id, "requested_amount": amount, "customer_profile": {"b": 1, "a": 2}}),
        result: serde_json::value::to_raw_value(
            &json!({"request_id": id, "approval_status": status, "reasons": [{"code": "R1"}]}),
        )
        .unwrap(),
    }
}

fn resolution(decision: &str, analyst: &str) -> Resolution {
    Resolution {
        decision: decision.into(),
        analyst: analyst.into(),
        note: "renda comprovada".into(),
        at: "2026-12-03T13:00:00.000Z".into(),
    }
}

#[test]
fn same_request_returns_the_stored_record_and_another_body_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::Sqlite(dir.path().join("a.db")))
            .await
            .unwrap();
        let first = store.put_decision(decision("REQ-1", "approved", 10)).await.unwrap();
        assert_eq!(first, PutOutcome::Stored);
        let stored = store.decision("REQ-1").await.unwrap().unwrap();
        assert_eq!(
            stored.result,
            json!({"request_id": "REQ-1", "approval_status": "approved", "reasons": [{"code": "R1"}]})
        );
        assert_eq!(stored.events.len(), 1);
        assert_eq!(stored.events[0].kind, "decided");
        // Same body, keys in another order, a later answer: the stored record comes back.
        let mut again = decision("REQ-1", "approved", 10);
        again.request = json!({"customer_profile": {"a": 2, "b": 1}, "requested_amount": 10, "request_id": "REQ-1"});
        again.result = serde_json::value::to_raw_value(&json!({"approval_status": "rejected"})).unwrap();
        match store.put_decision(again).await.unwrap() {
            PutOutcome::Existing(r) => assert_eq!(*r, stored),
            other => panic!("expected the stored record, got {other:?}"),
        }
        let err = store
            .put_decision(decision("REQ-1", "approved", 11))
            .await
            .unwrap_err();
        assert_eq!(
            err,
            StoreError::Conflict {
                request_id: "REQ-1".into()
            }
        );
        assert_eq!(store.decision("REQ-1").await.unwrap(), Some(stored));
        assert_eq!(store.decision("REQ-404").await.unwrap(), None);
    });
}

#[test]
fn exactly_one_of_many_concurrent_reviewers_wins() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let store: Arc<dyn DecisionStore> = Arc::new(
            SqlStore::open(&StoreLocation::Sqlite(dir.path().join("r.db")))
                .await
                .unwrap(),
        );
        store
            .put_decision(decision("REQ-R", "pending_review", 5))
            .await
            .unwrap();
        store
            .put_decision(decision("REQ-A", "approved", 6))
            .await
            .unwrap();
        assert_eq!(store.open_reviews(10).await.unwrap().len(), 1);
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let store = store.clone();
                let verdict = if i % 2 == 0 { "approved" } else { "rejected" };
                tokio::spawn(async move {
                    store
                        .resolve_review(
                            "REQ-R".into(),
                            resolution(verdict, &format!("analyst-{i}")),
                        )
                        .await
                })
            })
            .collect();
        let mut wins = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(record) => {
                    wins += 1;
                    assert_eq!(record.review_state, Some(ReviewState::Resolved));
                    assert_eq!(record.events.len(), 2);
                }
                Err(StoreError::AlreadyResolved { analyst, .. }) => {
                    assert!(analyst.starts_with("analyst-"))
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(wins, 1);
        let stored = store.decision("REQ-R").await.unwrap().unwrap();
        assert_eq!(
            stored
                .events
                .iter()
                .filter(|e| e.kind == "reviewed")
                .count(),
            1
        );
        assert!(stored.final_status.is_some());
        assert!(store.open_reviews(10).await.unwrap().is_empty());
        // Not pending, unknown, and bad input.
        assert!(matches!(
            store
                .resolve_review("REQ-A".into(), resolution("approved", "x"))
                .await,
            Err(StoreError::NotPendingReview { .. })
        ));
        assert!(matches!(
            store
                .resolve_review("REQ-404".into(), resolution("approved", "x"))
                .await,
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            store
                .resolve_review("REQ-R".into(), resolution("maybe", "x"))
                .await,
            Err(StoreError::Invalid {
                field: "decision",
                ..
            })
        ));
    });
}

#[test]
fn pages_filter_and_continue_with_a_cursor() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let store = Arc::new(
            SqlStore::open(&StoreLocation::Sqlite(dir.path().join("p.db")))
                .await
                .unwrap(),
        );
        // Many at once: the writer batches them.
        let puts: Vec<_> = (0..250u32)
            .map(|i| {
                let status = ["approved", "pending_review", "rejected"][(i % 3) as usize];
                let store = store.clone();
                async move {
                    store
                        .put_decision(decision(&format!("REQ-{i:04}"), status, i))
                        .await
                }
            })
            .collect();
        for r in futures_join(puts).await {
            assert_eq!(r.unwrap(), PutOutcome::Stored);
        }
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = store
                .decisions(DecisionQuery {
                    status: Some("rejected".into()),
                    limit: 30,
                    cursor: cursor.clone(),
                    ..Default::default()
                })
                .await
                .unwrap();
            seen.extend(page.items.iter().map(|r| r.request_id.clone()));
            assert!(page
                .items
                .iter()
                .all(|r| r.status == "rejected" && r.events.len() == 1));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 83);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no decision on two pages");
        let err = store
            .decisions(DecisionQuery {
                limit: 10,
                cursor: Some("abc".into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            StoreError::Invalid {
                field: "cursor",
                ..
            }
        ));
    });
}

/// Await every future (the store's writer sees them queued together).
async fn futures_join<F>(futures: Vec<F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut out = Vec::with_capacity(futures.len());
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[test]
fn messages_are_kept_and_a_store_reopens_with_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::Sqlite(path.clone()))
            .await
            .unwrap();
        store
            .put_decision(decision("REQ-K", "pending_review", 1))
            .await
            .unwrap();
        let message = NewMessage {
            message_id: "MSG-1".into(),
            created_at: "2026-12-03T12:00:00.000Z".into(),
            segment: 2,
            policy_version: "seed-2024.2".into(),
            canal: "WhatsApp".into(),
            fonte: "template".into(),
            guard_passed: true,
            request: json!({"freq_atrasos": 2}),
            response: json!({"mensagem": "Olá, Ana!"}),
        };
        store.put_message(message.clone()).await.unwrap();
        assert_eq!(store.message("MSG-1").await.unwrap(), Some(message));
        assert_eq!(store.message("MSG-2").await.unwrap(), None);
    });
    runtime().block_on(async {
        let store = SqlStore::open(&StoreLocation::Sqlite(path.clone()))
            .await
            .unwrap();
        assert_eq!(
            store.schema_version().await.unwrap(),
            decision_store::SCHEMA_VERSION
        );
        assert!(store.decision("REQ-K").await.unwrap().is_some());
        assert!(store.message("MSG-1").await.unwrap().is_some());
    });
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    runtime().block_on(async {
        drop(
            SqlStore::open(&StoreLocation::Sqlite(path.clone()))
                .await
                .unwrap(),
        );
    });
    runtime().block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 'x')")
            .execute(&mut conn)
            .await
            .unwrap();
        let err = SqlStore::open(&StoreLocation::Sqlite(path.clone()))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Corrupt(ref m) if m.contains("schema version 99")), "{err}");
    });
}

#[test]
fn an_unwritable_store_is_unavailable_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let missing = dir.path().join("no/such/dir/x.db");
        let err = SqlStore::open(&StoreLocation::Sqlite(missing))
            .await
            .unwrap_err();
        assert!(err.is_unavailable(), "{err}");
    });
}

/// A store written by schema version 1 (a SQL dump of one made by `credito serve` at that
/// version: three decisions, one reviewed, one message) opens in this version unchanged.
#[test]
fn a_store_from_schema_version_1_opens_and_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    runtime().block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(include_str!("fixtures/store-v1.sql"))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();

        let store = SqlStore::open(&StoreLocation::Sqlite(path.clone()))
            .await
            .unwrap();
        assert_eq!(
            store.schema_version().await.unwrap(),
            decision_store::SCHEMA_VERSION
        );
        let reviewed = store.decision("REQ-V1-REV1").await.unwrap().unwrap();
        let kinds: Vec<(i64, &str)> = reviewed
            .events
            .iter()
            .map(|e| (e.seq, e.kind.as_str()))
            .collect();
        assert_eq!(kinds, [(1, "decided"), (2, "reviewed")]);
        assert_eq!(reviewed.events[0].actor, reviewed.program_version);
        assert_eq!(reviewed.events[0].data["status"], "pending_review");
        assert_eq!(reviewed.events[1].actor, "ana.souza");
        assert_eq!(reviewed.review_state, Some(ReviewState::Resolved));
        assert_eq!(reviewed.final_status.as_deref(), Some("approved"));
        assert_eq!(reviewed.result["request_id"], "REQ-V1-REV1");

        // The open review of version 1 is still open, and resolving it appends event 2.
        let open = store.open_reviews(10).await.unwrap();
        assert_eq!(
            open.iter()
                .map(|r| r.request_id.as_str())
                .collect::<Vec<_>>(),
            ["REQ-V1-REV2"]
        );
        let resolved = store
            .resolve_review("REQ-V1-REV2".into(), resolution("rejected", "bruno.lima"))
            .await
            .unwrap();
        assert_eq!(resolved.events.len(), 2);
        assert_eq!(resolved.events[1].seq, 2);

        let page = store
            .decisions(DecisionQuery {
                limit: 10,
                ..DecisionQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(page.items.len(), 3);
        assert!(page.items.iter().all(|r| r.events[0].kind == "decided"
            && r.events.iter().filter(|e| e.kind == "decided").count() == 1));
        assert!(store
            .message("MSG-f416ec05-8226-4d5d-a3b3-4eee046edc16")
            .await
            .unwrap()
            .is_some());
    });
}

#[test]
fn campaigns_members_queue_and_ledger_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let location = StoreLocation::Sqlite(dir.path().join("credito.db"));
        let store = SqlStore::open(&location).await.unwrap();
        support::campaigns::walk(&store).await;
    });
}
