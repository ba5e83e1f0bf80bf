//! Risk ordering: renumber raw k-means clusters 0..k-1 from lowest to highest risk.

use serde::{Deserialize, Serialize};

use crate::FeatureSpec;

/// How raw clusters are ranked into risk segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderingRule {
    /// The seed's rule: ascending mean `score_gravidade` of the cluster.
    Severity,
    /// Ascending observed default rate of the cluster (needs the label).
    DefaultRate,
    /// Ascending label-free risk index of the centroid (scaled space):
    /// + severity + recurrence + usage − payment ratio − limit.
    RiskIndex,
}

/// Sign of each signal in the label-free risk index.
pub fn risk_weight(name: &str) -> f64 {
    match name {
        "score_gravidade" | "freq_atrasos" | "taxa_uso_limite" => 1.0,
        "razao_pagamento_6m" | "limite_credito" => -1.0,
        _ => 0.0,
    }
}

/// The label-free risk index of a centroid given in scaled feature space.
pub fn risk_index(centroid: &[f64], features: &[FeatureSpec]) -> f64 {
    centroid
        .iter()
        .zip(features)
        .map(|(v, f)| v * risk_weight(&f.name))
        .sum()
}

/// `rank[c]` = segment of raw cluster `c`, given one risk key per cluster
/// (ascending; ties keep the raw cluster order; NaN keys rank last).
///
/// ```
/// use segmentation::rank_by_key;
/// assert_eq!(rank_by_key(&[0.5, 0.1, 0.9]), vec![1, 0, 2]);
/// ```
pub fn rank_by_key(keys: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by(|&a, &b| {
        let ka = if keys[a].is_nan() {
            f64::INFINITY
        } else {
            keys[a]
        };
        let kb = if keys[b].is_nan() {
            f64::INFINITY
        } else {
            keys[b]
        };
        ka.total_cmp(&kb).then(a.cmp(&b))
    });
    let mut rank = vec![0; keys.len()];
    for (segment, &cluster) in idx.iter().enumerate() {
        rank[cluster] = segment;
    }
    rank
}
