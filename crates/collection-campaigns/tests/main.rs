//! The crate's tests, in one binary.

mod assignment;
mod report_arithmetic;
mod uplift_fixtures;
mod webhook;
