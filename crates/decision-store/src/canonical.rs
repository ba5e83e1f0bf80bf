//! Canonical JSON: object keys sorted at every level, so that two bodies that say the same
//! thing compare equal as text whatever order their keys were sent in.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// `value` with every object's keys sorted.
///
/// ```
/// use decision_store::canonical_json;
/// let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":3}}"#).unwrap();
/// assert_eq!(canonical_json(&a), r#"{"a":{"c":3,"d":2},"b":1}"#);
/// ```
pub fn canonical_json(value: &Value) -> String {
    // Serialising a map of sorted references never fails.
    serde_json::to_string(&Sorted(value)).unwrap_or_default()
}

/// A value that serialises with its objects' keys sorted, without copying it.
struct Sorted<'a>(&'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    out.serialize_entry(key, &Sorted(value))?;
                }
                out.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Sorted)),
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-zé\"\\\\ ]{0,6}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec(("[a-d]{1,3}", inner), 0..5)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    /// The same text built by hand: keys sorted explicitly, scalars as serde_json writes them.
    fn by_hand(v: &Value) -> String {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let parts: Vec<String> = keys
                    .iter()
                    .map(|k| format!("{}:{}", Value::from(k.as_str()), by_hand(&m[*k])))
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
            Value::Array(a) => format!("[{}]", a.iter().map(by_hand).collect::<Vec<_>>().join(",")),
            other => other.to_string(),
        }
    }

    proptest! {
        #[test]
        fn canonical_text_reads_back_as_the_same_value(v in json_value()) {
            let text = canonical_json(&v);
            let back: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, v.clone());
            prop_assert_eq!(text, by_hand(&v));
        }

        #[test]
        fn key_order_of_the_input_does_not_matter(pairs in prop::collection::vec(("[a-f]{1,2}", any::<i32>()), 0..8)) {
            let forward: String = format!("{{{}}}", pairs.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(","));
            let backward: String = format!("{{{}}}", pairs.iter().rev().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(","));
            let a: Value = serde_json::from_str(&forward).unwrap();
            let b: Value = serde_json::from_str(&backward).unwrap();
            // Duplicate keys: the last one wins, so compare only when both kept the same.
            prop_assume!(a == b);
            prop_assert_eq!(canonical_json(&a), canonical_json(&b));
        }
    }
}
