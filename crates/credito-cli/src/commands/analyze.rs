//! `credito analyze` (to be written).

use std::process::ExitCode;

use super::CliError;

/// Arguments of `credito analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {}

/// Run the command.
pub fn run(_args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    Err(CliError("not implemented yet".into()))
}
