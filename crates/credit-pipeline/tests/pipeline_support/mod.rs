//! Shared fixtures for the credit-core tests: the SPEC §6 sample customers.

#![allow(dead_code)]

use credit_pipeline::bfs::LimitRules;
use credit_pipeline::dfs::{Persona, PersonaSpec};
use credit_pipeline::policy::CreditPolicy;
use credit_pipeline::products::ProductSpec;
use credit_pipeline::request::{CreditRequest, CustomerProfile, EmploymentStatus, ProductType};

/// The rows of the shipped policy, as the constants were before they became data.
pub trait ShippedSpec {
    /// The row's type.
    type Spec;
    /// This id's row in the shipped policy.
    fn spec(&self) -> Self::Spec;
}

impl ShippedSpec for Persona {
    type Spec = PersonaSpec;
    fn spec(&self) -> PersonaSpec {
        CreditPolicy::shipped()
            .persona(self)
            .expect("a shipped persona")
            .clone()
    }
}

impl ShippedSpec for ProductType {
    type Spec = ProductSpec;
    fn spec(&self) -> ProductSpec {
        CreditPolicy::shipped()
            .product(self)
            .expect("a shipped product")
            .clone()
    }
}

/// The shipped policy's limit rules.
pub fn rules() -> &'static LimitRules {
    CreditPolicy::shipped().limit_rules()
}

/// The shipped products, in order.
pub fn all_products() -> Vec<ProductType> {
    CreditPolicy::shipped()
        .products()
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

/// The shipped personas, in search order.
pub fn all_personas() -> Vec<Persona> {
    CreditPolicy::shipped()
        .personas()
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

/// A SPEC §2-shaped profile with the given income, employment and score.
pub fn profile(id: &str, income: f64, employment: EmploymentStatus, score: u32) -> CustomerProfile {
    CustomerProfile {
        employment_status: employment,
        income,
        credit_score: score,
        ..CustomerProfile::example(id)
    }
}

/// SPEC §6 customer A: 8 500, employed, 780 -> standard.
pub fn customer_a() -> CustomerProfile {
    profile("CUST-A", 8_500.0, EmploymentStatus::Employed, 780)
}
/// SPEC §6 customer B: 15 000, self-employed, 760 -> premium.
pub fn customer_b() -> CustomerProfile {
    profile("CUST-B", 15_000.0, EmploymentStatus::SelfEmployed, 760)
}
/// SPEC §6 customer C: 5 000, retired, 700 -> basic.
pub fn customer_c() -> CustomerProfile {
    profile("CUST-C", 5_000.0, EmploymentStatus::Retired, 700)
}
/// SPEC §6 customer D: 3 000, employed, 500 -> basic.
pub fn customer_d() -> CustomerProfile {
    profile("CUST-D", 3_000.0, EmploymentStatus::Employed, 500)
}
/// SPEC §6 customer E: 3 000, unemployed, 900 -> no persona.
pub fn customer_e() -> CustomerProfile {
    profile("CUST-E", 3_000.0, EmploymentStatus::Unemployed, 900)
}

/// A request for `profile`.
pub fn request(
    profile: CustomerProfile,
    product: ProductType,
    amount: f64,
    installments: u32,
) -> CreditRequest {
    CreditRequest {
        request_id: format!("REQ-{}", profile.customer_id),
        customer_profile: profile,
        product_type: product,
        requested_amount: amount,
        requested_installments: installments,
        purpose: None,
    }
}

/// The SPEC §2 example request as JSON text.
pub const SPEC_REQUEST_JSON: &str = r#"{
  "request_id": "REQ-1",
  "customer_profile": {
    "customer_id": "CUST-001", "name": "Maria", "age": 35, "gender": "F",
    "marital_status": "married", "employment_status": "employed",
    "income": 8500.0, "time_at_job_months": 48,
    "has_bank_account": true, "has_bacen_restriction": false,
    "num_credit_inquiries": 2, "num_existing_loans": 1,
    "debt_to_income_ratio": 0.25, "credit_score": 780 },
  "product_type": "personal_loan",
  "requested_amount": 25000.0, "requested_installments": 36, "purpose": "reforma"
}"#;
