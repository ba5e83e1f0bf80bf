//! The client's local time. A Brazilian state (UF) or an IANA zone name gives a [`Zone`]:
//! Brazil has had no daylight saving time since Decreto 9.772/2019, so each of its zones is one
//! fixed offset; the main US zones follow the Energy Policy Act of 2005 (DST from the second
//! Sunday of March to the first Sunday of November, at 02:00 local, since 2007); a zone written
//! `UTC-03:00` is taken as written.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// UF → its zone (the state's capital; western Amazonas and Fernando de Noronha are zones of
/// their own, given by name).
const STATES: &[(&str, &str)] = &[
    ("AC", "America/Rio_Branco"),
    ("AL", "America/Maceio"),
    ("AM", "America/Manaus"),
    ("AP", "America/Belem"),
    ("BA", "America/Bahia"),
    ("CE", "America/Fortaleza"),
    ("DF", "America/Sao_Paulo"),
    ("ES", "America/Sao_Paulo"),
    ("GO", "America/Sao_Paulo"),
    ("MA", "America/Fortaleza"),
    ("MG", "America/Sao_Paulo"),
    ("MS", "America/Campo_Grande"),
    ("MT", "America/Cuiaba"),
    ("PA", "America/Belem"),
    ("PB", "America/Fortaleza"),
    ("PE", "America/Recife"),
    ("PI", "America/Fortaleza"),
    ("PR", "America/Sao_Paulo"),
    ("RJ", "America/Sao_Paulo"),
    ("RN", "America/Fortaleza"),
    ("RO", "America/Porto_Velho"),
    ("RR", "America/Boa_Vista"),
    ("RS", "America/Sao_Paulo"),
    ("SC", "America/Sao_Paulo"),
    ("SE", "America/Maceio"),
    ("SP", "America/Sao_Paulo"),
    ("TO", "America/Araguaina"),
];

/// Brazilian IANA zones and their offsets in hours (no DST since 2019).
const ZONES: &[(&str, i32)] = &[
    ("America/Noronha", -2),
    ("America/Sao_Paulo", -3),
    ("America/Bahia", -3),
    ("America/Fortaleza", -3),
    ("America/Recife", -3),
    ("America/Maceio", -3),
    ("America/Belem", -3),
    ("America/Araguaina", -3),
    ("America/Santarem", -3),
    ("America/Manaus", -4),
    ("America/Cuiaba", -4),
    ("America/Campo_Grande", -4),
    ("America/Porto_Velho", -4),
    ("America/Boa_Vista", -4),
    ("America/Rio_Branco", -5),
    ("America/Eirunepe", -5),
];

/// US zones: standard offset in hours and whether they observe DST.
const US_ZONES: &[(&str, i32, bool)] = &[
    ("America/New_York", -5, true),
    ("America/Detroit", -5, true),
    ("America/Indiana/Indianapolis", -5, true),
    ("America/Kentucky/Louisville", -5, true),
    ("America/Chicago", -6, true),
    ("America/Denver", -7, true),
    ("America/Boise", -7, true),
    ("America/Phoenix", -7, false),
    ("America/Los_Angeles", -8, true),
    ("America/Anchorage", -9, true),
    ("Pacific/Honolulu", -10, false),
    ("America/Puerto_Rico", -4, false),
];

/// A client's time zone: the offset of every instant and the instant of every local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// One offset all year (every Brazilian zone, `UTC±HH:MM`, Phoenix, Honolulu).
    Fixed(FixedOffset),
    /// A US zone with daylight saving time (one hour ahead from the second Sunday of March,
    /// 02:00 standard time, to the first Sunday of November, 02:00 daylight time).
    UsDaylight {
        /// The standard (winter) offset.
        standard: FixedOffset,
    },
}

impl Zone {
    /// The zone of an IANA name (Brazilian and main US zones) or of `UTC±HH:MM`.
    ///
    /// ```
    /// use contact_planner::Zone;
    /// assert!(Zone::named("America/Manaus").is_some());
    /// assert!(Zone::named("America/Chicago").is_some());
    /// assert!(Zone::named("Mars/Olympus").is_none());
    /// ```
    pub fn named(name: &str) -> Option<Zone> {
        if let Some(&(_, hours, dst)) = US_ZONES.iter().find(|(z, _, _)| *z == name) {
            let standard = FixedOffset::east_opt(hours * 3600)?;
            return Some(if dst {
                Zone::UsDaylight { standard }
            } else {
                Zone::Fixed(standard)
            });
        }
        offset_of_zone(name).map(Zone::Fixed)
    }

    /// The zone of a Brazilian state (UF).
    pub fn of_state(uf: &str) -> Option<Zone> {
        zone_of_state(uf).and_then(Zone::named)
    }

    /// The offset in force at `instant`.
    pub fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match *self {
            Zone::Fixed(offset) => offset,
            Zone::UsDaylight { standard } => {
                let seconds = Duration::seconds(i64::from(standard.local_minus_utc()));
                let year = instant
                    .checked_add_signed(seconds)
                    .map_or(instant.year(), |t| t.year());
                let (start, end) = us_daylight_period(year, standard);
                if instant >= start && instant < end {
                    daylight(standard)
                } else {
                    standard
                }
            }
        }
    }

    /// `instant` in local time.
    pub fn local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        instant.with_timezone(&self.offset_at(instant))
    }

    /// The earliest instant whose local time is `local`; in the hour the clocks skip in March,
    /// the instant they jump.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match *self {
            Zone::Fixed(offset) => utc_of(local, offset),
            Zone::UsDaylight { standard } => {
                let summer = daylight(standard);
                let as_summer = utc_of(local, summer);
                let as_winter = utc_of(local, standard);
                match (
                    self.offset_at(as_summer) == summer,
                    self.offset_at(as_winter) == standard,
                ) {
                    (true, true) => as_summer.min(as_winter),
                    (true, false) => as_summer,
                    (false, true) => as_winter,
                    // The skipped hour: the clocks jump at the start of daylight time.
                    (false, false) => us_daylight_period(local.year(), standard).0,
                }
            }
        }
    }
}

