//! The planner on hand-built scenarios, and against an independent minute-by-minute scan.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use contact_planner::{
    Attempt, Channel, Client, ContactPlanner, Outcome, PackPlanner, Reason, RulePack, Zone,
};

fn client(uf: &str, channels: &[Channel]) -> Client {
    Client {
        id: format!("c-{uf}"),
        region: Some(uf.to_string()),
        zone: Zone::of_state(uf).unwrap(),
        channels: channels.to_vec(),
        opt_out: vec![],
        debt_since: None,
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn attempt(channel: Channel, when: &str, outcome: Outcome) -> Attempt {
    Attempt {
        channel,
        at: at(when),
        outcome,
        promised_date: None,
        amount: None,
    }
}

/// `(allowed_at as RFC 3339, reason, rule)` for one channel.
fn plan(
    planner: &PackPlanner,
    client: &Client,
    history: &[Attempt],
    channel: Channel,
    now: &str,
) -> (Option<String>, Option<Reason>, String) {
    let slot = planner.plan_channel(client, history, channel, at(now));
    (
        slot.allowed_at.map(|t| t.to_rfc3339()),
        slot.reason,
        slot.rule.to_string(),
    )
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn hours_in_the_clients_own_zone() {
    let br = PackPlanner::new(RulePack::br());
    let manaus = client("AM", &[Channel::Phone]);
    // Thursday 3 December 2026, 07:30 in Manaus (UTC-4), 08:30 in São Paulo.
    assert_eq!(
        plan(
            &br,
            &manaus,
            &[],
            Channel::Phone,
            "2026-12-03T07:30:00-04:00"
        ),
        (
            some("2026-12-03T08:00:00-04:00"),
            Some(Reason::OutsideHours),
            "br.hours.weekday".into()
        )
    );
    let sp = client("SP", &[Channel::Phone]);
    assert_eq!(
        plan(&br, &sp, &[], Channel::Phone, "2026-12-03T08:30:00-03:00"),
        (
            some("2026-12-03T08:30:00-03:00"),
            None,
            "br.hours.weekday".into()
        )
    );
    // Rio Branco is UTC-5: 19:59 there is 21:59 in Brasília, still inside 08–20.
    let acre = client("AC", &[Channel::Sms]);
    assert_eq!(
        plan(&br, &acre, &[], Channel::Sms, "2026-12-03T19:59:00-05:00").1,
        None
    );
    assert_eq!(
        plan(&br, &acre, &[], Channel::Sms, "2026-12-03T20:00:00-05:00"),
        (
            some("2026-12-04T08:00:00-05:00"),
            Some(Reason::OutsideHours),
            "br.hours.weekday".into()
        )
    );
}

#[test]
fn saturdays_sundays_and_holidays() {
    let br = PackPlanner::new(RulePack::br());
    let sp = client("SP", &[Channel::Whatsapp, Channel::Email]);
    // Saturday 5 December 2026: 08–14 only.
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-12-05T13:59:00-03:00"
        )
        .1,
        None
    );
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-12-05T14:00:00-03:00"
        ),
        (
            some("2026-12-07T08:00:00-03:00"),
            Some(Reason::OutsideHours),
            "br.hours.weekday".into()
        )
    );
    // Sunday 6 December.
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-12-06T10:00:00-03:00"
        ),
        (
            some("2026-12-07T08:00:00-03:00"),
            Some(Reason::Sunday),
            "br.hours.weekday".into()
        )
    );
    // Friday 25 December: Christmas; Saturday 26 is open. E-mail is open on holidays.
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-12-25T10:00:00-03:00"
        ),
        (
            some("2026-12-26T08:00:00-03:00"),
            Some(Reason::Holiday),
            "br.holidays".into()
        )
    );
    assert_eq!(
        plan(&br, &sp, &[], Channel::Email, "2026-12-25T10:00:00-03:00"),
        (
            some("2026-12-25T10:00:00-03:00"),
            None,
            "br.hours.email".into()
        )
    );
    // Good Friday 3 April 2026, then Saturday 08:00; Tiradentes on Tuesday 21 April.
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-04-03T09:00:00-03:00"
        )
        .0,
        some("2026-04-04T08:00:00-03:00")
    );
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-04-20T20:30:00-03:00"
        )
        .0,
        some("2026-04-22T08:00:00-03:00")
    );
    // 20 November is a holiday since 2024 (a Monday in 2023, a Friday in 2026).
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2023-11-20T09:00:00-03:00"
        )
        .1,
        None
    );
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-11-20T09:00:00-03:00"
        )
        .1,
        Some(Reason::Holiday)
    );
    // A state holiday: 9 July in São Paulo only.
    let mg = client("MG", &[Channel::Whatsapp]);
    assert_eq!(
        plan(
            &br,
            &sp,
            &[],
            Channel::Whatsapp,
            "2026-07-09T09:00:00-03:00"
        )
        .1,
        Some(Reason::Holiday)
    );
    assert_eq!(
        plan(
            &br,
            &mg,
            &[],
            Channel::Whatsapp,
            "2026-07-09T09:00:00-03:00"
        )
        .1,
        None
    );
}

