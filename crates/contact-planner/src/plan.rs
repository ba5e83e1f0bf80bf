//! The planner: the earliest legal instant, per client and channel, under a rule pack.
//!
//! Every rule of a pack is either a lower bound on the instant (a cool-off, a rolling cap whose
//! oldest counted attempt has to leave the 7 days, a daily cap met today, a promised date) or a
//! calendar (contact hours per weekday, holidays, prescription). The planner takes the latest
//! lower bound and walks the client's local days from it to the first open window.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, Months, NaiveDate, NaiveTime, Utc};
use serde::{Serialize, Serializer};

use crate::pack::{minutes, weekday};
use crate::{Attempt, Channel, Outcome, RulePack, Zone};

/// Days walked forward before a channel is declared never open (a pack whose windows never
/// open for it).
const HORIZON_DAYS: u32 = 400;

/// What the planner needs to know of a client.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The client's id.
    pub id: String,
    /// The client's state (UF), for per-state hours and holidays.
    pub region: Option<String>,
    /// The client's time zone.
    pub zone: Zone,
    /// The channels its collection policy uses.
    pub channels: Vec<Channel>,
    /// Channels the client opted out of.
    pub opt_out: Vec<Channel>,
    /// When the debt fell due (for prescription).
    pub debt_since: Option<NaiveDate>,
}

/// Why a contact is not allowed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Outside the channel's hours on this weekday.
    OutsideHours,
    /// A Sunday, on which the channel has no hours.
    Sunday,
    /// A holiday of the client's country or state.
    Holiday,
    /// The channel's attempts for the local day are used up.
    DailyCap,
    /// The attempts allowed in the last 7 days are used up.
    WeeklyCap,
    /// Too soon after a conversation.
    AfterConversation,
    /// The client promised to pay and the date has not passed.
    PromisePending,
    /// The client paid: never again.
    Settled,
    /// The client opted out of the channel: never again.
    OptOut,
    /// The debt is older than the prescription period: never again.
    Prescribed,
}

impl Reason {
    /// The code used in plans (`outside_hours`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::OutsideHours => "outside_hours",
            Reason::Sunday => "sunday",
            Reason::Holiday => "holiday",
            Reason::DailyCap => "daily_cap",
            Reason::WeeklyCap => "weekly_cap",
            Reason::AfterConversation => "after_conversation",
            Reason::PromisePending => "promise_pending",
            Reason::Settled => "settled",
            Reason::OptOut => "opt_out",
            Reason::Prescribed => "prescribed",
        }
    }
}

/// The plan for one client and channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot<'p> {
    /// The channel.
    pub channel: Channel,
    /// The earliest legal instant at or after now, in the client's offset; `None`: never.
    #[serde(serialize_with = "rfc3339")]
    pub allowed_at: Option<DateTime<FixedOffset>>,
    /// Why not now; `None` when now is allowed.
    pub reason: Option<Reason>,
    /// The rule that decided: the one that forbids now, or else the window that allows it.
    pub rule: &'p str,
}

fn rfc3339<S: Serializer>(at: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(t) => s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        None => s.serialize_none(),
    }
}

/// Plans contacts: for a client, its ledger and the current instant, when each channel of its
/// policy may next be used.
pub trait ContactPlanner: Send + Sync {
    /// The plan for `channel`; `history` is the client's ledger (attempts after `now` are not
    /// known yet and are ignored).
    fn plan_channel(
        &self,
        client: &Client,
        history: &[Attempt],
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Slot<'_>;

    /// The plan for every channel of the client's policy, in its order.
    fn plan(&self, client: &Client, history: &[Attempt], now: DateTime<Utc>) -> Vec<Slot<'_>> {
        client
            .channels
            .iter()
            .map(|&c| self.plan_channel(client, history, c, now))
            .collect()
    }
}

/// A window ready to be checked.
#[derive(Debug, Clone)]
struct OpenHours {
    rule: String,
    channels: u8,
    days: u8,
    from: u32,
    to: u32,
    open_on_holidays: bool,
}

