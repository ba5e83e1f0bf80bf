//! Self-contained HTML report of a segmentation (inline CSS and SVG, no
//! scripts, no network): segment sizes, default rate by segment and each
//! signal's distribution by segment (5th/25th/50th/75th/95th percentiles).

use std::fmt::Write;

use risk_features::{RiskSignals, SIGNAL_NAMES};
use segmentation::{SegmentationModel, ValidationReport};

const COLORS: [&str; 8] = [
    "#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#1565c0", "#00838f", "#4e342e",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn bar_chart(title: &str, values: &[f64], fmt: impl Fn(f64) -> String) -> String {
    let (w, h, pad) = (420.0, 220.0, 30.0);
    let max = values.iter().cloned().fold(0.0f64, f64::max).max(1e-12);
    let bw = (w - 2.0 * pad) / values.len().max(1) as f64;
    let mut s = format!(
        r#"<figure><figcaption>{}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">"#,
        esc(title)
    );
    for (i, v) in values.iter().enumerate() {
        let bh = (h - 2.0 * pad) * v / max;
        let x = pad + i as f64 * bw + 6.0;
        let y = h - pad - bh;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">seg {i}</text>"#,
            bw - 12.0,
            COLORS[i % COLORS.len()],
            x + (bw - 12.0) / 2.0,
            y - 4.0,
            esc(&fmt(*v)),
            x + (bw - 12.0) / 2.0,
            h - pad + 14.0
        );
    }
    s.push_str("</svg></figure>");
    s
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn box_chart(name: &str, per_segment: &[Vec<f64>]) -> String {
    let (w, h, pad) = (420.0, 200.0, 30.0);
    let stats: Vec<[f64; 5]> = per_segment
        .iter()
        .map(|v| {
            let mut v = v.clone();
            v.sort_by(f64::total_cmp);
            [0.05, 0.25, 0.5, 0.75, 0.95].map(|q| quantile(&v, q))
        })
        .collect();
    let lo = stats
        .iter()
        .map(|s| s[0])
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let hi = stats
        .iter()
        .map(|s| s[4])
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let y = |v: f64| h - pad - (h - 2.0 * pad) * (v - lo) / (hi - lo);
    let bw = (w - 2.0 * pad) / stats.len().max(1) as f64;
    let mut s = format!(
        r#"<figure><figcaption>{} by segment (p5–p95 whiskers, p25–p75 box, median)</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img"><text x="2" y="{:.1}" font-size="10">{}</text><text x="2" y="{:.1}" font-size="10">{}</text>"#,
        esc(name),
        pad - 4.0,
        esc(&format!("{hi:.3}")),
        h - pad + 12.0,
        esc(&format!("{lo:.3}"))
    );
    for (i, st) in stats.iter().enumerate() {
        if !st[2].is_finite() {
            continue;
        }
        let cx = pad + i as f64 * bw + bw / 2.0;
        let _ = write!(
            s,
            r##"<line x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}" stroke="#555"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" fill-opacity="0.6" stroke="#333"/><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000" stroke-width="2"/><text x="{cx:.1}" y="{:.1}" font-size="11" text-anchor="middle">seg {i}</text>"##,
            y(st[0]),
            y(st[4]),
            cx - bw / 4.0,
            y(st[3]),
            bw / 2.0,
            (y(st[1]) - y(st[3])).max(1.0),
            COLORS[i % COLORS.len()],
            cx - bw / 4.0,
            cx + bw / 4.0,
            y(st[2]),
            y(st[2]),
            h - pad + 14.0
        );
    }
    s.push_str("</svg></figure>");
    s
}

fn report_table(title: &str, r: &ValidationReport) -> String {
    let mut s = format!(
        "<h2>{}</h2><p>{} clients · k = {} · silhouette {} · ROC AUC of the segment number {} · default rate strictly rising: {}</p><table><tr><th>segment</th><th>perfil_risco</th><th>size</th><th>share</th>",
        esc(title),
        r.rows,
        r.k,
        r.silhouette.map(|v| format!("{v:.4}")).unwrap_or("–".into()),
        r.auc.map(|v| format!("{v:.4}")).unwrap_or("–".into()),
        r.monotonic_default.map(|m| if m { "yes" } else { "no" }).unwrap_or("–"),
    );
    for n in SIGNAL_NAMES {
        let _ = write!(s, "<th>mean {n}</th>");
    }
    s.push_str("<th>default rate</th></tr>");
    for seg in &r.segments {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.1} %</td>",
            seg.segment,
            esc(&super::perfil(seg.segment, r.k)),
            seg.size,
            100.0 * seg.size as f64 / r.rows.max(1) as f64
        );
        for n in SIGNAL_NAMES {
            let _ = write!(
                s,
                "<td>{:.3}</td>",
                seg.means.get(n).copied().unwrap_or(f64::NAN)
            );
        }
        let _ = write!(
            s,
            "<td>{}</td></tr>",
            seg.default_rate
                .map(|v| format!("{v:.3}"))
                .unwrap_or("–".into())
        );
    }
    s.push_str("</table>");
    s
}

/// Render the whole page.
pub fn render(
    report: &ValidationReport,
    signals: &[RiskSignals],
    segments: &[usize],
    model: &SegmentationModel,
    holdout: Option<(&ValidationReport, &ValidationReport)>,
) -> String {
    let k = report.k;
    let mut html = String::from(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>credito segment report</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 7px;text-align:right;font-size:13px}figure{display:inline-block;margin:8px}figcaption{font-size:13px;font-weight:bold}</style></head><body><h1>Collection risk segmentation</h1>"#,
    );
    let _ = write!(
        html,
        "<p>Model: features {}; ordering rule <code>{:?}</code>; fitted on {} clients.</p>",
        esc(&model
            .features
            .iter()
            .map(|f| format!("{} ({:?})", f.name, f.transform))
            .collect::<Vec<_>>()
            .join(", ")),
        model.ordering,
        model.metrics.rows
    );
    html.push_str(&report_table("All clients", report));
    let sizes: Vec<f64> = report.segments.iter().map(|s| s.size as f64).collect();
    html.push_str(&bar_chart("Clients per segment", &sizes, |v| {
        format!("{v:.0}")
    }));
    if report.segments.iter().any(|s| s.default_rate.is_some()) {
        let rates: Vec<f64> = report
            .segments
            .iter()
            .map(|s| s.default_rate.unwrap_or(0.0))
            .collect();
        html.push_str(&bar_chart("Default rate by segment", &rates, |v| {
            format!("{:.1} %", v * 100.0)
        }));
    }
    html.push_str("<h2>Signal distributions by segment</h2>");
    for (j, name) in SIGNAL_NAMES.iter().enumerate() {
        let mut per: Vec<Vec<f64>> = vec![Vec::new(); k];
        for (s, &seg) in signals.iter().zip(segments) {
            if seg < k {
                per[seg].push(s.values()[j]);
            }
        }
        html.push_str(&box_chart(name, &per));
    }
    if let Some((train, held)) = holdout {
        html.push_str(&report_table("Held-out check: fit part", train));
        html.push_str(&report_table(
            "Held-out check: clients the model never saw",
            held,
        ));
    }
    html.push_str("<p>Data: Yeh, I. C. (2009). Default of Credit Card Clients. UCI Machine Learning Repository, CC BY 4.0, doi:10.24432/C55S3H.</p></body></html>\n");
    html
}
