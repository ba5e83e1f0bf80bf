//! The rule pack: its data model, loading and validation.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::easter_sunday;
use crate::{Outcome, PackError};

/// A contact channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A phone call.
    Phone,
    /// A WhatsApp message.
    Whatsapp,
    /// A text message.
    Sms,
    /// An e-mail.
    Email,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::Whatsapp,
        Channel::Sms,
        Channel::Email,
    ];

    /// The name used in files (`phone`, `whatsapp`, `sms`, `email`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Whatsapp => "whatsapp",
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }

    /// The channel's bit in a set of channels.
    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Channel {
    type Err = String;

    /// `phone` (or `telefone`), `whatsapp`, `sms`, `email` (or `e-mail`), any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "phone" | "telefone" | "call" => Ok(Channel::Phone),
            "whatsapp" => Ok(Channel::Whatsapp),
            "sms" => Ok(Channel::Sms),
            "email" | "e-mail" => Ok(Channel::Email),
            _ => Err("expected phone, whatsapp, sms or email".to_string()),
        }
    }
}

/// Hours in which some channels may be used on some weekdays, in the client's local time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// The rule's id, as cited in plans (`br.hours.weekday`).
    pub rule: String,
    /// The channels it allows.
    pub channels: Vec<Channel>,
    /// The weekdays (`mon` … `sun`).
    pub days: Vec<String>,
    /// Start, `HH:MM` local time.
    pub from: String,
    /// End (exclusive), `HH:MM`; `24:00` is the end of the day.
    pub to: String,
    /// A state (UF) whose own law replaces the pack's default windows for these channels.
    #[serde(default)]
    pub region: Option<String>,
    /// Whether the window stays open on the pack's holidays (e-mail); closed by default.
    #[serde(default)]
    pub open_on_holidays: bool,
    /// Where the rule comes from.
    pub source: String,
    /// The source could not be verified.
    #[serde(default)]
    pub unverified: bool,
}

/// When a holiday falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayDate {
    /// Every year on this month and day.
    Fixed {
        /// 1–12.
        month: u32,
        /// 1–31.
        day: u32,
    },
    /// Days from Easter Sunday (Good Friday: −2).
    Easter(i64),
}

/// A day without contacts by the channels that have hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// Its name.
    pub name: String,
    /// `MM-DD` for a fixed date.
    #[serde(default)]
    pub date: Option<String>,
    /// Days from Easter Sunday for a movable one.
    #[serde(default)]
    pub easter_offset: Option<i64>,
    /// First year it is observed.
    #[serde(default)]
    pub since: Option<i32>,
    /// Only in this state (UF).
    #[serde(default)]
    pub region: Option<String>,
    /// Where it comes from.
    pub source: String,
    /// The source could not be verified.
    #[serde(default)]
    pub unverified: bool,
}

impl Holiday {
    /// When it falls (the pack validated that exactly one of `date` and `easter_offset` is set).
    pub fn when(&self) -> Option<HolidayDate> {
        match (&self.date, self.easter_offset) {
            (Some(d), None) => {
                parse_month_day(d).map(|(month, day)| HolidayDate::Fixed { month, day })
            }
            (None, Some(offset)) => Some(HolidayDate::Easter(offset)),
            _ => None,
        }
    }

    /// Whether it falls on `date` in `region`.
    pub fn falls_on(&self, date: NaiveDate, region: Option<&str>) -> bool {
        if self.since.is_some_and(|y| date.year() < y) {
            return false;
        }
        if let Some(r) = &self.region {
            if region != Some(r.as_str()) {
                return false;
            }
        }
        match self.when() {
            Some(HolidayDate::Fixed { month, day }) => date.month() == month && date.day() == day,
            Some(HolidayDate::Easter(offset)) => {
                easter_sunday(date.year())
                    .and_then(|e| e.checked_add_signed(chrono::Duration::days(offset)))
                    == Some(date)
            }
            None => false,
        }
    }
}

/// How many attempts are allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Attempts per channel per local day.
    pub per_channel_per_day: Option<u32>,
    /// Phone attempts in any rolling 7 days.
    pub phone_per_7_days: Option<u32>,
    /// Attempts over all channels in any rolling 7 days.
    pub all_per_7_days: Option<u32>,
    /// Where the caps come from.
    pub source: String,
    /// The source could not be verified.
    #[serde(default)]
    pub unverified: bool,
}

/// Periods without contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolOffs {
    /// Days without contact after a conversation.
    pub after_conversation_days: u32,
    /// The outcomes that are a conversation (default: `conversation` and `refused`).
    #[serde(default = "conversation_outcomes")]
    pub conversation_outcomes: Vec<Outcome>,
    /// The channels a conversation happens on and blocks (Reg F: the phone); none: every
    /// channel.
    #[serde(default)]
    pub conversation_channels: Option<Vec<Channel>>,
    /// Whether a promised payment date stops contacts until the day after it.
    pub until_promise_passed: bool,
    /// Years after which a debt is not collected (prescription); none: no limit.
    pub prescription_years: Option<u32>,
    /// Where they come from.
    pub source: String,
    /// The source could not be verified.
    #[serde(default)]
    pub unverified: bool,
}

fn conversation_outcomes() -> Vec<Outcome> {
    vec![Outcome::Conversation, Outcome::Refused]
}