/// The ids of the rules that are not windows.
#[derive(Debug, Clone)]
struct RuleIds {
    opt_out: String,
    settled: String,
    prescription: String,
    after_conversation: String,
    promise: String,
    phone_per_7_days: String,
    all_per_7_days: String,
    per_channel_per_day: String,
    holidays: String,
    no_hours: String,
}

/// The default [`ContactPlanner`]: a validated [`RulePack`], indexed for speed.
///
/// ```
/// use contact_planner::{Channel, Client, ContactPlanner, PackPlanner, Reason, RulePack, Zone};
/// let planner = PackPlanner::new(RulePack::br());
/// let client = Client { id: "42".into(), region: Some("AM".into()),
///     zone: Zone::of_state("AM").unwrap(), channels: vec![Channel::Whatsapp, Channel::Email],
///     opt_out: vec![], debt_since: None };
/// // 07:30 in Manaus on a Thursday.
/// let now = "2026-12-03T11:30:00Z".parse().unwrap();
/// let plan = planner.plan(&client, &[], now);
/// assert_eq!(plan[0].reason, Some(Reason::OutsideHours));
/// assert_eq!(plan[0].allowed_at.unwrap().to_rfc3339(), "2026-12-03T08:00:00-04:00");
/// assert_eq!(plan[1].reason, None); // e-mail at any hour
/// ```
#[derive(Debug, Clone)]
pub struct PackPlanner {
    pack: RulePack,
    windows: Vec<OpenHours>,
    /// Channels whose hours a state replaces, per state.
    regional: HashMap<String, u8>,
    conversation_outcomes: Vec<Outcome>,
    conversation_channels: u8,
    ids: RuleIds,
}

impl PackPlanner {
    /// A planner for `pack` (already validated when it was loaded).
    pub fn new(pack: RulePack) -> Self {
        let set = |cs: &[Channel]| cs.iter().fold(0u8, |m, c| m | c.bit());
        let mut regional: HashMap<String, u8> = HashMap::new();
        let windows = pack
            .windows
            .iter()
            .map(|w| {
                if let Some(r) = &w.region {
                    *regional.entry(r.clone()).or_default() |= set(&w.channels);
                }
                OpenHours {
                    rule: w.rule.clone(),
                    channels: set(&w.channels),
                    days: w
                        .days
                        .iter()
                        .filter_map(|d| weekday(d))
                        .fold(0u8, |m, d| m | 1 << d.num_days_from_monday()),
                    from: minutes(&w.from).unwrap_or(0),
                    to: minutes(&w.to).unwrap_or(0),
                    open_on_holidays: w.open_on_holidays,
                }
            })
            .collect();
        let id = |suffix: &str| format!("{}.{suffix}", pack.id);
        let ids = RuleIds {
            opt_out: id("opt_out"),
            settled: id("settled"),
            prescription: id("cool_offs.prescription"),
            after_conversation: id("cool_offs.after_conversation"),
            promise: id("cool_offs.until_promise_passed"),
            phone_per_7_days: id("caps.phone_per_7_days"),
            all_per_7_days: id("caps.all_per_7_days"),
            per_channel_per_day: id("caps.per_channel_per_day"),
            holidays: id("holidays"),
            no_hours: id("windows"),
        };
        let conversation_channels = pack
            .cool_offs
            .conversation_channels
            .as_deref()
            .map_or(u8::MAX, set);
        PackPlanner {
            conversation_outcomes: pack.cool_offs.conversation_outcomes.clone(),
            conversation_channels,
            windows,
            regional,
            ids,
            pack,
        }
    }