#[test]
fn a_states_hours_replace_the_defaults_for_their_channels() {
    let br = PackPlanner::new(RulePack::br());
    let rj = client("RJ", &[Channel::Phone, Channel::Email]);
    assert_eq!(
        plan(&br, &rj, &[], Channel::Phone, "2026-12-03T08:30:00-03:00"),
        (
            some("2026-12-03T09:00:00-03:00"),
            Some(Reason::OutsideHours),
            "br.rj.hours.weekday".into()
        )
    );
    // No Saturday hours in Rio: Monday 09:00, and not a "sunday".
    assert_eq!(
        plan(&br, &rj, &[], Channel::Phone, "2026-12-05T10:00:00-03:00"),
        (
            some("2026-12-07T09:00:00-03:00"),
            Some(Reason::OutsideHours),
            "br.rj.hours.weekday".into()
        )
    );
    // E-mail keeps the national rule.
    assert_eq!(
        plan(&br, &rj, &[], Channel::Email, "2026-12-05T10:00:00-03:00").1,
        None
    );
}

#[test]
fn caps_count_per_local_day_and_over_rolling_seven_days() {
    let br = PackPlanner::new(RulePack::br());
    let sp = client("SP", &[Channel::Phone, Channel::Sms]);
    // One phone attempt today: phone waits for tomorrow, SMS is free.
    let today = [attempt(
        Channel::Phone,
        "2026-12-03T09:00:00-03:00",
        Outcome::NoAnswer,
    )];
    assert_eq!(
        plan(
            &br,
            &sp,
            &today,
            Channel::Phone,
            "2026-12-03T11:00:00-03:00"
        ),
        (
            some("2026-12-04T08:00:00-03:00"),
            Some(Reason::DailyCap),
            "br.caps.per_channel_per_day".into()
        )
    );
    assert_eq!(
        plan(&br, &sp, &today, Channel::Sms, "2026-12-03T11:00:00-03:00").1,
        None
    );
    // Three phone attempts, the oldest on Monday 30 November at 10:30: on Monday 7 December
    // the phone opens mid-day, when that attempt leaves the 7 days.
    let three = [
        attempt(
            Channel::Phone,
            "2026-11-30T10:30:00-03:00",
            Outcome::NoAnswer,
        ),
        attempt(
            Channel::Phone,
            "2026-12-01T11:00:00-03:00",
            Outcome::NoAnswer,
        ),
        attempt(
            Channel::Phone,
            "2026-12-02T09:00:00-03:00",
            Outcome::NoAnswer,
        ),
    ];
    assert_eq!(
        plan(
            &br,
            &sp,
            &three,
            Channel::Phone,
            "2026-12-07T08:00:00-03:00"
        ),
        (
            some("2026-12-07T10:30:00-03:00"),
            Some(Reason::WeeklyCap),
            "br.caps.phone_per_7_days".into()
        )
    );
    // Seven attempts over all channels stop every channel.
    let seven: Vec<Attempt> = (0..7)
        .map(|i| {
            let mut a = attempt(
                [Channel::Sms, Channel::Email, Channel::Whatsapp][i % 3],
                "2026-11-27T10:00:00-03:00",
                Outcome::NoAnswer,
            );
            a.at += Duration::days(i as i64);
            a
        })
        .collect();
    assert_eq!(
        plan(&br, &sp, &seven, Channel::Sms, "2026-12-03T12:00:00-03:00"),
        (
            some("2026-12-04T10:00:00-03:00"),
            Some(Reason::WeeklyCap),
            "br.caps.all_per_7_days".into()
        )
    );
}

