//! What the collection policy does with each client of a segmented portfolio, and what each
//! segment holds: defaulters, exposure (sum of the current bills), client states, the policy
//! row and the roll rates of its repayment histories.

use std::collections::BTreeMap;

use collection_policy::{Canal, ClientState, CollectionPolicy, PolicyDecision, StateInput};
use risk_features::{RiskSignals, RollRates};
use serde::Serialize;

use super::super::CliError;

/// The part of one client's history the portfolio view needs beyond the signals.
#[derive(Debug, Clone, Copy)]
pub struct HistoryFacts {
    /// Repayment status per month, most recent first.
    pub pay_status: [i32; 6],
    /// The current bill (`BILL_AMT1`).
    pub current_bill: f64,
    /// Defaulted next month, when the file says.
    pub defaulted: Option<bool>,
}

/// What the policy does with one client.
#[derive(Debug, Clone)]
pub struct ClientAction {
    /// State read from the client's own history.
    pub state: ClientState,
    /// The policy's decision for the client's segment and state (`None`: the policy has a
    /// different number of segments than the model).
    pub decision: Option<PolicyDecision>,
}

/// The policy row a segment's clients get (in their most common state).
#[derive(Debug, Clone, Serialize)]
pub struct PolicyRow {
    /// Collection objective.
    pub objetivo: String,
    /// Channel.
    pub canal: Canal,
    /// Tone.
    pub tom: String,
    /// Recommended action.
    pub acao_recomendada: String,
    /// Whether the segment goes to a human agent.
    pub atendimento_humano: bool,
}

/// One segment of the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentDetail {
    /// Segment number.
    pub segment: usize,
    /// Profile name.
    pub perfil_risco: String,
    /// Clients in the segment.
    pub clients: u64,
    /// Clients who defaulted next month (`None` without labels).
    pub defaulters: Option<u64>,
    /// Sum of the current bills, in reais.
    pub exposure: f64,
    /// Clients per state (state code -> count).
    pub states: BTreeMap<&'static str, u64>,
    /// Clients handled as a higher segment than assigned (a state floor).
    pub lifted: u64,
    /// The policy row of the segment itself (`None` when the policy does not fit the model).
    pub policy: Option<PolicyRow>,
    /// Month-to-month roll rates of the segment's histories.
    pub roll_rates: RollRates,
}

/// The whole portfolio as the policy sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioView {
    /// Version of the collection policy.
    pub policy_version: String,
    /// Whether the policy's segments match the model's (policy columns filled).
    pub policy_applies: bool,
    /// Per segment.
    pub segments: Vec<SegmentDetail>,
    /// Roll rates of every client.
    pub roll_rates: RollRates,
    /// Sum of the current bills of every client.
    pub exposure: f64,
    /// Clients per state.
    pub states: BTreeMap<&'static str, u64>,
}

/// The state of a client from its signals (days overdue today are not in a UCI file).
pub fn state_of(policy: &dyn CollectionPolicy, signals: &RiskSignals) -> ClientState {
    policy.state_rules().classify(&StateInput {
        score_gravidade: signals.score_gravidade,
        freq_atrasos: signals.freq_atrasos,
        razao_pagamento_6m: signals.razao_pagamento_6m,
        taxa_uso_limite: signals.taxa_uso_limite,
        dias_em_atraso: None,
    })
}

