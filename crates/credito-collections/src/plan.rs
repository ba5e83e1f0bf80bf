//! Contact plans for a portfolio, for every front end (`credito plan`, `POST
//! /api/collections/plan`): each client's segment (given, or assigned from its signals by the
//! segmentation model) gives the channels of its collection policy, and the contact planner
//! says when each may next be used under the rule pack.
//!
//! ```
//! use contact_planner::{input::Ledger, PackPlanner, RulePack};
//! use credito_collections::plan::{plan_clients, resolve_clients, ClientInput};
//! use collection_policy::PolicyTable;
//!
//! let client: ClientInput = serde_json::from_value(serde_json::json!(
//!     {"client_id": "42", "segment": 3, "uf": "AM"})).unwrap();
//! let clients = resolve_clients(&[client], &PolicyTable::seed(), None).unwrap();
//! let planner = PackPlanner::new(RulePack::br());
//! // Sunday 6 December 2026: segment 3 is called by a human, on Monday at 08:00 Manaus time.
//! let now = "2026-12-06T12:00:00Z".parse().unwrap();
//! let lines = plan_clients(&planner, &clients, &Ledger::default(), now);
//! assert_eq!(lines[0].allowed_at.as_deref(), Some("2026-12-07T08:00:00-04:00"));
//! assert_eq!(lines[0].reason, Some("sunday"));
//! ```

use std::io::Write;

use chrono::{DateTime, Utc};
use collection_policy::{Canal, CollectionPolicy};
use contact_planner::input::{
    parse_channels, parse_date, parse_place, CsvTable, InputError, Ledger, PlaceField,
};
use contact_planner::{Channel, Client, ContactPlanner};
use risk_features::RiskSignals;
use segmentation::SegmentationModel;
use serde::{Deserialize, Serialize};

/// Longest client id accepted (what the store keeps).
pub const MAX_ID_CHARS: usize = decision_store::MAX_KEY_CHARS;

/// Why a client id cannot be taken: blank, or longer than [`MAX_ID_CHARS`].
pub fn check_client_id(id: &str) -> Result<(), String> {
    if id.chars().all(|c| c.is_ascii_whitespace()) {
        return Err("required".into());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Err(format!("at most {MAX_ID_CHARS} characters"));
    }
    Ok(())
}

/// Clients planned per parallel chunk.
const CHUNK: usize = 4096;

/// A client to plan, as sent to the API (the CSV has the same columns).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    /// The client's id.
    pub client_id: String,
    /// Its segment; without one it is assigned from the five signals below.
    #[serde(default, deserialize_with = "whole_number")]
    pub segment: Option<u8>,
    /// Severity score (sum of squared delays).
    #[serde(default)]
    pub score_gravidade: Option<f64>,
    /// Months late out of six.
    #[serde(default)]
    pub freq_atrasos: Option<f64>,
    /// Payments over bills in six months.
    #[serde(default)]
    pub razao_pagamento_6m: Option<f64>,
    /// Bill over limit.
    #[serde(default)]
    pub taxa_uso_limite: Option<f64>,
    /// Credit limit.
    #[serde(default)]
    pub limite_credito: Option<f64>,
    /// State (UF): its time zone, hours and holidays.
    #[serde(default)]
    pub uf: Option<String>,
    /// IANA time zone (or `UTC±HH:MM`), overriding the state's.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Channels the client opted out of (`phone`, `whatsapp`, `sms`, `email`, or `all`).
    #[serde(default)]
    pub opt_out: Vec<String>,
    /// When the debt fell due, `YYYY-MM-DD` (for prescription).
    #[serde(default)]
    pub debt_since: Option<String>,
    /// First name, for campaign messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nome: Option<String>,
    /// Amount overdue (BRL), for campaign messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valor_em_aberto: Option<f64>,
    /// Days overdue, for campaign messages.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_number"
    )]
    pub dias_em_atraso: Option<u32>,
    /// Due date (`YYYY-MM-DD`), for campaign messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vencimento: Option<String>,
    /// Agreement or payment code, for campaign messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codigo_acordo: Option<String>,
}

