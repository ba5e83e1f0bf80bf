//! Newcombe's interval against statsmodels (`tools/newcombe_fixtures.py`).

use approx::assert_abs_diff_eq;
use collection_campaigns::uplift::{newcombe, wilson, z_for};
use serde_json::Value;

#[test]
fn newcombe_matches_statsmodels_on_every_fixture() {
    let fixtures: Value =
        serde_json::from_str(include_str!("fixtures/newcombe.json")).expect("fixture JSON");
    let cases = fixtures["cases"].as_array().expect("cases");
    assert!(cases.len() >= 50);
    let z = z_for(0.95).unwrap();
    for case in cases {
        let n = |k: &str| case[k].as_u64().unwrap();
        let f = |k: &str| case[k].as_f64().unwrap();
        let (x1, n1, x2, n2) = (n("x1"), n("n1"), n("x2"), n("n2"));
        let d = newcombe(x1, n1, x2, n2, 0.95).unwrap();
        assert_abs_diff_eq!(d.estimate, f("diff"), epsilon = 1e-12);
        assert_abs_diff_eq!(d.lower, f("lower"), epsilon = 1e-9);
        assert_abs_diff_eq!(d.upper, f("upper"), epsilon = 1e-9);
        let w = wilson(x1, n1, z).unwrap();
        assert_abs_diff_eq!(w.lower, f("wilson1_lower"), epsilon = 1e-9);
        assert_abs_diff_eq!(w.upper, f("wilson1_upper"), epsilon = 1e-9);
    }
}

#[test]
fn an_empty_group_has_no_interval() {
    assert!(newcombe(0, 0, 1, 10, 0.95).is_none());
    assert!(newcombe(1, 10, 0, 0, 0.95).is_none());
    assert!(newcombe(1, 10, 1, 10, 1.0).is_none());
}
