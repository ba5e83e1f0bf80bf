//! The credit policy as versioned data: personas, products, limit factors,
//! the affordability rule, the fuzzy risk system, the decision thresholds and
//! the pt-BR summary texts, in one TOML file.
//!
//! [`CreditPolicy::shipped`] is the default (`policy/credit_policy.toml` in
//! this crate, printed by `credito policy show credit`); [`CreditPolicy::load`]
//! reads a bank's own file. Loading validates everything and reports every
//! problem at once, each naming its key and value. A loaded policy has a
//! [`version`](CreditPolicy::version): its declared name and version plus a
//! content hash (SHA-256 of the validated content, so comments and layout do
//! not change it), which every result carries as `policy_version`.
//!
//! ```
//! use credit_pipeline::policy::CreditPolicy;
//! use credit_pipeline::ids::ProductType;
//!
//! let shipped = CreditPolicy::shipped();
//! assert!(shipped.version().starts_with("credito-default@"));
//! assert_eq!(shipped.product(&ProductType::PERSONAL_LOAN).unwrap().max_installments, 48);
//!
//! // A bank adds the payroll loan (crédito consignado) by editing the file.
//! let text = shipped.source().replace(
//!     "[[products]]\nid = \"personal_loan\"",
//!     "[[products]]\nid = \"payroll_loan\"\nname = \"consignado\"\nmin_amount = 500.0\n\
//!      max_amount = 80000.0\nmax_installments = 96\nmonthly_rate = 0.018\n\
//!      iof = { daily = 0.000082, additional = 0.0038, max_days = 365 }\n\n\
//!      [[products]]\nid = \"personal_loan\"",
//! );
//! let edited = CreditPolicy::from_toml_str(&text)?;
//! assert!(edited.product(&ProductType::new("payroll_loan")?).is_some());
//! assert_ne!(edited.version(), shipped.version());
//!
//! // Every problem is named by its key and value.
//! let broken = shipped.source().replace("max_commitment = 0.30", "max_commitment = 1.5");
//! let err = CreditPolicy::from_toml_str(&broken).unwrap_err().to_string();
//! assert!(err.contains("affordability.max_commitment") && err.contains("1.5"), "{err}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod document;
mod texts;
mod validate;

use std::path::Path;
use std::sync::OnceLock;

pub use document::PolicyDocument;
pub use texts::{SummaryTexts, Template, PLACEHOLDERS};

use crate::bfs::LimitRules;
use crate::dfs::PersonaSpec;
use crate::fuzzy::CreditRiskSystem;
use crate::ids::{Persona, ProductType};
use crate::products::ProductSpec;

/// The shipped policy file.
pub const SHIPPED_POLICY: &str = include_str!("../../policy/credit_policy.toml");

/// One problem found in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyIssue {
    /// Dotted key, e.g. `products[2].max_amount`.
    pub key: String,
    /// The value found, as written (empty when the problem is an absence).
    pub value: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for PolicyIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.key, self.message)
        } else {
            write!(f, "{} = {}: {}", self.key, self.value, self.message)
        }
    }
}

/// Why a credit policy could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file could not be read.
    #[error("cannot read credit policy {path}: {message}")]
    Io {
        /// The path given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The text is not TOML, or a key is unknown, missing or of the wrong type.
    #[error("credit policy {origin}: {message}")]
    Parse {
        /// The file (or `<text>`).
        origin: String,
        /// The parser's message, with the line, column and key.
        message: String,
    },
    /// The document parsed but breaks the policy's rules; every problem is listed.
    #[error("credit policy {origin} is invalid: {}", issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The file (or `<text>`).
        origin: String,
        /// All problems, in document order.
        issues: Vec<PolicyIssue>,
    },
}

/// A validated credit policy.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditPolicy {
    name: String,
    declared_version: String,
    version: String,
    effective_from: Option<String>,
    source: String,
    personas: Vec<PersonaSpec>,
    products: Vec<ProductSpec>,
    limit: LimitRules,
    thresholds: DecisionThresholds,
    risk: CreditRiskSystem,
    texts: SummaryTexts,
}

/// The decision thresholds of `[decision]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionThresholds {
    /// Scores below this are low risk (0.40).
    pub low_risk_below: f64,
    /// Scores below this, and not low, are medium risk (0.70).
    pub medium_risk_below: f64,
    /// A model rejection with a score above this is `high_risk` (0.65).
    pub high_risk_above: f64,
}

impl CreditPolicy {
    /// The shipped default policy (parsed once).
    pub fn shipped() -> &'static CreditPolicy {
        static SHIPPED: OnceLock<CreditPolicy> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            // The shipped file is a constant checked by the unit tests.
            CreditPolicy::parse(SHIPPED_POLICY, "<shipped>")
                .expect("the shipped credit policy is valid")
        })
    }

    /// Read and validate a policy file.
    pub fn load(path: impl AsRef<Path>) -> Result<CreditPolicy, PolicyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| PolicyError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Validate a policy given as TOML text.
    pub fn from_toml_str(text: &str) -> Result<CreditPolicy, PolicyError> {
        Self::parse(text, "<text>")
    }

    fn parse(text: &str, origin: &str) -> Result<CreditPolicy, PolicyError> {
        let document: PolicyDocument = toml::from_str(text).map_err(|e| PolicyError::Parse {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        validate::validate(&document, text).map_err(|issues| PolicyError::Invalid {
            origin: origin.to_string(),
            issues,
        })
    }

    /// `<name>@<version>#<16 hex digits>`: the declared name and version and
    /// the start of the SHA-256 of the validated content.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared name (`[policy] name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The declared version (`[policy] version`).
    pub fn declared_version(&self) -> &str {
        &self.declared_version
    }

    /// The date the policy applies from, if declared.
    pub fn effective_from(&self) -> Option<&str> {
        self.effective_from.as_deref()
    }

    /// The TOML text the policy was loaded from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The personas, in search order.
    pub fn personas(&self) -> &[PersonaSpec] {
        &self.personas
    }

    /// One persona's row.
    pub fn persona(&self, id: &Persona) -> Option<&PersonaSpec> {
        self.personas.iter().find(|p| &p.id == id)
    }

    /// The products.
    pub fn products(&self) -> &[ProductSpec] {
        &self.products
    }

    /// One product's parameters.
    pub fn product(&self, id: &ProductType) -> Option<&ProductSpec> {
        self.products.iter().find(|p| &p.id == id)
    }

    /// The product with this id text.
    pub fn product_named(&self, id: &str) -> Option<&ProductSpec> {
        self.products.iter().find(|p| p.id.as_str() == id)
    }

    /// Stage 2's factors and the affordability rule.
    pub fn limit_rules(&self) -> &LimitRules {
        &self.limit
    }

    /// The decision thresholds.
    pub fn thresholds(&self) -> &DecisionThresholds {
        &self.thresholds
    }

    /// The fuzzy risk system of `[fuzzy]` with the thresholds of `[decision]`.
    pub fn risk_system(&self) -> &CreditRiskSystem {
        &self.risk
    }

    /// The pt-BR summary texts.
    pub fn texts(&self) -> &SummaryTexts {
        &self.texts
    }
}

#[cfg(test)]
mod tests;
