//! The validated policy table, the [`CollectionPolicy`] trait and its default implementation.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::channel::Canal;
use crate::discount::{AuthorisedDiscount, DiscountKind};
use crate::document::{PolicyDocument, SegmentEntry, StatesEntry, TemplateEntry};
use crate::error::{PolicyError, PolicyIssue};
use crate::facts::MessageFacts;
use crate::state::{ClientState, StateRules, StateTreatment};
use crate::templates::{
    cnpj_is_valid, Creditor, Footers, MessageTemplate, MessageTemplates, TemplateText,
};

/// The seed's table (SPEC §4.3) as TOML; [`PolicyTable::seed`] loads it.
pub const DEFAULT_POLICY_TOML: &str = include_str!("default_policy.toml");

/// What to do with a customer of a given segment: the output of [`CollectionPolicy::decide`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyDecision {
    /// The segment decided on.
    pub segment: u8,
    /// Risk profile label (internal).
    pub perfil_risco: String,
    /// Collection objective.
    pub objetivo: String,
    /// Channel to use.
    pub canal: Canal,
    /// Communication tone.
    pub tom: String,
    /// Recommended action.
    pub acao_recomendada: String,
    /// Per-segment instruction for the language model (SPEC §4.4).
    pub instruction: String,
    /// Version of the policy that decided.
    pub policy_version: String,
    /// Whether the case goes to a human agent.
    pub human_escalation: bool,
    /// Concessions a message may offer (empty: none).
    pub authorised_discounts: Vec<AuthorisedDiscount>,
    /// The client's state, when the decision took it into account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estado: Option<ClientState>,
    /// The segment whose treatment (objective, tone, action, channel, template) applies;
    /// equal to `segment` unless the client's state replaced it.
    #[serde(default)]
    pub treatment_segment: u8,
    /// Whether the message may speak of something overdue or offer an agreement (false for
    /// clients with no late month).
    #[serde(default = "yes")]
    pub overdue_allowed: bool,
}

fn yes() -> bool {
    true
}

/// Maps a risk segment (and the customer's preferred channel) to a collection decision.
///
/// The decision is made here, outside any language model, so it is auditable.
pub trait CollectionPolicy: Send + Sync {
    /// Decide for `segment`; `preferred_channel` is used when the segment allows it.
    fn decide(
        &self,
        segment: u8,
        preferred_channel: Option<Canal>,
    ) -> Result<PolicyDecision, PolicyError>;

    /// The policy's version.
    fn version(&self) -> &str;

    /// Number of segments defined (`0..k`).
    fn segment_count(&self) -> usize;

    /// The rules that read a client's state and bind its treatment.
    fn state_rules(&self) -> &StateRules;

    /// The policy's message templates, creditor and footers.
    fn templates(&self) -> &MessageTemplates;

    /// The key [`MessageTemplates::select`] is asked with for `decision`: its treatment
    /// segment when the policy has its own templates.
    fn template_key(&self, decision: &PolicyDecision) -> u8 {
        decision.treatment_segment
    }

    /// The template for `decision`.
    fn template_for(&self, decision: &PolicyDecision) -> Result<&MessageTemplate, PolicyError> {
        let key = self.template_key(decision);
        self.templates()
            .select(key, decision.estado, decision.canal)
            .ok_or_else(|| PolicyError::NoTemplate {
                version: self.version().to_string(),
                tratamento: key,
                estado: decision.estado.map_or("-", ClientState::code).to_string(),
                canal: decision.canal.to_string(),
            })
    }

    /// The full message for `decision`: its template written with `facts` and the creditor,
    /// followed by the channel's footer (identification and opt-out line).
    fn render_message(
        &self,
        decision: &PolicyDecision,
        facts: &MessageFacts,
    ) -> Result<String, PolicyError> {
        let templates = self.templates();
        let body = self
            .template_for(decision)?
            .texto
            .render(facts, templates.credor.as_ref());
        Ok(templates.with_footer(&body, decision.canal))
    }

