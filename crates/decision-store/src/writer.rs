//! The one writer of a store: jobs from every request queue here and are written in batches,
//! one transaction for as many as are waiting (up to [`MAX_BATCH`]). Each job is answered only
//! after its transaction commits; when the commit fails, every job of the batch hears that the
//! store is unavailable, and none of them was stored.
//!
//! One writer per process keeps SQLite to a single writing connection (no lock contention);
//! with PostgreSQL several processes each have theirs and the database orders them.

use std::collections::HashSet;

use serde_json::Value;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Row};
use tokio::sync::{mpsc, oneshot};

use crate::canonical::canonical_json;
use crate::error::{is_unique_violation, unavailable};
use crate::record::{
    DecisionRecord, Event, NewDecision, NewMessage, PutOutcome, Resolution, ReviewState,
};
use crate::rows::{self, DECISION_COLUMNS, EVENT_COLUMNS};
use crate::schema::Dialect;
use crate::StoreError;

/// Most jobs written in one transaction.
pub const MAX_BATCH: usize = 512;

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

/// Work for the writer.
pub(crate) enum Job {
    /// Decisions of a batch go in together, in one multi-row insert.
    Decision(Encoded, Reply<PutOutcome>),
    /// Everything else is written one by one after them.
    Write(Write),
}

/// A decision with its request already as the text stored. The caller encodes (on its own
/// task, in parallel with every other caller), so the one writer only writes.
pub(crate) struct Encoded {
    pub decision: NewDecision,
    /// The request as canonical JSON (keys sorted): what idempotency compares.
    pub request_json: String,
}

impl Encoded {
    pub(crate) fn new(decision: NewDecision) -> Self {
        Self {
            request_json: canonical_json(&decision.request),
            decision,
        }
    }
}

/// A job written on its own.
pub(crate) enum Write {
    Message(NewMessage, Reply<()>),
    Review(String, Resolution, Reply<DecisionRecord>),
    Event(String, NewEvent, Reply<Event>),
}

/// An event to append to a decision's history.
#[derive(Debug, Clone)]
pub(crate) struct NewEvent {
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub data: Value,
}

/// An answer held until the batch commits.
enum Answer {
    Decision(Reply<PutOutcome>, Result<PutOutcome, StoreError>),
    Message(Reply<()>, Result<(), StoreError>),
    Review(Reply<DecisionRecord>, Result<DecisionRecord, StoreError>),
    Event(Reply<Event>, Result<Event, StoreError>),
}

impl Answer {
    /// Send the answer, or `err` in place of a success when the commit failed.
    fn send(self, commit_failed: Option<&StoreError>) {
        fn pick<T>(r: Result<T, StoreError>, failed: Option<&StoreError>) -> Result<T, StoreError> {
            match (r, failed) {
                (Ok(_), Some(e)) => Err(e.clone()),
                (r, _) => r,
            }
        }
        // A receiver gone (the request was abandoned) is not the writer's concern.
        match self {
            Answer::Decision(tx, r) => drop(tx.send(pick(r, commit_failed))),
            Answer::Message(tx, r) => drop(tx.send(pick(r, commit_failed))),
            Answer::Review(tx, r) => drop(tx.send(pick(r, commit_failed))),
            Answer::Event(tx, r) => drop(tx.send(pick(r, commit_failed))),
        }
    }
}

/// Start the writer on a thread of its own, with its own single-threaded runtime, until every
/// sender is dropped. On the service's runtime it would wait behind every request task at
/// each of its awaits, and the whole batch (so every caller in it) would wait with it.
pub(crate) fn spawn(
    pool: AnyPool,
    dialect: Dialect,
    jobs: mpsc::Receiver<Job>,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("decision-store-writer".into())
        .spawn(move || runtime.block_on(run(pool, dialect, jobs)))?;
    Ok(())
}

/// Run the writer until every sender is dropped.
async fn run(pool: AnyPool, dialect: Dialect, mut jobs: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = jobs.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write_batch(&pool, dialect, std::mem::take(&mut batch)).await;
    }
}

