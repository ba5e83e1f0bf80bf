//! The generic Mamdani engine: a compiled [`SystemSpec`] evaluated exactly as
//! scikit-fuzzy 0.5's `ControlSystemSimulation` evaluates the same system.
//!
//! Inference, step by step:
//!
//! 1. **Fuzzify**: clip each crisp input to its universe, then take its
//!    membership in every term by `numpy.interp` on the sampled curve.
//! 2. **Rules**: a rule's activation is its condition with AND = min and
//!    OR = max; an output term's activation (its *cut*) is the max over the
//!    rules that conclude it.
//! 3. **Upsample** (scikit-fuzzy's `find_memberships`): add to the output
//!    universe every point where a term's sampled line crosses its cut.
//! 4. **Aggregate**: at every point of that universe, max over terms of
//!    min(cut, term membership by linear interpolation).
//! 5. **Defuzzify** by [`centroid`](crate::centroid) (sum of trapezoid
//!    moments). An all-zero aggregate has no centroid: the output is `None`.
//!
//! Everything that does not depend on the input (universes, sampled curves,
//! their slopes, rule structure) is computed once in [`MamdaniSystem::new`].

use crate::centroid::CentroidAccumulator;
use crate::interp::{crossings, with_slope};
use crate::variable::{Term, Variable};
use crate::{Condition, MamdaniError, SystemSpec};

/// A rule condition with names resolved to indices into the flat membership
/// vector.
#[derive(Debug, Clone, PartialEq)]
enum Cond {
    Is(usize),
    All(Vec<Cond>),
    Any(Vec<Cond>),
}

impl Cond {
    /// Whether the condition reads a membership in `range`.
    fn reads(&self, range: &std::ops::Range<usize>) -> bool {
        match self {
            Cond::Is(i) => range.contains(i),
            Cond::All(parts) | Cond::Any(parts) => parts.iter().any(|c| c.reads(range)),
        }
    }

    fn eval(&self, memberships: &[f64]) -> f64 {
        match self {
            Cond::Is(i) => memberships[*i],
            Cond::All(parts) => parts
                .iter()
                .map(|c| c.eval(memberships))
                .reduce(f64::min)
                .unwrap_or(0.0),
            Cond::Any(parts) => parts
                .iter()
                .map(|c| c.eval(memberships))
                .reduce(f64::max)
                .unwrap_or(0.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    when: Cond,
    then: usize,
}

/// The result of one evaluation of a [`MamdaniSystem`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Membership of each (clipped) input in each of its terms, flattened in
    /// declaration order: all terms of input 0, then input 1, ...
    pub input_memberships: Vec<f64>,
    /// Activation of each rule, in rule order (index 0 is rule 1).
    pub rule_activations: Vec<f64>,
    /// Activation (cut) of each output term: the max over its rules; 0 for a
    /// term no rule concludes.
    pub term_activations: Vec<f64>,
    /// The centroid; `None` when no rule fired (all cuts 0).
    pub output: Option<f64>,
}

/// A compiled Mamdani fuzzy system.
///
/// Build it from a [`SystemSpec`]; evaluate crisp inputs (given in the order
/// of `spec.inputs`) with [`evaluate`](Self::evaluate). The result equals
/// scikit-fuzzy 0.5's `ControlSystemSimulation` on the same definition
/// (`np.arange` universes, `trapmf`/`trimf` terms, `Rule(a & b, out[t])`).
///
/// ```
/// use mamdani::{
///     Condition, MamdaniSystem, RuleSpec, Shape, SystemSpec, VariableSpec,
/// };
///
/// // Tip from service quality: a two-rule system.
/// let spec = SystemSpec {
///     inputs: vec![VariableSpec::new("service", 0.0, 10.0, 1.0)
///         .term("poor", Shape::Trapezoid([0.0, 0.0, 2.0, 6.0]))
///         .term("good", Shape::Trapezoid([4.0, 8.0, 10.0, 10.0]))],
///     output: VariableSpec::new("tip", 0.0, 25.0, 1.0)
///         .term("low", Shape::Triangle([0.0, 5.0, 13.0]))
///         .term("high", Shape::Triangle([13.0, 20.0, 25.0])),
///     rules: vec![
///         RuleSpec::new(Condition::is("service", "poor"), "low"),
///         RuleSpec::new(Condition::is("service", "good"), "high"),
///     ],
/// };
/// let system = MamdaniSystem::new(spec)?;
///
/// let great = system.evaluate(&[9.5])?;
/// assert_eq!(great.rule_activations, vec![0.0, 1.0]);
/// let tip = great.output.unwrap();
/// assert!(tip > 13.0 && tip < 25.0);
///
/// // Inputs outside the universe are clipped to it first.
/// assert_eq!(system.evaluate(&[42.0])?.output, system.evaluate(&[10.0])?.output);
/// // Non-finite inputs are errors naming the variable.
/// assert!(system.evaluate(&[f64::NAN]).is_err());
/// # Ok::<(), mamdani::MamdaniError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MamdaniSystem {
    spec: SystemSpec,
    inputs: Vec<Variable>,
    /// Offset of each input's terms in the flat membership vector.
    offsets: Vec<usize>,
    output: Variable,
    rules: Vec<Rule>,
    /// Whether any rule concludes each output term (scikit-fuzzy skips terms
    /// without a rule when defuzzifying).
    concluded: Vec<bool>,
}

impl MamdaniSystem {
    /// Validate and compile `spec`: sample universes and term curves, resolve
    /// rule names.
    pub fn new(spec: SystemSpec) -> Result<Self, MamdaniError> {
        let mut inputs = Vec::with_capacity(spec.inputs.len());
        let mut offsets = Vec::with_capacity(spec.inputs.len());
        let mut total = 0;
        for v in &spec.inputs {
            if inputs.iter().any(|k: &Variable| k.name() == v.name) || v.name == spec.output.name {
                return Err(MamdaniError::DuplicateName {
                    name: v.name.clone(),
                });
            }
            let var = Variable::compile(v)?;
            offsets.push(total);
            total += var.terms().len();
            inputs.push(var);
        }
        let output = Variable::compile(&spec.output)?;
        let mut rules = Vec::with_capacity(spec.rules.len());
        let mut concluded = vec![false; output.terms().len()];
        for (i, r) in spec.rules.iter().enumerate() {
            let number = i + 1;
            let then = output
                .term_index(&r.then)
                .ok_or_else(|| MamdaniError::UnknownTerm {
                    rule: number,
                    variable: output.name().to_string(),
                    term: r.then.clone(),
                })?;
            concluded[then] = true;
            let when = resolve(&r.when, number, &inputs, &offsets)?;
            rules.push(Rule { when, then });
        }
        Ok(Self {
            spec,
            inputs,
            offsets,
            output,
            rules,
            concluded,
        })
    }

