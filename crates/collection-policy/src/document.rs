//! The on-disk shape of a policy (TOML or JSON), before validation.
//!
//! Channels and discount kinds are kept as text here so that validation can name the exact
//! entry and value that is wrong instead of failing on the first unknown word.

use serde::{Deserialize, Serialize};

/// A whole policy file: a version and one entry per segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// Version carried into every decision (e.g. `"seed-2024.1"`).
    pub version: String,
    /// One entry per segment, `0..k`, each exactly once (any order).
    pub segments: Vec<SegmentEntry>,
}

/// One row of the policy table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentEntry {
    /// Segment number (0 = lowest risk).
    pub segment: i64,
    /// Risk profile label (internal; never shown to the customer).
    pub perfil_risco: String,
    /// Collection objective.
    pub objetivo: String,
    /// Channel used when the customer's preferred channel is not allowed.
    pub canal_prioritario: String,
    /// Channels the customer may be contacted on; empty means only `canal_prioritario`.
    #[serde(default)]
    pub canais_permitidos: Vec<String>,
    /// Communication tone.
    pub tom: String,
    /// Recommended action.
    pub acao_recomendada: String,
    /// Instruction given to the language model for this segment (SPEC §4.4).
    pub instrucao_llm: String,
    /// When true the segment always goes to a human on `Telefone`.
    #[serde(default)]
    pub atendimento_humano: bool,
    /// Concessions a message may offer in this segment (default: none).
    #[serde(default)]
    pub descontos_autorizados: Vec<DiscountEntry>,
}

/// One authorised concession: its kind and the largest percentage a message may offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountEntry {
    /// `desconto`, `abatimento`, `isencao_juros` or `isencao_multa`.
    pub tipo: String,
    /// Largest percentage offered, in `(0, 100]`.
    pub percentual_maximo: f64,
}
