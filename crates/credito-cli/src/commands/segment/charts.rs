//! Inline SVG charts of the segmentation report: bars per segment and box plots of a signal
//! per segment, on a linear or logarithmic axis.

use std::fmt::Write;

/// Segment colours, from low to high risk.
pub const COLORS: [&str; 8] = [
    "#2e7d32", "#b58900", "#ef6c00", "#c62828", "#6a1b9a", "#1565c0", "#00838f", "#4e342e",
];

pub(crate) use crate::commands::html::esc;

/// How values map onto a chart axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Proportional.
    Linear,
    /// `ln(1 + v)`: for skewed non-negative values such as the severity score.
    Log,
}

impl Axis {
    fn map(self, v: f64) -> f64 {
        match self {
            Axis::Linear => v,
            Axis::Log => v.max(0.0).ln_1p(),
        }
    }
}

/// Bars, one per segment, each labelled with `label(value)`.
pub fn bars(
    title: &str,
    segment_word: &str,
    values: &[f64],
    label: impl Fn(f64) -> String,
) -> String {
    let (w, h, pad) = (440.0, 230.0, 32.0);
    let max = values.iter().copied().fold(0.0f64, f64::max).max(1e-12);
    let bw = (w - 2.0 * pad) / values.len().max(1) as f64;
    let mut s = format!(
        r#"<figure><figcaption>{t}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="{t}">"#,
        t = esc(title)
    );
    for (i, v) in values.iter().enumerate() {
        let bh = (h - 2.0 * pad) * v / max;
        let x = pad + i as f64 * bw + 6.0;
        let y = h - pad - bh;
        let mid = x + (bw - 12.0) / 2.0;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="{}"/><text x="{mid:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text><text x="{mid:.1}" y="{:.1}" font-size="12" text-anchor="middle">{} {i}</text>"#,
            bw - 12.0,
            COLORS[i % COLORS.len()],
            y - 4.0,
            esc(&label(*v)),
            h - pad + 16.0,
            esc(segment_word),
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
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Box plots of one signal per segment: 5th–95th percentile whiskers, 25th–75th box, median.
/// `tick` writes an axis value in the report's language.
pub fn boxes(
    caption: &str,
    segment_word: &str,
    per_segment: &[Vec<f64>],
    axis: Axis,
    tick: impl Fn(f64) -> String,
) -> String {
    let (w, h, pad) = (440.0, 210.0, 34.0);
    let stats: Vec<[f64; 5]> = per_segment
        .iter()
        .map(|v| {
            let mut v = v.clone();
            v.sort_by(f64::total_cmp);
            [0.05, 0.25, 0.5, 0.75, 0.95].map(|q| quantile(&v, q))
        })
        .collect();
    let finite = || stats.iter().flatten().copied().filter(|v| v.is_finite());
    let lo = finite().fold(f64::INFINITY, f64::min);
    let hi = finite().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let (mlo, mhi) = (axis.map(lo), axis.map(hi));
    let y = |v: f64| h - pad - (h - 2.0 * pad) * (axis.map(v) - mlo) / (mhi - mlo).max(1e-12);
    let bw = (w - 2.0 * pad - 20.0) / stats.len().max(1) as f64;
    let mut s = format!(
        r#"<figure><figcaption>{c}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="{c}">"#,
        c = esc(caption)
    );
    let mut ticks = vec![lo, hi];
    if axis == Axis::Log {
        // A few round values in between, so a reader sees the axis is not linear.
        ticks.extend(
            [1.0, 4.0, 10.0, 30.0, 100.0]
                .into_iter()
                .filter(|t| *t > lo && *t < hi),
        );
    } else {
        ticks.push((lo + hi) / 2.0);
    }
    for t in ticks {
        let _ = write!(
            s,
            r##"<line x1="{pad:.1}" x2="{:.1}" y1="{yt:.1}" y2="{yt:.1}" stroke="#ddd"/><text x="2" y="{:.1}" font-size="11">{}</text>"##,
            w - 4.0,
            y(t) + 4.0,
            esc(&tick(t)),
            yt = y(t),
        );
    }
    for (i, st) in stats.iter().enumerate() {
        if !st[2].is_finite() {
            continue;
        }
        let cx = pad + 20.0 + i as f64 * bw + bw / 2.0;
        let _ = write!(
            s,
            r##"<line x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}" stroke="#555"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" fill-opacity="0.6" stroke="#333"/><line x1="{:.1}" x2="{:.1}" y1="{m:.1}" y2="{m:.1}" stroke="#000" stroke-width="2"/><text x="{cx:.1}" y="{:.1}" font-size="12" text-anchor="middle">{} {i}</text>"##,
            y(st[0]),
            y(st[4]),
            cx - bw / 4.0,
            y(st[3]),
            bw / 2.0,
            (y(st[1]) - y(st[3])).max(1.0),
            COLORS[i % COLORS.len()],
            cx - bw / 4.0,
            cx + bw / 4.0,
            h - pad + 16.0,
            esc(segment_word),
            m = y(st[2]),
        );
    }
    s.push_str("</svg></figure>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axis_marks_round_values_and_escapes_text() {
        let svg = boxes(
            "a < b",
            "seg",
            &[vec![0.0, 0.0, 2.0], vec![0.0, 8.0, 50.0]],
            Axis::Log,
            |v| format!("{v:.0}"),
        );
        assert!(svg.contains("a &lt; b"));
        assert!(svg.contains(">10<") && svg.contains(">30<"), "{svg}");
        assert_eq!(Axis::Log.map(0.0), 0.0);
    }
}
