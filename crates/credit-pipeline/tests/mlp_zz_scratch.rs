//! scratch
use credit_pipeline::mlp::job::{DataSource, TrainingJob};
use credit_pipeline::mlp::train::TrainParams;
#[test]
#[ignore]
fn scratch_train() {
    let n: usize = std::env::var("N").unwrap().parse().unwrap();
    let e: usize = std::env::var("E").unwrap().parse().unwrap();
    let seed: u64 = std::env::var("SEED").unwrap_or("42".into()).parse().unwrap();
    let lr: f64 = std::env::var("LR").unwrap_or("0.001".into()).parse().unwrap();
    let bs: usize = std::env::var("BS").unwrap_or("64".into()).parse().unwrap();
    let mut job = TrainingJob::new(DataSource::Synthetic { samples: n, seed }, TrainParams::default().epochs(e).seed(seed).learning_rate(lr).batch_size(bs).check().unwrap());
    job.weights_out = std::env::var("OUT").unwrap().into();
    job.runs_dir = "/tmp/scratch_runs".into();
    let t = std::time::Instant::now();
    let r = job.run(&mut |ep| eprintln!("{:?} {:?}", ep, t.elapsed())).unwrap();
    eprintln!("{}", serde_json::to_string_pretty(&r.card).unwrap());
}
#[test]
#[ignore]
fn scratch_speed() {
    use credit_pipeline::mlp::*;
    let m = MlpApprovalModel::shipped().unwrap();
    let data = SyntheticGenerator::new(5).dataset(1000);
    let feats: Vec<ApprovalFeatures> = data.samples().iter().map(|s| s.features).collect();
    let n = 1_000_000;
    let t = std::time::Instant::now();
    let mut acc = 0.0;
    for i in 0..n { acc += m.predict(&feats[i % 1000]).unwrap().confidence; }
    eprintln!("dense predict: {:?}/call ({acc})", t.elapsed() / n as u32);
    let n = 20_000;
    let t = std::time::Instant::now();
    for i in 0..n { acc += m.probabilities_candle(&feats[i % 1000..i % 1000 + 1]).unwrap()[0][0] as f64; }
    eprintln!("candle single forward: {:?}/call ({acc})", t.elapsed() / n as u32);
}
