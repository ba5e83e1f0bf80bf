//! The scaler and the silhouette agree with scikit-learn (fixtures written by
//! `tools/sklearn_fixtures.py`) to 1e-9, including a singleton cluster.

use approx::assert_abs_diff_eq;
use ndarray::Array2;
use segmentation::{silhouette_score, StandardScaler};
use serde_json::Value;

fn fixtures() -> Value {
    let text = include_str!("fixtures/sklearn.json");
    serde_json::from_str(text).expect("fixture JSON")
}

fn matrix(v: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).expect("matrix");
    let d = rows[0].len();
    Array2::from_shape_vec((rows.len(), d), rows.concat()).expect("shape")
}

#[test]
fn scaler_matches_sklearn() {
    let f = fixtures();
    let x = matrix(&f["scaler"]["x"]);
    let s = StandardScaler::fit(x.view()).unwrap();
    let mean: Vec<f64> = serde_json::from_value(f["scaler"]["mean"].clone()).unwrap();
    let scale: Vec<f64> = serde_json::from_value(f["scaler"]["scale"].clone()).unwrap();
    for j in 0..mean.len() {
        assert_abs_diff_eq!(s.mean[j], mean[j], epsilon = 1e-9 * mean[j].abs().max(1.0));
        assert_abs_diff_eq!(
            s.scale[j],
            scale[j],
            epsilon = 1e-9 * scale[j].abs().max(1.0)
        );
    }
    assert_eq!(s.scale[2], 1.0, "constant column keeps scale 1");
    let want = matrix(&f["scaler"]["transformed"]);
    let got = s.transform(x.view()).unwrap();
    for (a, b) in got.iter().zip(want.iter()) {
        assert_abs_diff_eq!(a, b, epsilon = 1e-9);
    }
}

#[test]
fn silhouette_matches_sklearn() {
    let f = fixtures();
    let cases = f["silhouette"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let x = matrix(&case["x"]);
        let labels: Vec<usize> = serde_json::from_value(case["labels"].clone()).unwrap();
        let want = case["silhouette"].as_f64().unwrap();
        let got = silhouette_score(x.view(), &labels).unwrap();
        assert_abs_diff_eq!(got, want, epsilon = 1e-9);
    }
}

#[test]
fn silhouette_rejects_a_single_cluster() {
    let x = Array2::zeros((5, 2));
    assert!(silhouette_score(x.view(), &[1, 1, 1, 1, 1]).is_err());
}
