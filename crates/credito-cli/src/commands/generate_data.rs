//! `credito generate-data`: write a seeded synthetic training set (SPEC §3.4) as JSONL.

use std::path::PathBuf;
use std::process::ExitCode;

use approval_training::SyntheticGenerator;

use super::CliError;

/// Arguments of `credito generate-data`.
#[derive(Debug, clap::Args)]
pub struct GenerateDataArgs {
    /// Number of samples to write.
    #[arg(long)]
    pub samples: usize,
    /// Generator seed (same seed, same file).
    #[arg(long)]
    pub seed: u64,
    /// Output JSONL file, one `{"features":[...],"label":0|1|2}` per line.
    #[arg(long)]
    pub out: PathBuf,
}

/// Run the command.
pub fn run(args: GenerateDataArgs) -> Result<ExitCode, CliError> {
    let data = SyntheticGenerator::new(args.seed).dataset(args.samples);
    data.write_jsonl_file(&args.out)?;
    let [approved, pending, rejected] = data.class_counts();
    eprintln!(
        "wrote {} samples to {} (approved {approved}, pending_review {pending}, rejected {rejected})",
        data.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
