//! Deterministic, stratified assignment of clients to a holdout and variants.
//!
//! Within each segment the clients are ordered by a 64-bit FNV-1a hash of
//! `seed:campaign:client_id` (ties, which need a hash collision, by client id). The first
//! `round(n × holdout)` of that order are held out; the others are dealt to `v1, v2, …, vK` in
//! turn. The same campaign, seed and client list give the same groups on any machine, each
//! segment's holdout share is exact to one client, and the variants of a segment differ in
//! size by at most one.

/// The group of the clients who are not contacted.
pub const HOLDOUT: &str = "holdout";

/// Most variants a campaign may have.
pub const MAX_VARIANTS: usize = 26;

/// A client to assign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignee {
    /// The client's id.
    pub client_id: String,
    /// Its segment (the stratum).
    pub segment: u8,
}

/// Why clients cannot be assigned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssignError {
    /// The holdout share is not in [0, 1).
    #[error("holdout = {0}: a share of each segment in [0, 1), e.g. 0.10")]
    Holdout(f64),
    /// The number of variants is not 1..=26.
    #[error("variants = {0}: between 1 and {MAX_VARIANTS}")]
    Variants(usize),
    /// A client id appears twice.
    #[error("client_id = {0:?} appears twice")]
    Duplicate(String),
}

/// The name of variant `i` (from 0): `v1`, `v2`, …
pub fn variant_name(i: usize) -> String {
    format!("v{}", i + 1)
}

/// 64-bit FNV-1a of the parts, separated by `:`.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash ^= u64::from(b':');
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The group of each client (`holdout`, `v1`, …), in the clients' order.
pub fn assign(
    campaign: &str,
    seed: u64,
    holdout: f64,
    variants: usize,
    clients: &[Assignee],
) -> Result<Vec<String>, AssignError> {
    if !(0.0..1.0).contains(&holdout) {
        return Err(AssignError::Holdout(holdout));
    }
    if !(1..=MAX_VARIANTS).contains(&variants) {
        return Err(AssignError::Variants(variants));
    }
    let mut seen = std::collections::HashSet::with_capacity(clients.len());
    for c in clients {
        if !seen.insert(c.client_id.as_str()) {
            return Err(AssignError::Duplicate(c.client_id.clone()));
        }
    }
    let seed_text = seed.to_string();
    let mut by_segment: std::collections::BTreeMap<u8, Vec<(u64, usize)>> = Default::default();
    for (i, c) in clients.iter().enumerate() {
        let h = fnv1a(&[
            seed_text.as_bytes(),
            campaign.as_bytes(),
            c.client_id.as_bytes(),
        ]);
        by_segment.entry(c.segment).or_default().push((h, i));
    }
    let names: Vec<String> = (0..variants).map(variant_name).collect();
    let mut groups = vec![String::new(); clients.len()];
    for (_, mut members) in by_segment {
        members.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| clients[a.1].client_id.cmp(&clients[b.1].client_id))
        });
        let held = (members.len() as f64 * holdout).round() as usize;
        for (rank, &(_, i)) in members.iter().enumerate() {
            groups[i] = if rank < held {
                HOLDOUT.to_string()
            } else {
                names[(rank - held) % variants].clone()
            };
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // From the FNV reference test suite: "" and "a" and "foobar".
        assert_eq!(fnv1a(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(&[b"foobar"]), 0x8594_4171_f739_67e8);
        // The separator is hashed like any byte.
        assert_eq!(fnv1a(&[b"foo", b"bar"]), fnv1a(&[b"foo:bar"]));
    }

    #[test]
    fn bad_parameters_are_named() {
        let one = [Assignee {
            client_id: "a".into(),
            segment: 0,
        }];
        assert_eq!(assign("c", 1, 1.0, 1, &one), Err(AssignError::Holdout(1.0)));
        assert_eq!(assign("c", 1, 0.1, 0, &one), Err(AssignError::Variants(0)));
        let twice = [one[0].clone(), one[0].clone()];
        assert_eq!(
            assign("c", 1, 0.1, 1, &twice),
            Err(AssignError::Duplicate("a".into()))
        );
    }
}
