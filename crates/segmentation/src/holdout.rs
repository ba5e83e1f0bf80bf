//! Seeded train / held-out split of row indices.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use crate::SegmentationError;

/// Shuffle `0..n` with `seed` and hold out `round(n × fraction)` rows.
/// Returns `(train, held_out)`, each sorted ascending.
///
/// ```
/// let (train, test) = segmentation::holdout_split(10, 0.3, 42)?;
/// assert_eq!((train.len(), test.len()), (7, 3));
/// # Ok::<(), segmentation::SegmentationError>(())
/// ```
pub fn holdout_split(
    n: usize,
    fraction: f64,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), SegmentationError> {
    if !(fraction > 0.0 && fraction < 1.0) {
        return Err(SegmentationError::InvalidParameter {
            name: "holdout",
            value: fraction.to_string(),
            expected: "a fraction strictly between 0 and 1",
        });
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    idx.shuffle(&mut rng);
    let held = ((n as f64) * fraction).round() as usize;
    let mut test = idx[..held].to_vec();
    let mut train = idx[held..].to_vec();
    test.sort_unstable();
    train.sort_unstable();
    Ok((train, test))
}
