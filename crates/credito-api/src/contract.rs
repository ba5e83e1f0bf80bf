//! The validation rules, written once in the stage crates, carried into the
//! OpenAPI document: ranges, enums, required fields, closed objects, every
//! status an operation can answer, and examples that succeed when sent as
//! they are. A third-party tester (schemathesis in CI) holds the service to
//! this document.

use credit_pipeline::request::rules::{Rule, RULES};
use credit_pipeline::request::{CreditRequest, CustomerProfile, ProductType};
use serde_json::{json, Map, Value};

/// The statuses every operation can answer besides its success, with why.
const COMMON_ERRORS: [(&str, &str); 4] = [
    (
        "401",
        "Missing or wrong bearer token (when the service runs with one)",
    ),
    ("404", "Unknown path"),
    ("405", "Method not allowed on this path"),
    ("408", "Request not completed within the request timeout"),
];

/// The statuses an operation with a JSON body can answer besides those.
const BODY_ERRORS: [(&str, &str); 4] = [
    ("400", "Malformed JSON"),
    ("413", "Body over the limit"),
    ("415", "Not `application/json`"),
    ("422", "Invalid values, every field named"),
];

/// Apply the rules to a serialised OpenAPI document; `segment_count` is the
/// loaded collection policy's number of segments, `products` the loaded
/// credit policy's product ids.
pub fn apply(doc: &mut Value, segment_count: usize, products: &[String]) {
    let schemas = &mut doc["components"]["schemas"];
    credit_request_rules(schemas, products);
    message_request_rules(schemas, segment_count);
    collections_rules(schemas, segment_count);
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            if let Some(ops) = item.as_object_mut() {
                for (method, op) in ops.iter_mut() {
                    document_errors(op, method == "post");
                }
            }
        }
    }
}

fn rule_keywords(rule: Rule) -> Map<String, Value> {
    let mut out = Map::new();
    match rule {
        Rule::Integer { min, max } => {
            out.insert("minimum".into(), json!(min));
            out.insert("maximum".into(), json!(max));
        }
        Rule::Number {
            min,
            min_exclusive,
            max,
        } => {
            let key = if min_exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            };
            out.insert(key.into(), json!(min));
            out.insert("maximum".into(), json!(max));
        }
    }
    out
}

fn merge(target: &mut Value, keywords: Map<String, Value>) {
    if let Some(obj) = target.as_object_mut() {
        obj.extend(keywords);
    }
}

fn credit_request_rules(schemas: &mut Value, products: &[String]) {
    for (path, rule) in RULES {
        let (schema, field) = match path.split_once('.') {
            Some((_, field)) => ("CustomerProfile", field),
            None => ("CreditRequest", path),
        };
        merge(
            &mut schemas[schema]["properties"][field],
            rule_keywords(rule),
        );
    }
    for schema in ["CustomerProfile", "CreditRequest"] {
        schemas[schema]["additionalProperties"] = json!(false);
    }
    schemas["CreditRequest"]["properties"]["product_type"] = json!({
        "type": "string",
        "enum": products,
        "description": "A product of the loaded credit policy (`GET /api/credit/products`).",
    });
    // Absent or null: generated (`REQ-<uuid>`).
    schemas["CreditRequest"]["properties"]["request_id"]["type"] = json!(["string", "null"]);
    // Absent or null: the default term.
    let installments = &mut schemas["CreditRequest"]["properties"]["requested_installments"];
    installments["type"] = json!(["integer", "null"]);
    installments["default"] = json!(credit_pipeline::request::DEFAULT_INSTALLMENTS);
    let example = CreditRequest {
        request_id: "REQ-EXAMPLE-1".into(),
        customer_profile: CustomerProfile::example("CUST-001"),
        product_type: products
            .first()
            .and_then(|p| ProductType::new(p.clone()).ok())
            .unwrap_or(ProductType::PERSONAL_LOAN),
        requested_amount: 15_000.0,
        requested_installments: 36,
        purpose: None,
    };
    let mut example = serde_json::to_value(example).unwrap_or(Value::Null);
    strip_nulls(&mut example);
    schemas["CreditRequest"]["example"] = example.clone();
    schemas["CustomerProfile"]["example"] = example["customer_profile"].take();
}

fn message_request_rules(schemas: &mut Value, segment_count: usize) {
    let schema = &mut schemas["MessageRequest"];
    for (field, max) in llm_messaging::NUMBER_FIELDS {
        let mut keywords = Map::new();
        keywords.insert("minimum".into(), json!(0));
        keywords.insert("maximum".into(), json!(max));
        merge(&mut schema["properties"][field], keywords);
    }
    let max_cluster = segment_count.saturating_sub(1);
    schema["properties"]["cluster"] = json!({
        "type": ["integer", "null"],
        "minimum": 0,
        "maximum": max_cluster,
        "description": format!(
            "Segment 0..={max_cluster} of the loaded collection policy; when absent or null \
             the service assigns one with its segmentation model."
        ),
    });
    let channels: Vec<&str> = collection_policy::Canal::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    schema["properties"]["canal_preferido"] = json!({
        "type": ["string", "null"],
        "enum": channels.iter().map(|c| json!(c)).chain([Value::Null]).collect::<Vec<_>>(),
        "description": "Preferred channel (case-insensitive when sent).",
    });
    fact_rules(&mut schema["properties"]);
    schema["example"] = json!({
        "score_gravidade": 5.0, "freq_atrasos": 2, "razao_pagamento_6m": 0.35,
        "taxa_uso_limite": 0.74, "limite_credito": 80000, "cluster": 1,
        "canal_preferido": "WhatsApp", "nome": "Ana", "valor_em_aberto": 356.9,
        "dias_em_atraso": 12, "vencimento": "2026-12-10", "codigo_acordo": "AC-2026-77"
    });
}

