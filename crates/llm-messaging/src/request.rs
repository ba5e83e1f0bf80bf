//! The `/gerar-mensagem` request (SPEC §4.5), its field-by-field validation, and the
//! validated input a [`crate::MessageGenerator`] works on.
//!
//! Extra fields (a customer id, a name...) are accepted and dropped here: they never reach the
//! prompt, the provider or the response.

use std::fmt;

use collection_policy::{Canal, FactError, MessageFacts};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Number of segments of the seed's policy (`cluster` 0..=3), used by
/// [`MessageRequest::validate`] and [`MessageRequest::from_json`]; a service with
/// another policy validates against its own count with the `_for` variants.
pub const DEFAULT_SEGMENT_COUNT: usize = 4;

fn cluster_range_message(segment_count: usize, got: impl fmt::Display) -> String {
    match segment_count.checked_sub(1) {
        Some(max) => format!("must be an integer in 0..={max}, got {got}"),
        None => format!("no segment is defined by the policy, got {got}"),
    }
}
/// Largest `score_gravidade`: six months, each at most 9 months late (6 × 9²).
pub const MAX_SCORE_GRAVIDADE: f64 = 486.0;
/// Largest `freq_atrasos`: six months observed.
pub const MAX_FREQ_ATRASOS: f64 = 6.0;
/// Largest `taxa_uso_limite` (the signal is clipped there, SPEC §4.1).
pub const MAX_TAXA_USO_LIMITE: f64 = 1.5;

/// Body of `POST /gerar-mensagem` as sent by a client.
///
/// Unknown fields are ignored by serde. Use [`MessageRequest::validate`] (or
/// [`MessageRequest::from_json`] for untyped JSON, which also names fields of the wrong type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageRequest {
    /// Severity of delays: sum of squared months late (0..=486).
    pub score_gravidade: f64,
    /// Number of late months in the last six (0..=6).
    pub freq_atrasos: f64,
    /// Share of the billed amount paid over six months (0..=1).
    pub razao_pagamento_6m: f64,
    /// Share of the credit limit in use (0..=1.5).
    pub taxa_uso_limite: f64,
    /// Credit limit (BRL, >= 0). Used for segmentation only; never sent to a provider.
    pub limite_credito: f64,
    /// Segment 0..=3; when absent the caller assigns one (e.g. with a segmentation model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<u8>,
    /// Preferred channel: `Email`, `WhatsApp`, `SMS` or `Telefone` (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canal_preferido: Option<String>,
    /// The client's first name, written into the message (never sent to a language model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nome: Option<String>,
    /// Amount overdue, in reais.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valor_em_aberto: Option<f64>,
    /// Days overdue today (0: nothing overdue today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dias_em_atraso: Option<u32>,
    /// Due date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vencimento: Option<String>,
    /// Agreement or payment code the client quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codigo_acordo: Option<String>,
}

/// The four behavioural signals plus the credit limit, validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    /// Severity of delays.
    pub score_gravidade: f64,
    /// Number of late months.
    pub freq_atrasos: f64,
    /// Share paid over six months.
    pub razao_pagamento_6m: f64,
    /// Share of the limit in use.
    pub taxa_uso_limite: f64,
    /// Credit limit (BRL).
    pub limite_credito: f64,
}

/// A request that passed validation; the segment may still be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedRequest {
    /// The signals.
    pub signals: Signals,
    /// Segment, if the client sent one.
    pub cluster: Option<u8>,
    /// Preferred channel, if any.
    pub canal_preferido: Option<Canal>,
    /// The facts the operator gave.
    pub facts: MessageFacts,
}

/// What a [`crate::MessageGenerator`] needs: signals, a segment and an optional channel.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageInput {
    /// The signals.
    pub signals: Signals,
    /// The customer's segment.
    pub segment: u8,
    /// Preferred channel, if any.
    pub canal_preferido: Option<Canal>,
    /// Facts the message may state (name, amount, days overdue, due date, agreement code).
    pub facts: MessageFacts,
}

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name, e.g. `taxa_uso_limite`.
    pub field: String,
    /// What is wrong, with the value.
    pub message: String,
}

/// Every invalid field of a request, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RequestError {
    /// The invalid fields, in the order of the contract.
    pub fields: Vec<FieldError>,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request: ")?;
        for (i, e) in self.fields.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

/// Highest accepted credit limit: R$ 10 billion (a plausibility bound, so no
/// finite value can overflow the segmentation's scaling).
pub const MAX_LIMITE_CREDITO: f64 = 10_000_000_000.0;

/// Every number of the request with its accepted range `0..=max`: the one
/// source for validation and for the OpenAPI schema.
pub const NUMBER_FIELDS: [(&str, f64); 5] = [
    ("score_gravidade", MAX_SCORE_GRAVIDADE),
    ("freq_atrasos", MAX_FREQ_ATRASOS),
    ("razao_pagamento_6m", 1.0),
    ("taxa_uso_limite", MAX_TAXA_USO_LIMITE),
    ("limite_credito", MAX_LIMITE_CREDITO),
];

