//! Risk signals per client (SPEC §4.1) and the [`FeatureExtractor`] stage trait.

use serde::{Deserialize, Serialize};

use crate::AccountHistory;

/// The names of the numeric signals, in [`RiskSignals::values`] order.
pub const SIGNAL_NAMES: [&str; 5] = [
    "score_gravidade",
    "freq_atrasos",
    "razao_pagamento_6m",
    "taxa_uso_limite",
    "limite_credito",
];

/// Collection risk signals of one client.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiskSignals {
    /// Sum of p² over the six repayment statuses p > 0 (severity, non-linear).
    pub score_gravidade: f64,
    /// Number of months with status > 0 (recurrence), 0..6.
    pub freq_atrasos: f64,
    /// clip(sum PAY_AMT / sum BILL_AMT, 0, 1); 1 when sum BILL_AMT <= 0 (capacity to pay).
    pub razao_pagamento_6m: f64,
    /// clip(BILL_AMT1 / LIMIT_BAL, 0, 1.5), LIMIT_BAL 0 read as 1 (financial pressure).
    pub taxa_uso_limite: f64,
    /// The credit limit.
    pub limite_credito: f64,
    /// No use in all six months and a zero total bill.
    pub inactive: bool,
}

impl RiskSignals {
    /// The numeric signals in [`SIGNAL_NAMES`] order.
    pub fn values(&self) -> [f64; 5] {
        [
            self.score_gravidade,
            self.freq_atrasos,
            self.razao_pagamento_6m,
            self.taxa_uso_limite,
            self.limite_credito,
        ]
    }

    /// A numeric signal by name (one of [`SIGNAL_NAMES`]).
    ///
    /// ```
    /// use risk_features::RiskSignals;
    /// let s = RiskSignals { score_gravidade: 5.0, freq_atrasos: 2.0, razao_pagamento_6m: 0.1,
    ///     taxa_uso_limite: 0.7, limite_credito: 80_000.0, inactive: false };
    /// assert_eq!(s.get("taxa_uso_limite"), Some(0.7));
    /// assert_eq!(s.get("nope"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<f64> {
        SIGNAL_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| self.values()[i])
    }
}

/// Stage trait: account history → risk signals.
pub trait FeatureExtractor {
    /// Compute the signals of one client.
    fn extract(&self, history: &AccountHistory) -> RiskSignals;
}

/// The SPEC §4.1 signals, computed exactly as the seed does.
///
/// ```
/// use risk_features::{AccountHistory, FeatureExtractor, UciSignals};
/// let h = AccountHistory { id: "1".into(), limit_bal: 20_000.0,
///     pay_status: [-2; 6], bill_amt: [0.0; 6], pay_amt: [0.0; 6], default_next_month: None };
/// let s = UciSignals.extract(&h);
/// assert!(s.inactive);
/// assert_eq!(s.razao_pagamento_6m, 1.0);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct UciSignals;

impl FeatureExtractor for UciSignals {
    fn extract(&self, h: &AccountHistory) -> RiskSignals {
        let mut severity = 0.0;
        let mut late = 0.0;
        for &p in &h.pay_status {
            if p > 0 {
                severity += f64::from(p) * f64::from(p);
                late += 1.0;
            }
        }
        let limit = if h.limit_bal == 0.0 { 1.0 } else { h.limit_bal };
        let usage = (h.bill_amt[0] / limit).clamp(0.0, 1.5);
        let billed: f64 = h.bill_amt.iter().sum();
        let paid: f64 = h.pay_amt.iter().sum();
        let ratio = if billed <= 0.0 {
            1.0
        } else {
            (paid / billed).clamp(0.0, 1.0)
        };
        RiskSignals {
            score_gravidade: severity,
            freq_atrasos: late,
            razao_pagamento_6m: ratio,
            taxa_uso_limite: usage,
            limite_credito: h.limit_bal,
            inactive: h.pay_status.iter().all(|&p| p == -2) && billed == 0.0,
        }
    }
}
