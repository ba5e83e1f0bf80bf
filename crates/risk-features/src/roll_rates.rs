//! Roll rates: how clients move between delinquency buckets from one month to the next.
//!
//! Each client's six-month repayment history gives five consecutive month pairs (oldest to
//! newest). Every pair counts one transition from the bucket of the earlier month to the
//! bucket of the later one. Buckets: *em dia* (UCI codes -2 no use, -1 paid duly, 0 revolving),
//! 1, 2 and 3 or more months late. The **cure rate** is the share of late client-months
//! followed by a current month.
//!
//! ```
//! use risk_features::{Bucket, RollRates};
//!
//! let mut rates = RollRates::default();
//! // Most recent month first (UCI PAY_0, PAY_2..PAY_6): late 1 → 2 → current, never late before.
//! rates.add(&[0, 2, 1, 0, 0, -1]);
//! assert_eq!(rates.transitions(), 5);
//! assert_eq!(rates.count(Bucket::Late1, Bucket::Late2), 1);
//! assert_eq!(rates.count(Bucket::Late2, Bucket::Current), 1);
//! assert_eq!(rates.cure_rate(), Some(0.5));
//! ```

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A delinquency bucket of one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    /// Not late (UCI -2, -1 or 0).
    Current,
    /// One month late.
    Late1,
    /// Two months late.
    Late2,
    /// Three or more months late.
    Late3Plus,
}

impl Bucket {
    /// Every bucket, from current to the most late.
    pub const ALL: [Bucket; 4] = [
        Bucket::Current,
        Bucket::Late1,
        Bucket::Late2,
        Bucket::Late3Plus,
    ];

    /// The bucket of a UCI repayment status (months late; -2, -1 and 0 are current).
    pub fn of_status(status: i32) -> Self {
        match status {
            i32::MIN..=0 => Bucket::Current,
            1 => Bucket::Late1,
            2 => Bucket::Late2,
            _ => Bucket::Late3Plus,
        }
    }

    /// Position in [`Bucket::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Stable code used in JSON (`current`, `1`, `2`, `3+`).
    pub fn code(self) -> &'static str {
        match self {
            Bucket::Current => "current",
            Bucket::Late1 => "1",
            Bucket::Late2 => "2",
            Bucket::Late3Plus => "3+",
        }
    }
}

/// Month-to-month transition counts between delinquency buckets, pooled over clients.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollRates {
    counts: [[u64; 4]; 4],
}

impl RollRates {
    /// Add one client's history, most recent month first (the UCI order of `PAY_0..PAY_6`).
    pub fn add(&mut self, pay_status: &[i32; 6]) {
        for pair in pay_status.windows(2) {
            let (later, earlier) = (Bucket::of_status(pair[0]), Bucket::of_status(pair[1]));
            self.counts[earlier.index()][later.index()] += 1;
        }
    }

    /// Add every transition counted by `other`.
    pub fn merge(&mut self, other: &RollRates) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }

    /// Transitions from `from` (earlier month) to `to` (next month).
    pub fn count(&self, from: Bucket, to: Bucket) -> u64 {
        self.counts[from.index()][to.index()]
    }

    /// All transitions counted.
    pub fn transitions(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Transitions that start in `from`.
    pub fn from_total(&self, from: Bucket) -> u64 {
        self.counts[from.index()].iter().sum()
    }

    /// Share of the months in `from` followed by a month in `to` (`None`: no month in `from`).
    pub fn rate(&self, from: Bucket, to: Bucket) -> Option<f64> {
        let total = self.from_total(from);
        (total > 0).then(|| self.count(from, to) as f64 / total as f64)
    }

    /// The row-normalised matrix, `matrix()[from][to]` in the order of [`Bucket::ALL`].
    pub fn matrix(&self) -> [[Option<f64>; 4]; 4] {
        Bucket::ALL.map(|from| Bucket::ALL.map(|to| self.rate(from, to)))
    }

    /// Share of late months (any late bucket) followed by a current month.
    pub fn cure_rate(&self) -> Option<f64> {
        let late = &Bucket::ALL[1..];
        let total: u64 = late.iter().map(|&b| self.from_total(b)).sum();
        let cured: u64 = late.iter().map(|&b| self.count(b, Bucket::Current)).sum();
        (total > 0).then(|| cured as f64 / total as f64)
    }

    /// Share of current months followed by a late month (the inflow into delinquency).
    pub fn entry_rate(&self) -> Option<f64> {
        self.rate(Bucket::Current, Bucket::Current).map(|r| 1.0 - r)
    }
}

