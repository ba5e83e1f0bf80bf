//! `credito campaign create | send | report | list`: collection campaigns kept in the store.
//!
//! `create` assigns each client of a client file to the holdout or a variant (deterministic,
//! stratified by segment), plans one contact per contacted client at the earliest instant the
//! rule pack allows, and stores members and queue in one transaction. `send` hands the due
//! contacts to a webhook, re-planning each with the current ledger first. `report` compares
//! each variant with the holdout per segment.

mod page;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use atomic_file::Overwrite;
use chrono::{DateTime, Utc};
use collection_campaigns::send::WebhookSender;
use collection_campaigns::spec::{CampaignSpec, Writer};
use collection_campaigns::CampaignReport;
use collection_policy::{CollectionPolicy, PolicyTable};
use contact_planner::input::{parse_instant, CsvTable};
use contact_planner::{PackPlanner, RulePack};
use credito_collections::campaign::{campaign_report, create_campaign, send_due, CampaignRequest};
use credito_collections::plan::read_resolved;
use credito_collections::MessageService;
use decision_store::{CampaignStore, SqlStore, StoreLocation};
use llm_messaging::LlmConfig;

use super::collections_setup::{model_or_shipped, policy_or_seed};
use super::csv_text::csv_field;
use super::output::Output;
use super::progress::ProgressBar;
use super::CliError;

/// Arguments of `credito campaign`.
#[derive(Debug, clap::Args)]
pub struct CampaignArgs {
    #[command(subcommand)]
    pub command: CampaignCommand,
}

/// The campaign subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CampaignCommand {
    /// Assign clients to a holdout and variants, plan the send queue, store the campaign.
    Create(CreateArgs),
    /// Send the contacts that are due to a webhook.
    Send(SendArgs),
    /// Per segment × group: contacts, promises, payments, uplift over the holdout.
    Report(ReportArgs),
    /// The stored campaigns.
    List(StoreArg),
}

/// The store option every subcommand takes.
#[derive(Debug, clap::Args)]
pub struct StoreArg {
    /// The store: `sqlite://PATH` or `postgres://...`.
    #[arg(long, default_value = "sqlite://credito.db")]
    pub store: String,
}

/// Arguments of `credito campaign create`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The client file has the columns of `credito plan` (client_id, segment or the five signals,
uf and/or timezone, opt_out, debt_since) and, for the messages, optionally nome,
valor_em_aberto, dias_em_atraso, vencimento, codigo_acordo.

Assignment: within each segment clients are ordered by a hash of seed, campaign and client
id; the first round(n x holdout) are held out, the rest dealt to v1..vK in turn. The same
inputs always give the same groups.

Examples:
  credito campaign create --store sqlite://credito.db --name dez-2026 --clients clients.csv \\
      --variants 2 --holdout 0.10 --seed 7
  credito campaign create --name tons --clients clients.csv --variants 2 --campaign-file tons.toml")]
pub struct CreateArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The campaign's name (unique in the store).
    #[arg(long)]
    pub name: String,
    /// Client CSV.
    #[arg(long)]
    pub clients: PathBuf,
    /// Number of message variants (v1..vK).
    #[arg(long, default_value_t = 1)]
    pub variants: usize,
    /// Share of each segment held out (not contacted), in [0, 1).
    #[arg(long, default_value_t = 0.10)]
    pub holdout: f64,
    /// Assignment seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Campaign file (TOML) defining the variants; default: K template variants.
    #[arg(long)]
    pub campaign_file: Option<PathBuf>,
    /// Rule pack: `br`, `us-reg-f`, or a TOML file.
    #[arg(long, default_value = "br")]
    pub rules: String,
    /// The campaign's start (RFC 3339); default: now.
    #[arg(long, value_parser = parse_instant)]
    pub now: Option<DateTime<Utc>>,
    /// Collection policy (TOML, or JSON by extension); default: the seed's table.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Saved segmentation model for clients without a segment (default: the shipped one).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Also write each client's group (CSV: client_id, segment, group).
    #[arg(long)]
    pub assignments: Option<PathBuf>,
}

/// Arguments of `credito campaign send`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each due contact (queued, its instant at or before --now) is planned again with the ledger as
it is now: a client who paid, opted out or is in a cool-off since is skipped or deferred. The
message is written by its variant (templates, or the language model configured by
CREDITO_LLM_* for variants with writer = \"llm\") and POSTed as JSON to the webhook with the
header Idempotency-Key; CREDITO_WEBHOOK_TOKEN, when set, is sent as a bearer token.
Sent contacts enter the ledger as attempts (outcome no_answer until their outcome is imported).

Example:
  credito campaign send --store sqlite://credito.db --name dez-2026 --webhook http://127.0.0.1:9000/hooks")]
pub struct SendArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The campaign.
    #[arg(long)]
    pub name: String,
    /// Where to POST each contact.
    #[arg(long)]
    pub webhook: String,
    /// Send what is due at this instant (RFC 3339); default: now.
    #[arg(long, value_parser = parse_instant)]
    pub now: Option<DateTime<Utc>>,
    /// At most this many contacts.
    #[arg(long, default_value_t = 10_000)]
    pub limit: u32,
    /// Requests per contact before it is left for a later run.
    #[arg(long, default_value_t = 5)]
    pub attempts: u32,
    /// Wait before the first retry, in milliseconds (doubling).
    #[arg(long, default_value_t = 500)]
    pub retry_ms: u64,
    /// Rule pack: `br`, `us-reg-f`, or a TOML file.
    #[arg(long, default_value = "br")]
    pub rules: String,
    /// Collection policy (TOML, or JSON by extension); default: the seed's table.
    #[arg(long)]
    pub policy: Option<PathBuf>,
}

