//! The client's local time: a Brazilian state (UF) or an IANA zone name gives a UTC offset.
//! Brazil has had no daylight saving time since Decreto 9.772/2019, so each of its zones is one
//! fixed offset; a zone given as `UTC-03:00` is taken as written.

use chrono::FixedOffset;

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
