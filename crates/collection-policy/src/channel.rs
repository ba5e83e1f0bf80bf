//! Contact channels a collection action can use (SPEC §4.3): Email, WhatsApp, SMS, Telefone.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A contact channel.
///
/// Serialised with its canonical name (`"Email"`, `"WhatsApp"`, `"SMS"`, `"Telefone"`);
/// parsing ignores case, accents, spaces and hyphens, so `"e-mail"`, `"whatsapp"` and
/// `"telefone"` are accepted too.
///
/// ```
/// use collection_policy::Canal;
///
/// assert_eq!("whatsapp".parse::<Canal>(), Ok(Canal::WhatsApp));
/// assert_eq!("E-mail".parse::<Canal>(), Ok(Canal::Email));
/// assert_eq!(Canal::Telefone.to_string(), "Telefone");
/// assert!("fax".parse::<Canal>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Canal {
    /// E-mail.
    Email,
    /// WhatsApp message.
    WhatsApp,
    /// Text message (160 characters).
    Sms,
    /// Phone call by a human agent.
    Telefone,
}

impl Canal {
    /// Every channel, in a fixed order.
    pub const ALL: [Canal; 4] = [Canal::Email, Canal::WhatsApp, Canal::Sms, Canal::Telefone];

    /// Largest message, in characters (SMS 160, WhatsApp 1 000, Email 2 000, call script 600).
    pub fn max_chars(self) -> usize {
        match self {
            Canal::Sms => 160,
            Canal::WhatsApp => 1_000,
            Canal::Email => 2_000,
            Canal::Telefone => 600,
        }
    }

    /// The canonical name (`"Email"`, `"WhatsApp"`, `"SMS"`, `"Telefone"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Canal::Email => "Email",
            Canal::WhatsApp => "WhatsApp",
            Canal::Sms => "SMS",
            Canal::Telefone => "Telefone",
        }
    }
}

impl fmt::Display for Canal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the known channels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {value:?} (expected one of Email, WhatsApp, SMS, Telefone)")]
pub struct UnknownChannel {
    /// The rejected text.
    pub value: String,
}

impl FromStr for Canal {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "email" => Ok(Canal::Email),
            "whatsapp" | "whats" | "zap" => Ok(Canal::WhatsApp),
            "sms" => Ok(Canal::Sms),
            "telefone" | "telefonema" | "ligacao" | "ligação" | "phone" => Ok(Canal::Telefone),
            _ => Err(UnknownChannel {
                value: s.to_string(),
            }),
        }
    }
}

impl Serialize for Canal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Canal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