/// Decide every client and summarise the segments.
pub fn build(
    policy: &dyn CollectionPolicy,
    k: usize,
    perfis: &[String],
    signals: &[RiskSignals],
    histories: &[HistoryFacts],
    segments: &[usize],
) -> Result<(Vec<ClientAction>, PortfolioView), CliError> {
    let applies = policy.segment_count() == k;
    let mut actions = Vec::with_capacity(signals.len());
    let mut details: Vec<SegmentDetail> = (0..k)
        .map(|segment| -> Result<SegmentDetail, CliError> {
            let policy_row = if applies {
                let d = policy.decide(segment_u8(segment)?, None)?;
                Some(PolicyRow {
                    objetivo: d.objetivo,
                    canal: d.canal,
                    tom: d.tom,
                    acao_recomendada: d.acao_recomendada,
                    atendimento_humano: d.human_escalation,
                })
            } else {
                None
            };
            Ok(SegmentDetail {
                segment,
                perfil_risco: perfis.get(segment).cloned().unwrap_or_default(),
                clients: 0,
                defaulters: None,
                exposure: 0.0,
                states: ClientState::ALL.iter().map(|s| (s.code(), 0)).collect(),
                lifted: 0,
                policy: policy_row,
                roll_rates: RollRates::default(),
            })
        })
        .collect::<Result<_, _>>()?;
    for ((s, h), &segment) in signals.iter().zip(histories).zip(segments) {
        let state = state_of(policy, s);
        let decision = if applies {
            Some(policy.decide_for_state(segment_u8(segment)?, state, None)?)
        } else {
            None
        };
        if let Some(detail) = details.get_mut(segment) {
            detail.clients += 1;
            if let Some(d) = h.defaulted {
                *detail.defaulters.get_or_insert(0) += u64::from(d);
            }
            detail.exposure += h.current_bill;
            *detail.states.entry(state.code()).or_insert(0) += 1;
            if decision
                .as_ref()
                .is_some_and(|d| usize::from(d.segment) > segment)
            {
                detail.lifted += 1;
            }
            detail.roll_rates.add(&h.pay_status);
        }
        actions.push(ClientAction { state, decision });
    }
    let mut roll_rates = RollRates::default();
    let mut states: BTreeMap<&'static str, u64> = BTreeMap::new();
    for d in &details {
        roll_rates.merge(&d.roll_rates);
        for (code, n) in &d.states {
            *states.entry(code).or_insert(0) += n;
        }
    }
    let view = PortfolioView {
        policy_version: policy.version().to_string(),
        policy_applies: applies,
        exposure: details.iter().map(|d| d.exposure).sum(),
        segments: details,
        roll_rates,
        states,
    };
    Ok((actions, view))
}

fn segment_u8(segment: usize) -> Result<u8, CliError> {
    u8::try_from(segment).map_err(|_| CliError(format!("segment {segment} exceeds 255")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use collection_policy::PolicyTable;

    fn signals(freq: f64, severity: f64) -> RiskSignals {
        RiskSignals {
            score_gravidade: severity,
            freq_atrasos: freq,
            razao_pagamento_6m: 0.5,
            taxa_uso_limite: 0.5,
            limite_credito: 10_000.0,
            inactive: false,
        }
    }

    #[test]
    fn segments_sum_their_clients_and_severe_clients_are_lifted() {
        let policy = PolicyTable::seed();
        let perfis: Vec<String> = (0..4).map(|i| format!("P{i}")).collect();
        let s = [signals(0.0, 0.0), signals(5.0, 20.0), signals(1.0, 1.0)];
        let h = [
            HistoryFacts {
                pay_status: [0; 6],
                current_bill: 100.0,
                defaulted: Some(false),
            },
            HistoryFacts {
                pay_status: [2, 2, 2, 2, 2, 0],
                current_bill: 250.5,
                defaulted: Some(true),
            },
            HistoryFacts {
                pay_status: [1, 0, 0, 0, 0, 0],
                current_bill: -10.0,
                defaulted: Some(true),
            },
        ];
        let (actions, view) = build(&policy, 4, &perfis, &s, &h, &[0, 0, 2]).unwrap();
        assert_eq!(actions[1].state, ClientState::Grave);
        assert_eq!(actions[1].decision.as_ref().unwrap().segment, 3);
        assert_eq!(view.segments[0].clients, 2);
        assert_eq!(view.segments[0].defaulters, Some(1));
        assert_eq!(view.segments[0].lifted, 1);
        assert!((view.segments[0].exposure - 350.5).abs() < 1e-9);
        assert!((view.exposure - 340.5).abs() < 1e-9);
        assert_eq!(view.segments[2].states["atraso_pontual"], 1);
        assert_eq!(view.roll_rates.transitions(), 15);
        assert!(view.segments[3].policy.as_ref().unwrap().atendimento_humano);
    }
}
