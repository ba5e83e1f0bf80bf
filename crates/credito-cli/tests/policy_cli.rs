//! `credito policy` and `--credit-policy` through the real binary: the shipped
//! policy printed, an edited copy checked and then deciding, errors naming keys.

use crate::common::{credito, temp_dir};
use std::process::{Command, Stdio};

use serde_json::Value;

const REQUEST: &str = r#"{"request_id": "REQ-P", "customer_profile": {"customer_id": "CUST-P", "age": 35, "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48, "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 2, "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780}, "product_type": "PRODUCT", "requested_amount": 15000.0, "requested_installments": 36}"#;

fn analyze(policy: Option<&std::path::Path>, line: &str) -> Vec<Value> {
    let mut extra: Vec<&std::ffi::OsStr> = Vec::new();
    if let Some(p) = policy {
        extra.extend(["--credit-policy".as_ref(), p.as_os_str()]);
    }
    let out = crate::analyze_cli::analyze_stdin(&extra, &format!("{line}\n"));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn shipped() -> String {
    let out = credito(&["policy", "show", "credit"]);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn show_prints_the_shipped_policy_with_its_sources() {
    let text = shipped();
    assert!(text.contains("[[personas]]") && text.contains("[[products]]"));
    assert!(text.contains("minimo_existencial = 600.0"));
    assert!(text.contains("Decreto 11.567/2023"));
    let collection = credito(&["policy", "show", "collection"]);
    assert!(collection.status.success());
    assert!(!collection.stdout.is_empty());
}

#[test]
fn an_edited_policy_is_checked_versioned_and_decides() {
    let dir = temp_dir("policy", "edited");
    let text = shipped();
    // A new product, and the personal loan at a lower rate.
    let edited = text
        .replacen(
            "[[products]]\nid = \"credit_card\"",
            "[[products]]\nid = \"payroll_loan\"\nname = \"crédito consignado\"\nmin_amount = 500.0\nmax_amount = 80000.0\nmax_installments = 96\nmonthly_rate = 0.018\niof = { daily = 0.000082, additional = 0.0038, max_days = 365 }\n\n[[products]]\nid = \"credit_card\"",
            1,
        )
        .replacen("monthly_rate = 0.025", "monthly_rate = 0.021", 1)
        .replacen("version = \"2026.12.0\"", "version = \"2026.12.1-test\"", 1);
    assert_ne!(edited, text);
    let path = dir.join("bank.toml");
    std::fs::write(&path, &edited).unwrap();

    let check = credito(&["policy", "check", "credit", path.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("credito-default@2026.12.1-test#"), "{said}");

    let payroll = REQUEST.replace("PRODUCT", "payroll_loan");
    let personal = REQUEST.replace("PRODUCT", "personal_loan");
    let with_edit = analyze(Some(&path), &payroll);
    assert_eq!(
        with_edit[0]["policy_version"].as_str().unwrap(),
        said.trim().rsplit(' ').next().unwrap()
    );
    assert!(with_edit[0]["error"].is_null(), "{}", with_edit[0]);
    assert_eq!(with_edit[0]["credit_limit"]["interest_rate"], 0.018);
    // The shipped policy does not know the product: an error naming the field and the ids.
    let shipped_run = analyze(None, &payroll);
    let fields = shipped_run[0]["fields"].as_array().unwrap();
    assert_eq!(fields[0]["field"], "product_type");
    assert!(fields[0]["message"]
        .as_str()
        .unwrap()
        .contains("personal_loan"));
    // The edited rate is the one used.
    let a = analyze(Some(&path), &personal);
    let b = analyze(None, &personal);
    assert_eq!(a[0]["credit_limit"]["interest_rate"], 0.021);
    assert_eq!(b[0]["credit_limit"]["interest_rate"], 0.025);
    assert_ne!(a[0]["policy_version"], b[0]["policy_version"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_broken_policy_is_refused_naming_key_and_value() {
    let dir = temp_dir("policy", "broken");
    let broken = shipped()
        .replacen("max_commitment = 0.30", "max_commitment = 1.5", 1)
        .replacen("min_credit_score = 550", "min_credit_score = 5500", 1);
    let path = dir.join("broken.toml");
    std::fs::write(&path, broken).unwrap();
    for args in [
        vec!["policy", "check", "credit", path.to_str().unwrap()],
        vec![
            "analyze",
            "--input",
            "-",
            "--credit-policy",
            path.to_str().unwrap(),
        ],
        vec![
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--credit-policy",
            path.to_str().unwrap(),
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_credito"))
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("affordability.max_commitment = 1.5"),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("personas[1].min_credit_score = 5500"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("broken.toml"), "{args:?}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
