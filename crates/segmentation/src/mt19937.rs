//! The Mersenne Twister MT19937 with NumPy's legacy `RandomState` seeding and
//! its `random_sample` / `choice` conventions, so that "k-means++ with seed 42"
//! draws the same initial centres as scikit-learn's `KMeans(random_state=42)`.

const N: usize = 624;
const M: usize = 397;

/// MT19937 generator (32-bit words).
#[derive(Debug, Clone)]
pub(crate) struct Mt19937 {
    state: [u32; N],
    index: usize,
}

impl Mt19937 {
    /// NumPy's `RandomState(seed)` for an integer seed (init_genrand).
    pub(crate) fn new(seed: u32) -> Self {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { state, index: N }
    }

    fn twist(&mut self) {
        for i in 0..N {
            let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % N] & 0x7fff_ffff);
            let mut next = self.state[(i + M) % N] ^ (y >> 1);
            if y & 1 != 0 {
                next ^= 0x9908_b0df;
            }
            self.state[i] = next;
        }
        self.index = 0;
    }

    /// Next 32-bit output.
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random_sample()`: a 53-bit double in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `choice(n, p=ones/n)`: NumPy's cdf + `searchsorted(side="right")`.
    pub(crate) fn choice_uniform(&mut self, n: usize) -> usize {
        let p = 1.0 / n as f64;
        let u = self.next_f64();
        // cdf[i] = (i+1) * p accumulated sequentially, then divided by cdf[n-1].
        let mut acc = 0.0;
        let mut cdf = Vec::with_capacity(n);
        for _ in 0..n {
            acc += p;
            cdf.push(acc);
        }
        let last = acc;
        cdf.iter().position(|&c| c / last > u).unwrap_or(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_mt19937_stream() {
        // First outputs of init_genrand(5489), the reference implementation's default seed.
        let mut mt = Mt19937::new(5489);
        assert_eq!(mt.next_u32(), 3_499_211_612);
        assert_eq!(mt.next_u32(), 581_869_302);
        assert_eq!(mt.next_u32(), 3_890_346_734);
    }

    #[test]
    fn random_sample_matches_numpy_seed_42() {
        // numpy.random.RandomState(42).random_sample(2)
        let mut mt = Mt19937::new(42);
        assert!((mt.next_f64() - 0.374_540_118_847_362_5).abs() < 1e-16);
        assert!((mt.next_f64() - 0.950_714_306_409_916_2).abs() < 1e-16);
    }
}
