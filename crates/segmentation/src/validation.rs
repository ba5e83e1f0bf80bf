//! Validation report: sizes, signal means, default rates, monotonicity and the
//! ROC AUC of the segment number as a risk score (ties as scikit-learn's
//! `roc_auc_score`, i.e. the Mann–Whitney statistic with half credit).

use std::collections::BTreeMap;

use risk_features::{RiskSignals, SIGNAL_NAMES};
use serde::{Deserialize, Serialize};

/// One segment of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// Segment number (0 = lowest risk).
    pub segment: usize,
    /// Clients in the segment.
    pub size: usize,
    /// Mean of each signal (untransformed) in the segment.
    pub means: BTreeMap<String, f64>,
    /// Observed default rate, when the label is known and the segment is not empty.
    pub default_rate: Option<f64>,
}

/// The machine-readable report of `credito segment --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// Mean silhouette coefficient (scaled space).
    pub silhouette: Option<f64>,
    /// Number of segments.
    pub k: usize,
    /// Rows evaluated.
    pub rows: usize,
    /// One entry per segment, in risk order.
    pub segments: Vec<SegmentSummary>,
    /// Whether default rates rise strictly from segment 0 to k-1 (null without labels).
    pub monotonic_default: Option<bool>,
    /// ROC AUC of the segment number against default (null without labels or with one class).
    pub auc: Option<f64>,
}

impl ValidationReport {
    /// Smallest segment share of the rows (0 when there are no rows).
    pub fn min_share(&self) -> f64 {
        if self.rows == 0 {
            return 0.0;
        }
        self.segments.iter().map(|s| s.size).min().unwrap_or(0) as f64 / self.rows as f64
    }
}

/// ROC AUC of integer scores (higher = riskier) against binary labels.
/// `None` when only one class is present.
///
/// ```
/// use segmentation::roc_auc;
/// assert_eq!(roc_auc(&[0, 1, 1, 2], &[false, false, true, true]), Some(0.875));
/// assert_eq!(roc_auc(&[0, 1], &[true, true]), None);
/// ```
pub fn roc_auc(scores: &[usize], labels: &[bool]) -> Option<f64> {
    let k = scores.iter().copied().max()? + 1;
    let mut pos = vec![0f64; k];
    let mut neg = vec![0f64; k];
    for (&s, &y) in scores.iter().zip(labels) {
        if y {
            pos[s] += 1.0;
        } else {
            neg[s] += 1.0;
        }
    }
    let p: f64 = pos.iter().sum();
    let q: f64 = neg.iter().sum();
    if p == 0.0 || q == 0.0 {
        return None;
    }
    let mut below = 0.0; // negatives with a lower score
    let mut wins = 0.0;
    for s in 0..k {
        wins += pos[s] * (below + 0.5 * neg[s]);
        below += neg[s];
    }
    Some(wins / (p * q))
}

/// Build the report for `segments` (one per row, values < k).
pub fn validate(
    signals: &[RiskSignals],
    segments: &[usize],
    labels: Option<&[bool]>,
    k: usize,
    silhouette: Option<f64>,
) -> ValidationReport {
    let mut sizes = vec![0usize; k];
    let mut sums = vec![[0.0f64; 5]; k];
    let mut defaults = vec![0usize; k];
    for (i, (s, &seg)) in signals.iter().zip(segments).enumerate() {
        if seg >= k {
            continue;
        }
        sizes[seg] += 1;
        for (acc, v) in sums[seg].iter_mut().zip(s.values()) {
            *acc += v;
        }
        if let Some(y) = labels.and_then(|l| l.get(i)) {
            defaults[seg] += usize::from(*y);
        }
    }
    let summaries: Vec<SegmentSummary> = (0..k)
        .map(|seg| {
            let means = SIGNAL_NAMES
                .iter()
                .enumerate()
                .map(|(j, name)| {
                    let m = if sizes[seg] > 0 {
                        sums[seg][j] / sizes[seg] as f64
                    } else {
                        f64::NAN
                    };
                    (name.to_string(), m)
                })
                .filter(|(_, m)| m.is_finite())
                .collect();
            SegmentSummary {
                segment: seg,
                size: sizes[seg],
                means,
                default_rate: match labels {
                    Some(_) if sizes[seg] > 0 => Some(defaults[seg] as f64 / sizes[seg] as f64),
                    _ => None,
                },
            }
        })
        .collect();
    let (monotonic_default, auc) = match labels {
        Some(l) => {
            let rates: Vec<Option<f64>> = summaries.iter().map(|s| s.default_rate).collect();
            let mono = rates.iter().all(|r| r.is_some())
                && rates.windows(2).all(|w| match (w[0], w[1]) {
                    (Some(a), Some(b)) => b > a,
                    _ => false,
                });
            (Some(mono), roc_auc(segments, l))
        }
        None => (None, None),
    };
    ValidationReport {
        silhouette,
        k,
        rows: segments.len(),
        segments: summaries,
        monotonic_default,
        auc,
    }
}
