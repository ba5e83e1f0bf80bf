//! Evaluation of the approval model: accuracy and a confusion matrix.

use serde::{Deserialize, Serialize};

use credit_pipeline::mlp::model::argmax;
use credit_pipeline::mlp::{Decision, MlpApprovalModel};

use crate::dataset::Dataset;
use crate::TrainingError;

/// Counts of (true class, predicted class), rows = truth, columns = prediction,
/// both in [`Decision`] order (approved, pending_review, rejected).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix(pub [[usize; 3]; 3]);

impl ConfusionMatrix {
    /// Count one (truth, prediction) pair.
    pub fn add(&mut self, truth: Decision, predicted: Decision) {
        self.0[truth.index()][predicted.index()] += 1;
    }

    /// Number of pairs counted.
    pub fn total(&self) -> usize {
        self.0.iter().flatten().sum()
    }

    /// Fraction on the diagonal (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        let right: usize = (0..3).map(|i| self.0[i][i]).sum();
        right as f64 / total as f64
    }

    /// What makes the model unfit to decide, judged on these counts: it
    /// predicts one class for every sample, or never predicts a class that
    /// the data holds. Empty for a usable model.
    ///
    /// ```
    /// use approval_training::metrics::ConfusionMatrix;
    /// let all_rejected = ConfusionMatrix([[0, 0, 40], [0, 0, 25], [0, 0, 35]]);
    /// let warnings = all_rejected.degeneracy_warnings();
    /// assert!(warnings[0].contains("predicts rejected for every one of the 100"));
    /// assert!(ConfusionMatrix([[5, 0, 0], [0, 5, 0], [0, 0, 5]]).degeneracy_warnings().is_empty());
    /// ```
    pub fn degeneracy_warnings(&self) -> Vec<String> {
        let total = self.total();
        if total == 0 {
            return vec!["evaluated on no samples".to_string()];
        }
        let predicted: Vec<usize> = (0..3).map(|j| (0..3).map(|i| self.0[i][j]).sum()).collect();
        let truth: Vec<usize> = (0..3).map(|i| self.0[i].iter().sum()).collect();
        let mut warnings = Vec::new();
        if let Some(only) = (0..3).find(|&j| predicted[j] == total) {
            warnings.push(format!(
                "degenerate model: it predicts {} for every one of the {total} held-out samples",
                Decision::ALL[only].as_str()
            ));
        }
        for class in 0..3 {
            if predicted[class] == 0 && truth[class] > 0 {
                warnings.push(format!(
                    "the model never predicts {} although {} held-out samples are {}",
                    Decision::ALL[class].as_str(),
                    truth[class],
                    Decision::ALL[class].as_str()
                ));
            }
        }
        warnings
    }

    /// A fixed-width text table for terminals.
    pub fn to_table(&self) -> String {
        let names = Decision::ALL.map(Decision::as_str);
        let mut out = format!(
            "{:>16} | {:>10} {:>14} {:>10}\n",
            "truth \\ pred", names[0], names[1], names[2]
        );
        for (name, row) in names.iter().zip(&self.0) {
            out.push_str(&format!(
                "{:>16} | {:>10} {:>14} {:>10}\n",
                name, row[0], row[1], row[2]
            ));
        }
        out
    }
}

/// Accuracy and confusion matrix on a data set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Number of samples evaluated.
    pub samples: usize,
    /// Fraction classified as labelled.
    pub accuracy: f64,
    /// Truth x prediction counts.
    pub confusion_matrix: ConfusionMatrix,
}

/// Evaluate `model` on every sample of `data`.
///
/// ```
/// use approval_training::{metrics::evaluate, SyntheticGenerator};
/// use credit_pipeline::mlp::MlpApprovalModel;
/// let model = MlpApprovalModel::shipped().unwrap();
/// let eval = evaluate(&model, &SyntheticGenerator::new(99).dataset(500)).unwrap();
/// assert_eq!(eval.confusion_matrix.total(), 500);
/// assert!(eval.accuracy > 0.9);
/// ```
pub fn evaluate(model: &MlpApprovalModel, data: &Dataset) -> Result<Evaluation, TrainingError> {
    let mut matrix = ConfusionMatrix::default();
    for s in data.samples() {
        let p = model.probabilities(&s.features)?;
        let predicted = Decision::from_index(argmax(&p)).unwrap_or(Decision::Rejected);
        matrix.add(s.label, predicted);
    }
    Ok(Evaluation {
        samples: matrix.total(),
        accuracy: matrix.accuracy(),
        confusion_matrix: matrix,
    })
}