#[test]
fn cool_offs_after_a_conversation_and_until_a_promise_passes() {
    let br = PackPlanner::new(RulePack::br());
    let sp = client("SP", &[Channel::Phone, Channel::Email]);
    let talk = [attempt(
        Channel::Phone,
        "2026-12-01T15:00:00-03:00",
        Outcome::Conversation,
    )];
    assert_eq!(
        plan(&br, &sp, &talk, Channel::Email, "2026-12-03T12:00:00-03:00"),
        (
            some("2026-12-08T15:00:00-03:00"),
            Some(Reason::AfterConversation),
            "br.cool_offs.after_conversation".into()
        )
    );
    let mut promise = attempt(
        Channel::Phone,
        "2026-12-02T10:00:00-03:00",
        Outcome::Promise,
    );
    promise.promised_date = NaiveDate::from_ymd_opt(2026, 12, 4);
    // The day after the promised date is a Saturday: 08:00 for the phone, midnight for e-mail.
    assert_eq!(
        plan(
            &br,
            &sp,
            &[promise.clone()],
            Channel::Phone,
            "2026-12-03T12:00:00-03:00"
        ),
        (
            some("2026-12-05T08:00:00-03:00"),
            Some(Reason::PromisePending),
            "br.cool_offs.until_promise_passed".into()
        )
    );
    assert_eq!(
        plan(
            &br,
            &sp,
            &[promise],
            Channel::Email,
            "2026-12-03T12:00:00-03:00"
        )
        .0,
        some("2026-12-05T00:00:00-03:00")
    );
}

#[test]
fn never_after_payment_opt_out_or_prescription() {
    let br = PackPlanner::new(RulePack::br());
    let mut sp = client("SP", &[Channel::Phone, Channel::Sms]);
    let paid = [attempt(
        Channel::Sms,
        "2026-12-01T10:00:00-03:00",
        Outcome::Paid,
    )];
    assert_eq!(
        plan(&br, &sp, &paid, Channel::Phone, "2026-12-03T12:00:00-03:00"),
        (None, Some(Reason::Settled), "br.settled".into())
    );
    let opted = [attempt(
        Channel::Sms,
        "2026-12-01T10:00:00-03:00",
        Outcome::OptOut,
    )];
    assert_eq!(
        plan(&br, &sp, &opted, Channel::Sms, "2026-12-03T12:00:00-03:00"),
        (None, Some(Reason::OptOut), "br.opt_out".into())
    );
    assert_eq!(
        plan(
            &br,
            &sp,
            &opted,
            Channel::Phone,
            "2026-12-03T12:00:00-03:00"
        )
        .1,
        None
    );
    sp.opt_out = vec![Channel::Phone];
    assert_eq!(
        plan(&br, &sp, &[], Channel::Phone, "2026-12-03T12:00:00-03:00").1,
        Some(Reason::OptOut)
    );
    // Five years after 7 December 2021 the debt prescribes (Código Civil art. 206 §5 I).
    sp.opt_out.clear();
    sp.debt_since = NaiveDate::from_ymd_opt(2021, 12, 7);
    assert_eq!(
        plan(&br, &sp, &[], Channel::Phone, "2026-12-04T21:00:00-03:00"),
        (
            some("2026-12-05T08:00:00-03:00"),
            Some(Reason::OutsideHours),
            "br.hours.saturday".into()
        )
    );
    // After Saturday's hours the next window is Monday 7th, the day it prescribes: never.
    assert_eq!(
        plan(&br, &sp, &[], Channel::Phone, "2026-12-05T15:00:00-03:00"),
        (
            None,
            Some(Reason::Prescribed),
            "br.cool_offs.prescription".into()
        )
    );
    assert_eq!(
        plan(&br, &sp, &[], Channel::Phone, "2026-12-07T09:00:00-03:00"),
        (
            None,
            Some(Reason::Prescribed),
            "br.cool_offs.prescription".into()
        )
    );
}

