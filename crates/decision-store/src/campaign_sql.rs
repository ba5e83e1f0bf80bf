//! [`CampaignStore`] for [`SqlStore`]: campaigns, queues and the ledger on the same database
//! as the decisions. These writes are rare and large (a campaign of a million members is one
//! transaction of multi-row inserts), so they go straight to the pool rather than through the
//! decision writer's small batches.

use std::collections::HashSet;

use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::campaign::{
    CampaignRecord, CampaignStore, LedgerFilter, Member, NewCampaign, NewOutcome, OutcomeImport,
    OutcomeRecord, QueueItem, SendReport, SendState,
};
use crate::error::{is_unique_violation, unavailable};
use crate::schema::Dialect;
use crate::{SqlStore, StoreError, StoreFuture, MAX_KEY_CHARS};

/// Rows per multi-row insert (well under both databases' limits on bound parameters).
const ROWS_PER_INSERT: usize = 400;

const CAMPAIGN_COLUMNS: &str = "c.name, c.created_at, c.seed, c.holdout, c.rules, c.spec_json, \
    (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign = c.name)";
const QUEUE_COLUMNS: &str = "idempotency_key, client_id, channel, grp, send_at, send_at_utc, \
    state, attempts, last_error, sent_at";
const OUTCOME_COLUMNS: &str = "o.client_id, o.channel, o.at, o.outcome, o.promised_date, \
    o.amount, o.campaign, o.source, o.imported_at";