async fn write_batch(pool: &AnyPool, dialect: Dialect, batch: Vec<Job>) {
    // A transaction by hand rather than sqlx's guard: when COMMIT fails (SQLite's "database or
    // disk is full"), the transaction can stay open on the connection, and a connection
    // returned to the pool like that would hold the write lock until every later write times
    // out. We roll back, and close the connection if even that fails.
    let begun = match pool.acquire().await {
        Ok(mut conn) => match sqlx::query(begin_statement(dialect))
            .execute(&mut *conn)
            .await
        {
            Ok(_) => Ok(conn),
            Err(err) => {
                conn.close_on_drop();
                Err(err)
            }
        },
        Err(err) => Err(err),
    };
    let mut tx = match begun {
        Ok(conn) => conn,
        Err(err) => {
            let err = unavailable(err);
            for job in batch {
                fail(job, &err);
            }
            return;
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    let mut broken: Option<StoreError> = None;
    // Decisions first, all in one multi-row insert: the service's hot path.
    let mut decisions = Vec::with_capacity(batch.len());
    let mut replies = Vec::with_capacity(batch.len());
    let mut others = Vec::new();
    for job in batch {
        match job {
            Job::Decision(d, reply) => {
                decisions.push(d);
                replies.push(reply);
            }
            Job::Write(w) => others.push(w),
        }
    }
    match put_decisions(&mut tx, dialect, decisions).await {
        Ok(results) => {
            for (reply, result) in replies.into_iter().zip(results) {
                answers.push(Answer::Decision(reply, result));
            }
        }
        Err(err) => {
            for reply in replies {
                drop(reply.send(Err(err.clone())));
            }
            broken = Some(err);
        }
    }
    for job in others {
        if let Some(err) = &broken {
            fail_write(job, err);
            continue;
        }
        let answer = match job {
            Write::Message(m, reply) => {
                Answer::Message(reply, put_message(&mut tx, dialect, m).await)
            }
            Write::Review(id, r, reply) => {
                Answer::Review(reply, resolve_review(&mut tx, dialect, &id, r).await)
            }
            Write::Event(id, e, reply) => {
                Answer::Event(reply, append_event(&mut tx, dialect, &id, e).await)
            }
        };
        // A database failure ends the transaction for the whole batch.
        let failed = match &answer {
            Answer::Decision(_, Err(e)) | Answer::Message(_, Err(e)) => Some(e),
            Answer::Review(_, Err(e)) | Answer::Event(_, Err(e)) => Some(e),
            _ => None,
        };
        if let Some(e) = failed.filter(|e| e.is_unavailable()) {
            broken = Some(e.clone());
        }
        answers.push(answer);
    }
    let commit_failed = match broken {
        Some(err) => Some(err),
        None => sqlx::query("COMMIT")
            .execute(&mut *tx)
            .await
            .err()
            .map(unavailable),
    };
    if commit_failed.is_some() && sqlx::query("ROLLBACK").execute(&mut *tx).await.is_err() {
        // Whatever state it is in, this connection is not given to anyone else.
        tx.close_on_drop();
    }
    for answer in answers {
        answer.send(commit_failed.as_ref());
    }
}

fn fail(job: Job, err: &StoreError) {
    match job {
        Job::Decision(_, tx) => drop(tx.send(Err(err.clone()))),
        Job::Write(w) => fail_write(w, err),
    }
}

fn fail_write(write: Write, err: &StoreError) {
    match write {
        Write::Message(_, tx) => drop(tx.send(Err(err.clone()))),
        Write::Review(_, _, tx) => drop(tx.send(Err(err.clone()))),
        Write::Event(_, _, tx) => drop(tx.send(Err(err.clone()))),
    }
}

/// The writer's connection, inside its transaction.
type Tx = PoolConnection<Any>;

/// SQLite takes the write lock at BEGIN (IMMEDIATE), so a busy database is found before any
/// work, not at the first insert.
fn begin_statement(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "BEGIN IMMEDIATE",
        Dialect::Postgres => "BEGIN",
    }
}

/// Rows per multi-row insert (10 parameters each, far below SQLite's and PostgreSQL's limits).
const ROWS_PER_INSERT: usize = 200;

/// Store many decisions with one multi-row insert (per [`ROWS_PER_INSERT`]); each gets its
/// own outcome. The outer error is a database failure that ends the batch.
async fn put_decisions(
    tx: &mut Tx,
    dialect: Dialect,
    decisions: Vec<Encoded>,
) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
    let mut inserted: HashSet<String> = HashSet::with_capacity(decisions.len());
    for chunk in decisions.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO decisions (request_id, received_at, customer_id, status, \
             policy_version, model_version, program_version, request_json, result_json, \
             review_state) VALUES {} ON CONFLICT (request_id) DO NOTHING RETURNING request_id",
            vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        let sql = dialect.sql(&sql);
        let mut query = sqlx::query(&sql);
        for Encoded {
            decision: d,
            request_json,
        } in chunk
        {
            query = query
                .bind(d.request_id.as_str())
                .bind(d.received_at.as_str())
                .bind(d.customer_id.as_str())
                .bind(d.status.as_str())
                .bind(d.policy_version.as_str())
                .bind(d.model_version.as_str())
                .bind(d.program_version.as_str())
                .bind(request_json.as_str())
                .bind(d.result.get())
                .bind(review_of(d).map(ReviewState::code));
        }
        for row in query.fetch_all(&mut **tx).await.map_err(unavailable)? {
            inserted.insert(row.try_get::<String, _>(0).map_err(unavailable)?);
        }
    }
    // The first occurrence of an inserted id is the stored one; a twin in the same batch, or
    // an id stored before (by us or another instance), is answered from the store.
    let mut stored_now: HashSet<&str> = HashSet::new();
    let fresh: Vec<bool> = decisions
        .iter()
        .map(|e| {
            let id = e.decision.request_id.as_str();
            inserted.contains(id) && stored_now.insert(id)
        })
        .collect();
    let mut results = Vec::with_capacity(decisions.len());
    for (encoded, fresh) in decisions.into_iter().zip(fresh) {
        let Encoded {
            decision: d,
            request_json,
        } = encoded;
        if fresh {
            results.push(Ok(PutOutcome::Stored));
            continue;
        }
        let existing = load_decision(tx, dialect, &d.request_id)
            .await?
            .ok_or_else(|| StoreError::Unavailable("decision vanished during insert".into()))?;
        results.push(if canonical_json(&existing.request) == request_json {
            Ok(PutOutcome::Existing(Box::new(existing)))
        } else {
            Err(StoreError::Conflict {
                request_id: d.request_id,
            })
        });
    }
    Ok(results)
}

