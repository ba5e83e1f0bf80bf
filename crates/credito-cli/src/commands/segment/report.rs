//! Self-contained HTML report of a segmented portfolio (inline CSS and SVG, no scripts, no
//! network), in Brazilian Portuguese by default: who is in each segment, how many defaulted
//! and how much they owe, what the collection policy does with them, their states, roll rates,
//! signal distributions, and — when asked — stability against the fit population and the
//! migration from a previous assignment.

use std::fmt::Write;

use collection_policy::ClientState;
use risk_features::{Bucket, RiskSignals, RollRates, SIGNAL_NAMES};
use segmentation::{MigrationMatrix, SegmentationModel, StabilityReport, ValidationReport};

use super::charts::{bars, boxes, esc, Axis};
use super::portfolio::PortfolioView;
use super::words::{Lang, Words};

/// Everything one report shows.
pub struct ReportInput<'a> {
    /// Language of the page.
    pub lang: Lang,
    /// The portfolio file, as given.
    pub input: &'a str,
    /// When the report was made (UTC, `YYYY-MM-DD HH:MM`).
    pub generated_at: String,
    /// The saved model's path when assigning (`None`: fitted in this run).
    pub model_path: Option<&'a str>,
    /// Validation of the segmentation on this portfolio.
    pub report: &'a ValidationReport,
    /// The model.
    pub model: &'a SegmentationModel,
    /// Every client's signals.
    pub signals: &'a [RiskSignals],
    /// Every client's segment.
    pub segments: &'a [usize],
    /// The policy's view of the portfolio.
    pub portfolio: &'a PortfolioView,
    /// Stability against the fit population (assigning with a saved model).
    pub stability: Option<&'a StabilityReport>,
    /// `true` when a saved model was given but keeps no fit distributions.
    pub stability_unavailable: bool,
    /// Migration from a previous assignment.
    pub migration: Option<&'a MigrationMatrix>,
    /// Held-out check: (fit part, held-out part).
    pub holdout: Option<(&'a ValidationReport, &'a ValidationReport)>,
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1150px;\
color:#1a1a1a;padding:0 1em}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;\
border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.8em 0}td,th{border:1px \
solid #bbb;padding:4px 8px;font-size:13px}td{text-align:right;white-space:nowrap}td.t,th.t{text-align:left;white-space:normal}\
th{background:#f1f3f5}caption{text-align:left;font-weight:600;padding:4px 0}figure{display:\
inline-block;margin:8px}figcaption{font-size:13px;font-weight:600}.note{color:#444;font-size:\
13px;max-width:70em}dl{display:grid;grid-template-columns:16em 1fr;gap:4px 12px;font-size:14px}\
dt{font-weight:600}.sw{display:inline-block;width:.8em;height:.8em;margin-right:.4em}";

/// Render the whole page.
pub fn render(input: &ReportInput<'_>) -> String {
    let (lang, w) = (input.lang, input.lang.words());
    let mut html = format!(
        r#"<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{}</title><style>{STYLE}</style></head><body><main><h1>{}</h1>"#,
        w.html_lang,
        esc(w.title),
        esc(w.title)
    );
    html.push_str(&header(input, w));
    html.push_str(&segment_table(w.all_clients, input.report, input, true));
    html.push_str(&policy_table(input, w));
    html.push_str(&states_table(input, w));
    let _ = write!(html, "<h2>{}</h2>", esc(w.charts_title));
    let sizes: Vec<f64> = input
        .report
        .segments
        .iter()
        .map(|s| s.size as f64)
        .collect();
    html.push_str(&bars(w.clients_per_segment, w.segment, &sizes, |v| {
        lang.number(v, 0)
    }));
    if input
        .report
        .segments
        .iter()
        .any(|s| s.default_rate.is_some())
    {
        let rates: Vec<f64> = input
            .report
            .segments
            .iter()
            .map(|s| s.default_rate.unwrap_or(0.0))
            .collect();
        html.push_str(&bars(w.default_by_segment, w.segment, &rates, |v| {
            lang.percent(v, 1)
        }));
    }
    html.push_str(&roll_rates(input, w));
    html.push_str(&distributions(input, w));
    if let Some(stability) = input.stability {
        html.push_str(&stability_table(stability, lang, w));
    } else if input.stability_unavailable {
        let _ = write!(
            html,
            "<h2>{}</h2><p class=\"note\">{}</p>",
            esc(w.stability_title),
            esc(w.stability_missing)
        );
    }
    if let Some(m) = input.migration {
        html.push_str(&migration_table(m, lang, w));
    }
    if let Some((train, held)) = input.holdout {
        html.push_str(&segment_table(w.holdout_fit, train, input, false));
        html.push_str(&segment_table(w.holdout_held, held, input, false));
    }
    html.push_str(&definitions(lang, w));
    let _ = writeln!(
        html,
        "<p class=\"note\">{}</p></main></body></html>",
        esc(w.data_note)
    );
    html
}

fn header(input: &ReportInput<'_>, w: &Words) -> String {
    let lang = input.lang;
    let model = match input.model_path {
        Some(path) => format!(
            "{} {} ({} {})",
            w.model_loaded,
            path,
            lang.number(input.model.metrics.rows as f64, 0),
            w.fit_clients
        ),
        None => w.model_fitted_now.to_string(),
    };
    let r = input.report;
    let opt = |v: Option<f64>| v.map(|x| lang.number(x, 4)).unwrap_or_else(|| "–".into());
    let rising = match r.monotonic_default {
        Some(true) => w.yes,
        Some(false) => w.no,
        None => "–",
    };
    let rows = [
        (w.input, input.input.to_string()),
        (w.generated, input.generated_at.clone()),
        (w.program, env!("CARGO_PKG_VERSION").to_string()),
        (w.policy_version, input.portfolio.policy_version.clone()),
        (w.model, model),
        (w.clients, lang.number(r.rows as f64, 0)),
        (w.silhouette, opt(r.silhouette)),
        (w.auc, opt(r.auc)),
        (w.rising, rising.to_string()),
    ];
    let mut s = String::from("<dl>");
    for (k, v) in rows {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    s.push_str("</dl>");
    s
}

/// The table of segments: size, share, defaulters, default rate, exposure and mean signals.
/// `with_money` adds defaulters and exposure (known for the whole portfolio only).
fn segment_table(
    title: &str,
    r: &ValidationReport,
    input: &ReportInput<'_>,
    with_money: bool,
) -> String {
    let (lang, w) = (input.lang, input.lang.words());
    let mut s = format!("<h2>{}</h2>", esc(title));
    if !with_money {
        let opt = |v: Option<f64>| v.map(|x| lang.number(x, 4)).unwrap_or_else(|| "–".into());
        let _ = write!(
            s,
            "<p>{}: {} · {}: {} · {}: {}</p>",
            esc(w.clients),
            lang.number(r.rows as f64, 0),
            esc(w.silhouette),
            opt(r.silhouette),
            esc(w.auc),
            opt(r.auc)
        );
    }
    let _ = write!(
        s,
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"t\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        esc(w.segment),
        esc(w.profile),
        esc(w.clients),
        esc(w.share)
    );
    if with_money {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(w.defaulters));
    }
    let _ = write!(s, "<th scope=\"col\">{}</th>", esc(w.default_rate));
    if with_money {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(w.exposure));
    }
    for n in SIGNAL_NAMES {
        let _ = write!(
            s,
            "<th scope=\"col\">{} ({})</th>",
            esc(lang.signal_name(n)),
            esc(w.mean_of)
        );
    }
    s.push_str("</tr></thead><tbody>");
    for seg in &r.segments {
        let detail = input.portfolio.segments.get(seg.segment);
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"t\">{}</td><td>{}</td><td>{}</td>",
            seg.segment,
            esc(detail.map(|d| d.perfil_risco.as_str()).unwrap_or("")),
            lang.number(seg.size as f64, 0),
            lang.percent(seg.size as f64 / r.rows.max(1) as f64, 1)
        );
        if with_money {
            let _ = write!(
                s,
                "<td>{}</td>",
                detail
                    .and_then(|d| d.defaulters)
                    .map(|n| lang.number(n as f64, 0))
                    .unwrap_or_else(|| "–".into())
            );
        }
        let _ = write!(
            s,
            "<td>{}</td>",
            seg.default_rate
                .map(|v| lang.percent(v, 1))
                .unwrap_or_else(|| "–".into())
        );
        if with_money {
            let _ = write!(
                s,
                "<td>{}</td>",
                lang.money(detail.map(|d| d.exposure).unwrap_or(0.0))
            );
        }
        for n in SIGNAL_NAMES {
            let v = seg.means.get(n).copied().unwrap_or(f64::NAN);
            let text = if n == "limite_credito" {
                lang.money(v)
            } else {
                lang.number(v, 2)
            };
            let _ = write!(s, "<td>{text}</td>");
        }
        s.push_str("</tr>");
    }
    if with_money {
        let p = input.portfolio;
        let defaulters: Option<u64> = p.segments.iter().map(|d| d.defaulters).sum();
        let _ = write!(
            s,
            "<tr><th scope=\"row\" colspan=\"2\" class=\"t\">{}</th><td>{}</td><td>100 %</td><td>{}</td><td>{}</td><td>{}</td><td colspan=\"{}\"></td></tr>",
            esc(w.total),
            lang.number(r.rows as f64, 0),
            defaulters
                .map(|n| lang.number(n as f64, 0))
                .unwrap_or_else(|| "–".into()),
            defaulters
                .map(|n| lang.percent(n as f64 / r.rows.max(1) as f64, 1))
                .unwrap_or_else(|| "–".into()),
            lang.money(p.exposure),
            SIGNAL_NAMES.len()
        );
    }
    s.push_str("</tbody></table>");
    if with_money {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(w.exposure_note));
    }
    s
}