#[test]
fn regulation_f_hours_calls_and_telephone_conversations() {
    let reg_f = PackPlanner::new(RulePack::us_reg_f());
    let ny = Client {
        id: "ny".into(),
        region: None,
        zone: Zone::named("America/New_York").unwrap(),
        channels: vec![Channel::Phone, Channel::Sms],
        opt_out: vec![],
        debt_since: NaiveDate::from_ymd_opt(2010, 1, 1),
    };
    // Sunday 8 March 2026, the day clocks go forward: 08:00 EDT (UTC-4); no prescription.
    assert_eq!(
        plan(
            &reg_f,
            &ny,
            &[],
            Channel::Phone,
            "2026-03-08T06:00:00-05:00"
        ),
        (
            some("2026-03-08T08:00:00-04:00"),
            Some(Reason::OutsideHours),
            "us.hours".into()
        )
    );
    // Christmas is not a Reg F restriction; 21:00 is.
    assert_eq!(
        plan(
            &reg_f,
            &ny,
            &[],
            Channel::Phone,
            "2026-12-25T20:59:00-05:00"
        )
        .1,
        None
    );
    // A telephone conversation stops calls for 7 days, not texts.
    let talk = [attempt(
        Channel::Phone,
        "2026-12-01T10:00:00-05:00",
        Outcome::Promise,
    )];
    assert_eq!(
        plan(
            &reg_f,
            &ny,
            &talk,
            Channel::Phone,
            "2026-12-03T10:00:00-05:00"
        ),
        (
            some("2026-12-08T10:00:00-05:00"),
            Some(Reason::AfterConversation),
            "us-reg-f.cool_offs.after_conversation".into()
        )
    );
    assert_eq!(
        plan(
            &reg_f,
            &ny,
            &talk,
            Channel::Sms,
            "2026-12-03T10:00:00-05:00"
        )
        .1,
        None
    );
    // Seven calls in the last 7 days: the eighth waits for the oldest to leave.
    let calls: Vec<Attempt> = (0..7)
        .map(|i| {
            let mut a = attempt(
                Channel::Phone,
                "2026-11-27T09:15:00-05:00",
                Outcome::NoAnswer,
            );
            a.at += Duration::hours(20 * i);
            a
        })
        .collect();
    assert_eq!(
        plan(
            &reg_f,
            &ny,
            &calls,
            Channel::Phone,
            "2026-12-03T10:00:00-05:00"
        )
        .0,
        some("2026-12-04T09:15:00-05:00")
    );
}

#[test]
fn plans_serialise_with_the_clients_offset_and_snake_case_reasons() {
    let br = PackPlanner::new(RulePack::br());
    let am = client("AM", &[Channel::Phone]);
    let slot = br.plan_channel(&am, &[], Channel::Phone, at("2026-12-06T12:00:00Z"));
    assert_eq!(
        serde_json::to_value(&slot).unwrap(),
        serde_json::json!({"channel": "phone", "allowed_at": "2026-12-07T08:00:00-04:00",
            "reason": "sunday", "rule": "br.hours.weekday"})
    );
}

mod brute_force {
    //! Every planned instant is legal and no earlier minute is, by an independent reading of
    //! the pack.

    use super::*;
    use chrono::Timelike;
    use proptest::prelude::*;

