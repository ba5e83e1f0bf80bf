//! Versioned schema migrations, one list for both dialects. A store records the versions it
//! has applied in `schema_version`; opening applies the missing ones in order, inside one
//! transaction each, so a store made by this version opens in the next. A store with a
//! version newer than this program knows is refused, not guessed at.

/// The SQL dialect of a backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Rewrite `?` placeholders as `$1, $2, ...` for PostgreSQL. The statements of this crate
    /// hold no `?` inside string literals.
    pub(crate) fn sql(self, text: &str) -> String {
        match self {
            Dialect::Sqlite => text.to_string(),
            Dialect::Postgres => {
                let mut out = String::with_capacity(text.len() + 8);
                let mut n = 0;
                for c in text.chars() {
                    if c == '?' {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// The auto-incrementing key column.
    fn serial(self) -> &'static str {
        match self {
            Dialect::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
            Dialect::Postgres => "BIGSERIAL PRIMARY KEY",
        }
    }

    /// A double-precision column.
    fn real(self) -> &'static str {
        match self {
            Dialect::Sqlite => "REAL",
            Dialect::Postgres => "DOUBLE PRECISION",
        }
    }

    /// A 64-bit integer column.
    fn integer(self) -> &'static str {
        match self {
            Dialect::Sqlite => "INTEGER",
            Dialect::Postgres => "BIGINT",
        }
    }
}

/// One migration: its version and statements (`{serial}`, `{int}` and `{real}` stand for the
/// dialect's column types).
struct Migration {
    version: i64,
    description: &'static str,
    statements: &'static [&'static str],
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "decisions, their events, collection messages",
        statements: &[
            "CREATE TABLE decisions (
            seq {serial},
            request_id TEXT NOT NULL UNIQUE,
            received_at TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            status TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            model_version TEXT NOT NULL,
            program_version TEXT NOT NULL,
            request_json TEXT NOT NULL,
            result_json TEXT NOT NULL,
            review_state TEXT,
            final_status TEXT
        )",
            "CREATE INDEX decisions_by_status ON decisions (status, seq)",
            "CREATE INDEX decisions_by_review ON decisions (review_state, seq)",
            "CREATE INDEX decisions_by_customer ON decisions (customer_id, seq)",
            "CREATE INDEX decisions_by_received ON decisions (received_at)",
            "CREATE TABLE decision_events (
            request_id TEXT NOT NULL REFERENCES decisions (request_id),
            seq {int} NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            data_json TEXT NOT NULL,
            PRIMARY KEY (request_id, seq)
        )",
            // Two analysts resolving one review at once: the second insert fails here.
            "CREATE UNIQUE INDEX one_review_per_decision ON decision_events (request_id)
            WHERE kind = 'reviewed'",
            "CREATE TABLE messages (
            seq {serial},
            message_id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            segment {int} NOT NULL,
            policy_version TEXT NOT NULL,
            canal TEXT NOT NULL,
            fonte TEXT NOT NULL,
            guard_passed {int} NOT NULL,
            request_json TEXT NOT NULL,
            response_json TEXT NOT NULL
        )",
            "CREATE INDEX messages_by_created ON messages (created_at)",
        ],
    },
    Migration {
        version: 2,
        description: "the decided event is the decision row itself",
        // Version 1 wrote a `decided` event row beside each decision; readers now derive it
        // from the decision row, so storing a decision is one insert.
        statements: &["DELETE FROM decision_events WHERE kind = 'decided'"],
    },
    Migration {
        version: 3,
        description: "collection campaigns, their members and send queue, the contact ledger",
        statements: &[
            "CREATE TABLE campaigns (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            seed {int} NOT NULL,
            holdout {real} NOT NULL,
            rules TEXT NOT NULL,
            spec_json TEXT NOT NULL
        )",
            "CREATE TABLE campaign_members (
            campaign TEXT NOT NULL REFERENCES campaigns (name),
            client_id TEXT NOT NULL,
            segment {int} NOT NULL,
            grp TEXT NOT NULL,
            client_json TEXT NOT NULL,
            PRIMARY KEY (campaign, client_id)
        )",
            "CREATE INDEX campaign_members_by_client ON campaign_members (client_id)",
            "CREATE TABLE send_queue (
            idempotency_key TEXT PRIMARY KEY,
            campaign TEXT NOT NULL REFERENCES campaigns (name),
            client_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            grp TEXT NOT NULL,
            send_at TEXT NOT NULL,
            send_at_utc TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts {int} NOT NULL,
            last_error TEXT,
            sent_at TEXT
        )",
            "CREATE INDEX send_queue_due ON send_queue (campaign, state, send_at_utc)",
            // The contact ledger: every attempt and its outcome, whoever reported it. The same
            // attempt imported twice is one row.
            "CREATE TABLE contact_outcomes (
            seq {serial},
            client_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            promised_date TEXT,
            amount {real},
            campaign TEXT,
            source TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (client_id, channel, at, outcome)
        )",
            "CREATE INDEX contact_outcomes_by_client ON contact_outcomes (client_id, at)",
        ],
    },
];

/// The newest schema version this program writes.
pub const SCHEMA_VERSION: i64 = 3;

/// The statements that bring a store from `current` to [`SCHEMA_VERSION`], with the version
/// each migration reaches.
pub(crate) fn pending(dialect: Dialect, current: i64) -> Vec<(i64, &'static str, Vec<String>)> {
    MIGRATIONS
        .iter()
        .filter(|m| m.version > current)
        .map(|m| {
            let statements = m
                .statements
                .iter()
                .map(|s| {
                    s.replace("{serial}", dialect.serial())
                        .replace("{int}", dialect.integer())
                        .replace("{real}", dialect.real())
                })
                .collect();
            (m.version, m.description, statements)
        })
        .collect()
}

/// The table of applied versions.
pub(crate) const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(
            Dialect::Postgres.sql("SELECT a FROM t WHERE b = ? AND c > ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2"
        );
        assert_eq!(Dialect::Sqlite.sql("b = ?"), "b = ?");
    }

    #[test]
    fn migrations_are_in_order_and_reach_the_schema_version() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
        assert!(versions.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(versions.last(), Some(&SCHEMA_VERSION));
        let all = pending(Dialect::Postgres, 0);
        assert!(all[0].2[0].contains("BIGSERIAL PRIMARY KEY"));
        assert!(pending(Dialect::Sqlite, SCHEMA_VERSION).is_empty());
    }
}
