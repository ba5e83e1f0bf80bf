//! Integration tests of approval-training, in one binary (each file a module).

mod dataset;
mod mlflow;
mod shipped;
mod synthetic;
mod tracking;
mod training;
