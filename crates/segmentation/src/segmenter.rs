//! The [`Segmenter`] stage trait and its default implementation,
//! [`KMeansSegmenter`]: transform → scale → k-means → risk order → validate.

use ndarray::Array2;
use risk_features::RiskSignals;

use crate::transform::signal_positions;
use serde::{Deserialize, Serialize};

use crate::{
    default_features, feature_matrix, fit_kmeans, rank_by_key, risk_index, seed_features,
    signal_bins, silhouette_score, silhouette_score_sampled, validate, FastKMeansParams,
    FeatureSpec, FitMetrics, OrderingRule, SegmentationError, SegmentationModel, StandardScaler,
    ValidationReport, MODEL_FORMAT_VERSION,
};

/// Which ordering preset to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderingPolicy {
    /// The seed's rule (mean severity), always.
    Seed,
    /// Observed default rate when the label is known, else the label-free risk index.
    Default,
}

/// How the silhouette is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SilhouetteMode {
    /// Exact, over all rows.
    Exact,
    /// On a seeded random subset.
    Sampled {
        /// Rows in the subset.
        size: usize,
        /// Sampling seed.
        seed: u64,
    },
    /// Not computed.
    Skip,
}

/// Everything a fit needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentationConfig {
    /// Number of segments.
    pub k: usize,
    /// k-means restarts.
    pub n_runs: usize,
    /// k-means seed.
    pub seed: u64,
    /// k-means tolerance (relative to mean feature variance).
    pub tolerance: f64,
    /// k-means iteration cap.
    pub max_n_iterations: usize,
    /// Matrix columns and transforms.
    pub features: Vec<FeatureSpec>,
    /// Ordering preset.
    pub ordering: OrderingPolicy,
    /// Silhouette mode.
    pub silhouette: SilhouetteMode,
}

impl Default for SegmentationConfig {
    /// Our default: k = 4, 10 runs, seed 42, log1p severity + sqrt usage, default-rate ordering.
    fn default() -> Self {
        SegmentationConfig {
            k: 4,
            n_runs: 10,
            seed: 42,
            tolerance: 1e-4,
            max_n_iterations: 300,
            features: default_features(),
            ordering: OrderingPolicy::Default,
            silhouette: SilhouetteMode::Exact,
        }
    }
}

impl SegmentationConfig {
    /// The seed's configuration: untransformed signals, ordering by mean severity.
    pub fn seed() -> Self {
        SegmentationConfig {
            features: seed_features(),
            ordering: OrderingPolicy::Seed,
            ..Self::default()
        }
    }

    /// k-means parameters of this configuration.
    pub fn kmeans_params(&self) -> FastKMeansParams {
        FastKMeansParams {
            n_clusters: self.k,
            n_runs: self.n_runs,
            tolerance: self.tolerance,
            max_n_iterations: self.max_n_iterations,
            seed: self.seed,
        }
    }

    /// Check every field (linfa's checked-parameter idea): the only way to a
    /// [`KMeansSegmenter`] is through a [`ValidSegmentationConfig`].
    ///
    /// ```
    /// use segmentation::{SegmentationConfig, SegmentationError};
    /// let bad = SegmentationConfig { k: 1, ..SegmentationConfig::default() };
    /// let err = bad.check().unwrap_err();
    /// assert!(matches!(err, SegmentationError::InvalidParameter { name: "k", .. }));
    /// assert!(SegmentationConfig::default().check().is_ok());
    /// ```
    pub fn check(self) -> Result<ValidSegmentationConfig, SegmentationError> {
        let bad = |name: &'static str, value: String, expected: &'static str| {
            Err(SegmentationError::InvalidParameter {
                name,
                value,
                expected,
            })
        };
        if self.k < 2 {
            return bad("k", self.k.to_string(), "at least 2 segments");
        }
        if self.n_runs == 0 {
            return bad("n_runs", "0".into(), "at least 1");
        }
        if self.max_n_iterations == 0 {
            return bad("max_n_iterations", "0".into(), "at least 1");
        }
        if !(self.tolerance.is_finite() && self.tolerance >= 0.0) {
            return bad(
                "tolerance",
                self.tolerance.to_string(),
                "a finite number >= 0",
            );
        }
        if self.features.is_empty() {
            return bad("features", "[]".into(), "at least one feature");
        }
        signal_positions(&self.features)?;
        for (i, f) in self.features.iter().enumerate() {
            if self.features[..i].iter().any(|g| g.name == f.name) {
                return bad("features", f.name.clone(), "each signal at most once");
            }
        }
        if let SilhouetteMode::Sampled { size, .. } = self.silhouette {
            if size < 2 {
                return bad("silhouette.size", size.to_string(), "at least 2 rows");
            }
        }
        Ok(ValidSegmentationConfig(self))
    }
}

/// A [`SegmentationConfig`] whose every field has been checked; read it
/// through `Deref`, build one with [`SegmentationConfig::check`].
///
/// `Default` is the default configuration, which `check` accepts (tested).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidSegmentationConfig(SegmentationConfig);

impl ValidSegmentationConfig {
    /// The checked configuration, to change and check again.
    pub fn into_inner(self) -> SegmentationConfig {
        self.0
    }
}

impl std::ops::Deref for ValidSegmentationConfig {
    type Target = SegmentationConfig;
    fn deref(&self) -> &SegmentationConfig {
        &self.0
    }
}

/// Result of a fit: the model, each row's segment and the validation report.
#[derive(Debug, Clone)]
pub struct Segmentation {
    /// The fitted model (save it with [`SegmentationModel::save`]).
    pub model: SegmentationModel,
    /// Segment of each input row.
    pub segments: Vec<usize>,
    /// Report on the fitted rows.
    pub report: ValidationReport,
    /// The scaled matrix the model was fitted on.
    pub scaled: Array2<f64>,
}

