//! Self-contained SVG pictures of a fuzzy system: each variable's terms, the
//! crisp value marked, and for the output the clipped, aggregated area with
//! the score marked.

use std::fmt::Write as _;

use crate::{Evaluation, MamdaniSystem, Variable};

/// Layout of the rendered SVG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SvgOptions {
    /// Width of the whole picture in pixels.
    pub width: f64,
    /// Height of one variable's panel in pixels.
    pub panel_height: f64,
    /// Also draw one panel per input variable (with its value marked).
    pub include_inputs: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            width: 640.0,
            panel_height: 170.0,
            include_inputs: true,
        }
    }
}

/// Horizontal margins of a panel's plot area.
const LEFT: f64 = 48.0;
const RIGHT: f64 = 24.0;
/// Vertical margins of a panel's plot area.
const TOP: f64 = 30.0;
const BOTTOM: f64 = 34.0;
const COLOURS: [&str; 6] = [
    "#2f9e44", "#f08c00", "#e03131", "#1971c2", "#9c36b5", "#0c8599",
];

/// One variable's panel.
struct Panel<'a> {
    var: &'a Variable,
    title: String,
    marker: Option<f64>,
    /// Cuts of the terms (output panel): draws the aggregated area.
    cuts: Option<&'a [f64]>,
}

impl MamdaniSystem {
    /// An SVG of the output variable's terms (with the aggregated, clipped
    /// area and the centroid marked when `evaluation` is given) and, when
    /// `options.include_inputs`, one panel per input with `crisp[i]` marked.
    ///
    /// Each marker is a `<line class="marker" data-variable=".." data-value="..">`
    /// at the value's x position (values outside a universe are drawn at its
    /// bound; the label keeps the raw value).
    pub fn render_svg(
        &self,
        crisp: Option<&[f64]>,
        evaluation: Option<&Evaluation>,
        options: &SvgOptions,
    ) -> String {
        self.render_svg_titled(crisp, evaluation, options, "")
    }

    /// [`render_svg`](Self::render_svg) with `suffix` written after the output's
    /// score in its panel title (e.g. a label for the score's band).
    pub fn render_svg_titled(
        &self,
        crisp: Option<&[f64]>,
        evaluation: Option<&Evaluation>,
        options: &SvgOptions,
        suffix: &str,
    ) -> String {
        let out = self.output();
        let score = evaluation.and_then(|e| e.output);
        let title = match (evaluation, score) {
            (Some(_), Some(s)) => format!("{} = {}{suffix}", out.name(), fmt_value(s)),
            (Some(_), None) => format!("{}: undetermined (no rule fired)", out.name()),
            (None, _) => out.name().to_string(),
        };
        let mut panels = vec![Panel {
            var: out,
            title,
            marker: score,
            cuts: evaluation.map(|e| e.term_activations.as_slice()),
        }];
        if options.include_inputs {
            for (i, var) in self.inputs().iter().enumerate() {
                let value = crisp.and_then(|c| c.get(i)).copied();
                let title = match value {
                    Some(v) => format!("{} = {}", var.name(), fmt_value(v)),
                    None => var.name().to_string(),
                };
                panels.push(Panel {
                    var,
                    title,
                    marker: value,
                    cuts: None,
                });
            }
        }
        render(&panels, options)
    }
}

fn render(panels: &[Panel<'_>], o: &SvgOptions) -> String {
    let width = if o.width.is_finite() && o.width > LEFT + RIGHT + 10.0 {
        o.width
    } else {
        SvgOptions::default().width
    };
    let ph = if o.panel_height.is_finite() && o.panel_height > TOP + BOTTOM + 10.0 {
        o.panel_height
    } else {
        SvgOptions::default().panel_height
    };
    let height = ph * panels.len() as f64;
    let mut s = String::with_capacity(8192 * panels.len());
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">"#,
        w = px(width),
        h = px(height),
    );
    let _ = write!(
        s,
        "<title>{}</title>",
        escape(panels.first().map_or("", |p| p.title.as_str()))
    );
    let _ = write!(
        s,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        px(width),
        px(height)
    );
    for (i, p) in panels.iter().enumerate() {
        panel(&mut s, p, i as f64 * ph, width, ph);
    }
    s.push_str("</svg>\n");
    s
}

