//! Sampled universes of discourse, built exactly as `numpy.arange` builds them.

use crate::MamdaniError;

/// Largest number of points a universe may have (guards against a tiny step).
pub const MAX_UNIVERSE_POINTS: usize = 1_000_000;

/// A universe of discourse: strictly increasing sample points.
///
/// Points are computed as `numpy.arange` computes them: the first point is
/// `start`, the second `start + step`, and point `i >= 2` is
/// `start + i * delta` with `delta = (start + step) - start`, all in `f64`.
/// So the 71st point of `Universe::inclusive(0.0, 1.0, 0.01)` is
/// `0.7000000000000001`, as in numpy.
///
/// ```
/// use mamdani::Universe;
///
/// let risk = Universe::inclusive(0.0, 1.0, 0.01)?;
/// assert_eq!(risk.len(), 101);
/// assert_eq!(risk.points()[70], 0.7000000000000001);
/// assert_eq!(risk.clip(1.7), 1.0);
/// // numpy.arange(0, 1001, 1): the stop is exclusive.
/// assert_eq!(Universe::arange(0.0, 1001.0, 1.0)?.max(), 1000.0);
/// # Ok::<(), mamdani::MamdaniError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Universe {
    points: Vec<f64>,
}

impl Universe {
    /// `numpy.arange(start, stop, step)`: `ceil((stop - start) / step)` points,
    /// `stop` excluded.
    pub fn arange(start: f64, stop: f64, step: f64) -> Result<Self, MamdaniError> {
        let invalid = |reason: String| MamdaniError::InvalidUniverse {
            variable: String::new(),
            reason,
        };
        if !(start.is_finite() && stop.is_finite() && step.is_finite()) {
            return Err(invalid(format!(
                "start {start}, stop {stop} and step {step} must be finite"
            )));
        }
        if step <= 0.0 {
            return Err(invalid(format!("step {step} must be positive")));
        }
        let count = ((stop - start) / step).ceil();
        if count.is_nan() || count < 1.0 {
            return Err(invalid(format!(
                "no point in [{start}, {stop}) with step {step}"
            )));
        }
        if count > MAX_UNIVERSE_POINTS as f64 {
            return Err(invalid(format!(
                "{count} points exceed the limit of {MAX_UNIVERSE_POINTS}"
            )));
        }
        let count = count as usize;
        let mut points = Vec::with_capacity(count);
        points.push(start);
        if count > 1 {
            let second = start + step;
            points.push(second);
            let delta = second - start;
            for i in 2..count {
                points.push(start + i as f64 * delta);
            }
        }
        if points.windows(2).any(|w| w[1] <= w[0]) {
            return Err(invalid(format!(
                "step {step} is too small to separate points near {start}"
            )));
        }
        Ok(Self { points })
    }

    /// `start..=end` in steps of `step`: the same points as
    /// `numpy.arange(start, end + step / 2, step)` (so `inclusive(0, 1, 0.01)`
    /// equals `numpy.arange(0, 1.01, 0.01)`, 101 points).
    pub fn inclusive(start: f64, end: f64, step: f64) -> Result<Self, MamdaniError> {
        if !(end.is_finite() && step.is_finite()) || step <= 0.0 {
            return Universe::arange(start, end, step);
        }
        Universe::arange(start, end + step / 2.0, step)
    }

    /// The sample points, strictly increasing.
    pub fn points(&self) -> &[f64] {
        &self.points
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Always `false`: a universe has at least one point.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The first (smallest) point.
    pub fn min(&self) -> f64 {
        self.points[0]
    }

    /// The last (largest) point.
    pub fn max(&self) -> f64 {
        self.points[self.points.len() - 1]
    }

    /// Clip a crisp value to `[min, max]` as scikit-fuzzy does before
    /// fuzzifying an input (`np.fmin` then `np.fmax`).
    pub fn clip(&self, x: f64) -> f64 {
        let x = if x > self.max() { self.max() } else { x };
        if x < self.min() {
            self.min()
        } else {
            x
        }
    }
}