    /// Decide for a client of `segment` in `state`: the handled segment is at least the
    /// state's floor (the highest for a severe client) and the state may replace the
    /// treatment (never-late clients get the preventive one and no overdue claims).
    fn decide_for_state(
        &self,
        segment: u8,
        state: ClientState,
        preferred_channel: Option<Canal>,
    ) -> Result<PolicyDecision, PolicyError> {
        let rules = self.state_rules();
        let handled = rules.floor(state, segment, self.segment_count());
        // Validate the assigned segment even when the floor lifts it.
        self.decide(segment, None)?;
        let own = self.decide(handled, preferred_channel)?;
        let mut decision = match rules.treatment(state).tratamento {
            Some(t) if t != handled => {
                let other = self.decide(t, preferred_channel)?;
                PolicyDecision {
                    segment: handled,
                    perfil_risco: own.perfil_risco,
                    ..other
                }
            }
            _ => own,
        };
        decision.estado = Some(state);
        decision.overdue_allowed = state.has_overdue();
        if !decision.overdue_allowed {
            decision.authorised_discounts.clear();
        }
        Ok(decision)
    }
}

/// One validated row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRule {
    /// Segment number.
    pub segment: u8,
    /// Risk profile label.
    pub perfil_risco: String,
    /// Collection objective.
    pub objetivo: String,
    /// Channel used when the preferred one is not allowed.
    pub canal_prioritario: Canal,
    /// Allowed channels (always contains `canal_prioritario`).
    pub canais_permitidos: Vec<Canal>,
    /// Tone.
    pub tom: String,
    /// Recommended action.
    pub acao_recomendada: String,
    /// Instruction for the language model.
    pub instrucao_llm: String,
    /// Always handled by a human on `Telefone`.
    pub atendimento_humano: bool,
    /// Authorised concessions.
    pub descontos_autorizados: Vec<AuthorisedDiscount>,
}

/// The default [`CollectionPolicy`]: a validated, versioned table indexed by segment.
///
/// ```
/// use collection_policy::{Canal, CollectionPolicy, PolicyTable};
///
/// let policy = PolicyTable::seed();
/// // Preferred channel allowed for segment 1 -> used.
/// let d = policy.decide(1, Some(Canal::Sms))?;
/// assert_eq!(d.canal, Canal::Sms);
/// // Not allowed for segment 0 -> the segment's priority channel.
/// assert_eq!(policy.decide(0, Some(Canal::Telefone))?.canal, Canal::Email);
/// // Segment 3 always goes to a human.
/// let d = policy.decide(3, Some(Canal::WhatsApp))?;
/// assert_eq!(d.canal, Canal::Telefone);
/// assert_eq!(d.policy_version, policy.version());
/// assert!(d.authorised_discounts.is_empty());
/// # Ok::<(), collection_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyTable {
    version: String,
    rules: Vec<SegmentRule>,
    states: StateRules,
    templates: MessageTemplates,
    /// Whether the templates are the policy's own (keyed by treatment segment) or the shipped
    /// ones (keyed by treatment family, see [`template_family`]).
    own_templates: bool,
}

impl PolicyTable {
    /// The seed's table (SPEC §4.3), embedded in the binary.
    pub fn seed() -> Self {
        match Self::from_toml_str(DEFAULT_POLICY_TOML) {
            Ok(table) => table,
            // The embedded table is validated by this crate's tests; an invalid one is a
            // build defect, not caller input.
            Err(err) => unreachable!("embedded default policy is invalid: {err}"),
        }
    }

    /// Parse and validate a TOML policy.
    pub fn from_toml_str(text: &str) -> Result<Self, PolicyError> {
        let doc: PolicyDocument = toml::from_str(text).map_err(|e| PolicyError::Parse {
            format: "TOML",
            message: e.to_string().trim().to_string(),
        })?;
        Self::from_document(doc)
    }

    /// Parse and validate a JSON policy.
    pub fn from_json_str(text: &str) -> Result<Self, PolicyError> {
        let doc: PolicyDocument = serde_json::from_str(text).map_err(|e| PolicyError::Parse {
            format: "JSON",
            message: e.to_string(),
        })?;
        Self::from_document(doc)
    }