fn panel(s: &mut String, p: &Panel<'_>, y0: f64, width: f64, ph: f64) {
    let xs = p.var.universe().points();
    let (lo, hi) = (p.var.universe().min(), p.var.universe().max());
    let span = if hi > lo { hi - lo } else { 1.0 };
    let plot_w = width - LEFT - RIGHT;
    let plot_h = ph - TOP - BOTTOM;
    let fx = |x: f64| LEFT + (x.clamp(lo, hi) - lo) / span * plot_w;
    let fy = |m: f64| y0 + TOP + (1.0 - m.clamp(0.0, 1.0)) * plot_h;
    let name = escape(p.var.name());
    let _ = write!(s, r#"<g class="variable" data-variable="{name}">"#);
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" font-size="13" font-weight="bold">{}</text>"#,
        px(LEFT),
        px(y0 + 18.0),
        escape(&p.title)
    );
    // Axes and ticks at 0, 1/2 and 1 of the universe.
    let _ = write!(
        s,
        r##"<path d="M{l} {t} L{l} {b} L{r} {b}" fill="none" stroke="#495057"/>"##,
        l = px(LEFT),
        t = px(y0 + TOP),
        b = px(fy(0.0)),
        r = px(LEFT + plot_w),
    );
    for (frac, anchor) in [(0.0, "start"), (0.5, "middle"), (1.0, "end")] {
        let v = lo + frac * (hi - lo);
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
            px(fx(v)),
            px(fy(0.0) + 14.0),
            fmt_value(v)
        );
    }
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" text-anchor="end">1</text><text x="{}" y="{}" text-anchor="end">0</text>"#,
        px(LEFT - 6.0),
        px(fy(1.0) + 4.0),
        px(LEFT - 6.0),
        px(fy(0.0))
    );
    // Aggregated output area: max over terms of min(cut, curve).
    if let Some(cuts) = p.cuts {
        if cuts.iter().any(|&c| c > 0.0) {
            let mut d = format!("M{} {}", px(fx(xs[0])), px(fy(0.0)));
            for (i, &x) in xs.iter().enumerate() {
                let m = p
                    .var
                    .terms()
                    .iter()
                    .zip(cuts)
                    .map(|(t, &c)| c.min(t.curve()[i]))
                    .fold(0.0f64, f64::max);
                let _ = write!(d, " L{} {}", px(fx(x)), px(fy(m)));
            }
            let _ = write!(d, " L{} {} Z", px(fx(hi)), px(fy(0.0)));
            let _ = write!(
                s,
                r##"<path class="aggregate" d="{d}" fill="#adb5bd" fill-opacity="0.55" stroke="none"/>"##
            );
        }
    }
    // Term curves and legend.
    for (k, t) in p.var.terms().iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let mut pts = String::with_capacity(xs.len() * 14);
        for (&x, &m) in xs.iter().zip(t.curve()) {
            let _ = write!(pts, "{},{} ", px(fx(x)), px(fy(m)));
        }
        let _ = write!(
            s,
            r#"<polyline class="term" data-term="{}" points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            escape(t.name()),
            pts.trim_end()
        );
        let lx = LEFT + plot_w - 70.0 * (p.var.terms().len() - k) as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" fill="{colour}">{}</text>"#,
            px(lx.max(LEFT)),
            px(y0 + 18.0),
            escape(t.name())
        );
    }
    if let Some(v) = p.marker.filter(|v| v.is_finite()) {
        let x = fx(v);
        let _ = write!(
            s,
            r##"<line class="marker" data-variable="{name}" data-value="{}" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#212529" stroke-width="2" stroke-dasharray="5 3"/>"##,
            fmt_value(v),
            px(y0 + TOP - 4.0),
            px(fy(0.0)),
            x = px(x),
        );
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>"#,
            px(x),
            px(y0 + TOP - 6.0),
            fmt_value(v)
        );
    }
    s.push_str("</g>");
}

/// A pixel coordinate with two decimals.
fn px(v: f64) -> String {
    format!("{v:.2}")
}

/// A value for labels: up to four decimals, no trailing zeros.
fn fmt_value(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Escape text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}
