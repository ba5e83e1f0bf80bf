//! The stage 2 rules of a credit policy: limit factors and the affordability
//! rule (`[limit]` and `[affordability]` of the policy file).

use crate::request::EmploymentStatus;

/// A score band: scores from `min_score` up get `factor`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreBand {
    /// Lowest score of the band.
    pub min_score: u32,
    /// The band's multiplier.
    pub factor: f64,
}

/// A debt-ratio band: ratios below `below` (and not in an earlier band) get `factor`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DebtRatioBand {
    /// Upper bound (exclusive) of the band.
    pub below: f64,
    /// The band's multiplier.
    pub factor: f64,
}

/// The affordability rule: a payment `P` is affordable when
/// `P <= max_commitment * net_income && P <= net_income - minimo_existencial`.
#[derive(Debug, Clone, PartialEq)]
pub struct Affordability {
    /// Largest share of net income a payment may take (0.30).
    pub max_commitment: f64,
    /// Income the customer keeps for basic needs, BRL (Decreto 11.150/2022 as
    /// amended by Decreto 11.567/2023: R$ 600,00).
    pub minimo_existencial: f64,
    /// Date (YYYY-MM-DD) the mínimo existencial applies from.
    pub minimo_existencial_since: String,
    /// Where its value comes from.
    pub minimo_existencial_source: String,
}

/// The affordability rule itself: `payment <= commitment_bound && payment <=
/// minimo_existencial_bound` (two comparisons, in the form the policy states it),
/// where the bounds are `max_commitment * net_income` and `net_income -
/// minimo_existencial`. Stage 2's plan and its reported limit both ask here.
pub fn payment_allowed(payment: f64, commitment_bound: f64, minimo_existencial_bound: f64) -> bool {
    payment <= commitment_bound && payment <= minimo_existencial_bound
}

/// Limit factors and affordability of one policy.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitRules {
    /// Grid step of the amount search, BRL.
    pub amount_step: f64,
    /// Share of net income removed under a Bacen restriction.
    pub bacen_restriction_penalty: f64,
    /// Score bands, by descending `min_score`; the last starts at 0.
    pub score_bands: Vec<ScoreBand>,
    /// Factor of each employment status (indexed as [`EmploymentStatus::ALL`]).
    pub employment_factors: [f64; 4],
    /// Factor when the customer holds at least one loan.
    pub with_loans_factor: f64,
    /// Factor when the customer holds no loan.
    pub without_loans_factor: f64,
    /// Debt-ratio bands, by ascending `below`.
    pub debt_ratio_bands: Vec<DebtRatioBand>,
    /// Factor above the last debt-ratio band.
    pub debt_ratio_factor_otherwise: f64,
    /// The payment rule.
    pub affordability: Affordability,
}

impl LimitRules {
    /// The rules of the shipped policy.
    pub fn shipped() -> &'static LimitRules {
        crate::policy::CreditPolicy::shipped().limit_rules()
    }

    /// The factor of the credit score's band.
    pub fn score_factor(&self, credit_score: u32) -> f64 {
        self.score_band(credit_score).map_or(1.0, |b| b.factor)
    }

    /// The band the credit score falls in.
    pub fn score_band(&self, credit_score: u32) -> Option<&ScoreBand> {
        self.score_bands
            .iter()
            .find(|b| credit_score >= b.min_score)
    }

    /// The lowest score whose band has a factor of at least 1 (scores below
    /// it lower the limit).
    pub fn neutral_score(&self) -> Option<u32> {
        self.score_bands
            .iter()
            .filter(|b| b.factor >= 1.0)
            .map(|b| b.min_score)
            .min()
    }

    /// The factor of an employment status.
    pub fn employment_factor(&self, status: EmploymentStatus) -> f64 {
        let i = EmploymentStatus::ALL
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        self.employment_factors[i]
    }

    /// The factor of the debt-to-income ratio's band.
    pub fn debt_ratio_factor(&self, dti: f64) -> f64 {
        self.debt_ratio_bands
            .iter()
            .find(|b| dti < b.below)
            .map_or(self.debt_ratio_factor_otherwise, |b| b.factor)
    }

    /// The lowest ratio from which the debt-ratio factor is below 1 (the
    /// `below` of the last band with a factor of at least 1).
    pub fn neutral_debt_ratio(&self) -> Option<f64> {
        self.debt_ratio_bands
            .iter()
            .filter(|b| b.factor >= 1.0)
            .map(|b| b.below)
            .next_back()
    }

    /// The history factor: existing loans times the debt-ratio band, as in
    /// SPEC §3.2 (`loans * debt`).
    pub fn history_factor(&self, num_existing_loans: u32, dti: f64) -> f64 {
        let loans = if num_existing_loans > 0 {
            self.with_loans_factor
        } else {
            self.without_loans_factor
        };
        loans * self.debt_ratio_factor(dti)
    }
}
