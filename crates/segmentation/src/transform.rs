//! Feature selection and per-feature transforms applied before scaling.

use ndarray::Array2;
use risk_features::{RiskSignals, SIGNAL_NAMES};
use serde::{Deserialize, Serialize};

use crate::SegmentationError;

/// A monotone transform applied to a signal before standard scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// The value as is.
    Identity,
    /// `ln(1 + x)` (x below 0 is read as 0) — tames heavy right tails.
    Log1p,
    /// `sqrt(x)` (x below 0 is read as 0).
    Sqrt,
}

impl Transform {
    /// Apply the transform to one value.
    ///
    /// ```
    /// use segmentation::Transform;
    /// assert_eq!(Transform::Sqrt.apply(9.0), 3.0);
    /// assert_eq!(Transform::Log1p.apply(0.0), 0.0);
    /// ```
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Transform::Identity => x,
            Transform::Log1p => x.max(0.0).ln_1p(),
            Transform::Sqrt => x.max(0.0).sqrt(),
        }
    }
}

/// One column of the clustering matrix: a signal name and its transform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureSpec {
    /// One of [`risk_features::SIGNAL_NAMES`].
    pub name: String,
    /// Transform applied before scaling.
    pub transform: Transform,
}

impl FeatureSpec {
    /// A spec from a name and a transform.
    pub fn new(name: &str, transform: Transform) -> Self {
        FeatureSpec {
            name: name.to_string(),
            transform,
        }
    }
}

/// The seed's matrix: SPEC §4.2's four signals, untransformed.
pub fn seed_features() -> Vec<FeatureSpec> {
    vec![
        FeatureSpec::new("score_gravidade", Transform::Identity),
        FeatureSpec::new("razao_pagamento_6m", Transform::Identity),
        FeatureSpec::new("taxa_uso_limite", Transform::Identity),
        FeatureSpec::new("limite_credito", Transform::Identity),
    ]
}

/// Our default matrix: behaviour only — log1p of the severity and sqrt of the number of late
/// months, of the payment ratio and of the limit usage; the credit limit is left out
/// because it describes the lender's decision, not the client's behaviour (chosen in
/// `docs/segmentation.md`: silhouette 0.57, AUC 0.72, out-of-time ranking one month back).
pub fn default_features() -> Vec<FeatureSpec> {
    vec![
        FeatureSpec::new("score_gravidade", Transform::Log1p),
        FeatureSpec::new("freq_atrasos", Transform::Sqrt),
        FeatureSpec::new("razao_pagamento_6m", Transform::Sqrt),
        FeatureSpec::new("taxa_uso_limite", Transform::Sqrt),
    ]
}

/// Positions of the specs' signals in [`RiskSignals::values`].
pub(crate) fn signal_positions(specs: &[FeatureSpec]) -> Result<Vec<usize>, SegmentationError> {
    specs
        .iter()
        .map(|s| {
            SIGNAL_NAMES
                .iter()
                .position(|n| *n == s.name)
                .ok_or_else(|| SegmentationError::UnknownFeature {
                    name: s.name.clone(),
                    known: SIGNAL_NAMES.join(", "),
                })
        })
        .collect()
}

/// Build the (untransformed-name, transformed-value) matrix, one row per client.
///
/// ```
/// use risk_features::RiskSignals;
/// use segmentation::{feature_matrix, default_features};
/// let s = RiskSignals { score_gravidade: 0.0, freq_atrasos: 0.0, razao_pagamento_6m: 1.0,
///     taxa_uso_limite: 0.25, limite_credito: 1000.0, inactive: false };
/// let m = feature_matrix(&[s], &default_features())?;
/// assert_eq!(m.row(0).to_vec(), vec![0.0, 0.0, 1.0, 0.5]);
/// # Ok::<(), segmentation::SegmentationError>(())
/// ```
pub fn feature_matrix(
    signals: &[RiskSignals],
    specs: &[FeatureSpec],
) -> Result<Array2<f64>, SegmentationError> {
    let pos = signal_positions(specs)?;
    let d = specs.len();
    let mut data = Vec::with_capacity(signals.len() * d);
    for (row, s) in signals.iter().enumerate() {
        let v = s.values();
        for (j, spec) in specs.iter().enumerate() {
            let x = spec.transform.apply(v[pos[j]]);
            if !x.is_finite() {
                return Err(SegmentationError::NonFinite {
                    row,
                    feature: spec.name.clone(),
                });
            }
            data.push(x);
        }
    }
    Array2::from_shape_vec((signals.len(), d), data).map_err(|_| SegmentationError::Shape {
        what: "feature matrix",
        expected: signals.len() * d,
        got: 0,
    })
}
