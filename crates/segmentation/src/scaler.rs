//! Standard scaling with the population standard deviation, as scikit-learn's
//! `StandardScaler` (a constant column keeps scale 1).

use ndarray::{Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::SegmentationError;

/// Per-column mean and scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StandardScaler {
    /// Column means.
    pub mean: Vec<f64>,
    /// Column population standard deviations (1 where the column is constant).
    pub scale: Vec<f64>,
}

impl StandardScaler {
    /// Fit on a matrix (rows = samples).
    ///
    /// ```
    /// use ndarray::array;
    /// use segmentation::StandardScaler;
    /// let x = array![[1.0, 5.0], [3.0, 5.0]];
    /// let s = StandardScaler::fit(x.view())?;
    /// assert_eq!(s.mean, vec![2.0, 5.0]);
    /// assert_eq!(s.scale, vec![1.0, 1.0]);
    /// assert_eq!(s.transform(x.view())?, array![[-1.0, 0.0], [1.0, 0.0]]);
    /// # Ok::<(), segmentation::SegmentationError>(())
    /// ```
    pub fn fit(x: ArrayView2<f64>) -> Result<Self, SegmentationError> {
        let n = x.nrows();
        if n == 0 {
            return Err(SegmentationError::TooFewRows {
                what: "standard scaler",
                needed: 1,
                got: 0,
            });
        }
        let nf = n as f64;
        let mut mean = Vec::with_capacity(x.ncols());
        let mut scale = Vec::with_capacity(x.ncols());
        for col in x.axis_iter(Axis(1)) {
            let m = col.sum() / nf;
            // Two-pass variance with the same correction term scikit-learn applies.
            let mut sq = 0.0;
            let mut lin = 0.0;
            for &v in col.iter() {
                let d = v - m;
                sq += d * d;
                lin += d;
            }
            let var = ((sq - lin * lin / nf) / nf).max(0.0);
            let sd = var.sqrt();
            mean.push(m);
            // scikit-learn's `_is_constant_feature` bound.
            let eps = f64::EPSILON;
            let bound = nf * eps * var + (nf * m * eps).powi(2);
            scale.push(if var <= bound { 1.0 } else { sd });
        }
        Ok(StandardScaler { mean, scale })
    }

    /// Scale a matrix with the fitted parameters.
    pub fn transform(&self, x: ArrayView2<f64>) -> Result<Array2<f64>, SegmentationError> {
        if x.ncols() != self.mean.len() {
            return Err(SegmentationError::Shape {
                what: "scaler input columns",
                expected: self.mean.len(),
                got: x.ncols(),
            });
        }
        let mut out = x.to_owned();
        for mut row in out.axis_iter_mut(Axis(0)) {
            for (j, v) in row.iter_mut().enumerate() {
                *v = (*v - self.mean[j]) / self.scale[j];
            }
        }
        Ok(out)
    }
}
