//! Which inputs moved the approval model's decision: integrated gradients,
//! computed exactly for this network.
//!
//! The quantity explained is the **margin** of the decided class over
//! approval, `m(x) = logit_decided(x) − logit_approved(x)`: how far the
//! applicant is from an approval. Integrated gradients along the straight
//! path from a reference applicant `x'` to `x` give each feature `i`
//!
//! `IG_i = (x_i − x'_i) · ∫₀¹ ∂m/∂x_i (x' + α(x − x')) dα`.
//!
//! The network is `fc2 · relu(fc1 · x + b1) + b2`, so along the path each
//! hidden unit `j` is linear, `z_j(α) = z'_j + α (z_j − z'_j)`, and the
//! gradient is piecewise constant: unit `j` contributes
//! `(w2[d][j] − w2[0][j]) · w1[j][i]` while it is active. The integral is
//! therefore exact: `IG_i = (x_i − x'_i) · Σ_j (w2[d][j] − w2[0][j]) · w1[j][i] · a_j`,
//! where `a_j` is the fraction of `[0, 1]` on which `z_j(α) > 0`. Completeness
//! holds: `Σ_i IG_i = m(x) − m(x')` (tested to float precision).
//!
//! The reference applicant ([`reference_features`]) is the SPEC §6 customer A
//! (35 years, score 780, R$ 8 500, DTI 0.25, employed, bank account, two
//! inquiries, one loan) with a low fuzzy risk of 0.21 and half of the limit
//! asked: an applicant the shipped model approves.

use super::weights::{DenseWeights, HIDDEN};
use super::{ApprovalFeatures, NUM_FEATURES};
use crate::request::CustomerProfile;

/// The reference applicant's features (see the module documentation).
///
/// ```
/// use credit_pipeline::mlp::{attribution::reference_features, Decision, MlpApprovalModel};
/// use credit_pipeline::ApprovalModel;
/// let model = MlpApprovalModel::shipped()?;
/// assert_eq!(model.predict(&reference_features())?.decision, Decision::Approved);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn reference_features() -> ApprovalFeatures {
    ApprovalFeatures::from_profile(&CustomerProfile::example("REFERENCE"), 0.21, 0.5)
}

impl DenseWeights {
    /// The margin `logit[class] − logit[against]` at `x`, in `f64`.
    pub fn margin(&self, x: &[f32; NUM_FEATURES], class: usize, against: usize) -> f64 {
        let logits = self.logits(x);
        f64::from(logits[class]) - f64::from(logits[against])
    }

    /// Exact integrated gradients of `margin(·, class, against)` from
    /// `reference` to `x` (see the module documentation).
    pub fn integrated_gradients(
        &self,
        x: &[f32; NUM_FEATURES],
        reference: &[f32; NUM_FEATURES],
        class: usize,
        against: usize,
    ) -> [f64; NUM_FEATURES] {
        let (w1, b1, w2) = (&self.w1, &self.b1, &self.w2);
        let mut active = [0f64; HIDDEN];
        for j in 0..HIDDEN {
            let pre = |v: &[f32; NUM_FEATURES]| {
                w1[j]
                    .iter()
                    .zip(v)
                    .map(|(w, x)| f64::from(*w) * f64::from(*x))
                    .sum::<f64>()
                    + f64::from(b1[j])
            };
            let (start, end) = (pre(reference), pre(x));
            active[j] = active_fraction(start, end);
        }
        let mut out = [0f64; NUM_FEATURES];
        for (i, value) in out.iter_mut().enumerate() {
            let gradient: f64 = (0..HIDDEN)
                .map(|j| {
                    let weight = f64::from(w2[class][j]) - f64::from(w2[against][j]);
                    weight * f64::from(w1[j][i]) * active[j]
                })
                .sum();
            *value = (f64::from(x[i]) - f64::from(reference[i])) * gradient;
        }
        out
    }
}

/// Fraction of `α ∈ [0, 1]` with `start + α (end − start) > 0`.
fn active_fraction(start: f64, end: f64) -> f64 {
    match (start > 0.0, end > 0.0) {
        (true, true) => 1.0,
        (false, false) => 0.0,
        // Crosses zero at α* = start / (start − end).
        (true, false) => start / (start - end),
        (false, true) => end / (end - start),
    }
}