    /// The definition this system was compiled from.
    pub fn spec(&self) -> &SystemSpec {
        &self.spec
    }

    /// The compiled input variables, in input order.
    pub fn inputs(&self) -> &[Variable] {
        &self.inputs
    }

    /// The compiled output variable.
    pub fn output(&self) -> &Variable {
        &self.output
    }

    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Membership of input `input`'s term `term` in an [`Evaluation`]'s flat
    /// `input_memberships` (`None` for indices out of range).
    pub fn input_membership(&self, eval: &Evaluation, input: usize, term: usize) -> Option<f64> {
        let var = self.inputs.get(input)?;
        if term >= var.terms().len() {
            return None;
        }
        eval.input_memberships
            .get(self.offsets[input] + term)
            .copied()
    }

    /// Evaluate crisp inputs (one per input variable, in order).
    ///
    /// Errors when the count is wrong or a value is NaN or infinite. Values
    /// outside a universe are clipped to it. `output` is `None` when no rule
    /// fires.
    pub fn evaluate(&self, crisp: &[f64]) -> Result<Evaluation, MamdaniError> {
        if crisp.len() != self.inputs.len() {
            return Err(MamdaniError::InputCount {
                expected: self.inputs.len(),
                got: crisp.len(),
            });
        }
        let total = self.offsets.last().copied().unwrap_or(0)
            + self.inputs.last().map_or(0, |v| v.terms().len());
        let mut memberships = vec![0.0; total];
        for (i, &x) in crisp.iter().enumerate() {
            self.fuzzify_input(i, x, &mut memberships)?;
        }
        let rule_activations: Vec<f64> = self
            .rules
            .iter()
            .map(|r| r.when.eval(&memberships))
            .collect();
        let mut cuts = vec![0.0f64; self.output.terms().len()];
        self.cuts_into(&rule_activations, &mut cuts);
        let output = self.defuzzify(&cuts);
        Ok(Evaluation {
            input_memberships: memberships,
            rule_activations,
            term_activations: cuts,
            output,
        })
    }

