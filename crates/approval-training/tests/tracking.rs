//! A training job writes weights, card and a complete local run folder.

use approval_training::model_card::{DataProvenance, ModelCard};
use approval_training::SyntheticGenerator;
use approval_training::TrainParams;
use approval_training::{DataSource, TrainingJob};
use credit_pipeline::mlp::{ApprovalFeatures, ApprovalModel, MlpApprovalModel};

#[test]
fn job_writes_weights_card_and_run_folder() {
    let dir = std::env::temp_dir().join(format!("credito-mlp-job-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data_path = dir.join("train.jsonl");
    std::fs::create_dir_all(&dir).unwrap();
    SyntheticGenerator::new(12)
        .dataset(2000)
        .write_jsonl_file(&data_path)
        .unwrap();

    let mut job = TrainingJob::new(
        DataSource::File(data_path),
        TrainParams::default().epochs(4).seed(3).check().unwrap(),
    );
    job.weights_out = Some(dir.join("out/model.safetensors"));
    job.runs_dir = dir.join("runs");
    job.fresh_check_samples = 1000;
    let mut epochs = Vec::new();
    let report = job.run(&mut |e| epochs.push(e.epoch)).unwrap();
    assert_eq!(epochs, [1, 2, 3, 4]);

    // Weights and card.
    let model = MlpApprovalModel::load(&report.weights_path).unwrap();
    assert_eq!(model.version(), report.card.version);
    assert_eq!(report.card_path, dir.join("out/model.card.json"));
    let card = ModelCard::load(&report.card_path).unwrap();
    assert_eq!(card, report.card);
    assert_eq!((card.seed, card.epochs, card.data.samples), (3, 4, 2000));
    assert_eq!(
        card.data.source,
        DataProvenance::File {
            file_name: "train.jsonl".into()
        }
    );
    assert_eq!(card.data.holdout_samples, 400);
    assert_eq!(card.metrics.holdout.confusion_matrix.total(), 400);
    assert_eq!(
        card.metrics
            .fresh_rule_agreement
            .as_ref()
            .unwrap()
            .evaluation
            .samples,
        1000
    );
    assert!(model.predict(&ApprovalFeatures([0.5; 10])).is_ok());

    // Run folder.
    let run = &report.run_dir;
    assert_eq!(run, &dir.join("runs").join(&report.run_id));
    let params: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("params.json")).unwrap()).unwrap();
    assert_eq!(params["epochs"], "4");
    assert_eq!(params["seed"], "3");
    assert_eq!(params["learning_rate"], "0.001");
    assert_eq!(params["weight_decay"], "0.0001");
    assert_eq!(params["batch_size"], "64");
    assert_eq!(params["data_file"], "train.jsonl");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(run.join("metrics.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["epoch"], i + 1);
        assert_eq!(line["train_loss"], report.outcome.history[i].train_loss);
    }
    let metrics: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(metrics["holdout_accuracy"], report.outcome.holdout.accuracy);
    assert!(metrics["fresh_rule_agreement"].is_f64());
    assert_eq!(
        std::fs::read(run.join("model.safetensors")).unwrap(),
        std::fs::read(&report.weights_path).unwrap()
    );
    assert!(run.join("model.card.json").exists());
    let status = std::fs::read_to_string(run.join("status.json")).unwrap();
    assert!(status.contains("finished"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_data_file_fails_before_any_run_folder() {
    let dir = std::env::temp_dir().join(format!("credito-mlp-badjob-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data_path = dir.join("bad.jsonl");
    std::fs::write(
        &data_path,
        "{\"features\":[0,0,0,0,0,0,0,0,0,0],\"label\":1}\nnope\n",
    )
    .unwrap();
    let mut job = TrainingJob::new(
        DataSource::File(data_path),
        TrainParams::default().check().unwrap(),
    );
    job.runs_dir = dir.join("runs");
    job.weights_out = Some(dir.join("m.safetensors"));
    let err = job.run(&mut |_| {}).unwrap_err();
    assert!(err.to_string().starts_with("data line 2:"), "{err}");
    assert!(!dir.join("runs").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
