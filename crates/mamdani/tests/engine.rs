//! The generic Mamdani engine on hand-computed cases: numpy.arange universes,
//! trapmf / trimf sampling, numpy.interp, centroid, the upsampled universe,
//! rule evaluation (AND = min, OR = max), and definition errors.

use approx::assert_abs_diff_eq;
use mamdani::{
    centroid, interp, Condition, MamdaniError, MamdaniSystem, RuleSpec, Shape, SystemSpec,
    Universe, VariableSpec,
};

#[test]
fn universes_are_sampled_like_numpy_arange() {
    let u = Universe::inclusive(0.0, 1.0, 0.01).unwrap();
    assert_eq!(u.len(), 101);
    assert_eq!(u.points()[70], 0.7000000000000001);
    assert_eq!(u.points()[3], 0.03);
    assert_eq!(u.max(), 1.0);
    let s = Universe::inclusive(0.0, 50_000.0, 100.0).unwrap();
    assert_eq!((s.len(), s.min(), s.max()), (501, 0.0, 50_000.0));
    // arange: stop excluded; a stop that is not a multiple is covered.
    let a = Universe::arange(0.0, 1.01, 0.01).unwrap();
    assert_eq!(a, u);
    assert_eq!(
        Universe::arange(0.0, 2.5, 1.0).unwrap().points(),
        &[0.0, 1.0, 2.0]
    );
    assert_eq!(u.clip(-3.0), 0.0);
    assert_eq!(u.clip(0.5), 0.5);
    assert_eq!(u.clip(9.0), 1.0);
}

#[test]
fn bad_universes_are_errors() {
    for (a, b, s) in [
        (0.0, 1.0, 0.0),
        (0.0, 1.0, -1.0),
        (1.0, 0.0, 0.1),
        (f64::NAN, 1.0, 0.1),
        (0.0, f64::INFINITY, 0.1),
        (0.0, 1.0, 1e-12),
    ] {
        assert!(
            matches!(
                Universe::inclusive(a, b, s),
                Err(MamdaniError::InvalidUniverse { .. })
            ),
            "{a} {b} {s}"
        );
    }
}

#[test]
fn trapezoid_sampling_matches_trapmf() {
    let x: Vec<f64> = (0..=10).map(f64::from).collect();
    // trapmf(x, [2, 4, 6, 9]) computed by hand: (x-2)/2 on (2,4), 1 on [4,6],
    // (9-x)/3 on (6,9), 0 elsewhere (0 at a and d themselves).
    let y = Shape::Trapezoid([2.0, 4.0, 6.0, 9.0]).sample(&x);
    let want = [
        0.0,
        0.0,
        0.0,
        0.5,
        1.0,
        1.0,
        1.0,
        2.0 / 3.0,
        1.0 / 3.0,
        0.0,
        0.0,
    ];
    assert_eq!(y, want);
    // Left shoulder: 1 at a == b == 0.
    let y = Shape::Trapezoid([0.0, 0.0, 2.0, 4.0]).sample(&x);
    assert_eq!(&y[..6], &[1.0, 1.0, 1.0, 0.5, 0.0, 0.0]);
    // Right shoulder: 1 at c == d == 10.
    let y = Shape::Trapezoid([6.0, 8.0, 10.0, 10.0]).sample(&x);
    assert_eq!(&y[6..], &[0.0, 0.5, 1.0, 1.0, 1.0]);
    // A degenerate rectangle b == c.
    let y = Shape::Trapezoid([2.0, 5.0, 5.0, 8.0]).sample(&x);
    assert_eq!(
        &y[2..9],
        &[0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]
    );
}

#[test]
fn triangle_sampling_matches_trimf_on_float_universe() {
    let u = Universe::inclusive(0.0, 1.0, 0.01).unwrap();
    let y = Shape::Triangle([0.3, 0.55, 0.75]).sample(u.points());
    // (x - a) / (b - a) with numpy's x values, e.g. x[40] = 0.4.
    assert_eq!(y[40], (0.4 - 0.3) / (0.55 - 0.3));
    assert_eq!(y[55], 1.0);
    assert_eq!(y[70], (0.75 - 0.7000000000000001) / (0.75 - 0.55));
    assert_eq!(y[30], 0.0);
    assert_eq!(y[75], 0.0);
    assert!(y[..30].iter().chain(&y[75..]).all(|&v| v == 0.0));
}

#[test]
fn invalid_shapes_are_errors() {
    assert!(Shape::Triangle([1.0, 0.0, 2.0]).check().is_err());
    assert!(Shape::Trapezoid([0.0, 1.0, f64::NAN, 2.0]).check().is_err());
    assert!(Shape::Trapezoid([0.0, 1.0, 1.0, 2.0]).check().is_ok());
}