    /// Evaluate many inputs that differ only in input `free`: the other
    /// inputs are fuzzified once, only the rules reading `free` are
    /// re-evaluated, and the defuzzified output is reused while the term cuts
    /// stay the same. [`Sweep::output`] returns exactly (bit for bit) the
    /// `output` of [`evaluate`](Self::evaluate) on the same inputs: both run
    /// the same fuzzification, rule and defuzzification code.
    ///
    /// `crisp[free]` is ignored. Errors as [`evaluate`](Self::evaluate), or
    /// when `free` is not an input index.
    ///
    /// ```
    /// use mamdani::{Condition, MamdaniSystem, RuleSpec, Shape, SystemSpec, VariableSpec};
    ///
    /// let spec = SystemSpec {
    ///     inputs: vec![
    ///         VariableSpec::new("a", 0.0, 1.0, 0.1)
    ///             .term("lo", Shape::Triangle([0.0, 0.0, 1.0]))
    ///             .term("hi", Shape::Triangle([0.0, 1.0, 1.0])),
    ///         VariableSpec::new("b", 0.0, 1.0, 0.1)
    ///             .term("lo", Shape::Triangle([0.0, 0.0, 1.0]))
    ///             .term("hi", Shape::Triangle([0.0, 1.0, 1.0])),
    ///     ],
    ///     output: VariableSpec::new("y", 0.0, 1.0, 0.05)
    ///         .term("lo", Shape::Triangle([0.0, 0.0, 1.0]))
    ///         .term("hi", Shape::Triangle([0.0, 1.0, 1.0])),
    ///     rules: vec![
    ///         RuleSpec::new(Condition::all_of(&[("a", "lo"), ("b", "lo")]), "lo"),
    ///         RuleSpec::new(Condition::is("b", "hi"), "hi"),
    ///     ],
    /// };
    /// let system = MamdaniSystem::new(spec)?;
    /// let mut sweep = system.sweep(&[0.3, 0.0], 1)?;
    /// for b in [0.0, 0.25, 0.5, 0.9] {
    ///     assert_eq!(sweep.output(b)?, system.evaluate(&[0.3, b])?.output);
    /// }
    /// # Ok::<(), mamdani::MamdaniError>(())
    /// ```
    pub fn sweep(&self, crisp: &[f64], free: usize) -> Result<Sweep<'_>, MamdaniError> {
        if crisp.len() != self.inputs.len() || free >= self.inputs.len() {
            return Err(MamdaniError::InputCount {
                expected: self.inputs.len(),
                got: crisp.len().max(free + 1),
            });
        }
        let total = self.offsets.last().copied().unwrap_or(0)
            + self.inputs.last().map_or(0, |v| v.terms().len());
        let mut memberships = vec![0.0; total];
        for (i, &x) in crisp.iter().enumerate() {
            if i != free {
                self.fuzzify_input(i, x, &mut memberships)?;
            }
        }
        let range = self.offsets[free]..self.offsets[free] + self.inputs[free].terms().len();
        let dependent: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.rules[i].when.reads(&range))
            .collect();
        let activations = self
            .rules
            .iter()
            .map(|r| {
                if r.when.reads(&range) {
                    0.0
                } else {
                    r.when.eval(&memberships)
                }
            })
            .collect();
        Ok(Sweep {
            system: self,
            free,
            memberships,
            dependent,
            activations,
            cuts: vec![0.0; self.output.terms().len()],
            last: None,
        })
    }

    /// Fuzzify crisp value `x` of input `i` into its slots of `memberships`.
    fn fuzzify_input(&self, i: usize, x: f64, memberships: &mut [f64]) -> Result<(), MamdaniError> {
        let var = &self.inputs[i];
        if !x.is_finite() {
            return Err(MamdaniError::NonFiniteInput {
                variable: var.name().to_string(),
                value: x,
            });
        }
        let off = self.offsets[i];
        var.fuzzify_into(x, &mut memberships[off..off + var.terms().len()]);
        Ok(())
    }

    /// Each output term's cut: the max over the activations of its rules.
    fn cuts_into(&self, activations: &[f64], cuts: &mut [f64]) {
        cuts.fill(0.0);
        for (r, &a) in self.rules.iter().zip(activations) {
            cuts[r.then] = cuts[r.then].max(a);
        }
    }

    /// scikit-fuzzy's `CrispValueCalculator.defuzz` for the given term cuts:
    /// upsample the output universe with the cut crossings, aggregate, and
    /// take the centroid — streamed, without building the upsampled arrays.
    fn defuzzify(&self, cuts: &[f64]) -> Option<f64> {
        let xs = self.output.universe().points();
        let terms = self.output.terms();
        let active = || {
            terms
                .iter()
                .zip(cuts)
                .zip(&self.concluded)
                .filter(|(_, &c)| c)
                .map(|((t, &cut), _)| (t, cut))
        };

        // Crossing points of each term's line with its cut (np.union1d later
        // sorts them and drops duplicates).
        let mut extra: Vec<f64> = Vec::with_capacity(4 * terms.len());
        for (t, cut) in active() {
            crossings(xs, t.curve(), cut, &mut extra);
        }
        extra.sort_unstable_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));

        let mut acc = CentroidAccumulator::default();
        let mut last: Option<f64> = None;
        let mut k = 0;
        // Aggregate at a crossing point lying strictly inside segment `seg`
        // (None: outside the universe, where np.interp gives 0).
        let at_crossing = |c: f64, seg: Option<usize>| -> f64 {
            let mut agg = 0.0f64;
            for (t, cut) in active() {
                let m = match seg {
                    Some(j) => term_at(t, xs, c, j),
                    None => 0.0,
                };
                agg = agg.max(cut.min(m));
            }
            agg
        };
        for (i, &g) in xs.iter().enumerate() {
            while k < extra.len() && extra[k] < g {
                let c = extra[k];
                k += 1;
                if last == Some(c) {
                    continue;
                }
                let seg = if i == 0 { None } else { Some(i - 1) };
                acc.push(c, at_crossing(c, seg));
                last = Some(c);
            }
            while k < extra.len() && extra[k] == g {
                k += 1;
            }
            let mut agg = 0.0f64;
            for (t, cut) in active() {
                agg = agg.max(cut.min(t.curve()[i]));
            }
            acc.push(g, agg);
            last = Some(g);
        }
        for &c in &extra[k..] {
            if last != Some(c) {
                acc.push(c, at_crossing(c, None));
                last = Some(c);
            }
        }
        acc.finish()
    }
}

