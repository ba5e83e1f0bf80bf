//! The shipped default model: rule agreement, card, the hand-written forward pass
//! of `credit-pipeline` against candle's, save/load.

use approval_training::metrics::evaluate;
use approval_training::{ApprovalNet, ModelCard, SyntheticGenerator};
use credit_pipeline::mlp::{
    ApprovalFeatures, ApprovalModel, Decision, MlpApprovalModel, MlpError, NUM_FEATURES,
};
use credit_pipeline::{Stage, StageError};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};

/// Not the training seed (42) nor its fresh-check seed.
const FRESH_SEED: u64 = 20_251_123;

fn repo_models() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../credit-pipeline/models")
}

#[test]
fn shipped_model_agrees_with_the_rules_on_20000_fresh_samples() {
    let model = MlpApprovalModel::shipped().unwrap();
    let fresh = SyntheticGenerator::new(FRESH_SEED).dataset(20_000);
    let eval = evaluate(&model, &fresh).unwrap();
    println!(
        "agreement {:.4}\n{}",
        eval.accuracy,
        eval.confusion_matrix.to_table()
    );
    assert_eq!(eval.samples, 20_000);
    assert!(eval.accuracy >= 0.98, "agreement {}", eval.accuracy);
}

#[test]
fn shipped_card_describes_the_shipped_weights() {
    let model = MlpApprovalModel::shipped().unwrap();
    let card = ModelCard::load(&repo_models().join("approval_mlp.card.json")).unwrap();
    assert_eq!(card.version, model.version());
    assert!(model.version().starts_with("approval-mlp-"));
    assert_eq!(card.features.len(), NUM_FEATURES);
    assert_eq!(card.classes, ["approved", "pending_review", "rejected"]);
    assert_eq!(
        card.data.train_samples + card.data.holdout_samples,
        card.data.samples
    );
    let fresh = card
        .metrics
        .fresh_rule_agreement
        .expect("shipped card has the fresh check");
    assert!(fresh.evaluation.accuracy >= 0.98);
    // The file on disk is what is embedded.
    let on_disk = MlpApprovalModel::load(repo_models().join("approval_mlp.safetensors")).unwrap();
    assert_eq!(on_disk.to_bytes().unwrap(), model.to_bytes().unwrap());
}

#[test]
fn predictions_are_consistent() {
    let model = MlpApprovalModel::shipped().unwrap();
    for s in SyntheticGenerator::new(8).dataset(500).samples() {
        let p = model.predict(&s.features).unwrap();
        let probs = [
            p.probabilities.approved,
            p.probabilities.pending_review,
            p.probabilities.rejected,
        ];
        assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-5);
        let best = probs.iter().copied().fold(f64::MIN, f64::max);
        assert_eq!(p.confidence, best);
        assert_eq!(probs[p.decision.index()], best);
        assert_eq!(p.model_version, model.version());
    }
    // Clear-cut applicants.
    let reject = ApprovalFeatures([0.5, 0.3, 0.7, 0.9, 1.0, 1.0, 0.5, 0.5, 0.9, 0.5]);
    assert_eq!(model.predict(&reject).unwrap().decision, Decision::Rejected);
    let review = ApprovalFeatures([0.5, 0.8, 0.7, 0.2, 0.0, 1.0, 0.1, 0.2, 0.2, 0.5]);
    assert_eq!(
        model.predict(&review).unwrap().decision,
        Decision::PendingReview
    );
}

#[test]
fn non_finite_features_are_refused() {
    let model = MlpApprovalModel::shipped().unwrap();
    let mut f = ApprovalFeatures([0.5; NUM_FEATURES]);
    f.0[3] = f32::NAN;
    assert!(matches!(
        model.predict(&f),
        Err(StageError::NonFiniteInput { stage: Stage::Approval, ref input, .. })
            if input == "debt_to_income_ratio"
    ));
    assert!(matches!(
        model.probabilities(&f),
        Err(MlpError::NonFiniteFeature { index: 3, .. })
    ));
}

