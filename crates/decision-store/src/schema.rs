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

    /// A 64-bit integer column.
    fn integer(self) -> &'static str {
        match self {
            Dialect::Sqlite => "INTEGER",
            Dialect::Postgres => "BIGINT",
        }
    }
}

/// One migration: its version and statements (`{serial}` and `{int}` stand for the
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
];

/// The newest schema version this program writes.
pub const SCHEMA_VERSION: i64 = 2;

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
