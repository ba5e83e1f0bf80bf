//! Population stability: the population stability index (PSI) of segment shares and of each
//! signal against the model's fit population, and the migration matrix between two
//! assignments of the same clients.
//!
//! PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over bins, with `e` the fit population's share and `a` the
//! new one (a share of 0 is read as 0.0001 so that an empty bin counts instead of dividing by
//! zero). The usual bands: below 0.10 stable, 0.10 to 0.25 a moderate shift worth a look, above
//! 0.25 a significant shift (refit or review the policy).
//!
//! ```
//! use segmentation::{psi, PsiBand};
//! let fit = [0.25, 0.25, 0.25, 0.25];
//! assert_eq!(psi(&fit, &fit), 0.0);
//! let shifted = psi(&fit, &[0.10, 0.20, 0.30, 0.40]);
//! assert!((shifted - 0.2282).abs() < 1e-4);
//! assert_eq!(PsiBand::of(shifted), PsiBand::Moderate);
//! ```

use std::collections::HashMap;

use risk_features::{RiskSignals, SIGNAL_NAMES};
use serde::{Deserialize, Serialize};

/// Smallest share used in the PSI (an empty bin is read as this).
pub const PSI_FLOOR: f64 = 1e-4;

/// Population stability index of `actual` shares against `expected` ones (same bins).
pub fn psi(expected: &[f64], actual: &[f64]) -> f64 {
    expected
        .iter()
        .zip(actual)
        .map(|(&e, &a)| {
            let (e, a) = (e.max(PSI_FLOOR), a.max(PSI_FLOOR));
            (a - e) * (a / e).ln()
        })
        .sum()
}

/// The conventional reading of a PSI value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PsiBand {
    /// Below 0.10.
    Stable,
    /// From 0.10 to 0.25.
    Moderate,
    /// Above 0.25.
    Significant,
}

impl PsiBand {
    /// The band of a PSI value.
    pub fn of(value: f64) -> Self {
        if value < 0.10 {
            PsiBand::Stable
        } else if value <= 0.25 {
            PsiBand::Moderate
        } else {
            PsiBand::Significant
        }
    }
}

/// The fit population's distribution of one signal: interior bin edges (deciles, repeated
/// values merged) and the share of clients in each of the `edges.len() + 1` bins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalBins {
    /// One of [`SIGNAL_NAMES`].
    pub name: String,
    /// Ascending interior edges; bin `i` holds values `<= edges[i]` not in an earlier bin.
    pub edges: Vec<f64>,
    /// Share of the fit population in each bin.
    pub shares: Vec<f64>,
}

impl SignalBins {
    /// Deciles of `values` (non-finite values are ignored) and the shares they give.
    pub fn fit(name: &str, values: &[f64]) -> Self {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut edges: Vec<f64> = Vec::new();
        if !sorted.is_empty() {
            for q in 1..10 {
                let at = (q * sorted.len()) / 10;
                let edge = sorted[at.min(sorted.len() - 1)];
                if edges.last().is_none_or(|last| edge > *last) && edge < sorted[sorted.len() - 1] {
                    edges.push(edge);
                }
            }
        }
        let mut bins = SignalBins {
            name: name.to_string(),
            edges,
            shares: Vec::new(),
        };
        bins.shares = bins.shares_of(values);
        bins
    }

    /// Bin of one value.
    pub fn bin(&self, value: f64) -> usize {
        self.edges.partition_point(|&edge| edge < value)
    }

    /// Shares of `values` over these bins (all zero when `values` is empty).
    pub fn shares_of(&self, values: &[f64]) -> Vec<f64> {
        let mut counts = vec![0usize; self.edges.len() + 1];
        let mut n = 0usize;
        for &v in values.iter().filter(|v| v.is_finite()) {
            counts[self.bin(v)] += 1;
            n += 1;
        }
        counts
            .into_iter()
            .map(|c| if n == 0 { 0.0 } else { c as f64 / n as f64 })
            .collect()
    }
}

/// Deciles of every signal of a population (the reference kept in the model).
pub fn signal_bins(signals: &[RiskSignals]) -> Vec<SignalBins> {
    SIGNAL_NAMES
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let values: Vec<f64> = signals.iter().map(|s| s.values()[j]).collect();
            SignalBins::fit(name, &values)
        })
        .collect()
}

/// PSI of one quantity with its band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PsiEntry {
    /// `segmentos` for the segment shares, else the signal's name.
    pub name: String,
    /// The index.
    pub psi: f64,
    /// Its reading.
    pub band: PsiBand,
}

/// Stability of a new population against the fit one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StabilityReport {
    /// PSI of the segment shares.
    pub segments: PsiEntry,
    /// PSI of each signal the model kept a reference for.
    pub signals: Vec<PsiEntry>,
}

