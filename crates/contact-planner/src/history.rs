//! What happened with a client: the ledger of attempts the planner counts and reads.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Channel;

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Nobody answered (or the message was not read).
    NoAnswer,
    /// The client talked to the collector.
    Conversation,
    /// The client promised to pay on a date.
    Promise,
    /// The client paid.
    Paid,
    /// The client talked and refused to pay.
    Refused,
    /// The client asked not to be contacted on this channel again.
    OptOut,
}

impl Outcome {
    /// Every outcome, in the order of the ledger's documentation.
    pub const ALL: [Outcome; 6] = [
        Outcome::NoAnswer,
        Outcome::Conversation,
        Outcome::Promise,
        Outcome::Paid,
        Outcome::Refused,
        Outcome::OptOut,
    ];

    /// The name used in files (`no_answer`, `conversation`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NoAnswer => "no_answer",
            Outcome::Conversation => "conversation",
            Outcome::Promise => "promise",
            Outcome::Paid => "paid",
            Outcome::Refused => "refused",
            Outcome::OptOut => "opt_out",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == wanted)
            .ok_or_else(|| {
                "expected no_answer, conversation, promise, paid, refused or opt_out".to_string()
            })
    }
}

/// One contact attempt and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// The channel used.
    pub channel: Channel,
    /// When.
    pub at: DateTime<Utc>,
    /// How it ended.
    pub outcome: Outcome,
    /// For a promise: the day the client promised to pay.
    #[serde(default)]
    pub promised_date: Option<NaiveDate>,
    /// For a promise or a payment: the amount.
    #[serde(default)]
    pub amount: Option<f64>,
}
