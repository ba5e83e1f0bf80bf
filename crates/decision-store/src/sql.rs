//! [`SqlStore`]: the store on SQLite or PostgreSQL through sqlx's `Any` driver, one code path
//! for both (the statements differ only in placeholders and two column types).

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::{Executor, Row};
use tokio::sync::{mpsc, oneshot};

use crate::error::unavailable;
use crate::record::{
    DecisionPage, DecisionQuery, DecisionRecord, Event, MessageRecord, NewDecision, NewMessage,
    PutOutcome, Resolution,
};
use crate::rows::{self, DECISION_COLUMNS, EVENT_COLUMNS, MESSAGE_COLUMNS};
use crate::schema::{self, Dialect, SCHEMA_VERSION, VERSION_TABLE};
use crate::writer::{self, Job, NewEvent, Write};
use crate::{DecisionStore, StoreError, StoreFuture, StoreLocation};

/// Most decisions one page may hold.
pub const MAX_PAGE: u32 = 1000;

/// A store on SQLite (embedded) or PostgreSQL.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) pool: AnyPool,
    pub(crate) dialect: Dialect,
    location: StoreLocation,
    jobs: mpsc::Sender<Job>,
}

impl SqlStore {
    /// Open (and create or migrate) the store at `location`, inside a tokio runtime. The
    /// store's writer runs on a thread of its own until the last clone of the store is dropped.
    pub async fn open(location: &StoreLocation) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, dialect) = match (location.url(), location) {
            (Some(url), StoreLocation::Sqlite(_)) => (url, Dialect::Sqlite),
            (Some(url), StoreLocation::Postgres(_)) => (url, Dialect::Postgres),
            _ => {
                return Err(StoreError::InvalidLocation {
                    location: location.to_string(),
                    message: "`none` keeps nothing: there is no store to open".into(),
                })
            }
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(match dialect {
                Dialect::Sqlite => 4,
                Dialect::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(5));
        if dialect == Dialect::Sqlite {
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL: readers never wait for the writer. FULL: a commit is on disk before
                    // it is acknowledged, so an answered decision survives a power cut too.
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA busy_timeout = 10000",
                        "PRAGMA foreign_keys = ON",
                    ] {
                        conn.execute(pragma).await?;
                    }
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(&url)
            .await
            .map_err(|e| StoreError::Unavailable(format!("cannot open {location}: {e}")))?;
        migrate(&pool, dialect).await?;
        let (jobs, receiver) = mpsc::channel(4 * writer::MAX_BATCH);
        writer::spawn(pool.clone(), dialect, receiver).map_err(|e| {
            StoreError::Unavailable(format!("cannot start the store's writer: {e}"))
        })?;
        Ok(Self {
            pool,
            dialect,
            location: location.clone(),
            jobs,
        })
    }

    /// The schema version of the open store.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        current_version(&self.pool).await
    }

    async fn send<T>(
        &self,
        job: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> Job,
    ) -> Result<T, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(job(tx))
            .await
            .map_err(|_| StoreError::Unavailable("the store's writer has stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Unavailable("the store's writer has stopped".into()))?
    }

    async fn with_events(
        &self,
        mut records: Vec<DecisionRecord>,
    ) -> Result<Vec<DecisionRecord>, StoreError> {
        if records.is_empty() {
            return Ok(records);
        }
        let marks = vec!["?"; records.len()].join(", ");
        let sql = self.dialect.sql(&format!(
            "SELECT {EVENT_COLUMNS} FROM decision_events WHERE request_id IN ({marks}) \
             ORDER BY request_id, seq"
        ));
        let mut query = sqlx::query(&sql);
        for r in &records {
            query = query.bind(r.request_id.clone());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(unavailable)?;
        let mut by_id: HashMap<String, Vec<Event>> = HashMap::new();
        for row in &rows {
            let (id, event) = rows::event(row)?;
            by_id.entry(id).or_default().push(event);
        }
        for r in &mut records {
            r.events
                .extend(by_id.remove(&r.request_id).unwrap_or_default());
        }
        Ok(records)
    }

    async fn get_decision(&self, request_id: &str) -> Result<Option<DecisionRecord>, StoreError> {
        let row = sqlx::query(&self.dialect.sql(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE request_id = ?"
        )))
        .bind(request_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        match row {
            Some(row) => {
                let (_, record) = rows::decision(&row)?;
                Ok(self.with_events(vec![record]).await?.pop())
            }
            None => Ok(None),
        }
    }

    async fn list(&self, q: DecisionQuery) -> Result<DecisionPage, StoreError> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let after: i64 = match &q.cursor {
            Some(c) => c.parse().map_err(|_| StoreError::Invalid {
                field: "cursor",
                message: format!("not a cursor from a previous page: {c:?}"),
            })?,
            None => 0,
        };
        let mut sql = format!("SELECT {DECISION_COLUMNS} FROM decisions WHERE seq > ?");
        let mut binds: Vec<String> = Vec::new();
        for (column, op, value) in [
            ("status", "=", &q.status),
            ("customer_id", "=", &q.customer_id),
            ("received_at", ">=", &q.since),
        ] {
            if let Some(v) = value {
                sql.push_str(&format!(" AND {column} {op} ?"));
                binds.push(v.clone());
            }
        }
        sql.push_str(" ORDER BY seq LIMIT ?");
        let sql = self.dialect.sql(&sql);
        let mut query = sqlx::query(&sql).bind(after);
        for b in binds {
            query = query.bind(b);
        }
        let rows = query
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        let mut last = None;
        let mut records = Vec::with_capacity(rows.len());
        for row in &rows {
            let (seq, record) = rows::decision(row)?;
            last = Some(seq);
            records.push(record);
        }
        let full = records.len() == limit as usize;
        Ok(DecisionPage {
            items: self.with_events(records).await?,
            next_cursor: last.filter(|_| full).map(|s| s.to_string()),
        })
    }

    async fn reviews(&self, limit: u32) -> Result<Vec<DecisionRecord>, StoreError> {
        let rows = sqlx::query(&self.dialect.sql(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE review_state = 'open' \
             ORDER BY seq LIMIT ?"
        )))
        .bind(i64::from(limit.clamp(1, MAX_PAGE)))
        .fetch_all(&self.pool)
        .await
        .map_err(unavailable)?;
        let records = rows
            .iter()
            .map(|r| rows::decision(r).map(|(_, d)| d))
            .collect::<Result<Vec<_>, _>>()?;
        self.with_events(records).await
    }

    async fn get_message(&self, message_id: &str) -> Result<Option<MessageRecord>, StoreError> {
        let row = sqlx::query(&self.dialect.sql(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE message_id = ?"
        )))
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        row.as_ref().map(rows::message).transpose()
    }
}

