//! Stage 1 — persona filter by depth-first search of a decision tree (SPEC §3.1).
//!
//! The tree is data: [`DecisionNode::Test`] nodes hold a [`Condition`] and the
//! subtrees tried, in order, when it holds; [`DecisionNode::Leaf`] nodes are
//! personas. [`PersonaTree::search`] walks it depth-first with backtracking:
//! a failed condition abandons its subtree and the search resumes with the next
//! alternative, so the Premium branch is tried first, then Standard, then
//! Basic. Every visited node is written to the `decision_path`.
//!
//! ```
//! use credit_pipeline::dfs::{DfsPersonaClassifier, Persona};
//! use credit_pipeline::request::{CustomerProfile, EmploymentStatus};
//! use credit_pipeline::PersonaClassifier;
//!
//! let profile = CustomerProfile {
//!     employment_status: EmploymentStatus::Retired,
//!     income: 5_000.0,
//!     credit_score: 700,
//!     ..CustomerProfile::example("C")
//! };
//! let result = DfsPersonaClassifier::default().classify(&profile);
//! assert_eq!(result.persona, Some(Persona::BASIC)); // backtracked past Standard
//! ```

use serde::{Deserialize, Serialize};

use crate::request::{CustomerProfile, EmploymentStatus};

pub use crate::ids::Persona;

/// Entry criteria and credit policy of one persona (a `[[personas]]` entry of
/// the credit policy; the shipped rows are SPEC §3.1's).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaSpec {
    /// The persona this row describes.
    pub id: Persona,
    /// How the persona is shown to people, e.g. `Premium`.
    pub name: String,
    /// Minimum gross monthly income, BRL.
    pub min_income: f64,
    /// Accepted employment statuses.
    pub employments: Vec<EmploymentStatus>,
    /// Minimum credit score (0..=1000).
    pub min_credit_score: u32,
    /// Largest limit the persona may receive, BRL.
    pub max_limit: f64,
    /// Smallest limit the persona is offered, BRL.
    pub min_limit: f64,
    /// Multiplier applied to the income available for the limit.
    pub income_multiplier: f64,
}

/// A test on the customer profile held by a tree node.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `income >= value`.
    IncomeAtLeast(f64),
    /// Employment status is one of the listed ones.
    EmploymentIn(Vec<EmploymentStatus>),
    /// `credit_score >= value`.
    CreditScoreAtLeast(u32),
}

impl Condition {
    /// Whether the profile satisfies the condition.
    pub fn holds(&self, profile: &CustomerProfile) -> bool {
        match self {
            Condition::IncomeAtLeast(min) => profile.income >= *min,
            Condition::EmploymentIn(list) => list.contains(&profile.employment_status),
            Condition::CreditScoreAtLeast(min) => profile.credit_score >= *min,
        }
    }

    /// Human-readable form used in the decision path, e.g. `income >= 10000`.
    pub fn describe(&self) -> String {
        match self {
            Condition::IncomeAtLeast(min) => format!("income >= {min}"),
            Condition::EmploymentIn(list) => {
                let names: Vec<&str> = list.iter().map(|e| e.as_str()).collect();
                format!("employment_status in [{}]", names.join(", "))
            }
            Condition::CreditScoreAtLeast(min) => format!("credit_score >= {min}"),
        }
    }
}

/// A node of the persona tree.
#[derive(Debug, Clone, PartialEq)]
pub enum DecisionNode {
    /// When `condition` holds, `children` are searched in order; when it
    /// fails (or no child reaches a leaf) the search backtracks.
    Test {
        /// What the profile must satisfy to descend.
        condition: Condition,
        /// Subtrees tried in order.
        children: Vec<DecisionNode>,
    },
    /// A persona: reaching it ends the search.
    Leaf(Persona),
}

/// The persona decision tree: alternatives tried in order by depth-first search.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaTree {
    /// Top-level alternatives (one chain per persona in the default tree).
    pub roots: Vec<DecisionNode>,
}

impl PersonaTree {
    /// The tree built from persona rows (SPEC §3.1): for each persona, in
    /// order, a chain `income -> employment -> credit_score -> leaf`.
    pub fn from_specs(specs: &[PersonaSpec]) -> Self {
        let roots = specs
            .iter()
            .map(|s| DecisionNode::Test {
                condition: Condition::IncomeAtLeast(s.min_income),
                children: vec![DecisionNode::Test {
                    condition: Condition::EmploymentIn(s.employments.clone()),
                    children: vec![DecisionNode::Test {
                        condition: Condition::CreditScoreAtLeast(s.min_credit_score),
                        children: vec![DecisionNode::Leaf(s.id.clone())],
                    }],
                }],
            })
            .collect();
        Self { roots }
    }

