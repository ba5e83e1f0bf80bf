//! The fitted segmentation model, saved to and loaded from JSON, used to
//! assign new clients to segments.

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::Array2;
use risk_features::RiskSignals;
use serde::{Deserialize, Serialize};

use crate::{
    feature_matrix, kmeans::nearest_all, FeatureSpec, OrderingRule, SegmentationError, SignalBins,
    StandardScaler,
};

/// Format version written into every model file.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// Fit-time metrics stored with the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitMetrics {
    /// Rows the model was fitted on.
    pub rows: usize,
    /// Silhouette on the fitted rows (null when skipped).
    pub silhouette: Option<f64>,
    /// k-means inertia (sum of squared distances, scaled space).
    pub inertia: f64,
    /// Segment sizes, in segment order.
    pub sizes: Vec<usize>,
    /// Default rate per segment, when the label was known.
    pub default_rates: Option<Vec<Option<f64>>>,
    /// ROC AUC of the segment number, when the label was known.
    pub auc: Option<f64>,
    /// Mean of every signal per segment, in segment order (what names the profiles; empty
    /// in models written before it was kept).
    #[serde(default)]
    pub means: Vec<BTreeMap<String, f64>>,
    /// Deciles of every signal in the fit population (the PSI reference; empty in older
    /// models).
    #[serde(default)]
    pub signal_bins: Vec<SignalBins>,
}

/// A fitted, risk-ordered segmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentationModel {
    /// [`MODEL_FORMAT_VERSION`].
    pub format_version: u32,
    /// Version of the segmentation crate that wrote the file.
    pub crate_version: String,
    /// Matrix columns: signal names and transforms.
    pub features: Vec<FeatureSpec>,
    /// Scaler fitted on the transformed matrix.
    pub scaler: StandardScaler,
    /// Centroids in scaled space, row `s` = segment `s` (already risk-ordered).
    pub centroids: Vec<Vec<f64>>,
    /// The rule that ordered the segments.
    pub ordering: OrderingRule,
    /// `order[raw k-means cluster]` = segment, kept for audit.
    pub order: Vec<usize>,
    /// Fit-time metrics.
    pub metrics: FitMetrics,
}

impl SegmentationModel {
    /// Number of segments.
    pub fn k(&self) -> usize {
        self.centroids.len()
    }

    /// Transform and scale signals into the model's space.
    pub fn scaled_matrix(&self, signals: &[RiskSignals]) -> Result<Array2<f64>, SegmentationError> {
        let raw = feature_matrix(signals, &self.features)?;
        self.scaler.transform(raw.view())
    }

    /// Segment of each client (nearest centroid in scaled space).
    ///
    /// ```
    /// use risk_features::RiskSignals;
    /// use segmentation::{KMeansSegmenter, Segmenter, SegmentationConfig};
    /// let mk = |g: f64, u: f64, l: f64| RiskSignals { score_gravidade: g, freq_atrasos: 0.0,
    ///     razao_pagamento_6m: 0.5, taxa_uso_limite: u, limite_credito: l, inactive: false };
    /// let rows: Vec<_> = (0..40).map(|i| mk((i % 4) as f64 * 10.0, 0.2 * (i % 4) as f64,
    ///     10_000.0 * (1 + i % 4) as f64)).collect();
    /// let mut config = SegmentationConfig::default();
    /// config.k = 2;
    /// let fit = KMeansSegmenter::new(config.check()?).fit(&rows, None)?;
    /// let json = fit.model.to_json()?;
    /// let model = segmentation::SegmentationModel::from_json(&json)?;
    /// assert_eq!(model.assign(&rows)?, fit.segments);
    /// # Ok::<(), segmentation::SegmentationError>(())
    /// ```
    pub fn assign(&self, signals: &[RiskSignals]) -> Result<Vec<usize>, SegmentationError> {
        let x = self.scaled_matrix(signals)?;
        nearest_all(x.view(), &self.centroid_matrix()?)
    }

    /// Centroids as a matrix.
    pub fn centroid_matrix(&self) -> Result<Array2<f64>, SegmentationError> {
        let d = self.features.len();
        let flat: Vec<f64> = self.centroids.iter().flatten().copied().collect();
        Array2::from_shape_vec((self.centroids.len(), d), flat).map_err(|_| {
            SegmentationError::ModelFormat(
                "centroid rows must all have one value per feature".into(),
            )
        })
    }

    /// Serialise to pretty JSON.
    pub fn to_json(&self) -> Result<String, SegmentationError> {
        serde_json::to_string_pretty(self)
            .map_err(|e| SegmentationError::ModelFormat(e.to_string()))
    }

    /// Parse and check a model.
    pub fn from_json(text: &str) -> Result<Self, SegmentationError> {
        let model: SegmentationModel = serde_json::from_str(text)
            .map_err(|e| SegmentationError::ModelFormat(e.to_string()))?;
        model.check()?;
        Ok(model)
    }

    /// Write to `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SegmentationError> {
        let path = path.as_ref();
        let text = self.to_json()? + "\n";
        atomic_file::write_atomic(path, text.as_bytes()).map_err(|e| SegmentationError::Io {
            path: path.display().to_string(),
            source: e.into(),
        })
    }

    /// Read from `path`.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, SegmentationError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SegmentationError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_json(&text).map_err(|e| match e {
            SegmentationError::ModelFormat(reason) => SegmentationError::ModelFile {
                path: path.display().to_string(),
                reason,
            },
            other => other,
        })
    }

    fn check(&self) -> Result<(), SegmentationError> {
        let bad = |m: String| Err(SegmentationError::ModelFormat(m));
        if self.format_version != MODEL_FORMAT_VERSION {
            return bad(format!(
                "format_version {} (this build reads {MODEL_FORMAT_VERSION})",
                self.format_version
            ));
        }
        crate::transform::signal_positions(&self.features)?;
        let d = self.features.len();
        if d == 0 {
            return bad("no features".into());
        }
        if self.scaler.mean.len() != d || self.scaler.scale.len() != d {
            return bad(format!(
                "scaler has {} columns, features {d}",
                self.scaler.mean.len()
            ));
        }
        if self
            .scaler
            .scale
            .iter()
            .any(|s| !(s.is_finite() && *s > 0.0))
            || self.scaler.mean.iter().any(|m| !m.is_finite())
        {
            return bad("scaler values must be finite, scales > 0".into());
        }
        if self.centroids.len() < 2 {
            return bad("need at least 2 centroids".into());
        }
        if self
            .centroids
            .iter()
            .any(|c| c.len() != d || c.iter().any(|v| !v.is_finite()))
        {
            return bad(format!("every centroid needs {d} finite values"));
        }
        let mut seen = self.order.clone();
        seen.sort_unstable();
        if seen != (0..self.centroids.len()).collect::<Vec<_>>() {
            return bad("order must be a permutation of 0..k".into());
        }
        Ok(())
    }
}
