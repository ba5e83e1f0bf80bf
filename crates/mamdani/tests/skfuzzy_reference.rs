//! The engine against scikit-fuzzy 0.5: the six-input, 19-rule reference system
//! (`fixtures/reference_system.json`) evaluated on every case of
//! `fixtures/skfuzzy_reference.json` (written by `tools/fuzzy_fixtures.py` with
//! scikit-fuzzy's `ControlSystemSimulation`) must match to 1e-9: every rule's
//! activation, every output term's cut, the centroid and the centroid's
//! memberships; where scikit-fuzzy finds no rule fired, the output is `None`.

use mamdani::{MamdaniSystem, SystemSpec};
use serde::Deserialize;

const TOL: f64 = 1e-9;

#[derive(Deserialize)]
struct Fixture {
    generator: String,
    inputs: Vec<String>,
    rules: usize,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    x: Vec<f64>,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    none: bool,
    fired: Vec<(usize, f64)>,
    cuts: Vec<f64>,
    #[serde(default)]
    m: Option<Vec<f64>>,
}

fn fixture() -> Fixture {
    serde_json::from_str(include_str!("fixtures/skfuzzy_reference.json")).expect("fixture parses")
}

fn system() -> MamdaniSystem {
    let spec: SystemSpec = serde_json::from_str(include_str!("fixtures/reference_system.json"))
        .expect("reference system parses");
    MamdaniSystem::new(spec).expect("reference system compiles")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL
}

#[test]
fn fixture_and_system_describe_the_same_variables() {
    let f = fixture();
    let s = system();
    assert!(
        f.generator.contains("scikit-fuzzy 0.5.0"),
        "{}",
        f.generator
    );
    let names: Vec<&str> = s.inputs().iter().map(|v| v.name()).collect();
    assert_eq!(names, f.inputs);
    assert_eq!(s.rule_count(), f.rules);
    assert!(f.cases.len() >= 2000, "{} cases", f.cases.len());
    assert!(f.cases.iter().filter(|c| c.none).count() >= 100);
    for rule in 1..=f.rules {
        assert!(
            f.cases
                .iter()
                .any(|c| c.fired.iter().any(|&(r, _)| r == rule)),
            "rule {rule} never fires in the fixture"
        );
    }
}

#[test]
fn every_case_matches_scikit_fuzzy() {
    let s = system();
    let f = fixture();
    let mut failures = Vec::new();
    for (i, case) in f.cases.iter().enumerate() {
        let e = s.evaluate(&case.x).expect("finite input");
        // Every rule's activation: the fired ones as listed, the others zero.
        for (r, &got) in e.rule_activations.iter().enumerate() {
            let want = case
                .fired
                .iter()
                .find(|&&(n, _)| n == r + 1)
                .map_or(0.0, |&(_, a)| a);
            if !close(got, want) {
                failures.push(format!("case {i}: rule {} {got} vs {want}", r + 1));
            }
        }
        for (t, (&got, &want)) in e.term_activations.iter().zip(&case.cuts).enumerate() {
            if !close(got, want) {
                failures.push(format!("case {i}: cut {t} {got} vs {want}"));
            }
        }
        match (e.output, case.score, case.none) {
            (None, _, true) => {}
            (Some(got), Some(want), false) => {
                if !close(got, want) {
                    failures.push(format!("case {i}: centroid {got} vs {want}"));
                }
                if let Some(m) = &case.m {
                    for (t, &want) in m.iter().enumerate() {
                        let got = s.output().membership_in(t, got);
                        if !close(got, want) {
                            failures.push(format!("case {i}: membership {t} {got} vs {want}"));
                        }
                    }
                }
            }
            (got, want, none) => failures.push(format!(
                "case {i}: output {got:?}, expected {want:?} (none {none})"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches, first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}
