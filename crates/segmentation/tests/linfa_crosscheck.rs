//! Our k-means (a linfa `Fit`/`Predict` estimator) against linfa-clustering's
//! own `KMeans` on the shipped UCI data: inertia within 0.1 % and the same
//! risk ordering of the segments.

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use risk_features::{FeatureExtractor, UciSignals};
use segmentation::{
    default_features, feature_matrix, rank_by_key, FastKMeansParams, StandardScaler,
};

#[test]
fn fast_kmeans_agrees_with_linfa_clustering() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/uci_credit_card_default.csv.gz"
    );
    let rows: Vec<_> = risk_features::open(path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let signals: Vec<_> = rows.iter().map(|h| UciSignals.extract(h)).collect();
    let labels: Vec<bool> = rows
        .iter()
        .map(|h| h.default_next_month == Some(true))
        .collect();
    let raw = feature_matrix(&signals, &default_features()).unwrap();
    let x = StandardScaler::fit(raw.view())
        .unwrap()
        .transform(raw.view())
        .unwrap();
    let data = DatasetBase::from(x.clone());

    let ours = FastKMeansParams::new(4).fit(&data).unwrap();
    let ours_labels: Vec<usize> = ours.predict(&x).to_vec();

    let theirs = KMeans::params_with_rng(4, Xoshiro256Plus::seed_from_u64(42))
        .init_method(KMeansInit::KMeansPlusPlus)
        .n_runs(10)
        .tolerance(1e-4)
        .max_n_iterations(300)
        .fit(&data)
        .unwrap();
    let theirs_labels: Vec<usize> = theirs.predict(&x).to_vec();
    let inertia = |lab: &[usize], c: &ndarray::Array2<f64>| -> f64 {
        x.outer_iter()
            .zip(lab)
            .map(|(r, &l)| {
                r.iter()
                    .zip(c.row(l))
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
            })
            .sum()
    };
    let ours_inertia = inertia(&ours_labels, &ours.centroids);
    let theirs_inertia = inertia(&theirs_labels, theirs.centroids());
    assert!(
        (ours_inertia - theirs_inertia).abs() <= 1e-3 * theirs_inertia,
        "ours {ours_inertia} linfa {theirs_inertia}"
    );
    // Same ordering: ranking clusters by default rate gives the same segment
    // sizes and default rates (up to a few border points).
    let profile = |lab: &[usize]| -> Vec<(usize, f64)> {
        let mut n = [0usize; 4];
        let mut d = [0usize; 4];
        for (&l, &y) in lab.iter().zip(&labels) {
            n[l] += 1;
            d[l] += usize::from(y);
        }
        let rates: Vec<f64> = (0..4).map(|c| d[c] as f64 / n[c] as f64).collect();
        let rank = rank_by_key(&rates);
        let mut out = vec![(0, 0.0); 4];
        for c in 0..4 {
            out[rank[c]] = (n[c], rates[c]);
        }
        out
    };
    let (a, b) = (profile(&ours_labels), profile(&theirs_labels));
    for (x, y) in a.iter().zip(&b) {
        assert!(
            (x.0 as f64 - y.0 as f64).abs() <= 0.01 * y.0 as f64,
            "{a:?} vs {b:?}"
        );
        assert!((x.1 - y.1).abs() < 0.01, "{a:?} vs {b:?}");
    }
}
