//! Profile names read from what a segment's clients do, not from its rank alone.
//!
//! A profile name has two halves, `"<risk> / <behaviour>"`, in the seed's vocabulary:
//!
//! * **risk** follows the segment's measured rank (segments are numbered from the lowest to
//!   the highest default rate): `Baixo risco`, `Risco leve`, `Risco recorrente`, `Alto risco`,
//!   spread over `k` segments (the first is always the lowest word, the last the highest);
//! * **behaviour** follows the segment's mean signals, the first rule that holds:
//!   1. late in at least [`CRITICAL_LATE_MONTHS`] of six months on average, or mean severity at
//!      least [`CRITICAL_SEVERITY`]: `Crítico extremo`;
//!   2. late in at least [`IRREGULAR_LATE_MONTHS`] months on average (one client in four late
//!      once): `Pagador irregular`;
//!   3. using at least [`PRESSURE_LIMIT_USE`] of the limit while paying under
//!      [`PRESSURE_PAYMENT_RATIO`] of the bills: `Pressão financeira`;
//!   4. otherwise: `Adimplente resiliente`.
//!
//! A client's own history is read separately (the collection policy's client state), so a
//! never-late client in a "Pagador irregular" segment is still treated as never late.
//!
//! ```
//! use std::collections::BTreeMap;
//! use segmentation::{name_segments, Behaviour};
//!
//! let mean = |freq: f64, grav: f64, pago: f64, uso: f64| -> BTreeMap<String, f64> {
//!     [("freq_atrasos", freq), ("score_gravidade", grav),
//!      ("razao_pagamento_6m", pago), ("taxa_uso_limite", uso)]
//!         .into_iter().map(|(k, v)| (k.to_string(), v)).collect()
//! };
//! let names = name_segments(&[mean(0.0, 0.0, 0.08, 0.66), mean(0.0, 0.0, 0.77, 0.05),
//!                             mean(1.3, 3.5, 0.2, 0.5), mean(3.0, 15.6, 0.1, 0.6)])?;
//! assert_eq!(names[0].to_string(), "Baixo risco / Pressão financeira");
//! assert_eq!(names[1].behaviour, Behaviour::AdimplenteResiliente);
//! assert_eq!(names[3].to_string(), "Alto risco / Crítico extremo");
//! # Ok::<(), segmentation::SegmentationError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::SegmentationError;

/// Mean late months from which a segment is `Crítico extremo`.
pub const CRITICAL_LATE_MONTHS: f64 = 2.0;
/// Mean severity (`score_gravidade`) from which a segment is `Crítico extremo`.
pub const CRITICAL_SEVERITY: f64 = 9.0;
/// Mean late months from which a segment is `Pagador irregular`.
pub const IRREGULAR_LATE_MONTHS: f64 = 0.25;
/// Mean limit use from which a low-paying segment is `Pressão financeira`.
pub const PRESSURE_LIMIT_USE: f64 = 0.5;
/// Mean payment ratio under which a high-use segment is `Pressão financeira`.
pub const PRESSURE_PAYMENT_RATIO: f64 = 0.3;

/// The risk words, from the lowest to the highest.
pub const RISK_WORDS: [&str; 4] = [
    "Baixo risco",
    "Risco leve",
    "Risco recorrente",
    "Alto risco",
];

/// What a segment's clients do, in the seed's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Behaviour {
    /// Pay on time and keep room in their limit.
    AdimplenteResiliente,
    /// Pay on time but revolve most of their limit, paying little of each bill.
    PressaoFinanceira,
    /// Late now and then.
    PagadorIrregular,
    /// Late in most months, or badly late.
    CriticoExtremo,
}

