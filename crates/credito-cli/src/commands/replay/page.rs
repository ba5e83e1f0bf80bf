//! The replay as a self-contained HTML page (no scripts, nothing fetched), in pt-BR: the
//! transition matrix, the rates before and after, and every changed decision with both sets
//! of reasons.

use std::fmt::Write;

use serde_json::Value;

use super::compare::{ReplayReport, STATUSES};

use crate::commands::html::esc;

fn label(status: &str) -> &str {
    match status {
        "approved" => "Aprovado",
        "pending_review" => "Revisão manual",
        "rejected" => "Recusado",
        other => other,
    }
}

fn reasons(v: &Value) -> String {
    let items: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    format!(
                        "<li><code>{}</code> {}</li>",
                        esc(r["code"].as_str().unwrap_or("")),
                        esc(r["text_pt"].as_str().unwrap_or(""))
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if items.is_empty() {
        "—".into()
    } else {
        format!("<ul>{}</ul>", items.join(""))
    }
}

/// Render the page.
pub fn render(r: &ReplayReport) -> String {
    let pct = |v: Option<f64>| {
        v.map(|x| br_format::percent_places(x, 1))
            .unwrap_or_else(|| "–".into())
    };
    let brl = |v: Option<f64>| v.map(br_format::brl).unwrap_or_else(|| "–".into());
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>Replay: campeão × desafiante</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #bbb;padding:4px 8px;font-size:13px;vertical-align:top}}\
         th{{background:#f1f3f5}}td.n{{text-align:right}}ul{{margin:0;padding-left:1.2em}}</style></head><body><main>\
         <h1>Replay: campeão × desafiante</h1><p>Desafiante: <strong>{}</strong> · {} decisões refeitas no mesmo instante da original.</p>",
        esc(&r.challenger),
        br_format::number(r.replayed as f64, 0)
    );
    h.push_str("<h2>Transições de status</h2><table><thead><tr><th scope=\"col\">Campeão \\ desafiante</th>");
    for to in STATUSES {
        let _ = write!(h, "<th scope=\"col\">{}</th>", label(to));
    }
    h.push_str("</tr></thead><tbody>");
    for from in STATUSES {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", label(from));
        for to in STATUSES {
            let n = r
                .transitions
                .get(from)
                .and_then(|row| row.get(to))
                .copied()
                .unwrap_or(0);
            let _ = write!(h, "<td class=\"n\">{}</td>", br_format::number(n as f64, 0));
        }
        h.push_str("</tr>");
    }
    let _ = write!(
        h,
        "</tbody></table><table><tbody><tr><th scope=\"row\">Taxa de aprovação</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\
         <tr><th scope=\"row\">Valor médio aprovado</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tbody></table>",
        pct(r.approval_rate.before),
        pct(r.approval_rate.after),
        brl(r.mean_approved_amount.before),
        brl(r.mean_approved_amount.after)
    );
    let _ = write!(
        h,
        "<h2>Decisões alteradas ({})</h2><table><thead><tr><th scope=\"col\">Pedido</th><th scope=\"col\">Antes</th><th scope=\"col\">Depois</th><th scope=\"col\">Motivos antes</th><th scope=\"col\">Motivos depois</th></tr></thead><tbody>",
        r.changed.len()
    );
    for o in &r.changed {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}<br>{}</td><td>{}<br>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.request_id),
            label(&o.champion_status),
            brl(o.champion_amount),
            label(&o.challenger_status),
            brl(o.challenger_amount),
            reasons(&o.champion_reasons),
            reasons(&o.challenger_reasons)
        );
    }
    h.push_str("</tbody></table>");
    if !r.errors.is_empty() {
        let _ = write!(h, "<h2>Não refeitas ({})</h2><ul>", r.errors.len());
        for e in &r.errors {
            let _ = write!(h, "<li>{}: {}</li>", esc(&e.what), esc(&e.error));
        }
        h.push_str("</ul>");
    }
    h.push_str("</main></body></html>\n");
    h
}
