//! Ranked, specific reasons for every result that is not an approval of the
//! amount asked (LGPD art. 20; Reg B §1002.9(b)(2)): at most four, most
//! important first, each with a stable code from the catalogue in
//! `docs/reason-codes.md`, a pt-BR and an English text, and the measured value
//! and the threshold it was compared with.

use serde::{Deserialize, Serialize};

use crate::bfs::{pmt, BindingConstraint, CreditLimit, LimitRules};
use crate::dfs::PersonaSpec;
use crate::fuzzy::{FiredRule, RiskAssessment};
use crate::mlp::NUM_FEATURES;
use crate::products::ProductSpec;
use crate::request::{CreditRequest, CustomerProfile};

use super::summary::{brl, decimal};

/// Most reasons a result carries.
pub const MAX_REASONS: usize = 4;

/// Smallest share of the model's positive attribution that makes an input a reason.
pub const MIN_SHARE: f64 = 0.05;

/// One principal reason of a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    /// Stable code (see `docs/reason-codes.md`), e.g. `LIMIT_AMOUNT_ABOVE_LIMIT`.
    pub code: String,
    /// The stage that found it: `persona`, `limit`, `risk` or `approval`.
    pub stage: String,
    /// The reason in Brazilian Portuguese, with the measured values.
    pub text_pt: String,
    /// The reason in English.
    pub text_en: String,
    /// The measured value, when there is one.
    pub value: Option<f64>,
    /// What it was compared with, when there is a threshold.
    pub threshold: Option<f64>,
}

