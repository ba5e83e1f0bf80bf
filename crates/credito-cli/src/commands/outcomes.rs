//! `credito outcomes import`: contact outcomes (a CSV in the ledger's columns) into the
//! store's contact ledger, where the planner and the campaign reports read them. The file is
//! checked whole first (an unknown outcome or a date that does not parse names its file,
//! line, column and value, and nothing is stored); the same attempt imported twice is kept
//! once; clients the campaign does not know are stored and listed.

use std::path::PathBuf;
use std::process::ExitCode;

use contact_planner::input::Ledger;
use credito_collections::campaign::import_outcomes;
use decision_store::{SqlStore, StoreLocation};

use super::CliError;

/// Arguments of `credito outcomes`.
#[derive(Debug, clap::Args)]
pub struct OutcomesArgs {
    #[command(subcommand)]
    pub command: OutcomesCommand,
}

/// The outcomes subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum OutcomesCommand {
    /// Import an outcome file into the store's ledger.
    Import(ImportArgs),
}

/// Arguments of `credito outcomes import`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Outcomes (CSV): client_id, channel (phone|whatsapp|sms|email), at (RFC 3339), outcome
(no_answer|conversation|promise|paid|refused|opt_out), promised_date (YYYY-MM-DD, for a
promise), amount (paid or promised).

Example:
  credito outcomes import --store sqlite://credito.db --file outcomes.csv --campaign dez-2026")]
pub struct ImportArgs {
    /// The store: `sqlite://PATH` or `postgres://...`.
    #[arg(long, default_value = "sqlite://credito.db")]
    pub store: String,
    /// The outcome file.
    #[arg(long)]
    pub file: PathBuf,
    /// The campaign the outcomes answer (its members are the known clients); default: any.
    #[arg(long)]
    pub campaign: Option<String>,
}

/// Run the command.
pub fn run(args: OutcomesArgs) -> Result<ExitCode, CliError> {
    let OutcomesCommand::Import(args) = args.command;
    let ledger = Ledger::read_path(&args.file)?;
    let source = format!(
        "import:{}",
        args.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let done = runtime.block_on(async {
        let store = SqlStore::open(&StoreLocation::parse(&args.store)?).await?;
        Ok::<_, CliError>(
            import_outcomes(&store, args.campaign.as_deref(), &ledger, &source).await?,
        )
    })?;
    eprintln!(
        "outcomes: {} row(s) read from {}, {} stored, {} already in the ledger",
        done.rows,
        args.file.display(),
        done.stored,
        done.duplicates
    );
    if !done.unknown_clients.is_empty() {
        let shown: Vec<&str> = done
            .unknown_clients
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        eprintln!(
            "warning: {} client(s) are not in {} (stored in the ledger, not counted in its report): {}{}",
            done.unknown_clients.len(),
            args.campaign
                .as_deref()
                .map_or("any campaign".to_string(), |c| format!("campaign {c:?}")),
            shown.join(", "),
            if done.unknown_clients.len() > 10 { ", …" } else { "" }
        );
    }
    println!("{}", serde_json::to_string(&done)?);
    Ok(ExitCode::SUCCESS)
}
