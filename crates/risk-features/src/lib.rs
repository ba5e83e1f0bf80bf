//! risk-features
