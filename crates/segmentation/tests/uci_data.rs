//! End-to-end checks on the shipped UCI portfolio (30 000 clients): the seed
//! configuration reproduces the seed's figures, and the default configuration
//! meets every acceptance criterion, on all rows and on a 30 % held-out split.

use risk_features::{FeatureExtractor, UciSignals};
use segmentation::{
    evaluate, holdout_split, KMeansSegmenter, SegmentationConfig, SegmentationModel, Segmenter,
    SilhouetteMode, ValidationReport,
};

fn load() -> (Vec<risk_features::RiskSignals>, Vec<bool>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/uci_credit_card_default.csv.gz"
    );
    let rows: Vec<_> = risk_features::open(path)
        .expect("open data")
        .collect::<Result<_, _>>()
        .expect("read data");
    let signals = rows.iter().map(|h| UciSignals.extract(h)).collect();
    let labels = rows
        .iter()
        .map(|h| h.default_next_month == Some(true))
        .collect();
    (signals, labels)
}

fn assert_trustworthy(report: &ValidationReport, what: &str) {
    let sil = report.silhouette.expect("silhouette");
    assert!(sil >= 0.39, "{what}: silhouette {sil}");
    assert!(
        report.min_share() >= 0.10,
        "{what}: min share {}",
        report.min_share()
    );
    let auc = report.auc.expect("auc");
    assert!(auc >= 0.70, "{what}: auc {auc}");
    assert_eq!(
        report.monotonic_default,
        Some(true),
        "{what}: {:?}",
        report.segments
    );
}

#[test]
fn seed_configuration_reproduces_the_seed() {
    let (signals, labels) = load();
    let fit = KMeansSegmenter::new(SegmentationConfig::seed().check().unwrap())
        .fit(&signals, Some(&labels))
        .unwrap();
    let sizes: Vec<usize> = fit.report.segments.iter().map(|s| s.size).collect();
    assert_eq!(sizes, vec![9459, 6366, 14046, 129]);
    let sil = fit.report.silhouette.unwrap();
    assert!(
        (sil - 0.392_142_815_455_510_16).abs() < 1e-9,
        "silhouette {sil}"
    );
    let rates: Vec<f64> = fit
        .report
        .segments
        .iter()
        .map(|s| s.default_rate.unwrap())
        .collect();
    for (r, want) in rates.iter().zip([0.178, 0.131, 0.287, 0.690]) {
        assert!((r - want).abs() < 5e-4, "{rates:?}");
    }
    assert_eq!(fit.report.monotonic_default, Some(false));
    assert!((fit.report.auc.unwrap() - 0.588_729_534_905_248_3).abs() < 1e-9);
    // scikit-learn's inertia for the same clustering.
    assert!((fit.model.metrics.inertia - 42_800.366_731_788_11).abs() < 1e-6 * 42_800.0);
}

#[test]
fn default_configuration_meets_the_bar_on_all_rows_and_held_out() {
    let (signals, labels) = load();
    let fit = KMeansSegmenter::default()
        .fit(&signals, Some(&labels))
        .unwrap();
    assert_trustworthy(&fit.report, "full data");

    let (train, test) = holdout_split(signals.len(), 0.3, 42).unwrap();
    let pick = |idx: &[usize]| -> (Vec<_>, Vec<bool>) {
        (
            idx.iter().map(|&i| signals[i]).collect(),
            idx.iter().map(|&i| labels[i]).collect(),
        )
    };
    let (tr_s, tr_l) = pick(&train);
    let (te_s, te_l) = pick(&test);
    let fit = KMeansSegmenter::default().fit(&tr_s, Some(&tr_l)).unwrap();
    assert_trustworthy(&fit.report, "train 70 %");
    let model = SegmentationModel::from_json(&fit.model.to_json().unwrap()).unwrap();
    let (_, held) = evaluate(&model, &te_s, Some(&te_l), SilhouetteMode::Exact).unwrap();
    assert_eq!(held.rows, 9000);
    assert_trustworthy(&held, "held-out 30 %");
}
