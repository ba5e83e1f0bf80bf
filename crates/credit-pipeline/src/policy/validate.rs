//! From a parsed [`PolicyDocument`] to a [`CreditPolicy`], collecting every
//! problem with its key and value.

use mamdani::{RuleSpec, SystemSpec};

use super::document::{PolicyDocument, TextsEntry};
use super::texts::{SummaryTexts, Template, PLACEHOLDERS};
use super::{CreditPolicy, DecisionThresholds, PolicyIssue};
use crate::bfs::{Affordability, DebtRatioBand, LimitRules, ScoreBand};
use crate::costs::IofRates;
use crate::dfs::PersonaSpec;
use crate::fuzzy::{CreditRiskSystem, RiskThresholds};
use crate::ids::{is_valid_id, Persona, ProductType};
use crate::names::Named;
use crate::products::ProductSpec;
use crate::request::rules::MAX_REQUESTED_INSTALLMENTS;
use crate::request::EmploymentStatus;

/// Largest amount a product or persona may name, BRL (requests are capped lower).
const MAX_POLICY_AMOUNT: f64 = 1e10;
/// Most grid steps between a product's minimum and maximum.
const MAX_GRID_STEPS: f64 = 1_000_000.0;

struct Issues(Vec<PolicyIssue>);

impl Issues {
    fn push(&mut self, key: impl Into<String>, value: impl ToString, message: impl Into<String>) {
        self.0.push(PolicyIssue {
            key: key.into(),
            value: value.to_string(),
            message: message.into(),
        });
    }

    /// `value` must be finite and within `[min, max]`.
    fn range(&mut self, key: impl Into<String>, value: f64, min: f64, max: f64) {
        if !(value.is_finite() && value >= min && value <= max) {
            self.push(key, value, format!("must be a number from {min} to {max}"));
        }
    }

    /// `value` must be finite and strictly positive, at most `max`.
    fn positive(&mut self, key: impl Into<String>, value: f64, max: f64) {
        if !(value.is_finite() && value > 0.0 && value <= max) {
            self.push(
                key,
                value,
                format!("must be a number above 0 and at most {max}"),
            );
        }
    }

    fn id(&mut self, key: String, id: &str, seen: &mut Vec<String>) {
        if !is_valid_id(id) {
            self.push(
                key,
                format!("{id:?}"),
                "an id is 1 to 64 lowercase letters, digits and `_`, starting with a letter",
            );
        } else if seen.iter().any(|s| s == id) {
            self.push(key, format!("{id:?}"), "repeats an earlier id");
        }
        seen.push(id.to_string());
    }
}

fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

pub(super) fn validate(
    doc: &PolicyDocument,
    source: &str,
) -> Result<CreditPolicy, Vec<PolicyIssue>> {
    let mut issues = Issues(Vec::new());

    let header = &doc.policy;
    if header.name.trim().is_empty() || header.name.len() > 100 {
        issues.push(
            "policy.name",
            format!("{:?}", header.name),
            "must be 1 to 100 characters",
        );
    }
    if header.version.trim().is_empty() || header.version.len() > 50 {
        issues.push(
            "policy.version",
            format!("{:?}", header.version),
            "must be 1 to 50 characters",
        );
    }
    if let Some(date) = header.effective_from.as_deref().filter(|d| !is_date(d)) {
        issues.push(
            "policy.effective_from",
            format!("{date:?}"),
            "must be a date YYYY-MM-DD",
        );
    }

    let personas = personas(doc, &mut issues);
    let products = products(doc, &mut issues);
    let limit = limit_rules(doc, &mut issues);

    let d = &doc.decision;
    issues.range("decision.low_risk_below", d.low_risk_below, 0.0, 1.0);
    issues.range("decision.medium_risk_below", d.medium_risk_below, 0.0, 1.0);
    issues.range("decision.high_risk_above", d.high_risk_above, 0.0, 1.0);
    if d.low_risk_below > d.medium_risk_below {
        issues.push(
            "decision.medium_risk_below",
            d.medium_risk_below,
            format!("must not be below low_risk_below ({})", d.low_risk_below),
        );
    }
    let thresholds = DecisionThresholds {
        low_risk_below: d.low_risk_below,
        medium_risk_below: d.medium_risk_below,
        high_risk_above: d.high_risk_above,
    };

    let risk = risk_system(doc, thresholds, &mut issues);
    let texts = texts(&doc.texts, &mut issues);

    if !issues.0.is_empty() {
        return Err(issues.0);
    }
    let (Some(risk), Some(texts)) = (risk, texts) else {
        return Err(issues.0);
    };
    let version = format!("{}@{}#{}", header.name, header.version, content_hash(doc));
    Ok(CreditPolicy {
        name: header.name.clone(),
        declared_version: header.version.clone(),
        version,
        effective_from: header.effective_from.clone(),
        source: source.to_string(),
        personas,
        products,
        limit,
        thresholds,
        risk,
        texts,
    })
}