/// Arguments of `credito campaign report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The campaign.
    #[arg(long)]
    pub name: String,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the report as a self-contained HTML page (pt-BR).
    #[arg(long)]
    pub report: Option<PathBuf>,
}

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))
}

async fn open(store: &str) -> Result<SqlStore, CliError> {
    Ok(SqlStore::open(&StoreLocation::parse(store)?).await?)
}

/// Run the command.
pub fn run(args: CampaignArgs) -> Result<ExitCode, CliError> {
    match args.command {
        CampaignCommand::Create(a) => create(a),
        CampaignCommand::Send(a) => send(a),
        CampaignCommand::Report(a) => report(a),
        CampaignCommand::List(a) => list(a),
    }
}

fn create(args: CreateArgs) -> Result<ExitCode, CliError> {
    let spec = match &args.campaign_file {
        Some(path) => {
            let spec = CampaignSpec::from_path(path)?;
            if spec.variants.len() != args.variants {
                return Err(CliError(format!(
                    "--variants {} but {} defines {} variant(s)",
                    args.variants,
                    path.display(),
                    spec.variants.len()
                )));
            }
            spec
        }
        None => {
            let spec = CampaignSpec::templates(args.variants);
            spec.check("--variants")?;
            spec
        }
    };
    let pack = RulePack::named_or_file(&args.rules)?;
    let rules = format!("{} {}", pack.id, pack.version);
    let policy = policy_or_seed(args.policy.as_deref())?;
    let model = model_or_shipped(args.model.as_deref())?;
    let clients = read_resolved(
        &mut CsvTable::open(&args.clients)?,
        &policy,
        Some(&model),
        true,
    )?;
    let planner = PackPlanner::new(pack);
    let request = CampaignRequest {
        name: args.name.clone(),
        seed: args.seed,
        holdout: args.holdout,
        spec,
        now: args.now.unwrap_or_else(Utc::now),
    };
    let mut assignments = match &args.assignments {
        Some(path) => Some(Output::open(path, &[&args.clients], Overwrite::Allow)?),
        None => None,
    };
    let created = runtime()?.block_on(async {
        let store = open(&args.store.store).await?;
        let created = create_campaign(&store, &planner, &rules, request, clients).await?;
        if let Some(out) = assignments.as_mut() {
            writeln!(out, "client_id,segment,group")?;
            for m in store.members(&created.name).await? {
                writeln!(out, "{},{},{}", csv_field(&m.client_id), m.segment, m.group)?;
            }
        }
        Ok::<_, CliError>(created)
    })?;
    if let Some(out) = assignments {
        out.finish()?;
    }
    let groups: Vec<String> = created
        .groups
        .iter()
        .map(|(g, n)| format!("{g} {n}"))
        .collect();
    eprintln!(
        "campaign {}: {} clients ({}), {} contacts queued under {}{}",
        created.name,
        created.members,
        groups.join(", "),
        created.queued,
        created.rules,
        created
            .first_send_at
            .as_deref()
            .map(|t| format!(", the first at {t}"))
            .unwrap_or_default()
    );
    for (reason, n) in &created.unreachable {
        eprintln!("  not contactable ({reason}): {n}");
    }
    if created.without_signals > 0 {
        eprintln!(
            "warning: {} contacted client(s) have no signals in {}: their messages cannot be \
             written and `campaign send` will mark them failed",
            created.without_signals,
            args.clients.display()
        );
    }
    println!("{}", serde_json::to_string(&created)?);
    Ok(ExitCode::SUCCESS)
}

/// A message service per variant.
fn writers(
    spec: &CampaignSpec,
    policy: Arc<dyn CollectionPolicy>,
) -> Result<HashMap<String, Arc<MessageService>>, CliError> {
    let llm = LlmConfig::from_env()?;
    let mut out = HashMap::new();
    for v in &spec.variants {
        let policy: Arc<dyn CollectionPolicy> = match &v.policy {
            Some(path) => Arc::new(PolicyTable::from_path(Path::new(path))?),
            None => Arc::clone(&policy),
        };
        let service = match v.writer {
            Writer::Template => MessageService::with_provider(None, policy, None)?,
            Writer::Llm => {
                let Some(config) = llm.clone() else {
                    return Err(CliError(format!(
                        "variant {} writes with a language model, but none is configured \
                         (set CREDITO_LLM_BASE_URL, CREDITO_LLM_API_KEY, CREDITO_LLM_MODEL)",
                        v.id
                    )));
                };
                let deadline = config.deadline;
                MessageService::with_provider(None, policy, Some(config))?
                    .with_llm_deadline(deadline)
            }
        };
        out.insert(v.id.clone(), Arc::new(service));
    }
    Ok(out)
}