/// Deserialize an optional whole number sent as JSON `2` or `2.0` (JSON does not tell
/// integers from floats).
pub fn whole_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64>,
{
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let whole = match (number.as_u64(), number.as_f64()) {
        (Some(n), _) => Some(n),
        (None, Some(v)) if v.fract() == 0.0 && v >= 0.0 && v < u64::MAX as f64 => Some(v as u64),
        _ => None,
    };
    let whole = whole.ok_or_else(|| {
        serde::de::Error::custom(format!("expected a whole number, got {number}"))
    })?;
    T::try_from(whole)
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("{number} is out of range")))
}

/// The client columns a campaign message may state.
pub const MESSAGE_FACTS: [&str; 5] = [
    "nome",
    "valor_em_aberto",
    "dias_em_atraso",
    "vencimento",
    "codigo_acordo",
];

/// A field of one client that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field} = {value:?}: {message}")]
pub struct FieldIssue {
    /// The client's position in the input, from 0.
    pub index: usize,
    /// The field (`uf`, `segment`, …).
    pub field: &'static str,
    /// The value as sent.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

/// One line of a plan: a client and channel of its policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanLine {
    /// The client.
    pub client_id: String,
    /// The channel: `phone`, `whatsapp`, `sms` or `email`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub channel: Channel,
    /// The earliest legal instant at or after now (RFC 3339 in the client's offset); null:
    /// never.
    pub allowed_at: Option<String>,
    /// Why not now (null when now is allowed).
    pub reason: Option<&'static str>,
    /// The rule that decided.
    pub rule: String,
}

/// What a plan run saw, for its summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    /// Clients planned.
    pub clients: usize,
    /// Lines written (clients × channels).
    pub lines: usize,
    /// Lines allowed now.
    pub allowed_now: usize,
    /// Lines that never open.
    pub never: usize,
    /// Lines per reason, by reason code.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub reasons: std::collections::BTreeMap<String, usize>,
    /// Ledger clients that are not in the client list (their attempts were not used).
    pub unknown_ledger_clients: Vec<String>,
}

/// The planner's channel for a policy channel.
pub fn channel_of(canal: Canal) -> Channel {
    match canal {
        Canal::Email => Channel::Email,
        Canal::WhatsApp => Channel::Whatsapp,
        Canal::Sms => Channel::Sms,
        Canal::Telefone => Channel::Phone,
    }
}

/// A client read but not yet segmented.
struct Draft {
    client: Client,
    segment: Option<u8>,
    signals: Option<RiskSignals>,
    input: Option<ClientInput>,
}

/// A client ready to plan, with its segment and (when kept) the fields it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The planner's client.
    pub client: Client,
    /// Its segment (given, or assigned by the model).
    pub segment: u8,
    /// The client as given, with the segment filled in (kept for campaigns, whose messages are
    /// written from it).
    pub input: Option<ClientInput>,
}

/// The planner's clients for `inputs`; every bad field of every client is reported.
pub fn resolve_clients(
    inputs: &[ClientInput],
    policy: &dyn CollectionPolicy,
    model: Option<&SegmentationModel>,
) -> Result<Vec<Client>, Vec<FieldIssue>> {
    Ok(resolve_inputs(inputs, policy, model)?
        .into_iter()
        .map(|r| r.client)
        .collect())
}