impl Behaviour {
    /// The pt-BR name.
    pub fn label(self) -> &'static str {
        match self {
            Behaviour::AdimplenteResiliente => "Adimplente resiliente",
            Behaviour::PressaoFinanceira => "Pressão financeira",
            Behaviour::PagadorIrregular => "Pagador irregular",
            Behaviour::CriticoExtremo => "Crítico extremo",
        }
    }

    /// The rule that named it, in words.
    pub fn reason(self) -> &'static str {
        match self {
            Behaviour::CriticoExtremo => "média de meses em atraso ≥ 2 ou gravidade média ≥ 9",
            Behaviour::PagadorIrregular => "média de meses em atraso ≥ 0,25",
            Behaviour::PressaoFinanceira => "uso médio do limite ≥ 50 % e pagamento médio < 30 %",
            Behaviour::AdimplenteResiliente => {
                "quase sem atrasos, pagamento e uso do limite folgados"
            }
        }
    }

    /// The behaviour of a segment with these mean signals.
    pub fn of(freq_atrasos: f64, score_gravidade: f64, razao_pagamento: f64, uso: f64) -> Self {
        if freq_atrasos >= CRITICAL_LATE_MONTHS || score_gravidade >= CRITICAL_SEVERITY {
            Behaviour::CriticoExtremo
        } else if freq_atrasos >= IRREGULAR_LATE_MONTHS {
            Behaviour::PagadorIrregular
        } else if uso >= PRESSURE_LIMIT_USE && razao_pagamento < PRESSURE_PAYMENT_RATIO {
            Behaviour::PressaoFinanceira
        } else {
            Behaviour::AdimplenteResiliente
        }
    }
}

/// A segment's profile: its risk word and its behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileName {
    /// The risk word of the segment's rank.
    pub risk: &'static str,
    /// What its clients do.
    pub behaviour: Behaviour,
}

impl fmt::Display for ProfileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.risk, self.behaviour.label())
    }
}

/// The risk word of rank `rank` among `k` segments.
pub fn risk_word(rank: usize, k: usize) -> &'static str {
    let top = RISK_WORDS.len() - 1;
    if k <= 1 {
        return RISK_WORDS[0];
    }
    let level = (rank.min(k - 1) * top + (k - 1) / 2) / (k - 1);
    RISK_WORDS[level.min(top)]
}

/// Name every segment from its mean signals (as in [`crate::FitMetrics::means`], segment
/// order). A mean missing from a segment is an error naming the segment and the signal.
pub fn name_segments(
    means: &[BTreeMap<String, f64>],
) -> Result<Vec<ProfileName>, SegmentationError> {
    let k = means.len();
    means
        .iter()
        .enumerate()
        .map(|(segment, m)| {
            let get = |signal: &str| {
                m.get(signal)
                    .copied()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| SegmentationError::MissingMean {
                        segment,
                        signal: signal.to_string(),
                    })
            };
            Ok(ProfileName {
                risk: risk_word(segment, k),
                behaviour: Behaviour::of(
                    get("freq_atrasos")?,
                    get("score_gravidade")?,
                    get("razao_pagamento_6m")?,
                    get("taxa_uso_limite")?,
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_words_spread_over_k() {
        assert_eq!(risk_word(0, 4), "Baixo risco");
        assert_eq!(risk_word(2, 4), "Risco recorrente");
        assert_eq!(risk_word(3, 4), "Alto risco");
        assert_eq!(risk_word(0, 2), "Baixo risco");
        assert_eq!(risk_word(1, 2), "Alto risco");
        assert_eq!(risk_word(0, 1), "Baixo risco");
        let six: Vec<_> = (0..6).map(|r| risk_word(r, 6)).collect();
        assert_eq!(six.first(), Some(&"Baixo risco"));
        assert_eq!(six.last(), Some(&"Alto risco"));
        assert!(six.windows(2).all(|w| {
            let pos = |s| RISK_WORDS.iter().position(|x| *x == s).unwrap();
            pos(w[0]) <= pos(w[1])
        }));
    }

    #[test]
    fn a_missing_mean_names_segment_and_signal() {
        let err = name_segments(&[BTreeMap::new()]).unwrap_err();
        assert!(err.to_string().contains("freq_atrasos"), "{err}");
    }

    #[test]
    fn thresholds_are_inclusive_in_rule_order() {
        assert_eq!(Behaviour::of(2.0, 0.0, 1.0, 0.0), Behaviour::CriticoExtremo);
        assert_eq!(Behaviour::of(0.0, 9.0, 1.0, 0.0), Behaviour::CriticoExtremo);
        assert_eq!(
            Behaviour::of(0.25, 0.0, 0.1, 0.9),
            Behaviour::PagadorIrregular
        );
        assert_eq!(
            Behaviour::of(0.0, 0.0, 0.29, 0.5),
            Behaviour::PressaoFinanceira
        );
        assert_eq!(
            Behaviour::of(0.0, 0.0, 0.3, 0.9),
            Behaviour::AdimplenteResiliente
        );
    }
}
