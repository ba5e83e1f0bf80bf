//! The on-disk shape of a policy (TOML or JSON), before validation.
//!
//! Channels and discount kinds are kept as text here so that validation can name the exact
//! entry and value that is wrong instead of failing on the first unknown word.

use serde::{Deserialize, Serialize};

/// A whole policy file: a version and one entry per segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// Version carried into every decision (e.g. `"seed-2024.2"`).
    pub version: String,
    /// One entry per segment, `0..k`, each exactly once (any order).
    pub segments: Vec<SegmentEntry>,
    /// Client states: thresholds and the treatment of each state (defaults when absent).
    #[serde(default)]
    pub estados: Option<StatesEntry>,
    /// Who collects (CDC art. 42-A): name, CNPJ and official channel.
    #[serde(default)]
    pub credor: Option<CreditorEntry>,
    /// Footer per channel: identification and opt-out line.
    #[serde(default)]
    pub rodape: Option<FooterEntry>,
    /// Message templates; when absent, the shipped ones, by treatment family.
    #[serde(default)]
    pub modelos: Vec<TemplateEntry>,
}

/// `[credor]`: the creditor's identification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditorEntry {
    /// Legal or trade name.
    pub nome: String,
    /// CNPJ, `00.000.000/0000-00`.
    pub cnpj: String,
    /// The official channel (app, site, phone).
    pub canal_oficial: String,
    /// Address.
    #[serde(default)]
    pub endereco: Option<String>,
}

/// `[rodape]`: footer text per channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterEntry {
    /// E-mail.
    pub email: String,
    /// WhatsApp.
    pub whatsapp: String,
    /// SMS.
    pub sms: String,
    /// Call script identification.
    pub telefone: String,
}

/// `[[modelos]]`: one template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateEntry {
    /// Treatment segment.
    pub tratamento: i64,
    /// States (empty or absent: any).
    #[serde(default)]
    pub estados: Vec<String>,
    /// Channel.
    pub canal: String,
    /// Text with placeholders.
    pub texto: String,
}

/// The `[estados]` section: how a client's state is read and what it changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatesEntry {
    /// Late months from which a client is recurrent (default 3).
    pub recorrente_meses: Option<f64>,
    /// Late months from which a client is severe (default 4).
    pub grave_meses: Option<f64>,
    /// Severity from which a client is severe (default 16).
    pub grave_gravidade: Option<f64>,
    /// Never late.
    pub em_dia: Option<StateTreatmentEntry>,
    /// Inactive.
    pub inativo: Option<StateTreatmentEntry>,
    /// Late in one or two months, or overdue today.
    pub atraso_pontual: Option<StateTreatmentEntry>,
    /// Recurrently late.
    pub recorrente: Option<StateTreatmentEntry>,
    /// Severely late (always handled as the highest segment).
    pub grave: Option<StateTreatmentEntry>,
}

/// What one state changes: a floor segment and the segment whose treatment applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateTreatmentEntry {
    /// Lowest segment a client in this state is handled as.
    pub piso: Option<i64>,
    /// Segment whose treatment (objective, tone, action, channels, template) applies.
    pub tratamento: Option<i64>,
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
