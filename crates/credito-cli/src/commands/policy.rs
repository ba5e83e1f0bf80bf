//! `credito policy`: print the shipped policies, or check a policy file.
//!
//! `credito policy show credit` prints the default credit policy (TOML, with
//! its comments and sources) so a bank can copy and edit it;
//! `credito policy check credit FILE` validates a file and prints the version
//! every result decided under it will carry. `collection` does the same for
//! the collection policy.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use collection_policy::{CollectionPolicy, PolicyTable, DEFAULT_POLICY_TOML};
use credit_pipeline::policy::CreditPolicy;

use super::CliError;

/// Which policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyKind {
    /// The credit policy: personas, products, factors, fuzzy rules, texts.
    Credit,
    /// The collection policy: objective, channel, tone and action per segment.
    Collection,
}

/// Arguments of `credito policy`.
#[derive(Debug, clap::Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub action: PolicyAction,
}

/// What to do with a policy.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyAction {
    /// Print a policy as TOML (the shipped one, or FILE after checking it).
    Show {
        /// Which policy.
        #[arg(value_enum)]
        kind: PolicyKind,
        /// A policy file to show instead of the shipped one.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Validate a policy file; print its version, or every problem with its key.
    Check {
        /// Which policy.
        #[arg(value_enum)]
        kind: PolicyKind,
        /// The file to check.
        file: PathBuf,
    },
}

/// Run the command.
pub fn run(args: PolicyArgs) -> Result<ExitCode, CliError> {
    let mut out = std::io::stdout().lock();
    match args.action {
        PolicyAction::Show { kind, file } => {
            let text = match (kind, file) {
                (PolicyKind::Credit, None) => CreditPolicy::shipped().source().to_string(),
                (PolicyKind::Credit, Some(path)) => CreditPolicy::load(path)?.source().to_string(),
                (PolicyKind::Collection, None) => DEFAULT_POLICY_TOML.to_string(),
                (PolicyKind::Collection, Some(path)) => {
                    PolicyTable::from_path(&path)?;
                    std::fs::read_to_string(&path)
                        .map_err(|e| CliError(format!("reading {}: {e}", path.display())))?
                }
            };
            out.write_all(text.as_bytes())?;
        }
        PolicyAction::Check { kind, file } => {
            let version = match kind {
                PolicyKind::Credit => CreditPolicy::load(&file)?.version().to_string(),
                PolicyKind::Collection => PolicyTable::from_path(&file)?.version().to_string(),
            };
            writeln!(out, "{}: valid, version {version}", file.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