#[test]
fn hand_written_forward_equals_candle_forward() {
    let model = MlpApprovalModel::shipped().unwrap();
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
    let mut inputs: Vec<ApprovalFeatures> = SyntheticGenerator::new(31)
        .dataset(5000)
        .samples()
        .iter()
        .map(|s| s.features)
        .collect();
    // Also anywhere in (and a little beyond) the unit cube the features live in.
    inputs.extend(
        (0..5000)
            .map(|_| ApprovalFeatures([(); NUM_FEATURES].map(|_| rng.gen_range(-0.5f32..1.5)))),
    );
    let net = ApprovalNet::from_dense(model.dense()).unwrap();
    let candle = net.probabilities_batch(&inputs).unwrap();
    for (x, c) in inputs.iter().zip(&candle) {
        let d = model.probabilities(x).unwrap();
        for k in 0..3 {
            assert!((d[k] - c[k]).abs() <= 1e-6, "{x:?}: {d:?} vs {c:?}");
        }
    }
}

/// Rows of realistic inputs used to embed proptest's rows in a full-size batch.
fn padding(n: usize) -> Vec<ApprovalFeatures> {
    SyntheticGenerator::new(4)
        .dataset(n)
        .samples()
        .iter()
        .map(|s| s.features)
        .collect()
}

proptest! {
    // The reference is candle's forward on a 256-row batch, the kernel path used in
    // training. candle's small-batch paths round differently: measured up to ~2.5e-6
    // away from its own large-batch result, so they are not a 1e-6 reference.
    #[test]
    fn forward_paths_agree_on_any_input(
        xs in proptest::collection::vec(proptest::array::uniform10(-0.5f32..1.5), 1..64)
    ) {
        let model = MlpApprovalModel::shipped().unwrap();
        let mut batch: Vec<ApprovalFeatures> = xs.into_iter().map(ApprovalFeatures).collect();
        let generated = batch.len();
        batch.extend(padding(256 - generated));
        let net = ApprovalNet::from_dense(model.dense()).unwrap();
        let candle = net.probabilities_batch(&batch).unwrap();
        for (f, c) in batch.iter().zip(&candle) {
            let d = model.probabilities(f).unwrap();
            for k in 0..3 {
                prop_assert!((d[k] - c[k]).abs() <= 1e-6, "{:?} vs {:?}", d, c);
            }
        }
    }
}

#[test]
fn save_load_round_trip() {
    let dir = std::env::temp_dir().join(format!("credito-mlp-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("copy.safetensors");
    let model = MlpApprovalModel::shipped().unwrap();
    approval_training::write_atomic(&path, &model.to_bytes().unwrap()).unwrap();
    let back = MlpApprovalModel::load(&path).unwrap();
    assert_eq!(back.version(), model.version());
    assert_eq!(back.to_bytes().unwrap(), model.to_bytes().unwrap());
    let f = ApprovalFeatures([0.4; NUM_FEATURES]);
    assert_eq!(back.predict(&f).unwrap(), model.predict(&f).unwrap());

    std::fs::write(&path, b"not safetensors").unwrap();
    assert!(matches!(
        MlpApprovalModel::load(&path),
        Err(MlpError::BadWeights(_))
    ));
    assert!(matches!(
        MlpApprovalModel::load(dir.join("missing.safetensors")),
        Err(MlpError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn model_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MlpApprovalModel>();
    let shared: std::sync::Arc<dyn ApprovalModel> =
        std::sync::Arc::new(MlpApprovalModel::shipped().unwrap());
    let handle = std::thread::spawn(move || shared.predict(&ApprovalFeatures([0.5; 10])).is_ok());
    assert!(handle.join().unwrap());
}

#[test]
fn candle_network_round_trips_the_shipped_weights() {
    let model = MlpApprovalModel::shipped().unwrap();
    let net = ApprovalNet::from_dense(model.dense()).unwrap();
    let back = MlpApprovalModel::from_dense(net.to_dense().unwrap());
    assert_eq!(back.version(), model.version());
    assert_eq!(back.to_bytes().unwrap(), MlpApprovalModel::shipped_bytes());
}
