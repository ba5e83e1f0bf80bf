//! The value rules of a credit request (SPEC §2), one per field, written once
//! and used both when parsing JSON ([`super::CreditRequest::from_value`]) and
//! when checking a request built in code ([`super::CreditRequest::validate`]).
//!
//! Besides the SPEC's own rules (age 18..=100, score 0..=1000, ratio in [0, 1],
//! amount > 0, at least one installment), every money and count field has a
//! plausibility bound, so no finite value can overflow a later computation
//! (e.g. an income of 1.8e308 making the income limit infinite).

/// Youngest accepted applicant age.
pub const MIN_AGE: u32 = 18;
/// Oldest accepted applicant age.
pub const MAX_AGE: u32 = 100;
/// Highest credit score.
pub const MAX_CREDIT_SCORE: u32 = 1000;
/// Highest accepted monthly income: R$ 100 million.
pub const MAX_INCOME: f64 = 100_000_000.0;
/// Highest accepted requested amount: R$ 10 billion.
pub const MAX_REQUESTED_AMOUNT: f64 = 10_000_000_000.0;
/// Most months at the current job: 100 years.
pub const MAX_MONTHS_AT_JOB: u32 = 1_200;
/// Most credit inquiries or existing loans.
pub const MAX_COUNT: u32 = 1_000;
/// Most installments a request may ask for (products cap them lower).
pub const MAX_REQUESTED_INSTALLMENTS: u32 = 1_200;

/// The accepted range of one field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// An integer in `min..=max`.
    Integer {
        /// Smallest accepted value.
        min: u32,
        /// Largest accepted value.
        max: u32,
    },
    /// A finite number in `min..=max` (or `min < x` when `min_exclusive`).
    Number {
        /// Lower bound.
        min: f64,
        /// Whether the lower bound itself is excluded.
        min_exclusive: bool,
        /// Upper bound (inclusive).
        max: f64,
    },
}

/// `customer_profile.age`.
pub const AGE: Rule = Rule::Integer {
    min: MIN_AGE,
    max: MAX_AGE,
};
/// `customer_profile.income` (BRL a month).
pub const INCOME: Rule = Rule::Number {
    min: 0.0,
    min_exclusive: false,
    max: MAX_INCOME,
};
/// `customer_profile.time_at_job_months`.
pub const TIME_AT_JOB_MONTHS: Rule = Rule::Integer {
    min: 0,
    max: MAX_MONTHS_AT_JOB,
};
/// `customer_profile.num_credit_inquiries` and `customer_profile.num_existing_loans`.
pub const COUNT: Rule = Rule::Integer {
    min: 0,
    max: MAX_COUNT,
};
/// `customer_profile.debt_to_income_ratio`.
pub const DEBT_TO_INCOME_RATIO: Rule = Rule::Number {
    min: 0.0,
    min_exclusive: false,
    max: 1.0,
};
/// `customer_profile.credit_score`.
pub const CREDIT_SCORE: Rule = Rule::Integer {
    min: 0,
    max: MAX_CREDIT_SCORE,
};
/// `requested_amount` (BRL).
pub const REQUESTED_AMOUNT: Rule = Rule::Number {
    min: 0.0,
    min_exclusive: true,
    max: MAX_REQUESTED_AMOUNT,
};
/// `requested_installments`.
pub const REQUESTED_INSTALLMENTS: Rule = Rule::Integer {
    min: 1,
    max: MAX_REQUESTED_INSTALLMENTS,
};

/// Every ranged field of a request, by its dotted path (for documentation and
/// schemas).
pub const RULES: [(&str, Rule); 9] = [
    ("customer_profile.age", AGE),
    ("customer_profile.income", INCOME),
    ("customer_profile.time_at_job_months", TIME_AT_JOB_MONTHS),
    ("customer_profile.num_credit_inquiries", COUNT),
    ("customer_profile.num_existing_loans", COUNT),
    (
        "customer_profile.debt_to_income_ratio",
        DEBT_TO_INCOME_RATIO,
    ),
    ("customer_profile.credit_score", CREDIT_SCORE),
    ("requested_amount", REQUESTED_AMOUNT),
    ("requested_installments", REQUESTED_INSTALLMENTS),
];

impl Rule {
    /// `Err(message)` when an integer breaks the rule.
    pub fn check_integer(&self, value: u32) -> Result<(), String> {
        match *self {
            Rule::Integer { min, max } if value < min || value > max => {
                Err(format!("must be between {min} and {max}, got {value}"))
            }
            _ => Ok(()),
        }
    }

    /// `Err(message)` when a number breaks the rule (non-finite numbers always do).
    pub fn check_number(&self, value: f64) -> Result<(), String> {
        if !value.is_finite() {
            return Err(format!("must be a finite number, got {value}"));
        }
        match *self {
            Rule::Number {
                min,
                min_exclusive: true,
                max,
            } if value <= min || value > max => {
                Err(format!("must be > {min} and <= {max}, got {value}"))
            }
            Rule::Number {
                min,
                min_exclusive: false,
                max,
            } if value < min || value > max => {
                Err(format!("must be between {min} and {max}, got {value}"))
            }
            _ => Ok(()),
        }
    }

    /// The integer bounds (for parsing); `(0, u32::MAX)` for a number rule.
    pub fn integer_bounds(&self) -> (u32, u32) {
        match *self {
            Rule::Integer { min, max } => (min, max),
            Rule::Number { .. } => (0, u32::MAX),
        }
    }
}