    /// Whether a contact on `channel` at `t` keeps every rule of `pack`, read directly.
    fn legal(
        pack: &RulePack,
        client: &Client,
        history: &[Attempt],
        channel: Channel,
        now: DateTime<Utc>,
        t: DateTime<Utc>,
    ) -> bool {
        let known: Vec<&Attempt> = history.iter().filter(|a| a.at <= now).collect();
        if client.opt_out.contains(&channel)
            || known
                .iter()
                .any(|a| a.outcome == Outcome::OptOut && a.channel == channel)
            || known.iter().any(|a| a.outcome == Outcome::Paid)
        {
            return false;
        }
        let local = client.zone.local(t);
        let date = local.date_naive();
        if let (Some(years), Some(since)) = (pack.cool_offs.prescription_years, client.debt_since) {
            if date
                >= since
                    .checked_add_months(chrono::Months::new(12 * years))
                    .unwrap()
            {
                return false;
            }
        }
        let talk_channels = pack.cool_offs.conversation_channels.clone();
        let talks_on = |c: Channel| talk_channels.as_ref().is_none_or(|cs| cs.contains(&c));
        if talks_on(channel)
            && known.iter().any(|a| {
                pack.cool_offs.conversation_outcomes.contains(&a.outcome)
                    && talks_on(a.channel)
                    && t < a.at + Duration::days(pack.cool_offs.after_conversation_days as i64)
            })
        {
            return false;
        }
        if pack.cool_offs.until_promise_passed {
            let latest = known
                .iter()
                .filter(|a| a.outcome == Outcome::Promise)
                .max_by_key(|a| a.at);
            if latest
                .and_then(|a| a.promised_date)
                .is_some_and(|p| date <= p)
            {
                return false;
            }
        }
        let in_week = |a: &&&Attempt| a.at > t - Duration::days(7);
        if let Some(cap) = pack.caps.per_channel_per_day {
            let same_day = known
                .iter()
                .filter(|a| a.channel == channel && client.zone.local(a.at).date_naive() == date)
                .count();
            if same_day >= cap as usize {
                return false;
            }
        }
        if let (Some(cap), Channel::Phone) = (pack.caps.phone_per_7_days, channel) {
            let calls = known
                .iter()
                .filter(in_week)
                .filter(|a| a.channel == Channel::Phone)
                .count();
            if calls >= cap as usize {
                return false;
            }
        }
        if let Some(cap) = pack.caps.all_per_7_days {
            if known.iter().filter(in_week).count() >= cap as usize {
                return false;
            }
        }
        let own: Vec<_> = pack
            .windows
            .iter()
            .filter(|w| w.region.is_some() && w.region == client.region)
            .filter(|w| w.channels.contains(&channel))
            .collect();
        let windows: Vec<_> = if own.is_empty() {
            pack.windows
                .iter()
                .filter(|w| w.region.is_none() && w.channels.contains(&channel))
                .collect()
        } else {
            own
        };
        let holiday = pack.holiday(date, client.region.as_deref()).is_some();
        let day = local.format("%a").to_string().to_lowercase();
        let minute = local.hour() * 60 + local.minute();
        let hm = |s: &str| {
            let (h, m) = s.split_once(':').unwrap();
            h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
        };
        windows.iter().any(|w| {
            w.days.contains(&day)
                && hm(&w.from) <= minute
                && minute < hm(&w.to)
                && (!holiday || w.open_on_holidays)
        })
    }

    /// Interesting days: Christmas, Good Friday 2026, 20 November, New York's DST changes,
    /// a plain week.
    const DAYS: &[&str] = &[
        "2026-12-24",
        "2026-12-25",
        "2026-04-02",
        "2026-11-19",
        "2026-11-20",
        "2026-03-07",
        "2026-03-08",
        "2026-10-31",
        "2026-11-01",
        "2026-12-03",
        "2026-12-05",
        "2026-12-06",
        "2027-01-01",
        "2026-04-22",
        "2026-07-09",
    ];
    /// Minutes on and beside the packs' window edges (08:00, 09:00, 14:00, 19:00, 20:00,
    /// 21:00, midnight).
    const EDGES: &[u32] = &[
        0, 1, 479, 480, 539, 540, 839, 840, 1139, 1140, 1199, 1200, 1259, 1260, 1439,
    ];
    const PLACES: &[(Option<&str>, &str)] = &[
        (Some("SP"), "America/Sao_Paulo"),
        (Some("AM"), "America/Manaus"),
        (Some("AC"), "America/Rio_Branco"),
        (Some("RJ"), "America/Sao_Paulo"),
        (Some("AL"), "America/Maceio"),
        (None, "America/Noronha"),
        (None, "America/New_York"),
        (None, "America/Chicago"),
    ];