/// Evaluations of a [`MamdaniSystem`] where only one input varies
/// (see [`MamdaniSystem::sweep`]).
#[derive(Debug, Clone)]
pub struct Sweep<'a> {
    system: &'a MamdaniSystem,
    free: usize,
    memberships: Vec<f64>,
    /// Rules whose condition reads the free input.
    dependent: Vec<usize>,
    /// Rule activations; those of `dependent` rules are refreshed per value.
    activations: Vec<f64>,
    cuts: Vec<f64>,
    /// The last cuts defuzzified and their output.
    last: Option<(Vec<f64>, Option<f64>)>,
}

impl Sweep<'_> {
    /// The system's output with the free input at `value` (the other inputs
    /// as given to [`MamdaniSystem::sweep`]).
    pub fn output(&mut self, value: f64) -> Result<Option<f64>, MamdaniError> {
        let system = self.system;
        system.fuzzify_input(self.free, value, &mut self.memberships)?;
        let mut changed = self.last.is_none();
        for &i in &self.dependent {
            let a = system.rules[i].when.eval(&self.memberships);
            changed |= a.to_bits() != self.activations[i].to_bits();
            self.activations[i] = a;
        }
        if !changed {
            // Same activations as the last value: same cuts, same output.
            if let Some((_, output)) = &self.last {
                return Ok(*output);
            }
        }
        system.cuts_into(&self.activations, &mut self.cuts);
        if let Some((cuts, output)) = &self.last {
            let same = cuts
                .iter()
                .zip(&self.cuts)
                .all(|(a, b)| a.to_bits() == b.to_bits());
            if same {
                return Ok(*output);
            }
        }
        let output = system.defuzzify(&self.cuts);
        self.last = Some((self.cuts.clone(), output));
        Ok(output)
    }
}

/// numpy.interp of term `t` at `x` inside segment `j` (`xs[j] < x < xs[j+1]`).
#[inline]
fn term_at(t: &Term, xs: &[f64], x: f64, j: usize) -> f64 {
    if xs[j] == x {
        return t.curve()[j];
    }
    with_slope(x, xs, t.curve(), j, t.slopes()[j])
}

/// Resolve a [`Condition`]'s names against the compiled inputs.
fn resolve(
    cond: &Condition,
    rule: usize,
    inputs: &[Variable],
    offsets: &[usize],
) -> Result<Cond, MamdaniError> {
    match cond {
        Condition::Is { variable, term } => {
            let vi = inputs
                .iter()
                .position(|v| v.name() == variable)
                .ok_or_else(|| MamdaniError::UnknownVariable {
                    rule,
                    variable: variable.clone(),
                })?;
            let ti = inputs[vi]
                .term_index(term)
                .ok_or_else(|| MamdaniError::UnknownTerm {
                    rule,
                    variable: variable.clone(),
                    term: term.clone(),
                })?;
            Ok(Cond::Is(offsets[vi] + ti))
        }
        Condition::All(parts) | Condition::Any(parts) => {
            if parts.is_empty() {
                return Err(MamdaniError::EmptyCondition { rule });
            }
            let resolved = parts
                .iter()
                .map(|p| resolve(p, rule, inputs, offsets))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(cond, Condition::All(_)) {
                Cond::All(resolved)
            } else {
                Cond::Any(resolved)
            })
        }
    }
}