/// A versioned set of legal contact rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    /// `br`, `us-reg-f`, or your own.
    pub id: String,
    /// The pack's version.
    pub version: String,
    /// What it is for.
    pub description: String,
    /// Contact hours.
    pub windows: Vec<Window>,
    /// Days without contact.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Attempt caps.
    pub caps: Caps,
    /// Cool-offs and prescription.
    pub cool_offs: CoolOffs,
}

const BR: &str = include_str!("../packs/br.toml");
const US_REG_F: &str = include_str!("../packs/us-reg-f.toml");

impl RulePack {
    /// The shipped Brazilian pack (the default).
    pub fn br() -> Self {
        // The shipped packs are validated by the tests.
        Self::from_toml(BR, "packs/br.toml").unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// The shipped Brazilian pack's TOML, to copy and edit.
    pub fn br_text() -> &'static str {
        BR
    }

    /// The shipped US Regulation F pack.
    pub fn us_reg_f() -> Self {
        Self::from_toml(US_REG_F, "packs/us-reg-f.toml").unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// A shipped pack by name (`br`, `us-reg-f`), or a pack file.
    pub fn named_or_file(name: &str) -> Result<Self, PackError> {
        match name {
            "br" => Ok(Self::br()),
            "us-reg-f" => Ok(Self::us_reg_f()),
            path => Self::from_path(path),
        }
    }

    /// Read and validate a pack file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, PackError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PackError::Read {
            file: file.clone(),
            message: e.to_string(),
        })?;
        Self::from_toml(&text, &file)
    }

    /// Parse and validate pack text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Self, PackError> {
        let pack: RulePack = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((1, 1));
            PackError::Syntax {
                file: file.to_string(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        pack.validate(file)?;
        Ok(pack)
    }

    /// The holiday on `date` in `region`, if any.
    pub fn holiday(&self, date: NaiveDate, region: Option<&str>) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.falls_on(date, region))
    }

    fn validate(&self, file: &str) -> Result<(), PackError> {
        let invalid = |rule: &str, field: &'static str, value: &str, message: &str| {
            Err(PackError::Invalid {
                file: file.to_string(),
                rule: rule.to_string(),
                field,
                value: value.to_string(),
                message: message.to_string(),
            })
        };
        // Every rule cites its source; a regional one names a state.
        let cited_and_placed = |rule: &str, source: &str, region: Option<&str>| {
            if source.trim().is_empty() {
                return invalid(rule, "source", "", "every rule cites its source");
            }
            match region {
                Some(r) if !is_region(r) => {
                    invalid(rule, "region", r, "expected a two-letter state code (UF)")
                }
                _ => Ok(()),
            }
        };
        let mut ids = HashSet::new();
        for w in &self.windows {
            if !ids.insert(w.rule.as_str()) {
                return invalid(&w.rule, "rule", &w.rule, "a second window with this id");
            }
            if w.channels.is_empty() {
                return invalid(
                    &w.rule,
                    "channels",
                    "[]",
                    "a window allows at least one channel",
                );
            }
            if w.days.is_empty() {
                return invalid(&w.rule, "days", "[]", "a window has at least one weekday");
            }
            for d in &w.days {
                if weekday(d).is_none() {
                    return invalid(
                        &w.rule,
                        "days",
                        d,
                        "expected mon, tue, wed, thu, fri, sat or sun",
                    );
                }
            }
            let (Some(from), Some(to)) = (minutes(&w.from), minutes(&w.to)) else {
                let bad = if minutes(&w.from).is_none() {
                    &w.from
                } else {
                    &w.to
                };
                return invalid(
                    &w.rule,
                    "from/to",
                    bad,
                    "expected HH:MM between 00:00 and 24:00",
                );
            };
            if from >= to {
                return invalid(
                    &w.rule,
                    "to",
                    &w.to,
                    &format!("the window ends before it starts ({})", w.from),
                );
            }
            cited_and_placed(&w.rule, &w.source, w.region.as_deref())?;
        }
        for h in &self.holidays {
            match (&h.date, h.easter_offset) {
                (Some(d), None) if parse_month_day(d).is_none() => {
                    return invalid(&h.name, "date", d, "expected MM-DD of a real day");
                }
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return invalid(
                        &h.name,
                        "date",
                        "",
                        "give exactly one of date and easter_offset",
                    )
                }
            }
            cited_and_placed(&h.name, &h.source, h.region.as_deref())?;
        }
        for (field, cap) in [
            ("per_channel_per_day", self.caps.per_channel_per_day),
            ("phone_per_7_days", self.caps.phone_per_7_days),
            ("all_per_7_days", self.caps.all_per_7_days),
        ] {
            if cap == Some(0) {
                return invalid(
                    "caps",
                    field,
                    "0",
                    "a cap is at least 1 (leave the channel out of the windows to forbid it)",
                );
            }
        }
        cited_and_placed("caps", &self.caps.source, None)?;
        cited_and_placed("cool_offs", &self.cool_offs.source, None)
    }
}

/// `mon` … `sun`.
pub(crate) fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// Minutes since midnight of `HH:MM` (`24:00` is 1 440).
pub(crate) fn minutes(text: &str) -> Option<u32> {
    if text == "24:00" {
        return Some(24 * 60);
    }
    let t = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
    (text.len() == 5).then(|| chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t))
}

fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.split_once('-')?;
    let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year, so 02-29 is accepted as a real day.
    NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
}

fn is_region(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
