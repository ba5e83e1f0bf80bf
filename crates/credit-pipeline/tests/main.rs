//! Integration tests of credit-pipeline, in one binary (each file a module).

mod pipeline_support;

mod bfs_equivalence;
mod bfs_known_cases;
mod bfs_python_fixtures;
mod counter_offer;
mod decision_reasons;
mod dfs_personas;
mod fuzzy_properties;
mod fuzzy_reference;
mod fuzzy_svg;
mod fuzzy_timing;
mod mlp_attribution;
mod mlp_features;
mod mlp_inference;
mod pipeline_flow;
mod request_validation;