    /// Read a policy file: JSON when the extension is `.json`, TOML otherwise.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, PolicyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| PolicyError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let is_json = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            Self::from_json_str(&text)
        } else {
            Self::from_toml_str(&text)
        }
    }

    /// Validate a parsed document; every problem is reported, each naming its entry.
    pub fn from_document(doc: PolicyDocument) -> Result<Self, PolicyError> {
        let mut issues = Vec::new();
        let mut push = |entry: &str, field: &str, message: String| {
            issues.push(PolicyIssue {
                entry: entry.to_string(),
                field: field.to_string(),
                message,
            })
        };
        if doc.version.trim().is_empty() {
            push("policy", "version", "must not be empty".into());
        }
        let k = doc.segments.len();
        if k == 0 {
            push(
                "policy",
                "segments",
                "at least one segment is required".into(),
            );
        }
        if k > 256 {
            push("policy", "segments", format!("{k} segments; at most 256"));
        }
        let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
        let mut rules = Vec::new();
        for (index, entry) in doc.segments.iter().enumerate() {
            let name = format!("segments[{index}] (segment {})", entry.segment);
            if entry.segment < 0 || entry.segment >= k as i64 {
                push(
                    &name,
                    "segment",
                    format!(
                        "segment {} outside 0..={} (segments must be numbered 0..k-1)",
                        entry.segment,
                        k.saturating_sub(1)
                    ),
                );
            } else if let Some(first) = seen.get(&entry.segment) {
                push(
                    &name,
                    "segment",
                    format!(
                        "segment {} already defined by segments[{first}]",
                        entry.segment
                    ),
                );
            } else {
                seen.insert(entry.segment, index);
            }
            if let Some(rule) = validate_entry(entry, &name, &mut push) {
                rules.push(rule);
            }
        }
        if k > 0 && k <= 256 {
            for segment in 0..k as i64 {
                if !seen.contains_key(&segment) {
                    push(
                        "policy",
                        "segments",
                        format!("segment {segment} is missing"),
                    );
                }
            }
            if let Some(&index) = seen.get(&(k as i64 - 1)) {
                if !doc.segments[index].atendimento_humano {
                    push(
                        &format!("segments[{index}] (segment {})", k - 1),
                        "atendimento_humano",
                        "the highest-risk segment must go to a human (atendimento_humano = true)"
                            .into(),
                    );
                }
            }
        }
        rules.sort_by_key(|r| r.segment);
        let states = validate_states(doc.estados.as_ref(), &rules, k, &mut push);
        let own_templates = !doc.modelos.is_empty();
        let templates = validate_templates(&doc, k, &mut push);
        if !issues.is_empty() {
            return Err(PolicyError::Invalid { issues });
        }
        let table = PolicyTable {
            version: doc.version.trim().to_string(),
            rules,
            states,
            templates,
            own_templates,
        };
        let coverage = table.template_issues();
        if !coverage.is_empty() {
            return Err(PolicyError::Invalid { issues: coverage });
        }
        Ok(table)
    }

    /// Every reachable (segment, state, channel) without a template, and every template that
    /// is too long for its channel when written with the longest facts.
    fn template_issues(&self) -> Vec<PolicyIssue> {
        let mut issues = Vec::new();
        let mut missing = std::collections::BTreeSet::new();
        for segment in 0..self.rules.len() as u8 {
            for state in ClientState::ALL {
                for preferred in std::iter::once(None).chain(Canal::ALL.map(Some)) {
                    let Ok(decision) = self.decide_for_state(segment, state, preferred) else {
                        continue;
                    };
                    if let Err(PolicyError::NoTemplate {
                        tratamento,
                        estado,
                        canal,
                        ..
                    }) = self.template_for(&decision)
                    {
                        missing.insert((tratamento, estado, canal));
                    }
                }
            }
        }
        for (tratamento, estado, canal) in missing {
            issues.push(PolicyIssue {
                entry: "modelos".into(),
                field: format!("tratamento {tratamento}, estado {estado}, canal {canal}"),
                message: "no template; add one for this state or for any state".into(),
            });
        }
        let longest = MessageFacts::longest();
        for (i, t) in self.templates.modelos.iter().enumerate() {
            let body = t.texto.render(&longest, self.templates.credor.as_ref());
            let text = self.templates.with_footer(&body, t.canal);
            let (count, max) = (text.chars().count(), t.canal.max_chars());
            if count > max {
                issues.push(PolicyIssue {
                    entry: format!("modelos[{i}]"),
                    field: "texto".into(),
                    message: format!(
                        "{count} characters with the longest facts and the footer; {} allows {max}",
                        t.canal
                    ),
                });
            }
        }
        issues
    }

    /// The validated rules, ordered by segment.
    pub fn rules(&self) -> &[SegmentRule] {
        &self.rules
    }
}

