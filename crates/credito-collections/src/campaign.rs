//! Collection campaigns for every front end (`credito campaign …`, `credito outcomes
//! import`, `/api/collections/campaigns`, `/api/collections/outcomes`): create one (assign
//! the clients, plan the send queue, store it all), send what is due through a
//! [`Sender`], import outcomes into the contact ledger, and report the effect.
//!
//! The contact ledger lives in the store: outcomes imported from any source, and every
//! contact a campaign sends (as an attempt with outcome `no_answer` until its outcome is
//! imported), so the planner's caps and cool-offs see them all.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use collection_campaigns::assign::{assign, AssignError, Assignee, HOLDOUT};
use collection_campaigns::queue::plan_queue;
use collection_campaigns::report::{report, CampaignReport, ReportMember};
use collection_campaigns::send::{Delivery, SendError, Sender};
use collection_campaigns::spec::CampaignSpec;
use collection_policy::{Canal, CollectionPolicy};
use contact_planner::input::{parse_date, Ledger};
use contact_planner::{Attempt, Channel, ContactPlanner, Outcome};
use decision_store::{
    CampaignStore, LedgerFilter, Member, NewCampaign, NewOutcome, QueueItem, SendReport, SendState,
    StoreError,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::plan::{resolve_inputs, ClientInput, Resolved};
use crate::service::MessageService;

/// Why a campaign operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// The store refused or is unavailable.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The clients cannot be assigned.
    #[error(transparent)]
    Assign(#[from] AssignError),
    /// A parameter is wrong.
    #[error("{field}: {message}")]
    Invalid {
        /// The parameter.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// What a new campaign is.
#[derive(Debug, Clone)]
pub struct CampaignRequest {
    /// Its name.
    pub name: String,
    /// The assignment seed.
    pub seed: u64,
    /// The share of each segment held out.
    pub holdout: f64,
    /// Its variants.
    pub spec: CampaignSpec,
    /// The instant its queue is planned from (and its outcomes counted from).
    pub now: DateTime<Utc>,
}

/// What creating a campaign did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignCreated {
    /// The campaign.
    pub name: String,
    /// When it starts.
    pub created_at: String,
    /// The rule pack its queue was planned under (`id version`).
    pub rules: String,
    /// Members.
    pub members: usize,
    /// Members per group.
    pub groups: BTreeMap<String, usize>,
    /// Contacts queued.
    pub queued: usize,
    /// The earliest queued instant (UTC).
    pub first_send_at: Option<String>,
    /// Contacted-group clients no channel will ever open for, per reason.
    pub unreachable: BTreeMap<String, usize>,
    /// Contacted-group clients without the five signals (their messages cannot be written).
    pub without_signals: usize,
}

/// An instant as the ledger stores it: UTC, whole seconds.
pub fn ledger_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The ledger row of an attempt.
pub fn outcome_row(
    client_id: &str,
    attempt: &Attempt,
    campaign: Option<&str>,
    source: &str,
) -> NewOutcome {
    NewOutcome {
        client_id: client_id.to_string(),
        channel: attempt.channel.as_str().to_string(),
        at: ledger_instant(attempt.at),
        outcome: attempt.outcome.as_str().to_string(),
        promised_date: attempt.promised_date.map(|d| d.to_string()),
        amount: attempt.amount,
        campaign: campaign.map(str::to_string),
        source: source.to_string(),
    }
}

/// The planner's ledger from the store's (of a campaign's members, or of everyone).
pub async fn store_ledger(
    store: &dyn CampaignStore,
    campaign: Option<String>,
) -> Result<Ledger, CampaignError> {
    ledger_from(
        store,
        campaign.map_or(LedgerFilter::All, LedgerFilter::Members),
    )
    .await
}

/// The planner's ledger of these clients from the store's.
pub async fn store_ledger_of(
    store: &dyn CampaignStore,
    clients: Vec<String>,
) -> Result<Ledger, CampaignError> {
    ledger_from(store, LedgerFilter::Clients(clients)).await
}

async fn ledger_from(
    store: &dyn CampaignStore,
    filter: LedgerFilter,
) -> Result<Ledger, CampaignError> {
    let mut ledger = Ledger::default();
    for row in store.outcomes(filter).await? {
        let o = row.outcome;
        let corrupt = |what: &str, value: &str| {
            StoreError::Corrupt(format!("contact_outcomes.{what} {value:?}"))
        };
        let attempt = Attempt {
            channel: o
                .channel
                .parse::<Channel>()
                .map_err(|_| corrupt("channel", &o.channel))?,
            at: o
                .at
                .parse::<DateTime<Utc>>()
                .map_err(|_| corrupt("at", &o.at))?,
            outcome: o
                .outcome
                .parse::<Outcome>()
                .map_err(|_| corrupt("outcome", &o.outcome))?,
            promised_date: match &o.promised_date {
                Some(d) => Some(parse_date(d).map_err(|_| corrupt("promised_date", d))?),
                None => None,
            },
            amount: o.amount,
        };
        ledger.push(&o.client_id, attempt);
    }
    Ok(ledger)
}

/// Assign `clients` (each with its input kept), plan the queue of the contacted groups under
/// `planner` with the store's ledger, and store the campaign.
pub async fn create_campaign(
    store: &dyn CampaignStore,
    planner: &dyn ContactPlanner,
    rules: &str,
    request: CampaignRequest,
    clients: Vec<Resolved>,
) -> Result<CampaignCreated, CampaignError> {
    if clients.is_empty() {
        return Err(CampaignError::Invalid {
            field: "clients",
            message: "a campaign needs at least one client".into(),
        });
    }
    let assignees: Vec<Assignee> = clients
        .iter()
        .map(|r| Assignee {
            client_id: r.client.id.clone(),
            segment: r.segment,
        })
        .collect();
    let groups = assign(
        &request.name,
        request.seed,
        request.holdout,
        request.spec.variants.len(),
        &assignees,
    )?;
    let ledger = store_ledger(store, None).await?;
    let planned: Vec<contact_planner::Client> = clients.iter().map(|r| r.client.clone()).collect();
    let (queue, unreachable) = plan_queue(
        &request.name,
        planner,
        &planned,
        &groups,
        |id| ledger.of(id),
        request.now,
    );
    let mut created = CampaignCreated {
        name: request.name.clone(),
        created_at: ledger_instant(request.now),
        rules: rules.to_string(),
        members: clients.len(),
        groups: BTreeMap::new(),
        queued: queue.len(),
        first_send_at: queue.iter().map(|q| q.send_at_utc.clone()).min(),
        unreachable: BTreeMap::new(),
        without_signals: 0,
    };
    for u in &unreachable {
        *created.unreachable.entry(u.reason.to_string()).or_default() += 1;
    }
    let mut members = Vec::with_capacity(clients.len());
    for (r, group) in clients.iter().zip(&groups) {
        *created.groups.entry(group.clone()).or_default() += 1;
        let input = r.input.clone().unwrap_or_default();
        if group != HOLDOUT && crate::plan::signals_given(&input).is_none() {
            created.without_signals += 1;
        }
        members.push(Member {
            client_id: r.client.id.clone(),
            segment: r.segment,
            group: group.clone(),
            client: serde_json::to_value(&input).unwrap_or(Value::Null),
        });
    }
    let queue: Vec<QueueItem> = queue
        .into_iter()
        .map(|q| QueueItem {
            idempotency_key: q.idempotency_key,
            client_id: clients[q.index].client.id.clone(),
            channel: q.channel.to_string(),
            group: groups[q.index].clone(),
            send_at: q.send_at,
            send_at_utc: q.send_at_utc,
            state: SendState::Queued,
            attempts: 0,
            last_error: None,
            sent_at: None,
        })
        .collect();
    store
        .create_campaign(NewCampaign {
            name: request.name.clone(),
            created_at: created.created_at.clone(),
            seed: request.seed,
            holdout: request.holdout,
            rules: rules.to_string(),
            spec: serde_json::to_value(&request.spec).unwrap_or(Value::Null),
            members,
            queue,
        })
        .await?;
    Ok(created)
}

/// What importing outcomes did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomesImported {
    /// Rows read.
    pub rows: usize,
    /// New ledger rows.
    pub stored: u64,
    /// Rows already in the ledger.
    pub duplicates: u64,
    /// Clients with outcomes that the campaign (or, without one, every campaign) does not
    /// know: stored in the ledger all the same, and listed here (sorted).
    pub unknown_clients: Vec<String>,
}

/// Store a ledger's outcomes, reporting the clients `campaign` (every campaign when `None`)
/// does not know.
pub async fn import_outcomes(
    store: &dyn CampaignStore,
    campaign: Option<&str>,
    ledger: &Ledger,
    source: &str,
) -> Result<OutcomesImported, CampaignError> {
    if let Some(name) = campaign {
        if store.campaign(name).await?.is_none() {
            return Err(StoreError::CampaignNotFound { name: name.into() }.into());
        }
    }
    let known = store.member_ids(campaign.map(str::to_string)).await?;
    let mut rows = Vec::with_capacity(ledger.rows);
    let mut unknown = Vec::new();
    let mut ids: Vec<&String> = ledger.attempts.keys().collect();
    ids.sort();
    for id in ids {
        if !known.contains(id.as_str()) {
            unknown.push(id.clone());
        }
        for a in &ledger.attempts[id] {
            rows.push(outcome_row(id, a, campaign, source));
        }
    }
    let done = store.put_outcomes(rows).await?;
    Ok(OutcomesImported {
        rows: ledger.rows,
        stored: done.stored,
        duplicates: done.duplicates,
        unknown_clients: unknown,
    })
}

/// The report of a stored campaign.
pub async fn campaign_report(
    store: &dyn CampaignStore,
    name: &str,
) -> Result<CampaignReport, CampaignError> {
    let Some(campaign) = store.campaign(name).await? else {
        return Err(StoreError::CampaignNotFound { name: name.into() }.into());
    };
    let since: DateTime<Utc> = campaign.created_at.parse().map_err(|_| {
        StoreError::Corrupt(format!("campaigns.created_at {:?}", campaign.created_at))
    })?;
    let sent: std::collections::HashSet<String> = store
        .queue(name.to_string(), None, Some(SendState::Sent), u32::MAX)
        .await?
        .into_iter()
        .map(|q| q.client_id)
        .collect();
    let members: Vec<ReportMember> = store
        .members(name)
        .await?
        .into_iter()
        .map(|m| ReportMember {
            sent: sent.contains(&m.client_id),
            client_id: m.client_id,
            segment: m.segment,
            group: m.group,
        })
        .collect();
    let ledger = store_ledger(store, Some(name.to_string())).await?;
    Ok(report(name, since, &members, |id| ledger.of(id)))
}

/// What a send run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SendSummary {
    /// Due contacts looked at.
    pub due: usize,
    /// Taken by the gateway.
    pub sent: usize,
    /// Not allowed now any more; left queued for a later run.
    pub deferred: usize,
    /// Never allowed any more (paid, opted out, …): not sent.
    pub skipped: usize,
    /// Refused by the gateway, or no true message could be written.
    pub failed: usize,
    /// The gateway could not be reached; left queued.
    pub unavailable: usize,
}

