//! The credit products and their parameters (`[[products]]` of the credit
//! policy; the shipped table is SPEC §3.2's).
//!
//! ```
//! use credit_pipeline::ids::ProductType;
//! use credit_pipeline::policy::CreditPolicy;
//!
//! let spec = CreditPolicy::shipped().product(&ProductType::PERSONAL_LOAN).unwrap();
//! assert_eq!(spec.max_installments, 48);
//! assert_eq!(spec.monthly_rate, 0.025);
//! ```

use crate::costs::IofRates;
pub use crate::ids::ProductType;

/// Amount range, term, monthly rate and IOF of one credit product.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductSpec {
    /// The product's id.
    pub id: ProductType,
    /// How the product is shown to people, e.g. `empréstimo pessoal`.
    pub name: String,
    /// Smallest amount the product grants, BRL.
    pub min_amount: f64,
    /// Largest amount the product grants, BRL.
    pub max_amount: f64,
    /// Longest term, in monthly installments.
    pub max_installments: u32,
    /// Monthly interest rate as a fraction (0.025 = 2.5 % a month).
    pub monthly_rate: f64,
    /// IOF rates charged at release.
    pub iof: IofRates,
}
