//! scratch
use risk_features::{FeatureExtractor, UciSignals};
use segmentation::*;
#[test]
fn runs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/uci_credit_card_default.csv.gz");
    let rows: Vec<_> = risk_features::open(path).unwrap().collect::<Result<_, _>>().unwrap();
    let signals: Vec<_> = rows.iter().map(|h| UciSignals.extract(h)).collect();
    let raw = feature_matrix(&signals, &seed_features()).unwrap();
    let x = StandardScaler::fit(raw.view()).unwrap().transform(raw.view()).unwrap();
    for tol in [1e-4, 0.0] {
    for seed in 40..52u64 {
        let mut p = FastKMeansParams::new(4); p.n_runs = 1; p.seed = seed; p.tolerance = tol;
        let km = fit_kmeans(x.view(), &p).unwrap();
        let mut sizes = vec![0; 4]; for &l in &km.labels { sizes[l] += 1; } sizes.sort();
        println!("tol {tol} seed {seed} inertia {:.5} iters {} {:?}", km.inertia, km.n_iterations, sizes);
    }}
}