fn validate_states(
    entry: Option<&StatesEntry>,
    rules: &[SegmentRule],
    k: usize,
    push: &mut impl FnMut(&str, &str, String),
) -> StateRules {
    let mut states = StateRules::default();
    let Some(entry) = entry else {
        return states;
    };
    for (field, value, slot) in [
        (
            "recorrente_meses",
            entry.recorrente_meses,
            &mut states.recorrente_meses,
        ),
        ("grave_meses", entry.grave_meses, &mut states.grave_meses),
        (
            "grave_gravidade",
            entry.grave_gravidade,
            &mut states.grave_gravidade,
        ),
    ] {
        if let Some(v) = value {
            if v.is_finite() && v > 0.0 {
                *slot = v;
            } else {
                push("estados", field, format!("{v} must be a positive number"));
            }
        }
    }
    if states.recorrente_meses > states.grave_meses {
        push(
            "estados",
            "recorrente_meses",
            format!(
                "{} is above grave_meses {}",
                states.recorrente_meses, states.grave_meses
            ),
        );
    }
    let segment_in_range = |v: i64| u8::try_from(v).ok().filter(|s| usize::from(*s) < k);
    for (state, given) in ClientState::ALL.into_iter().zip([
        entry.em_dia,
        entry.inativo,
        entry.atraso_pontual,
        entry.recorrente,
        entry.grave,
    ]) {
        let Some(given) = given else { continue };
        let name = format!("estados.{}", state.code());
        let mut treatment = StateTreatment {
            piso: None,
            tratamento: None,
        };
        for (field, value, slot) in [
            ("piso", given.piso, &mut treatment.piso),
            ("tratamento", given.tratamento, &mut treatment.tratamento),
        ] {
            if let Some(v) = value {
                match segment_in_range(v) {
                    Some(s) => *slot = Some(s),
                    None => push(
                        &name,
                        field,
                        format!("segment {v} outside 0..={}", k.saturating_sub(1)),
                    ),
                }
            }
        }
        states.treatments[state as usize] = treatment;
    }
    // The hard rules hold whatever the file says.
    for state in [ClientState::EmDia, ClientState::Inativo] {
        let name = format!("estados.{}", state.code());
        match states.treatment(state).tratamento {
            None => push(
                &name,
                "tratamento",
                "is required: a client with nothing overdue needs a preventive treatment".into(),
            ),
            Some(t) => {
                if let Some(rule) = rules.iter().find(|r| r.segment == t) {
                    if rule.atendimento_humano || !rule.descontos_autorizados.is_empty() {
                        push(
                            &name,
                            "tratamento",
                            format!(
                                "segment {t} escalates to a human or offers concessions; a \
                                 client with nothing overdue needs a preventive treatment"
                            ),
                        );
                    }
                }
            }
        }
    }
    if k > 1 && states.treatment(ClientState::Recorrente).piso.unwrap_or(0) < 1 {
        push(
            "estados.recorrente",
            "piso",
            "must be at least 1: a recurrently late client is never the lowest risk".into(),
        );
    }
    states
}

/// The shipped templates, for policies that bring none.
fn shipped_templates() -> Vec<TemplateEntry> {
    toml::from_str::<PolicyDocument>(DEFAULT_POLICY_TOML)
        .map(|d| d.modelos)
        .unwrap_or_default()
}

/// The template family (0..=3) of a decision in a policy of `segment_count` segments, for
/// policies that use the shipped templates: 3 for a human, 0 when nothing is overdue, else the
/// treatment segment spread over 0..=2 by rank.
pub fn template_family(decision: &PolicyDecision, segment_count: usize) -> u8 {
    if decision.human_escalation {
        return 3;
    }
    if !decision.overdue_allowed {
        return 0;
    }
    let top = segment_count.saturating_sub(2).max(1) as f64;
    let rank = f64::from(decision.treatment_segment).min(top) / top;
    (rank * 2.0).round().clamp(0.0, 2.0) as u8
}

