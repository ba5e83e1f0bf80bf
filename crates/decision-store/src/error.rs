//! What can go wrong with a store, each case naming what it is about.

/// A store failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The store location is not one this crate can open.
    #[error("store location {location:?}: {message}")]
    InvalidLocation {
        /// The location as given (passwords removed).
        location: String,
        /// What is accepted.
        message: String,
    },
    /// The database cannot be reached or refused the write (gone, disk full, read-only).
    /// Nothing was stored; the caller may retry.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The request id is stored with a different request body.
    #[error("request_id {request_id:?} was already decided for a different request body")]
    Conflict {
        /// The request id.
        request_id: String,
    },
    /// No decision with this request id.
    #[error("no decision with request_id {request_id:?}")]
    NotFound {
        /// The request id.
        request_id: String,
    },
    /// No collection message with this id.
    #[error("no collection message with message_id {message_id:?}")]
    MessageNotFound {
        /// The message id.
        message_id: String,
    },
    /// The decision is not waiting for a manual review.
    #[error("decision {request_id:?} is {status}, not pending review")]
    NotPendingReview {
        /// The request id.
        request_id: String,
        /// Its status.
        status: String,
    },
    /// Someone resolved the review first.
    #[error("the review of {request_id:?} was already resolved by {analyst} at {at}")]
    AlreadyResolved {
        /// The request id.
        request_id: String,
        /// Who resolved it.
        analyst: String,
        /// When.
        at: String,
    },
    /// A campaign with this name is already stored.
    #[error("a campaign named {name:?} already exists")]
    CampaignExists {
        /// The name.
        name: String,
    },
    /// No campaign with this name.
    #[error("no campaign named {name:?}")]
    CampaignNotFound {
        /// The name.
        name: String,
    },
    /// A field given to the store is not acceptable.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        message: String,
    },
    /// The database holds something this version cannot read (a newer schema, bad JSON).
    #[error("store content: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the failure is the database's, not the request's (HTTP 503).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// Map a database error: constraint violations are reported by the caller, the rest means the
/// store cannot take the write now.
pub(crate) fn unavailable(err: sqlx::Error) -> StoreError {
    StoreError::Unavailable(err.to_string())
}

/// Whether `err` is a unique or primary-key violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}
