//! # credit-pipeline
//!
//! The explainable four-stage CreditAI pipeline for a loan or card request:
//!
//! 1. [`dfs`] — persona by depth-first search of a rule tree ([`PersonaClassifier`]);
//! 2. [`bfs`] — credit limit by breadth-first search over (amount, installments)
//!    with the Price formula and the 30 % income-commitment rule ([`LimitCalculator`]);
//! 3. [`fuzzy`] — default risk by a Mamdani fuzzy system ([`RiskAssessor`]);
//! 4. [`mlp`] — approve / pending review / reject by a small MLP ([`ApprovalModel`]),
//!    trained with candle by the `approval-training` crate.
//!
//! Every rule they apply — personas, products, factors, the affordability rule
//! with the mínimo existencial, the fuzzy system, thresholds and texts — is a
//! versioned data file, [`policy::CreditPolicy`].
//!
//! [`pipeline::CreditPipeline`] composes them; every stage's details come back
//! with the decision so it can be audited. Every stage trait returns a
//! [`StageError`], is implemented for `Arc<T>`, and can be replaced through
//! [`pipeline::CreditPipelineBuilder`].
//!
//! Section numbers such as "SPEC §3.2" refer to `docs/spec.md` in the
//! repository.
//!
//! ```
//! use credit_pipeline::{CreditPipeline, pipeline::ApprovalStatus};
//!
//! let pipeline = CreditPipeline::with_defaults()?;
//! let result = pipeline.analyze_json(r#"{"customer_profile": {"customer_id": "CUST-001",
//!     "age": 35, "employment_status": "employed", "income": 8500, "time_at_job_months": 48,
//!     "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2,
//!     "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780},
//!     "product_type": "personal_loan", "requested_amount": 15000, "requested_installments": 36}"#)?;
//! assert_eq!(result.approval_status, ApprovalStatus::Approved);
//! # Ok::<(), credit_pipeline::PipelineError>(())
//! ```

#![deny(missing_docs)]

pub mod bfs;
pub mod costs;
pub mod dfs;
pub mod fuzzy;
pub mod ids;
pub mod mlp;
pub mod names;
pub mod pipeline;
pub mod policy;
pub mod products;
pub mod request;
mod stage;

pub use bfs::LimitCalculator;
pub use dfs::PersonaClassifier;
pub use fuzzy::RiskAssessor;
pub use mlp::ApprovalModel;
pub use pipeline::{CreditAnalysis, CreditPipeline, PipelineError};
pub use request::CreditRequest;
pub use stage::{Stage, StageError};
