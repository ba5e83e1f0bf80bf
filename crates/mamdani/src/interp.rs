//! Piecewise-linear helpers with numpy / scikit-fuzzy semantics: `numpy.interp`
//! and the level crossings scikit-fuzzy adds to an output universe.

/// `numpy.interp(x, xp, fp, left, right)` for one point.
///
/// `xp` must be strictly increasing and as long as `fp` (the engine
/// guarantees it). Values left of `xp[0]` give `left`, right of the last point
/// give `right`; a value equal to a sample point gives that sample exactly;
/// otherwise `slope * (x - xp[j]) + fp[j]` as numpy computes it. A NaN `x`
/// gives NaN. scikit-fuzzy's `interp_membership` is this with `left = right = 0`.
///
/// ```
/// use mamdani::interp;
///
/// let xp = [0.0, 1.0, 2.0];
/// let fp = [0.0, 1.0, 0.0];
/// assert_eq!(interp(0.25, &xp, &fp, 0.0, 0.0), 0.25);
/// assert_eq!(interp(2.0, &xp, &fp, 0.0, 0.0), 0.0);
/// assert_eq!(interp(-1.0, &xp, &fp, 7.0, 9.0), 7.0);
/// assert_eq!(interp(3.0, &xp, &fp, 7.0, 9.0), 9.0);
/// ```
pub fn interp(x: f64, xp: &[f64], fp: &[f64], left: f64, right: f64) -> f64 {
    let n = xp.len().min(fp.len());
    if x.is_nan() || n == 0 {
        return f64::NAN;
    }
    if n == 1 {
        return if x < xp[0] {
            left
        } else if x > xp[0] {
            right
        } else {
            fp[0]
        };
    }
    if x < xp[0] {
        return left;
    }
    if x > xp[n - 1] {
        return right;
    }
    if x == xp[n - 1] {
        return fp[n - 1];
    }
    // Largest j with xp[j] <= x (x < xp[n - 1] here, so j <= n - 2).
    let j = xp[..n].partition_point(|&v| v <= x) - 1;
    segment_value(x, xp, fp, j)
}

/// numpy's interpolation of `x` inside segment `j` (`xp[j] <= x < xp[j + 1]`),
/// including its fall-backs when the slope overflows.
#[inline]
pub(crate) fn segment_value(x: f64, xp: &[f64], fp: &[f64], j: usize) -> f64 {
    if xp[j] == x {
        return fp[j];
    }
    let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    with_slope(x, xp, fp, j, slope)
}

/// [`segment_value`] with the slope already computed.
#[inline]
pub(crate) fn with_slope(x: f64, xp: &[f64], fp: &[f64], j: usize, slope: f64) -> f64 {
    let mut y = slope * (x - xp[j]) + fp[j];
    if y.is_nan() {
        y = slope * (x - xp[j + 1]) + fp[j + 1];
        if y.is_nan() && fp[j] == fp[j + 1] {
            y = fp[j];
        }
    }
    y
}

/// The points where the sampled curve `(x, mf)` crosses level `y`, appended to
/// `out` in segment order — scikit-fuzzy's `_interp_universe_fast`.
///
/// A segment `i` contributes when `mf >= y` (or `mf > 0` for `y == 0`) changes
/// between its ends; the point is
/// `x[i] + (y - mf[i]) * (x[i+1] - x[i]) / (mf[i+1] - mf[i])`.
pub(crate) fn crossings(x: &[f64], mf: &[f64], y: f64, out: &mut Vec<f64>) {
    let n = x.len().min(mf.len());
    if n < 2 {
        return;
    }
    let above = |v: f64| if y == 0.0 { v > y } else { v >= y };
    let mut prev = above(mf[0]);
    for i in 0..n - 1 {
        let next = above(mf[i + 1]);
        if prev != next {
            out.push(x[i] + (y - mf[i]) * (x[i + 1] - x[i]) / (mf[i + 1] - mf[i]));
        }
        prev = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_of_a_triangle() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let mf = [0.0, 0.5, 1.0, 0.5, 0.0];
        let mut out = Vec::new();
        crossings(&x, &mf, 0.75, &mut out);
        assert_eq!(out, vec![1.5, 2.5]);
        out.clear();
        // Zero level: where the curve leaves / returns to 0.
        crossings(&x, &mf, 0.0, &mut out);
        assert_eq!(out, vec![0.0, 4.0]);
        out.clear();
        // At the peak level: both neighbouring segments report the peak.
        crossings(&x, &mf, 1.0, &mut out);
        assert_eq!(out, vec![2.0, 2.0]);
    }

    #[test]
    fn interp_single_point_and_nan() {
        assert_eq!(interp(1.0, &[1.0], &[0.3], 0.0, 0.0), 0.3);
        assert_eq!(interp(0.5, &[1.0], &[0.3], -1.0, 2.0), -1.0);
        assert_eq!(interp(1.5, &[1.0], &[0.3], -1.0, 2.0), 2.0);
        assert!(interp(f64::NAN, &[0.0, 1.0], &[0.0, 1.0], 0.0, 0.0).is_nan());
    }
}
