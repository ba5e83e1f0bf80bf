//! The campaign report as a self-contained HTML page (no scripts, nothing fetched), in pt-BR:
//! one table per segment and overall, each variant's uplift over the holdout with its interval
//! drawn on a common axis, and the verdict in words.

use std::fmt::Write;

use collection_campaigns::report::GroupRow;
use collection_campaigns::CampaignReport;

use crate::commands::html::esc;

fn pct(v: Option<f64>) -> String {
    v.map(|x| br_format::percent_places(x, 1))
        .unwrap_or_else(|| "–".into())
}

fn pp(x: f64) -> String {
    let sign = if x >= 0.0 { "+" } else { "−" };
    format!("{sign}{} p.p.", br_format::number((x * 100.0).abs(), 1))
}

fn group_label(g: &str) -> String {
    if g == "holdout" {
        "Controle (sem contato)".into()
    } else {
        format!("Variante {}", esc(g))
    }
}

fn verdict_pt(row: &GroupRow) -> String {
    match (row.verdict_code, row.uplift) {
        (Some("raised"), Some(u)) => format!(
            "aumentou a taxa de pagamento em {} (IC 95 %: {} a {})",
            pp(u.estimate),
            pp(u.lower),
            pp(u.upper)
        ),
        (Some("lowered"), Some(u)) => format!(
            "reduziu a taxa de pagamento em {} (IC 95 %: {} a {})",
            pp(-u.estimate),
            pp(u.lower),
            pp(u.upper)
        ),
        (Some("inconclusive"), Some(u)) => format!(
            "efeito indistinguível do acaso com este tamanho: {} (IC 95 %: {} a {})",
            pp(u.estimate),
            pp(u.lower),
            pp(u.upper)
        ),
        _ => "sem clientes no controle deste segmento para comparar".into(),
    }
}

/// An interval on an axis from −50 to +50 p.p. (clipped), with 0 marked.
fn interval_svg(row: &GroupRow) -> String {
    let Some(u) = row.uplift else {
        return String::new();
    };
    let x = |v: f64| 10.0 + (v.clamp(-0.5, 0.5) + 0.5) * 200.0;
    format!(
        "<svg width=\"220\" height=\"22\" role=\"img\" aria-label=\"uplift {} de {} a {}\">\
         <line x1=\"110\" y1=\"2\" x2=\"110\" y2=\"20\" stroke=\"#555\" stroke-dasharray=\"2 2\"/>\
         <line x1=\"{:.1}\" y1=\"11\" x2=\"{:.1}\" y2=\"11\" stroke=\"#1c4f8a\" stroke-width=\"3\"/>\
         <circle cx=\"{:.1}\" cy=\"11\" r=\"4\" fill=\"#1c4f8a\"/></svg>",
        pp(u.estimate),
        pp(u.lower),
        pp(u.upper),
        x(u.lower),
        x(u.upper),
        x(u.estimate)
    )
}

/// Render the page.
pub fn render(r: &CampaignReport) -> String {
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>Campanha {0}</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1a1a1a}}\
         table{{border-collapse:collapse;margin:0.5em 0 1.5em}}td,th{{border:1px solid #bbb;padding:4px 8px;font-size:13px}}\
         th{{background:#f1f3f5}}td.n{{text-align:right}}p.v{{margin:0.3em 0}}</style></head><body><main>\
         <h1>Campanha {0}</h1><p>Resultados desde {1}. Intervalos de confiança de 95 % pelo método de Newcombe \
         (escore híbrido) para a diferença entre a taxa de pagamento da variante e a do controle.</p>",
        esc(&r.campaign),
        esc(&r.since)
    );
    let mut segments: Vec<Option<u8>> = r.rows.iter().map(|row| row.segment).collect();
    segments.dedup();
    for segment in segments {
        let title = segment.map_or("Todos os segmentos".to_string(), |s| {
            format!("Segmento {s}")
        });
        let _ = write!(
            h,
            "<section><h2>{title}</h2><table><thead><tr><th scope=\"col\">Grupo</th>\
             <th scope=\"col\">Clientes</th><th scope=\"col\">Contatados</th>\
             <th scope=\"col\">Promessas</th><th scope=\"col\">Promessas cumpridas</th>\
             <th scope=\"col\">Pagamento</th><th scope=\"col\">Recuperado</th>\
             <th scope=\"col\">Uplift (IC 95 %)</th><th scope=\"col\">Intervalo (−50 a +50 p.p.)</th>\
             </tr></thead><tbody>"
        );
        let rows: Vec<&GroupRow> = r.rows.iter().filter(|row| row.segment == segment).collect();
        for row in &rows {
            let uplift = row
                .uplift
                .map(|u| format!("{} ({} a {})", pp(u.estimate), pp(u.lower), pp(u.upper)))
                .unwrap_or_else(|| "–".into());
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                group_label(&row.group),
                br_format::number(row.clients as f64, 0),
                br_format::number(row.contacted as f64, 0),
                pct(row.promise_rate),
                pct(row.kept_promise_rate),
                pct(row.payment_rate),
                br_format::brl(row.amount_recovered),
                uplift,
                interval_svg(row)
            );
        }
        h.push_str("</tbody></table>");
        for row in rows.iter().filter(|row| row.group != "holdout") {
            let _ = write!(
                h,
                "<p class=\"v\"><strong>{}</strong> {}.</p>",
                group_label(&row.group),
                verdict_pt(row)
            );
        }
        h.push_str("</section>");
    }
    h.push_str("</main></body></html>\n");
    h
}