fn corrupt(err: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(err.to_string())
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `INSERT INTO table (columns) VALUES (?, …), (?, …) …` for `rows` rows.
fn insert_sql(dialect: Dialect, head: &str, columns: usize, rows: usize, tail: &str) -> String {
    let one = format!("({})", vec!["?"; columns].join(", "));
    let values = vec![one; rows].join(", ");
    dialect.sql(&format!("{head} VALUES {values}{tail}"))
}

fn campaign_row(row: &AnyRow) -> Result<CampaignRecord, StoreError> {
    let spec: String = row.try_get(5).map_err(corrupt)?;
    Ok(CampaignRecord {
        name: row.try_get(0).map_err(corrupt)?,
        created_at: row.try_get(1).map_err(corrupt)?,
        seed: row.try_get::<i64, _>(2).map_err(corrupt)? as u64,
        holdout: row.try_get(3).map_err(corrupt)?,
        rules: row.try_get(4).map_err(corrupt)?,
        spec: serde_json::from_str(&spec).map_err(|e| corrupt(format!("spec_json: {e}")))?,
        members: row.try_get::<i64, _>(6).map_err(corrupt)?.max(0) as u64,
    })
}

fn queue_row(row: &AnyRow) -> Result<QueueItem, StoreError> {
    let state: String = row.try_get(6).map_err(corrupt)?;
    Ok(QueueItem {
        idempotency_key: row.try_get(0).map_err(corrupt)?,
        client_id: row.try_get(1).map_err(corrupt)?,
        channel: row.try_get(2).map_err(corrupt)?,
        group: row.try_get(3).map_err(corrupt)?,
        send_at: row.try_get(4).map_err(corrupt)?,
        send_at_utc: row.try_get(5).map_err(corrupt)?,
        state: SendState::from_code(&state)
            .ok_or_else(|| corrupt(format!("send_queue.state {state:?}")))?,
        attempts: row
            .try_get::<i64, _>(7)
            .map_err(corrupt)?
            .clamp(0, u32::MAX as i64) as u32,
        last_error: row.try_get(8).map_err(corrupt)?,
        sent_at: row.try_get(9).map_err(corrupt)?,
    })
}

fn outcome_row(row: &AnyRow) -> Result<OutcomeRecord, StoreError> {
    Ok(OutcomeRecord {
        outcome: NewOutcome {
            client_id: row.try_get(0).map_err(corrupt)?,
            channel: row.try_get(1).map_err(corrupt)?,
            at: row.try_get(2).map_err(corrupt)?,
            outcome: row.try_get(3).map_err(corrupt)?,
            promised_date: row.try_get(4).map_err(corrupt)?,
            amount: row.try_get(5).map_err(corrupt)?,
            campaign: row.try_get(6).map_err(corrupt)?,
            source: row.try_get(7).map_err(corrupt)?,
        },
        imported_at: row.try_get(8).map_err(corrupt)?,
    })
}

fn check_campaign(c: &NewCampaign) -> Result<(), StoreError> {
    if c.name.chars().all(|c| c.is_ascii_whitespace()) || c.name.chars().count() > MAX_KEY_CHARS {
        return Err(StoreError::Invalid {
            field: "name",
            message: format!("the campaign's name, 1 to {MAX_KEY_CHARS} characters"),
        });
    }
    if !(0.0..1.0).contains(&c.holdout) {
        return Err(StoreError::Invalid {
            field: "holdout",
            message: format!("a share in [0, 1), got {}", c.holdout),
        });
    }
    Ok(())
}

impl SqlStore {
    async fn begin(&self) -> Result<Transaction<'static, Any>, StoreError> {
        self.pool.begin().await.map_err(unavailable)
    }

    async fn insert_campaign(&self, c: NewCampaign) -> Result<(), StoreError> {
        check_campaign(&c)?;
        let d = self.dialect;
        let mut tx = self.begin().await?;
        let inserted = sqlx::query(&d.sql(
            "INSERT INTO campaigns (name, created_at, seed, holdout, rules, spec_json) \
             VALUES (?, ?, ?, ?, ?, ?)",
        ))
        .bind(&c.name)
        .bind(&c.created_at)
        .bind(c.seed as i64)
        .bind(c.holdout)
        .bind(&c.rules)
        .bind(c.spec.to_string())
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::CampaignExists { name: c.name })
            }
            other => other.map_err(unavailable)?,
        };
        for chunk in c.members.chunks(ROWS_PER_INSERT) {
            let sql = insert_sql(
                d,
                "INSERT INTO campaign_members (campaign, client_id, segment, grp, client_json)",
                5,
                chunk.len(),
                "",
            );
            let mut q = sqlx::query(&sql);
            for m in chunk {
                q = q
                    .bind(&c.name)
                    .bind(&m.client_id)
                    .bind(i64::from(m.segment))
                    .bind(&m.group)
                    .bind(m.client.to_string());
            }
            q.execute(&mut *tx).await.map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Invalid {
                        field: "client_id",
                        message: "a client appears twice in the campaign".into(),
                    }
                } else {
                    unavailable(e)
                }
            })?;
        }
        for chunk in c.queue.chunks(ROWS_PER_INSERT) {
            let sql = insert_sql(
                d,
                &format!("INSERT INTO send_queue (campaign, {QUEUE_COLUMNS})"),
                11,
                chunk.len(),
                "",
            );
            let mut q = sqlx::query(&sql);
            for item in chunk {
                q = q
                    .bind(&c.name)
                    .bind(&item.idempotency_key)
                    .bind(&item.client_id)
                    .bind(&item.channel)
                    .bind(&item.group)
                    .bind(&item.send_at)
                    .bind(&item.send_at_utc)
                    .bind(item.state.as_str())
                    .bind(i64::from(item.attempts))
                    .bind(item.last_error.clone())
                    .bind(item.sent_at.clone());
            }
            q.execute(&mut *tx).await.map_err(unavailable)?;
        }
        tx.commit().await.map_err(unavailable)
    }

    async fn get_campaign(&self, name: &str) -> Result<Option<CampaignRecord>, StoreError> {
        let row = sqlx::query(&self.dialect.sql(&format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.name = ?"
        )))
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        row.as_ref().map(campaign_row).transpose()
    }

    async fn all_campaigns(&self) -> Result<Vec<CampaignRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c ORDER BY c.created_at DESC, c.name"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(unavailable)?;
        rows.iter().map(campaign_row).collect()
    }

    async fn get_members(&self, name: &str) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(&self.dialect.sql(
            "SELECT client_id, segment, grp, client_json FROM campaign_members \
             WHERE campaign = ? ORDER BY client_id",
        ))
        .bind(name)
        .fetch_all(&self.pool)
        .await
        .map_err(unavailable)?;
        rows.iter()
            .map(|row| {
                let segment: i64 = row.try_get(1).map_err(corrupt)?;
                let client: String = row.try_get(3).map_err(corrupt)?;
                Ok(Member {
                    client_id: row.try_get(0).map_err(corrupt)?,
                    segment: u8::try_from(segment)
                        .map_err(|_| corrupt(format!("campaign_members.segment {segment}")))?,
                    group: row.try_get(2).map_err(corrupt)?,
                    client: serde_json::from_str::<Value>(&client)
                        .map_err(|e| corrupt(format!("client_json: {e}")))?,
                })
            })
            .collect()
    }

    async fn get_member_ids(
        &self,
        campaign: Option<String>,
    ) -> Result<HashSet<String>, StoreError> {
        let rows = match campaign {
            Some(name) => {
                sqlx::query(
                    &self
                        .dialect
                        .sql("SELECT client_id FROM campaign_members WHERE campaign = ?"),
                )
                .bind(name)
                .fetch_all(&self.pool)
                .await
            }
            None => {
                sqlx::query("SELECT DISTINCT client_id FROM campaign_members")
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(unavailable)?;
        rows.iter()
            .map(|r| r.try_get::<String, _>(0).map_err(corrupt))
            .collect()
    }

    async fn get_queue(
        &self,
        name: String,
        due_by: Option<String>,
        state: Option<SendState>,
        limit: u32,
    ) -> Result<Vec<QueueItem>, StoreError> {
        let mut sql = format!("SELECT {QUEUE_COLUMNS} FROM send_queue WHERE campaign = ?");
        if due_by.is_some() {
            sql.push_str(" AND send_at_utc <= ?");
        }
        if state.is_some() {
            sql.push_str(" AND state = ?");
        }
        sql.push_str(" ORDER BY send_at_utc, idempotency_key LIMIT ?");
        let sql = self.dialect.sql(&sql);
        let mut q = sqlx::query(&sql).bind(name);
        if let Some(due) = due_by {
            q = q.bind(due);
        }
        if let Some(state) = state {
            q = q.bind(state.as_str());
        }
        let rows = q
            .bind(i64::from(limit.max(1)))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        rows.iter().map(queue_row).collect()
    }

    async fn update_send(&self, r: SendReport) -> Result<(), StoreError> {
        let done = sqlx::query(&self.dialect.sql(
            "UPDATE send_queue SET state = ?, attempts = attempts + ?, last_error = ?, \
             sent_at = COALESCE(?, sent_at) WHERE idempotency_key = ?",
        ))
        .bind(r.state.as_str())
        .bind(i64::from(r.attempts))
        .bind(r.error)
        .bind(r.at)
        .bind(&r.idempotency_key)
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Invalid {
                field: "idempotency_key",
                message: format!("no queued contact {:?}", r.idempotency_key),
            });
        }
        Ok(())
    }

    async fn insert_outcomes(
        &self,
        outcomes: Vec<NewOutcome>,
    ) -> Result<OutcomeImport, StoreError> {
        let d = self.dialect;
        let imported_at = now();
        let mut tx = self.begin().await?;
        let mut stored = 0;
        for chunk in outcomes.chunks(ROWS_PER_INSERT) {
            let sql = insert_sql(
                d,
                "INSERT INTO contact_outcomes (client_id, channel, at, outcome, promised_date, \
                 amount, campaign, source, imported_at)",
                9,
                chunk.len(),
                " ON CONFLICT (client_id, channel, at, outcome) DO NOTHING",
            );
            let mut q = sqlx::query(&sql);
            for o in chunk {
                q = q
                    .bind(&o.client_id)
                    .bind(&o.channel)
                    .bind(&o.at)
                    .bind(&o.outcome)
                    .bind(o.promised_date.clone())
                    .bind(o.amount)
                    .bind(o.campaign.clone())
                    .bind(&o.source)
                    .bind(&imported_at);
            }
            stored += q
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?
                .rows_affected();
        }
        tx.commit().await.map_err(unavailable)?;
        Ok(OutcomeImport {
            stored,
            duplicates: outcomes.len() as u64 - stored,
        })
    }

    async fn get_outcomes(&self, filter: LedgerFilter) -> Result<Vec<OutcomeRecord>, StoreError> {
        let rows = match filter {
            LedgerFilter::Members(name) => sqlx::query(&self.dialect.sql(&format!(
                "SELECT {OUTCOME_COLUMNS} FROM contact_outcomes o JOIN campaign_members m \
                 ON m.client_id = o.client_id AND m.campaign = ? ORDER BY o.at, o.seq"
            )))
            .bind(name)
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?,
            LedgerFilter::All => sqlx::query(&format!(
                "SELECT {OUTCOME_COLUMNS} FROM contact_outcomes o ORDER BY o.at, o.seq"
            ))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?,
            LedgerFilter::Clients(ids) => {
                let mut rows = Vec::new();
                for chunk in ids.chunks(ROWS_PER_INSERT) {
                    let marks = vec!["?"; chunk.len()].join(", ");
                    let sql = self.dialect.sql(&format!(
                        "SELECT {OUTCOME_COLUMNS} FROM contact_outcomes o \
                         WHERE o.client_id IN ({marks}) ORDER BY o.at, o.seq"
                    ));
                    let mut q = sqlx::query(&sql);
                    for id in chunk {
                        q = q.bind(id);
                    }
                    rows.extend(q.fetch_all(&self.pool).await.map_err(unavailable)?);
                }
                rows
            }
        };
        rows.iter().map(outcome_row).collect()
    }
}

