//! Where a store lives: `sqlite://PATH`, `postgres://...` (or `postgresql://`), or `none`.

use std::fmt;
use std::path::PathBuf;

use crate::StoreError;

/// A parsed store location.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// An SQLite file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
    /// Keep nothing.
    None,
}

impl StoreLocation {
    /// The default: `credito.db` in the working directory.
    pub fn default_sqlite() -> Self {
        StoreLocation::Sqlite(PathBuf::from("credito.db"))
    }

    /// Parse `sqlite://PATH`, `sqlite:PATH`, `postgres://...`, `postgresql://...` or `none`.
    ///
    /// ```
    /// use decision_store::StoreLocation;
    /// assert_eq!(StoreLocation::parse("sqlite://credito.db")?, StoreLocation::default_sqlite());
    /// assert_eq!(StoreLocation::parse("none")?, StoreLocation::None);
    /// let pg = StoreLocation::parse("postgres://credito:s3cret@db:5432/credito")?;
    /// // Passwords never appear when a location is shown.
    /// assert_eq!(pg.to_string(), "postgres://credito:***@db:5432/credito");
    /// assert!(StoreLocation::parse("mysql://x").is_err());
    /// # Ok::<(), decision_store::StoreError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(StoreLocation::None);
        }
        if let Some(path) = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or("");
            if path.is_empty() {
                return Err(invalid(text, "sqlite://PATH needs a file path"));
            }
            return Ok(StoreLocation::Sqlite(PathBuf::from(path)));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(StoreLocation::Postgres(text.to_string()));
        }
        Err(invalid(
            text,
            "expected sqlite://PATH, postgres://USER@HOST:PORT/DB or none",
        ))
    }

    /// The sqlx connection URL.
    pub(crate) fn url(&self) -> Option<String> {
        match self {
            StoreLocation::Sqlite(path) => {
                Some(format!("sqlite://{}?mode=rwc", path.to_string_lossy()))
            }
            StoreLocation::Postgres(url) => Some(url.clone()),
            StoreLocation::None => None,
        }
    }
}

fn invalid(text: &str, message: &str) -> StoreError {
    StoreError::InvalidLocation {
        location: redact(text),
        message: message.to_string(),
    }
}

/// `scheme://user:password@host` → `scheme://user:***@host`.
fn redact(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return text.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => text.to_string(),
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            StoreLocation::Postgres(url) => f.write_str(&redact(url)),
            StoreLocation::None => f.write_str("none"),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}
