//! The inference model alone: the shipped file round-trips byte for byte through
//! the plain-array weights, and bad files are clear errors.

use credit_pipeline::mlp::{
    ApprovalFeatures, ApprovalModel, DenseWeights, MlpApprovalModel, MlpError,
};

#[test]
fn shipped_file_round_trips_byte_for_byte() {
    let model = MlpApprovalModel::shipped().unwrap();
    assert_eq!(model.to_bytes().unwrap(), MlpApprovalModel::shipped_bytes());
    assert_eq!(model.version(), model.dense().version());
    let on_disk =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/approval_mlp.safetensors");
    assert_eq!(MlpApprovalModel::load(on_disk).unwrap(), model);
}

#[test]
fn weights_with_a_wrong_shape_are_refused() {
    let model = MlpApprovalModel::shipped().unwrap();
    let mut params = model.dense().parameters().to_vec();
    params[1].pop();
    let err = DenseWeights::from_parameters(&params).unwrap_err();
    assert!(err.to_string().contains("fc1.bias"), "{err}");
    params[1].push(f32::NAN);
    let err = DenseWeights::from_parameters(&params).unwrap_err();
    assert!(err.to_string().contains("non-finite"), "{err}");
}

#[test]
fn files_that_are_not_models_are_clear_errors() {
    let dir = std::env::temp_dir().join(format!("credito-mlp-inference-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.safetensors");
    std::fs::write(&path, b"not safetensors").unwrap();
    match MlpApprovalModel::load(&path) {
        Err(MlpError::BadWeights(m)) => assert!(m.contains("bad.safetensors"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        MlpApprovalModel::load(dir.join("missing.safetensors")),
        Err(MlpError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_shared_model_is_a_model() {
    let shared = std::sync::Arc::new(MlpApprovalModel::shipped().unwrap());
    let p = shared.predict(&ApprovalFeatures([0.5; 10])).unwrap();
    assert_eq!(p.model_version, shared.version());
}
