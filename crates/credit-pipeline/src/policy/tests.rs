use super::*;
use crate::dfs::Persona;
use crate::fuzzy::CreditRiskSystem;
use crate::request::EmploymentStatus;

fn edited(old: &str, new: &str) -> String {
    let text = SHIPPED_POLICY;
    assert!(text.contains(old), "the shipped policy has no {old:?}");
    text.replacen(old, new, 1)
}

fn issues(text: &str) -> Vec<PolicyIssue> {
    match CreditPolicy::from_toml_str(text) {
        Err(PolicyError::Invalid { issues, .. }) => issues,
        other => panic!("expected validation issues, got {other:?}"),
    }
}

#[test]
fn shipped_policy_holds_the_spec_constants() {
    let p = CreditPolicy::shipped();
    assert_eq!(p.name(), "credito-default");
    let ids: Vec<&str> = p.personas().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["premium", "standard", "basic"]);
    let standard = p.persona(&Persona::STANDARD).unwrap();
    assert_eq!(
        (
            standard.min_income,
            standard.min_credit_score,
            standard.max_limit
        ),
        (2_000.0, 550, 50_000.0)
    );
    assert_eq!(
        p.persona(&Persona::BASIC).unwrap().employments,
        [
            EmploymentStatus::Employed,
            EmploymentStatus::SelfEmployed,
            EmploymentStatus::Retired
        ]
    );
    let home = p.product(&ProductType::HOME_LOAN).unwrap();
    assert_eq!((home.max_installments, home.monthly_rate), (360, 0.012));
    let rules = p.limit_rules();
    assert_eq!(rules.score_factor(800), 1.2);
    assert_eq!(rules.score_factor(799), 1.1);
    assert_eq!(rules.score_factor(0), 0.7);
    assert_eq!(rules.history_factor(0, 0.35), 0.95 * 0.9);
    assert_eq!(rules.history_factor(2, 0.4), 1.05 * 0.7);
    assert_eq!(rules.affordability.max_commitment, 0.30);
    assert_eq!(rules.affordability.minimo_existencial, 600.0);
    assert_eq!(p.thresholds().high_risk_above, 0.65);
    // The fuzzy system of the file is SPEC §3.3's, rule for rule.
    assert_eq!(
        p.risk_system().system().spec(),
        &CreditRiskSystem::default_spec()
    );
}

#[test]
fn version_names_the_policy_and_hashes_its_content() {
    let shipped = CreditPolicy::shipped();
    let v = shipped.version();
    let (head, hash) = v.split_once('#').unwrap();
    assert_eq!(head, "credito-default@2026.12.0");
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    // Comments and layout do not change the version; values do.
    let commented = format!("# a comment\n\n{SHIPPED_POLICY}\n# end\n");
    assert_eq!(
        CreditPolicy::from_toml_str(&commented).unwrap().version(),
        v
    );
    let changed = edited("minimo_existencial = 600.0", "minimo_existencial = 650.0");
    assert_ne!(CreditPolicy::from_toml_str(&changed).unwrap().version(), v);
}

#[test]
fn every_problem_is_named_with_its_key_and_value() {
    let text = edited("max_limit = 50000.0", "max_limit = -1.0")
        .replacen("monthly_rate = 0.035", "monthly_rate = 2.0", 1)
        .replacen(
            "employment = [\"employed\", \"self_employed\", \"retired\"]",
            "employment = [\"student\"]",
            1,
        )
        .replacen("id = \"auto_loan\"", "id = \"personal_loan\"", 1);
    let found: Vec<String> = issues(&text).iter().map(ToString::to_string).collect();
    let expect = [
        "personas[1].max_limit = -1",
        "products[1].monthly_rate = 2",
        "personas[2].employment[0] = \"student\"",
        "products[2].id = \"personal_loan\": repeats",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.starts_with(e) || f.contains(e)),
            "{e} not in {found:?}"
        );
    }
}

#[test]
fn unknown_and_missing_keys_are_parse_errors_naming_the_key() {
    let typo = edited("amount_step = 500.0", "amount_stepp = 500.0");
    let err = CreditPolicy::from_toml_str(&typo).unwrap_err().to_string();
    assert!(err.contains("amount_stepp"), "{err}");
    let wrong_type = edited("max_installments = 48", "max_installments = \"48\"");
    let err = CreditPolicy::from_toml_str(&wrong_type)
        .unwrap_err()
        .to_string();
    assert!(err.contains("max_installments"), "{err}");
}

#[test]
fn rule_and_text_errors_name_their_entry() {
    let rule = edited(
        "\"IF income IS high AND debt_ratio IS low THEN risk IS low\"",
        "\"IF income IS huge AND debt_ratio IS low THEN risk IS low\"",
    );
    let err = CreditPolicy::from_toml_str(&rule).unwrap_err().to_string();
    assert!(err.contains("fuzzy") && err.contains("huge"), "{err}");
    let syntax = edited(
        "\"IF income IS high AND debt_ratio IS low THEN risk IS low\"",
        "\"IF income IS high AND debt_ratio IS low OR inquiries IS few THEN risk IS low\"",
    );
    let found = issues(&syntax);
    assert_eq!(found[0].key, "fuzzy.rules[3]");
    let text = edited(
        "limite de {limit}, {risk}.\"",
        "limite de {limite}, {risk}.\"",
    );
    let found = issues(&text);
    assert!(
        found
            .iter()
            .any(|i| i.key == "texts.approved" && i.message.contains("{limite}")),
        "{found:?}"
    );
}

#[test]
fn score_and_debt_bands_must_be_ordered_and_complete() {
    let text = edited(
        "{ min_score = 0, factor = 0.7 }",
        "{ min_score = 100, factor = 0.7 }",
    );
    assert!(issues(&text)
        .iter()
        .any(|i| i.key == "limit.score_factors[5].min_score"));
    let text = edited(
        "{ below = 0.3, factor = 1.0 }",
        "{ below = 0.1, factor = 1.0 }",
    );
    assert!(issues(&text)
        .iter()
        .any(|i| i.key == "limit.debt_ratio_factors[1].below"));
}

#[test]
fn a_new_product_is_a_file_edit() {
    let text = edited(
        "[[products]]\nid = \"credit_card\"",
        "[[products]]\nid = \"payroll_loan\"\nname = \"crédito consignado\"\nmin_amount = 500.0\nmax_amount = 80000.0\nmax_installments = 96\nmonthly_rate = 0.018\niof = { daily = 0.000082, additional = 0.0038, max_days = 365 }\n\n[[products]]\nid = \"credit_card\"",
    );
    let p = CreditPolicy::from_toml_str(&text).unwrap();
    let payroll = p
        .product(&ProductType::new("payroll_loan").unwrap())
        .unwrap();
    assert_eq!(payroll.max_installments, 96);
    assert_eq!(p.products().len(), 5);
}
