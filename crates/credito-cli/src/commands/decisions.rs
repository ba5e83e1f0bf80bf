//! `credito decisions export`: every stored decision, oldest first, as JSON lines (the whole
//! record with its events) or CSV (one flat row per decision, for a spreadsheet or an audit).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use atomic_file::Overwrite;
use decision_store::{DecisionQuery, DecisionRecord, DecisionStore, SqlStore, StoreLocation};

use super::csv_text::csv_field;
use super::output::Output;
use super::CliError;

/// Arguments of `credito decisions`.
#[derive(Debug, clap::Args)]
pub struct DecisionsArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: DecisionsAction,
}

/// Subcommands of `credito decisions`.
#[derive(Debug, clap::Subcommand)]
pub enum DecisionsAction {
    /// Write every stored decision, oldest first.
    Export(ExportArgs),
}

/// Output formats of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON record per line: request, result, versions and every event.
    Jsonl,
    /// One row per decision: ids, status, review, versions, amounts.
    Csv,
}

/// Arguments of `credito decisions export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The store: `sqlite://PATH` or `postgres://...`.
    #[arg(long, value_name = "URL")]
    pub store: String,
    /// Only decisions received at or after this RFC 3339 instant.
    #[arg(long, value_name = "RFC3339")]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Where to write, or `-` for standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
}

/// Run the command.
pub fn run(args: DecisionsArgs) -> Result<ExitCode, CliError> {
    match args.action {
        DecisionsAction::Export(args) => export(args),
    }
}

/// Every decision of `store` received at or after `since`, page by page.
pub async fn each_decision(
    store: &dyn DecisionStore,
    since: Option<String>,
    mut visit: impl FnMut(DecisionRecord) -> Result<(), CliError>,
) -> Result<usize, CliError> {
    let mut cursor = None;
    let mut count = 0;
    loop {
        let page = store
            .decisions(DecisionQuery {
                since: since.clone(),
                limit: decision_store::MAX_PAGE,
                cursor,
                ..Default::default()
            })
            .await?;
        for record in page.items {
            count += 1;
            visit(record)?;
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(count),
        }
    }
}

fn export(args: ExportArgs) -> Result<ExitCode, CliError> {
    let since = match &args.since {
        Some(text) => Some(
            chrono::DateTime::parse_from_rfc3339(text)
                .map_err(|e| CliError(format!("--since {text:?}: an RFC 3339 instant ({e})")))?
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ),
        None => None,
    };
    let location = StoreLocation::parse(&args.store)?;
    let mut out = Output::open(&args.output, &[], Overwrite::Allow)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let count = runtime.block_on(async {
        let store = SqlStore::open(&location).await?;
        if args.format == ExportFormat::Csv {
            writeln!(out, "{CSV_HEADER}")?;
        }
        each_decision(&store, since, |record| {
            match args.format {
                ExportFormat::Jsonl => {
                    serde_json::to_writer(&mut out, &record)?;
                    writeln!(out)?;
                }
                ExportFormat::Csv => writeln!(out, "{}", csv_row(&record))?,
            }
            Ok(())
        })
        .await
    })?;
    out.finish()?;
    eprintln!("credito: exported {count} decision(s) from {location}");
    Ok(ExitCode::SUCCESS)
}

const CSV_HEADER: &str = "request_id,received_at,customer_id,status,review_state,final_status,\
reviewed_by,reviewed_at,product_type,requested_amount,offer_amount,policy_version,model_version,\
program_version";

fn csv_row(r: &DecisionRecord) -> String {
    let review = r.events.iter().find(|e| e.kind == "reviewed");
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let cells = [
        r.request_id.clone(),
        r.received_at.clone(),
        r.customer_id.clone(),
        r.status.clone(),
        r.review_state
            .map(|s| match s {
                decision_store::ReviewState::Open => "open",
                decision_store::ReviewState::Resolved => "resolved",
            })
            .unwrap_or("")
            .to_string(),
        r.final_status.clone().unwrap_or_default(),
        review.map(|e| e.actor.clone()).unwrap_or_default(),
        review.map(|e| e.at.clone()).unwrap_or_default(),
        text(&r.request["product_type"]),
        text(&r.request["requested_amount"]),
        text(&r.result["offer"]["amount"]),
        r.policy_version.clone(),
        r.model_version.clone(),
        r.program_version.clone(),
    ];
    cells
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",")
}
