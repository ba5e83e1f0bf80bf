//! One module per `credito` subcommand. Each exposes `XxxArgs` (clap) and
//! `run(args) -> Result<ExitCode, CliError>`.

pub mod analyze;
pub mod campaign;
mod collections_setup;
mod csv_text;
pub mod decisions;
pub mod generate_data;
mod html;
mod jsonl;
pub mod message;
pub mod outcomes;
mod output;
pub mod plan;
pub mod policy;
mod progress;
pub mod replay;
pub mod segment;
pub mod serve;
pub mod train;

/// An error that ends a command; printed as `error: ...` with exit status 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(err: E) -> Self {
        CliError(err.to_string())
    }
}