fn daylight(standard: FixedOffset) -> FixedOffset {
    FixedOffset::east_opt(standard.local_minus_utc() + 3600).unwrap_or(standard)
}

fn utc_of(local: NaiveDateTime, offset: FixedOffset) -> DateTime<Utc> {
    let seconds = Duration::seconds(i64::from(offset.local_minus_utc()));
    DateTime::from_naive_utc_and_offset(local - seconds, Utc)
}

/// The `n`-th (1-based) Sunday of `month`.
fn nth_sunday(year: i32, month: u32, n: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
    first + Duration::days(i64::from(to_sunday + 7 * (n - 1)))
}

/// When daylight time starts and ends in `year`, as instants.
fn us_daylight_period(year: i32, standard: FixedOffset) -> (DateTime<Utc>, DateTime<Utc>) {
    let two_am = |d: NaiveDate| d.and_hms_opt(2, 0, 0).unwrap_or_default();
    let start = utc_of(two_am(nth_sunday(year, 3, 2)), standard);
    let end = utc_of(two_am(nth_sunday(year, 11, 1)), daylight(standard));
    (start, end)
}

/// Every state (UF) the planner places, in alphabetical order.
pub fn states() -> impl Iterator<Item = &'static str> {
    STATES.iter().map(|(uf, _)| *uf)
}

/// Every IANA zone name the planner knows: Brazil's and the main US ones (`UTC±HH:MM` is
/// accepted besides these).
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    ZONES
        .iter()
        .map(|(z, _)| *z)
        .chain(US_ZONES.iter().map(|(z, _, _)| *z))
}

/// The IANA zone of a state (UF), if it is one.
pub fn zone_of_state(uf: &str) -> Option<&'static str> {
    STATES.iter().find(|(s, _)| *s == uf).map(|(_, z)| *z)
}

/// The UTC offset of a Brazilian IANA zone or of `UTC±HH:MM`; `None` when unknown.
pub fn offset_of_zone(zone: &str) -> Option<FixedOffset> {
    if let Some(hours) = ZONES.iter().find(|(z, _)| *z == zone).map(|(_, h)| *h) {
        return FixedOffset::east_opt(hours * 3600);
    }
    let rest = zone.strip_prefix("UTC")?;
    let (sign, hm) = match rest.split_at_checked(1)? {
        ("+", hm) => (1, hm),
        ("-", hm) => (-1, hm),
        _ => return None,
    };
    let (h, m) = hm.split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if hm.len() != 5 || h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_zone_with_an_offset() {
        assert_eq!(STATES.len(), 27);
        for (uf, zone) in STATES {
            assert!(offset_of_zone(zone).is_some(), "{uf} {zone}");
        }
        let hours = |uf| {
            offset_of_zone(zone_of_state(uf).unwrap())
                .unwrap()
                .local_minus_utc()
                / 3600
        };
        assert_eq!(
            (hours("SP"), hours("AM"), hours("AC"), hours("MT")),
            (-3, -4, -5, -4)
        );
        assert_eq!(zone_of_state("XX"), None);
        assert_eq!(states().count(), 27);
        assert!(zone_names().all(|z| Zone::named(z).is_some()));
    }

    #[test]
    fn new_york_changes_its_clocks_on_the_published_days() {
        let ny = Zone::named("America/New_York").unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let hours = |t| ny.offset_at(at(t)).local_minus_utc() / 3600;
        // 2026: 8 March and 1 November.
        assert_eq!(hours("2026-03-08T06:59:59Z"), -5);
        assert_eq!(hours("2026-03-08T07:00:00Z"), -4);
        assert_eq!(hours("2026-11-01T05:59:59Z"), -4);
        assert_eq!(hours("2026-11-01T06:00:00Z"), -5);
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            ny.instant(local("2026-07-01 08:00")),
            at("2026-07-01T12:00:00Z")
        );
        assert_eq!(
            ny.instant(local("2026-12-01 08:00")),
            at("2026-12-01T13:00:00Z")
        );
        // The skipped hour maps to the jump; the repeated one to its first pass.
        assert_eq!(
            ny.instant(local("2026-03-08 02:30")),
            at("2026-03-08T07:00:00Z")
        );
        assert_eq!(
            ny.instant(local("2026-11-01 01:30")),
            at("2026-11-01T05:30:00Z")
        );
        assert_eq!(
            Zone::named("America/Phoenix")
                .unwrap()
                .offset_at(at("2026-07-01T12:00:00Z")),
            FixedOffset::east_opt(-7 * 3600).unwrap()
        );
    }

    #[test]
    fn explicit_offsets_and_unknown_zones() {
        assert_eq!(
            offset_of_zone("America/Noronha").unwrap().local_minus_utc(),
            -2 * 3600
        );
        assert_eq!(
            offset_of_zone("UTC-03:00").unwrap().local_minus_utc(),
            -3 * 3600
        );
        assert_eq!(
            offset_of_zone("UTC+05:30").unwrap().local_minus_utc(),
            5 * 3600 + 1800
        );
        for bad in ["Mars/Olympus", "UTC-3", "UTC-15:00", "UTC*03:00", ""] {
            assert_eq!(offset_of_zone(bad), None, "{bad}");
        }
    }
}