/// Compare `signals` (assigned to `segments`) with the fit population summarised by
/// `fit_sizes` (segment sizes at fit) and `reference` (the fit population's signal bins).
pub fn stability(
    fit_sizes: &[usize],
    reference: &[SignalBins],
    signals: &[RiskSignals],
    segments: &[usize],
) -> StabilityReport {
    let k = fit_sizes.len();
    let fit_total = fit_sizes.iter().sum::<usize>().max(1) as f64;
    let expected: Vec<f64> = fit_sizes.iter().map(|&s| s as f64 / fit_total).collect();
    let mut counts = vec![0usize; k];
    for &s in segments.iter().filter(|&&s| s < k) {
        counts[s] += 1;
    }
    let n = segments.len().max(1) as f64;
    let actual: Vec<f64> = counts.iter().map(|&c| c as f64 / n).collect();
    let entry = |name: &str, value: f64| PsiEntry {
        name: name.to_string(),
        psi: value,
        band: PsiBand::of(value),
    };
    let segments_psi = entry("segmentos", psi(&expected, &actual));
    let signals_psi = reference
        .iter()
        .filter_map(|bins| {
            let j = SIGNAL_NAMES.iter().position(|n| *n == bins.name)?;
            let values: Vec<f64> = signals.iter().map(|s| s.values()[j]).collect();
            Some(entry(
                &bins.name,
                psi(&bins.shares, &bins.shares_of(&values)),
            ))
        })
        .collect();
    StabilityReport {
        segments: segments_psi,
        signals: signals_psi,
    }
}

/// Clients of the current assignment found in the previous one, by segment pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationMatrix {
    /// `counts[from][to]`: clients in segment `from` before and `to` now.
    pub counts: Vec<Vec<usize>>,
    /// Clients of the current assignment matched by ID.
    pub matched: usize,
    /// Clients of the current assignment not in the previous one.
    pub new_clients: usize,
    /// Clients of the previous assignment absent from the current one.
    pub gone_clients: usize,
    /// Share of matched clients whose segment went up (higher risk).
    pub worsened: f64,
    /// Share of matched clients whose segment went down.
    pub improved: f64,
}

/// Migration between a previous assignment (`client id -> segment`) and the current one.
///
/// ```
/// use std::collections::HashMap;
/// use segmentation::migration_matrix;
/// let previous: HashMap<String, usize> = [("a", 0), ("b", 1), ("z", 1)]
///     .into_iter().map(|(k, v)| (k.to_string(), v)).collect();
/// let ids = ["a".to_string(), "b".to_string(), "c".to_string()];
/// let m = migration_matrix(&previous, &ids, &[1, 1, 0], 2);
/// assert_eq!(m.counts, vec![vec![0, 1], vec![0, 1]]);
/// assert_eq!((m.matched, m.new_clients, m.gone_clients), (2, 1, 1));
/// assert_eq!(m.worsened, 0.5);
/// ```
pub fn migration_matrix(
    previous: &HashMap<String, usize>,
    ids: &[String],
    segments: &[usize],
    k: usize,
) -> MigrationMatrix {
    let k = k.max(previous.values().map(|s| s + 1).max().unwrap_or(0));
    let mut counts = vec![vec![0usize; k]; k];
    let (mut matched, mut new_clients, mut up, mut down) = (0usize, 0usize, 0usize, 0usize);
    for (id, &to) in ids.iter().zip(segments) {
        match previous.get(id) {
            Some(&from) if from < k && to < k => {
                counts[from][to] += 1;
                matched += 1;
                up += usize::from(to > from);
                down += usize::from(to < from);
            }
            _ => new_clients += 1,
        }
    }
    let share = |x: usize| {
        if matched == 0 {
            0.0
        } else {
            x as f64 / matched as f64
        }
    };
    MigrationMatrix {
        counts,
        matched,
        new_clients,
        gone_clients: previous.len().saturating_sub(matched),
        worsened: share(up),
        improved: share(down),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_split_by_deciles_and_merge_ties() {
        let values: Vec<f64> = (0..100).map(f64::from).collect();
        let bins = SignalBins::fit("x", &values);
        assert_eq!(bins.edges.len(), 9);
        assert!(bins.shares.iter().all(|s| (s - 0.1).abs() < 0.011));
        let zeros = SignalBins::fit("x", &[0.0; 50]);
        assert!(zeros.edges.is_empty());
        assert_eq!(zeros.shares, vec![1.0]);
    }

    #[test]
    fn identical_population_is_stable_and_a_shift_is_not() {
        let base: Vec<f64> = (0..1000).map(|i| f64::from(i % 100)).collect();
        let bins = SignalBins::fit("x", &base);
        assert!(psi(&bins.shares, &bins.shares_of(&base)).abs() < 1e-12);
        let moved: Vec<f64> = base.iter().map(|v| v + 40.0).collect();
        let value = psi(&bins.shares, &bins.shares_of(&moved));
        assert_eq!(PsiBand::of(value), PsiBand::Significant, "{value}");
    }
}
