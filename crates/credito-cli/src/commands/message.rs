//! `credito message` (to be written).

use std::process::ExitCode;

use super::CliError;

/// Arguments of `credito message`.
#[derive(Debug, clap::Args)]
pub struct MessageArgs {}

/// Run the command.
pub fn run(_args: MessageArgs) -> Result<ExitCode, CliError> {
    Err(CliError("not implemented yet".into()))
}