/// Writes each variant's messages.
pub trait VariantWriters: Send + Sync {
    /// The message service of a variant.
    fn writer(&self, variant: &str) -> Option<&MessageService>;
}

impl VariantWriters for HashMap<String, Arc<MessageService>> {
    fn writer(&self, variant: &str) -> Option<&MessageService> {
        self.get(variant).map(|s| s.as_ref())
    }
}

fn canal_of(channel: &str) -> Option<Canal> {
    Some(match channel {
        "phone" => Canal::Telefone,
        "whatsapp" => Canal::WhatsApp,
        "sms" => Canal::Sms,
        "email" => Canal::Email,
        _ => return None,
    })
}

/// The `/gerar-mensagem` body for a member on a channel.
fn message_body(input: &ClientInput, segment: u8, channel: &str) -> Value {
    let mut body = json!({
        "cluster": segment,
        "score_gravidade": input.score_gravidade,
        "freq_atrasos": input.freq_atrasos,
        "razao_pagamento_6m": input.razao_pagamento_6m,
        "taxa_uso_limite": input.taxa_uso_limite,
        "limite_credito": input.limite_credito,
        "canal_preferido": canal_of(channel).map(|c| c.to_string()),
        "nome": input.nome,
        "valor_em_aberto": input.valor_em_aberto,
        "dias_em_atraso": input.dias_em_atraso,
        "vencimento": input.vencimento,
        "codigo_acordo": input.codigo_acordo,
    });
    if let Some(obj) = body.as_object_mut() {
        obj.retain(|_, v| !v.is_null());
    }
    body
}

