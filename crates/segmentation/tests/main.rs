//! Integration tests of segmentation, in one binary (each file a module).

mod config_check;
mod linfa_crosscheck;
mod sklearn_fixtures;
mod uci_data;