/// The first 16 hex digits of the SHA-256 of the document's canonical JSON.
fn content_hash(doc: &PolicyDocument) -> String {
    use sha2::Digest;
    // Serialising plain structs of numbers and strings cannot fail.
    let canonical = serde_json::to_vec(doc).unwrap_or_default();
    let digest = sha2::Sha256::digest(&canonical);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn personas(doc: &PolicyDocument, issues: &mut Issues) -> Vec<PersonaSpec> {
    if doc.personas.is_empty() {
        issues.push("personas", "", "at least one [[personas]] entry is needed");
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, p) in doc.personas.iter().enumerate() {
        let key = |field: &str| format!("personas[{i}].{field}");
        issues.id(key("id"), &p.id, &mut seen);
        issues.range(key("min_income"), p.min_income, 0.0, MAX_POLICY_AMOUNT);
        issues.positive(key("max_limit"), p.max_limit, MAX_POLICY_AMOUNT);
        issues.range(key("min_limit"), p.min_limit, 0.0, MAX_POLICY_AMOUNT);
        issues.positive(key("income_multiplier"), p.income_multiplier, 1000.0);
        if p.min_limit > p.max_limit {
            issues.push(
                key("min_limit"),
                p.min_limit,
                format!("is above max_limit ({})", p.max_limit),
            );
        }
        if p.min_credit_score > crate::request::MAX_CREDIT_SCORE {
            issues.push(
                key("min_credit_score"),
                p.min_credit_score,
                format!("must be at most {}", crate::request::MAX_CREDIT_SCORE),
            );
        }
        if p.employment.is_empty() {
            issues.push(
                key("employment"),
                "[]",
                "must list at least one employment status",
            );
        }
        let mut employments = Vec::new();
        for (j, e) in p.employment.iter().enumerate() {
            match EmploymentStatus::from_name(e) {
                Some(status) => employments.push(status),
                None => issues.push(
                    format!("personas[{i}].employment[{j}]"),
                    format!("{e:?}"),
                    format!(
                        "unknown employment status; expected one of {}",
                        EmploymentStatus::expected_names()
                    ),
                ),
            }
        }
        if let Ok(id) = Persona::new(p.id.clone()) {
            out.push(PersonaSpec {
                name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                id,
                min_income: p.min_income,
                employments,
                min_credit_score: p.min_credit_score,
                max_limit: p.max_limit,
                min_limit: p.min_limit,
                income_multiplier: p.income_multiplier,
            });
        }
    }
    out
}

fn products(doc: &PolicyDocument, issues: &mut Issues) -> Vec<ProductSpec> {
    if doc.products.is_empty() {
        issues.push("products", "", "at least one [[products]] entry is needed");
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, p) in doc.products.iter().enumerate() {
        let key = |field: &str| format!("products[{i}].{field}");
        issues.id(key("id"), &p.id, &mut seen);
        issues.positive(key("min_amount"), p.min_amount, MAX_POLICY_AMOUNT);
        issues.positive(key("max_amount"), p.max_amount, MAX_POLICY_AMOUNT);
        if p.min_amount > p.max_amount {
            issues.push(
                key("min_amount"),
                p.min_amount,
                format!("is above max_amount ({})", p.max_amount),
            );
        }
        let steps = (p.max_amount - p.min_amount) / doc.limit.amount_step;
        if steps.is_finite() && steps > MAX_GRID_STEPS {
            issues.push(
                key("max_amount"),
                p.max_amount,
                format!(
                    "more than {MAX_GRID_STEPS} amount steps of {} above min_amount",
                    doc.limit.amount_step
                ),
            );
        }
        if p.max_installments == 0 || p.max_installments > MAX_REQUESTED_INSTALLMENTS {
            issues.push(
                key("max_installments"),
                p.max_installments,
                format!("must be from 1 to {MAX_REQUESTED_INSTALLMENTS}"),
            );
        }
        issues.range(key("monthly_rate"), p.monthly_rate, 0.0, 1.0);
        issues.range(key("iof.daily"), p.iof.daily, 0.0, 0.01);
        issues.range(key("iof.additional"), p.iof.additional, 0.0, 0.1);
        if p.iof.max_days > 36_500 {
            issues.push(key("iof.max_days"), p.iof.max_days, "must be at most 36500");
        }
        if let Ok(id) = ProductType::new(p.id.clone()) {
            out.push(ProductSpec {
                name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                id,
                min_amount: p.min_amount,
                max_amount: p.max_amount,
                max_installments: p.max_installments,
                monthly_rate: p.monthly_rate,
                iof: IofRates {
                    daily: p.iof.daily,
                    additional: p.iof.additional,
                    max_days: p.iof.max_days,
                },
            });
        }
    }
    out
}

fn limit_rules(doc: &PolicyDocument, issues: &mut Issues) -> LimitRules {
    let l = &doc.limit;
    issues.positive("limit.amount_step", l.amount_step, MAX_POLICY_AMOUNT);
    issues.range(
        "limit.bacen_restriction_penalty",
        l.bacen_restriction_penalty,
        0.0,
        1.0,
    );
    if l.score_factors.is_empty() {
        issues.push(
            "limit.score_factors",
            "[]",
            "needs at least one band (the last starting at 0)",
        );
    }
    for (i, band) in l.score_factors.iter().enumerate() {
        issues.range(
            format!("limit.score_factors[{i}].factor"),
            band.factor,
            0.0,
            100.0,
        );
        if i > 0 && band.min_score >= l.score_factors[i - 1].min_score {
            issues.push(
                format!("limit.score_factors[{i}].min_score"),
                band.min_score,
                "bands must be in descending min_score order",
            );
        }
    }
    if let Some(last) = l.score_factors.last().filter(|b| b.min_score != 0) {
        issues.push(
            format!(
                "limit.score_factors[{}].min_score",
                l.score_factors.len() - 1
            ),
            last.min_score,
            "the last band must start at 0 so every score has a factor",
        );
    }
    let e = &l.employment_factors;
    let employment_factors = [e.employed, e.self_employed, e.retired, e.unemployed];
    for (status, factor) in EmploymentStatus::ALL.iter().zip(employment_factors) {
        issues.range(
            format!("limit.employment_factors.{status}"),
            factor,
            0.0,
            100.0,
        );
    }
    issues.range(
        "limit.existing_loans_factors.with_loans",
        l.existing_loans_factors.with_loans,
        0.0,
        100.0,
    );
    issues.range(
        "limit.existing_loans_factors.without_loans",
        l.existing_loans_factors.without_loans,
        0.0,
        100.0,
    );
    for (i, band) in l.debt_ratio_factors.iter().enumerate() {
        issues.range(
            format!("limit.debt_ratio_factors[{i}].below"),
            band.below,
            0.0,
            1.0,
        );
        issues.range(
            format!("limit.debt_ratio_factors[{i}].factor"),
            band.factor,
            0.0,
            100.0,
        );
        if i > 0 && band.below <= l.debt_ratio_factors[i - 1].below {
            issues.push(
                format!("limit.debt_ratio_factors[{i}].below"),
                band.below,
                "bands must be in ascending `below` order",
            );
        }
    }
    issues.range(
        "limit.debt_ratio_factor_otherwise",
        l.debt_ratio_factor_otherwise,
        0.0,
        100.0,
    );

    let a = &doc.affordability;
    if !(a.max_commitment.is_finite() && a.max_commitment > 0.0 && a.max_commitment <= 1.0) {
        issues.push(
            "affordability.max_commitment",
            a.max_commitment,
            "must be a share of income above 0 and at most 1",
        );
    }
    issues.range(
        "affordability.minimo_existencial",
        a.minimo_existencial,
        0.0,
        1e6,
    );
    if !is_date(&a.minimo_existencial_since) {
        issues.push(
            "affordability.minimo_existencial_since",
            format!("{:?}", a.minimo_existencial_since),
            "must be a date YYYY-MM-DD",
        );
    }
    if a.minimo_existencial_source.trim().is_empty() {
        issues.push(
            "affordability.minimo_existencial_source",
            "\"\"",
            "cite where the value comes from",
        );
    }
    LimitRules {
        amount_step: l.amount_step,
        bacen_restriction_penalty: l.bacen_restriction_penalty,
        score_bands: l
            .score_factors
            .iter()
            .map(|b| ScoreBand {
                min_score: b.min_score,
                factor: b.factor,
            })
            .collect(),
        employment_factors,
        with_loans_factor: l.existing_loans_factors.with_loans,
        without_loans_factor: l.existing_loans_factors.without_loans,
        debt_ratio_bands: l
            .debt_ratio_factors
            .iter()
            .map(|b| DebtRatioBand {
                below: b.below,
                factor: b.factor,
            })
            .collect(),
        debt_ratio_factor_otherwise: l.debt_ratio_factor_otherwise,
        affordability: Affordability {
            max_commitment: a.max_commitment,
            minimo_existencial: a.minimo_existencial,
            minimo_existencial_since: a.minimo_existencial_since.clone(),
            minimo_existencial_source: a.minimo_existencial_source.clone(),
        },
    }
}

fn risk_system(
    doc: &PolicyDocument,
    thresholds: DecisionThresholds,
    issues: &mut Issues,
) -> Option<CreditRiskSystem> {
    let f = &doc.fuzzy;
    let mut rules = Vec::with_capacity(f.rules.len());
    for (i, text) in f.rules.iter().enumerate() {
        match RuleSpec::parse(text, &f.output.name) {
            Ok(rule) => rules.push(rule),
            Err(e) => issues.push(
                format!("fuzzy.rules[{i}]"),
                format!("{text:?}"),
                e.to_string(),
            ),
        }
    }
    if rules.len() != f.rules.len() {
        return None;
    }
    let spec = SystemSpec {
        inputs: f.inputs.clone(),
        output: f.output.clone(),
        rules,
    };
    let levels = RiskThresholds {
        low_below: thresholds.low_risk_below,
        medium_below: thresholds.medium_risk_below,
    };
    match CreditRiskSystem::with_thresholds(spec, levels) {
        Ok(system) => Some(system),
        Err(e) => {
            issues.push("fuzzy", "", e.to_string());
            None
        }
    }
}

fn texts(t: &TextsEntry, issues: &mut Issues) -> Option<SummaryTexts> {
    let entries: [(&str, &String); 11] = [
        ("persona_rejected", &t.persona_rejected),
        ("below_product_minimum", &t.below_product_minimum),
        ("low_income", &t.low_income),
        (
            "low_income_minimo_existencial",
            &t.low_income_minimo_existencial,
        ),
        ("risk_undetermined", &t.risk_undetermined),
        ("approved", &t.approved),
        ("rejected_high_risk", &t.rejected_high_risk),
        ("rejected_other", &t.rejected_other),
        ("pending_model", &t.pending_model),
        ("counter_offer", &t.counter_offer),
        ("risk", &t.risk),
    ];
    let mut parsed = Vec::with_capacity(entries.len());
    for (key, text) in entries {
        let allowed = PLACEHOLDERS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(&[][..], |(_, a)| *a);
        match Template::parse(text, allowed) {
            Ok(t) => parsed.push(t),
            Err(message) => issues.push(format!("texts.{key}"), format!("{text:?}"), message),
        }
    }
    let levels = &t.risk_levels;
    let risk_levels = [
        levels.low.clone(),
        levels.medium.clone(),
        levels.high.clone(),
        levels.undetermined.clone(),
    ];
    let [persona_rejected, below_product_minimum, low_income, low_income_minimo_existencial, risk_undetermined, approved, rejected_high_risk, rejected_other, pending_model, counter_offer, risk]: [Template; 11] =
        parsed.try_into().ok()?;
    Some(SummaryTexts {
        persona_rejected,
        below_product_minimum,
        low_income,
        low_income_minimo_existencial,
        risk_undetermined,
        approved,
        rejected_high_risk,
        rejected_other,
        pending_model,
        counter_offer,
        risk,
        risk_levels,
    })
}
