//! `credito segment` (to be written).

use std::process::ExitCode;

use super::CliError;

/// Arguments of `credito segment`.
#[derive(Debug, clap::Args)]
pub struct SegmentArgs {}

/// Run the command.
pub fn run(_args: SegmentArgs) -> Result<ExitCode, CliError> {
    Err(CliError("not implemented yet".into()))
}