/// [`resolve_clients`], keeping each client's segment and input.
pub fn resolve_inputs(
    inputs: &[ClientInput],
    policy: &dyn CollectionPolicy,
    model: Option<&SegmentationModel>,
) -> Result<Vec<Resolved>, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let mut drafts = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.iter().enumerate() {
        let opt_out: Result<Vec<Channel>, FieldIssue> =
            input.opt_out.iter().try_fold(Vec::new(), |mut all, text| {
                let more = parse_channels(text).map_err(|m| FieldIssue {
                    index,
                    field: "opt_out",
                    value: text.clone(),
                    message: m,
                })?;
                for c in more {
                    if !all.contains(&c) {
                        all.push(c);
                    }
                }
                Ok(all)
            });
        match opt_out.and_then(|opt_out| draft(index, input, opt_out, true)) {
            Ok(d) => drafts.push(d),
            Err(issue) => issues.push(issue),
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    finish(drafts, policy, model).map_err(|(index, field, value, message)| {
        vec![FieldIssue {
            index,
            field,
            value,
            message,
        }]
    })
}

/// Check one client's fields (all but its segment's channels).
fn draft(
    index: usize,
    input: &ClientInput,
    opt_out: Vec<Channel>,
    keep_input: bool,
) -> Result<Draft, FieldIssue> {
    let issue = |field, value: &Option<String>, message: String| FieldIssue {
        index,
        field,
        value: value.clone().unwrap_or_default(),
        message,
    };
    check_client_id(&input.client_id).map_err(|m| issue("client_id", &None, m))?;
    let (region, zone) = parse_place(input.uf.as_deref(), input.timezone.as_deref()).map_err(
        |(field, message)| match field {
            PlaceField::Uf => issue("uf", &input.uf, message),
            PlaceField::Timezone => issue("timezone", &input.timezone, message),
        },
    )?;
    let debt_since = match &input.debt_since {
        Some(text) => {
            Some(parse_date(text).map_err(|m| issue("debt_since", &input.debt_since, m))?)
        }
        None => None,
    };
    let signals = if input.segment.is_some() {
        None
    } else {
        Some(signals_of(input).map_err(|missing| {
            issue(
                "segment",
                &None,
                format!("required, or the five signals to assign one ({missing} is missing)"),
            )
        })?)
    };
    Ok(Draft {
        client: Client {
            id: input.client_id.clone(),
            region,
            zone,
            channels: Vec::new(),
            opt_out,
            debt_since,
        },
        segment: input.segment,
        signals,
        input: keep_input.then(|| input.clone()),
    })
}

/// The five signals of a client, when all are given.
pub(crate) fn signals_given(input: &ClientInput) -> Option<RiskSignals> {
    signals_of(input).ok()
}

fn signals_of(input: &ClientInput) -> Result<RiskSignals, &'static str> {
    Ok(RiskSignals {
        score_gravidade: input.score_gravidade.ok_or("score_gravidade")?,
        freq_atrasos: input.freq_atrasos.ok_or("freq_atrasos")?,
        razao_pagamento_6m: input.razao_pagamento_6m.ok_or("razao_pagamento_6m")?,
        taxa_uso_limite: input.taxa_uso_limite.ok_or("taxa_uso_limite")?,
        limite_credito: input.limite_credito.ok_or("limite_credito")?,
        inactive: false,
    })
}

/// Segment the drafts that need it (in one batch) and give each its policy's channels;
/// an error is `(index, field, value, message)`.
fn finish(
    mut drafts: Vec<Draft>,
    policy: &dyn CollectionPolicy,
    model: Option<&SegmentationModel>,
) -> Result<Vec<Resolved>, (usize, &'static str, String, String)> {
    let unsegmented: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].segment.is_none())
        .collect();
    if let Some(&first) = unsegmented.first() {
        let Some(model) = model else {
            return Err((
                first,
                "segment",
                String::new(),
                "required: no segmentation model is loaded".into(),
            ));
        };
        let signals: Vec<RiskSignals> = unsegmented
            .iter()
            .filter_map(|&i| drafts[i].signals)
            .collect();
        let assigned = model
            .assign(&signals)
            .map_err(|e| (first, "segment", String::new(), e.to_string()))?;
        for (&i, s) in unsegmented.iter().zip(assigned) {
            drafts[i].segment = u8::try_from(s).ok();
        }
    }
    drafts
        .into_iter()
        .enumerate()
        .map(|(index, d)| {
            let segment = d.segment.unwrap_or(u8::MAX);
            let mut client = d.client;
            client.channels = policy_channels(policy, segment)
                .map_err(|e| (index, "segment", segment.to_string(), e.to_string()))?;
            let input = d.input.map(|mut i| {
                i.segment = Some(segment);
                i
            });
            Ok(Resolved {
                client,
                segment,
                input,
            })
        })
        .collect()
}

/// The channels a segment's policy uses: its priority channel first, then every other channel
/// it allows (a preferred channel is used exactly when the segment allows it).
pub fn policy_channels(
    policy: &dyn CollectionPolicy,
    segment: u8,
) -> Result<Vec<Channel>, collection_policy::PolicyError> {
    let mut channels = vec![channel_of(policy.decide(segment, None)?.canal)];
    for canal in Canal::ALL {
        let used = policy.decide(segment, Some(canal))?.canal;
        if used == canal && !channels.contains(&channel_of(canal)) {
            channels.push(channel_of(canal));
        }
    }
    Ok(channels)
}

