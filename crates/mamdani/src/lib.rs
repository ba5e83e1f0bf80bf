//! # mamdani
//!
//! A small Mamdani fuzzy inference engine whose results equal scikit-fuzzy 0.5's
//! `ControlSystemSimulation` on the same definition (to 1e-9, checked against
//! fixtures written by scikit-fuzzy itself).
//!
//! - [`Universe`]: a sampled universe of discourse with `numpy.arange` semantics;
//! - [`Shape`]: trapezoid and triangle terms, sampled like `trapmf` / `trimf`;
//! - [`SystemSpec`]: variables, terms and rules as plain serde data (JSON, TOML);
//! - [`MamdaniSystem`]: the compiled system — AND = min, OR and aggregation = max,
//!   scikit-fuzzy's upsampled output universe and centroid;
//! - [`Evaluation`]: the explanation of one result — every input's memberships,
//!   every rule's activation, every output term's cut;
//! - [`MamdaniSystem::render_svg`]: a self-contained SVG of the terms with the
//!   crisp values and the aggregated output marked.
//!
//! When no rule fires, scikit-fuzzy raises an error; here the output is `None`
//! and the activations say why.
//!
//! ## A two-input system
//!
//! ```
//! use mamdani::{Condition, MamdaniSystem, RuleSpec, Shape, SystemSpec, VariableSpec};
//!
//! let spec = SystemSpec {
//!     inputs: vec![
//!         VariableSpec::new("quality", 0.0, 10.0, 0.5)
//!             .term("poor", Shape::Trapezoid([0.0, 0.0, 3.0, 6.0]))
//!             .term("good", Shape::Trapezoid([4.0, 7.0, 10.0, 10.0])),
//!         VariableSpec::new("service", 0.0, 10.0, 0.5)
//!             .term("slow", Shape::Triangle([0.0, 0.0, 6.0]))
//!             .term("fast", Shape::Triangle([4.0, 10.0, 10.0])),
//!     ],
//!     output: VariableSpec::new("tip", 0.0, 25.0, 0.5)
//!         .term("low", Shape::Triangle([0.0, 0.0, 13.0]))
//!         .term("high", Shape::Triangle([12.0, 25.0, 25.0])),
//!     rules: vec![
//!         // rule 1: poor quality OR slow service -> low tip
//!         RuleSpec::new(
//!             Condition::Any(vec![
//!                 Condition::is("quality", "poor"),
//!                 Condition::is("service", "slow"),
//!             ]),
//!             "low",
//!         ),
//!         // rule 2: good quality AND fast service -> high tip
//!         RuleSpec::new(Condition::all_of(&[("quality", "good"), ("service", "fast")]), "high"),
//!     ],
//! };
//! let system = MamdaniSystem::new(spec)?;
//!
//! let e = system.evaluate(&[9.0, 10.0])?;
//! // Rule 2 fired fully, rule 1 did not fire: the tip is high.
//! assert_eq!(e.rule_activations, vec![0.0, 1.0]);
//! assert!(e.output.unwrap() > 15.0);
//!
//! // Every value is explained: memberships of each input in each term.
//! assert_eq!(e.input_memberships.len(), 4);
//!
//! // An SVG of the terms with the crisp values and the tip marked.
//! let svg = system.render_svg(Some(&[9.0, 10.0]), Some(&e), &Default::default());
//! assert!(svg.starts_with("<svg"));
//! # Ok::<(), mamdani::MamdaniError>(())
//! ```

#![deny(missing_docs)]

mod centroid;
mod engine;
mod interp;
mod rule_text;
mod spec;
mod svg;
mod term;
mod universe;
mod variable;

pub use centroid::centroid;
pub use engine::{Evaluation, MamdaniSystem, Sweep};
pub use interp::interp;
pub use spec::{Condition, RuleSpec, SystemSpec, TermSpec, VariableSpec};
pub use svg::SvgOptions;
pub use term::Shape;
pub use universe::Universe;
pub use variable::{Term, Variable};

/// Errors of building or evaluating a Mamdani system. Each names the variable,
/// term or rule at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MamdaniError {
    /// An input was NaN or infinite.
    #[error("fuzzy input `{variable}` is not finite: {value}")]
    NonFiniteInput {
        /// The input variable's name.
        variable: String,
        /// The value given.
        value: f64,
    },
    /// `evaluate` got a different number of crisp inputs than the system has
    /// input variables.
    #[error("the fuzzy system has {expected} input variables but got {got} values")]
    InputCount {
        /// Number of input variables of the system.
        expected: usize,
        /// Number of values given.
        got: usize,
    },
    /// A universe definition cannot be sampled (non-finite bounds, step not
    /// positive, end before start, or too many points).
    #[error("universe of `{variable}` is invalid: {reason}")]
    InvalidUniverse {
        /// The variable whose universe is invalid.
        variable: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A term's shape parameters are not finite or not ordered
    /// (trapezoid a <= b <= c <= d, triangle a <= b <= c).
    #[error("term `{variable}.{term}` is invalid: {reason}")]
    InvalidTerm {
        /// The variable of the term.
        variable: String,
        /// The term's name.
        term: String,
        /// What is wrong with its shape.
        reason: String,
    },
    /// Two variables, or two terms of one variable, share a name.
    #[error("duplicate name `{name}`")]
    DuplicateName {
        /// The repeated name.
        name: String,
    },
    /// A rule names a variable that is not an input of the system.
    #[error("rule {rule}: unknown input variable `{variable}`")]
    UnknownVariable {
        /// Rule number, 1-based.
        rule: usize,
        /// The unknown variable.
        variable: String,
    },
    /// A rule names a term that its variable does not have.
    #[error("rule {rule}: variable `{variable}` has no term `{term}`")]
    UnknownTerm {
        /// Rule number, 1-based.
        rule: usize,
        /// The variable named.
        variable: String,
        /// The unknown term.
        term: String,
    },
    /// A rule (or one of its `all`/`any` groups) has no condition.
    #[error("rule {rule}: empty condition")]
    EmptyCondition {
        /// Rule number, 1-based.
        rule: usize,
    },
    /// A rule written as text does not follow the rule grammar
    /// (see [`RuleSpec::parse`]).
    #[error("rule `{text}`: {message}")]
    RuleSyntax {
        /// The rule as written.
        text: String,
        /// What is wrong, and where.
        message: String,
    },
}
