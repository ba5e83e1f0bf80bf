//! The CreditAI risk system of SPEC §3.3 (six inputs, 19 rules) as data on the
//! generic engine, and the default [`RiskAssessor`].

use mamdani::{Condition, MamdaniError, MamdaniSystem, RuleSpec, Shape, SystemSpec, VariableSpec};

use super::{
    FiredRule, FuzzyError, LimitRatioScores, Memberships, RiskAssessment, RiskAssessor, RiskInput,
    RiskLevel,
};
use crate::{Stage, StageError};

/// Input variable names, in the order [`RiskInput`] fields are fed to the engine.
pub const INPUT_NAMES: [&str; 6] = [
    "credit_score",
    "income",
    "debt_ratio",
    "employment_time",
    "inquiries",
    "limit_ratio",
];

/// Where the risk levels start (`[decision]` of the credit policy).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskThresholds {
    /// Scores below this are [`RiskLevel::Low`] (0.40).
    pub low_below: f64,
    /// Scores below this (and not low) are [`RiskLevel::Medium`]; the rest
    /// high (0.70).
    pub medium_below: f64,
}

impl RiskThresholds {
    /// SPEC §3.3: low below 0.40, medium below 0.70.
    pub const SPEC: RiskThresholds = RiskThresholds {
        low_below: 0.40,
        medium_below: 0.70,
    };
}

/// The CreditAI fuzzy risk system (SPEC §3.3), the default [`RiskAssessor`].
///
/// Reproduces scikit-fuzzy 0.5's `ControlSystemSimulation` on the original
/// definition to 1e-9. Each call is independent (no cache): when no rule fires
/// the result is [`RiskLevel::Undetermined`] with no score, every time.
///
/// ```
/// use credit_pipeline::fuzzy::{CreditRiskSystem, RiskAssessor, RiskInput, RiskLevel};
///
/// let system = CreditRiskSystem::new();
/// let risky = RiskInput {
///     credit_score: 480.0,
///     income: 2_500.0,
///     debt_ratio: 0.75,
///     employment_time: 3.0,
///     inquiries: 8.0,
///     limit_ratio: 1.0,
/// };
/// let a = system.assess(&risky)?;
/// assert_eq!(a.risk_level, RiskLevel::High);
/// let score = a.risk_score.unwrap();
/// assert!(score >= 0.70 && score <= 1.0);
/// assert_eq!(a.confidence, a.memberships.high.max(a.memberships.med).max(a.memberships.low));
/// // Rules 14 (score low & many inquiries), 15 and 19 explain it.
/// let fired: Vec<u8> = a.fired_rules.iter().map(|r| r.rule).collect();
/// assert_eq!(fired, vec![14, 15, 19]);
///
/// // Low score, no debt, low income, few inquiries: no rule fires.
/// let unknown = RiskInput { credit_score: 300.0, income: 1_500.0, debt_ratio: 0.1,
///                           employment_time: 12.0, inquiries: 1.0, limit_ratio: 0.3 };
/// let u = system.assess(&unknown)?;
/// assert_eq!((u.risk_level, u.risk_score), (RiskLevel::Undetermined, None));
///
/// // A picture of the explanation.
/// let svg = system.render_svg(&risky, &a);
/// assert!(svg.starts_with("<svg"));
/// # Ok::<(), credit_pipeline::StageError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CreditRiskSystem {
    system: MamdaniSystem,
    /// Output term indices of low, med, high.
    levels: [usize; 3],
    /// Each rule as text, for the explanation of the rules that fired.
    rule_texts: Vec<String>,
    thresholds: RiskThresholds,
}

impl CreditRiskSystem {
    /// The system of the shipped credit policy (SPEC §3.3).
    pub fn new() -> Self {
        crate::policy::CreditPolicy::shipped().risk_system().clone()
    }

    /// A variant of the CreditAI system (e.g. [`default_spec`](Self::default_spec)
    /// with a term moved or a rule added). The inputs must be the six
    /// [`INPUT_NAMES`] in that order, the output must have terms `low`, `med`
    /// and `high`, and there can be at most 255 rules.
    ///
    /// ```
    /// use credit_pipeline::fuzzy::CreditRiskSystem;
    /// use mamdani::{Condition, RuleSpec};
    ///
    /// let mut spec = CreditRiskSystem::default_spec();
    /// // Rule 20: a long employment history lowers the risk.
    /// spec.rules.push(RuleSpec::new(Condition::is("employment_time", "long"), "low"));
    /// let custom = CreditRiskSystem::from_spec(spec)?;
    /// assert_eq!(custom.system().rule_count(), 20);
    /// # Ok::<(), credit_pipeline::fuzzy::FuzzyError>(())
    /// ```
    pub fn from_spec(spec: SystemSpec) -> Result<Self, FuzzyError> {
        Self::with_thresholds(spec, RiskThresholds::SPEC)
    }

