//! [`FanOut`]: one run sent to several trackers.

use std::path::Path;

use crate::{RunTracker, TrackingError};

/// Sends everything to several trackers in order; the first error wins.
#[derive(Default)]
pub struct FanOut<'a> {
    trackers: Vec<&'a mut dyn RunTracker>,
}

impl<'a> FanOut<'a> {
    /// An empty fan-out.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a tracker.
    pub fn push(&mut self, tracker: &'a mut dyn RunTracker) {
        self.trackers.push(tracker);
    }
}

impl RunTracker for FanOut<'_> {
    fn log_params(&mut self, params: &[(String, String)]) -> Result<(), TrackingError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_params(params))
    }
    fn log_step(&mut self, step: u64, metrics: &[(&str, f64)]) -> Result<(), TrackingError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_step(step, metrics))
    }
    fn log_metrics(&mut self, metrics: &[(String, f64)]) -> Result<(), TrackingError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_metrics(metrics))
    }
    fn log_artifact(&mut self, path: &Path) -> Result<(), TrackingError> {
        self.trackers
            .iter_mut()
            .try_for_each(|t| t.log_artifact(path))
    }
    fn finish(&mut self, success: bool) -> Result<(), TrackingError> {
        self.trackers.iter_mut().try_for_each(|t| t.finish(success))
    }
}
