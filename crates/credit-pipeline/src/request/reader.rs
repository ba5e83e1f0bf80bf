//! [`FieldReader`]: typed fields out of one JSON object, every violation collected.

use serde_json::{Map, Value};

use super::rules::Rule;
use super::FieldError;
use crate::ids::ProductType;
use crate::names::Named;
use crate::policy::CreditPolicy;

/// Reads typed fields out of one JSON object, collecting every violation.
pub(super) struct FieldReader<'a, 'e> {
    pub(super) map: &'a Map<String, Value>,
    pub(super) prefix: &'static str,
    pub(super) errors: &'e mut Vec<FieldError>,
}

impl<'a> FieldReader<'a, '_> {
    pub(super) fn path(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    pub(super) fn fail(&mut self, name: &str, message: String) {
        let field = self.path(name);
        self.errors.push(FieldError::new(field, message));
    }

    /// The value of `name`, `None` when absent or null.
    pub(super) fn get(&self, name: &str) -> Option<&'a Value> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub(super) fn required(&mut self, name: &str) -> Option<&'a Value> {
        let value = self.get(name);
        if value.is_none() {
            self.fail(name, "is required".into());
        }
        value
    }

    pub(super) fn unknown_fields(&mut self, known: &[&str]) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            self.fail(
                &key,
                format!("unknown field; expected one of {}", known.join(", ")),
            );
        }
    }

    pub(super) fn string_value(&mut self, name: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.fail(name, format!("must be a string, got {other}"));
                None
            }
        }
    }

    pub(super) fn required_string(&mut self, name: &str) -> Option<String> {
        let value = self.required(name)?;
        self.string_value(name, value)
    }

    /// `Ok(None)` when absent, `Err(())` when present but wrong.
    pub(super) fn optional_string(&mut self, name: &str) -> Result<Option<String>, ()> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => self.string_value(name, v).map(Some).ok_or(()),
        }
    }

    pub(super) fn bool_field(&mut self, name: &str) -> Option<bool> {
        match self.required(name)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.fail(name, format!("must be true or false, got {other}"));
                None
            }
        }
    }

    pub(super) fn finite_number(&mut self, name: &str) -> Option<f64> {
        match self.required(name)? {
            Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() => Some(x),
                _ => {
                    self.fail(name, format!("must be a finite number, got {n}"));
                    None
                }
            },
            other => {
                self.fail(name, format!("must be a number, got {other}"));
                None
            }
        }
    }

    pub(super) fn integer_value(&mut self, name: &str, value: &Value, rule: Rule) -> Option<u32> {
        let (min, max) = rule.integer_bounds();
        let Value::Number(n) = value else {
            self.fail(name, format!("must be an integer, got {value}"));
            return None;
        };
        let as_int: Option<i128> = if let Some(u) = n.as_u64() {
            Some(i128::from(u))
        } else if let Some(i) = n.as_i64() {
            Some(i128::from(i))
        } else {
            match n.as_f64() {
                // 35.0 is accepted as 35; 35.5 is not an integer.
                Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e30 => Some(x as i128),
                _ => None,
            }
        };
        match as_int {
            None => {
                self.fail(name, format!("must be an integer, got {n}"));
                None
            }
            Some(v) if v < i128::from(min) || v > i128::from(max) => {
                let message = if max == u32::MAX {
                    format!("must be >= {min}, got {n}")
                } else {
                    format!("must be between {min} and {max}, got {n}")
                };
                self.fail(name, message);
                None
            }
            Some(v) => u32::try_from(v).ok(),
        }
    }

    pub(super) fn integer(&mut self, name: &str, rule: Rule) -> Option<u32> {
        let value = self.required(name)?;
        self.integer_value(name, value, rule)
    }

    /// A finite number within `rule`.
    pub(super) fn number(&mut self, name: &str, rule: Rule) -> Option<f64> {
        let value = self.finite_number(name)?;
        match rule.check_number(value) {
            Ok(()) => Some(value),
            Err(message) => {
                self.fail(name, message);
                None
            }
        }
    }

    pub(super) fn enum_value<T: Named>(&mut self, name: &str, value: &Value) -> Option<T> {
        match value {
            Value::String(s) => match T::from_name(s) {
                Some(v) => Some(v),
                None => {
                    let expected = T::expected_names();
                    self.fail(
                        name,
                        format!("unknown value {value}; expected one of {expected}"),
                    );
                    None
                }
            },
            other => {
                let expected = T::expected_names();
                self.fail(name, format!("must be one of {expected}, got {other}"));
                None
            }
        }
    }

    /// A product id the policy defines.
    pub(super) fn product(&mut self, name: &str, policy: &CreditPolicy) -> Option<ProductType> {
        let value = self.required(name)?;
        match value {
            Value::String(s) => match policy.product_named(s) {
                Some(spec) => Some(spec.id.clone()),
                None => {
                    self.fail(name, super::unknown_product(&value.to_string(), policy));
                    None
                }
            },
            other => {
                let ids: Vec<&str> = policy.products().iter().map(|p| p.id.as_str()).collect();
                self.fail(
                    name,
                    format!("must be one of {}, got {other}", ids.join(", ")),
                );
                None
            }
        }
    }

    pub(super) fn required_enum<T: Named>(&mut self, name: &str) -> Option<T> {
        let value = self.required(name)?;
        self.enum_value(name, value)
    }

    pub(super) fn optional_enum<T: Named>(&mut self, name: &str) -> Result<Option<T>, ()> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => self.enum_value(name, v).map(Some).ok_or(()),
        }
    }
}