    /// [`from_spec`](Self::from_spec) with other risk-level thresholds.
    pub fn with_thresholds(
        spec: SystemSpec,
        thresholds: RiskThresholds,
    ) -> Result<Self, FuzzyError> {
        let names: Vec<&str> = spec.inputs.iter().map(|v| v.name.as_str()).collect();
        if names != INPUT_NAMES {
            return Err(FuzzyError::Incompatible {
                reason: format!("inputs must be {INPUT_NAMES:?} in this order, got {names:?}"),
            });
        }
        if spec.rules.len() > usize::from(u8::MAX) {
            return Err(FuzzyError::Incompatible {
                reason: format!("at most 255 rules, got {}", spec.rules.len()),
            });
        }
        let output = spec.output.name.clone();
        let rule_texts = spec.rules.iter().map(|r| r.text(&output)).collect();
        let system = MamdaniSystem::new(spec)?;
        let find = |name: &str| {
            system
                .output()
                .term_index(name)
                .ok_or_else(|| FuzzyError::Incompatible {
                    reason: format!("output `{}` has no term `{name}`", system.output().name()),
                })
        };
        let levels = [find("low")?, find("med")?, find("high")?];
        Ok(Self {
            system,
            levels,
            rule_texts,
            thresholds,
        })
    }

    /// The SPEC §3.3 definition as data: universes, terms and the 19 rules.
    pub fn default_spec() -> SystemSpec {
        let trap = |a, b, c, d| Shape::Trapezoid([a, b, c, d]);
        let tri = |a, b, c| Shape::Triangle([a, b, c]);
        let inputs = vec![
            VariableSpec::new("credit_score", 0.0, 1000.0, 1.0)
                .term("low", trap(0.0, 0.0, 450.0, 550.0))
                .term("med", tri(500.0, 650.0, 780.0))
                .term("high", trap(700.0, 780.0, 1000.0, 1000.0)),
            VariableSpec::new("income", 0.0, 50_000.0, 100.0)
                .term("low", trap(0.0, 0.0, 2000.0, 4000.0))
                .term("med", tri(3000.0, 7000.0, 12_000.0))
                .term("high", trap(8000.0, 15_000.0, 50_000.0, 50_000.0)),
            VariableSpec::new("debt_ratio", 0.0, 1.0, 0.01)
                .term("low", trap(0.0, 0.0, 0.2, 0.3))
                .term("med", tri(0.2, 0.4, 0.6))
                .term("high", trap(0.5, 0.7, 1.0, 1.0)),
            VariableSpec::new("employment_time", 0.0, 120.0, 1.0)
                .term("short", trap(0.0, 0.0, 6.0, 12.0))
                .term("med", tri(6.0, 24.0, 48.0))
                .term("long", trap(36.0, 60.0, 120.0, 120.0)),
            VariableSpec::new("inquiries", 0.0, 20.0, 1.0)
                .term("few", trap(0.0, 0.0, 2.0, 4.0))
                .term("many", trap(3.0, 6.0, 20.0, 20.0)),
            VariableSpec::new("limit_ratio", 0.0, 1.0, 0.01)
                .term("low", trap(0.0, 0.0, 0.4, 0.6))
                .term("med", tri(0.5, 0.7, 0.85))
                .term("high", trap(0.8, 0.9, 1.0, 1.0)),
        ];
        let output = VariableSpec::new("risk", 0.0, 1.0, 0.01)
            .term("low", trap(0.0, 0.0, 0.2, 0.4))
            .term("med", tri(0.3, 0.55, 0.75))
            .term("high", trap(0.65, 0.8, 1.0, 1.0));
        const S: &str = "credit_score";
        const I: &str = "income";
        const D: &str = "debt_ratio";
        const E: &str = "employment_time";
        const Q: &str = "inquiries";
        const L: &str = "limit_ratio";
        let table: [(&[(&str, &str)], &str); 19] = [
            (&[(S, "high"), (D, "low")], "low"),                // 1
            (&[(S, "high"), (D, "med")], "low"),                // 2
            (&[(S, "high"), (Q, "few")], "low"),                // 3
            (&[(I, "high"), (D, "low")], "low"),                // 4
            (&[(I, "high"), (Q, "few")], "low"),                // 5
            (&[(S, "med"), (D, "low"), (Q, "few")], "low"),     // 6
            (&[(S, "med"), (I, "high")], "low"),                // 7
            (&[(S, "med"), (D, "med")], "med"),                 // 8
            (&[(S, "high"), (D, "high")], "med"),               // 9
            (&[(S, "low"), (D, "low"), (I, "high")], "med"),    // 10
            (&[(I, "med"), (L, "med")], "med"),                 // 11
            (&[(Q, "many"), (D, "low")], "med"),                // 12
            (&[(S, "low"), (D, "med")], "high"),                // 13
            (&[(S, "low"), (Q, "many")], "high"),               // 14
            (&[(D, "high"), (I, "low")], "high"),               // 15
            (&[(D, "high"), (I, "med")], "high"),               // 16
            (&[(I, "med"), (L, "high")], "high"),               // 17
            (&[(L, "high"), (E, "short"), (S, "med")], "high"), // 18
            (&[(Q, "many"), (D, "high")], "high"),              // 19
        ];
        let rules = table
            .iter()
            .map(|(when, then)| RuleSpec::new(Condition::all_of(when), *then))
            .collect();
        SystemSpec {
            inputs,
            output,
            rules,
        }
    }