    fn scenario() -> impl Strategy<Value = (bool, Client, Vec<Attempt>, DateTime<Utc>)> {
        let attempt = (0usize..4, 0i64..10 * 1440, 0usize..20, -3i64..10);
        (
            any::<bool>(),
            0..PLACES.len(),
            0..DAYS.len(),
            prop_oneof![0u32..1440, proptest::sample::select(EDGES)],
            proptest::collection::vec(attempt, 0..12),
            proptest::option::weighted(0.1, 0..Channel::ALL.len()),
            proptest::option::weighted(0.2, -40i64..40),
        )
            .prop_map(|(reg_f, place, day, minute, rows, opt_out, debt_days)| {
                let (region, zone_name) = PLACES[place];
                let zone = Zone::named(zone_name).unwrap();
                let date = NaiveDate::parse_from_str(DAYS[day], "%Y-%m-%d").unwrap();
                let local = date.and_hms_opt(minute / 60, minute % 60, 0).unwrap();
                let now = zone.instant(local);
                let history = rows
                    .into_iter()
                    .map(|(c, ago, kind, promised)| {
                        // Mostly unanswered; sometimes a conversation, a refusal, a promise;
                        // rarely a payment or an opt-out.
                        let outcome = match kind {
                            0..=11 => Outcome::NoAnswer,
                            12..=13 => Outcome::Conversation,
                            14 => Outcome::Refused,
                            15..=17 => Outcome::Promise,
                            18 => Outcome::Paid,
                            _ => Outcome::OptOut,
                        };
                        let at = now - Duration::minutes(ago);
                        Attempt {
                            channel: Channel::ALL[c],
                            at,
                            outcome,
                            promised_date: (outcome == Outcome::Promise)
                                .then(|| date + Duration::days(promised)),
                            amount: None,
                        }
                    })
                    .collect();
                let client = Client {
                    id: "p".into(),
                    region: region.map(str::to_string),
                    zone,
                    channels: Channel::ALL.to_vec(),
                    opt_out: opt_out.map(|i| vec![Channel::ALL[i]]).unwrap_or_default(),
                    debt_since: debt_days.map(|d| {
                        date.checked_sub_months(chrono::Months::new(60)).unwrap()
                            + Duration::days(d)
                    }),
                };
                (reg_f, client, history, now)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn the_plan_is_the_earliest_legal_minute((reg_f, client, history, now) in scenario()) {
            let pack = if reg_f { RulePack::us_reg_f() } else { RulePack::br() };
            let planner = PackPlanner::new(pack.clone());
            let horizon = now + Duration::days(14);
            for slot in planner.plan(&client, &history, now) {
                let channel = slot.channel;
                let first_legal = (0..14 * 1440)
                    .map(|m| now + Duration::minutes(m))
                    .find(|&t| legal(&pack, &client, &history, channel, now, t));
                match slot.allowed_at {
                    Some(t) => {
                        let t = t.to_utc();
                        prop_assert!(t >= now);
                        prop_assert!(legal(&pack, &client, &history, channel, now, t),
                            "{channel} planned at an illegal {t}");
                        if t < horizon {
                            prop_assert_eq!(first_legal, Some(t), "{}", channel);
                        } else {
                            prop_assert_eq!(first_legal, None);
                        }
                        prop_assert_eq!(slot.reason.is_none(), t == now);
                    }
                    None => {
                        prop_assert_eq!(first_legal, None, "{} said never", channel);
                        prop_assert!(matches!(slot.reason,
                            Some(Reason::OptOut | Reason::Settled | Reason::Prescribed)));
                    }
                }
                prop_assert!(!slot.rule.is_empty());
            }
        }
    }
}