fn policy_table(input: &ReportInput<'_>, w: &Words) -> String {
    let mut s = format!("<h2>{}</h2>", esc(w.policy_title));
    if !input.portfolio.policy_applies {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(w.policy_missing));
        return s;
    }
    let _ = write!(
        s,
        "<table><thead><tr>{}</tr></thead><tbody>",
        [
            w.segment,
            w.profile,
            w.objective,
            w.channel,
            w.tone,
            w.action,
            w.human
        ]
        .iter()
        .map(|h| format!("<th scope=\"col\" class=\"t\">{}</th>", esc(h)))
        .collect::<String>()
    );
    for d in &input.portfolio.segments {
        let Some(p) = &d.policy else { continue };
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>",
            d.segment,
            esc(&d.perfil_risco),
            esc(&p.objetivo),
            esc(p.canal.as_str()),
            esc(&p.tom),
            esc(&p.acao_recomendada),
            if p.atendimento_humano { w.yes } else { w.no }
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn states_table(input: &ReportInput<'_>, w: &Words) -> String {
    let lang = input.lang;
    let mut s = format!(
        "<h2>{}</h2><p class=\"note\">{}</p><table><thead><tr><th scope=\"col\">{}</th>",
        esc(w.states_title),
        esc(w.states_note),
        esc(w.segment)
    );
    for state in ClientState::ALL {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(lang.state(state)));
    }
    let _ = write!(
        s,
        "<th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(w.lifted)
    );
    for d in &input.portfolio.segments {
        let _ = write!(s, "<tr><td>{}</td>", d.segment);
        for state in ClientState::ALL {
            let n = d.states.get(state.code()).copied().unwrap_or(0);
            let _ = write!(
                s,
                "<td>{} <small>({})</small></td>",
                lang.number(n as f64, 0),
                lang.percent(n as f64 / d.clients.max(1) as f64, 1)
            );
        }
        let _ = write!(s, "<td>{}</td></tr>", lang.number(d.lifted as f64, 0));
    }
    s.push_str("</tbody></table>");
    s
}