fn send(args: SendArgs) -> Result<ExitCode, CliError> {
    let planner = PackPlanner::new(RulePack::named_or_file(&args.rules)?);
    let policy: Arc<dyn CollectionPolicy> = Arc::new(policy_or_seed(args.policy.as_deref())?);
    let token = std::env::var("CREDITO_WEBHOOK_TOKEN").ok();
    let sender = WebhookSender::new(&args.webhook)?
        .with_token(token)
        .with_retries(args.attempts, Duration::from_millis(args.retry_ms));
    let now = args.now.unwrap_or_else(Utc::now);
    let summary = runtime()?.block_on(async {
        let store = open(&args.store.store).await?;
        let Some(campaign) = store.campaign(&args.name).await? else {
            return Err(CliError(format!("no campaign named {:?}", args.name)));
        };
        let spec: CampaignSpec = serde_json::from_value(campaign.spec)
            .map_err(|e| CliError(format!("the stored campaign's variants: {e}")))?;
        let writers = writers(&spec, Arc::clone(&policy))?;
        let mut bar = ProgressBar::new("sent", None);
        let summary = send_due(
            &store,
            &planner,
            policy.as_ref(),
            &writers,
            &sender,
            &args.name,
            now,
            args.limit,
            &mut |n| bar.set(n),
        )
        .await?;
        bar.finish(summary.due);
        Ok(summary)
    })?;
    eprintln!(
        "campaign {}: {} due, {} sent to {}, {} deferred, {} skipped, {} failed, {} left for a \
         later run (gateway unavailable)",
        args.name,
        summary.due,
        summary.sent,
        sender.url(),
        summary.deferred,
        summary.skipped,
        summary.failed,
        summary.unavailable
    );
    println!("{}", serde_json::to_string(&summary)?);
    Ok(if summary.failed + summary.unavailable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}%", x * 100.0))
        .unwrap_or_else(|| "-".into())
}

fn table(r: &CampaignReport) -> String {
    let mut out = format!(
        "campaign {} (outcomes since {}, {:.0} % intervals)\n{:<8} {:<8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>12}  {}\n",
        r.campaign,
        r.since,
        r.confidence * 100.0,
        "segment",
        "group",
        "clients",
        "contacted",
        "promise",
        "kept",
        "paid",
        "recovered",
        "uplift (95 % CI)"
    );
    for row in &r.rows {
        let uplift = row
            .uplift
            .map(|u| {
                format!(
                    "{:+.1} pp ({:+.1} to {:+.1}) {}",
                    u.estimate * 100.0,
                    u.lower * 100.0,
                    u.upper * 100.0,
                    row.verdict_code.unwrap_or("")
                )
            })
            .unwrap_or_else(|| row.verdict_code.unwrap_or("").to_string());
        out.push_str(&format!(
            "{:<8} {:<8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>12.2}  {}\n",
            row.segment.map_or("all".into(), |s| s.to_string()),
            row.group,
            row.clients,
            row.contacted,
            pct(row.promise_rate),
            pct(row.kept_promise_rate),
            pct(row.payment_rate),
            row.amount_recovered,
            uplift
        ));
    }
    out.push('\n');
    for v in &r.verdicts {
        out.push_str(&v.verdict);
        out.push('\n');
    }
    out
}

fn report(args: ReportArgs) -> Result<ExitCode, CliError> {
    let r = runtime()?.block_on(async {
        let store = open(&args.store.store).await?;
        Ok::<_, CliError>(campaign_report(&store, &args.name).await?)
    })?;
    if let Some(path) = &args.report {
        let mut out = Output::open(path, &[], Overwrite::Allow)?;
        out.write_all(page::render(&r).as_bytes())?;
        out.finish()?;
        eprintln!("credito: wrote {}", path.display());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print!("{}", table(&r));
    }
    Ok(ExitCode::SUCCESS)
}

fn list(args: StoreArg) -> Result<ExitCode, CliError> {
    let all = runtime()?.block_on(async {
        let store = open(&args.store).await?;
        Ok::<_, CliError>(store.campaigns().await?)
    })?;
    for c in &all {
        println!(
            "{}\t{}\t{} clients\tholdout {}\tseed {}\t{}",
            c.name, c.created_at, c.members, c.holdout, c.seed, c.rules
        );
    }
    if all.is_empty() {
        eprintln!("credito: no campaigns in {}", args.store);
    }
    Ok(ExitCode::SUCCESS)
}
