//! How the pt-BR explanations write numbers: the [`br_format`] functions, in one place.

pub use br_format::{brl, decimal, percent};
