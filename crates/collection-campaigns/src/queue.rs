//! The send queue: one contact per contacted client, at the earliest instant the contact
//! planner allows, on the first channel of its policy (priority first) that ever opens.
//! Clients in the holdout get none; clients no channel will ever open for are reported with
//! the planner's reason.

use chrono::{DateTime, SecondsFormat, Utc};
use contact_planner::{Attempt, Client, ContactPlanner};

use crate::assign::HOLDOUT;

/// A contact to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The client's position in the input.
    pub index: usize,
    /// The channel (`phone`, `whatsapp`, `sms`, `email`).
    pub channel: &'static str,
    /// The allowed instant, RFC 3339 in the client's offset.
    pub send_at: String,
    /// The same instant in UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub send_at_utc: String,
    /// The key the gateway deduplicates on: `campaign:client:channel`.
    pub idempotency_key: String,
}

/// A client that cannot be contacted under the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    /// The client's position in the input.
    pub index: usize,
    /// The planner's reason for its priority channel (`opt_out`, `settled`, `prescribed`, …).
    pub reason: &'static str,
    /// The rule that decided.
    pub rule: String,
}

/// The queue for `clients` (each with its group), planned at `now`.
pub fn plan_queue<'l>(
    campaign: &str,
    planner: &dyn ContactPlanner,
    clients: &[Client],
    groups: &[String],
    ledger: impl Fn(&str) -> &'l [Attempt],
    now: DateTime<Utc>,
) -> (Vec<Queued>, Vec<Unreachable>) {
    let mut queue = Vec::new();
    let mut unreachable = Vec::new();
    for (index, (client, group)) in clients.iter().zip(groups).enumerate() {
        if group == HOLDOUT {
            continue;
        }
        let slots = planner.plan(client, ledger(&client.id), now);
        match slots.iter().find_map(|s| s.allowed_at.map(|at| (s, at))) {
            Some((slot, at)) => {
                let channel = slot.channel.as_str();
                queue.push(Queued {
                    index,
                    channel,
                    send_at: at.to_rfc3339_opts(SecondsFormat::Secs, false),
                    send_at_utc: at
                        .with_timezone(&Utc)
                        .to_rfc3339_opts(SecondsFormat::Secs, true),
                    idempotency_key: format!("{campaign}:{}:{channel}", client.id),
                });
            }
            None => {
                if let Some(first) = slots.first() {
                    unreachable.push(Unreachable {
                        index,
                        reason: first.reason.map_or("never", |r| r.as_str()),
                        rule: first.rule.to_string(),
                    });
                }
            }
        }
    }
    (queue, unreachable)
}
