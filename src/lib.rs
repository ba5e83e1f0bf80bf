//! # credito
//!
//! Explainable credit granting and credit collections for Brazilian banks,
//! fintechs and credit cooperatives. This umbrella crate re-exports every
//! stage crate so one dependency gives the whole toolkit; each stage can also
//! be added on its own:
//!
//! | crate | stage |
//! |---|---|
//! | [`credit_pipeline`] | the four-stage CreditAI pipeline (DFS persona, BFS limit, fuzzy risk, MLP approval) |
//! | [`risk_features`] | payment history -> collection risk signals |
//! | [`segmentation`] | scaling + k-means + silhouette + risk ordering + saved model |
//! | [`collection_policy`] | risk segment -> objective, channel, tone, action (policy as data) |
//! | [`llm_messaging`] | prompts, OpenAI-compatible client, offline templates, message guard |
//! | [`collections`] (`credito-collections`) | signals -> segment -> policy -> guarded message, one flow for every front end |
//! | [`mamdani`] | the generic Mamdani fuzzy engine, exact to scikit-fuzzy |
//! | [`contact_planner`] | legal contact rule packs as data and the earliest lawful instant per client and channel |
//! | [`collection_campaigns`] | holdout and variants, the send queue, webhook delivery, uplift with Newcombe intervals |

pub use collection_campaigns;
pub use collection_policy;
pub use contact_planner;
pub use credit_pipeline;
pub use credito_collections as collections;
pub use llm_messaging;
pub use mamdani;
pub use risk_features;
pub use segmentation;