fn roll_matrix(caption: &str, rates: &RollRates, lang: Lang, w: &Words) -> String {
    let mut s = format!(
        "<table><caption>{} · {} {}</caption><thead><tr><th scope=\"col\" class=\"t\">{}</th>",
        esc(caption),
        lang.number(rates.transitions() as f64, 0),
        esc(w.transitions),
        esc(w.from_to)
    );
    for b in Bucket::ALL {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(lang.bucket(b)));
    }
    let _ = write!(s, "<th scope=\"col\">{}</th>", esc(w.months));
    s.push_str("</tr></thead><tbody>");
    for from in Bucket::ALL {
        let _ = write!(
            s,
            "<tr><th scope=\"row\" class=\"t\">{}</th>",
            esc(lang.bucket(from))
        );
        for to in Bucket::ALL {
            let cell = rates
                .rate(from, to)
                .map(|r| lang.percent(r, 1))
                .unwrap_or_else(|| "–".into());
            let _ = write!(s, "<td>{cell}</td>");
        }
        let _ = write!(
            s,
            "<td>{}</td></tr>",
            lang.number(rates.from_total(from) as f64, 0)
        );
    }
    let pct = |v: Option<f64>| v.map(|r| lang.percent(r, 1)).unwrap_or_else(|| "–".into());
    let _ = write!(
        s,
        "</tbody></table><p class=\"note\">{}: <strong>{}</strong> · {}: {}</p>",
        esc(w.cure_rate),
        pct(rates.cure_rate()),
        esc(w.entry_rate),
        pct(rates.entry_rate())
    );
    s
}