/// The client facts, described exactly as `collection_policy::MessageFacts` accepts them.
fn fact_rules(properties: &mut Value) {
    use collection_policy as cp;
    let facts = [
        (
            "nome",
            json!({"type": ["string", "null"], "maxLength": cp::MAX_NAME_CHARS,
            "pattern": cp::name_pattern(),
            "description": "The client's first name (one or two words), written into the \
                message and never sent to a language model."}),
        ),
        (
            "valor_em_aberto",
            json!({"type": ["number", "null"], "exclusiveMinimum": 0,
            "exclusiveMaximum": cp::MAX_AMOUNT,
            "description": "Amount overdue in reais, written as R$ 1.234,56."}),
        ),
        (
            "dias_em_atraso",
            json!({"type": ["integer", "null"], "minimum": 0,
            "maximum": cp::MAX_DAYS_OVERDUE,
            "description": "Days overdue today (0: nothing overdue today)."}),
        ),
        (
            "vencimento",
            json!({"type": ["string", "null"], "format": "date",
            "description": "Due date, YYYY-MM-DD, written as DD/MM/YYYY."}),
        ),
        (
            "codigo_acordo",
            json!({"type": ["string", "null"], "minLength": 1,
            "maxLength": cp::MAX_AGREEMENT_CODE_CHARS, "pattern": cp::AGREEMENT_CODE_PATTERN,
            "description": "Agreement or payment code the client quotes."}),
        ),
    ];
    for (name, schema) in facts {
        properties[name] = schema;
    }
}

fn document_errors(op: &mut Value, has_body: bool) {
    let Some(responses) = op["responses"].as_object_mut() else {
        return;
    };
    let extra = COMMON_ERRORS.iter().chain(if has_body {
        BODY_ERRORS.iter()
    } else {
        [].iter()
    });
    for (status, description) in extra {
        responses.entry(status.to_string()).or_insert_with(|| {
            json!({
                "description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
            })
        });
    }
}

fn strip_nulls(value: &mut Value) {
    if let Value::Object(map) = value {
        map.retain(|_, v| !v.is_null());
        map.values_mut().for_each(strip_nulls);
    }
}

/// The rules of the plan, campaign and outcome bodies: a client needs a segment or the five
/// signals, and a state or a time zone; ids are not blank; lists are not empty.
fn collections_rules(schemas: &mut Value, segment_count: usize) {
    let key = json!({"type": "string", "minLength": 1,
        "maxLength": credito_collections::plan::MAX_ID_CHARS, "pattern": "[^\\t\\n\\f\\r ]"});
    let or_null = |names: &mut dyn Iterator<Item = &str>| {
        let mut names: Vec<Value> = names.map(|n| json!(n)).collect();
        names.push(Value::Null);
        json!({"type": ["string", "null"], "enum": names})
    };
    let client = &mut schemas["ClientInput"];
    let props = &mut client["properties"];
    props["client_id"] = key.clone();
    props["segment"] = json!({"type": ["integer", "null"], "minimum": 0,
        "maximum": segment_count.saturating_sub(1)});
    props["uf"] = or_null(&mut contact_planner::states());
    props["timezone"] = or_null(&mut contact_planner::zone_names());
    props["debt_since"] = json!({"type": ["string", "null"], "format": "date"});
    props["opt_out"] = json!({"type": "array", "items": {"type": "string",
        "enum": ["phone", "whatsapp", "sms", "email", "all"]}});
    for (field, max) in llm_messaging::NUMBER_FIELDS {
        props[field] = json!({"type": ["number", "null"], "minimum": 0, "maximum": max});
    }
    let signals: Vec<&str> = llm_messaging::NUMBER_FIELDS
        .iter()
        .map(|(f, _)| *f)
        .collect();
    let object = client.take();
    *client = json!({"allOf": [
        object,
        {"anyOf": [{"type": "object", "required": ["segment"], "properties": {"segment": {"type": "integer"}}},
                   {"type": "object", "required": signals, "properties": signals.iter().map(|f| (f.to_string(), json!({"type": "number"}))).collect::<Map<String, Value>>()}]},
        {"anyOf": [{"type": "object", "required": ["uf"], "properties": {"uf": {"type": "string"}}},
                   {"type": "object", "required": ["timezone"], "properties": {"timezone": {"type": "string"}}}]}
    ]});
    let attempt = &mut schemas["AttemptInput"];
    attempt["properties"]["client_id"] = key.clone();
    attempt["properties"]["promised_date"] = json!({"type": ["string", "null"], "format": "date"});
    let object = attempt.take();
    *attempt = json!({"allOf": [object, {"anyOf": [
        {"type": "object", "properties": {"outcome": {"type": "string", "pattern": "^(no_answer|conversation|paid|refused|opt_out)$"}}},
        {"type": "object", "required": ["promised_date"], "properties": {"promised_date": {"type": "string", "format": "date"}}}
    ]}]});
    for (schema, list) in [
        ("PlanRequest", "clients"),
        ("CampaignCreateRequest", "clients"),
        ("OutcomesRequest", "outcomes"),
    ] {
        merge(
            &mut schemas[schema]["properties"][list],
            json!({"minItems": 1, "maxItems": 100_000})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
    }
    schemas["CampaignCreateRequest"]["properties"]["writers"] = json!({"type": ["array", "null"],
        "minItems": 1, "maxItems": 26, "items": {"type": "string", "enum": ["template", "llm"]}});
    schemas["CampaignCreateRequest"]["properties"]["seed"] =
        json!({"type": ["integer", "null"], "minimum": 0, "maximum": u64::MAX});
    schemas["CampaignCreateRequest"]["properties"]["name"] = key;
}
