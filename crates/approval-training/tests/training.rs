//! Training: determinism, parameter checks, and the optimiser's torch-style L2 Adam.

use approval_training::optimizer::{AdamConfig, L2Adam};
use approval_training::SyntheticGenerator;
use approval_training::TrainParams;
use approval_training::TrainingError;
use candle_core::{Device, Tensor, Var};

fn short_training(seed: u64) -> Vec<u8> {
    let data = SyntheticGenerator::new(9).dataset(3000);
    let params = TrainParams::default().epochs(3).seed(seed).check().unwrap();
    let outcome = params.fit(&data, &mut |_| Ok(())).unwrap();
    outcome.model.to_bytes().unwrap()
}

#[test]
fn same_seed_gives_identical_weight_bytes() {
    let a = short_training(5);
    let b = short_training(5);
    assert_eq!(a, b);
    assert_ne!(a, short_training(6));
}

#[test]
fn training_learns_and_reports_every_epoch() {
    let data = SyntheticGenerator::new(21).dataset(20_000);
    let params = TrainParams::default().epochs(30).check().unwrap();
    let mut seen = Vec::new();
    let outcome = params
        .fit(&data, &mut |r| {
            seen.push(r.epoch);
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, (1..=30).collect::<Vec<_>>());
    assert_eq!(outcome.history.len(), 30);
    assert_eq!(outcome.train_samples, 16_000);
    assert_eq!(outcome.holdout.samples, 4000);
    assert_eq!(outcome.holdout.confusion_matrix.total(), 4000);
    let first = outcome.history[0].train_loss;
    let last = outcome.history[29].train_loss;
    assert!(last < first * 0.6, "loss {first} -> {last}");
    // The majority class (rejected) alone is ~79 %; the model must do clearly better.
    assert!(
        outcome.holdout.accuracy > 0.88,
        "{}",
        outcome.holdout.accuracy
    );
}

#[test]
fn an_epoch_callback_error_stops_training() {
    let data = SyntheticGenerator::new(1).dataset(500);
    let params = TrainParams::default().epochs(10).check().unwrap();
    let mut calls = 0;
    let err = params
        .fit(&data, &mut |_| {
            calls += 1;
            Err(TrainingError::Diverged { epoch: 99 })
        })
        .unwrap_err();
    assert_eq!(calls, 1);
    assert!(matches!(err, TrainingError::Diverged { epoch: 99 }));
}

#[test]
fn parameter_checks_name_the_field() {
    let field = |p: TrainParams| match p.check() {
        Err(TrainingError::InvalidParam { field, .. }) => field,
        other => panic!("expected InvalidParam, got {other:?}"),
    };
    assert_eq!(field(TrainParams::default().epochs(0)), "epochs");
    assert_eq!(field(TrainParams::default().batch_size(0)), "batch_size");
    assert_eq!(
        field(TrainParams::default().learning_rate(0.0)),
        "learning_rate"
    );
    assert_eq!(
        field(TrainParams::default().learning_rate(f64::NAN)),
        "learning_rate"
    );
    assert_eq!(
        field(TrainParams::default().weight_decay(-1e-4)),
        "weight_decay"
    );
    assert_eq!(
        field(TrainParams::default().holdout_fraction(1.0)),
        "holdout_fraction"
    );
    assert_eq!(field(TrainParams::default().betas(1.0, 0.999)), "beta1");
    assert_eq!(field(TrainParams::default().betas(0.9, -0.1)), "beta2");
    assert_eq!(field(TrainParams::default().eps(0.0)), "eps");
    let ok = TrainParams::default().check().unwrap();
    assert_eq!((ok.epochs(), ok.batch_size(), ok.seed()), (30, 64, 42));
    assert_eq!(ok.adam(), AdamConfig::default());
}

#[test]
fn too_little_data_is_an_error() {
    let data = SyntheticGenerator::new(1).dataset(2);
    let params = TrainParams::default()
        .holdout_fraction(0.1)
        .check()
        .unwrap();
    assert!(matches!(
        params.fit(&data, &mut |_| Ok(())),
        Err(TrainingError::NotEnoughData { samples: 2, .. })
    ));
}

/// torch.optim.Adam(weight_decay=wd) on f(x) = sum(c * x^2), in f64.
fn reference_adam(x0: &[f64], c: &[f64], cfg: AdamConfig, steps: usize) -> Vec<f64> {
    let mut x = x0.to_vec();
    let mut m = vec![0.0; x.len()];
    let mut v = vec![0.0; x.len()];
    for t in 1..=steps {
        for i in 0..x.len() {
            let g = 2.0 * c[i] * x[i] + cfg.weight_decay * x[i];
            m[i] = cfg.beta1 * m[i] + (1.0 - cfg.beta1) * g;
            v[i] = cfg.beta2 * v[i] + (1.0 - cfg.beta2) * g * g;
            let m_hat = m[i] / (1.0 - cfg.beta1.powi(t as i32));
            let v_hat = v[i] / (1.0 - cfg.beta2.powi(t as i32));
            x[i] -= cfg.learning_rate * m_hat / (v_hat.sqrt() + cfg.eps);
        }
    }
    x
}

#[test]
fn optimiser_matches_torch_adam_with_l2_decay() {
    let x0 = [1.5f64, -0.7, 0.02, 3.0];
    let c = [1.0f64, 0.5, 2.0, 0.1];
    // A large decay makes coupled (L2) and decoupled (AdamW) decay clearly differ.
    let cfg = AdamConfig {
        learning_rate: 0.05,
        weight_decay: 0.5,
        ..AdamConfig::default()
    };
    let device = Device::Cpu;
    let var = Var::from_vec(x0.map(|v| v as f32).to_vec(), 4, &device).unwrap();
    let coef = Tensor::from_vec(c.map(|v| v as f32).to_vec(), 4, &device).unwrap();
    let mut opt = L2Adam::new(vec![var.clone()], cfg).unwrap();
    for _ in 0..20 {
        let loss = (var.as_tensor().sqr().unwrap() * &coef)
            .unwrap()
            .sum_all()
            .unwrap();
        opt.step(&loss.backward().unwrap()).unwrap();
    }
    let got = var.as_tensor().to_vec1::<f32>().unwrap();
    let want = reference_adam(&x0, &c, cfg, 20);
    for (g, w) in got.iter().zip(&want) {
        assert!((f64::from(*g) - w).abs() < 1e-5, "{got:?} vs {want:?}");
    }
    // And differs from decoupled decay (AdamW: x -= lr * wd * x, gradient undecayed).
    let mut x = x0.to_vec();
    let (mut m, mut v) = (vec![0.0; 4], vec![0.0; 4]);
    for t in 1..=20 {
        for i in 0..4 {
            let g = 2.0 * c[i] * x[i];
            x[i] -= cfg.learning_rate * cfg.weight_decay * x[i];
            m[i] = cfg.beta1 * m[i] + (1.0 - cfg.beta1) * g;
            v[i] = cfg.beta2 * v[i] + (1.0 - cfg.beta2) * g * g;
            let m_hat = m[i] / (1.0 - cfg.beta1.powi(t));
            let v_hat = v[i] / (1.0 - cfg.beta2.powi(t));
            x[i] -= cfg.learning_rate * m_hat / (v_hat.sqrt() + cfg.eps);
        }
    }
    assert!(
        got.iter()
            .zip(&x)
            .any(|(g, w)| (f64::from(*g) - w).abs() > 1e-2),
        "{got:?} vs AdamW {x:?}"
    );
}
