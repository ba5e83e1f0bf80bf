//! Integration tests of the mamdani engine, in one binary (each file a module).

mod engine;
mod skfuzzy_reference;