fn check_number(field: &str, value: f64, max: f64, errors: &mut Vec<FieldError>) {
    let message = if !value.is_finite() {
        format!("must be a finite number, got {value}")
    } else if value < 0.0 {
        format!("must be >= 0, got {value}")
    } else if value > max {
        format!("must be <= {max}, got {value}")
    } else {
        return;
    };
    errors.push(FieldError {
        field: field.to_string(),
        message,
    });
}

impl MessageRequest {
    /// Check every field (finite numbers in range, cluster 0..=3, known channel).
    ///
    /// ```
    /// use llm_messaging::MessageRequest;
    ///
    /// let req: MessageRequest = serde_json::from_str(r#"{"score_gravidade": 5.6,
    ///     "freq_atrasos": 1.2, "razao_pagamento_6m": 0.08, "taxa_uso_limite": 0.74,
    ///     "limite_credito": 80000, "cluster": 2, "canal_preferido": "WhatsApp",
    ///     "customer_id": "CUST-1"}"#).unwrap();
    /// let input = req.validate().unwrap().into_input().unwrap();
    /// assert_eq!(input.segment, 2);
    ///
    /// let bad = MessageRequest { razao_pagamento_6m: 1.7, cluster: Some(9), ..req };
    /// let err = bad.validate().unwrap_err();
    /// let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    /// assert_eq!(fields, ["razao_pagamento_6m", "cluster"]);
    /// ```
    pub fn validate(&self) -> Result<ValidatedRequest, RequestError> {
        self.validate_for(DEFAULT_SEGMENT_COUNT)
    }