#[test]
fn interp_matches_numpy() {
    let xp = [0.0, 1.0, 3.0];
    let fp = [1.0, 0.0, 1.0];
    assert_eq!(interp(0.0, &xp, &fp, 0.0, 0.0), 1.0);
    assert_eq!(interp(0.5, &xp, &fp, 0.0, 0.0), 0.5);
    assert_eq!(interp(2.0, &xp, &fp, 0.0, 0.0), 0.5);
    assert_eq!(interp(3.0, &xp, &fp, 0.0, 0.0), 1.0);
    assert_eq!(interp(3.5, &xp, &fp, 0.0, 0.0), 0.0);
    assert_eq!(interp(-0.5, &xp, &fp, 0.0, 0.0), 0.0);
    assert_eq!(interp(-0.5, &xp, &fp, 1.0, 1.0), 1.0);
}

#[test]
fn centroid_on_hand_computed_shapes() {
    // Rectangle [0, 2] height 0.5: centroid 1.
    assert_eq!(centroid(&[0.0, 1.0, 2.0], &[0.5, 0.5, 0.5]), Some(1.0));
    // Right triangle rising on [0, 3]: centroid at 2.
    assert_abs_diff_eq!(
        centroid(&[0.0, 3.0], &[0.0, 1.0]).unwrap(),
        2.0,
        epsilon = 1e-15
    );
    // Falling triangle on [0, 3]: centroid at 1.
    assert_abs_diff_eq!(
        centroid(&[0.0, 3.0], &[1.0, 0.0]).unwrap(),
        1.0,
        epsilon = 1e-15
    );
    // Trapezoid piece from (0, 1) to (1, 0.5): area 0.75, moment about 0 is
    // ∫ x (1 - x/2) dx = 1/2 - 1/6 = 1/3 -> centroid 4/9.
    assert_abs_diff_eq!(
        centroid(&[0.0, 1.0], &[1.0, 0.5]).unwrap(),
        4.0 / 9.0,
        epsilon = 1e-15
    );
    // Singleton.
    assert_eq!(centroid(&[0.7], &[0.3]), Some(0.7));
    // Empty membership.
    assert_eq!(centroid(&[0.0, 1.0, 2.0], &[0.0, 0.0, 0.0]), None);
}

/// One input, one output with two triangular terms on a coarse universe, so
/// the upsampled universe matters.
fn coarse_system() -> MamdaniSystem {
    MamdaniSystem::new(SystemSpec {
        inputs: vec![VariableSpec::new("x", 0.0, 10.0, 1.0)
            .term("lo", Shape::Trapezoid([0.0, 0.0, 2.0, 8.0]))
            .term("hi", Shape::Trapezoid([2.0, 8.0, 10.0, 10.0]))],
        output: VariableSpec::new("y", 0.0, 4.0, 1.0)
            .term("a", Shape::Triangle([0.0, 1.0, 2.0]))
            .term("b", Shape::Triangle([2.0, 3.0, 4.0])),
        rules: vec![
            RuleSpec::new(Condition::is("x", "lo"), "a"),
            RuleSpec::new(Condition::is("x", "hi"), "b"),
        ],
    })
    .unwrap()
}

#[test]
fn defuzzification_uses_the_upsampled_universe() {
    let sys = coarse_system();
    // x = 3.5: lo = (8 - 3.5)/6 = 0.75, hi = 1.5/6 = 0.25.
    let e = sys.evaluate(&[3.5]).unwrap();
    assert_eq!(e.input_memberships, vec![0.75, 0.25]);
    assert_eq!(e.term_activations, vec![0.75, 0.25]);
    // scikit-fuzzy's upsampled universe: 0..4 plus the cut crossings 0.75,
    // 1.25 (term a) and 2.25, 3.75 (term b); the aggregate there is
    // [0, .75, .75, .75, 0, .25, .25, .25, 0] at [0, .75, 1, 1.25, 2, 2.25, 3, 3.75, 4].
    let x = [0.0, 0.75, 1.0, 1.25, 2.0, 2.25, 3.0, 3.75, 4.0];
    let m = [0.0, 0.75, 0.75, 0.75, 0.0, 0.25, 0.25, 0.25, 0.0];
    let want = centroid(&x, &m).unwrap();
    assert_eq!(e.output, Some(want));
    // Without the crossings the clipped peaks would be lost (a different value).
    let naive = centroid(&[0.0, 1.0, 2.0, 3.0, 4.0], &[0.0, 0.75, 0.0, 0.25, 0.0]).unwrap();
    assert!((want - naive).abs() > 1e-3);
}

