//! # credit-pipeline
//!
//! The explainable four-stage CreditAI pipeline for a loan or card request:
//!
//! 1. [`dfs`] — persona by depth-first search of a rule tree ([`PersonaClassifier`]);
//! 2. [`bfs`] — credit limit by breadth-first search over (amount, installments)
//!    with the Price formula and the 30 % income-commitment rule ([`LimitCalculator`]);
//! 3. [`fuzzy`] — default risk by a Mamdani fuzzy system ([`RiskAssessor`]);
//! 4. [`mlp`] — approve / pending review / reject by a small candle MLP ([`ApprovalModel`]).
//!
//! [`pipeline::CreditPipeline`] composes them; every stage's details come back
//! with the decision so it can be audited.

pub mod bfs;
pub mod dfs;
pub mod fuzzy;
pub mod mlp;
pub mod pipeline;
pub mod products;
pub mod request;

pub use bfs::LimitCalculator;
pub use dfs::PersonaClassifier;
pub use fuzzy::RiskAssessor;
pub use mlp::ApprovalModel;
pub use pipeline::{CreditAnalysis, CreditPipeline, PipelineError};
pub use request::CreditRequest;