/// Read a client CSV (`client_id`, `segment` or the five signals, `uf` and/or `timezone`,
/// `opt_out`, `debt_since`); errors name the file, line, column and value.
pub fn read_clients<R: std::io::Read>(
    table: &mut CsvTable<R>,
    policy: &dyn CollectionPolicy,
    model: Option<&SegmentationModel>,
) -> Result<Vec<Client>, InputError> {
    Ok(read_resolved(table, policy, model, false)?
        .into_iter()
        .map(|r| r.client)
        .collect())
}

/// [`read_clients`], keeping each client's segment and (with `keep_inputs`) its fields,
/// including the message facts `nome`, `valor_em_aberto`, `dias_em_atraso`, `vencimento` and
/// `codigo_acordo` when the file has them.
pub fn read_resolved<R: std::io::Read>(
    table: &mut CsvTable<R>,
    policy: &dyn CollectionPolicy,
    model: Option<&SegmentationModel>,
    keep_inputs: bool,
) -> Result<Vec<Resolved>, InputError> {
    let id = table.require(&["client_id", "id"])?;
    let col = |name: &str| table.column(&[name]);
    let (segment, uf, timezone, opt_out, debt_since) = (
        table.column(&["segment", "cluster"]),
        col("uf"),
        col("timezone"),
        col("opt_out"),
        col("debt_since"),
    );
    let signal_cols: Vec<Option<usize>> =
        risk_features::SIGNAL_NAMES.iter().map(|n| col(n)).collect();
    let fact_cols: Vec<Option<usize>> = MESSAGE_FACTS.iter().map(|n| col(n)).collect();
    let mut drafts = Vec::new();
    // Each client's line, to name the cell of a segment found wrong after reading.
    let mut lines: Vec<u64> = Vec::new();
    let file = table.file().to_string();
    while let Some(row) = table.next_row()? {
        let number = |text: &str| {
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| "expected a number".to_string())
        };
        let mut input = ClientInput {
            client_id: row.parse_required(id, |s| Ok(s.to_string()))?,
            segment: row.parse(segment, |s| {
                s.parse::<u8>()
                    .map_err(|_| "expected a segment number".to_string())
            })?,
            uf: row.cell(uf).map(str::to_string),
            timezone: row.cell(timezone).map(str::to_string),
            debt_since: row.cell(debt_since).map(str::to_string),
            ..ClientInput::default()
        };
        let signals: Vec<Option<f64>> = signal_cols
            .iter()
            .map(|&c| row.parse(c, number))
            .collect::<Result<_, _>>()?;
        [
            &mut input.score_gravidade,
            &mut input.freq_atrasos,
            &mut input.razao_pagamento_6m,
            &mut input.taxa_uso_limite,
            &mut input.limite_credito,
        ]
        .into_iter()
        .zip(signals)
        .for_each(|(slot, v)| *slot = v);
        let opt_out_channels = row.parse(opt_out, parse_channels)?.unwrap_or_default();
        let column_of = |field: &str| match field {
            "uf" => uf,
            "timezone" => timezone,
            "debt_since" => debt_since,
            "client_id" => Some(id),
            "segment" => segment,
            signal => risk_features::SIGNAL_NAMES
                .iter()
                .position(|n| *n == signal)
                .and_then(|i| signal_cols[i]),
        };
        if keep_inputs {
            input.opt_out = row.cell(opt_out).map(str::to_string).into_iter().collect();
            input.nome = row.cell(fact_cols[0]).map(str::to_string);
            input.valor_em_aberto = row.parse(fact_cols[1], number)?;
            input.dias_em_atraso = row.parse(fact_cols[2], |s| {
                s.parse::<u32>()
                    .map_err(|_| "expected a whole number of days".to_string())
            })?;
            input.vencimento = row.cell(fact_cols[3]).map(str::to_string);
            input.codigo_acordo = row.cell(fact_cols[4]).map(str::to_string);
        }
        let d = draft(drafts.len(), &input, opt_out_channels, keep_inputs).map_err(|issue| {
            match column_of(issue.field) {
                Some(c) => row.bad(c, issue.message),
                None => InputError::BadValue {
                    file: file.clone(),
                    line: row.line(),
                    column: 0,
                    field: issue.field.to_string(),
                    value: String::new(),
                    message: format!("{} (no such column)", issue.message),
                },
            }
        })?;
        lines.push(row.line());
        drafts.push(d);
    }
    finish(drafts, policy, model).map_err(|(index, field, value, message)| InputError::BadValue {
        file,
        line: lines[index],
        column: segment.map_or(0, |c| c + 1),
        field: field.to_string(),
        value,
        message,
    })
}

