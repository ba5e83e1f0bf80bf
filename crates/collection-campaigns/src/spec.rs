//! A campaign's variants, as data: a TOML campaign file.
//!
//! ```toml
//! version = "2026-12"
//!
//! [[variants]]
//! id = "v1"
//! description = "Modelos offline, tom da política"
//! writer = "template"
//!
//! [[variants]]
//! id = "v2"
//! description = "Modelos com tom mais próximo"
//! writer = "template"
//! policy = "policies/tom-proximo.toml"   # a collection-policy file with other templates
//! ```
//!
//! Without a file a campaign of K variants has `v1..vK`, each writing the loaded policy's
//! offline templates.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assign::{variant_name, MAX_VARIANTS};

/// What writes a variant's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Writer {
    /// The policy's offline templates.
    Template,
    /// The configured language model, guarded, with the templates as fallback.
    Llm,
}

/// One message variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Its id: `v1`, `v2`, … in order.
    pub id: String,
    /// What it is, for the report.
    #[serde(default)]
    pub description: String,
    /// What writes its messages.
    #[serde(default = "default_writer")]
    pub writer: Writer,
    /// A collection-policy file whose templates it uses (the loaded policy otherwise).
    #[serde(default)]
    pub policy: Option<String>,
}

fn default_writer() -> Writer {
    Writer::Template
}

/// A campaign's definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignSpec {
    /// The file's version, recorded with the campaign.
    #[serde(default)]
    pub version: Option<String>,
    /// The variants, `v1..vK`.
    pub variants: Vec<Variant>,
}

/// Why a campaign file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    /// The file cannot be read.
    #[error("{file}: {message}")]
    Read {
        /// The file.
        file: String,
        /// The system's error.
        message: String,
    },
    /// The file is not valid TOML of a campaign.
    #[error("{file}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The parser's error, with its line and column.
        message: String,
    },
    /// A field's value is wrong.
    #[error("{file}: {field} = {value:?}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// The field, e.g. `variants[1].id`.
        field: String,
        /// Its value.
        value: String,
        /// What is expected.
        message: String,
    },
}

impl CampaignSpec {
    /// `count` variants writing the loaded policy's templates.
    pub fn templates(count: usize) -> Self {
        Self {
            version: None,
            variants: (0..count)
                .map(|i| Variant {
                    id: variant_name(i),
                    description: "offline templates of the loaded policy".into(),
                    writer: Writer::Template,
                    policy: None,
                })
                .collect(),
        }
    }

    /// Parse and check a campaign file's text (`file` names it in errors).
    pub fn from_toml(text: &str, file: &str) -> Result<Self, SpecError> {
        let spec: CampaignSpec = toml::from_str(text).map_err(|e| SpecError::Syntax {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        spec.check(file)?;
        Ok(spec)
    }

    /// Read and check a campaign file.
    pub fn from_path(path: &Path) -> Result<Self, SpecError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SpecError::Read {
            file: file.clone(),
            message: e.to_string(),
        })?;
        Self::from_toml(&text, &file)
    }

    /// Check the variants: 1 to 26, named `v1..vK` in order.
    pub fn check(&self, file: &str) -> Result<(), SpecError> {
        let invalid = |field: String, value: String, message: String| SpecError::Invalid {
            file: file.to_string(),
            field,
            value,
            message,
        };
        if self.variants.is_empty() || self.variants.len() > MAX_VARIANTS {
            return Err(invalid(
                "variants".into(),
                self.variants.len().to_string(),
                format!("between 1 and {MAX_VARIANTS} variants"),
            ));
        }
        for (i, v) in self.variants.iter().enumerate() {
            if v.id != variant_name(i) {
                return Err(invalid(
                    format!("variants[{i}].id"),
                    v.id.clone(),
                    format!(
                        "variants are named v1, v2, … in order: expected {:?}",
                        variant_name(i)
                    ),
                ));
            }
            if v.policy.as_deref().is_some_and(|p| p.trim().is_empty()) {
                return Err(invalid(
                    format!("variants[{i}].policy"),
                    String::new(),
                    "a collection-policy file, or leave it out".into(),
                ));
            }
        }
        Ok(())
    }

    /// The variant with this id.
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_two_writers_reads() {
        let spec = CampaignSpec::from_toml(
            "version = \"1\"\n[[variants]]\nid = \"v1\"\n[[variants]]\nid = \"v2\"\nwriter = \"llm\"\n",
            "c.toml",
        )
        .unwrap();
        assert_eq!(spec.variants[0].writer, Writer::Template);
        assert_eq!(spec.variants[1].writer, Writer::Llm);
    }

    #[test]
    fn misnamed_variants_and_unknown_fields_are_named() {
        let err = CampaignSpec::from_toml("[[variants]]\nid = \"a\"\n", "c.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.toml: variants[0].id = \"a\": variants are named v1, v2, … in order: expected \"v1\""
        );
        let err = CampaignSpec::from_toml("[[variants]]\nid = \"v1\"\ntone = \"x\"\n", "c.toml")
            .unwrap_err();
        assert!(matches!(err, SpecError::Syntax { .. }), "{err}");
        assert!(err.to_string().contains("tone"), "{err}");
    }
}
