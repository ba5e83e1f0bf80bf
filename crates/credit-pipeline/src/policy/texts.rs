//! The pt-BR summary texts of the credit policy: templates with named
//! placeholders (`{amount}`), checked when the policy loads.
//!
//! Each text may use only the placeholders its result provides; `{{` and `}}`
//! write literal braces. A text naming an unknown placeholder, or with an
//! unmatched brace, makes the policy fail to load, naming the key.

use crate::fuzzy::RiskLevel;

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Slot(&'static str),
}

/// A text with placeholders, validated against the names it may use.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// Parse `text`, accepting only the placeholders in `allowed`.
    pub fn parse(text: &str, allowed: &[&'static str]) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(format!("`{{{name}` is not closed with `}}`")),
                        }
                    }
                    let slot = allowed.iter().find(|a| **a == name).ok_or_else(|| {
                        format!(
                            "unknown placeholder {{{name}}}; this text may use {}",
                            allowed
                                .iter()
                                .map(|a| format!("{{{a}}}"))
                                .collect::<Vec<_>>()
                                .join(" ")
                        )
                    })?;
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Slot(slot));
                }
                '}' => return Err("a `}` without its `{` (write `}}` for a brace)".to_string()),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Self { parts })
    }

    /// Fill the placeholders from `values` (name, text); a placeholder without
    /// a value is left empty.
    pub fn render(&self, values: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(160);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Slot(name) => {
                    if let Some((_, v)) = values.iter().find(|(n, _)| n == name) {
                        out.push_str(v);
                    }
                }
            }
        }
        out
    }
}

/// Which placeholders each text may use, by key of `[texts]`.
pub const PLACEHOLDERS: [(&str, &[&str]); 11] = [
    ("persona_rejected", &["personas"]),
    (
        "below_product_minimum",
        &["min_amount", "product", "cap", "persona"],
    ),
    ("low_income", &["max_commitment", "max_payment"]),
    (
        "low_income_minimo_existencial",
        &["minimo_existencial", "net_income", "max_payment"],
    ),
    ("risk_undetermined", &["persona", "limit"]),
    (
        "approved",
        &[
            "amount",
            "installments",
            "payment",
            "total",
            "cet_monthly",
            "cet_annual",
            "persona",
            "limit",
            "risk",
        ],
    ),
    (
        "rejected_high_risk",
        &["confidence", "risk", "high_risk_above"],
    ),
    ("rejected_other", &["confidence", "risk"]),
    ("pending_model", &["confidence", "persona", "limit", "risk"]),
    (
        "counter_offer",
        &[
            "amount",
            "installments",
            "payment",
            "cet_monthly",
            "cet_annual",
        ],
    ),
    ("risk", &["level", "score"]),
];

/// The validated `[texts]` of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryTexts {
    /// No persona found.
    pub persona_rejected: Template,
    /// The product's minimum is above the ceiling.
    pub below_product_minimum: Template,
    /// No amount affordable under the commitment rule.
    pub low_income: Template,
    /// No amount affordable because of the mínimo existencial.
    pub low_income_minimo_existencial: Template,
    /// No risk rule fired.
    pub risk_undetermined: Template,
    /// Approved.
    pub approved: Template,
    /// Model rejection with a high risk.
    pub rejected_high_risk: Template,
    /// Model rejection otherwise.
    pub rejected_other: Template,
    /// Model sent to review.
    pub pending_model: Template,
    /// Appended with a counter-offer.
    pub counter_offer: Template,
    /// The risk phrase.
    pub risk: Template,
    /// Names of the risk levels: low, medium, high, undetermined.
    pub risk_levels: [String; 4],
}

impl SummaryTexts {
    /// The name of a risk level.
    pub fn risk_level(&self, level: RiskLevel) -> &str {
        let i = match level {
            RiskLevel::Low => 0,
            RiskLevel::Medium => 1,
            RiskLevel::High => 2,
            RiskLevel::Undetermined => 3,
        };
        &self.risk_levels[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_escapes() {
        let t = Template::parse("a {x} {{b}} {y}.", &["x", "y"]).unwrap();
        assert_eq!(t.render(&[("y", "2"), ("x", "1")]), "a 1 {b} 2.");
    }

    #[test]
    fn refuses_unknown_and_unbalanced() {
        let err = Template::parse("a {z}", &["x"]).unwrap_err();
        assert!(err.contains("{z}") && err.contains("{x}"), "{err}");
        assert!(Template::parse("a {x", &["x"])
            .unwrap_err()
            .contains("not closed"));
        assert!(Template::parse("a } b", &["x"]).is_err());
    }
}
