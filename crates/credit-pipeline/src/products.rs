//! The credit products and their parameters (SPEC §3.2 product table).
//!
//! ```
//! use credit_pipeline::products::ProductSpec;
//! use credit_pipeline::request::ProductType;
//!
//! let spec = ProductSpec::of(ProductType::PersonalLoan);
//! assert_eq!(spec.max_installments, 48);
//! assert_eq!(spec.monthly_rate, 0.025);
//! ```

use serde::{Deserialize, Serialize};

use crate::request::ProductType;

/// Amount range, term and monthly rate of one credit product.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProductSpec {
    /// Smallest amount the product grants, BRL.
    pub min_amount: f64,
    /// Largest amount the product grants, BRL.
    pub max_amount: f64,
    /// Longest term, in monthly installments.
    pub max_installments: u32,
    /// Monthly interest rate as a fraction (0.025 = 2.5 % a month).
    pub monthly_rate: f64,
}

impl ProductSpec {
    /// The parameters of `product` (SPEC §3.2).
    pub const fn of(product: ProductType) -> Self {
        match product {
            ProductType::PersonalLoan => Self {
                min_amount: 1_000.0,
                max_amount: 50_000.0,
                max_installments: 48,
                monthly_rate: 0.025,
            },
            ProductType::CreditCard => Self {
                min_amount: 500.0,
                max_amount: 10_000.0,
                max_installments: 24,
                monthly_rate: 0.035,
            },
            ProductType::AutoLoan => Self {
                min_amount: 5_000.0,
                max_amount: 150_000.0,
                max_installments: 72,
                monthly_rate: 0.018,
            },
            ProductType::HomeLoan => Self {
                min_amount: 50_000.0,
                max_amount: 1_000_000.0,
                max_installments: 360,
                monthly_rate: 0.012,
            },
        }
    }
}

impl ProductType {
    /// The product's parameters; shorthand for [`ProductSpec::of`].
    pub const fn spec(self) -> ProductSpec {
        ProductSpec::of(self)
    }
}