#[test]
fn and_is_min_or_is_max_and_terms_take_the_max() {
    let spec = SystemSpec {
        inputs: vec![
            VariableSpec::new("p", 0.0, 1.0, 0.1).term("t", Shape::Triangle([0.0, 1.0, 1.0])),
            VariableSpec::new("q", 0.0, 1.0, 0.1).term("t", Shape::Triangle([0.0, 1.0, 1.0])),
        ],
        output: VariableSpec::new("o", 0.0, 1.0, 0.1)
            .term("x", Shape::Triangle([0.0, 0.5, 1.0]))
            .term("unused", Shape::Triangle([0.0, 0.5, 1.0])),
        rules: vec![
            RuleSpec::new(Condition::all_of(&[("p", "t"), ("q", "t")]), "x"),
            RuleSpec::new(
                Condition::Any(vec![Condition::is("p", "t"), Condition::is("q", "t")]),
                "x",
            ),
        ],
    };
    let sys = MamdaniSystem::new(spec).unwrap();
    let e = sys.evaluate(&[0.25, 0.75]).unwrap();
    assert_abs_diff_eq!(e.rule_activations[0], 0.25, epsilon = 1e-12);
    assert_abs_diff_eq!(e.rule_activations[1], 0.75, epsilon = 1e-12);
    assert_abs_diff_eq!(e.term_activations[0], 0.75, epsilon = 1e-12);
    assert_eq!(e.term_activations[1], 0.0);
    // Symmetric aggregate: centroid at the middle.
    assert_abs_diff_eq!(e.output.unwrap(), 0.5, epsilon = 1e-12);
    assert_eq!(sys.input_membership(&e, 1, 0), Some(e.input_memberships[1]));
    assert_eq!(sys.input_membership(&e, 2, 0), None);
}

#[test]
fn no_fired_rule_means_no_output() {
    let sys = coarse_system();
    // Both inputs terms cover the universe, so craft a system with a gap.
    let gap = MamdaniSystem::new(SystemSpec {
        inputs: vec![VariableSpec::new("x", 0.0, 10.0, 1.0)
            .term("lo", Shape::Trapezoid([0.0, 0.0, 2.0, 4.0]))],
        output: sys.spec().output.clone(),
        rules: vec![RuleSpec::new(Condition::is("x", "lo"), "a")],
    })
    .unwrap();
    let e = gap.evaluate(&[7.0]).unwrap();
    assert_eq!(e.rule_activations, vec![0.0]);
    assert_eq!(e.output, None);
    assert!(gap.evaluate(&[1.0]).unwrap().output.is_some());
}

#[test]
fn evaluation_errors_name_the_problem() {
    let sys = coarse_system();
    assert_eq!(
        sys.evaluate(&[1.0, 2.0]),
        Err(MamdaniError::InputCount {
            expected: 1,
            got: 2
        })
    );
    match sys.evaluate(&[f64::NEG_INFINITY]) {
        Err(MamdaniError::NonFiniteInput { variable, value }) => {
            assert_eq!(variable, "x");
            assert_eq!(value, f64::NEG_INFINITY);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn definition_errors_name_the_problem() {
    let base = coarse_system().spec().clone();

    let mut s = base.clone();
    s.rules[0].when = Condition::is("z", "lo");
    assert_eq!(
        MamdaniSystem::new(s).unwrap_err(),
        MamdaniError::UnknownVariable {
            rule: 1,
            variable: "z".into()
        }
    );

    let mut s = base.clone();
    s.rules[1].when = Condition::is("x", "mid");
    assert!(matches!(
        MamdaniSystem::new(s).unwrap_err(),
        MamdaniError::UnknownTerm { rule: 2, .. }
    ));

    let mut s = base.clone();
    s.rules[1].then = "c".into();
    assert!(matches!(
        MamdaniSystem::new(s).unwrap_err(),
        MamdaniError::UnknownTerm { rule: 2, .. }
    ));

    let mut s = base.clone();
    s.rules[0].when = Condition::All(vec![]);
    assert_eq!(
        MamdaniSystem::new(s).unwrap_err(),
        MamdaniError::EmptyCondition { rule: 1 }
    );

    let mut s = base.clone();
    s.inputs[0].terms[1].name = "lo".into();
    assert!(matches!(
        MamdaniSystem::new(s).unwrap_err(),
        MamdaniError::DuplicateName { .. }
    ));

    let mut s = base.clone();
    s.inputs[0].terms[0].shape = Shape::Triangle([3.0, 2.0, 1.0]);
    assert!(matches!(
        MamdaniSystem::new(s).unwrap_err(),
        MamdaniError::InvalidTerm { .. }
    ));

    let mut s = base;
    s.output.step = 0.0;
    match MamdaniSystem::new(s).unwrap_err() {
        MamdaniError::InvalidUniverse { variable, .. } => assert_eq!(variable, "y"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn system_definitions_load_from_json() {
    let json = r#"{
        "inputs": [{"name": "x", "start": 0, "end": 10, "step": 1,
                    "terms": [{"name": "lo", "shape": {"trapezoid": [0, 0, 2, 8]}},
                              {"name": "hi", "shape": {"trapezoid": [2, 8, 10, 10]}}]}],
        "output": {"name": "y", "start": 0, "end": 4, "step": 1,
                   "terms": [{"name": "a", "shape": {"triangle": [0, 1, 2]}},
                             {"name": "b", "shape": {"triangle": [2, 3, 4]}}]},
        "rules": [{"when": {"is": {"variable": "x", "term": "lo"}}, "then": "a"},
                  {"when": {"all": [{"is": {"variable": "x", "term": "hi"}}]}, "then": "b"}]
    }"#;
    let spec: SystemSpec = serde_json::from_str(json).unwrap();
    let sys = MamdaniSystem::new(spec).unwrap();
    assert_eq!(
        sys.evaluate(&[3.5]).unwrap().output,
        coarse_system().evaluate(&[3.5]).unwrap().output
    );
}
