//! # segmentation
//!
//! Risk-ordered segmentation of a collections portfolio (SPEC §4.2):
//! per-feature transforms → standard scaling (population std) → k-means
//! (k-means++, 10 runs, seed 42) → segments renumbered from lowest to highest
//! risk → validation (sizes, means, default rates, monotonicity, ROC AUC) and
//! the exact silhouette (equal to scikit-learn's `silhouette_score`). The
//! fitted [`SegmentationModel`] saves to JSON and assigns new clients.
//!
//! ```
//! use risk_features::RiskSignals;
//! use segmentation::{KMeansSegmenter, Segmenter, SegmentationConfig};
//! let rows: Vec<RiskSignals> = (0..60)
//!     .map(|i| RiskSignals {
//!         score_gravidade: [0.0, 1.0, 8.0, 40.0][i % 4],
//!         freq_atrasos: [0.0, 1.0, 2.0, 5.0][i % 4],
//!         razao_pagamento_6m: [1.0, 0.5, 0.2, 0.0][i % 4],
//!         taxa_uso_limite: [0.1, 0.4, 0.8, 1.0][i % 4],
//!         limite_credito: [400_000.0, 150_000.0, 80_000.0, 30_000.0][i % 4] + i as f64,
//!         inactive: false,
//!     })
//!     .collect();
//! let defaults: Vec<bool> = (0..60).map(|i| i % 4 == 3 || (i % 4 == 2 && i % 3 == 0)).collect();
//! let fit = KMeansSegmenter::new(SegmentationConfig::default().check()?).fit(&rows, Some(&defaults))?;
//! assert_eq!(fit.report.k, 4);
//! assert_eq!(fit.report.monotonic_default, Some(false)); // two segments never default
//! assert!(fit.report.auc.unwrap() > 0.9);
//! # Ok::<(), segmentation::SegmentationError>(())
//! ```

#![deny(missing_docs)]

mod error;
mod holdout;
pub mod kmeans;
mod model;
mod mt19937;
mod naming;
mod ordering;
mod scaler;
mod segmenter;
mod silhouette;
mod stability;
mod transform;
mod validation;

pub use error::SegmentationError;
pub use holdout::holdout_split;
pub use kmeans::{fit_kmeans, FastKMeans, FastKMeansParams};
pub use model::{FitMetrics, SegmentationModel, MODEL_FORMAT_VERSION};
pub use naming::{
    name_segments, risk_word, Behaviour, ProfileName, CRITICAL_LATE_MONTHS, CRITICAL_SEVERITY,
    IRREGULAR_LATE_MONTHS, PRESSURE_LIMIT_USE, PRESSURE_PAYMENT_RATIO, RISK_WORDS,
};
pub use ordering::{rank_by_key, risk_index, risk_weight, OrderingRule};
pub use scaler::StandardScaler;
pub use segmenter::{
    evaluate, silhouette_for, KMeansSegmenter, OrderingPolicy, Segmentation, SegmentationConfig,
    Segmenter, SilhouetteMode, ValidSegmentationConfig,
};
pub use silhouette::{
    silhouette_samples, silhouette_score, silhouette_score_sampled, MAX_SILHOUETTE_FEATURES,
};
pub use stability::{
    migration_matrix, psi, signal_bins, stability, MigrationMatrix, PsiBand, PsiEntry, SignalBins,
    StabilityReport, PSI_FLOOR,
};
pub use transform::{default_features, feature_matrix, seed_features, FeatureSpec, Transform};
pub use validation::{roc_auc, validate, SegmentSummary, ValidationReport};
