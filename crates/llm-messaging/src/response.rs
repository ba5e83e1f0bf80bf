//! The `/gerar-mensagem` response and the guard's violation records.

use collection_policy::Canal;
use serde::{Deserialize, Serialize};

/// Where the returned message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fonte {
    /// Written by the language model and passed the guard.
    Llm,
    /// The deterministic template (offline mode, provider failure or guard violation).
    Template,
}

/// Which guard rule a message broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuardRule {
    /// The message is empty or blank.
    Empty,
    /// The message is longer than its channel allows.
    TooLong,
    /// Coercion or pressure: "última chance", "sob pena", "vai se arrepender" (CDC art. 71).
    Abusive,
    /// Threat or legal intimidation: police, lawsuits, seizure, "providências legais",
    /// blocking the account (CDC arts. 42 and 71).
    Threat,
    /// Credit-bureau or protest mention used as pressure: SPC, Serasa, Boa Vista, "órgãos de
    /// proteção ao crédito", "nome sujo", cartório.
    CreditBureau,
    /// Exposure to third parties: employer, work, family, neighbours, references, home visits
    /// (CDC art. 42; art. 71: interference with work, rest or leisure).
    ThirdParty,
    /// Ridicule or insult: "vergonha", "caloteiro", "irresponsável" (CDC art. 42).
    Shaming,
    /// Internal or technical terms (cluster, score, segmento...).
    InternalTerm,
    /// A discount, abatement, waiver or bonus the policy does not authorise.
    UnauthorisedDiscount,
    /// Personal data in the text: a CPF, a phone number or an e-mail address (LGPD art. 6 III).
    PersonalData,
    /// A placeholder left unfilled: `[NOME]`, `{valor}`, `<CLIENTE>`.
    Placeholder,
    /// The message is not in Portuguese.
    WrongLanguage,
    /// Something the client's history does not support: a debt, a delay or an agreement
    /// spoken of to a client with nothing overdue (CDC art. 42: no collection of what is not
    /// owed; art. 6 III: clear, true information).
    UntrueClaim,
}

/// One broken rule, with what triggered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Violation {
    /// The rule.
    pub rule: GuardRule,
    /// The offending term or measure, e.g. `"polícia"` or `"212 > 160 characters"`.
    pub detail: String,
}

/// Body of the `/gerar-mensagem` response (and of each `credito message` output line).
///
/// `violations` lists what the language model's text broke when `fonte` is `template`
/// because of the guard; it is empty otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageResponse {
    /// The customer's segment.
    pub cluster: u8,
    /// Risk profile label of the segment (internal; not part of the message).
    pub perfil_risco: String,
    /// Channel to send on.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub canal: Canal,
    /// The message (or call script for `Telefone`).
    pub mensagem: String,
    /// Collection objective.
    pub objetivo: String,
    /// Tone.
    pub tom: String,
    /// Recommended action.
    pub acao_recomendada: String,
    /// `llm` or `template`.
    pub fonte: Fonte,
    /// Guard violations of the discarded language-model text, if any.
    pub violations: Vec<Violation>,
    /// The client's state read from their own history (`em_dia`, `inativo`,
    /// `atraso_pontual`, `recorrente`, `grave`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estado: Option<String>,
    /// Why the preferred channel was not used, when it was given and replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canal_substituido: Option<String>,
    /// True when the request had no `cluster` and the segmentation model assigned it.
    #[serde(default)]
    pub segmento_inferido: bool,
    /// The id the message is stored under (`GET /api/collections/messages/{message_id}`),
    /// when the service keeps a store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}
