//! `credito serve` (to be written).

use std::process::ExitCode;

use super::CliError;

/// Arguments of `credito serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

/// Run the command.
pub fn run(_args: ServeArgs) -> Result<ExitCode, CliError> {
    Err(CliError("not implemented yet".into()))
}
