//! Centroid defuzzification, operation for operation as scikit-fuzzy 0.5's
//! `skfuzzy.defuzzify.centroid` (sum of exact trapezoid moments).

/// Streaming form of scikit-fuzzy's `centroid`: feed the points of a
/// piecewise-linear membership function in increasing `x`, then [`finish`].
///
/// [`finish`]: CentroidAccumulator::finish
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CentroidAccumulator {
    count: usize,
    first: (f64, f64),
    prev: (f64, f64),
    sum_moment_area: f64,
    sum_area: f64,
    mf_sum: f64,
}

impl CentroidAccumulator {
    /// Add the next point `(x, y)` of the function.
    #[inline]
    pub(crate) fn push(&mut self, x2: f64, y2: f64) {
        self.mf_sum += y2;
        if self.count == 0 {
            self.first = (x2, y2);
        } else {
            let (x1, y1) = self.prev;
            // Zero-height or zero-width pieces contribute nothing.
            if !((y1 == y2 && y2 == 0.0) || x1 == x2) {
                let (moment, area) = if y1 == y2 {
                    // Rectangle.
                    (0.5 * (x1 + x2), (x2 - x1) * y1)
                } else if y1 == 0.0 && y2 != 0.0 {
                    // Triangle of height y2.
                    (2.0 / 3.0 * (x2 - x1) + x1, 0.5 * (x2 - x1) * y2)
                } else if y2 == 0.0 && y1 != 0.0 {
                    // Triangle of height y1.
                    (1.0 / 3.0 * (x2 - x1) + x1, 0.5 * (x2 - x1) * y1)
                } else {
                    // Trapezoid.
                    (
                        (2.0 / 3.0 * (x2 - x1) * (y2 + 0.5 * y1)) / (y1 + y2) + x1,
                        0.5 * (x2 - x1) * (y1 + y2),
                    )
                };
                self.sum_moment_area += moment * area;
                self.sum_area += area;
            }
        }
        self.prev = (x2, y2);
        self.count += 1;
    }

    /// The centroid, or `None` when the membership is empty (scikit-fuzzy's
    /// `defuzz` raises `EmptyMembershipError` when `mfx.sum() == 0`).
    pub(crate) fn finish(&self) -> Option<f64> {
        if self.count == 0 || self.mf_sum == 0.0 {
            return None;
        }
        if self.count == 1 {
            let (x, y) = self.first;
            return Some(x * y / y.max(f64::EPSILON));
        }
        Some(self.sum_moment_area / self.sum_area.max(f64::EPSILON))
    }
}

/// Centroid of the piecewise-linear membership function through the points
/// `(x[i], mf[i])` (`x` increasing), exactly as `skfuzzy.defuzz(x, mf,
/// "centroid")` computes it; `None` when all memberships are 0.
///
/// ```
/// use mamdani::centroid;
///
/// // A symmetric triangle on [0, 2] has its centroid at 1.
/// assert_eq!(centroid(&[0.0, 1.0, 2.0], &[0.0, 1.0, 0.0]), Some(1.0));
/// // A rectangle on [0, 1] and a right triangle on [1, 2] (areas 1 and 0.5).
/// let c = centroid(&[0.0, 1.0, 2.0], &[1.0, 1.0, 0.0]).unwrap();
/// assert!((c - (0.5 * 1.0 + (4.0 / 3.0) * 0.5) / 1.5).abs() < 1e-15);
/// assert_eq!(centroid(&[0.0, 1.0], &[0.0, 0.0]), None);
/// ```
pub fn centroid(x: &[f64], mf: &[f64]) -> Option<f64> {
    let mut acc = CentroidAccumulator::default();
    for (&xi, &yi) in x.iter().zip(mf) {
        acc.push(xi, yi);
    }
    acc.finish()
}
