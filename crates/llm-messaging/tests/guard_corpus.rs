//! The guard on a pt-BR corpus of abusive and acceptable collection messages
//! (`tests/corpus/blocked.txt`, `tests/corpus/allowed.txt`): the share blocked and the share
//! passed, with every miss named.

use collection_policy::{CollectionPolicy, PolicyTable};
use llm_messaging::Guard;

fn corpus(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn the_corpus_is_blocked_and_passed_as_it_should() {
    let blocked = corpus(include_str!("corpus/blocked.txt"));
    let allowed = corpus(include_str!("corpus/allowed.txt"));
    assert!(blocked.len() >= 50 && allowed.len() >= 35);
    // The seed authorises no concession: every discount or bonus is unauthorised.
    let decision = PolicyTable::seed().decide(1, None).unwrap();
    let guard = Guard;
    let missed: Vec<&str> = blocked
        .iter()
        .copied()
        .filter(|m| guard.check(m, &decision).is_empty())
        .collect();
    let false_positives: Vec<(String, String)> = allowed
        .iter()
        .filter_map(|m| {
            let v = guard.check(m, &decision);
            (!v.is_empty()).then(|| (m.to_string(), format!("{v:?}")))
        })
        .collect();
    let blocked_share = 1.0 - missed.len() as f64 / blocked.len() as f64;
    let passed_share = 1.0 - false_positives.len() as f64 / allowed.len() as f64;
    eprintln!(
        "guard corpus: {}/{} abusive blocked, {}/{} acceptable passed",
        blocked.len() - missed.len(),
        blocked.len(),
        allowed.len() - false_positives.len(),
        allowed.len()
    );
    for (m, v) in &false_positives {
        eprintln!("  blocked acceptable: {m} -> {v}");
    }
    assert!(
        blocked_share >= 0.98,
        "blocked {blocked_share:.3}; missed: {missed:#?}"
    );
    assert!(
        passed_share >= 0.90,
        "passed {passed_share:.3}; blocked: {false_positives:#?}"
    );
}
