//! Random, mutated and hostile bodies never get a 5xx or a hang: every answer
//! is a 2xx, or a 4xx with the JSON error shape.

use crate::common::{customer_a, default_app, message_body, TestServer};
use credito_api::HttpSettings;
use proptest::prelude::*;
use serde_json::{Map, Value};

const PATHS: [&str; 2] = ["/api/credit/analyze", "/gerar-mensagem"];

struct Harness {
    rt: tokio::runtime::Runtime,
    server: TestServer,
    client: reqwest::Client,
}

impl Harness {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(TestServer::start(default_app(HttpSettings::default())));
        Self {
            rt,
            server,
            client: crate::common::client(),
        }
    }

    /// Post raw bytes as JSON; return (status, body text).
    fn post(&self, path: &str, bytes: Vec<u8>) -> (u16, String) {
        self.rt.block_on(async {
            let r = self
                .client
                .post(self.server.url(path))
                .header("content-type", "application/json")
                .body(bytes)
                .send()
                .await
                .expect("the server answers");
            let status = r.status().as_u16();
            (status, r.text().await.unwrap_or_default())
        })
    }

    fn check(&self, path: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
        let shown = String::from_utf8_lossy(&bytes)
            .chars()
            .take(200)
            .collect::<String>();
        let (status, text) = self.post(path, bytes);
        prop_assert!(status < 500, "{path} answered {status} to {shown}: {text}");
        if status >= 400 {
            let body: Value = serde_json::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("non-JSON error {text}: {e}")))?;
            prop_assert!(body["error"].is_string(), "{text}");
            prop_assert!(body["fields"].is_array(), "{text}");
        } else {
            finite_response(path, &text)?;
        }
        Ok(())
    }
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Value::from),
        prop_oneof![Just(0.0), Just(-1.0), Just(1e308), Just(-0.0), Just(0.5)]
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("employed"),
            Just("personal_loan"),
            Just("home_loan"),
            Just("WhatsApp"),
            Just("M")
        ]
        .prop_map(|s| Value::String(s.into())),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop_oneof![
            Just("customer_profile"),
            Just("age"),
            Just("income"),
            Just("credit_score"),
            Just("requested_amount"),
            Just("cluster"),
            Just("score_gravidade"),
            Just("canal_preferido"),
        ]
        .prop_map(String::from),
        "[a-z_]{1,12}",
    ]
}

/// Every (parent path, key) of an object tree.
fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            prefix.push(k.clone());
            out.push(prefix.clone());
            paths(v, prefix, out);
            prefix.pop();
        }
    }
}

/// Replace (or with `None` remove) the value at `path`.
fn mutate(mut root: Value, path: &[String], replacement: Option<Value>) -> Value {
    let Some((last, parents)) = path.split_last() else {
        return root;
    };
    let mut node = &mut root;
    for p in parents {
        node = match node.get_mut(p) {
            Some(n) => n,
            None => return root,
        };
    }
    if let Value::Object(map) = node {
        match replacement {
            Some(v) => {
                map.insert(last.clone(), v);
            }
            None => {
                map.remove(last);
            }
        }
    }
    root
}

/// A 2xx body parses as the typed response: a non-finite number would have
/// been written as `null` where the schema has a number, and fail here.
fn finite_response(path: &str, text: &str) -> Result<(), TestCaseError> {
    let parsed = if path == PATHS[0] {
        serde_json::from_str::<credit_pipeline::pipeline::CreditAnalysis>(text).map(|_| ())
    } else {
        serde_json::from_str::<llm_messaging::MessageResponse>(text).map(|_| ())
    };
    parsed.map_err(|e| {
        TestCaseError::fail(format!("{path}: response breaks its schema ({e}): {text}"))
    })
}

/// Finite values at the edges of f64 and of every plausible range.
fn extreme_number() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        serde_json::json!(1.7976931348623157e308),
        serde_json::json!(-1.7976931348623157e308),
        serde_json::json!(1e300),
        serde_json::json!(5e-324),
        serde_json::json!(1e15),
        serde_json::json!(9_007_199_254_740_993u64),
        serde_json::json!(u64::MAX),
        serde_json::json!(i64::MIN),
        serde_json::json!(4294967296u64),
        serde_json::json!(-1),
        serde_json::json!(0),
    ])
}

