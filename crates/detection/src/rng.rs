//! The one source of randomness: SplitMix64, small enough to read and the same on every platform.
//!
//! SplitMix64 (Steele, Lea and Flood, *Fast splittable pseudorandom number generators*, OOPSLA
//! 2014; the constants are those of Java's `SplittableRandom`) adds a fixed odd constant to a
//! 64-bit state and scrambles the result with two xor-shift-multiply rounds. It passes BigCrush,
//! which is far more than a toy data set needs; what matters here is that it is integer
//! arithmetic only, so a seed gives the same numbers on every machine, and that it needs no
//! dependency.

/// A SplitMix64 generator.
///
/// # Examples
/// ```
/// use detection::rng::SplitMix64;
/// let mut a = SplitMix64::new(7);
/// let mut b = SplitMix64::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());          // a seed is a sequence
/// let u = a.uniform();
/// assert!((0.0..1.0).contains(&u));
/// ```
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1): the top 53 bits as a multiple of 2⁻⁵³ (exact, no rounding).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in [lo, hi).
    pub fn uniform_in(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // The first outputs for seed 0, computed independently by a Python transcription of the
        // reference C code (Vigna's splitmix64.c), arbitrary-precision integers reduced mod 2⁶⁴:
        //   s = (s + 0x9E3779B97F4A7C15) % 2**64; z = s
        //   z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % 2**64
        //   z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % 2**64; out = z ^ (z >> 31)
        let mut rng = SplitMix64::new(0);
        let expected: [u64; 3] = [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f];
        for e in expected {
            assert_eq!(rng.next_u64(), e);
        }
    }

    #[test]
    fn uniforms_fill_the_unit_interval() {
        let mut rng = SplitMix64::new(1);
        let draws: Vec<f64> = (0..100_000).map(|_| rng.uniform()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.005, "{mean}"); // σ of the mean ≈ 0.0009
    }
}