impl CampaignStore for SqlStore {
    fn create_campaign(&self, campaign: NewCampaign) -> StoreFuture<'_, ()> {
        Box::pin(self.insert_campaign(campaign))
    }

    fn campaign<'a>(&'a self, name: &'a str) -> StoreFuture<'a, Option<CampaignRecord>> {
        Box::pin(self.get_campaign(name))
    }

    fn campaigns(&self) -> StoreFuture<'_, Vec<CampaignRecord>> {
        Box::pin(self.all_campaigns())
    }

    fn members<'a>(&'a self, name: &'a str) -> StoreFuture<'a, Vec<Member>> {
        Box::pin(self.get_members(name))
    }

    fn member_ids(&self, campaign: Option<String>) -> StoreFuture<'_, HashSet<String>> {
        Box::pin(self.get_member_ids(campaign))
    }

    fn queue(
        &self,
        name: String,
        due_by: Option<String>,
        state: Option<SendState>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<QueueItem>> {
        Box::pin(self.get_queue(name, due_by, state, limit))
    }

    fn record_send(&self, report: SendReport) -> StoreFuture<'_, ()> {
        Box::pin(self.update_send(report))
    }

    fn put_outcomes(&self, outcomes: Vec<NewOutcome>) -> StoreFuture<'_, OutcomeImport> {
        Box::pin(self.insert_outcomes(outcomes))
    }

    fn outcomes(&self, filter: LedgerFilter) -> StoreFuture<'_, Vec<OutcomeRecord>> {
        Box::pin(self.get_outcomes(filter))
    }
}
