//! Open sets of named values defined by the credit policy: products and personas.
//!
//! A bank adds a product (e.g. `payroll_loan`, crédito consignado) or a persona
//! by editing its policy file, so these are validated ids rather than closed
//! enums. An id is 1 to 64 characters of lowercase ASCII letters, digits and
//! `_`, starting with a letter. The ids of the shipped policy are constants.
//!
//! ```
//! use credit_pipeline::ids::ProductType;
//!
//! let payroll = ProductType::new("payroll_loan")?;
//! assert_eq!(payroll.as_str(), "payroll_loan");
//! assert_eq!(ProductType::PERSONAL_LOAN, ProductType::new("personal_loan")?);
//! assert!(ProductType::new("Payroll Loan").is_err());
//! # Ok::<(), credit_pipeline::ids::IdError>(())
//! ```

use std::borrow::Cow;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// A string that is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid id: 1 to 64 lowercase letters, digits and `_`, starting with a letter")]
pub struct IdError {
    /// The string given.
    pub value: String,
}

/// Whether `id` is a valid id (see the [module docs](self)).
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && id.len() <= MAX_ID_LEN
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

macro_rules! policy_id {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$cmeta:meta])* $konst:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub struct $name(Cow<'static, str>);

        impl $name {
            $( $(#[$cmeta])* #[doc = concat!("`", $text, "` (shipped policy)")]
               pub const $konst: Self = Self(Cow::Borrowed($text)); )+

            /// A validated id.
            pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
                let id = id.into();
                if is_valid_id(&id) {
                    Ok(Self(Cow::Owned(id)))
                } else {
                    Err(IdError { value: id })
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(id: String) -> Result<Self, IdError> {
                Self::new(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.into_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
    };
}

policy_id! {
    /// A credit product id (`[[products]]` of the credit policy).
    ProductType {
        PERSONAL_LOAN = "personal_loan",
        CREDIT_CARD = "credit_card",
        AUTO_LOAN = "auto_loan",
        HOME_LOAN = "home_loan",
    }
}

policy_id! {
    /// A persona id (`[[personas]]` of the credit policy).
    Persona {
        PREMIUM = "premium",
        STANDARD = "standard",
        BASIC = "basic",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        for good in ["a", "payroll_loan", "p2", &"x".repeat(64)] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "2x",
            "_x",
            "Personal",
            "a-b",
            "a b",
            "ação",
            &"x".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn serde_validates() {
        let p: ProductType = serde_json::from_str("\"auto_loan\"").unwrap();
        assert_eq!(p, ProductType::AUTO_LOAN);
        assert!(serde_json::from_str::<Persona>("\"Not An Id\"").is_err());
        assert_eq!(serde_json::to_string(&Persona::BASIC).unwrap(), "\"basic\"");
    }
}