async fn current_version(pool: &AnyPool) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        .fetch_one(pool)
        .await
        .map_err(unavailable)?;
    row.try_get::<i64, _>(0).map_err(unavailable)
}

/// Key of the PostgreSQL advisory lock that serialises migrations of instances starting at
/// once ("credito" in ASCII).
const MIGRATION_LOCK: i64 = 0x0063_7265_6469_746f;

async fn migrate(pool: &AnyPool, dialect: Dialect) -> Result<(), StoreError> {
    sqlx::query(VERSION_TABLE)
        .execute(pool)
        .await
        .or_else(|e| match dialect {
            // Two instances creating the version table at once: the loser finds it there.
            Dialect::Postgres if crate::error::is_unique_violation(&e) => Ok(Default::default()),
            _ => Err(e),
        })
        .map_err(unavailable)?;
    let mut tx = pool.begin().await.map_err(unavailable)?;
    if dialect == Dialect::Postgres {
        sqlx::query(&dialect.sql("SELECT pg_advisory_xact_lock(?)"))
            .bind(MIGRATION_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
    }
    // Read under the lock: another instance may have migrated while we waited.
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        .fetch_one(&mut *tx)
        .await
        .map_err(unavailable)?;
    let current: i64 = row.try_get(0).map_err(unavailable)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::Corrupt(format!(
            "the store has schema version {current}; this program knows up to {SCHEMA_VERSION} \
             (upgrade credito)"
        )));
    }
    for (version, description, statements) in schema::pending(dialect, current) {
        for statement in &statements {
            sqlx::query(statement)
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
        }
        sqlx::query(
            &dialect.sql(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
            ),
        )
        .bind(version)
        .bind(description)
        .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
    }
    tx.commit().await.map_err(unavailable)
}

fn check_resolution(r: &Resolution) -> Result<(), StoreError> {
    if !matches!(r.decision.as_str(), "approved" | "rejected") {
        return Err(StoreError::Invalid {
            field: "decision",
            message: format!("must be \"approved\" or \"rejected\", got {:?}", r.decision),
        });
    }
    if r.analyst.is_empty() || r.analyst.chars().count() > 200 {
        return Err(StoreError::Invalid {
            field: "analyst",
            message: "the analyst's name or id, 1 to 200 characters".into(),
        });
    }
    if r.note.chars().count() > 4000 {
        return Err(StoreError::Invalid {
            field: "note",
            message: "at most 4000 characters".into(),
        });
    }
    Ok(())
}

impl DecisionStore for SqlStore {
    fn location(&self) -> String {
        self.location.to_string()
    }

    fn put_decision(&self, decision: NewDecision) -> StoreFuture<'_, PutOutcome> {
        Box::pin(async move {
            let encoded = writer::Encoded::new(decision);
            self.send(|tx| Job::Decision(encoded, tx)).await
        })
    }

    fn decision<'a>(&'a self, request_id: &'a str) -> StoreFuture<'a, Option<DecisionRecord>> {
        Box::pin(self.get_decision(request_id))
    }

    fn decisions(&self, query: DecisionQuery) -> StoreFuture<'_, DecisionPage> {
        Box::pin(self.list(query))
    }

    fn open_reviews(&self, limit: u32) -> StoreFuture<'_, Vec<DecisionRecord>> {
        Box::pin(self.reviews(limit))
    }

    fn resolve_review(
        &self,
        request_id: String,
        resolution: Resolution,
    ) -> StoreFuture<'_, DecisionRecord> {
        Box::pin(async move {
            check_resolution(&resolution)?;
            self.send(|tx| Job::Write(Write::Review(request_id, resolution, tx)))
                .await
        })
    }

    fn append_event(
        &self,
        request_id: String,
        kind: String,
        actor: String,
        data: Value,
    ) -> StoreFuture<'_, Event> {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let event = NewEvent {
            at,
            kind,
            actor,
            data,
        };
        Box::pin(self.send(|tx| Job::Write(Write::Event(request_id, event, tx))))
    }

    fn put_message(&self, message: NewMessage) -> StoreFuture<'_, ()> {
        Box::pin(self.send(|tx| Job::Write(Write::Message(message, tx))))
    }

    fn message<'a>(&'a self, message_id: &'a str) -> StoreFuture<'a, Option<MessageRecord>> {
        Box::pin(self.get_message(message_id))
    }

    fn check(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query("SELECT 1")
                .execute(&self.pool)
                .await
                .map_err(unavailable)
                .map(|_| ())
        })
    }
}
