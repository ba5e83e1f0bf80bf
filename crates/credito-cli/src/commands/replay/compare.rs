//! Champion against challenger, one case at a time, and the summary of a replay.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use credit_pipeline::pipeline::CreditPipeline;
use decision_store::DecisionRecord;
use serde::Serialize;
use serde_json::Value;

/// The statuses, in the order of the transition matrix.
pub const STATUSES: [&str; 3] = ["approved", "pending_review", "rejected"];

/// One request to decide again, with what was answered.
#[derive(Debug, Clone)]
pub struct Case {
    /// The request id.
    pub request_id: String,
    /// The request as sent.
    pub request: Value,
    /// The champion's result.
    pub champion: Value,
    /// When it was first decided (the challenger decides at the same instant).
    pub decided_at: Option<DateTime<Utc>>,
}

impl Case {
    /// A stored decision.
    pub fn from_record(r: &DecisionRecord) -> Self {
        Self {
            request_id: r.request_id.clone(),
            request: r.request.clone(),
            champion: r.result.clone(),
            decided_at: DateTime::parse_from_rfc3339(&r.received_at)
                .ok()
                .map(|t| t.with_timezone(&Utc)),
        }
    }

    /// A line of `credito decisions export`.
    pub fn from_export(v: &Value) -> Self {
        Self {
            request_id: v["request_id"].as_str().unwrap_or_default().to_string(),
            request: v["request"].clone(),
            champion: v["result"].clone(),
            decided_at: v["received_at"]
                .as_str()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc)),
        }
    }

    /// A plain request and the shipped pipeline's result for it.
    pub fn from_request(request: Value, champion: Value) -> Self {
        Self {
            request_id: champion["request_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            decided_at: champion["analysis_date"]
                .as_str()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc)),
            request,
            champion,
        }
    }
}

/// A decision the challenger changed.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The request id.
    pub request_id: String,
    /// What was answered.
    pub champion_status: String,
    /// What the challenger answers.
    pub challenger_status: String,
    /// Amount offered by the champion, when approved.
    pub champion_amount: Option<f64>,
    /// Amount offered by the challenger, when approved.
    pub challenger_amount: Option<f64>,
    /// The champion's reasons.
    pub champion_reasons: Value,
    /// The challenger's reasons.
    pub challenger_reasons: Value,
}

#[derive(Debug, Clone, Default, Serialize)]
struct Side {
    approved: u64,
    approved_amount: f64,
}

impl Side {
    fn add(&mut self, status: &str, amount: Option<f64>) {
        if status == "approved" {
            self.approved += 1;
            self.approved_amount += amount.unwrap_or(0.0);
        }
    }
}

/// The summary of a replay.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayReport {
    /// The challenger: `<policy> / <model>`.
    pub challenger: String,
    /// Decisions replayed.
    pub replayed: u64,
    /// `transitions[champion][challenger]`: counts by status.
    pub transitions: BTreeMap<String, BTreeMap<String, u64>>,
    /// Share approved, before and after.
    pub approval_rate: BeforeAfter,
    /// Mean amount of the approved offers, before and after.
    pub mean_approved_amount: BeforeAfter,
    /// Every changed decision.
    pub changed: Vec<Outcome>,
    /// Lines or decisions that could not be replayed, with why.
    pub errors: Vec<ReplayError>,
    #[serde(skip)]
    before: Side,
    #[serde(skip)]
    after: Side,
}

/// A measure before and after.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct BeforeAfter {
    /// Champion.
    pub before: Option<f64>,
    /// Challenger.
    pub after: Option<f64>,
}

/// A case that could not be replayed.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayError {
    /// The request id or line.
    pub what: String,
    /// Why.
    pub error: String,
}

fn status(result: &Value) -> String {
    result["approval_status"]
        .as_str()
        .unwrap_or("unknown")
        .to_string()
}

fn amount(result: &Value) -> Option<f64> {
    result["offer"]["amount"].as_f64()
}

impl ReplayReport {
    /// An empty report for `challenger`.
    pub fn new(challenger: String) -> Self {
        let transitions = STATUSES
            .iter()
            .map(|from| {
                let row = STATUSES.iter().map(|to| (to.to_string(), 0)).collect();
                (from.to_string(), row)
            })
            .collect();
        Self {
            challenger,
            replayed: 0,
            transitions,
            approval_rate: BeforeAfter::default(),
            mean_approved_amount: BeforeAfter::default(),
            changed: Vec::new(),
            errors: Vec::new(),
            before: Side::default(),
            after: Side::default(),
        }
    }

