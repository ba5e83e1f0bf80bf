//! `credito message`: `/gerar-mensagem` bodies (JSONL) in, guarded collection messages out.
//!
//! Every non-blank input line yields exactly one output line, in order: the SPEC §4.5 response,
//! or `{"line": N, "error": "...", "fields": [...]}` for a line that is not JSON, not a valid
//! request, or has no segment. Messages are generated concurrently (bounded), each within the
//! provider's deadline; provider failures fall back to templates and are not line errors.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use atomic_file::Overwrite;
use collection_policy::CollectionPolicy;
use credito_collections::{MessageFailure, MessageService};
use llm_messaging::{Fonte, LlmConfig};
use tokio::task::JoinHandle;

use super::collections_setup::{model_or_shipped, policy_or_seed};
use super::jsonl::{lines, open_input, serde_json_error, Line, LineError};
use super::output::Output;
use super::CliError;

/// Arguments of `credito message`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each input line is one /gerar-mensagem body (SPEC §4.5), e.g.
  {\"score_gravidade\": 5.6, \"freq_atrasos\": 1.2, \"razao_pagamento_6m\": 0.08,
   \"taxa_uso_limite\": 0.74, \"limite_credito\": 80000, \"cluster\": 2, \"canal_preferido\": \"WhatsApp\"}
Optional facts the operator knows are written into the message after generation (the LLM
only sees placeholders, the guard checks the result against them):
  \"nome\": \"Ana\" (first name), \"valor_em_aberto\": 356.9 (reais), \"dias_em_atraso\": 12,
  \"vencimento\": \"2026-12-10\", \"codigo_acordo\": \"AC-2026-77\"
The creditor's name, CNPJ and official channel come from the policy file ([credor]).
Extra fields (e.g. a customer id) are allowed and ignored; they never reach the provider.
Lines without `cluster` are assigned one by the segmentation model: the shipped one (fitted
on the UCI data, as `credito serve` uses), or --model.

Each output line is
  {\"cluster\", \"perfil_risco\", \"canal\", \"mensagem\", \"objetivo\", \"tom\", \"acao_recomendada\",
   \"fonte\": \"llm|template\", \"violations\": [...], \"estado\", \"canal_substituido\",
   \"segmento_inferido\"}
or {\"line\": N, \"error\": \"...\", \"fields\": [{\"field\": \"...\", \"message\": \"...\"}]}.

Provider (optional; offline templates otherwise): CREDITO_LLM_BASE_URL, CREDITO_LLM_API_KEY
(or GROQ_API_KEY), CREDITO_LLM_MODEL, CREDITO_LLM_TIMEOUT_SECS, CREDITO_LLM_DEADLINE_SECS.

Exit status: 0 when every line got a message, 1 when any line failed, 2 on I/O or setup errors.

Examples:
  credito message --input clients.jsonl --output messages.jsonl
  cat clients.jsonl | credito message --input - --model my_portfolio_model.json")]
pub struct MessageArgs {
    /// JSONL file of /gerar-mensagem bodies, or `-` for standard input.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Where to write one JSON response per line, or `-` for standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Collection policy (TOML, or JSON by extension); default: the seed's table.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Saved segmentation model (JSON) assigning `cluster` to lines without one
    /// (default: the shipped model, as `credito serve`).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Messages generated at the same time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

/// What one line produced.
enum LineOutcome {
    Message {
        json: String,
        fonte: Fonte,
        provider_failed: bool,
    },
    Failed(String),
}

fn failure(
    line: usize,
    error: impl Into<String>,
    fields: Vec<llm_messaging::FieldError>,
) -> LineOutcome {
    let json = serde_json::to_string(&LineError {
        line,
        error: error.into(),
        fields: &fields,
    })
    .unwrap_or_else(|_| format!("{{\"line\": {line}, \"error\": \"unserialisable error\"}}"));
    LineOutcome::Failed(json)
}

/// Run the command.
pub fn run(args: MessageArgs) -> Result<ExitCode, CliError> {
    let policy: Arc<dyn CollectionPolicy> = Arc::new(policy_or_seed(args.policy.as_deref())?);
    let model = Some(Arc::new(model_or_shipped(args.model.as_deref())?));
    let mut inputs: Vec<&Path> = vec![&args.input];
    inputs.extend(args.model.as_deref());
    inputs.extend(args.policy.as_deref());
    let input = open_input(&args.input)?;
    let mut output = Output::open(&args.output, &inputs, Overwrite::Allow)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))?;
    let summary = runtime.block_on(async {
        let llm = LlmConfig::from_env()?;
        let deadline = llm.as_ref().map(|c| c.deadline);
        let mut service = MessageService::with_provider(model, policy, llm)?;
        if let Some(deadline) = deadline {
            service = service.with_llm_deadline(deadline);
        }
        stream(
            Arc::new(service),
            input,
            &mut output,
            usize::from(args.concurrency),
        )
        .await
    })?;
    output.finish()?;
    eprintln!(
        "message: {} line(s): {} from the model, {} from templates ({} after a provider failure), {} failed",
        summary.lines, summary.llm, summary.template, summary.provider_failed, summary.failed
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Default)]
struct Summary {
    lines: usize,
    llm: usize,
    template: usize,
    provider_failed: usize,
    failed: usize,
}

/// Read lines, keep at most `window` messages in flight, write results in input order.
async fn stream(
    service: Arc<MessageService>,
    input: impl BufRead,
    output: &mut impl Write,
    window: usize,
) -> Result<Summary, CliError> {
    let mut summary = Summary::default();
    let mut pending: VecDeque<(usize, JoinHandle<LineOutcome>)> = VecDeque::new();
    for line in lines(input) {
        let Line { number, text } = line?;
        summary.lines += 1;
        let service = Arc::clone(&service);
        let task = match text {
            Ok(text) => tokio::spawn(async move { one_line(number, &text, &service).await }),
            Err(not_utf8) => tokio::spawn(async move { failure(number, not_utf8, Vec::new()) }),
        };
        pending.push_back((number, task));
        while pending.len() >= window {
            write_next(&mut pending, output, &mut summary).await?;
        }
    }
    while !pending.is_empty() {
        write_next(&mut pending, output, &mut summary).await?;
    }
    Ok(summary)
}

async fn write_next(
    pending: &mut VecDeque<(usize, JoinHandle<LineOutcome>)>,
    output: &mut impl Write,
    summary: &mut Summary,
) -> Result<(), CliError> {
    let Some((number, handle)) = pending.pop_front() else {
        return Ok(());
    };
    let outcome = handle
        .await
        .unwrap_or_else(|e| failure(number, format!("internal error: {e}"), Vec::new()));
    let text = match outcome {
        LineOutcome::Message {
            json,
            fonte,
            provider_failed,
        } => {
            match fonte {
                Fonte::Llm => summary.llm += 1,
                Fonte::Template => summary.template += 1,
            }
            summary.provider_failed += usize::from(provider_failed);
            json
        }
        LineOutcome::Failed(json) => {
            summary.failed += 1;
            json
        }
    };
    writeln!(output, "{text}")
        .map_err(|e| CliError(format!("cannot write result of line {number}: {e}")))
}

async fn one_line(number: usize, line: &str, service: &MessageService) -> LineOutcome {
    let body: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return failure(number, serde_json_error(number, &e), Vec::new()),
    };
    match service.handle(&body).await {
        Ok(handled) => match serde_json::to_string(&handled.response) {
            Ok(json) => LineOutcome::Message {
                json,
                fonte: handled.response.fonte,
                provider_failed: handled.llm_error.is_some(),
            },
            Err(e) => failure(
                number,
                format!("cannot serialise the response: {e}"),
                Vec::new(),
            ),
        },
        Err(failure_kind) => {
            let error = match &failure_kind {
                MessageFailure::Invalid(_) => "invalid request".to_string(),
                MessageFailure::Segment(_) => "cannot assign a segment".to_string(),
                other => other.to_string(),
            };
            failure(number, error, failure_kind.fields())
        }
    }
}
