//! Criterion benchmarks of the collections segmentation on the shipped UCI
//! portfolio (30 000 clients): feature extraction, scaling + k-means (10
//! runs), the exact silhouette over all rows, and assignment throughput of a
//! saved model. Run with `cargo bench --bench segmentation`; the scikit-learn
//! side is `tools/sklearn_segment_bench.py` (see `docs/benchmarks.md`).

use std::time::Duration;

use credito::risk_features::{self, AccountHistory, FeatureExtractor, RiskSignals, UciSignals};
use credito::segmentation::{
    feature_matrix, fit_kmeans, silhouette_score, KMeansSegmenter, SegmentationConfig,
    SegmentationModel, Segmenter, SilhouetteMode, StandardScaler,
};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/uci_credit_card_default.csv.gz"
);

fn load() -> (Vec<AccountHistory>, Vec<RiskSignals>, Vec<bool>) {
    let rows: Vec<AccountHistory> = risk_features::open(DATA)
        .and_then(|r| r.collect::<Result<_, _>>())
        .unwrap_or_else(|e| panic!("cannot read {DATA}: {e}"));
    let signals = rows.iter().map(|h| UciSignals.extract(h)).collect();
    let labels = rows
        .iter()
        .map(|h| h.default_next_month == Some(true))
        .collect();
    (rows, signals, labels)
}

fn benches(c: &mut Criterion) {
    let (rows, signals, labels) = load();
    let n = rows.len() as u64;
    let config = SegmentationConfig::default();

    let mut g = c.benchmark_group("features");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(n));
    g.bench_function("read_gz_csv_and_extract_30k", |b| {
        b.iter(|| {
            let reader = risk_features::open(DATA).expect("shipped data");
            let mut count = 0usize;
            for row in reader {
                let s = UciSignals.extract(&row.expect("valid row"));
                count += usize::from(s.inactive);
            }
            black_box(count)
        })
    });
    g.bench_function("extract_only_30k", |b| {
        b.iter(|| {
            rows.iter()
                .map(|h| UciSignals.extract(black_box(h)).score_gravidade)
                .sum::<f64>()
        })
    });
    g.finish();

    let raw = feature_matrix(&signals, &config.features).expect("matrix");
    let mut g = c.benchmark_group("kmeans");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("scale_and_kmeans_10_runs_30k", |b| {
        b.iter(|| {
            let scaler = StandardScaler::fit(raw.view()).expect("scaler");
            let x = scaler.transform(raw.view()).expect("scaled");
            fit_kmeans(x.view(), &config.kmeans_params())
                .expect("k-means")
                .inertia
        })
    });
    g.finish();

    let mut no_sil = config.clone();
    no_sil.silhouette = SilhouetteMode::Skip;
    let fit = KMeansSegmenter::new(no_sil.check().expect("valid config"))
        .fit(&signals, Some(&labels))
        .expect("fit");
    let mut g = c.benchmark_group("silhouette");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("exact_30k", |b| {
        b.iter(|| silhouette_score(fit.scaled.view(), black_box(&fit.segments)).expect("sil"))
    });
    g.finish();

    let model = SegmentationModel::from_json(&fit.model.to_json().expect("json")).expect("load");
    let mut g = c.benchmark_group("assign");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(n));
    g.bench_function("saved_model_30k_clients", |b| {
        b.iter(|| model.assign(black_box(&signals)).expect("assign"))
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("saved_model_one_client", |b| {
        b.iter(|| model.assign(black_box(&signals[..1])).expect("assign"))
    });
    g.finish();
}

criterion_group!(segmentation_benches, benches);
criterion_main!(segmentation_benches);
