//! `credito segment`: fit a risk-ordered segmentation of a portfolio (or assign
//! clients with a saved model), report it as a table, JSON or an HTML page,
//! and optionally check it on a seeded held-out split.

mod charts;
mod portfolio;
mod previous;
mod report;
mod words;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use atomic_file::{ensure_distinct, same_file, Overwrite};
use collection_policy::{CollectionPolicy, PolicyTable};
use risk_features::{FeatureExtractor, RiskSignals, UciSignals};
use segmentation::{
    evaluate, holdout_split, migration_matrix, stability, KMeansSegmenter, MigrationMatrix,
    SegmentationConfig, SegmentationModel, Segmenter, SilhouetteMode, StabilityReport,
    ValidationReport,
};

use portfolio::{ClientAction, HistoryFacts, PortfolioView};
use serde::Serialize;
pub use words::Lang;

use super::csv_text::csv_field;
use super::output::Output;
use super::CliError;

/// Ordering presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderingArg {
    /// The seed's pipeline: untransformed signals, segments by mean severity.
    Seed,
    /// Behaviour signals on a log (severity) and square-root scale, without the credit limit;
    /// segments ordered by observed default (label-free risk index without labels).
    Default,
}

/// Arguments of `credito segment`.
#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    /// Portfolio file: CSV, gzipped CSV or UCI .xls (UCI or Portuguese column names).
    #[arg(long)]
    pub input: PathBuf,
    /// Number of segments (when fitting).
    #[arg(long, default_value_t = 4, conflicts_with = "model")]
    pub k: usize,
    /// Assign with this saved model instead of fitting.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Save the fitted model as JSON.
    #[arg(long)]
    pub model_out: Option<PathBuf>,
    /// Write one row per client: ID, signals, segment, perfil_risco, then the client's state
    /// and what the collection policy does with it.
    #[arg(long)]
    pub assignments: Option<PathBuf>,
    /// Write a self-contained HTML report (no scripts, no network).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t = Lang::Pt)]
    pub lang: Lang,
    /// Collection policy (TOML, or JSON by extension) for the policy columns; default: the
    /// shipped policy.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// A previous assignments CSV (from `--assignments`): report the migration between its
    /// segments and these for the client IDs in both.
    #[arg(long, value_name = "ASSIGNMENTS.csv")]
    pub previous: Option<PathBuf>,
    /// Print one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Ordering preset (when fitting).
    #[arg(long, value_enum, default_value_t = OrderingArg::Default, conflicts_with = "model")]
    pub ordering: OrderingArg,
    /// Also fit on a seeded (1 - FRACTION) of clients, save the model, and
    /// assign the held-out FRACTION with it; both reports are printed.
    #[arg(long, value_name = "FRACTION", conflicts_with = "model")]
    pub holdout: Option<f64>,
    /// Seed of the held-out split and of the silhouette sample.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Compute the silhouette on this many sampled rows instead of all rows.
    #[arg(long)]
    pub silhouette_sample: Option<usize>,
    /// CSV field separator (default: detected from the header: `,`, `;` or tab).
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Numbers are written `1.234,56` (default when the separator is `;`).
    #[arg(long, conflicts_with = "decimal_point")]
    pub decimal_comma: bool,
    /// Numbers are written `1234.56` even with a `;` separator.
    #[arg(long)]
    pub decimal_point: bool,
    /// Keep rows whose client ID repeats an earlier row (an error by default).
    #[arg(long)]
    pub allow_duplicate_ids: bool,
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "\\t" | "tab" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        _ => Err(format!(
            "expected one ASCII character such as ';' or ',' (or 'tab'), got {text:?}"
        )),
    }
}

#[derive(Serialize)]
struct HoldoutOut {
    fraction: f64,
    seed: u64,
    train: ValidationReport,
    held_out: ValidationReport,
}

#[derive(Serialize)]
struct InputOut<'a> {
    file: String,
    rows: usize,
    program_version: &'a str,
    model: Option<String>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    report: &'a ValidationReport,
    input: InputOut<'a>,
    policy_version: &'a str,
    /// Per segment: profile, clients, defaulters, exposure, states, policy row, roll rates.
    portfolio: &'a PortfolioView,
    #[serde(skip_serializing_if = "Option::is_none")]
    stability: Option<&'a StabilityReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    migration: Option<&'a MigrationMatrix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    holdout: Option<HoldoutOut>,
}

