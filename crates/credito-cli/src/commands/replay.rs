//! `credito replay`: champion / challenger. Every stored decision (or every request of a file)
//! is decided again under a challenger credit policy and approval model, at its original
//! instant, and compared with what was answered: the status transition matrix, the approval
//! rate and mean approved amount before and after, and each changed decision with both sets of
//! reasons. Nothing is written to the store unless `--record` is given.

mod compare;
mod page;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use atomic_file::Overwrite;
use credit_pipeline::pipeline::CreditPipeline;
use decision_store::{DecisionStore, SqlStore, StoreLocation};
use serde_json::Value;

use super::jsonl::{lines, open_input};
use super::output::Output;
use super::progress::ProgressBar;
use super::CliError;
use compare::{Case, ReplayReport};

/// Arguments of `credito replay`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The champion is what was answered: the stored result (--store), or the record's `result` in a
file written by `credito decisions export`. Lines of --input that are plain requests are
decided by the shipped pipeline as the champion. The challenger is the shipped pipeline with
--credit-policy and/or --approval-model replaced.

Examples:
  credito replay --store sqlite://credito.db --credit-policy bank-2027.toml
  credito decisions export --store sqlite://credito.db > decisions.jsonl
  credito replay --input decisions.jsonl --approval-model new.safetensors --json")]
pub struct ReplayArgs {
    /// Replay every decision of this store (`sqlite://PATH` or `postgres://...`).
    #[arg(
        long,
        value_name = "URL",
        conflicts_with = "input",
        required_unless_present = "input"
    )]
    pub store: Option<String>,
    /// Replay these: exported records or plain requests, one JSON per line (`-`: stdin).
    #[arg(long, value_name = "FILE.jsonl")]
    pub input: Option<PathBuf>,
    /// The challenger's credit policy (default: the shipped one).
    #[arg(long, value_name = "P.toml")]
    pub credit_policy: Option<PathBuf>,
    /// The challenger's approval model (default: the shipped one).
    #[arg(long, value_name = "M.safetensors")]
    pub approval_model: Option<PathBuf>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write a self-contained HTML report.
    #[arg(long, value_name = "R.html")]
    pub report: Option<PathBuf>,
    /// Append a `replayed` event to every stored decision (with --store only).
    #[arg(long, requires = "store")]
    pub record: bool,
}

/// Run the command.
pub fn run(args: ReplayArgs) -> Result<ExitCode, CliError> {
    let (challenger, model_version) = credito_api::startup::credit_pipeline_from(
        args.credit_policy.as_deref(),
        args.approval_model.as_deref(),
    )
    .map_err(|e| CliError(e.to_string()))?;
    let challenger_label = format!("{} / {model_version}", challenger.policy().version());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut report = ReplayReport::new(challenger_label.clone());
    runtime.block_on(async {
        match (&args.store, &args.input) {
            (Some(url), _) => {
                let store = SqlStore::open(&StoreLocation::parse(url)?).await?;
                let mut cases = Vec::new();
                super::decisions::each_decision(&store, None, |record| {
                    cases.push(Case::from_record(&record));
                    Ok(())
                })
                .await?;
                let mut bar = ProgressBar::new("replayed", Some(cases.len()));
                let total = cases.len();
                for (i, case) in cases.into_iter().enumerate() {
                    let outcome = report.replay(&challenger, case);
                    if args.record {
                        if let Some(o) = outcome {
                            store
                                .append_event(
                                    o.request_id.clone(),
                                    "replayed".into(),
                                    "credito replay".into(),
                                    serde_json::json!({
                                        "challenger": challenger_label,
                                        "status": o.challenger_status,
                                        "changed": o.champion_status != o.challenger_status,
                                    }),
                                )
                                .await?;
                        }
                    }
                    bar.set(i + 1);
                }
                bar.finish(total);
            }
            (None, Some(path)) => {
                let champion = credito_api::startup::default_pipeline()
                    .map_err(|e| CliError(e.to_string()))?
                    .0;
                replay_file(&mut report, &champion, &challenger, open_input(path)?)?;
            }
            (None, None) => return Err(CliError("give --store URL or --input FILE".into())),
        }
        Ok::<_, CliError>(())
    })?;
    if let Some(path) = &args.report {
        let mut out = Output::open(path, &[], Overwrite::Allow)?;
        out.write_all(page::render(&report).as_bytes())?;
        out.finish()?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        write!(out, "{}", report.table())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn replay_file(
    report: &mut ReplayReport,
    champion: &CreditPipeline,
    challenger: &CreditPipeline,
    input: impl BufRead,
) -> Result<(), CliError> {
    // The lines are read as they come (the input may be a pipe): a count, no total.
    let mut bar = ProgressBar::new("replayed", None);
    let mut done = 0;
    for line in lines(input) {
        let line = line?;
        let number = line.number;
        let text = line
            .text
            .map_err(|e| CliError(format!("line {number}: {e}")))?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| CliError(format!("line {number}: not JSON: {e}")))?;
        let case = if value.get("request").is_some() && value.get("result").is_some() {
            Case::from_export(&value)
        } else {
            // A plain request: the shipped pipeline is the champion.
            match champion.analyze_json(&text) {
                Ok(analysis) => {
                    Case::from_request(value, credito_api::recorded::result_value(&analysis))
                }
                Err(e) => {
                    report.error(format!("line {number}"), e.to_string());
                    continue;
                }
            }
        };
        report.replay(challenger, case);
        done += 1;
        bar.set(done);
    }
    bar.finish(done);
    Ok(())
}
