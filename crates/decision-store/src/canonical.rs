//! Canonical JSON: object keys sorted at every level, so that two bodies that say the same
//! thing compare equal as text whatever order their keys were sent in.

use serde_json::{Map, Value};

/// `value` with every object's keys sorted.
///
/// ```
/// use decision_store::canonical_json;
/// let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":3}}"#).unwrap();
/// assert_eq!(canonical_json(&a), r#"{"a":{"c":3,"d":2},"b":1}"#);
/// ```
pub fn canonical_json(value: &Value) -> String {
    sorted(value).to_string()
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), sorted(&map[k]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}