    /// Depth-first search with backtracking. Returns the first leaf reached
    /// and appends every visited node to `path` (`"<condition>: true|false"`,
    /// `"persona: <name>"` for the leaf).
    pub fn search(&self, profile: &CustomerProfile, path: &mut Vec<String>) -> Option<Persona> {
        // Explicit stack of nodes still to visit; children pushed in reverse so
        // the first child is visited first.
        let mut stack: Vec<&DecisionNode> = self.roots.iter().rev().collect();
        while let Some(node) = stack.pop() {
            match node {
                DecisionNode::Leaf(persona) => {
                    path.push(format!("persona: {}", persona.as_str()));
                    return Some(persona.clone());
                }
                DecisionNode::Test {
                    condition,
                    children,
                } => {
                    let holds = condition.holds(profile);
                    path.push(format!("{}: {holds}", condition.describe()));
                    if holds {
                        stack.extend(children.iter().rev());
                    }
                }
            }
        }
        None
    }
}

/// Output of stage 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonaResult {
    /// `true` when a persona was found.
    pub passed: bool,
    /// The persona reached, if any.
    pub persona: Option<Persona>,
    /// SPEC §3.1 confidence (0 when no persona was found).
    pub confidence: f64,
    /// Every node visited, in order.
    pub decision_path: Vec<String>,
}

/// Stage 1 trait: classify a customer into a persona.
pub trait PersonaClassifier: Send + Sync {
    /// Classify the profile; `persona: None` rejects the request.
    fn classify(&self, profile: &CustomerProfile) -> PersonaResult;

    /// The rows of the personas this classifier assigns, in search order;
    /// stage 2 takes the limits of the persona found from here.
    fn personas(&self) -> &[PersonaSpec];
}

impl<T: PersonaClassifier + ?Sized> PersonaClassifier for std::sync::Arc<T> {
    fn classify(&self, profile: &CustomerProfile) -> PersonaResult {
        (**self).classify(profile)
    }
    fn personas(&self) -> &[PersonaSpec] {
        (**self).personas()
    }
}

/// SPEC §3.1 confidence of `persona` for the profile:
/// `min(income / max(2*min_income, 1), 0.4) + (score > 0 ? min(score/850*0.4, 0.4) : 0.2)
/// + (employed|self_employed ? 0.2 : 0.1)`, capped at 1.
pub fn persona_confidence(profile: &CustomerProfile, spec: &PersonaSpec) -> f64 {
    let income_part = (profile.income / (2.0 * spec.min_income).max(1.0)).min(0.4);
    let score = f64::from(profile.credit_score);
    let score_part = if profile.credit_score > 0 {
        (score / 850.0 * 0.4).min(0.4)
    } else {
        0.2
    };
    let employment_part = if profile.employment_status.is_working() {
        0.2
    } else {
        0.1
    };
    (income_part + score_part + employment_part).min(1.0)
}

/// The default stage 1: the policy's persona tree searched depth-first.
#[derive(Debug, Clone, PartialEq)]
pub struct DfsPersonaClassifier {
    tree: PersonaTree,
    specs: Vec<PersonaSpec>,
}

impl DfsPersonaClassifier {
    /// A classifier over a persona table (tried in the given order), e.g.
    /// [`CreditPolicy::personas`](crate::policy::CreditPolicy::personas).
    pub fn from_specs(specs: Vec<PersonaSpec>) -> Self {
        Self {
            tree: PersonaTree::from_specs(&specs),
            specs,
        }
    }

    /// The tree being searched.
    pub fn tree(&self) -> &PersonaTree {
        &self.tree
    }
}

impl Default for DfsPersonaClassifier {
    /// The shipped policy's personas.
    fn default() -> Self {
        Self::from_specs(crate::policy::CreditPolicy::shipped().personas().to_vec())
    }
}

impl PersonaClassifier for DfsPersonaClassifier {
    fn classify(&self, profile: &CustomerProfile) -> PersonaResult {
        let mut decision_path = Vec::with_capacity(12);
        let persona = self.tree.search(profile, &mut decision_path);
        let confidence = persona
            .as_ref()
            .and_then(|p| self.specs.iter().find(|s| &s.id == p))
            .map_or(0.0, |spec| persona_confidence(profile, spec));
        PersonaResult {
            passed: persona.is_some(),
            persona,
            confidence,
            decision_path,
        }
    }

    fn personas(&self) -> &[PersonaSpec] {
        &self.specs
    }
}
