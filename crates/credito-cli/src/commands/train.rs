//! `credito train` (to be written).

use std::process::ExitCode;

use super::CliError;

/// Arguments of `credito train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {}

/// Run the command.
pub fn run(_args: TrainArgs) -> Result<ExitCode, CliError> {
    Err(CliError("not implemented yet".into()))
}
