//! # collection-policy
//!
//! Risk segment → collection objective, channel, tone and recommended action (SPEC §4.3).
//!
//! The policy is data: a versioned TOML or JSON table, validated on load, decided outside any
//! language model so that every decision is auditable. [`PolicyTable::seed`] is the seed's table
//! (embedded TOML, [`DEFAULT_POLICY_TOML`]); custom tables load with
//! [`PolicyTable::from_toml_str`], [`PolicyTable::from_json_str`] or [`PolicyTable::from_path`].
//!
//! Channel choice: the customer's preferred channel when the segment allows it, else the
//! segment's priority channel; a segment marked `atendimento_humano` (segment 3 in the seed's
//! table, and always the highest-risk segment) goes to a human on `Telefone`.
//!
//! ```
//! use collection_policy::{Canal, CollectionPolicy, PolicyTable};
//!
//! let policy = PolicyTable::seed();
//! let decision = policy.decide(2, Some(Canal::WhatsApp))?;
//! assert_eq!(decision.perfil_risco, "Risco recorrente / Pagador irregular");
//! assert_eq!(decision.objetivo, "Negociação ativa");
//! assert_eq!(decision.canal, Canal::WhatsApp);
//! # Ok::<(), collection_policy::PolicyError>(())
//! ```

#![deny(missing_docs)]

mod channel;
mod discount;
mod document;
mod error;
mod facts;
mod policy;
mod state;
mod templates;

pub use channel::{Canal, UnknownChannel};
pub use discount::{AuthorisedDiscount, DiscountKind};
pub use document::{
    CreditorEntry, DiscountEntry, FooterEntry, PolicyDocument, SegmentEntry, StateTreatmentEntry,
    StatesEntry, TemplateEntry,
};
pub use error::{PolicyError, PolicyIssue};
pub use facts::{
    format_brl, name_pattern, FactError, MessageFacts, AGREEMENT_CODE_PATTERN, FACT_NAMES,
    MAX_AGREEMENT_CODE_CHARS, MAX_AMOUNT, MAX_DAYS_OVERDUE, MAX_NAME_CHARS,
};
pub use policy::{
    template_family, CollectionPolicy, PolicyDecision, PolicyTable, SegmentRule,
    DEFAULT_POLICY_TOML,
};
pub use state::{ClientState, StateInput, StateRules, StateTreatment};
pub use templates::{
    cnpj_is_valid, fill_placeholders, footer_separator, Creditor, Footers, MessageTemplate,
    MessageTemplates, TemplateError, TemplateText, CREDITOR_FIELDS,
};
