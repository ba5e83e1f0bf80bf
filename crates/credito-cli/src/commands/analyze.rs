//! `credito analyze`: credit requests through the four-stage pipeline, JSONL in,
//! JSONL out.
//!
//! Every non-blank input line yields exactly one output line, in order: the
//! SPEC §3.5 result, or `{"line": N, "error": "...", "fields": [...]}` when the
//! line is not JSON or not a valid request. The batch always goes on; the exit
//! status is 1 when any line failed.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use atomic_file::Overwrite;
use credit_pipeline::pipeline::{CreditPipeline, PipelineError};
use credit_pipeline::request::{FieldError, RequestError};

mod recorded;

use super::jsonl::{json_error, lines, open_input, LineError};
use super::output::Output;
use super::progress::ProgressBar;
use super::CliError;

/// Arguments of `credito analyze`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each input line is one credit request (SPEC §2), e.g.
  {\"customer_profile\": {\"customer_id\": \"CUST-001\", \"age\": 35, \"employment_status\": \"employed\",
   \"income\": 8500.0, \"time_at_job_months\": 48, \"has_bank_account\": true,
   \"has_bacen_restriction\": false, \"num_credit_inquiries\": 2, \"num_existing_loans\": 1,
   \"debt_to_income_ratio\": 0.25, \"credit_score\": 780},
   \"product_type\": \"personal_loan\", \"requested_amount\": 25000.0, \"requested_installments\": 36}

Each output line is the analysis of the input line at the same position, or
  {\"line\": N, \"error\": \"...\", \"fields\": [{\"field\": \"customer_profile.age\", \"message\": \"...\"}]}
for a line that is not valid JSON or not a valid request. Blank lines are skipped.

Exit status: 0 when every line was analyzed, 1 when any line failed, 2 on I/O errors.

With --store URL (sqlite://PATH or postgres://...) every decision is kept as `credito serve`
keeps it: a line's result is written only once the store has committed it, and a request_id
already stored with the same body answers the stored result without deciding again.

Examples:
  credito analyze --input requests.jsonl --output results.jsonl
  credito analyze --input requests.jsonl --store sqlite://credito.db > results.jsonl
  cat requests.jsonl | credito analyze --input - > results.jsonl")]
pub struct AnalyzeArgs {
    /// JSONL file of credit requests, or `-` for standard input.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Where to write one JSON result per line, or `-` for standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Approval model weights written by `credito train` (default: the shipped model).
    #[arg(long, value_name = "M.safetensors")]
    pub approval_model: Option<PathBuf>,
    /// Credit policy TOML (default: the shipped one; see `credito policy show credit`).
    #[arg(long, value_name = "P.toml")]
    pub credit_policy: Option<PathBuf>,
    /// Keep every decision in this store: `sqlite://PATH` or `postgres://...`.
    #[arg(long, value_name = "URL")]
    pub store: Option<String>,
}

/// Run the command.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    let (pipeline, _version) = credito_api::startup::credit_pipeline_from(
        args.credit_policy.as_deref(),
        args.approval_model.as_deref(),
    )
    .map_err(|e| CliError(e.to_string()))?;

    let input = open_input(&args.input)?;
    let mut inputs: Vec<&std::path::Path> = vec![&args.input];
    inputs.extend(args.approval_model.as_deref());
    inputs.extend(args.credit_policy.as_deref());
    let mut output = Output::open(&args.output, &inputs, Overwrite::Allow)?;
    let progress = io::stderr().is_terminal();

    let summary = match &args.store {
        None => analyze_stream(&pipeline, input, &mut output)?,
        Some(url) => {
            let location = decision_store::StoreLocation::parse(url)?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let store = decision_store::SqlStore::open(&location).await?;
                recorded::analyze_stream_recorded(
                    std::sync::Arc::new(pipeline),
                    std::sync::Arc::new(store),
                    input,
                    &mut output,
                )
                .await
            })?
        }
    };
    output.finish()?;
    if progress {
        eprintln!(
            "analyzed {} request(s), {} failed",
            summary.lines, summary.failed
        );
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Counts of one run.
pub(crate) struct StreamSummary {
    pub(crate) lines: usize,
    pub(crate) failed: usize,
}

/// Analyze every line of `input`, writing one line to `output` per request.
fn analyze_stream(
    pipeline: &CreditPipeline,
    input: impl BufRead,
    output: &mut impl Write,
) -> Result<StreamSummary, CliError> {
    let mut summary = StreamSummary {
        lines: 0,
        failed: 0,
    };
    let mut bar = ProgressBar::new("analyzed", None);
    for line in lines(input) {
        let line = line?;
        let number = line.number;
        summary.lines += 1;
        match &line.text {
            Ok(text) => match pipeline.analyze_json(text) {
                Ok(result) => write_line(output, number, &result)?,
                Err(err) => {
                    summary.failed += 1;
                    write_line(output, number, &line_error(number, &err))?
                }
            },
            Err(not_utf8) => {
                summary.failed += 1;
                write_line(output, number, &plain_error(number, not_utf8))?
            }
        }
        bar.set(summary.lines);
    }
    bar.finish(summary.lines);
    Ok(summary)
}

/// One output line: `value` as JSON and a newline; a failure names the input line.
pub(crate) fn write_line(
    output: &mut impl Write,
    number: usize,
    value: &impl serde::Serialize,
) -> Result<(), CliError> {
    serde_json::to_writer(&mut *output, value)
        .map_err(io::Error::from)
        .and_then(|()| output.write_all(b"\n"))
        .map_err(|e| CliError(format!("cannot write result of line {number}: {e}")))
}

/// The error line of a line that failed for a reason without fields.
pub(crate) fn plain_error(
    line: usize,
    err: &impl std::fmt::Display,
) -> LineError<'static, FieldError> {
    LineError {
        line,
        error: err.to_string(),
        fields: &[],
    }
}

pub(crate) fn line_error(line: usize, err: &PipelineError) -> LineError<'_, FieldError> {
    let error = match err {
        PipelineError::Request(RequestError::Json {
            column, message, ..
        }) => json_error(line, *column, message),
        other => other.to_string(),
    };
    LineError {
        line,
        error,
        fields: err.fields(),
    }
}