/// Every path of `value` that holds a number.
fn number_paths(value: &Value) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    all.into_iter()
        .filter(|p| {
            let mut v = value;
            for k in p {
                v = &v[k.as_str()];
            }
            v.is_number()
        })
        .collect()
}

fn mutated(base: Value) -> impl Strategy<Value = Value> {
    let mut all = Vec::new();
    paths(&base, &mut Vec::new(), &mut all);
    (
        prop::sample::select(all),
        prop::option::weighted(0.85, json_value()),
    )
        .prop_map(move |(path, replacement)| mutate(base.clone(), &path, replacement))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_json_never_gets_a_5xx(value in json_value(), which in 0usize..2) {
        thread_local!(static H: Harness = Harness::new());
        H.with(|h| h.check(PATHS[which], value.to_string().into_bytes()))?;
    }

    #[test]
    fn mutated_analyze_bodies_never_get_a_5xx(value in mutated(customer_a())) {
        thread_local!(static H: Harness = Harness::new());
        H.with(|h| h.check(PATHS[0], value.to_string().into_bytes()))?;
    }

    #[test]
    fn mutated_message_bodies_never_get_a_5xx(value in mutated(message_body())) {
        thread_local!(static H: Harness = Harness::new());
        H.with(|h| h.check(PATHS[1], value.to_string().into_bytes()))?;
    }

    #[test]
    fn extreme_numbers_are_422_naming_the_field_or_a_finite_answer(
        which in 0usize..2,
        index in any::<prop::sample::Index>(),
        number in extreme_number(),
    ) {
        thread_local!(static H: Harness = Harness::new());
        let base = if which == 0 { customer_a() } else { message_body() };
        let numeric = number_paths(&base);
        let path = numeric[index.index(numeric.len())].clone();
        let body = mutate(base, &path, Some(number.clone()));
        let (status, text) = H.with(|h| h.post(PATHS[which], body.to_string().into_bytes()));
        prop_assert!(status == 200 || status == 422, "{path:?} = {number}: {status} {text}");
        if status == 422 {
            let shown = path.join(".");
            prop_assert!(text.contains(&shown), "422 must name {shown}: {text}");
        } else {
            finite_response(PATHS[which], &text)?;
        }
    }

    #[test]
    fn random_bytes_never_get_a_5xx(bytes in prop::collection::vec(any::<u8>(), 0..256), which in 0usize..2) {
        thread_local!(static H: Harness = Harness::new());
        H.with(|h| h.check(PATHS[which], bytes))?;
    }
}

#[test]
fn hostile_bodies_get_4xx() {
    let h = Harness::new();
    let deep_array = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(3000), "}".repeat(3000));
    let mut huge_number = customer_a();
    huge_number["requested_amount"] = Value::String("x".into());
    let huge_number = huge_number
        .to_string()
        .replace("\"x\"", &format!("1{}", "0".repeat(400)));
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (deep_array.into_bytes(), 400),
        (deep_object.into_bytes(), 400),
        (huge_number.into_bytes(), 422),
        (vec![b' '; 70 * 1024], 413),
        (b"\"\\ud800\"".to_vec(), 400),
        (b"{\"a\": \"\\u0000\"}".to_vec(), 422),
        (b"NaN".to_vec(), 400),
        (b"{\"customer_profile\": {\"age\": Infinity}}".to_vec(), 400),
    ];
    for path in PATHS {
        for (bytes, expected) in &cases {
            let (status, text) = h.post(path, bytes.clone());
            assert_eq!(
                status,
                *expected,
                "{path}: {}",
                &text[..text.len().min(300)]
            );
        }
    }
}

#[test]
fn duplicate_keys_and_odd_numbers_are_handled() {
    let h = Harness::new();
    let mut text = customer_a().to_string();
    text.insert_str(1, "\"requested_amount\": -5, ");
    let (status, _) = h.post(PATHS[0], text.into_bytes());
    assert!(status == 200 || status == 422, "{status}");
    let mut body = customer_a();
    body["customer_profile"]["age"] = serde_json::json!(35.0);
    let (status, _) = h.post(PATHS[0], body.to_string().into_bytes());
    assert!(status == 200 || status == 422, "{status}");
}