/// Stage trait: risk signals (and the label when known) → risk-ordered segments.
pub trait Segmenter {
    /// Fit on `signals`; `labels` (default next month) drive the ordering when given.
    fn fit(
        &self,
        signals: &[RiskSignals],
        labels: Option<&[bool]>,
    ) -> Result<Segmentation, SegmentationError>;
}

/// The default [`Segmenter`]: standard scaling + k-means + risk ordering.
#[derive(Debug, Clone, Default)]
pub struct KMeansSegmenter {
    config: ValidSegmentationConfig,
}

impl KMeansSegmenter {
    /// A segmenter with a checked `config` (see [`SegmentationConfig::check`]).
    pub fn new(config: ValidSegmentationConfig) -> Self {
        KMeansSegmenter { config }
    }

    /// Its configuration.
    pub fn config(&self) -> &SegmentationConfig {
        &self.config
    }
}

/// Silhouette of labelled, scaled rows according to `mode`.
pub fn silhouette_for(
    x: &Array2<f64>,
    segments: &[usize],
    mode: SilhouetteMode,
) -> Result<Option<f64>, SegmentationError> {
    let distinct = {
        let mut s = segments.to_vec();
        s.sort_unstable();
        s.dedup();
        s.len()
    };
    if distinct < 2 || distinct >= x.nrows() {
        return Ok(None);
    }
    match mode {
        SilhouetteMode::Exact => silhouette_score(x.view(), segments).map(Some),
        SilhouetteMode::Sampled { size, seed } => {
            silhouette_score_sampled(x.view(), segments, size, seed).map(Some)
        }
        SilhouetteMode::Skip => Ok(None),
    }
}

impl Segmenter for KMeansSegmenter {
    fn fit(
        &self,
        signals: &[RiskSignals],
        labels: Option<&[bool]>,
    ) -> Result<Segmentation, SegmentationError> {
        let cfg = &self.config;
        if let Some(l) = labels {
            if l.len() != signals.len() {
                return Err(SegmentationError::Shape {
                    what: "labels",
                    expected: signals.len(),
                    got: l.len(),
                });
            }
        }
        let raw = feature_matrix(signals, &cfg.features)?;
        let scaler = StandardScaler::fit(raw.view())?;
        let scaled = scaler.transform(raw.view())?;
        let km = fit_kmeans(scaled.view(), &cfg.kmeans_params())?;
        let k = cfg.k;
        let (rule, keys): (OrderingRule, Vec<f64>) = match (cfg.ordering, labels) {
            (OrderingPolicy::Seed, _) => {
                let mut sum = vec![0.0; k];
                let mut cnt = vec![0usize; k];
                for (s, &c) in signals.iter().zip(&km.labels) {
                    sum[c] += s.score_gravidade;
                    cnt[c] += 1;
                }
                (
                    OrderingRule::Severity,
                    (0..k).map(|c| sum[c] / cnt[c].max(1) as f64).collect(),
                )
            }
            (OrderingPolicy::Default, Some(l)) => {
                let mut bad = vec![0usize; k];
                let mut cnt = vec![0usize; k];
                for (&y, &c) in l.iter().zip(&km.labels) {
                    bad[c] += usize::from(y);
                    cnt[c] += 1;
                }
                (
                    OrderingRule::DefaultRate,
                    (0..k)
                        .map(|c| {
                            if cnt[c] == 0 {
                                f64::NAN
                            } else {
                                bad[c] as f64 / cnt[c] as f64
                            }
                        })
                        .collect(),
                )
            }
            (OrderingPolicy::Default, None) => (
                OrderingRule::RiskIndex,
                km.centroids
                    .outer_iter()
                    .map(|c| risk_index(&c.to_vec(), &cfg.features))
                    .collect(),
            ),
        };
        let order = rank_by_key(&keys);
        let segments: Vec<usize> = km.labels.iter().map(|&c| order[c]).collect();
        let mut centroids = vec![Vec::new(); k];
        for (c, row) in km.centroids.outer_iter().enumerate() {
            centroids[order[c]] = row.to_vec();
        }
        let silhouette = silhouette_for(&scaled, &segments, cfg.silhouette)?;
        let report = validate(signals, &segments, labels, k, silhouette);
        let model = SegmentationModel {
            format_version: MODEL_FORMAT_VERSION,
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            features: cfg.features.clone(),
            scaler,
            centroids,
            ordering: rule,
            order,
            metrics: FitMetrics {
                rows: signals.len(),
                silhouette,
                inertia: km.inertia,
                sizes: report.segments.iter().map(|s| s.size).collect(),
                default_rates: labels
                    .map(|_| report.segments.iter().map(|s| s.default_rate).collect()),
                auc: report.auc,
                means: report.segments.iter().map(|s| s.means.clone()).collect(),
                signal_bins: signal_bins(signals),
            },
        };
        Ok(Segmentation {
            model,
            segments,
            report,
            scaled,
        })
    }
}

/// Assign rows with a saved model and build the same report as a fit.
pub fn evaluate(
    model: &SegmentationModel,
    signals: &[RiskSignals],
    labels: Option<&[bool]>,
    mode: SilhouetteMode,
) -> Result<(Vec<usize>, ValidationReport), SegmentationError> {
    let x = model.scaled_matrix(signals)?;
    let segments = crate::kmeans::nearest_all(x.view(), &model.centroid_matrix()?)?;
    let silhouette = silhouette_for(&x, &segments, mode)?;
    let report = validate(signals, &segments, labels, model.k(), silhouette);
    Ok((segments, report))
}
