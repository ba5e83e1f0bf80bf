//! Membership-function shapes (trapezoid, triangle), sampled on a universe
//! exactly as scikit-fuzzy 0.5's `trapmf` / `trimf` sample them.

use serde::{Deserialize, Serialize};

/// The shape of a term's membership function.
///
/// Serialised as `{"trapezoid": [a, b, c, d]}` or `{"triangle": [a, b, c]}`.
///
/// ```
/// use mamdani::Shape;
///
/// let med = Shape::Triangle([500.0, 650.0, 780.0]);
/// assert_eq!(med.sample(&[500.0, 575.0, 650.0, 780.0]), vec![0.0, 0.5, 1.0, 0.0]);
/// // A trapezoid is 1 on [b, c]; a shoulder (a == b) is 1 from a on.
/// let low = Shape::Trapezoid([0.0, 0.0, 450.0, 550.0]);
/// assert_eq!(low.sample(&[0.0, 450.0, 500.0, 550.0]), vec![1.0, 1.0, 0.5, 0.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// `trapmf(a, b, c, d)`: rises on (a, b), 1 on [b, c], falls on (c, d).
    Trapezoid([f64; 4]),
    /// `trimf(a, b, c)`: rises on (a, b), 1 at b, falls on (b, c).
    Triangle([f64; 3]),
}

impl Shape {
    /// The breakpoints, in order.
    pub fn params(&self) -> &[f64] {
        match self {
            Shape::Trapezoid(p) => p,
            Shape::Triangle(p) => p,
        }
    }

    /// Why the parameters are unusable (not finite, or not ordered), if so.
    pub fn check(&self) -> Result<(), String> {
        let p = self.params();
        if let Some(bad) = p.iter().find(|v| !v.is_finite()) {
            return Err(format!("parameter {bad} is not finite"));
        }
        if p.windows(2).any(|w| w[0] > w[1]) {
            return Err(format!("parameters {p:?} are not in increasing order"));
        }
        Ok(())
    }

    /// Sample the membership function on `universe`, operation for operation
    /// as `skfuzzy.trapmf` / `skfuzzy.trimf` do.
    pub fn sample(&self, universe: &[f64]) -> Vec<f64> {
        universe.iter().map(|&x| self.membership_at(x)).collect()
    }

    /// The membership function at one point, as scikit-fuzzy evaluates it.
    pub fn membership_at(&self, x: f64) -> f64 {
        match *self {
            Shape::Triangle([a, b, c]) => trimf(x, a, b, c),
            Shape::Trapezoid([a, b, c, d]) => {
                // trapmf: ones; x <= b -> trimf(a, b, b); x >= c -> trimf(c, c, d);
                // x < a -> 0; x > d -> 0 (later assignments win).
                let mut y = 1.0;
                if x <= b {
                    y = trimf(x, a, b, b);
                }
                if x >= c {
                    y = trimf(x, c, c, d);
                }
                if x < a || x > d {
                    y = 0.0;
                }
                y
            }
        }
    }
}

/// `skfuzzy.trimf` at one point: 0, then the left side on (a, b), the right
/// side on (b, c), and exactly 1 at b.
fn trimf(x: f64, a: f64, b: f64, c: f64) -> f64 {
    let mut y = 0.0;
    if a != b && a < x && x < b {
        y = (x - a) / (b - a);
    }
    if b != c && b < x && x < c {
        y = (c - x) / (c - b);
    }
    if x == b {
        y = 1.0;
    }
    y
}