    /// Note a case that could not be replayed.
    pub fn error(&mut self, what: String, error: String) {
        self.errors.push(ReplayError { what, error });
    }

    /// Decide `case` under `challenger` and count it; the outcome when it was replayed.
    pub fn replay(&mut self, challenger: &CreditPipeline, case: Case) -> Option<Outcome> {
        let text = case.request.to_string();
        let decided = challenger
            .parse_json(&text)
            .map_err(|e| e.to_string())
            .and_then(|r| {
                challenger
                    .analyze_at(&r, case.decided_at.unwrap_or_else(Utc::now))
                    .map_err(|e| e.to_string())
            });
        let analysis = match decided {
            Ok(a) => a,
            Err(e) => {
                self.error(case.request_id, e);
                return None;
            }
        };
        let result = credito_api::recorded::result_value(&analysis);
        let outcome = Outcome {
            request_id: case.request_id,
            champion_status: status(&case.champion),
            challenger_status: status(&result),
            champion_amount: amount(&case.champion),
            challenger_amount: amount(&result),
            champion_reasons: case.champion["reasons"].clone(),
            challenger_reasons: result["reasons"].clone(),
        };
        self.replayed += 1;
        *self
            .transitions
            .entry(outcome.champion_status.clone())
            .or_default()
            .entry(outcome.challenger_status.clone())
            .or_insert(0) += 1;
        self.before
            .add(&outcome.champion_status, outcome.champion_amount);
        self.after
            .add(&outcome.challenger_status, outcome.challenger_amount);
        let n = self.replayed as f64;
        let mean = |s: &Side| (s.approved > 0).then(|| s.approved_amount / s.approved as f64);
        self.approval_rate = BeforeAfter {
            before: Some(self.before.approved as f64 / n),
            after: Some(self.after.approved as f64 / n),
        };
        self.mean_approved_amount = BeforeAfter {
            before: mean(&self.before),
            after: mean(&self.after),
        };
        let changed = outcome.champion_status != outcome.challenger_status
            || outcome.champion_amount != outcome.challenger_amount;
        if changed {
            self.changed.push(outcome.clone());
        }
        Some(outcome)
    }

    /// The summary as a text table.
    pub fn table(&self) -> String {
        let pct = |v: Option<f64>| {
            v.map(|x| format!("{:.1} %", 100.0 * x))
                .unwrap_or("-".into())
        };
        let brl = |v: Option<f64>| v.map(br_format::brl).unwrap_or("-".into());
        let mut s = format!(
            "replayed {} decision(s) under {}\n\nchampion \\ challenger {:>14} {:>14} {:>14}\n",
            self.replayed, self.challenger, STATUSES[0], STATUSES[1], STATUSES[2]
        );
        for from in STATUSES {
            s.push_str(&format!("{from:<22}"));
            for to in STATUSES {
                let n = self
                    .transitions
                    .get(from)
                    .and_then(|r| r.get(to))
                    .copied()
                    .unwrap_or(0);
                s.push_str(&format!(" {n:>14}"));
            }
            s.push('\n');
        }
        s.push_str(&format!(
            "\napproval rate         {} -> {}\nmean approved amount  {} -> {}\nchanged decisions     {}\n",
            pct(self.approval_rate.before),
            pct(self.approval_rate.after),
            brl(self.mean_approved_amount.before),
            brl(self.mean_approved_amount.after),
            self.changed.len()
        ));
        for o in self.changed.iter().take(20) {
            s.push_str(&format!(
                "  {}: {} -> {} ({} -> {})\n",
                o.request_id,
                o.champion_status,
                o.challenger_status,
                brl(o.champion_amount),
                brl(o.challenger_amount)
            ));
        }
        if self.changed.len() > 20 {
            s.push_str(&format!(
                "  ... {} more (see --json or --report)\n",
                self.changed.len() - 20
            ));
        }
        if !self.errors.is_empty() {
            s.push_str(&format!("{} could not be replayed:\n", self.errors.len()));
            for e in self.errors.iter().take(10) {
                s.push_str(&format!("  {}: {}\n", e.what, e.error));
            }
        }
        s
    }
}
