//! The shipped packs load, cite their sources, and bad packs are refused with the place named.

use chrono::NaiveDate;
use contact_planner::{PackError, RulePack};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn shipped_packs_load_and_every_rule_cites_a_source() {
    for pack in [RulePack::br(), RulePack::us_reg_f()] {
        assert!(
            pack.windows.iter().all(|w| !w.source.is_empty()),
            "{}",
            pack.id
        );
        assert!(
            pack.holidays.iter().all(|h| !h.source.is_empty()),
            "{}",
            pack.id
        );
    }
    assert_eq!(RulePack::named_or_file("br").unwrap().id, "br");
    assert_eq!(RulePack::named_or_file("us-reg-f").unwrap().id, "us-reg-f");
}

#[test]
fn brazilian_holidays_fixed_movable_new_and_per_state() {
    let br = RulePack::br();
    // Good Friday from Easter (5 April 2026, 20 April 2025).
    assert_eq!(
        br.holiday(day(2026, 4, 3), None).unwrap().name,
        "Sexta-feira Santa"
    );
    assert_eq!(
        br.holiday(day(2025, 4, 18), None).unwrap().name,
        "Sexta-feira Santa"
    );
    assert!(
        br.holiday(day(2026, 4, 5), None).is_none(),
        "Easter Sunday itself is a Sunday, not a holiday"
    );
    assert_eq!(
        br.holiday(day(2026, 12, 25), Some("AM")).unwrap().name,
        "Natal"
    );
    // 20 November is national from 2024 only.
    assert!(br.holiday(day(2024, 11, 20), None).is_some());
    assert!(br.holiday(day(2023, 11, 20), None).is_none());
    // State holidays only in their state.
    assert!(br.holiday(day(2026, 7, 9), Some("SP")).is_some());
    assert!(br.holiday(day(2026, 7, 9), Some("RJ")).is_none());
    assert!(br.holiday(day(2026, 7, 9), None).is_none());
    // Carnival is not a holiday.
    assert!(br.holiday(day(2026, 2, 17), None).is_none());
}

#[test]
fn a_window_ending_before_it_starts_is_refused_with_its_rule_and_value() {
    let text = include_str!("../packs/us-reg-f.toml").replace("to = \"21:00\"", "to = \"07:00\"");
    let err = RulePack::from_toml(&text, "mine.toml").unwrap_err();
    match &err {
        PackError::Invalid {
            file,
            rule,
            field,
            value,
            ..
        } => {
            assert_eq!(
                (file.as_str(), rule.as_str(), *field, value.as_str()),
                ("mine.toml", "us.hours", "to", "07:00")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("ends before it starts"), "{err}");
}

#[test]
fn syntax_and_unknown_values_name_the_line_and_column() {
    let text = include_str!("../packs/us-reg-f.toml").replace("\"sms\"", "\"fax\"");
    let err = RulePack::from_toml(&text, "mine.toml").unwrap_err();
    let PackError::Syntax {
        line,
        column,
        message,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    let expected_line = text.lines().position(|l| l.contains("\"fax\"")).unwrap() + 1;
    assert_eq!(*line, expected_line, "{err}");
    assert!(*column > 1 && message.contains("fax"), "{err}");

    for (from, to, bad) in [
        ("\"mon\"", "\"monday\"", "monday"),
        ("\"08:00\"", "\"8h\"", "8h"),
    ] {
        let text = include_str!("../packs/us-reg-f.toml").replacen(from, to, 1);
        let err = RulePack::from_toml(&text, "mine.toml").unwrap_err();
        assert!(
            matches!(&err, PackError::Invalid { value, .. } if value == bad),
            "{err:?}"
        );
    }
    let missing = RulePack::from_path("/nonexistent/pack.toml").unwrap_err();
    assert!(matches!(missing, PackError::Read { .. }));
}

#[test]
fn a_rule_without_a_source_or_with_a_bad_state_is_refused() {
    let br = include_str!("../packs/br.toml");
    let text = br.replacen("source = \"Lei 14.759/2023\"", "source = \" \"", 1);
    let err = RulePack::from_toml(&text, "br.toml").unwrap_err();
    assert!(
        matches!(&err, PackError::Invalid { rule, field: "source", .. } if rule.contains("Zumbi")),
        "{err:?}"
    );
    let text = br.replacen("region = \"RJ\"", "region = \"Rio\"", 1);
    let err = RulePack::from_toml(&text, "br.toml").unwrap_err();
    assert!(
        matches!(&err, PackError::Invalid { rule, field: "region", value, .. } if rule == "br.rj.hours.weekday" && value == "Rio"),
        "{err:?}"
    );
}

#[test]
fn a_cap_of_zero_is_refused() {
    let text = RulePack::br_text().replace("all_per_7_days = 7", "all_per_7_days = 0");
    let err = RulePack::from_toml(&text, "zero.toml").unwrap_err();
    assert!(
        matches!(&err, PackError::Invalid { rule, field: "all_per_7_days", value, .. }
            if rule == "caps" && value == "0"),
        "{err}"
    );
}