    /// [`validate`](Self::validate) against a policy with `segment_count`
    /// segments (`cluster` in `0..segment_count`).
    pub fn validate_for(&self, segment_count: usize) -> Result<ValidatedRequest, RequestError> {
        let mut errors = Vec::new();
        let values = [
            self.score_gravidade,
            self.freq_atrasos,
            self.razao_pagamento_6m,
            self.taxa_uso_limite,
            self.limite_credito,
        ];
        for ((field, max), value) in NUMBER_FIELDS.iter().zip(values) {
            check_number(field, value, *max, &mut errors);
        }
        if let Some(c) = self.cluster {
            if usize::from(c) >= segment_count {
                errors.push(FieldError {
                    field: "cluster".into(),
                    message: cluster_range_message(segment_count, c),
                });
            }
        }
        let canal = match self.canal_preferido.as_deref().map(str::parse::<Canal>) {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                errors.push(FieldError {
                    field: "canal_preferido".into(),
                    message: e.to_string(),
                });
                None
            }
        };
        let facts = self.facts(&mut errors);
        if !errors.is_empty() {
            return Err(RequestError { fields: errors });
        }
        Ok(ValidatedRequest {
            facts,
            signals: Signals {
                score_gravidade: self.score_gravidade,
                freq_atrasos: self.freq_atrasos,
                razao_pagamento_6m: self.razao_pagamento_6m,
                taxa_uso_limite: self.taxa_uso_limite,
                limite_credito: self.limite_credito,
            },
            cluster: self.cluster,
            canal_preferido: canal,
        })
    }

    /// The optional facts, validated; each bad one is a field error.
    fn facts(&self, errors: &mut Vec<FieldError>) -> MessageFacts {
        let mut facts = MessageFacts::default();
        let mut apply = |step: &dyn Fn(MessageFacts) -> Result<MessageFacts, FactError>| match step(
            facts.clone(),
        ) {
            Ok(f) => facts = f,
            Err(e) => errors.push(FieldError {
                field: e.field.to_string(),
                message: format!("must be {}, got {:?}", e.message, e.value),
            }),
        };
        if let Some(v) = &self.nome {
            apply(&|f| f.with_nome(v));
        }
        if let Some(v) = self.valor_em_aberto {
            apply(&|f| f.with_valor_em_aberto(v));
        }
        if let Some(v) = self.dias_em_atraso {
            apply(&|f| f.with_dias_em_atraso(v));
        }
        if let Some(v) = &self.vencimento {
            apply(&|f| f.with_vencimento(v));
        }
        if let Some(v) = &self.codigo_acordo {
            apply(&|f| f.with_codigo_acordo(v));
        }
        facts
    }

    /// Validate an untyped JSON body, naming every missing or mistyped field as well.
    ///
    /// ```
    /// use llm_messaging::MessageRequest;
    ///
    /// let body = serde_json::json!({"score_gravidade": "high", "freq_atrasos": 1,
    ///     "razao_pagamento_6m": 0.5, "taxa_uso_limite": 0.2, "cluster": 1.5});
    /// let err = MessageRequest::from_json(&body).unwrap_err();
    /// let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    /// assert_eq!(fields, ["score_gravidade", "limite_credito", "cluster"]);
    /// ```
    pub fn from_json(body: &Value) -> Result<ValidatedRequest, RequestError> {
        Self::from_json_for(body, DEFAULT_SEGMENT_COUNT)
    }

    /// [`from_json`](Self::from_json) against a policy with `segment_count` segments.
    pub fn from_json_for(
        body: &Value,
        segment_count: usize,
    ) -> Result<ValidatedRequest, RequestError> {
        let Some(obj) = body.as_object() else {
            return Err(RequestError {
                fields: vec![FieldError {
                    field: "(body)".into(),
                    message: "must be a JSON object".into(),
                }],
            });
        };
        let mut errors = Vec::new();
        let mut numbers = [0.0; 5];
        for (slot, (field, _)) in numbers.iter_mut().zip(NUMBER_FIELDS) {
            match obj.get(field) {
                None | Some(Value::Null) => errors.push(FieldError {
                    field: field.into(),
                    message: "is required".into(),
                }),
                Some(Value::Number(n)) => match n.as_f64() {
                    Some(v) => *slot = v,
                    None => errors.push(FieldError {
                        field: field.into(),
                        message: format!("must be a finite number, got {n}"),
                    }),
                },
                Some(other) => errors.push(FieldError {
                    field: field.into(),
                    message: format!("must be a number, got {}", kind(other)),
                }),
            }
        }
        let cluster = match obj.get("cluster") {
            None | Some(Value::Null) => None,
            // 3.0 is the integer 3 (as in JSON Schema); 3.5 is not an integer.
            Some(Value::Number(n)) => match n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && (0.0..=255.0).contains(f))
                        .map(|f| f as u64)
                })
                .and_then(|c| u8::try_from(c).ok())
            {
                Some(c) => Some(c),
                None => {
                    errors.push(FieldError {
                        field: "cluster".into(),
                        message: cluster_range_message(segment_count, n),
                    });
                    None
                }
            },
            Some(other) => {
                errors.push(FieldError {
                    field: "cluster".into(),
                    message: cluster_range_message(segment_count, kind(other)),
                });
                None
            }
        };
        let canal_preferido = match obj.get("canal_preferido") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                errors.push(FieldError {
                    field: "canal_preferido".into(),
                    message: format!("must be a string, got {}", kind(other)),
                });
                None
            }
        };
        let mut text = |field: &str| match obj.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                errors.push(FieldError {
                    field: field.into(),
                    message: format!("must be a string, got {}", kind(other)),
                });
                None
            }
        };
        let (nome, vencimento, codigo_acordo) =
            (text("nome"), text("vencimento"), text("codigo_acordo"));
        let valor_em_aberto = match obj.get("valor_em_aberto") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                errors.push(FieldError {
                    field: "valor_em_aberto".into(),
                    message: format!("must be a number, got {}", kind(other)),
                });
                None
            }
        };
        let dias_em_atraso = match obj.get("dias_em_atraso") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|d| d.fract() == 0.0 && *d >= 0.0 && *d <= f64::from(u32::MAX))
                        .map(|d| d as u64)
                })
                .and_then(|d| u32::try_from(d).ok())
            {
                Some(d) => Some(d),
                None => {
                    errors.push(FieldError {
                        field: "dias_em_atraso".into(),
                        message: format!("must be a whole number of days >= 0, got {n}"),
                    });
                    None
                }
            },
            Some(other) => {
                errors.push(FieldError {
                    field: "dias_em_atraso".into(),
                    message: format!("must be a number, got {}", kind(other)),
                });
                None
            }
        };
        let typed = MessageRequest {
            score_gravidade: numbers[0],
            freq_atrasos: numbers[1],
            razao_pagamento_6m: numbers[2],
            taxa_uso_limite: numbers[3],
            limite_credito: numbers[4],
            cluster,
            canal_preferido,
            nome,
            valor_em_aberto,
            dias_em_atraso,
            vencimento,
            codigo_acordo,
        };
        match typed.validate_for(segment_count) {
            Ok(valid) if errors.is_empty() => Ok(valid),
            Ok(_) => Err(RequestError { fields: errors }),
            Err(more) => {
                for e in more.fields {
                    if !errors.iter().any(|x| x.field == e.field) {
                        errors.push(e);
                    }
                }
                let order = |f: &str| {
                    NUMBER_FIELDS
                        .iter()
                        .map(|(n, _)| *n)
                        .chain(["cluster", "canal_preferido"])
                        .chain(collection_policy::FACT_NAMES)
                        .position(|n| n == f)
                        .unwrap_or(usize::MAX)
                };
                errors.sort_by_key(|e| order(&e.field));
                Err(RequestError { fields: errors })
            }
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl ValidatedRequest {
    /// The generator input, using the request's own segment; an error naming `cluster` when
    /// the request has none (the caller should then use [`ValidatedRequest::with_cluster`]).
    pub fn into_input(self) -> Result<MessageInput, RequestError> {
        match self.cluster {
            Some(segment) => Ok(self.with_cluster(segment)),
            None => Err(RequestError {
                fields: vec![FieldError {
                    field: "cluster".into(),
                    message: "is required here (no segmentation model to assign one)".into(),
                }],
            }),
        }
    }

    /// The generator input with `segment` (e.g. assigned by a segmentation model).
    pub fn with_cluster(self, segment: u8) -> MessageInput {
        MessageInput {
            signals: self.signals,
            segment,
            canal_preferido: self.canal_preferido,
            facts: self.facts,
        }
    }
}