/// Plan every client (in parallel chunks, in the clients' order).
pub fn plan_clients(
    planner: &dyn ContactPlanner,
    clients: &[Client],
    ledger: &Ledger,
    now: DateTime<Utc>,
) -> Vec<PlanLine> {
    clients
        .iter()
        .flat_map(|c| {
            planner
                .plan(c, ledger.of(&c.id), now)
                .into_iter()
                .map(|slot| PlanLine {
                    client_id: c.id.clone(),
                    channel: slot.channel,
                    allowed_at: slot
                        .allowed_at
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
                    reason: slot.reason.map(|r| r.as_str()),
                    rule: slot.rule.to_string(),
                })
        })
        .collect()
}

/// A chunk of clients planned and encoded: its JSON lines, each line's reason, the lines that
/// never open.
struct EncodedChunk {
    bytes: Vec<u8>,
    reasons: Vec<Option<&'static str>>,
    never: usize,
}

/// Plan every client and write JSON lines to `out`, planning chunks of clients on every core;
/// `progress` is told the clients done so far.
pub fn write_plan(
    planner: &dyn ContactPlanner,
    clients: &[Client],
    ledger: &Ledger,
    now: DateTime<Utc>,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> std::io::Result<PlanSummary> {
    use rayon::prelude::*;
    let mut summary = PlanSummary {
        clients: clients.len(),
        ..PlanSummary::default()
    };
    let mut counts = std::collections::BTreeMap::<&'static str, usize>::new();
    let mut done = 0;
    // Several chunks at a time: each is planned and encoded in parallel, written in order.
    for group in clients.chunks(CHUNK * 8) {
        let encoded: Vec<EncodedChunk> = group
            .par_chunks(CHUNK)
            .map(|chunk| {
                let lines = plan_clients(planner, chunk, ledger, now);
                let mut bytes = Vec::with_capacity(lines.len() * 120);
                let mut never = 0;
                for line in &lines {
                    never += usize::from(line.allowed_at.is_none());
                    // A PlanLine always serialises.
                    let _ = serde_json::to_writer(&mut bytes, line);
                    bytes.push(b'\n');
                }
                EncodedChunk {
                    bytes,
                    reasons: lines.iter().map(|l| l.reason).collect(),
                    never,
                }
            })
            .collect();
        for EncodedChunk {
            bytes,
            reasons,
            never,
        } in encoded
        {
            out.write_all(&bytes)?;
            summary.lines += reasons.len();
            summary.never += never;
            for r in reasons {
                match r {
                    None => summary.allowed_now += 1,
                    Some(r) => *counts.entry(r).or_default() += 1,
                }
            }
        }
        done += group.len();
        progress(done);
    }
    summary.reasons = counts
        .into_iter()
        .map(|(r, n)| (r.to_string(), n))
        .collect();
    summary.unknown_ledger_clients = unknown_ledger_clients(clients, ledger);
    Ok(summary)
}

/// Ledger clients that are not in `clients`, sorted.
fn unknown_ledger_clients(clients: &[Client], ledger: &Ledger) -> Vec<String> {
    let known: std::collections::HashSet<&str> = clients.iter().map(|c| c.id.as_str()).collect();
    let mut unknown: Vec<String> = ledger
        .attempts
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .cloned()
        .collect();
    unknown.sort();
    unknown
}

/// The summary of planned `lines` (as [`write_plan`] reports it).
pub fn summarise(clients: &[Client], ledger: &Ledger, lines: &[PlanLine]) -> PlanSummary {
    let mut counts = std::collections::BTreeMap::<&'static str, usize>::new();
    let mut summary = PlanSummary {
        clients: clients.len(),
        lines: lines.len(),
        ..PlanSummary::default()
    };
    for line in lines {
        summary.never += usize::from(line.allowed_at.is_none());
        match line.reason {
            None => summary.allowed_now += 1,
            Some(r) => *counts.entry(r).or_default() += 1,
        }
    }
    summary.reasons = counts
        .into_iter()
        .map(|(r, n)| (r.to_string(), n))
        .collect();
    summary.unknown_ledger_clients = unknown_ledger_clients(clients, ledger);
    summary
}
