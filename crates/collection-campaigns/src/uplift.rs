//! Intervals for proportions and their differences.
//!
//! [`wilson`] is the Wilson score interval for one proportion; [`newcombe`] is Newcombe's
//! hybrid score interval for the difference of two independent proportions (method 10 of
//! R. G. Newcombe, "Interval estimation for the difference between independent proportions:
//! comparison of eleven methods", *Statistics in Medicine* 17 (1998) 873–890): with Wilson
//! intervals `(l1, u1)` for `p1` and `(l2, u2)` for `p2`, the difference `d = p1 − p2` has
//!
//! ```text
//! lower = d − sqrt((p1 − l1)² + (u2 − p2)²)
//! upper = d + sqrt((u1 − p1)² + (p2 − l2)²)
//! ```
//!
//! It stays inside [−1, 1], behaves at 0 and n successes, and is what scikit-learn's peers
//! (statsmodels `confint_proportions_2indep(method="newcomb")`) compute; the fixtures in
//! `tests/fixtures/newcombe.json` come from that function.
//!
//! ```
//! use collection_campaigns::uplift::newcombe;
//!
//! // Newcombe (1998), table II, example (a): 56/70 against 48/80.
//! let d = newcombe(56, 70, 48, 80, 0.95).unwrap();
//! assert!((d.estimate - 0.2).abs() < 1e-12);
//! assert!((d.lower - 0.0524).abs() < 5e-5 && (d.upper - 0.3339).abs() < 5e-5);
//! ```

use serde::Serialize;

/// An estimate with its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The point estimate.
    pub estimate: f64,
    /// The lower bound.
    pub lower: f64,
    /// The upper bound.
    pub upper: f64,
}

/// The two-sided normal quantile for `confidence`: exact to double precision for 0.90, 0.95
/// and 0.99; otherwise Acklam's rational approximation of the inverse normal (relative error
/// below 1.2e-9). `None` outside (0, 1).
pub fn z_for(confidence: f64) -> Option<f64> {
    if !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    const EXACT: [(f64, f64); 3] = [
        (0.95, 1.959_963_984_540_054),
        (0.90, 1.644_853_626_951_472_2),
        (0.99, 2.575_829_303_548_900_4),
    ];
    Some(
        EXACT
            .iter()
            .find(|(c, _)| *c == confidence)
            .map_or_else(|| inverse_normal(1.0 - (1.0 - confidence) / 2.0), |e| e.1),
    )
}

/// Acklam's rational approximation of the standard normal quantile.
fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let low = 0.02425;
    if p < low {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

/// The Wilson score interval of `successes` out of `n` at normal quantile `z`; `None` when
/// `n` is 0 or `successes > n`.
pub fn wilson(successes: u64, n: u64, z: f64) -> Option<Interval> {
    if n == 0 || successes > n {
        return None;
    }
    let n = n as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(Interval {
        estimate: p,
        lower: (centre - half).max(0.0),
        upper: (centre + half).min(1.0),
    })
}

/// Newcombe's hybrid score interval for `x1/n1 − x2/n2` at `confidence` (e.g. 0.95); `None`
/// when a group is empty or the confidence is not in (0, 1).
pub fn newcombe(x1: u64, n1: u64, x2: u64, n2: u64, confidence: f64) -> Option<Interval> {
    let z = z_for(confidence)?;
    let a = wilson(x1, n1, z)?;
    let b = wilson(x2, n2, z)?;
    let d = a.estimate - b.estimate;
    Some(Interval {
        estimate: d,
        lower: d - ((a.estimate - a.lower).powi(2) + (b.upper - b.estimate).powi(2)).sqrt(),
        upper: d + ((a.upper - a.estimate).powi(2) + (b.estimate - b.lower).powi(2)).sqrt(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn the_usual_quantiles() {
        assert_abs_diff_eq!(z_for(0.95).unwrap(), 1.959_963_984_540_054, epsilon = 1e-12);
        assert_abs_diff_eq!(
            z_for(0.90).unwrap(),
            1.644_853_626_951_472_2,
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(
            z_for(0.99).unwrap(),
            2.575_829_303_548_900_4,
            epsilon = 1e-12
        );
        // Acklam's approximation elsewhere (0.80: 1.2815515655446004).
        assert_abs_diff_eq!(
            z_for(0.80).unwrap(),
            1.281_551_565_544_600_4,
            epsilon = 1e-8
        );
        assert!(z_for(1.0).is_none() && z_for(0.0).is_none() && z_for(f64::NAN).is_none());
    }

    #[test]
    fn wilson_at_the_edges() {
        let z = z_for(0.95).unwrap();
        let none = wilson(0, 10, z).unwrap();
        assert_eq!(none.lower, 0.0);
        assert_abs_diff_eq!(none.upper, 0.277_532_799_1, epsilon = 1e-9);
        let all = wilson(10, 10, z).unwrap();
        assert_abs_diff_eq!(all.upper, 1.0, epsilon = 1e-12);
        assert_abs_diff_eq!(all.lower, 1.0 - 0.277_532_799_1, epsilon = 1e-9);
        assert!(wilson(1, 0, z).is_none() && wilson(3, 2, z).is_none());
    }
}