    /// The pack it plans under.
    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// The windows that apply to `channel` for a client of `region`: the state's own when it
    /// has some for the channel, else the pack's defaults.
    fn windows_for<'a>(
        &'a self,
        region: Option<&str>,
        channel: Channel,
    ) -> impl Iterator<Item = &'a OpenHours> + 'a {
        let own = region
            .and_then(|r| self.regional.get_key_value(r))
            .filter(|(_, m)| *m & channel.bit() != 0)
            .map(|(r, _)| r.as_str());
        self.pack
            .windows
            .iter()
            .zip(&self.windows)
            .filter(move |(w, h)| h.channels & channel.bit() != 0 && w.region.as_deref() == own)
            .map(|(_, h)| h)
    }

    /// The first instant ≥ `from` inside an open window, and that window.
    fn first_open(
        &self,
        client: &Client,
        channel: Channel,
        from: DateTime<Utc>,
        prescribed_on: Option<NaiveDate>,
    ) -> Result<(DateTime<Utc>, &OpenHours), Never> {
        let region = client.region.as_deref();
        let mut date = client.zone.local(from).date_naive();
        for _ in 0..HORIZON_DAYS {
            if prescribed_on.is_some_and(|p| date >= p) {
                return Err(Never::Prescribed);
            }
            let holiday = self.pack.holiday(date, region).is_some();
            let day_bit = 1u8 << chrono::Datelike::weekday(&date).num_days_from_monday();
            let mut best: Option<(DateTime<Utc>, &OpenHours)> = None;
            for w in self.windows_for(region, channel) {
                if w.days & day_bit == 0 || (holiday && !w.open_on_holidays) {
                    continue;
                }
                let start = client.zone.instant(at_minute(date, w.from));
                let end = client.zone.instant(at_minute(date, w.to));
                let t = start.max(from);
                if t < end && best.is_none_or(|(b, _)| t < b) {
                    best = Some((t, w));
                }
            }
            if let Some(found) = best {
                return Ok(found);
            }
            date = date.succ_opt().ok_or(Never::NoHours)?;
        }
        Err(Never::NoHours)
    }
}