impl Serialize for RollRates {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("RollRates", 6)?;
        s.serialize_field("buckets", &Bucket::ALL.map(Bucket::code))?;
        s.serialize_field("counts", &self.counts)?;
        s.serialize_field("rates", &self.matrix())?;
        s.serialize_field("transitions", &self.transitions())?;
        s.serialize_field("cure_rate", &self.cure_rate())?;
        s.serialize_field("entry_rate", &self.entry_rate())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn buckets_follow_the_uci_codes() {
        assert_eq!(Bucket::of_status(-2), Bucket::Current);
        assert_eq!(Bucket::of_status(-1), Bucket::Current);
        assert_eq!(Bucket::of_status(0), Bucket::Current);
        assert_eq!(Bucket::of_status(1), Bucket::Late1);
        assert_eq!(Bucket::of_status(2), Bucket::Late2);
        assert_eq!(Bucket::of_status(3), Bucket::Late3Plus);
        assert_eq!(Bucket::of_status(8), Bucket::Late3Plus);
    }

    /// Two clients counted by hand.
    #[test]
    fn transitions_are_counted_from_the_older_month() {
        let mut rates = RollRates::default();
        // Oldest → newest: 0, 1, 2, 3, 4, 2: current→1, 1→2, 2→3+, 3+→3+, 3+→2.
        rates.add(&[2, 4, 3, 2, 1, 0]);
        // Oldest → newest: -2, -2, -1, 0, 0, 1: four current→current, current→1.
        rates.add(&[1, 0, 0, -1, -2, -2]);
        assert_eq!(rates.transitions(), 10);
        assert_eq!(rates.count(Bucket::Current, Bucket::Current), 4);
        assert_eq!(rates.count(Bucket::Current, Bucket::Late1), 2);
        assert_eq!(rates.count(Bucket::Late1, Bucket::Late2), 1);
        assert_eq!(rates.count(Bucket::Late2, Bucket::Late3Plus), 1);
        assert_eq!(rates.count(Bucket::Late3Plus, Bucket::Late3Plus), 1);
        assert_eq!(rates.count(Bucket::Late3Plus, Bucket::Late2), 1);
        assert_relative_eq!(
            rates.rate(Bucket::Current, Bucket::Late1).unwrap(),
            2.0 / 6.0
        );
        assert_relative_eq!(rates.entry_rate().unwrap(), 2.0 / 6.0);
        // Four late months, none followed by a current one.
        assert_eq!(rates.cure_rate(), Some(0.0));
        let matrix = rates.matrix();
        for row in matrix.iter().filter(|r| r[0].is_some()) {
            assert_relative_eq!(row.iter().flatten().sum::<f64>(), 1.0);
        }
    }

    #[test]
    fn merging_adds_counts_and_empty_rates_are_none() {
        let empty = RollRates::default();
        assert_eq!(empty.cure_rate(), None);
        assert_eq!(empty.rate(Bucket::Late2, Bucket::Current), None);
        let mut a = RollRates::default();
        a.add(&[0, 1, 0, 0, 0, 0]);
        let mut b = a.clone();
        b.merge(&a);
        assert_eq!(b.transitions(), 10);
        assert_eq!(b.count(Bucket::Late1, Bucket::Current), 2);
        assert_eq!(b.cure_rate(), Some(1.0));
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["buckets"][3], "3+");
        assert_eq!(json["counts"][1][0], 2);
        assert_eq!(json["cure_rate"], 1.0);
    }
}
