//! The benchmarks' input generator, shared by `benches/losses.rs`, `examples/bench_*.rs` and
//! `tests/properties.rs` (included with `#[path]`): xorshift64*, so that a benchmark needs no extra
//! dependency and every run sees the same data.

/// A xorshift64* state; seed it with any non-zero number.
pub struct Rng(pub u64);

impl Rng {
    /// The next number, uniform in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}
