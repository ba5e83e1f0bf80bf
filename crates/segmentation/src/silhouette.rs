//! Exact silhouette coefficient, equal to scikit-learn's `silhouette_score`
//! (Euclidean; a point alone in its cluster scores 0), computed over all rows.
//!
//! Rows are sorted by cluster and stored column-wise; the distance matrix is
//! walked in tiles of the upper triangle (each pair once), every distance is
//! added to both rows' per-cluster sums, tiles are spread over rayon threads,
//! and the inner loop is compiled for AVX-512/AVX2 when the CPU has them.

use ndarray::ArrayView2;
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::SegmentationError;

/// Largest number of features the specialised kernels handle.
pub const MAX_SILHOUETTE_FEATURES: usize = 8;

const TILE: usize = 512;

/// Mean silhouette coefficient over all rows.
///
/// ```
/// use ndarray::array;
/// use segmentation::silhouette_score;
/// let x = array![[0.0], [1.0], [10.0], [11.0]];
/// let s = silhouette_score(x.view(), &[0, 0, 1, 1])?;
/// // row 0: a = 1, b = 10.5; row 1: a = 1, b = 9.5; the other cluster mirrors them
/// assert!((s - (9.5 / 10.5 + 8.5 / 9.5) / 2.0).abs() < 1e-12);
/// # Ok::<(), segmentation::SegmentationError>(())
/// ```
pub fn silhouette_score(x: ArrayView2<f64>, labels: &[usize]) -> Result<f64, SegmentationError> {
    let s = silhouette_samples(x, labels)?;
    Ok(s.iter().sum::<f64>() / s.len() as f64)
}

/// Silhouette on a seeded random subset of `sample_size` rows (without
/// replacement), like scikit-learn's `sample_size` argument.
pub fn silhouette_score_sampled(
    x: ArrayView2<f64>,
    labels: &[usize],
    sample_size: usize,
    seed: u64,
) -> Result<f64, SegmentationError> {
    let n = x.nrows();
    if sample_size >= n {
        return silhouette_score(x, labels);
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let idx = sample(&mut rng, n, sample_size).into_vec();
    let sub = x.select(ndarray::Axis(0), &idx);
    let sub_labels: Vec<usize> = idx
        .iter()
        .map(|&i| labels.get(i).copied().unwrap_or(0))
        .collect();
    silhouette_score(sub.view(), &sub_labels)
}

/// Silhouette coefficient of every row (same order as the input).
pub fn silhouette_samples(
    x: ArrayView2<f64>,
    labels: &[usize],
) -> Result<Vec<f64>, SegmentationError> {
    let (n, d) = x.dim();
    if labels.len() != n {
        return Err(SegmentationError::Shape {
            what: "silhouette labels",
            expected: n,
            got: labels.len(),
        });
    }
    if d == 0 || d > MAX_SILHOUETTE_FEATURES {
        return Err(SegmentationError::InvalidParameter {
            name: "features",
            value: d.to_string(),
            expected: "1..=8 features for the silhouette",
        });
    }
    // Remap labels to 0..k.
    let mut uniq: Vec<usize> = labels.to_vec();
    uniq.sort_unstable();
    uniq.dedup();
    let k = uniq.len();
    if k < 2 || k > n.saturating_sub(1) {
        return Err(SegmentationError::InvalidParameter {
            name: "labels",
            value: format!("{k} distinct labels for {n} rows"),
            expected: "2 <= clusters <= rows - 1",
        });
    }
    let dense: Vec<usize> = labels
        .iter()
        .map(|l| uniq.binary_search(l).unwrap_or(0))
        .collect();
    if let Some((i, _)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(SegmentationError::NonFinite {
            row: i / d,
            feature: (i % d).to_string(),
        });
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| dense[i]);
    let mut sizes = vec![0usize; k];
    for &l in &dense {
        sizes[l] += 1;
    }
    let cols: Vec<Vec<f64>> = (0..d)
        .map(|j| order.iter().map(|&i| x[[i, j]]).collect())
        .collect();
    // Tiles: contiguous runs of sorted rows inside one cluster, at most TILE long.
    let mut tiles: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, label)
    let mut start = 0;
    for (c, &size) in sizes.iter().enumerate() {
        let end = start + size;
        let mut s = start;
        while s < end {
            let e = (s + TILE).min(end);
            tiles.push((s, e, c));
            s = e;
        }
        start = end;
    }
    let mut pairs = Vec::with_capacity(tiles.len() * (tiles.len() + 1) / 2);
    for a in 0..tiles.len() {
        for b in a..tiles.len() {
            pairs.push((a, b));
        }
    }
    let groups = (rayon::current_num_threads() * 4).max(1);
    let col_refs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    let sums = (0..groups)
        .into_par_iter()
        .map(|g| {
            let mut acc = vec![0.0; k * n];
            for &(a, b) in pairs.iter().skip(g).step_by(groups) {
                tile_pair(&col_refs, n, tiles[a], tiles[b], &mut acc);
            }
            acc
        })
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
            a
        })
        .unwrap_or_else(|| vec![0.0; k * n]);
    let mut out = vec![0.0; n];
    for (pos, &row) in order.iter().enumerate() {
        let c = dense[row];
        if sizes[c] == 1 {
            out[row] = 0.0;
            continue;
        }
        let a = sums[c * n + pos] / (sizes[c] - 1) as f64;
        let mut b = f64::INFINITY;
        for (other, &size) in sizes.iter().enumerate() {
            if other != c {
                b = b.min(sums[other * n + pos] / size as f64);
            }
        }
        let s = (b - a) / a.max(b);
        out[row] = if s.is_finite() { s } else { 0.0 };
    }
    Ok(out)
}

