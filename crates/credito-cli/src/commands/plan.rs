//! `credito plan`: when each client may next be contacted on each channel of its collection
//! policy, under a legal rule pack (hours in the client's local time, holidays, caps,
//! cool-offs, opt-outs, prescription).
//!
//! Nothing is written unless every client and ledger row is valid: the first bad cell ends the
//! run with its file, line, column and value, and the output file is replaced atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atomic_file::Overwrite;
use chrono::{DateTime, Utc};
use contact_planner::input::{parse_instant, CsvTable, Ledger};
use contact_planner::{PackPlanner, RulePack};
use credito_collections::plan::{read_clients, write_plan};

use super::collections_setup::{model_or_shipped, policy_or_seed};
use super::output::Output;
use super::progress::ProgressBar;
use super::CliError;

/// Arguments of `credito plan`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Clients (CSV): client_id, segment (or the five signals score_gravidade, freq_atrasos,
razao_pagamento_6m, taxa_uso_limite, limite_credito, then segmented by the model), uf and/or
timezone (an IANA zone such as America/Manaus, or UTC-03:00; it overrides the uf's), opt_out
(channels separated by ; or |, or all), debt_since (YYYY-MM-DD).
Ledger (CSV): client_id, channel (phone|whatsapp|sms|email), at (RFC 3339), outcome
(no_answer|conversation|promise|paid|refused|opt_out), promised_date (for a promise), amount.

Each output line is one client and channel of its segment's policy:
  {\"client_id\", \"channel\", \"allowed_at\": RFC 3339 in the client's offset or null (never),
   \"reason\": null (allowed now) or outside_hours|sunday|holiday|daily_cap|weekly_cap|
   after_conversation|promise_pending|settled|opt_out|prescribed, \"rule\": the rule's id}
A summary (counts per reason, ledger clients not in the client file) goes to stderr.

Rule packs: br (default: Brazilian law and self-regulation), us-reg-f (US Regulation F), or a
TOML file of your own (see docs/collections-operations.md).

Examples:
  credito plan --clients clients.csv --ledger ledger.csv --output plan.jsonl
  credito plan --clients clients.csv --store sqlite://credito.db   (the ledger kept by the store)
  credito plan --clients clients.csv --now 2026-12-07T08:00:00-03:00 --rules us-reg-f")]
pub struct PlanArgs {
    /// Client CSV.
    #[arg(long)]
    pub clients: PathBuf,
    /// Contact ledger CSV (attempts and their outcomes).
    #[arg(long)]
    pub ledger: Option<PathBuf>,
    /// Also use the contact ledger kept in this store (`sqlite://PATH` or `postgres://...`):
    /// imported outcomes and the contacts campaigns sent.
    #[arg(long)]
    pub store: Option<String>,
    /// The instant to plan from (RFC 3339); default: now.
    #[arg(long, value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    /// Rule pack: `br`, `us-reg-f`, or a TOML file.
    #[arg(long, default_value = "br")]
    pub rules: String,
    /// Where to write the plan (JSONL), or `-` for standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Collection policy (TOML, or JSON by extension); default: the seed's table.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Saved segmentation model for clients without a segment (default: the shipped one).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    parse_instant(text)
}

/// Run the command.
pub fn run(args: PlanArgs) -> Result<ExitCode, CliError> {
    let pack = RulePack::named_or_file(&args.rules)?;
    let policy = policy_or_seed(args.policy.as_deref())?;
    let model = model_or_shipped(args.model.as_deref())?;
    let now = args.now.unwrap_or_else(Utc::now);
    let clients = read_clients(&mut CsvTable::open(&args.clients)?, &policy, Some(&model))?;
    let mut ledger = match &args.ledger {
        Some(path) => Ledger::read_path(path)?,
        None => Ledger::default(),
    };
    if let Some(url) = &args.store {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let stored = runtime.block_on(async {
            let store =
                decision_store::SqlStore::open(&decision_store::StoreLocation::parse(url)?).await?;
            Ok::<_, CliError>(credito_collections::campaign::store_ledger(&store, None).await?)
        })?;
        for (id, attempts) in stored.attempts {
            for a in attempts {
                ledger.push(&id, a);
            }
        }
    }
    let mut inputs: Vec<&Path> = vec![&args.clients];
    inputs.extend(args.ledger.as_deref());
    inputs.extend(args.policy.as_deref());
    inputs.extend(args.model.as_deref());
    let rules_file = Path::new(&args.rules);
    if rules_file.exists() {
        inputs.push(rules_file);
    }
    let mut output = Output::open(&args.output, &inputs, Overwrite::Allow)?;
    let planner = PackPlanner::new(pack);
    let mut bar = ProgressBar::new("planned", Some(clients.len()));
    let summary = write_plan(&planner, &clients, &ledger, now, &mut output, &mut |n| {
        bar.set(n)
    })
    .map_err(|e| CliError(format!("cannot write the plan: {e}")))?;
    bar.finish(clients.len());
    output.finish()?;
    let pack = planner.pack();
    eprintln!(
        "planned {} clients, {} lines under {} {} at {}: {} allowed now, {} never",
        summary.clients,
        summary.lines,
        pack.id,
        pack.version,
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        summary.allowed_now,
        summary.never
    );
    for (reason, n) in &summary.reasons {
        eprintln!("  {reason}: {n}");
    }
    if !summary.unknown_ledger_clients.is_empty() {
        let shown: Vec<&str> = summary
            .unknown_ledger_clients
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        eprintln!(
            "warning: {} ledger clients are not in {} (their attempts were not used): {}{}",
            summary.unknown_ledger_clients.len(),
            args.clients.display(),
            shown.join(", "),
            if summary.unknown_ledger_clients.len() > 10 {
                ", …"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