fn review_of(d: &NewDecision) -> Option<ReviewState> {
    (d.status == "pending_review").then_some(ReviewState::Open)
}

async fn insert_event(
    tx: &mut Tx,
    dialect: Dialect,
    request_id: &str,
    event: &Event,
) -> Result<(), sqlx::Error> {
    sqlx::query(&dialect.sql(
        "INSERT INTO decision_events (request_id, seq, at, kind, actor, data_json) \
         VALUES (?, ?, ?, ?, ?, ?)",
    ))
    .bind(request_id)
    .bind(event.seq)
    .bind(&event.at)
    .bind(&event.kind)
    .bind(&event.actor)
    .bind(canonical_json(&event.data))
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// A decision with its events, read inside the writer's transaction.
pub(crate) async fn load_decision(
    tx: &mut Tx,
    dialect: Dialect,
    request_id: &str,
) -> Result<Option<DecisionRecord>, StoreError> {
    let row = sqlx::query(&dialect.sql(&format!(
        "SELECT {DECISION_COLUMNS} FROM decisions WHERE request_id = ?"
    )))
    .bind(request_id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(unavailable)?;
    let Some(row) = row else { return Ok(None) };
    let (_, mut record) = rows::decision(&row)?;
    let events = sqlx::query(&dialect.sql(&format!(
        "SELECT {EVENT_COLUMNS} FROM decision_events WHERE request_id = ? ORDER BY seq"
    )))
    .bind(request_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(unavailable)?;
    for row in &events {
        record.events.push(rows::event(row)?.1);
    }
    Ok(Some(record))
}

async fn next_seq(tx: &mut Tx, dialect: Dialect, request_id: &str) -> Result<i64, StoreError> {
    // Sequence 1 is the decision itself (the `decided` event is the decision row).
    let row = sqlx::query(
        &dialect.sql("SELECT COALESCE(MAX(seq), 1) FROM decision_events WHERE request_id = ?"),
    )
    .bind(request_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(unavailable)?;
    Ok(row.try_get::<i64, _>(0).map_err(unavailable)? + 1)
}

async fn resolve_review(
    tx: &mut Tx,
    dialect: Dialect,
    request_id: &str,
    r: Resolution,
) -> Result<DecisionRecord, StoreError> {
    let record = load_decision(tx, dialect, request_id)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            request_id: request_id.to_string(),
        })?;
    match record.review_state {
        None => {
            return Err(StoreError::NotPendingReview {
                request_id: request_id.to_string(),
                status: record.status,
            })
        }
        Some(ReviewState::Resolved) => return Err(already_resolved(&record)),
        Some(ReviewState::Open) => {}
    }
    let event = Event {
        seq: next_seq(tx, dialect, request_id).await?,
        at: r.at.clone(),
        kind: "reviewed".into(),
        actor: r.analyst.clone(),
        data: serde_json::json!({"decision": r.decision, "note": r.note}),
    };
    // Another instance may resolve it between our read and this write: the unique index on
    // reviewed events lets exactly one win; the savepoint keeps the rest of the batch.
    sqlx::query("SAVEPOINT review")
        .execute(&mut **tx)
        .await
        .map_err(unavailable)?;
    if let Err(err) = insert_event(tx, dialect, request_id, &event).await {
        if !is_unique_violation(&err) {
            return Err(unavailable(err));
        }
        sqlx::query("ROLLBACK TO SAVEPOINT review")
            .execute(&mut **tx)
            .await
            .map_err(unavailable)?;
        let winner = load_decision(tx, dialect, request_id)
            .await?
            .unwrap_or(record);
        return Err(already_resolved(&winner));
    }
    sqlx::query("RELEASE SAVEPOINT review")
        .execute(&mut **tx)
        .await
        .map_err(unavailable)?;
    sqlx::query(&dialect.sql(
        "UPDATE decisions SET review_state = 'resolved', final_status = ? WHERE request_id = ?",
    ))
    .bind(&r.decision)
    .bind(request_id)
    .execute(&mut **tx)
    .await
    .map_err(unavailable)?;
    let mut record = record;
    record.review_state = Some(ReviewState::Resolved);
    record.final_status = Some(r.decision);
    record.events.push(event);
    Ok(record)
}

fn already_resolved(record: &DecisionRecord) -> StoreError {
    let review = record.events.iter().find(|e| e.kind == "reviewed");
    StoreError::AlreadyResolved {
        request_id: record.request_id.clone(),
        analyst: review.map(|e| e.actor.clone()).unwrap_or_default(),
        at: review.map(|e| e.at.clone()).unwrap_or_default(),
    }
}

async fn append_event(
    tx: &mut Tx,
    dialect: Dialect,
    request_id: &str,
    e: NewEvent,
) -> Result<Event, StoreError> {
    let exists = sqlx::query(&dialect.sql("SELECT 1 FROM decisions WHERE request_id = ?"))
        .bind(request_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(unavailable)?
        .is_some();
    if !exists {
        return Err(StoreError::NotFound {
            request_id: request_id.to_string(),
        });
    }
    let event = Event {
        seq: next_seq(tx, dialect, request_id).await?,
        at: e.at,
        kind: e.kind,
        actor: e.actor,
        data: e.data,
    };
    insert_event(tx, dialect, request_id, &event)
        .await
        .map_err(unavailable)?;
    Ok(event)
}

async fn put_message(tx: &mut Tx, dialect: Dialect, m: NewMessage) -> Result<(), StoreError> {
    sqlx::query(&dialect.sql(
        "INSERT INTO messages (message_id, created_at, segment, policy_version, canal, fonte, \
         guard_passed, request_json, response_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ))
    .bind(&m.message_id)
    .bind(&m.created_at)
    .bind(m.segment)
    .bind(&m.policy_version)
    .bind(&m.canal)
    .bind(&m.fonte)
    .bind(i64::from(m.guard_passed))
    .bind(canonical_json(&m.request))
    .bind(canonical_json(&m.response))
    .execute(&mut **tx)
    .await
    .map_err(unavailable)?;
    Ok(())
}
