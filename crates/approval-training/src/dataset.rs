//! Labelled samples and their JSONL form (`{"features":[10 floats],"label":0|1|2}`).
//!
//! Reading goes through every line (SPEC §7.7); a bad line is an error naming its
//! 1-based line number. Blank lines are skipped.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use credit_pipeline::mlp::{ApprovalFeatures, Decision, NUM_FEATURES};

use crate::TrainingError;

/// One training example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabeledSample {
    /// Model inputs.
    pub features: ApprovalFeatures,
    /// Target class.
    pub label: Decision,
}

/// The on-disk record of one sample.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    features: Vec<f32>,
    label: u8,
}

/// An in-memory set of labelled samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    samples: Vec<LabeledSample>,
}

impl Dataset {
    /// Wrap samples.
    pub fn new(samples: Vec<LabeledSample>) -> Self {
        Self { samples }
    }

    /// The samples.
    pub fn samples(&self) -> &[LabeledSample] {
        &self.samples
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// `true` when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// Count of samples per class, in [`Decision`] order.
    pub fn class_counts(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for s in &self.samples {
            counts[s.label.index()] += 1;
        }
        counts
    }

    /// Write one JSON object per line.
    ///
    /// ```
    /// use approval_training::{Dataset, SyntheticGenerator};
    /// let data = SyntheticGenerator::new(1).dataset(5);
    /// let mut buf = Vec::new();
    /// data.write_jsonl(&mut buf).unwrap();
    /// let back = Dataset::read_jsonl(buf.as_slice()).unwrap();
    /// assert_eq!(back, data);
    /// ```
    pub fn write_jsonl<W: Write>(&self, mut out: W) -> Result<(), TrainingError> {
        for s in &self.samples {
            let record = Record {
                features: s.features.0.to_vec(),
                label: s.label.index() as u8,
            };
            serde_json::to_writer(&mut out, &record).map_err(|e| TrainingError::Json {
                what: "sample".into(),
                message: e.to_string(),
            })?;
            out.write_all(b"\n")
                .map_err(|e| TrainingError::io("writing samples", e))?;
        }
        out.flush()
            .map_err(|e| TrainingError::io("writing samples", e))
    }

    /// Read every line of a JSONL stream; errors name the 1-based line.
    pub fn read_jsonl<R: BufRead>(input: R) -> Result<Self, TrainingError> {
        let mut samples = Vec::new();
        for (i, line) in input.lines().enumerate() {
            let line_no = i + 1;
            let line = line.map_err(|e| TrainingError::DataLine {
                line: line_no,
                message: e.to_string(),
            })?;
            if line.trim().is_empty() {
                continue;
            }
            samples.push(
                parse_line(&line).map_err(|message| TrainingError::DataLine {
                    line: line_no,
                    message,
                })?,
            );
        }
        Ok(Self { samples })
    }

    /// Read a JSONL file.
    pub fn read_jsonl_file(path: &std::path::Path) -> Result<Self, TrainingError> {
        let file = std::fs::File::open(path)
            .map_err(|e| TrainingError::io(format!("opening {}", path.display()), e))?;
        Self::read_jsonl(std::io::BufReader::new(file))
    }

    /// Write a JSONL file atomically (a temporary file in the same folder,
    /// renamed over `path` once complete).
    pub fn write_jsonl_file(&self, path: &std::path::Path) -> Result<(), TrainingError> {
        let mut bytes = Vec::new();
        self.write_jsonl(&mut bytes)?;
        crate::write_atomic(path, &bytes)
    }
}

fn parse_line(line: &str) -> Result<LabeledSample, String> {
    // Each record is one line, so serde_json's "line 1" is noise: keep the column.
    let record: Record = serde_json::from_str(line)
        .map_err(|e| e.to_string().replace(" at line 1 column ", " at column "))?;
    if record.features.len() != NUM_FEATURES {
        return Err(format!(
            "features: expected {NUM_FEATURES} values, found {}",
            record.features.len()
        ));
    }
    let mut features = [0f32; NUM_FEATURES];
    for (i, (slot, value)) in features.iter_mut().zip(&record.features).enumerate() {
        if !value.is_finite() {
            return Err(format!("features[{i}]: not finite ({value})"));
        }
        *slot = *value;
    }
    let label = Decision::from_index(usize::from(record.label))
        .ok_or_else(|| format!("label: expected 0, 1 or 2, found {}", record.label))?;
    Ok(LabeledSample {
        features: ApprovalFeatures(features),
        label,
    })
}
