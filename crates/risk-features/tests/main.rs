//! Integration tests of risk-features, in one binary (each file a module).

mod reader;
mod signal_props;
