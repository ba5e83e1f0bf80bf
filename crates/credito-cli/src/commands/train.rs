//! `credito train`: train the approval MLP, save safetensors weights and a model card,
//! record the run (local folder always; MLflow when `MLFLOW_TRACKING_URI` is set).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use approval_training::TrainParams;
use approval_training::{DataSource, TrainingJob, FRESH_CHECK_SAMPLES};
use experiment_tracking::MlflowConfig;

use super::CliError;

/// Arguments of `credito train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Train on this JSONL file (every line is read) instead of generated data.
    #[arg(long, conflicts_with = "samples")]
    pub data: Option<PathBuf>,
    /// Number of synthetic samples to generate when no --data is given.
    #[arg(long, default_value_t = 20_000)]
    pub samples: usize,
    /// Passes over the training data.
    #[arg(long, default_value_t = 30)]
    pub epochs: usize,
    /// Seed of the generated data, the split, the initial weights and the shuffles.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Weights file to write (the card goes next to it as NAME.card.json);
    /// default: approval_mlp.safetensors in the run folder (runs/<run-id>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file (and its card).
    #[arg(long)]
    pub force: bool,
    /// Folder that receives one run folder per training.
    #[arg(long, default_value = "runs")]
    pub runs_dir: PathBuf,
    /// Samples per gradient step.
    #[arg(long, default_value_t = 64)]
    pub batch_size: usize,
    /// Adam learning rate.
    #[arg(long, default_value_t = 1e-3)]
    pub learning_rate: f64,
    /// L2 weight decay (added to the gradient, as torch.optim.Adam).
    #[arg(long, default_value_t = 1e-4)]
    pub weight_decay: f64,
    /// Fraction of the data held out for evaluation.
    #[arg(long, default_value_t = 0.2)]
    pub holdout_fraction: f64,
    /// Fresh synthetic samples (another seed) to check agreement with the rules on; 0 skips.
    #[arg(long, default_value_t = FRESH_CHECK_SAMPLES)]
    pub fresh_check: usize,
}

/// Run the command.
pub fn run(args: TrainArgs) -> Result<ExitCode, CliError> {
    let params = TrainParams::default()
        .seed(args.seed)
        .epochs(args.epochs)
        .batch_size(args.batch_size)
        .learning_rate(args.learning_rate)
        .weight_decay(args.weight_decay)
        .holdout_fraction(args.holdout_fraction)
        .check()?;
    let data = match args.data {
        Some(path) => DataSource::File(path),
        None => DataSource::Synthetic {
            samples: args.samples,
            seed: args.seed,
        },
    };
    let mut job = TrainingJob::new(data, params);
    job.weights_out = args.out;
    job.overwrite = args.force;
    job.runs_dir = args.runs_dir;
    job.fresh_check_samples = args.fresh_check;
    job.mlflow = MlflowConfig::from_env();
    if let Some(config) = &job.mlflow {
        eprintln!(
            "logging to MLflow at {} (experiment {})",
            config.tracking_uri, config.experiment_name
        );
    }

    let progress = std::io::stderr().is_terminal();
    let total = job.params.epochs();
    let report = job.run(&mut |epoch| {
        if progress {
            eprintln!(
                "epoch {:>3}/{total}  loss {:.5}  held-out accuracy {:.4}",
                epoch.epoch, epoch.train_loss, epoch.holdout_accuracy
            );
        }
    })?;

    let holdout = &report.outcome.holdout;
    println!("model version: {}", report.card.version);
    println!(
        "held-out accuracy: {:.4} ({} samples)",
        holdout.accuracy, holdout.samples
    );
    println!("confusion matrix (rows = truth, columns = prediction):");
    print!("{}", holdout.confusion_matrix.to_table());
    if let Some(fresh) = &report.card.metrics.fresh_rule_agreement {
        println!(
            "agreement with the labelling rules on {} fresh samples (seed {}): {:.4}",
            fresh.evaluation.samples, fresh.seed, fresh.evaluation.accuracy
        );
    }
    let warnings = &report.card.metrics.warnings;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    if !warnings.is_empty() {
        eprintln!("warning: do not use this model for decisions: train longer or on more data");
    }
    println!("weights: {}", report.weights_path.display());
    println!("model card: {}", report.card_path.display());
    println!("run folder: {}", report.run_dir.display());
    if let Some(id) = &report.mlflow_run_id {
        println!("mlflow run: {id}");
    }
    Ok(ExitCode::SUCCESS)
}
