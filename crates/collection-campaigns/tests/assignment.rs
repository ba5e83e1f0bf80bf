//! Assignment invariants: deterministic, exact holdout share per segment, balanced variants,
//! independent of the clients' order.

use collection_campaigns::assign::{assign, Assignee, HOLDOUT};
use proptest::prelude::*;
use std::collections::HashMap;

fn clients(segments: &[u8]) -> Vec<Assignee> {
    segments
        .iter()
        .enumerate()
        .map(|(i, &s)| Assignee {
            client_id: format!("CLI-{i:05}"),
            segment: s,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_segment_gets_its_share_and_balanced_variants(
        segments in proptest::collection::vec(0u8..4, 1..400),
        holdout in 0.0f64..0.5,
        variants in 1usize..5,
        seed in any::<u64>(),
    ) {
        let c = clients(&segments);
        let groups = assign("camp", seed, holdout, variants, &c).unwrap();
        let mut per: HashMap<(u8, &str), usize> = HashMap::new();
        let mut sizes: HashMap<u8, usize> = HashMap::new();
        for (client, g) in c.iter().zip(&groups) {
            *per.entry((client.segment, g.as_str())).or_default() += 1;
            *sizes.entry(client.segment).or_default() += 1;
        }
        for (&s, &n) in &sizes {
            let held = per.get(&(s, HOLDOUT)).copied().unwrap_or(0);
            prop_assert_eq!(held, (n as f64 * holdout).round() as usize);
            let counts: Vec<usize> = (1..=variants)
                .map(|v| per.get(&(s, format!("v{v}").as_str())).copied().unwrap_or(0))
                .collect();
            let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            prop_assert!(hi - lo <= 1, "segment {s}: {counts:?}");
        }
        // The same input gives the same groups, whatever the order of the clients.
        let mut reversed = c.clone();
        reversed.reverse();
        let again = assign("camp", seed, holdout, variants, &reversed).unwrap();
        let by_id: HashMap<&str, &str> =
            reversed.iter().zip(&again).map(|(c, g)| (c.client_id.as_str(), g.as_str())).collect();
        for (client, g) in c.iter().zip(&groups) {
            prop_assert_eq!(by_id[client.client_id.as_str()], g.as_str());
        }
    }
}

#[test]
fn another_seed_or_campaign_reshuffles() {
    let c = clients(&[0; 200]);
    let a = assign("camp", 1, 0.1, 2, &c).unwrap();
    assert_ne!(a, assign("camp", 2, 0.1, 2, &c).unwrap());
    assert_ne!(a, assign("other", 1, 0.1, 2, &c).unwrap());
}

#[test]
fn the_groups_of_a_known_input_do_not_change_between_versions() {
    // Pinned: a stored campaign's groups must be reproducible by later versions.
    let c = clients(&[0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    let groups = assign("dez-2026", 42, 0.2, 2, &c).unwrap();
    assert_eq!(groups, PINNED);
}

// Computed by an independent Python implementation of the rule in the module docs.
const PINNED: [&str; 10] = [
    "v2", "v1", "holdout", "v1", "v2", "v2", "holdout", "v1", "v1", "v2",
];
