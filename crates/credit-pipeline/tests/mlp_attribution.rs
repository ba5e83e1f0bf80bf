//! Integrated gradients of the approval model: exact, and complete.

use credit_pipeline::mlp::attribution::reference_features;
use credit_pipeline::mlp::{ApprovalFeatures, Decision, MlpApprovalModel, NUM_FEATURES};
use credit_pipeline::ApprovalModel;
use proptest::prelude::*;

/// Integrated gradients by a 20 000-step midpoint Riemann sum of the numeric
/// gradient, for comparison with the closed form.
fn riemann_ig(
    model: &MlpApprovalModel,
    x: &[f32; NUM_FEATURES],
    class: usize,
) -> [f64; NUM_FEATURES] {
    let dense = model.dense();
    let reference = reference_features().0;
    let steps = 20_000;
    let mut out = [0f64; NUM_FEATURES];
    for s in 0..steps {
        let alpha = (f64::from(s) + 0.5) / f64::from(steps);
        let point: [f32; NUM_FEATURES] = std::array::from_fn(|i| {
            (f64::from(reference[i]) + alpha * f64::from(x[i] - reference[i])) as f32
        });
        for i in 0..NUM_FEATURES {
            let h = 1e-3f32;
            let mut up = point;
            let mut down = point;
            up[i] += h;
            down[i] -= h;
            let grad =
                (dense.margin(&up, class, 0) - dense.margin(&down, class, 0)) / f64::from(2.0 * h);
            out[i] += grad * f64::from(x[i] - reference[i]) / f64::from(steps);
        }
    }
    out
}

#[test]
fn the_reference_applicant_is_approved() {
    let model = MlpApprovalModel::shipped().unwrap();
    assert_eq!(
        model.predict(&reference_features()).unwrap().decision,
        Decision::Approved
    );
}

#[test]
fn the_closed_form_agrees_with_a_numeric_integral() {
    let model = MlpApprovalModel::shipped().unwrap();
    let x: [f32; NUM_FEATURES] = [0.8, 0.45, 0.6, 0.7, 0.0, 1.0, 0.6, 0.8, 0.86, 1.0];
    let exact = model
        .attribution(&ApprovalFeatures(x), Decision::Rejected)
        .unwrap();
    let numeric = riemann_ig(&model, &x, Decision::Rejected.index());
    for i in 0..NUM_FEATURES {
        assert!(
            (exact[i] - numeric[i]).abs() < 2e-2 * (1.0 + exact[i].abs()),
            "{i}: {} vs {}",
            exact[i],
            numeric[i]
        );
    }
}

proptest! {
    /// Completeness: the attributions add up to the change of the margin.
    #[test]
    fn attributions_add_up_to_the_margin_change(
        x in prop::array::uniform10(0.0f32..=1.0),
        class in prop::sample::select(vec![Decision::PendingReview, Decision::Rejected]),
    ) {
        let model = MlpApprovalModel::shipped().unwrap();
        let ig = model.attribution(&ApprovalFeatures(x), class).unwrap();
        let dense = model.dense();
        let change = dense.margin(&x, class.index(), 0)
            - dense.margin(&reference_features().0, class.index(), 0);
        let sum: f64 = ig.iter().sum();
        prop_assert!((sum - change).abs() < 1e-4 * (1.0 + change.abs()), "sum {} vs change {}", sum, change);
    }
}
