//! A Mamdani system as plain data: variables, terms and rules (serde-able, so a
//! system can also be loaded from JSON or TOML).

use serde::{Deserialize, Serialize};

use crate::Shape;

/// A whole Mamdani system: input variables, one output variable, rules.
///
/// Compile it with [`MamdaniSystem::new`](crate::MamdaniSystem::new).
///
/// ```
/// use mamdani::{Condition, RuleSpec, Shape, SystemSpec, VariableSpec};
///
/// let spec = SystemSpec {
///     inputs: vec![VariableSpec::new("temperature", 0.0, 40.0, 1.0)
///         .term("cold", Shape::Trapezoid([0.0, 0.0, 10.0, 20.0]))
///         .term("hot", Shape::Trapezoid([15.0, 30.0, 40.0, 40.0]))],
///     output: VariableSpec::new("fan", 0.0, 1.0, 0.01)
///         .term("slow", Shape::Triangle([0.0, 0.0, 0.6]))
///         .term("fast", Shape::Triangle([0.4, 1.0, 1.0])),
///     rules: vec![
///         RuleSpec::new(Condition::is("temperature", "cold"), "slow"),
///         RuleSpec::new(Condition::is("temperature", "hot"), "fast"),
///     ],
/// };
/// let json = serde_json::to_string(&spec).unwrap();
/// let back: SystemSpec = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, spec);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemSpec {
    /// Input variables (antecedents), in the order crisp inputs are given.
    pub inputs: Vec<VariableSpec>,
    /// The output variable (consequent).
    pub output: VariableSpec,
    /// Rules, numbered from 1 in this order.
    pub rules: Vec<RuleSpec>,
}

/// A linguistic variable: a universe `start..=end` sampled every `step`
/// (see [`Universe::inclusive`](crate::Universe::inclusive)) and its terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableSpec {
    /// Variable name (unique in the system).
    pub name: String,
    /// First universe point.
    pub start: f64,
    /// Last universe point (inclusive).
    pub end: f64,
    /// Distance between universe points.
    pub step: f64,
    /// The variable's terms (names unique within the variable).
    pub terms: Vec<TermSpec>,
}

impl VariableSpec {
    /// A variable on `start..=end` every `step`, with no terms yet.
    pub fn new(name: impl Into<String>, start: f64, end: f64, step: f64) -> Self {
        Self {
            name: name.into(),
            start,
            end,
            step,
            terms: Vec::new(),
        }
    }

    /// Add a term (builder style).
    pub fn term(mut self, name: impl Into<String>, shape: Shape) -> Self {
        self.terms.push(TermSpec {
            name: name.into(),
            shape,
        });
        self
    }
}

/// A named term of a variable and its membership-function shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpec {
    /// Term name (e.g. `"low"`).
    pub name: String,
    /// Membership-function shape.
    pub shape: Shape,
}

/// `IF when THEN output IS then`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// The antecedent.
    pub when: Condition,
    /// The output term this rule activates.
    pub then: String,
}

impl RuleSpec {
    /// The rule as text, `IF <when> THEN <output> IS <then>`.
    ///
    /// ```
    /// use mamdani::{Condition, RuleSpec};
    /// let rule = RuleSpec::new(Condition::all_of(&[("score", "low"), ("debt", "high")]), "high");
    /// assert_eq!(rule.text("risk"), "IF score IS low AND debt IS high THEN risk IS high");
    /// ```
    pub fn text(&self, output: &str) -> String {
        format!("IF {} THEN {output} IS {}", self.when, self.then)
    }

    /// `IF when THEN output IS then`.
    pub fn new(when: Condition, then: impl Into<String>) -> Self {
        Self {
            when,
            then: then.into(),
        }
    }
}

/// A rule antecedent: a term membership, or the AND (min) / OR (max) of
/// sub-conditions.
///
/// Serialised as `{"is": {"variable": "income", "term": "high"}}`,
/// `{"all": [...]}` or `{"any": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// `variable IS term`: the membership of the crisp input in the term.
    Is {
        /// Input variable name.
        variable: String,
        /// Term name of that variable.
        term: String,
    },
    /// AND: the minimum of the sub-conditions.
    All(Vec<Condition>),
    /// OR: the maximum of the sub-conditions.
    Any(Vec<Condition>),
}

impl std::fmt::Display for Condition {
    /// `credit_score IS low AND (income IS low OR debt IS high)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |f: &mut std::fmt::Formatter<'_>, parts: &[Condition], op: &str| {
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    write!(f, " {op} ")?;
                }
                match part {
                    Condition::Is { .. } => write!(f, "{part}")?,
                    _ => write!(f, "({part})")?,
                }
            }
            Ok(())
        };
        match self {
            Condition::Is { variable, term } => write!(f, "{variable} IS {term}"),
            Condition::All(parts) => join(f, parts, "AND"),
            Condition::Any(parts) => join(f, parts, "OR"),
        }
    }
}

impl Condition {
    /// `variable IS term`.
    pub fn is(variable: impl Into<String>, term: impl Into<String>) -> Self {
        Condition::Is {
            variable: variable.into(),
            term: term.into(),
        }
    }

    /// AND of `(variable, term)` pairs (the most common rule shape).
    pub fn all_of(pairs: &[(&str, &str)]) -> Self {
        Condition::All(pairs.iter().map(|(v, t)| Condition::is(*v, *t)).collect())
    }
}
