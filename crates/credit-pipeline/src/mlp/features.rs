//! The ten model inputs of stage 4 (SPEC §3.4), computed from raw applicant values.
//!
//! [`FeatureInputs`] holds the raw values; [`FeatureInputs::to_features`] applies the
//! SPEC normalisations. Both the pipeline ([`ApprovalFeatures::from_profile`]) and the
//! synthetic data generator go through it, so training and serving see the same inputs.

use super::{ApprovalFeatures, NUM_FEATURES};
use crate::request::CustomerProfile;

/// Age at which the normalised age is 0 (SPEC §3.4, as in the paper).
pub const AGE_MIN: f64 = 18.0;
/// Age at which the normalised age reaches 1.
pub const AGE_MAX: f64 = 75.0;
/// Income whose `ln(1 + income)` maps to 1.
pub const INCOME_CAP: f64 = 50_000.0;
/// Number of inquiries that maps to 1.
pub const INQUIRIES_CAP: f64 = 10.0;
/// Number of existing loans that maps to 1.
pub const LOANS_CAP: f64 = 5.0;

/// Names of the features, in model input order.
pub const FEATURE_NAMES: [&str; NUM_FEATURES] = [
    "age_norm",
    "credit_score_norm",
    "log_income_norm",
    "debt_to_income_ratio",
    "working",
    "has_bank_account",
    "inquiries_norm",
    "loans_norm",
    "risk_score",
    "limit_ratio",
];

/// Raw values the features are computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureInputs {
    /// Age in years.
    pub age: f64,
    /// Credit score, 0..=1000.
    pub credit_score: f64,
    /// Monthly income, BRL.
    pub income: f64,
    /// Debt-to-income ratio, fraction.
    pub debt_to_income_ratio: f64,
    /// Employed or self-employed.
    pub working: bool,
    /// Has a bank account.
    pub has_bank_account: bool,
    /// Number of recent credit inquiries.
    pub inquiries: f64,
    /// Number of existing loans.
    pub loans: f64,
    /// Stage 3 fuzzy risk score in [0, 1].
    pub risk_score: f64,
    /// Stage 2 limit ratio (raw; clamped to [0, 1] as a feature).
    pub limit_ratio: f64,
}

impl FeatureInputs {
    /// Apply the SPEC §3.4 normalisations.
    ///
    /// ```
    /// use credit_pipeline::mlp::features::FeatureInputs;
    /// let f = FeatureInputs {
    ///     age: 75.0, credit_score: 800.0, income: 50_000.0, debt_to_income_ratio: 0.2,
    ///     working: true, has_bank_account: false, inquiries: 20.0, loans: 1.0,
    ///     risk_score: 0.3, limit_ratio: 1.2,
    /// }.to_features();
    /// assert_eq!(f.0[0], 1.0); // age clamped
    /// assert_eq!(f.0[2], 1.0); // ln(50001)/ln(50001)
    /// assert_eq!(f.0[6], 1.0); // inquiries capped
    /// assert_eq!(f.0[9], 1.0); // limit ratio clamped
    /// ```
    pub fn to_features(&self) -> ApprovalFeatures {
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        let values: [f64; NUM_FEATURES] = [
            ((self.age - AGE_MIN) / (AGE_MAX - AGE_MIN)).clamp(0.0, 1.0),
            self.credit_score / 1000.0,
            ((1.0 + self.income).ln() / (1.0 + INCOME_CAP).ln()).min(1.0),
            self.debt_to_income_ratio,
            flag(self.working),
            flag(self.has_bank_account),
            (self.inquiries / INQUIRIES_CAP).min(1.0),
            (self.loans / LOANS_CAP).min(1.0),
            self.risk_score,
            limit_ratio_value(self.limit_ratio),
        ];
        ApprovalFeatures(values.map(|v| v as f32))
    }
}

/// The limit ratio as the model sees it, before the `f32` conversion.
fn limit_ratio_value(limit_ratio: f64) -> f64 {
    limit_ratio.clamp(0.0, 1.0)
}

/// Index of the risk score among the features; the limit ratio follows it and
/// ends the vector.
pub const RISK_SCORE_INDEX: usize = 8;

impl ApprovalFeatures {
    /// The same applicant with another risk score and limit ratio: exactly
    /// what [`from_profile`](Self::from_profile) gives for them (the other
    /// features do not depend on either).
    ///
    /// ```
    /// use credit_pipeline::mlp::ApprovalFeatures;
    /// use credit_pipeline::request::CustomerProfile;
    /// let p = CustomerProfile::example("A");
    /// let base = ApprovalFeatures::from_profile(&p, 0.3, 1.0);
    /// assert_eq!(base.with_risk_and_ratio(0.45, 0.62), ApprovalFeatures::from_profile(&p, 0.45, 0.62));
    /// ```
    pub fn with_risk_and_ratio(&self, risk_score: f64, limit_ratio: f64) -> ApprovalFeatures {
        let mut out = *self;
        out.0[RISK_SCORE_INDEX] = risk_score as f32;
        out.0[RISK_SCORE_INDEX + 1] = limit_ratio_value(limit_ratio) as f32;
        out
    }
}

impl ApprovalFeatures {
    /// Build the features from a profile, the fuzzy risk score and the limit ratio.
    ///
    /// `limit_ratio` is the stage 2 ratio (SPEC §3.3); it is clamped to [0, 1] here.
    ///
    /// ```
    /// use credit_pipeline::mlp::ApprovalFeatures;
    /// use credit_pipeline::request::{CustomerProfile, EmploymentStatus};
    /// let profile = CustomerProfile::example("CUST-001");
    /// let f = ApprovalFeatures::from_profile(&profile, 0.21, 0.8);
    /// assert!((f.0[0] - 17.0 / 57.0).abs() < 1e-6);
    /// assert_eq!(f.0[1], 0.78);
    /// ```
    pub fn from_profile(profile: &CustomerProfile, risk_score: f64, limit_ratio: f64) -> Self {
        FeatureInputs {
            age: f64::from(profile.age),
            credit_score: f64::from(profile.credit_score),
            income: profile.income,
            debt_to_income_ratio: profile.debt_to_income_ratio,
            working: profile.employment_status.is_working(),
            has_bank_account: profile.has_bank_account,
            inquiries: f64::from(profile.num_credit_inquiries),
            loans: f64::from(profile.num_existing_loans),
            risk_score,
            limit_ratio,
        }
        .to_features()
    }
}
