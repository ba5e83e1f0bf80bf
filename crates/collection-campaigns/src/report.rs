//! The campaign report: what each group did, per segment, and whether a variant moved the
//! payment rate beyond what chance explains.
//!
//! Definitions (outcomes count from the campaign's creation on; a client counts once per
//! measure):
//! * **contacted**: a contact was sent to it, or the ledger has an attempt on it (any outcome
//!   but `paid`).
//! * **promise rate**: clients with a `promise` / clients.
//! * **kept-promise rate**: clients whose first promise was followed by a `paid` on or before
//!   the promised date (UTC) / clients with a promise; none when nobody promised.
//! * **payment rate**: clients with a `paid` / clients.
//! * **amount recovered**: the sum of the `paid` amounts.
//! * **uplift**: a variant's payment rate minus the holdout's, with Newcombe's 95 % interval
//!   ([`crate::uplift::newcombe`]). A variant *raised* payments when the whole interval is
//!   above 0, *lowered* them when it is below 0, and otherwise the data cannot tell.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use contact_planner::{Attempt, Outcome};
use serde::Serialize;

use crate::assign::HOLDOUT;
use crate::uplift::{newcombe, Interval};

/// The confidence of the uplift intervals.
pub const CONFIDENCE: f64 = 0.95;

/// A member of the campaign, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMember {
    /// The client.
    pub client_id: String,
    /// Its segment.
    pub segment: u8,
    /// Its group (`holdout`, `v1`, …).
    pub group: String,
    /// Whether a contact was sent to it.
    pub sent: bool,
}

/// One segment × group line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    /// The segment (`None`: every segment together).
    pub segment: Option<u8>,
    /// The group.
    pub group: String,
    /// Clients in it.
    pub clients: u64,
    /// Clients contacted.
    pub contacted: u64,
    /// Clients who promised.
    pub promised: u64,
    /// Promisers who paid by the promised date.
    pub kept_promises: u64,
    /// Clients who paid.
    pub paid: u64,
    /// `promised / clients`.
    pub promise_rate: Option<f64>,
    /// `kept_promises / promised`.
    pub kept_promise_rate: Option<f64>,
    /// `paid / clients`.
    pub payment_rate: Option<f64>,
    /// Sum of the amounts paid.
    pub amount_recovered: f64,
    /// The payment rate minus the holdout's, with its 95 % interval (variants only, when the
    /// segment has a holdout).
    pub uplift: Option<Interval>,
    /// `raised`, `lowered` or `inconclusive` (variants with an uplift), `no_holdout` (a
    /// variant whose segment has no held-out client).
    pub verdict_code: Option<&'static str>,
}

/// The verdict for one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentVerdict {
    /// The segment (`None`: every segment together).
    pub segment: Option<u8>,
    /// In plain words.
    pub verdict: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignReport {
    /// The campaign.
    pub campaign: String,
    /// Outcomes counted from (its creation).
    pub since: String,
    /// The confidence of the intervals.
    pub confidence: f64,
    /// Per segment × group, then every segment together (`segment: null`).
    pub rows: Vec<GroupRow>,
    /// A verdict per segment, then overall.
    pub verdicts: Vec<SegmentVerdict>,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    clients: u64,
    contacted: u64,
    promised: u64,
    kept: u64,
    paid: u64,
    amount: f64,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.clients += o.clients;
        self.contacted += o.contacted;
        self.promised += o.promised;
        self.kept += o.kept;
        self.paid += o.paid;
        self.amount += o.amount;
    }
}

fn ratio(x: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| x as f64 / n as f64)
}

/// What one client did since `since`.
fn tally_of(member: &ReportMember, attempts: &[Attempt], since: DateTime<Utc>) -> Tally {
    let counted: Vec<&Attempt> = attempts.iter().filter(|a| a.at >= since).collect();
    let payments: Vec<&&Attempt> = counted
        .iter()
        .filter(|a| a.outcome == Outcome::Paid)
        .collect();
    let first_promise = counted
        .iter()
        .filter(|a| a.outcome == Outcome::Promise)
        .min_by_key(|a| a.at);
    let kept = first_promise.is_some_and(|p| {
        payments.iter().any(|paid| {
            paid.at >= p.at && p.promised_date.is_some_and(|d| paid.at.date_naive() <= d)
        })
    });
    Tally {
        clients: 1,
        contacted: u64::from(member.sent || counted.iter().any(|a| a.outcome != Outcome::Paid)),
        promised: u64::from(first_promise.is_some()),
        kept: u64::from(kept),
        paid: u64::from(!payments.is_empty()),
        amount: payments.iter().filter_map(|a| a.amount).sum(),
    }
}

