//! The credit request (SPEC §2): typed input and field-by-field validation.
//!
//! OWNER: credit-core helper — add parsing/validation (all violations at once,
//! unknown fields and enum values named) below the type definitions.

use serde::{Deserialize, Serialize};

/// Employment status of the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    Employed,
    SelfEmployed,
    Retired,
    Unemployed,
}

impl EmploymentStatus {
    /// `true` for employed and self-employed applicants ("qualified employment").
    pub fn is_working(self) -> bool {
        matches!(self, Self::Employed | Self::SelfEmployed)
    }
}

/// Credit product requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductType {
    PersonalLoan,
    CreditCard,
    AutoLoan,
    HomeLoan,
}

/// Declared gender (optional, never used by any stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    M,
    F,
    O,
}

/// Declared marital status (optional, never used by any stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaritalStatus {
    Single,
    Married,
    Divorced,
    Widowed,
}

/// A validated customer profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub customer_id: String,
    pub name: Option<String>,
    pub age: u32,
    pub gender: Option<Gender>,
    pub marital_status: Option<MaritalStatus>,
    pub employment_status: EmploymentStatus,
    /// Gross monthly income, BRL.
    pub income: f64,
    pub time_at_job_months: u32,
    pub has_bank_account: bool,
    pub has_bacen_restriction: bool,
    pub num_credit_inquiries: u32,
    pub num_existing_loans: u32,
    /// Debt-to-income ratio as a fraction in [0, 1].
    pub debt_to_income_ratio: f64,
    /// Credit score, 0..=1000.
    pub credit_score: u32,
}

/// A validated credit request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreditRequest {
    pub request_id: String,
    pub customer_profile: CustomerProfile,
    pub product_type: ProductType,
    pub requested_amount: f64,
    pub requested_installments: u32,
    pub purpose: Option<String>,
}
