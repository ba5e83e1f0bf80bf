//! The risk SVG: well-formed XML, one panel per variable, markers at the
//! right x for the score and for each input.

use credit_pipeline::fuzzy::{CreditRiskSystem, RiskAssessor, RiskInput, SvgOptions};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

/// Every element with its attributes; panics if the XML is not well-formed.
fn elements(svg: &str) -> Vec<(String, HashMap<String, String>)> {
    let mut reader = Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut out = Vec::new();
    loop {
        let decoder = reader.decoder();
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("valid attribute");
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.decode_and_unescape_value(decoder)
                                .expect("valid value")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attrs));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn markers(svg: &str) -> HashMap<String, (f64, String)> {
    elements(svg)
        .into_iter()
        .filter(|(n, a)| n == "line" && a.get("class").map(String::as_str) == Some("marker"))
        .map(|(_, a)| {
            (
                a["data-variable"].clone(),
                (a["x1"].parse::<f64>().unwrap(), a["data-value"].clone()),
            )
        })
        .collect()
}

/// x of a value in a panel of the default 640-px layout (48 px left margin,
/// 24 px right margin).
fn x_of(value: f64, lo: f64, hi: f64) -> f64 {
    48.0 + (value.clamp(lo, hi) - lo) / (hi - lo) * (640.0 - 48.0 - 24.0)
}

fn input() -> RiskInput {
    RiskInput {
        credit_score: 640.0,
        income: 6_500.0,
        debt_ratio: 0.35,
        employment_time: 30.0,
        inquiries: 2.0,
        limit_ratio: 1.3, // outside the universe: drawn at 1
    }
}

#[test]
fn svg_is_well_formed_with_markers_at_the_right_x() {
    let system = CreditRiskSystem::new();
    let a = system.assess(&input()).unwrap();
    let score = a.risk_score.unwrap();
    let svg = system.render_svg(&input(), &a);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));

    let els = elements(&svg);
    assert_eq!(els[0].0, "svg");
    let panels: Vec<_> = els
        .iter()
        .filter(|(n, a)| n == "g" && a.get("class").map(String::as_str) == Some("variable"))
        .map(|(_, a)| a["data-variable"].clone())
        .collect();
    assert_eq!(
        panels,
        [
            "risk",
            "credit_score",
            "income",
            "debt_ratio",
            "employment_time",
            "inquiries",
            "limit_ratio"
        ]
    );
    // 3 output terms + 3+3+3+3+2+3 input terms.
    let terms = els
        .iter()
        .filter(|(n, a)| n == "polyline" && a.get("class").map(String::as_str) == Some("term"))
        .count();
    assert_eq!(terms, 20);
    assert!(els
        .iter()
        .any(|(n, a)| n == "path" && a.get("class").map(String::as_str) == Some("aggregate")));

    let m = markers(&svg);
    assert_eq!(m.len(), 7);
    let (x, label) = &m["risk"];
    assert!((x - x_of(score, 0.0, 1.0)).abs() < 0.006, "{x} vs {score}");
    assert_eq!(label.parse::<f64>().unwrap(), (score * 1e4).round() / 1e4);
    let i = input();
    for (name, value, lo, hi) in [
        ("credit_score", i.credit_score, 0.0, 1000.0),
        ("income", i.income, 0.0, 50_000.0),
        ("debt_ratio", i.debt_ratio, 0.0, 1.0),
        ("employment_time", i.employment_time, 0.0, 120.0),
        ("inquiries", i.inquiries, 0.0, 20.0),
        ("limit_ratio", i.limit_ratio, 0.0, 1.0),
    ] {
        let (x, label) = &m[name];
        assert!((x - x_of(value, lo, hi)).abs() < 0.006, "{name}: {x}");
        // The label keeps the raw value, even when clipped.
        assert_eq!(label.parse::<f64>().unwrap(), value, "{name}");
    }
    let level = format!("{:?}", a.risk_level).to_lowercase();
    assert!(svg.contains(&format!("({level} risk)")));
}

#[test]
fn undetermined_assessment_has_no_score_marker() {
    let system = CreditRiskSystem::new();
    let i = RiskInput {
        credit_score: 300.0,
        income: 1_500.0,
        debt_ratio: 0.1,
        employment_time: 12.0,
        inquiries: 1.0,
        limit_ratio: 0.3,
    };
    let a = system.assess(&i).unwrap();
    let svg = system.render_svg_with(
        None,
        &a,
        &SvgOptions {
            include_inputs: false,
            ..SvgOptions::default()
        },
    );
    assert!(markers(&svg).is_empty());
    assert!(svg.contains("undetermined (no rule fired)"));
    let panels = elements(&svg).into_iter().filter(|(n, _)| n == "g").count();
    assert_eq!(panels, 1);
}