/// Accumulate all distances between two tiles (each pair once) into `acc`
/// (`acc[c * n + p]` = sum of distances from sorted row p to cluster c).
fn tile_pair(
    cols: &[&[f64]],
    n: usize,
    ta: (usize, usize, usize),
    tb: (usize, usize, usize),
    acc: &mut [f64],
) {
    macro_rules! dispatch {
        ($($d:literal)*) => {
            match cols.len() {
                $($d => tile_pair_dispatch::<$d>(cols, n, ta, tb, acc),)*
                _ => {}
            }
        };
    }
    dispatch!(1 2 3 4 5 6 7 8);
}

fn tile_pair_dispatch<const D: usize>(
    cols: &[&[f64]],
    n: usize,
    ta: (usize, usize, usize),
    tb: (usize, usize, usize),
    acc: &mut [f64],
) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            unsafe { tile_pair_avx512::<D>(cols, n, ta, tb, acc) };
            return;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            unsafe { tile_pair_avx2::<D>(cols, n, ta, tb, acc) };
            return;
        }
    }
    tile_pair_body::<D>(cols, n, ta, tb, acc)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn tile_pair_avx512<const D: usize>(
    cols: &[&[f64]],
    n: usize,
    ta: (usize, usize, usize),
    tb: (usize, usize, usize),
    acc: &mut [f64],
) {
    tile_pair_body::<D>(cols, n, ta, tb, acc)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn tile_pair_avx2<const D: usize>(
    cols: &[&[f64]],
    n: usize,
    ta: (usize, usize, usize),
    tb: (usize, usize, usize),
    acc: &mut [f64],
) {
    tile_pair_body::<D>(cols, n, ta, tb, acc)
}

#[inline(always)]
fn tile_pair_body<const D: usize>(
    cols: &[&[f64]],
    n: usize,
    (a0, a1, la): (usize, usize, usize),
    (b0, b1, lb): (usize, usize, usize),
    acc: &mut [f64],
) {
    let diagonal = a0 == b0;
    for i in a0..a1 {
        let mut xi = [0.0; D];
        for j in 0..D {
            xi[j] = cols[j][i];
        }
        let m0 = if diagonal { i + 1 } else { b0 };
        if m0 >= b1 {
            continue;
        }
        let len = b1 - m0;
        let mut tcols: [&[f64]; D] = [&[]; D];
        for j in 0..D {
            tcols[j] = &cols[j][m0..b1];
        }
        let out = &mut acc[la * n + m0..la * n + b1];
        let row = row_kernel::<D>(&xi, &tcols, out, len);
        acc[lb * n + i] += row;
    }
}

/// Distances from `xi` to `len` rows; adds each to `out[m]`, returns their sum.
#[inline(always)]
fn row_kernel<const D: usize>(
    xi: &[f64; D],
    cols: &[&[f64]; D],
    out: &mut [f64],
    len: usize,
) -> f64 {
    const W: usize = 8;
    let out = &mut out[..len];
    let mut lanes = [0.0f64; W];
    let full = len / W * W;
    let mut base = 0;
    while base < full {
        let mut sq = [0.0f64; W];
        for j in 0..D {
            let c = &cols[j][base..base + W];
            for l in 0..W {
                let t = xi[j] - c[l];
                sq[l] += t * t;
            }
        }
        let o = &mut out[base..base + W];
        for l in 0..W {
            let dist = sq[l].sqrt();
            lanes[l] += dist;
            o[l] += dist;
        }
        base += W;
    }
    let mut total = 0.0;
    for v in lanes {
        total += v;
    }
    for m in full..len {
        let mut s = 0.0;
        for j in 0..D {
            let t = xi[j] - cols[j][m];
            s += t * t;
        }
        let dist = s.sqrt();
        total += dist;
        out[m] += dist;
    }
    total
}