fn reason(
    code: &str,
    stage: &str,
    text_pt: String,
    text_en: String,
    value: Option<f64>,
    threshold: Option<f64>,
) -> Reason {
    Reason {
        code: code.to_string(),
        stage: stage.to_string(),
        text_pt,
        text_en,
        value,
        threshold,
    }
}

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Every entry criterion of `nearest` (the persona whose criteria the
/// profile misses fewest of) that the profile fails.
pub(super) fn persona(profile: &CustomerProfile, specs: &[PersonaSpec]) -> Vec<Reason> {
    let failures = |spec: &PersonaSpec| {
        let mut out = Vec::new();
        if !spec.employments.contains(&profile.employment_status) {
            let accepted: Vec<&str> = spec.employments.iter().map(|e| e.as_str()).collect();
            out.push(reason(
                "PERSONA_EMPLOYMENT_NOT_ACCEPTED",
                "persona",
                format!(
                    "situação de emprego \"{}\" não é aceita (aceitas: {})",
                    profile.employment_status,
                    accepted.join(", ")
                ),
                format!(
                    "employment status \"{}\" is not accepted (accepted: {})",
                    profile.employment_status,
                    accepted.join(", ")
                ),
                None,
                None,
            ));
        }
        if profile.income < spec.min_income {
            out.push(reason(
                "PERSONA_INCOME_BELOW_MINIMUM",
                "persona",
                format!(
                    "renda de {} abaixo do mínimo de {}",
                    brl(profile.income),
                    brl(spec.min_income)
                ),
                format!(
                    "income of {} below the minimum of {}",
                    brl(profile.income),
                    brl(spec.min_income)
                ),
                Some(profile.income),
                Some(spec.min_income),
            ));
        }
        if profile.credit_score < spec.min_credit_score {
            out.push(reason(
                "PERSONA_SCORE_BELOW_MINIMUM",
                "persona",
                format!(
                    "score de crédito {} abaixo do mínimo de {}",
                    profile.credit_score, spec.min_credit_score
                ),
                format!(
                    "credit score {} below the minimum of {}",
                    profile.credit_score, spec.min_credit_score
                ),
                Some(f64::from(profile.credit_score)),
                Some(f64::from(spec.min_credit_score)),
            ));
        }
        out
    };
    specs
        .iter()
        .rev()
        .map(failures)
        .min_by_key(Vec::len)
        .unwrap_or_default()
}

/// Why the limit is what it is: the binding constraint, and the factors
/// that lowered an income-based limit.
fn binding(
    limit: &CreditLimit,
    profile: &CustomerProfile,
    persona: &PersonaSpec,
    rules: &LimitRules,
) -> Vec<Reason> {
    let f = &limit.factors;
    match f.binding_constraint {
        BindingConstraint::PersonaCap => vec![reason(
            "LIMIT_PERSONA_CAP",
            "limit",
            format!(
                "teto da persona {} de {}",
                persona.name,
                brl(persona.max_limit)
            ),
            format!(
                "the {} persona's ceiling of {}",
                persona.name,
                brl(persona.max_limit)
            ),
            Some(limit.approved_amount),
            Some(persona.max_limit),
        )],
        BindingConstraint::ProductCap => vec![reason(
            "LIMIT_PRODUCT_CAP",
            "limit",
            format!("teto do produto de {}", brl(f.search_cap)),
            format!("the product's ceiling of {}", brl(f.search_cap)),
            Some(limit.approved_amount),
            Some(f.search_cap),
        )],
        BindingConstraint::Affordability | BindingConstraint::MinimoExistencial => {
            let next = limit.approved_amount + rules.amount_step;
            vec![payment_above_bound(limit, rules, next, "", "")]
        }
        BindingConstraint::FactorLimit => {
            let mut out = vec![reason(
                "LIMIT_INCOME_BASED",
                "limit",
                format!(
                    "limite pela renda: {} disponíveis × {} × fatores {} · {} · {} = {}",
                    brl(f.income_for_limit_calc),
                    decimal(persona.income_multiplier),
                    decimal(f.score_factor),
                    decimal(f.employment_factor),
                    decimal(f.history_factor),
                    brl(f.search_cap)
                ),
                format!(
                    "income-based limit: {} available × {} × factors {} · {} · {} = {}",
                    brl(f.income_for_limit_calc),
                    decimal(persona.income_multiplier),
                    decimal(f.score_factor),
                    decimal(f.employment_factor),
                    decimal(f.history_factor),
                    brl(f.search_cap)
                ),
                Some(f.search_cap),
                None,
            )];
            let neutral_dti = rules.neutral_debt_ratio().unwrap_or(0.0);
            if rules.debt_ratio_factor(profile.debt_to_income_ratio) < 1.0 {
                out.push(reason(
                    "LIMIT_DEBT_RATIO",
                    "limit",
                    format!(
                        "endividamento de {} reduz o limite (fator {})",
                        percent(profile.debt_to_income_ratio),
                        decimal(f.history_factor)
                    ),
                    format!(
                        "a debt-to-income ratio of {} lowers the limit (factor {})",
                        percent(profile.debt_to_income_ratio),
                        decimal(f.history_factor)
                    ),
                    Some(profile.debt_to_income_ratio),
                    Some(neutral_dti),
                ));
            }
            if f.score_factor < 1.0 {
                let neutral = rules.neutral_score().unwrap_or(0);
                out.push(reason(
                    "LIMIT_SCORE_FACTOR",
                    "limit",
                    format!(
                        "score de crédito {} abaixo de {neutral} reduz o limite (fator {})",
                        profile.credit_score,
                        decimal(f.score_factor)
                    ),
                    format!(
                        "a credit score of {} below {neutral} lowers the limit (factor {})",
                        profile.credit_score,
                        decimal(f.score_factor)
                    ),
                    Some(f64::from(profile.credit_score)),
                    Some(f64::from(neutral)),
                ));
            }
            if profile.has_bacen_restriction {
                out.push(reason(
                    "LIMIT_BACEN_RESTRICTION",
                    "limit",
                    "restrição no Banco Central reduz a renda considerada".to_string(),
                    "a Central Bank restriction lowers the income considered".to_string(),
                    None,
                    None,
                ));
            }
            out
        }
    }
}

/// What the largest allowed payment is, in words: the commitment share of net
/// income, or net income less the mínimo existencial when that is tighter.
fn payment_bound_words(limit: &CreditLimit, rules: &LimitRules) -> (String, String) {
    let f = &limit.factors;
    let bound = brl(limit.max_installment_value);
    if f.minimo_existencial_bound < f.commitment_bound {
        (
            format!(
                "do que a renda líquida de {} deixa após o mínimo existencial de {} ({bound})",
                brl(f.net_income),
                brl(f.minimo_existencial)
            ),
            format!(
                "what net income of {} leaves after the mínimo existencial of {} ({bound})",
                brl(f.net_income),
                brl(f.minimo_existencial)
            ),
        )
    } else {
        let share = percent(rules.affordability.max_commitment);
        (
            format!("de {share} da renda líquida ({bound})"),
            format!("{share} of net income ({bound})"),
        )
    }
}

/// The payment of `amount` at the longest term is above the largest allowed
/// payment; `what_pt` / `what_en` name the amount (e.g. " o valor mínimo de").
fn payment_above_bound(
    limit: &CreditLimit,
    rules: &LimitRules,
    amount: f64,
    what_pt: &str,
    what_en: &str,
) -> Reason {
    let payment = pmt(limit.interest_rate, limit.max_installments, amount);
    let (bound_pt, bound_en) = payment_bound_words(limit, rules);
    let f = &limit.factors;
    let code = if f.minimo_existencial_bound < f.commitment_bound {
        "LIMIT_MINIMO_EXISTENCIAL"
    } else {
        "LIMIT_PAYMENT_ABOVE_COMMITMENT"
    };
    reason(
        code,
        "limit",
        format!(
            "parcela de {} para{what_pt} {} acima {bound_pt}",
            brl(payment),
            brl(amount)
        ),
        format!(
            "a payment of {} for{what_en} {} is above {bound_en}",
            brl(payment),
            brl(amount)
        ),
        Some(payment),
        Some(limit.max_installment_value),
    )
}

/// Stage 2 stopped the request.
pub(super) fn limit_rejection(
    limit: &CreditLimit,
    request: &CreditRequest,
    product: &ProductSpec,
    persona: &PersonaSpec,
    rules: &LimitRules,
) -> Vec<Reason> {
    let min_amount = product.min_amount.max(persona.min_limit);
    let below_minimum = limit.factors.search_cap < min_amount;
    let mut out = if below_minimum {
        vec![reason(
            "LIMIT_BELOW_PRODUCT_MINIMUM",
            "limit",
            format!(
                "teto calculado de {} abaixo do valor mínimo de {}",
                brl(limit.factors.search_cap.max(0.0)),
                brl(min_amount)
            ),
            format!(
                "the computed ceiling of {} is below the minimum amount of {}",
                brl(limit.factors.search_cap.max(0.0)),
                brl(min_amount)
            ),
            Some(limit.factors.search_cap),
            Some(min_amount),
        )]
    } else {
        vec![payment_above_bound(
            limit,
            rules,
            min_amount,
            " o valor mínimo de",
            " the minimum amount of",
        )]
    };
    if below_minimum {
        out.extend(binding(limit, &request.customer_profile, persona, rules));
    }
    out.truncate(MAX_REASONS);
    out
}

/// The amount asked is above the limit, and why the limit is what it is.
pub(super) fn above_limit(
    limit: &CreditLimit,
    request: &CreditRequest,
    persona: &PersonaSpec,
    rules: &LimitRules,
) -> Vec<Reason> {
    let mut out = vec![amount_above_limit(limit, request)];
    out.extend(binding(limit, &request.customer_profile, persona, rules));
    out
}

/// The amount asked is above the limit.
pub(super) fn amount_above_limit(limit: &CreditLimit, request: &CreditRequest) -> Reason {
    reason(
        "LIMIT_AMOUNT_ABOVE_LIMIT",
        "limit",
        format!(
            "valor pedido de {} acima do limite de {}",
            brl(request.requested_amount),
            brl(limit.approved_amount)
        ),
        format!(
            "the amount asked, {}, is above the limit of {}",
            brl(request.requested_amount),
            brl(limit.approved_amount)
        ),
        Some(request.requested_amount),
        Some(limit.approved_amount),
    )
}

/// Approved, but not at the term asked.
pub(super) fn term(
    limit: &CreditLimit,
    request: &CreditRequest,
    rules: &LimitRules,
    installments: u32,
) -> Vec<Reason> {
    let asked = request.requested_installments;
    if asked > limit.max_installments {
        return vec![reason(
            "TERM_ABOVE_PRODUCT_MAXIMUM",
            "limit",
            format!(
                "prazo pedido de {asked} parcelas acima do máximo de {} do produto",
                limit.max_installments
            ),
            format!(
                "the term asked, {asked} installments, is above the product's maximum of {}",
                limit.max_installments
            ),
            Some(f64::from(asked)),
            Some(f64::from(limit.max_installments)),
        )];
    }
    if installments > asked {
        let amount = request.requested_amount.min(limit.approved_amount);
        let payment = pmt(limit.interest_rate, asked, amount);
        let (bound_pt, bound_en) = payment_bound_words(limit, rules);
        return vec![reason(
            "TERM_PAYMENT_ABOVE_COMMITMENT",
            "limit",
            format!(
                "em {asked}x a parcela seria {}, acima {bound_pt}; oferta em {installments}x",
                brl(payment),
            ),
            format!(
                "at {asked} installments the payment would be {}, above {bound_en}; offered at {installments}",
                brl(payment),
            ),
            Some(payment),
            Some(limit.max_installment_value),
        )];
    }
    Vec::new()
}

fn concludes_high(rule: &FiredRule) -> bool {
    rule.text.rsplit(" IS ").next() == Some("high")
}

/// The fuzzy risk, and the rules that pushed it up (by activation), at most `max`.
pub(super) fn risk(risk: &RiskAssessment, high_risk_above: f64, max: usize) -> Vec<Reason> {
    let mut out = Vec::new();
    if max == 0 {
        return out;
    }
    if let Some(score) = risk.risk_score.filter(|s| *s > high_risk_above) {
        out.push(reason(
            "RISK_HIGH",
            "risk",
            format!(
                "risco de inadimplência {} acima de {}",
                decimal(score),
                decimal(high_risk_above)
            ),
            format!(
                "default risk {} above {}",
                decimal(score),
                decimal(high_risk_above)
            ),
            Some(score),
            Some(high_risk_above),
        ));
    }
    let mut rules: Vec<&FiredRule> = risk
        .fired_rules
        .iter()
        .filter(|r| concludes_high(r))
        .collect();
    rules.sort_by(|a, b| b.activation.total_cmp(&a.activation));
    for rule in rules.into_iter().take(max.saturating_sub(out.len())) {
        out.push(reason(
            &format!("RISK_RULE_{:02}", rule.rule),
            "risk",
            format!(
                "regra {} ativada ({}): {}",
                rule.rule,
                decimal(rule.activation),
                rule.text
            ),
            format!(
                "rule {} fired ({}): {}",
                rule.rule,
                decimal(rule.activation),
                rule.text
            ),
            Some(rule.activation),
            None,
        ));
    }
    out
}

/// No risk rule fired.
pub(super) fn risk_undetermined() -> Vec<Reason> {
    vec![reason(
        "RISK_UNDETERMINED",
        "risk",
        "nenhuma regra de risco foi ativada: o risco não pôde ser determinado".to_string(),
        "no risk rule fired: the risk could not be determined".to_string(),
        None,
        None,
    )]
}

/// The model inputs that moved it most from approval towards its decision,
/// at most `max`.
pub(super) fn model(
    attribution: &[f64; NUM_FEATURES],
    request: &CreditRequest,
    risk_score: f64,
    limit_ratio: f64,
    max: usize,
) -> Vec<Reason> {
    let p = &request.customer_profile;
    let describe = |i: usize| -> (&str, String, String, f64) {
        match i {
            0 => (
                "MODEL_AGE",
                format!("idade de {} anos", p.age),
                format!("age {}", p.age),
                f64::from(p.age),
            ),
            1 => (
                "MODEL_CREDIT_SCORE",
                format!("score de crédito {}", p.credit_score),
                format!("credit score {}", p.credit_score),
                f64::from(p.credit_score),
            ),
            2 => (
                "MODEL_INCOME",
                format!("renda de {}", brl(p.income)),
                format!("income of {}", brl(p.income)),
                p.income,
            ),
            3 => (
                "MODEL_DEBT_RATIO",
                format!("endividamento de {}", percent(p.debt_to_income_ratio)),
                format!(
                    "debt-to-income ratio of {}",
                    percent(p.debt_to_income_ratio)
                ),
                p.debt_to_income_ratio,
            ),
            4 => (
                "MODEL_EMPLOYMENT",
                format!("situação de emprego \"{}\"", p.employment_status),
                format!("employment status \"{}\"", p.employment_status),
                f64::from(u8::from(p.employment_status.is_working())),
            ),
            5 => (
                "MODEL_BANK_ACCOUNT",
                if p.has_bank_account {
                    "conta bancária"
                } else {
                    "sem conta bancária"
                }
                .to_string(),
                if p.has_bank_account {
                    "bank account"
                } else {
                    "no bank account"
                }
                .to_string(),
                f64::from(u8::from(p.has_bank_account)),
            ),
            6 => (
                "MODEL_INQUIRIES",
                format!("consultas de crédito recentes: {}", p.num_credit_inquiries),
                format!("recent credit inquiries: {}", p.num_credit_inquiries),
                f64::from(p.num_credit_inquiries),
            ),
            7 => (
                "MODEL_EXISTING_LOANS",
                format!("empréstimos em aberto: {}", p.num_existing_loans),
                format!("existing loans: {}", p.num_existing_loans),
                f64::from(p.num_existing_loans),
            ),
            8 => (
                "MODEL_RISK_SCORE",
                format!("risco de inadimplência {}", decimal(risk_score)),
                format!("default risk {}", decimal(risk_score)),
                risk_score,
            ),
            _ => (
                "MODEL_LIMIT_RATIO",
                format!("valor pedido em {} do limite", percent(limit_ratio)),
                format!("the amount asked at {} of the limit", percent(limit_ratio)),
                limit_ratio,
            ),
        }
    };
    let total: f64 = attribution.iter().filter(|a| **a > 0.0).sum();
    // Inputs with under MIN_SHARE of the push are not principal reasons.
    let mut order: Vec<usize> = (0..NUM_FEATURES)
        .filter(|&i| attribution[i] > 0.0 && attribution[i] >= MIN_SHARE * total)
        .collect();
    order.sort_by(|&a, &b| attribution[b].total_cmp(&attribution[a]));
    order
        .into_iter()
        .take(max)
        .map(|i| {
            let (code, pt, en, value) = describe(i);
            let share = if total > 0.0 {
                attribution[i] / total
            } else {
                0.0
            };
            reason(
                code,
                "approval",
                format!("{pt} pesou {} na decisão do modelo", percent(share)),
                format!("{en} weighed {} in the model's decision", percent(share)),
                Some(value),
                None,
            )
        })
        .collect()
}

/// Keep the first [`MAX_REASONS`], dropping repeated codes.
pub(super) fn finish(mut reasons: Vec<Reason>) -> Vec<Reason> {
    let mut seen = Vec::new();
    reasons.retain(|r| {
        let fresh = !seen.contains(&r.code);
        seen.push(r.code.clone());
        fresh
    });
    reasons.truncate(MAX_REASONS);
    reasons
}