/// Send the contacts of `name` due by `now` (at most `limit`): each is re-planned with the
/// current ledger first (a client who paid since is skipped), its message written by its
/// variant's writer, handed to `sender`, and the result stored.
#[allow(clippy::too_many_arguments)]
pub async fn send_due(
    store: &dyn CampaignStore,
    planner: &dyn ContactPlanner,
    policy: &dyn CollectionPolicy,
    writers: &dyn VariantWriters,
    sender: &dyn Sender,
    name: &str,
    now: DateTime<Utc>,
    limit: u32,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<SendSummary, CampaignError> {
    if store.campaign(name).await?.is_none() {
        return Err(StoreError::CampaignNotFound { name: name.into() }.into());
    }
    let due = store
        .queue(
            name.to_string(),
            Some(ledger_instant(now)),
            Some(SendState::Queued),
            limit,
        )
        .await?;
    let members: HashMap<String, Member> = store
        .members(name)
        .await?
        .into_iter()
        .map(|m| (m.client_id.clone(), m))
        .collect();
    let ledger = store_ledger(store, Some(name.to_string())).await?;
    let mut summary = SendSummary {
        due: due.len(),
        ..SendSummary::default()
    };
    for (done, item) in due.into_iter().enumerate() {
        progress(done);
        let report = |state, attempts, error: Option<String>, at: Option<String>| SendReport {
            idempotency_key: item.idempotency_key.clone(),
            state,
            attempts,
            error,
            at,
        };
        let Some(member) = members.get(&item.client_id) else {
            summary.failed += 1;
            store
                .record_send(report(
                    SendState::Failed,
                    0,
                    Some("not a member".into()),
                    None,
                ))
                .await?;
            continue;
        };
        let input: ClientInput = serde_json::from_value(member.client.clone()).map_err(|e| {
            StoreError::Corrupt(format!(
                "campaign_members.client_json of {}: {e}",
                item.client_id
            ))
        })?;
        let resolved = resolve_inputs(std::slice::from_ref(&input), policy, None).map_err(|i| {
            CampaignError::Invalid {
                field: "client",
                message: format!("{}: {}", item.client_id, i[0]),
            }
        })?;
        let channel: Channel = item
            .channel
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("send_queue.channel {:?}", item.channel)))?;
        let slot = planner.plan_channel(
            &resolved[0].client,
            ledger.of(&item.client_id),
            channel,
            now,
        );
        if slot.allowed_at.is_none() {
            summary.skipped += 1;
            let why = format!(
                "{} ({})",
                slot.reason.map_or("never", |r| r.as_str()),
                slot.rule
            );
            store
                .record_send(report(SendState::Skipped, 0, Some(why), None))
                .await?;
            continue;
        }
        if slot.reason.is_some() {
            summary.deferred += 1;
            continue;
        }
        let written = match writers.writer(&item.group) {
            None => Err(format!("variant {:?} has no writer", item.group)),
            Some(service) => service
                .handle(&message_body(&input, member.segment, &item.channel))
                .await
                .map_err(|e| format!("no true message could be written: {e}")),
        };
        let message = match written {
            Ok(m) => m,
            Err(error) => {
                summary.failed += 1;
                store
                    .record_send(report(SendState::Failed, 0, Some(error), None))
                    .await?;
                continue;
            }
        };
        let delivery = Delivery {
            idempotency_key: item.idempotency_key.clone(),
            campaign: name.to_string(),
            client_id: item.client_id.clone(),
            channel: item.channel.clone(),
            variant: item.group.clone(),
            segment: member.segment,
            send_at: item.send_at.clone(),
            message: message.response.mensagem.clone(),
            source: serde_json::to_value(message.response.fonte)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        };
        match sender.send(&delivery).await {
            Ok(sent) => {
                summary.sent += 1;
                let at = ledger_instant(now);
                store
                    .record_send(report(
                        SendState::Sent,
                        sent.attempts,
                        None,
                        Some(at.clone()),
                    ))
                    .await?;
                store
                    .put_outcomes(vec![NewOutcome {
                        client_id: item.client_id.clone(),
                        channel: item.channel.clone(),
                        at,
                        outcome: Outcome::NoAnswer.as_str().into(),
                        promised_date: None,
                        amount: None,
                        campaign: Some(name.to_string()),
                        source: format!("campaign:{name}"),
                    }])
                    .await?;
            }
            Err(e @ SendError::Rejected { .. }) => {
                summary.failed += 1;
                store
                    .record_send(report(
                        SendState::Failed,
                        e.attempts(),
                        Some(e.to_string()),
                        None,
                    ))
                    .await?;
            }
            Err(e) => {
                summary.unavailable += 1;
                store
                    .record_send(report(
                        SendState::Queued,
                        e.attempts(),
                        Some(e.to_string()),
                        None,
                    ))
                    .await?;
            }
        }
    }
    Ok(summary)
}