fn validate_templates(
    doc: &PolicyDocument,
    k: usize,
    push: &mut impl FnMut(&str, &str, String),
) -> MessageTemplates {
    let credor = doc.credor.as_ref().map(|c| {
        for (field, value) in [
            ("nome", &c.nome),
            ("cnpj", &c.cnpj),
            ("canal_oficial", &c.canal_oficial),
        ] {
            if value.trim().is_empty() {
                push("credor", field, "must not be empty".into());
            }
        }
        if !c.cnpj.trim().is_empty() && !cnpj_is_valid(&c.cnpj) {
            push(
                "credor",
                "cnpj",
                format!("{:?} is not a valid CNPJ (14 digits, check digits)", c.cnpj),
            );
        }
        Creditor {
            nome: c.nome.trim().to_string(),
            cnpj: c.cnpj.trim().to_string(),
            canal_oficial: c.canal_oficial.trim().to_string(),
            endereco: c.endereco.as_ref().map(|e| e.trim().to_string()),
        }
    });
    let parse = |entry: &str, field: &str, text: &str, push: &mut dyn FnMut(&str, &str, String)| {
        match TemplateText::parse(text) {
            Ok(t) => Some(t),
            Err(e) => {
                push(entry, field, e.to_string());
                None
            }
        }
    };
    let rodape = doc.rodape.as_ref().and_then(|f| {
        let email = parse("rodape", "email", &f.email, push);
        let whatsapp = parse("rodape", "whatsapp", &f.whatsapp, push);
        let sms = parse("rodape", "sms", &f.sms, push);
        let telefone = parse("rodape", "telefone", &f.telefone, push);
        Some(Footers {
            email: email?,
            whatsapp: whatsapp?,
            sms: sms?,
            telefone: telefone?,
        })
    });
    match (&doc.credor, &doc.rodape) {
        (Some(_), None) => push(
            "rodape",
            "-",
            "[credor] needs a [rodape] that writes it into every message".into(),
        ),
        (None, Some(_)) => push(
            "credor",
            "-",
            "[rodape] needs a [credor] to identify".into(),
        ),
        _ => {}
    }
    let own = !doc.modelos.is_empty();
    let entries = if own {
        doc.modelos.clone()
    } else {
        shipped_templates()
    };
    // Inherited templates are keyed by family 0..=3, whatever the policy's k.
    let key_range = if own { k } else { 4 };
    let mut modelos = Vec::new();
    for (i, t) in entries.iter().enumerate() {
        let name = format!("modelos[{i}]");
        let tratamento = match u8::try_from(t.tratamento)
            .ok()
            .filter(|s| usize::from(*s) < key_range)
        {
            Some(s) => Some(s),
            None => {
                push(
                    &name,
                    "tratamento",
                    format!(
                        "segment {} outside 0..={}",
                        t.tratamento,
                        key_range.saturating_sub(1)
                    ),
                );
                None
            }
        };
        let mut estados = Vec::new();
        for (j, code) in t.estados.iter().enumerate() {
            match ClientState::from_code(code) {
                Some(s) => estados.push(s),
                None => push(
                    &name,
                    &format!("estados[{j}]"),
                    format!(
                        "unknown state {code:?} (em_dia, inativo, atraso_pontual, recorrente, grave)"
                    ),
                ),
            }
        }
        let canal = match t.canal.parse::<Canal>() {
            Ok(c) => Some(c),
            Err(e) => {
                push(&name, "canal", e.to_string());
                None
            }
        };
        let texto = parse(&name, "texto", &t.texto, push);
        if let (Some(tratamento), Some(canal), Some(texto)) = (tratamento, canal, texto) {
            let duplicate = modelos.iter().position(|m: &MessageTemplate| {
                m.tratamento == tratamento
                    && m.canal == canal
                    && (m.estados.iter().any(|s| estados.contains(s))
                        || (m.estados.is_empty() && estados.is_empty()))
            });
            if let Some(first) = duplicate {
                push(
                    &name,
                    "estados",
                    format!("same treatment, channel and state as modelos[{first}]"),
                );
            }
            modelos.push(MessageTemplate {
                tratamento,
                estados,
                canal,
                texto,
            });
        }
    }
    MessageTemplates {
        credor,
        rodape,
        modelos,
    }
}

impl Default for PolicyTable {
    fn default() -> Self {
        Self::seed()
    }
}