    /// The underlying compiled engine (variables, curves, rules).
    pub fn system(&self) -> &MamdaniSystem {
        &self.system
    }

    /// The risk level of a score under this system's thresholds (shipped:
    /// < 0.40 low, < 0.70 medium, else high).
    ///
    /// ```
    /// use credit_pipeline::fuzzy::{CreditRiskSystem, RiskLevel};
    /// let system = CreditRiskSystem::new();
    /// assert_eq!(system.level_for(0.39), RiskLevel::Low);
    /// assert_eq!(system.level_for(0.40), RiskLevel::Medium);
    /// assert_eq!(system.level_for(0.70), RiskLevel::High);
    /// ```
    pub fn level_for(&self, score: f64) -> RiskLevel {
        if score < self.thresholds.low_below {
            RiskLevel::Low
        } else if score < self.thresholds.medium_below {
            RiskLevel::Medium
        } else {
            RiskLevel::High
        }
    }

    /// The thresholds of the risk levels.
    pub fn thresholds(&self) -> RiskThresholds {
        self.thresholds
    }

    /// Crisp inputs in engine order.
    pub(crate) fn crisp(input: &RiskInput) -> [f64; 6] {
        [
            input.credit_score,
            input.income,
            input.debt_ratio,
            input.employment_time,
            input.inquiries,
            input.limit_ratio,
        ]
    }

    /// Membership of a score in the output terms low, med, high
    /// (`interp_membership` on the sampled curves).
    pub fn score_memberships(&self, score: f64) -> Memberships {
        let out = self.system.output();
        Memberships {
            low: out.membership_in(self.levels[0], score),
            med: out.membership_in(self.levels[1], score),
            high: out.membership_in(self.levels[2], score),
        }
    }
}

impl Default for CreditRiskSystem {
    fn default() -> Self {
        Self::new()
    }
}

fn stage_error(e: MamdaniError) -> StageError {
    match e {
        MamdaniError::NonFiniteInput { variable, value } => StageError::NonFiniteInput {
            stage: Stage::Risk,
            input: variable,
            value,
        },
        other => StageError::custom(Stage::Risk, other),
    }
}

/// Index of `limit_ratio` among the inputs.
const LIMIT_RATIO: usize = 5;

impl RiskAssessor for CreditRiskSystem {
    fn limit_ratio_scores<'a>(
        &'a self,
        input: &RiskInput,
    ) -> Result<LimitRatioScores<'a>, StageError> {
        let mut sweep = self
            .system
            .sweep(&Self::crisp(input), LIMIT_RATIO)
            .map_err(stage_error)?;
        Ok(Box::new(move |ratio| {
            let output = sweep.output(ratio).map_err(stage_error)?;
            Ok(output.filter(|s| s.is_finite()))
        }))
    }

    fn assess(&self, input: &RiskInput) -> Result<RiskAssessment, StageError> {
        let eval = self
            .system
            .evaluate(&Self::crisp(input))
            .map_err(stage_error)?;
        let fired_rules = eval
            .rule_activations
            .iter()
            .enumerate()
            .filter(|(_, &a)| a > 0.0)
            .map(|(i, &activation)| FiredRule {
                // from_spec guarantees at most 255 rules.
                rule: u8::try_from(i + 1).unwrap_or(u8::MAX),
                activation,
                text: self.rule_texts.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        Ok(match eval.output {
            Some(score) => {
                let memberships = self.score_memberships(score);
                RiskAssessment {
                    risk_level: self.level_for(score),
                    risk_score: Some(score),
                    confidence: memberships.low.max(memberships.med).max(memberships.high),
                    memberships,
                    fired_rules,
                }
            }
            None => RiskAssessment {
                risk_level: RiskLevel::Undetermined,
                risk_score: None,
                memberships: Memberships::default(),
                confidence: 0.0,
                fired_rules,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_spec_compiles_with_19_rules() {
        let s = CreditRiskSystem::from_spec(CreditRiskSystem::default_spec()).unwrap();
        assert_eq!(s.system().rule_count(), 19);
        assert_eq!(s.system().inputs().len(), 6);
        assert_eq!(s.system().output().universe().len(), 101);
        assert_eq!(s.system().inputs()[0].universe().len(), 1001);
        assert_eq!(s.system().inputs()[1].universe().len(), 501);
    }

    #[test]
    fn from_spec_rejects_other_shapes() {
        let mut spec = CreditRiskSystem::default_spec();
        spec.inputs.swap(0, 1);
        assert!(matches!(
            CreditRiskSystem::from_spec(spec),
            Err(FuzzyError::Incompatible { .. })
        ));
        let mut spec = CreditRiskSystem::default_spec();
        spec.output.terms[1].name = "medium".into();
        spec.rules.retain(|r| r.then != "med");
        assert!(matches!(
            CreditRiskSystem::from_spec(spec),
            Err(FuzzyError::Incompatible { .. })
        ));
    }
}