/// `date` at `minute` minutes after midnight (1 440: the next midnight).
fn at_minute(date: NaiveDate, minute: u32) -> chrono::NaiveDateTime {
    date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// `now` rounded up to a whole second (plans are written to the second).
fn whole_second(now: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = chrono::Timelike::nanosecond(&now);
    if nanos == 0 {
        now
    } else {
        now + Duration::nanoseconds(i64::from(1_000_000_000 - nanos % 1_000_000_000))
    }
}

/// The instant the `cap`-th most recent of `times` leaves the rolling 7 days; `None` when
/// fewer than `cap` are counted (the pack's caps are at least 1).
fn rolling_cap_clears(times: &mut [DateTime<Utc>], cap: u32) -> Option<DateTime<Utc>> {
    let cap = (cap as usize).max(1);
    if times.len() < cap {
        return None;
    }
    times.sort_unstable_by(|a, b| b.cmp(a));
    Some(times[cap - 1] + Duration::days(7))
}

impl ContactPlanner for PackPlanner {
    fn plan_channel(
        &self,
        client: &Client,
        history: &[Attempt],
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Slot<'_> {
        let now = whole_second(now);
        let never = |reason, rule| Slot {
            channel,
            allowed_at: None,
            reason: Some(reason),
            rule,
        };
        let known: Vec<&Attempt> = history.iter().filter(|a| a.at <= now).collect();
        let ids = &self.ids;
        if client.opt_out.contains(&channel)
            || known
                .iter()
                .any(|a| a.outcome == Outcome::OptOut && a.channel == channel)
        {
            return never(Reason::OptOut, &ids.opt_out);
        }
        if known.iter().any(|a| a.outcome == Outcome::Paid) {
            return never(Reason::Settled, &ids.settled);
        }
        let prescribed_on = self.pack.cool_offs.prescription_years.and_then(|years| {
            client
                .debt_since
                .and_then(|d| d.checked_add_months(Months::new(12 * years)))
        });
        let today = client.zone.local(now).date_naive();
        if prescribed_on.is_some_and(|p| today >= p) {
            return never(Reason::Prescribed, &ids.prescription);
        }

        // Lower bounds, each with the reason it gives while it holds, most binding first.
        let mut bounds: Vec<(DateTime<Utc>, Reason, &str)> = Vec::with_capacity(5);
        if channel.bit() & self.conversation_channels != 0 {
            let days = Duration::days(i64::from(self.pack.cool_offs.after_conversation_days));
            let last = known
                .iter()
                .filter(|a| {
                    self.conversation_outcomes.contains(&a.outcome)
                        && a.channel.bit() & self.conversation_channels != 0
                })
                .map(|a| a.at)
                .max();
            if let Some(last) = last {
                bounds.push((
                    last + days,
                    Reason::AfterConversation,
                    &ids.after_conversation,
                ));
            }
        }
        if self.pack.cool_offs.until_promise_passed {
            let promise = known
                .iter()
                .filter(|a| a.outcome == Outcome::Promise)
                .max_by_key(|a| a.at)
                .and_then(|a| a.promised_date);
            if let Some(day_after) = promise.and_then(|d| d.succ_opt()) {
                let start = client.zone.instant(at_minute(day_after, 0));
                bounds.push((start, Reason::PromisePending, &ids.promise));
            }
        }
        let caps = &self.pack.caps;
        if let (Some(cap), Channel::Phone) = (caps.phone_per_7_days, channel) {
            let mut times: Vec<_> = known
                .iter()
                .filter(|a| a.channel == Channel::Phone)
                .map(|a| a.at)
                .collect();
            if let Some(t) = rolling_cap_clears(&mut times, cap) {
                bounds.push((t, Reason::WeeklyCap, &ids.phone_per_7_days));
            }
        }
        if let Some(cap) = caps.all_per_7_days {
            let mut times: Vec<_> = known.iter().map(|a| a.at).collect();
            if let Some(t) = rolling_cap_clears(&mut times, cap) {
                bounds.push((t, Reason::WeeklyCap, &ids.all_per_7_days));
            }
        }
        if let Some(cap) = caps.per_channel_per_day {
            let today_count = known
                .iter()
                .filter(|a| a.channel == channel && client.zone.local(a.at).date_naive() == today)
                .count();
            if today_count >= cap as usize {
                let tomorrow = today.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, |d| {
                    client.zone.instant(at_minute(d, 0))
                });
                bounds.push((tomorrow, Reason::DailyCap, &ids.per_channel_per_day));
            }
        }

        let from = bounds.iter().map(|b| b.0).fold(now, DateTime::max);
        let open = self.first_open(client, channel, from, prescribed_on);
        let blocking = bounds.iter().find(|b| b.0 > now);
        let (reason, rule): (Option<Reason>, &str) = match (&open, blocking) {
            (Err(Never::Prescribed), _) => (Some(Reason::Prescribed), &ids.prescription),
            (_, Some(&(_, reason, rule))) => (Some(reason), rule),
            (Ok((t, w)), None) if *t == now => (None, &w.rule),
            (Ok((_, w)), None) => match self.calendar_reason(client, channel, now) {
                Reason::Holiday => (Some(Reason::Holiday), &ids.holidays),
                other => (Some(other), &w.rule),
            },
            (Err(Never::NoHours), None) => (Some(Reason::OutsideHours), &ids.no_hours),
        };
        Slot {
            channel,
            allowed_at: open
                .ok()
                .map(|(t, _)| t.with_timezone(&client.zone.offset_at(t))),
            reason,
            rule,
        }
    }
}

/// Why a channel never opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Never {
    /// The debt prescribes before the next open window.
    Prescribed,
    /// The pack has no hours for the channel (within a year).
    NoHours,
}

impl PackPlanner {
    /// Why the calendar forbids `now`: a holiday, a Sunday without hours, or the hours.
    fn calendar_reason(&self, client: &Client, channel: Channel, now: DateTime<Utc>) -> Reason {
        let date = client.zone.local(now).date_naive();
        let region = client.region.as_deref();
        if self.pack.holiday(date, region).is_some() {
            return Reason::Holiday;
        }
        let weekday = chrono::Datelike::weekday(&date);
        let sunday_bit = 1u8 << chrono::Weekday::Sun.num_days_from_monday();
        if weekday == chrono::Weekday::Sun
            && self
                .windows_for(region, channel)
                .all(|w| w.days & sunday_bit == 0)
        {
            return Reason::Sunday;
        }
        Reason::OutsideHours
    }
}
