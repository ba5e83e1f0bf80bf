//! Compiled linguistic variables: a sampled universe and its terms' sampled
//! membership curves, precomputed once.

use crate::interp::{interp, with_slope};
use crate::{MamdaniError, Shape, Universe, VariableSpec};

/// A term compiled on its variable's universe.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    name: String,
    shape: Shape,
    curve: Vec<f64>,
    slopes: Vec<f64>,
}

impl Term {
    /// Term name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Membership-function shape.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The membership function sampled on the universe (one value per point).
    pub fn curve(&self) -> &[f64] {
        &self.curve
    }

    /// numpy's slope of segment `j` of the sampled curve.
    pub(crate) fn slopes(&self) -> &[f64] {
        &self.slopes
    }
}

/// A linguistic variable compiled from a [`VariableSpec`]: its sampled
/// universe and each term's sampled curve (see
/// [`MamdaniSystem::inputs`](crate::MamdaniSystem::inputs)).
///
/// ```
/// use mamdani::{MamdaniSystem, RuleSpec, Condition, Shape, SystemSpec, VariableSpec};
///
/// let spec = SystemSpec {
///     inputs: vec![VariableSpec::new("score", 0.0, 1000.0, 1.0)
///         .term("low", Shape::Trapezoid([0.0, 0.0, 400.0, 600.0]))
///         .term("med", Shape::Triangle([500.0, 650.0, 800.0]))
///         .term("high", Shape::Trapezoid([700.0, 850.0, 1000.0, 1000.0]))],
///     output: VariableSpec::new("out", 0.0, 1.0, 0.01)
///         .term("any", Shape::Triangle([0.0, 0.5, 1.0])),
///     rules: vec![RuleSpec::new(Condition::is("score", "low"), "any")],
/// };
/// let system = MamdaniSystem::new(spec)?;
/// let score = &system.inputs()[0];
/// assert_eq!(score.name(), "score");
/// let names: Vec<&str> = score.terms().iter().map(|t| t.name()).collect();
/// assert_eq!(names, ["low", "med", "high"]);
/// // 520 is mostly low, a little medium; values are clipped to 0..=1000.
/// let m = score.memberships(520.0);
/// assert!((m[0] - 0.4).abs() < 1e-12 && (m[1] - 0.13333333333333333).abs() < 1e-12);
/// assert_eq!(m[2], 0.0);
/// assert_eq!(score.memberships(5000.0), score.memberships(1000.0));
/// # Ok::<(), mamdani::MamdaniError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    name: String,
    universe: Universe,
    terms: Vec<Term>,
}

/// Where a value falls on a universe, numpy.interp-style.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Location {
    Left,
    Right,
    At(usize),
    Inside(usize),
}

impl Variable {
    /// Sample the universe and every term of `spec`.
    pub(crate) fn compile(spec: &VariableSpec) -> Result<Self, MamdaniError> {
        let universe =
            Universe::inclusive(spec.start, spec.end, spec.step).map_err(|e| match e {
                MamdaniError::InvalidUniverse { reason, .. } => MamdaniError::InvalidUniverse {
                    variable: spec.name.clone(),
                    reason,
                },
                other => other,
            })?;
        let xs = universe.points();
        let mut terms: Vec<Term> = Vec::with_capacity(spec.terms.len());
        for t in &spec.terms {
            if terms.iter().any(|k| k.name == t.name) {
                return Err(MamdaniError::DuplicateName {
                    name: format!("{}.{}", spec.name, t.name),
                });
            }
            t.shape
                .check()
                .map_err(|reason| MamdaniError::InvalidTerm {
                    variable: spec.name.clone(),
                    term: t.name.clone(),
                    reason,
                })?;
            let curve = t.shape.sample(xs);
            let slopes = (0..xs.len().saturating_sub(1))
                .map(|j| (curve[j + 1] - curve[j]) / (xs[j + 1] - xs[j]))
                .collect();
            terms.push(Term {
                name: t.name.clone(),
                shape: t.shape,
                curve,
                slopes,
            });
        }
        Ok(Self {
            name: spec.name.clone(),
            universe,
            terms,
        })
    }

    /// Variable name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sampled universe.
    pub fn universe(&self) -> &Universe {
        &self.universe
    }

    /// The compiled terms, in definition order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Index of the term called `name`.
    pub fn term_index(&self, name: &str) -> Option<usize> {
        self.terms.iter().position(|t| t.name == name)
    }

    /// Membership of a crisp value in every term, as scikit-fuzzy fuzzifies an
    /// input: clip to the universe, then `numpy.interp` on each sampled curve.
    /// A NaN value gives NaN memberships.
    pub fn memberships(&self, x: f64) -> Vec<f64> {
        let mut out = vec![0.0; self.terms.len()];
        self.fuzzify_into(x, &mut out);
        out
    }

    /// Membership of `x` (not clipped; 0 outside the universe) in term `term`,
    /// scikit-fuzzy's `interp_membership`.
    pub fn membership_in(&self, term: usize, x: f64) -> f64 {
        match self.terms.get(term) {
            Some(t) => interp(x, self.universe.points(), &t.curve, 0.0, 0.0),
            None => 0.0,
        }
    }

    /// [`memberships`](Self::memberships) into a caller buffer of
    /// `terms().len()` values (no allocation).
    pub(crate) fn fuzzify_into(&self, x: f64, out: &mut [f64]) {
        let x = self.universe.clip(x);
        let xs = self.universe.points();
        let loc = self.locate(x);
        for (slot, t) in out.iter_mut().zip(&self.terms) {
            *slot = match loc {
                _ if x.is_nan() => f64::NAN,
                Location::Left | Location::Right => 0.0,
                Location::At(j) => t.curve[j],
                Location::Inside(j) => with_slope(x, xs, &t.curve, j, t.slopes[j]),
            };
        }
    }

    /// numpy.interp's search: exact sample point, or segment `j` with
    /// `xs[j] < x < xs[j + 1]`.
    fn locate(&self, x: f64) -> Location {
        let xs = self.universe.points();
        let n = xs.len();
        if x < xs[0] {
            return Location::Left;
        }
        if x > xs[n - 1] {
            return Location::Right;
        }
        let j = xs.partition_point(|&v| v <= x).saturating_sub(1);
        if xs[j] == x {
            Location::At(j)
        } else {
            Location::Inside(j)
        }
    }
}