fn roll_rates(input: &ReportInput<'_>, w: &Words) -> String {
    let lang = input.lang;
    let mut s = format!(
        "<h2>{}</h2><p class=\"note\">{}</p>",
        esc(w.roll_title),
        esc(w.roll_note)
    );
    s.push_str(&roll_matrix(
        w.all_clients,
        &input.portfolio.roll_rates,
        lang,
        w,
    ));
    for d in &input.portfolio.segments {
        let caption = format!("{} {} — {}", w.segment, d.segment, d.perfil_risco);
        s.push_str(&roll_matrix(&caption, &d.roll_rates, lang, w));
    }
    s
}

fn distributions(input: &ReportInput<'_>, w: &Words) -> String {
    let lang = input.lang;
    let k = input.report.k;
    let mut s = format!("<h2>{}</h2>", esc(w.distributions_title));
    for (j, name) in SIGNAL_NAMES.iter().enumerate() {
        let mut per: Vec<Vec<f64>> = vec![Vec::new(); k];
        for (sig, &seg) in input.signals.iter().zip(input.segments) {
            if seg < k {
                per[seg].push(sig.values()[j]);
            }
        }
        let skewed = matches!(*name, "score_gravidade" | "limite_credito");
        let axis = if skewed { Axis::Log } else { Axis::Linear };
        let caption = format!(
            "{} — {}{}",
            lang.signal_name(name),
            w.distribution_caption,
            if skewed {
                format!(" ({})", w.log_scale)
            } else {
                String::new()
            }
        );
        let money = *name == "limite_credito";
        s.push_str(&boxes(&caption, w.segment, &per, axis, |v| {
            if money {
                lang.number(v, 0)
            } else {
                lang.number(v, 2)
            }
        }));
    }
    s
}

fn stability_table(st: &StabilityReport, lang: Lang, w: &Words) -> String {
    let mut s = format!(
        "<h2>{}</h2><p class=\"note\">{}</p><table><thead><tr><th scope=\"col\" class=\"t\">{}</th><th scope=\"col\">PSI</th><th scope=\"col\" class=\"t\">{}</th></tr></thead><tbody>",
        esc(w.stability_title),
        esc(w.stability_note),
        esc(w.measure),
        esc(w.band)
    );
    let rows =
        std::iter::once((w.segment_shares, &st.segments)).chain(st.signals.iter().map(|e| {
            let name = lang.signal_name(&e.name);
            (if name.is_empty() { "?" } else { name }, e)
        }));
    for (label, e) in rows {
        let _ = write!(
            s,
            "<tr><td class=\"t\">{}</td><td>{}</td><td class=\"t\">{}</td></tr>",
            esc(label),
            lang.number(e.psi, 3),
            esc(lang.band(e.band))
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn migration_table(m: &MigrationMatrix, lang: Lang, w: &Words) -> String {
    let k = m.counts.len();
    let mut s = format!(
        "<h2>{}</h2><p class=\"note\">{}</p><p>{}: {} · {}: {} · {}: {} · {}: {} · {}: {}</p><table><thead><tr><th scope=\"col\" class=\"t\">{} \\ {}</th>",
        esc(w.migration_title),
        esc(w.migration_note),
        esc(w.matched),
        lang.number(m.matched as f64, 0),
        esc(w.new_clients),
        lang.number(m.new_clients as f64, 0),
        esc(w.gone_clients),
        lang.number(m.gone_clients as f64, 0),
        esc(w.worsened),
        lang.percent(m.worsened, 1),
        esc(w.improved),
        lang.percent(m.improved, 1),
        esc(w.before),
        esc(w.segment)
    );
    for to in 0..k {
        let _ = write!(s, "<th scope=\"col\">{to}</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for (from, row) in m.counts.iter().enumerate() {
        let _ = write!(s, "<tr><th scope=\"row\" class=\"t\">{from}</th>");
        for n in row {
            let _ = write!(s, "<td>{}</td>", lang.number(*n as f64, 0));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn definitions(lang: Lang, w: &Words) -> String {
    let mut s = format!("<h2>{}</h2><dl>", esc(w.definitions_title));
    for name in SIGNAL_NAMES {
        let _ = write!(
            s,
            "<dt>{}</dt><dd>{}</dd>",
            esc(lang.signal_name(name)),
            esc(lang.signal_definition(name))
        );
    }
    s.push_str("</dl>");
    s
}