struct Progress {
    on: bool,
    start: Instant,
}

impl Progress {
    fn step(&self, what: &str) {
        if self.on {
            eprintln!("[{:>6.2}s] {what}", self.start.elapsed().as_secs_f64());
        }
    }
}

/// Risk-profile labels (`perfil_risco`) of segments `0..k`: the collection
/// policy's labels when the policy has exactly `k` segments, otherwise `Segmento i`.
pub fn perfis_of(policy: &PolicyTable, k: usize) -> Vec<String> {
    let rules = policy.rules();
    if rules.len() == k {
        rules.iter().map(|r| r.perfil_risco.clone()).collect()
    } else {
        (0..k).map(|i| format!("Segmento {i}")).collect()
    }
}

/// Run the command.
pub fn run(args: SegmentArgs) -> Result<ExitCode, CliError> {
    let progress = Progress {
        on: std::io::stderr().is_terminal(),
        start: Instant::now(),
    };
    if let Some(fraction) = args.holdout {
        // Fail before the (long) read and fit.
        holdout_split(2, fraction, args.seed)?;
    }
    check_outputs(&args)?;
    let policy = super::collections_setup::policy_or_seed(args.policy.as_deref())?;
    let previous = match &args.previous {
        Some(path) => Some(previous::read_assignments(path)?),
        None => None,
    };
    progress.step(&format!("reading {}", args.input.display()));
    let options = risk_features::ReadOptions {
        delimiter: args.delimiter,
        decimal_mark: if args.decimal_comma {
            Some(risk_features::DecimalMark::Comma)
        } else if args.decimal_point {
            Some(risk_features::DecimalMark::Point)
        } else {
            None
        },
        allow_duplicate_ids: args.allow_duplicate_ids,
    };
    let reader = risk_features::open_with(&args.input, options)?;
    let has_label = reader.has_label();
    let mut ids = Vec::new();
    let mut signals: Vec<RiskSignals> = Vec::new();
    let mut labels = Vec::new();
    let mut histories = Vec::new();
    for row in reader {
        let row = row?;
        signals.push(UciSignals.extract(&row));
        labels.push(row.default_next_month == Some(true));
        histories.push(HistoryFacts {
            pay_status: row.pay_status,
            current_bill: row.bill_amt[0],
            defaulted: row.default_next_month,
        });
        ids.push(row.id);
    }
    let labels_opt = if has_label {
        Some(labels.as_slice())
    } else {
        None
    };
    progress.step(&format!("{} clients read", signals.len()));

    let mut config = match args.ordering {
        OrderingArg::Seed => SegmentationConfig::seed(),
        OrderingArg::Default => SegmentationConfig::default(),
    };
    config.k = args.k;
    if let Some(size) = args.silhouette_sample {
        config.silhouette = SilhouetteMode::Sampled {
            size,
            seed: args.seed,
        };
    }

    let (model, segments, report) = match &args.model {
        Some(path) => {
            let model = SegmentationModel::load(path)?;
            progress.step("assigning with the saved model");
            let (segments, report) = evaluate(&model, &signals, labels_opt, config.silhouette)?;
            (model, segments, report)
        }
        None => {
            progress.step("fitting k-means and computing the silhouette");
            let fit = KMeansSegmenter::new(config.clone().check()?).fit(&signals, labels_opt)?;
            (fit.model, fit.segments, fit.report)
        }
    };
    progress.step("segmentation done");

    let perfis = perfis_of(&policy, model.k());
    let (actions, portfolio) =
        portfolio::build(&policy, model.k(), &perfis, &signals, &histories, &segments)?;
    // Stability is measured against the fit population of a saved model.
    let stability_report = match &args.model {
        Some(_) if !model.metrics.signal_bins.is_empty() => Some(stability(
            &model.metrics.sizes,
            &model.metrics.signal_bins,
            &signals,
            &segments,
        )),
        _ => None,
    };
    let stability_unavailable = args.model.is_some() && stability_report.is_none();
    let migration = previous
        .as_ref()
        .map(|p| migration_matrix(p, &ids, &segments, model.k()));

    let holdout = match args.holdout {
        Some(fraction) => {
            progress.step("held-out check");
            let (train, test) = holdout_split(signals.len(), fraction, args.seed)?;
            let pick_s = |idx: &[usize]| idx.iter().map(|&i| signals[i]).collect::<Vec<_>>();
            let pick_l = |idx: &[usize]| idx.iter().map(|&i| labels[i]).collect::<Vec<_>>();
            let (tr_l, te_l) = (pick_l(&train), pick_l(&test));
            let fit = KMeansSegmenter::new(config.clone().check()?)
                .fit(&pick_s(&train), has_label.then_some(tr_l.as_slice()))?;
            // Round-trip through JSON: the held-out rows see exactly the saved model.
            let saved = SegmentationModel::from_json(&fit.model.to_json()?)?;
            let (_, held) = evaluate(
                &saved,
                &pick_s(&test),
                has_label.then_some(te_l.as_slice()),
                config.silhouette,
            )?;
            Some(HoldoutOut {
                fraction,
                seed: args.seed,
                train: fit.report,
                held_out: held,
            })
        }
        None => None,
    };

    // Every output is prepared in full before any of them replaces a file.
    let mut ready: Vec<Output> = Vec::new();
    if let Some(path) = &args.model_out {
        let mut out = Output::open(path, &[], Overwrite::Allow)?;
        let text = model.to_json()? + "\n";
        out.write_all(text.as_bytes())
            .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
        ready.push(out);
    }
    if let Some(path) = &args.assignments {
        ready.push(write_assignments(
            path, &ids, &signals, &segments, &perfis, &actions,
        )?);
    }
    if let Some(path) = &args.report {
        let input_text = args.input.display().to_string();
        let model_text = args.model.as_ref().map(|p| p.display().to_string());
        let html = report::render(&report::ReportInput {
            lang: args.lang,
            input: &input_text,
            generated_at: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            model_path: model_text.as_deref(),
            report: &report,
            model: &model,
            signals: &signals,
            segments: &segments,
            portfolio: &portfolio,
            stability: stability_report.as_ref(),
            stability_unavailable,
            migration: migration.as_ref(),
            holdout: holdout.as_ref().map(|h| (&h.train, &h.held_out)),
        });
        let mut out = Output::open(path, &[], Overwrite::Allow)?;
        out.write_all(html.as_bytes())
            .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
        ready.push(out);
    }
    for out in ready {
        out.finish()?;
    }
    progress.step("outputs written");

    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string(&JsonOut {
            report: &report,
            input: InputOut {
                file: args.input.display().to_string(),
                rows: signals.len(),
                program_version: env!("CARGO_PKG_VERSION"),
                model: args.model.as_ref().map(|p| p.display().to_string()),
            },
            policy_version: policy.version(),
            portfolio: &portfolio,
            stability: stability_report.as_ref(),
            migration: migration.as_ref(),
            holdout,
        })?;
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{}", table("all clients", &report, &perfis))?;
        if let Some(h) = &holdout {
            write!(
                out,
                "\n{}",
                table(
                    &format!(
                        "fit on {:.0} % (seed {})",
                        (1.0 - h.fraction) * 100.0,
                        h.seed
                    ),
                    &h.train,
                    &perfis
                )
            )?;
            write!(
                out,
                "\n{}",
                table(
                    &format!("held-out {:.0} %, saved model", h.fraction * 100.0),
                    &h.held_out,
                    &perfis
                )
            )?;
        }
        if let Some(st) = &stability_report {
            write!(out, "\n{}", stability_lines(st))?;
        } else if stability_unavailable {
            writeln!(
                out,
                "\nstability: the model keeps no fit distributions; refit it with this version"
            )?;
        }
        if let Some(m) = &migration {
            write!(out, "\n{}", migration_lines(m))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn fmt_opt(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}"))
        .unwrap_or_else(|| "-".into())
}

fn stability_lines(st: &StabilityReport) -> String {
    let mut s = String::from("stability against the fit population (PSI):\n");
    for e in std::iter::once(&st.segments).chain(&st.signals) {
        s.push_str(&format!(
            "  {:<20} {:>7.4}  {}\n",
            e.name,
            e.psi,
            serde_json::to_value(e.band)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        ));
    }
    s
}

fn migration_lines(m: &MigrationMatrix) -> String {
    let mut s = format!(
        "migration from the previous assignment: {} matched, {} new, {} gone, {:.1} % worsened, {:.1} % improved\n  from\\to",
        m.matched,
        m.new_clients,
        m.gone_clients,
        100.0 * m.worsened,
        100.0 * m.improved
    );
    for to in 0..m.counts.len() {
        s.push_str(&format!(" {to:>7}"));
    }
    s.push('\n');
    for (from, row) in m.counts.iter().enumerate() {
        s.push_str(&format!("  {from:>7}"));
        for n in row {
            s.push_str(&format!(" {n:>7}"));
        }
        s.push('\n');
    }
    s
}

fn table(title: &str, r: &ValidationReport, perfis: &[String]) -> String {
    let mut s = format!(
        "{title}: {} rows, k = {}, silhouette {}, AUC {}, default rate rising: {}\n",
        r.rows,
        r.k,
        fmt_opt(r.silhouette, 4),
        fmt_opt(r.auc, 4),
        r.monotonic_default
            .map(|m| if m { "yes" } else { "NO" })
            .unwrap_or("-")
    );
    s.push_str(&format!(
        "{:>3} {:>7} {:>6} {:>8} {:>6} {:>6} {:>6} {:>10} {:>8}  {}\n",
        "seg",
        "size",
        "share",
        "gravid.",
        "freq",
        "pago",
        "uso",
        "limite",
        "default",
        "perfil_risco"
    ));
    for seg in &r.segments {
        let m = |n: &str| seg.means.get(n).copied().unwrap_or(f64::NAN);
        s.push_str(&format!(
            "{:>3} {:>7} {:>5.1}% {:>8.2} {:>6.2} {:>6.3} {:>6.3} {:>10.0} {:>8}  {}\n",
            seg.segment,
            seg.size,
            100.0 * seg.size as f64 / r.rows.max(1) as f64,
            m("score_gravidade"),
            m("freq_atrasos"),
            m("razao_pagamento_6m"),
            m("taxa_uso_limite"),
            m("limite_credito"),
            fmt_opt(seg.default_rate, 3),
            perfis.get(seg.segment).map(String::as_str).unwrap_or("")
        ));
    }
    s
}

/// Refuse, before any work, an output that is the portfolio, the model read,
/// or another output of the same run.
fn check_outputs(args: &SegmentArgs) -> Result<(), CliError> {
    let mut inputs: Vec<&Path> = vec![&args.input];
    inputs.extend(args.model.as_deref());
    inputs.extend(args.policy.as_deref());
    inputs.extend(args.previous.as_deref());
    let outputs = [&args.model_out, &args.assignments, &args.report];
    let outputs: Vec<&Path> = outputs
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    for (i, output) in outputs.iter().enumerate() {
        ensure_distinct(output, &inputs)?;
        if outputs[..i]
            .iter()
            .any(|earlier| same_file(earlier, output))
        {
            return Err(CliError(format!(
                "{} is given for two outputs: choose a file for each",
                output.display()
            )));
        }
    }
    Ok(())
}

fn write_assignments(
    path: &Path,
    ids: &[String],
    signals: &[RiskSignals],
    segments: &[usize],
    perfis: &[String],
    actions: &[ClientAction],
) -> Result<Output, CliError> {
    let labels: Vec<String> = perfis.iter().map(|p| quoted(p)).collect();
    let mut w = Output::open(path, &[], Overwrite::Allow)?;
    let mut write = || -> std::io::Result<()> {
        writeln!(w, "ID,score_gravidade,freq_atrasos,razao_pagamento_6m,taxa_uso_limite,limite_credito,inactive,segment,perfil_risco,estado,segmento_tratado,objetivo,canal,tom,acao_recomendada,atendimento_humano")?;
        for (((id, s), &seg), action) in ids.iter().zip(signals).zip(segments).zip(actions) {
            let policy = match &action.decision {
                Some(d) => format!(
                    "{},{},{},{},{},{}",
                    d.segment,
                    csv_field(&d.objetivo),
                    d.canal,
                    csv_field(&d.tom),
                    csv_field(&d.acao_recomendada),
                    d.human_escalation
                ),
                None => ",,,,,".to_string(),
            };
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(id),
                s.score_gravidade,
                s.freq_atrasos,
                s.razao_pagamento_6m,
                s.taxa_uso_limite,
                s.limite_credito,
                s.inactive,
                seg,
                labels.get(seg).map(String::as_str).unwrap_or(""),
                action.state.code(),
                policy
            )?;
        }
        Ok(())
    };
    write().map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
    Ok(w)
}

/// Always-quoted CSV field (profile labels contain spaces and slashes).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}
