//! `credito generate-data` (to be written).

use std::process::ExitCode;

use super::CliError;

/// Arguments of `credito generate-data`.
#[derive(Debug, clap::Args)]
pub struct GenerateDataArgs {}

/// Run the command.
pub fn run(_args: GenerateDataArgs) -> Result<ExitCode, CliError> {
    Err(CliError("not implemented yet".into()))
}