fn validate_entry(
    entry: &SegmentEntry,
    name: &str,
    push: &mut impl FnMut(&str, &str, String),
) -> Option<SegmentRule> {
    let mut ok = true;
    for (field, value) in [
        ("perfil_risco", &entry.perfil_risco),
        ("objetivo", &entry.objetivo),
        ("tom", &entry.tom),
        ("acao_recomendada", &entry.acao_recomendada),
        ("instrucao_llm", &entry.instrucao_llm),
        ("canal_prioritario", &entry.canal_prioritario),
    ] {
        if value.trim().is_empty() {
            push(name, field, "must not be empty".into());
            ok = false;
        }
    }
    let priority = match entry.canal_prioritario.parse::<Canal>() {
        Ok(c) => Some(c),
        Err(e) if !entry.canal_prioritario.trim().is_empty() => {
            push(name, "canal_prioritario", e.to_string());
            None
        }
        Err(_) => None,
    };
    let mut allowed: Vec<Canal> = Vec::new();
    for (i, text) in entry.canais_permitidos.iter().enumerate() {
        match text.parse::<Canal>() {
            Ok(c) if allowed.contains(&c) => {
                push(
                    name,
                    &format!("canais_permitidos[{i}]"),
                    format!("channel {c} listed twice"),
                );
                ok = false;
            }
            Ok(c) => allowed.push(c),
            Err(e) => {
                push(name, &format!("canais_permitidos[{i}]"), e.to_string());
                ok = false;
            }
        }
    }
    let priority = priority?;
    if allowed.is_empty() {
        allowed.push(priority);
    } else if !allowed.contains(&priority) {
        push(
            name,
            "canal_prioritario",
            format!("{priority} is not in canais_permitidos"),
        );
        ok = false;
    }
    if entry.atendimento_humano && priority != Canal::Telefone {
        push(
            name,
            "canal_prioritario",
            format!("a segment handled by a human must use Telefone, not {priority}"),
        );
        ok = false;
    }
    let mut discounts: Vec<AuthorisedDiscount> = Vec::new();
    for (i, d) in entry.descontos_autorizados.iter().enumerate() {
        let field = format!("descontos_autorizados[{i}]");
        match d.tipo.parse::<DiscountKind>() {
            Ok(kind) if discounts.iter().any(|x| x.kind == kind) => {
                push(name, &field, format!("concession {kind} listed twice"));
                ok = false;
            }
            Ok(kind) => {
                if d.percentual_maximo.is_finite()
                    && d.percentual_maximo > 0.0
                    && d.percentual_maximo <= 100.0
                {
                    discounts.push(AuthorisedDiscount {
                        kind,
                        max_percent: d.percentual_maximo,
                    });
                } else {
                    push(
                        name,
                        &format!("{field}.percentual_maximo"),
                        format!("{} outside (0, 100]", d.percentual_maximo),
                    );
                    ok = false;
                }
            }
            Err(e) => {
                push(name, &format!("{field}.tipo"), e);
                ok = false;
            }
        }
    }
    let segment = u8::try_from(entry.segment).ok()?;
    ok.then(|| SegmentRule {
        segment,
        perfil_risco: entry.perfil_risco.trim().to_string(),
        objetivo: entry.objetivo.trim().to_string(),
        canal_prioritario: priority,
        canais_permitidos: allowed,
        tom: entry.tom.trim().to_string(),
        acao_recomendada: entry.acao_recomendada.trim().to_string(),
        instrucao_llm: entry.instrucao_llm.trim().to_string(),
        atendimento_humano: entry.atendimento_humano,
        descontos_autorizados: discounts,
    })
}

impl CollectionPolicy for PolicyTable {
    fn decide(
        &self,
        segment: u8,
        preferred_channel: Option<Canal>,
    ) -> Result<PolicyDecision, PolicyError> {
        let rule =
            self.rules
                .get(usize::from(segment))
                .ok_or_else(|| PolicyError::UnknownSegment {
                    segment,
                    max: u8::try_from(self.rules.len().saturating_sub(1)).unwrap_or(u8::MAX),
                    version: self.version.clone(),
                })?;
        let canal = if rule.atendimento_humano {
            Canal::Telefone
        } else {
            match preferred_channel {
                Some(c) if rule.canais_permitidos.contains(&c) => c,
                _ => rule.canal_prioritario,
            }
        };
        Ok(PolicyDecision {
            segment,
            perfil_risco: rule.perfil_risco.clone(),
            objetivo: rule.objetivo.clone(),
            canal,
            tom: rule.tom.clone(),
            acao_recomendada: rule.acao_recomendada.clone(),
            instruction: rule.instrucao_llm.clone(),
            policy_version: self.version.clone(),
            human_escalation: rule.atendimento_humano,
            authorised_discounts: rule.descontos_autorizados.clone(),
            estado: None,
            treatment_segment: segment,
            overdue_allowed: true,
        })
    }

    fn state_rules(&self) -> &StateRules {
        &self.states
    }

    fn templates(&self) -> &MessageTemplates {
        &self.templates
    }

    fn template_key(&self, decision: &PolicyDecision) -> u8 {
        if self.own_templates {
            decision.treatment_segment
        } else {
            template_family(decision, self.rules.len())
        }
    }

    fn version(&self) -> &str {
        &self.version
    }

    fn segment_count(&self) -> usize {
        self.rules.len()
    }
}
