//! Every invalid configuration is refused by `check`, naming the parameter.

use segmentation::{FeatureSpec, SegmentationConfig, SegmentationError, SilhouetteMode, Transform};

fn refused_parameter(config: SegmentationConfig) -> (&'static str, String) {
    match config.check() {
        Err(SegmentationError::InvalidParameter { name, value, .. }) => (name, value),
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

#[test]
fn each_bad_field_is_named_with_its_value() {
    let base = SegmentationConfig::default;
    assert_eq!(
        refused_parameter(SegmentationConfig { k: 0, ..base() }),
        ("k", "0".to_string())
    );
    assert_eq!(
        refused_parameter(SegmentationConfig {
            n_runs: 0,
            ..base()
        })
        .0,
        "n_runs"
    );
    assert_eq!(
        refused_parameter(SegmentationConfig {
            max_n_iterations: 0,
            ..base()
        })
        .0,
        "max_n_iterations"
    );
    assert_eq!(
        refused_parameter(SegmentationConfig {
            tolerance: f64::NAN,
            ..base()
        }),
        ("tolerance", "NaN".to_string())
    );
    assert_eq!(
        refused_parameter(SegmentationConfig {
            features: vec![],
            ..base()
        })
        .0,
        "features"
    );
    let twice = vec![
        FeatureSpec::new("score_gravidade", Transform::Identity),
        FeatureSpec::new("score_gravidade", Transform::Log1p),
    ];
    assert_eq!(
        refused_parameter(SegmentationConfig {
            features: twice,
            ..base()
        }),
        ("features", "score_gravidade".to_string())
    );
    let tiny = SilhouetteMode::Sampled { size: 1, seed: 0 };
    assert_eq!(
        refused_parameter(SegmentationConfig {
            silhouette: tiny,
            ..base()
        })
        .0,
        "silhouette.size"
    );
}

#[test]
fn an_unknown_signal_is_refused_with_the_known_names() {
    let config = SegmentationConfig {
        features: vec![FeatureSpec::new("renda", Transform::Identity)],
        ..SegmentationConfig::default()
    };
    match config.check() {
        Err(SegmentationError::UnknownFeature { name, known }) => {
            assert_eq!(name, "renda");
            assert!(known.contains("score_gravidade"));
        }
        other => panic!("expected UnknownFeature, got {other:?}"),
    }
}

#[test]
fn the_presets_are_valid() {
    assert!(SegmentationConfig::default().check().is_ok());
    assert!(SegmentationConfig::seed().check().is_ok());
}
