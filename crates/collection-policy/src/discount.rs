//! Concessions (discounts, abatements, waivers) a policy may authorise per segment.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Kind of concession a message could offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountKind {
    /// A percentage off the amount due ("desconto").
    Desconto,
    /// A reduction of the debt itself ("abatimento", "perdão").
    Abatimento,
    /// Interest waived ("isenção de juros", "sem juros").
    IsencaoJuros,
    /// Late fee waived ("isenção de multa", "sem multa").
    IsencaoMulta,
}

impl DiscountKind {
    /// Every kind, in a fixed order.
    pub const ALL: [DiscountKind; 4] = [
        DiscountKind::Desconto,
        DiscountKind::Abatimento,
        DiscountKind::IsencaoJuros,
        DiscountKind::IsencaoMulta,
    ];

    /// The name used in policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            DiscountKind::Desconto => "desconto",
            DiscountKind::Abatimento => "abatimento",
            DiscountKind::IsencaoJuros => "isencao_juros",
            DiscountKind::IsencaoMulta => "isencao_multa",
        }
    }
}

impl fmt::Display for DiscountKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DiscountKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DiscountKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown concession {s:?} (expected desconto, abatimento, isencao_juros or isencao_multa)"
                )
            })
    }
}

/// A concession the policy authorises for a segment, up to a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AuthorisedDiscount {
    /// Which concession.
    pub kind: DiscountKind,
    /// Largest percentage a message may offer, in `(0, 100]`.
    pub max_percent: f64,
}