fn row(segment: Option<u8>, group: &str, t: &Tally, holdout: Option<&Tally>) -> GroupRow {
    let is_variant = group != HOLDOUT;
    let uplift = match holdout {
        Some(h) if is_variant => newcombe(t.paid, t.clients, h.paid, h.clients, CONFIDENCE),
        _ => None,
    };
    let verdict_code = if !is_variant {
        None
    } else {
        Some(match uplift {
            Some(u) if u.lower > 0.0 => "raised",
            Some(u) if u.upper < 0.0 => "lowered",
            Some(_) => "inconclusive",
            None => "no_holdout",
        })
    };
    GroupRow {
        segment,
        group: group.to_string(),
        clients: t.clients,
        contacted: t.contacted,
        promised: t.promised,
        kept_promises: t.kept,
        paid: t.paid,
        promise_rate: ratio(t.promised, t.clients),
        kept_promise_rate: ratio(t.kept, t.promised),
        payment_rate: ratio(t.paid, t.clients),
        amount_recovered: t.amount,
        uplift,
        verdict_code,
    }
}

fn percent(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

fn points(x: f64) -> String {
    format!("{:+.1} pp", x * 100.0)
}

/// The plain-words verdict for one segment's rows.
fn verdict(segment: Option<u8>, rows: &[GroupRow]) -> SegmentVerdict {
    let name = segment.map_or("All segments".to_string(), |s| format!("Segment {s}"));
    let holdout = rows.iter().find(|r| r.group == HOLDOUT);
    let mut parts = Vec::new();
    for r in rows.iter().filter(|r| r.group != HOLDOUT) {
        let rate = r.payment_rate.map_or("no clients".into(), percent);
        parts.push(match (r.uplift, holdout) {
            (Some(u), Some(h)) => {
                let said = match r.verdict_code {
                    Some("raised") => "raised payments",
                    Some("lowered") => "lowered payments",
                    _ => "cannot be told apart from no effect at this size",
                };
                format!(
                    "{} {said}: {rate} paid against {} in the holdout, {} (95 % CI {} to {})",
                    r.group,
                    h.payment_rate.map_or("-".into(), percent),
                    points(u.estimate),
                    points(u.lower),
                    points(u.upper)
                )
            }
            _ => format!(
                "{} paid at {rate}, with no held-out client to compare with",
                r.group
            ),
        });
    }
    SegmentVerdict {
        segment,
        verdict: format!("{name}: {}.", parts.join("; ")),
    }
}

/// The report of `campaign` for `members`, from the ledger `attempts_of` (every attempt of a
/// client), counting outcomes from `since`.
pub fn report<'l>(
    campaign: &str,
    since: DateTime<Utc>,
    members: &[ReportMember],
    attempts_of: impl Fn(&str) -> &'l [Attempt],
) -> CampaignReport {
    let mut tallies: BTreeMap<(u8, String), Tally> = BTreeMap::new();
    let mut groups: Vec<String> = members.iter().map(|m| m.group.clone()).collect();
    groups.sort_by_key(|g| (g != HOLDOUT, g.len(), g.clone()));
    groups.dedup();
    let segments: Vec<u8> = {
        let set: HashSet<u8> = members.iter().map(|m| m.segment).collect();
        let mut v: Vec<u8> = set.into_iter().collect();
        v.sort_unstable();
        v
    };
    for m in members {
        let t = tally_of(m, attempts_of(&m.client_id), since);
        tallies
            .entry((m.segment, m.group.clone()))
            .or_default()
            .add(&t);
    }
    let mut rows = Vec::new();
    let mut verdicts = Vec::new();
    let mut overall: HashMap<String, Tally> = HashMap::new();
    for &s in &segments {
        let holdout = tallies.get(&(s, HOLDOUT.to_string())).copied();
        let mut segment_rows = Vec::new();
        for g in &groups {
            let t = tallies.get(&(s, g.clone())).copied().unwrap_or_default();
            overall.entry(g.clone()).or_default().add(&t);
            segment_rows.push(row(
                Some(s),
                g,
                &t,
                holdout.as_ref().filter(|h| h.clients > 0),
            ));
        }
        verdicts.push(verdict(Some(s), &segment_rows));
        rows.extend(segment_rows);
    }
    let holdout = overall.get(HOLDOUT).copied().filter(|h| h.clients > 0);
    let total_rows: Vec<GroupRow> = groups
        .iter()
        .map(|g| row(None, g, &overall[g], holdout.as_ref()))
        .collect();
    verdicts.push(verdict(None, &total_rows));
    rows.extend(total_rows);
    CampaignReport {
        campaign: campaign.to_string(),
        since: since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        confidence: CONFIDENCE,
        rows,
        verdicts,
    }
}
