//! A client's collection **state**, read from their own six-month history, and the rules that
//! bind what a segment's treatment may do to a client in that state.
//!
//! The segment says how a client's behaviour compares with the portfolio; the state says what is
//! true of this client now. The policy combines both: a client with no late month is never told
//! that something is overdue nor offered an agreement, whatever segment they fall in; a client
//! late in three or more months is never handled as the lowest risk; a severe client is always
//! handled as the highest risk, by a human. The thresholds and the treatment of each state are
//! policy data (`[estados]` in the policy TOML); the defaults below are used when a policy file
//! has no such section.
//!
//! ```
//! use collection_policy::{ClientState, StateInput, StateRules};
//!
//! let rules = StateRules::default();
//! let never_late = StateInput { score_gravidade: 0.0, freq_atrasos: 0.0,
//!     razao_pagamento_6m: 0.9, taxa_uso_limite: 0.02, dias_em_atraso: None };
//! assert_eq!(rules.classify(&never_late), ClientState::EmDia);
//! let late_now = StateInput { dias_em_atraso: Some(12), ..never_late };
//! assert_eq!(rules.classify(&late_now), ClientState::AtrasoPontual);
//! let severe = StateInput { score_gravidade: 20.0, freq_atrasos: 4.0, ..never_late };
//! assert_eq!(rules.classify(&severe), ClientState::Grave);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// What is true of one client's repayment history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientState {
    /// No late month in six and nothing overdue today.
    EmDia,
    /// No late month, no use of the limit and nothing billed: nothing to collect.
    Inativo,
    /// Late in one or two months (unless the operator says nothing is overdue today,
    /// `dias_em_atraso = 0`), or overdue today (`dias_em_atraso > 0`).
    AtrasoPontual,
    /// Late in `recorrente_meses` (default 3) or more of the six months.
    Recorrente,
    /// Late in `grave_meses` (default 4) or more months, or severity ≥ `grave_gravidade`.
    Grave,
}

impl ClientState {
    /// Every state, from the mildest to the most severe.
    pub const ALL: [ClientState; 5] = [
        ClientState::EmDia,
        ClientState::Inativo,
        ClientState::AtrasoPontual,
        ClientState::Recorrente,
        ClientState::Grave,
    ];

    /// The state's name as written in policy files and responses (`em_dia`, ...).
    pub fn code(self) -> &'static str {
        match self {
            ClientState::EmDia => "em_dia",
            ClientState::Inativo => "inativo",
            ClientState::AtrasoPontual => "atraso_pontual",
            ClientState::Recorrente => "recorrente",
            ClientState::Grave => "grave",
        }
    }

    /// The state named `code` (`em_dia`, `inativo`, `atraso_pontual`, `recorrente`, `grave`).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// A pt-BR label for reports.
    pub fn label(self) -> &'static str {
        match self {
            ClientState::EmDia => "Em dia",
            ClientState::Inativo => "Inativo",
            ClientState::AtrasoPontual => "Atraso pontual",
            ClientState::Recorrente => "Atraso recorrente",
            ClientState::Grave => "Atraso grave",
        }
    }

    /// Whether there is anything overdue to speak of: false for [`EmDia`](Self::EmDia) and
    /// [`Inativo`](Self::Inativo), whose messages may not claim a debt or offer an agreement.
    pub fn has_overdue(self) -> bool {
        !matches!(self, ClientState::EmDia | ClientState::Inativo)
    }
}

impl fmt::Display for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The facts a state is read from: the client's signals and, when the operator knows it, the
/// number of days overdue today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StateInput {
    /// Sum of squared positive repayment statuses.
    pub score_gravidade: f64,
    /// Late months in six.
    pub freq_atrasos: f64,
    /// Paid over billed in six months, in `[0, 1]`.
    pub razao_pagamento_6m: f64,
    /// Current bill over limit.
    pub taxa_uso_limite: f64,
    /// Days overdue today, if known.
    pub dias_em_atraso: Option<u32>,
}

/// What the policy does with a client in one state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateTreatment {
    /// The lowest segment a client in this state is handled as (`None`: the assigned one).
    pub piso: Option<u8>,
    /// The segment whose treatment (objective, tone, action, channels, instruction, template)
    /// applies instead of the handled segment's (`None`: the handled segment's own).
    pub tratamento: Option<u8>,
}

/// Thresholds that read a state from the signals, and the treatment of each state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateRules {
    /// Late months from which a client is [`ClientState::Recorrente`].
    pub recorrente_meses: f64,
    /// Late months from which a client is [`ClientState::Grave`].
    pub grave_meses: f64,
    /// Severity (`score_gravidade`) from which a client is [`ClientState::Grave`]
    /// (16: one month four or more statuses late, or two months at three).
    pub grave_gravidade: f64,
    /// Treatment per state, in [`ClientState::ALL`] order.
    pub treatments: [StateTreatment; 5],
}

impl Default for StateRules {
    /// Recurrent from 3 late months, severe from 4 or severity 16; never-late and inactive
    /// clients get segment 0's preventive treatment; recurrent clients are handled as at least
    /// segment 1. Severe clients are always handled as the highest segment ([`Self::floor`]).
    fn default() -> Self {
        let keep = StateTreatment {
            piso: None,
            tratamento: None,
        };
        let preventive = StateTreatment {
            piso: None,
            tratamento: Some(0),
        };
        StateRules {
            recorrente_meses: 3.0,
            grave_meses: 4.0,
            grave_gravidade: 16.0,
            treatments: [
                preventive,
                preventive,
                keep,
                StateTreatment {
                    piso: Some(1),
                    tratamento: None,
                },
                keep,
            ],
        }
    }
}

impl StateRules {
    /// The state of one client.
    pub fn classify(&self, input: &StateInput) -> ClientState {
        let freq = input.freq_atrasos;
        if freq >= self.grave_meses || input.score_gravidade >= self.grave_gravidade {
            ClientState::Grave
        } else if freq >= self.recorrente_meses {
            ClientState::Recorrente
        } else if input.dias_em_atraso.is_some_and(|d| d > 0)
            || (freq > 0.0 && input.dias_em_atraso != Some(0))
        {
            ClientState::AtrasoPontual
        } else if input.taxa_uso_limite <= 0.0 && input.razao_pagamento_6m >= 1.0 {
            ClientState::Inativo
        } else {
            ClientState::EmDia
        }
    }

    /// The treatment configured for `state`.
    pub fn treatment(&self, state: ClientState) -> StateTreatment {
        self.treatments[state as usize]
    }

    /// The segment a client of `state` assigned to `segment` is handled as, in a policy of
    /// `k` segments: at least the state's floor, and the highest segment for
    /// [`ClientState::Grave`].
    pub fn floor(&self, state: ClientState, segment: u8, k: usize) -> u8 {
        let top = u8::try_from(k.saturating_sub(1)).unwrap_or(u8::MAX);
        if state == ClientState::Grave {
            return top;
        }
        let floor = self.treatment(state).piso.unwrap_or(0).min(top);
        segment.max(floor)
    }
}
