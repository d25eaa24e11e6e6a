//! Vectorisable elementary kernels: eˣ, ln(1 + y), the softplus pair (e^(−|x|), ln(1 + e^(−|x|))),
//! the sigmoid, the focal modulating factor σ(−x_t)^γ and log-sum-exp over rows — over slices, with
//! no libm call in the loop, so that LLVM vectorises them on stable Rust — and the batch passes built
//! from them ([`BinaryPass`], [`SoftmaxPass`], `batch.rs`), which compute the crate's binary
//! cross-entropy, focal loss and softmax cross-entropy from logits for `f32` and `f64`, scalar and
//! batch functions alike (the generic functions reach them through `LossFloat::lanes`; dual numbers
//! take the generic code).
//!
//! Not part of the crate's interface (hidden from its documentation): public so that the tests,
//! the examples and the benchmark can measure the kernels alone.
//!
//! # Why not `f64::exp`
//! `f64::exp` and `f64::ln_1p` are calls into the platform's libm: one element at a time, and no
//! vectorisation around the call. The kernels here are written as straight-line code (range
//! reduction, a polynomial, a reconstruction — selects instead of branches) on plain `f64`s, applied
//! over slices; LLVM's loop vectoriser turns each loop into SIMD code, 2, 4 or 8 lanes wide.
//!
//! # Precision grades
//! Every kernel computes in `f64` lanes. For `f64` results ("double" grade) the polynomials and the
//! reconstruction are accurate to a fraction of an f64 ulp. For `f32` results ("single" grade) the
//! kernels use shorter polynomials (error < 2⁻⁴⁰ relative) and leave out the steps that keep f64
//! results exact (low parts, exact sums, the exponential's second scaling for subnormal results),
//! and the result is rounded to `f32` once: within a hair of correct rounding, at the price of f64
//! lanes (half as many per vector).
//!
//! # Arithmetic and dispatch
//! The kernels are generic over [`Arith`]: [`Fused`] evaluates a·b + c with one rounding (a fused
//! multiply-add), [`Unfused`] with two. Both are accurate (every accuracy test runs both); they can
//! differ in the last bit. [`run`] picks, once per call, the widest instruction set the CPU has
//! (x86-64: AVX-512 (x86-64-v4), else AVX2 + FMA, both with [`Fused`]; else SSE2 with [`Unfused`], since
//! without the `fma` feature `f64::mul_add` is a slow library call) — see `dispatch.rs` for the one
//! place where this needs `unsafe` (the other is `tile.rs`, the softmax pass's transposes in
//! AVX-512 registers). Within one arithmetic the results do not depend on the
//! instruction set: IEEE operations are exactly rounded and nothing is reassociated, so the AVX-512
//! and AVX2 paths agree bit for bit (the tests check it).
//!
//! Polynomial coefficients: `coefficients.rs`, written by `coefficients.py` (mpmath).
//!
//! # Accuracy
//! Largest error in ulps of the result, measured by `tests/kernels.rs`, the same for both
//! arithmetics unless two numbers are given (fused / unfused):
//!
//! | kernel | f64, against mpmath (dense samples and hard cases) | f32, against f64 libm, every f32 input |
//! |---|---|---|
//! | eˣ | 0.63 (subnormal results: 1.0 of the subnormal spacing) | 0.500001 (x ∈ [−110, 90]) |
//! | e^(−\|x\|) of the softplus pair | 0.62 / 0.60 | 0.500000 (\|x\| ≤ 120; beyond, sampled) |
//! | ln(1 + e), e ∈ [0, 1] | 0.78 | 0.500007 |
//! | ln(1 + e^(−\|x\|)) of the softplus pair | 0.73 | 0.500007 |
//! | ln(1 + y), y ≥ 0 | 0.57 | 0.500005 |
//! | softplus | 0.73 | 0.500007 |
//! | σ(x) | 0.57 | 0.500001 |
//! | σ(−x_t)^γ, γ ∈ {½, 1, 1.7, 2, 5} | 0.69 | 0.500003 (every 7th f32 in [−200, 200]) |
//! | ln Σ e^(zᵢ − max z) | 0.67 | 0.4995 (the f64 table's rows, rounded) |
//!
//! f32 results are therefore correctly rounded except within ~10⁻⁵ ulp of a tie. The bounds the
//! test enforces are 1 ulp (f64; 0.75 for normal eˣ) and 0.501 ulp (f32).

#[rustfmt::skip] // kept byte for byte as coefficients.py writes it
mod coefficients;
mod batch;
mod dispatch;
mod exp;
mod log1p;
mod logistic;
mod lse;
mod tile;

pub use batch::{
    BLOCK, BinaryLoss, BinaryPass, PARALLEL_MIN, Partial, RowNormaliser, SoftmaxPass, Totals, neg_log_softmax,
};
pub use dispatch::{Kernel, Level, run, run_at};
pub use exp::Exp;
pub use log1p::{Log1p, Log1pUnit};
pub use logistic::{FocalFactor, Sigmoid, Softplus, SoftplusPair};
pub use lse::LogNormaliserRows;

/// A slice of a [`LossFloat`](crate::LossFloat) type seen as what it is: `f32`, `f64`, or another
/// type (dual numbers), which the kernels do not handle. [`LossFloat::lanes`](crate::LossFloat::lanes)
/// makes it; the batch functions route f32 and f64 to the kernels with it and everything else to
/// the generic code.
#[derive(Debug)]
pub enum Lanes<'a> {
    /// `f32` values.
    F32(&'a [f32]),
    /// `f64` values.
    F64(&'a [f64]),
    /// Any other type.
    Generic,
}

/// The mutable counterpart of [`Lanes`], for outputs.
#[derive(Debug)]
pub enum LanesMut<'a> {
    /// `f32` values.
    F32(&'a mut [f32]),
    /// `f64` values.
    F64(&'a mut [f64]),
    /// Any other type.
    Generic,
}

/// How a kernel evaluates a·b + c.
pub trait Arith: Copy + 'static {
    /// a·b + c.
    fn mul_add(a: f64, b: f64, c: f64) -> f64;
    /// a·b = hi + lo exactly (barring overflow and underflow).
    fn two_product(a: f64, b: f64) -> (f64, f64);
}

/// a·b + c with one rounding (`f64::mul_add`): use only where the `fma` target feature is enabled.
#[derive(Debug, Clone, Copy)]
pub struct Fused;

/// a·b + c with two roundings (a product, then a sum).
#[derive(Debug, Clone, Copy)]
pub struct Unfused;

impl Arith for Fused {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
    #[inline(always)]
    fn two_product(a: f64, b: f64) -> (f64, f64) {
        let hi = a * b;
        (hi, a.mul_add(b, -hi))
    }
}

impl Arith for Unfused {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a * b + c
    }
    /// Dekker's product: split both factors into 26-bit halves (Veltkamp), whose partial products
    /// are exact.
    #[inline(always)]
    fn two_product(a: f64, b: f64) -> (f64, f64) {
        #[inline(always)]
        fn split(x: f64) -> (f64, f64) {
            const SPLITTER: f64 = 134_217_729.0; // 2²⁷ + 1
            let t = SPLITTER * x;
            let hi = t - (t - x);
            (hi, x - hi)
        }
        let hi = a * b;
        let (a_hi, a_lo) = split(a);
        let (b_hi, b_lo) = split(b);
        let lo = ((a_hi * b_hi - hi) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
        (hi, lo)
    }
}

/// The accuracy a kernel is built for: which polynomials it uses.
pub trait Grade: 'static {
    /// Coefficients of Q(r) = (eʳ − 1 − r)/r², lowest degree first.
    const EXP: &'static [f64];
    /// Coefficients of P(z) = (2 atanh(s)/s − 2)/z, z = s², lowest degree first.
    const LOG1P: &'static [f64];
    /// Carry the low parts of intermediate results (double-double: e = e_hi + e_lo, ℓ = ℓ_hi + ℓ_lo,
    /// the focal exponent γ·softplus(x_t) as an exact sum of products), so that an error of half an
    /// ulp in an intermediate does not become an ulp or more in the result: needed for f64 results,
    /// invisible after rounding to f32.
    const CARRY_LOW_PARTS: bool;
}

/// For `f64` results.
#[derive(Debug, Clone, Copy)]
pub struct Double;

/// For `f32` results, computed in `f64` and rounded once.
#[derive(Debug, Clone, Copy)]
pub struct Single;

impl Grade for Double {
    const EXP: &'static [f64] = &coefficients::EXP_DOUBLE;
    const LOG1P: &'static [f64] = &coefficients::LOG1P_DOUBLE;
    const CARRY_LOW_PARTS: bool = true;
}

impl Grade for Single {
    const EXP: &'static [f64] = &coefficients::EXP_SINGLE;
    const LOG1P: &'static [f64] = &coefficients::LOG1P_SINGLE;
    const CARRY_LOW_PARTS: bool = false;
}

/// A float type the kernels read and write: `f32` (computed in f64, [`Single`] grade) or `f64`
/// ([`Double`] grade).
pub trait KernelFloat: Copy + PartialEq + core::fmt::Debug + Send + Sync + 'static {
    /// The polynomials this type's results need.
    type Grade: Grade;
    /// Exact conversion to the f64 lane.
    fn widen(self) -> f64;
    /// Rounds an f64 lane to this type (once, to nearest).
    fn narrow(x: f64) -> Self;
    /// `value / divisor` rounded to this type, for two values of this type (widened): a division
    /// in this type. For f32 that is the f64 quotient rounded to f32 (53 ≥ 2·24 + 2 bits make the
    /// double rounding innocuous), with half the lanes' work.
    fn divided(value: f64, divisor: f64) -> Self;
    /// [`BinaryPass::run`] for this type.
    ///
    /// The passes for f32 and f64 are instantiated in these two functions, which are never inlined,
    /// so that their machine code is compiled once, in this crate, rather than in every crate that
    /// calls a batch function (a generic function is compiled where it is used, and LLVM's choices
    /// for the same loops differ from one program to another). Measured (one core, AVX-512): the
    /// f32 BCE pass instantiated in `examples/bench_batch.rs` and in `examples/bench_peers.rs` took
    /// 0.99 and 1.33 ns per element, its loops unrolled differently; compiled here, 0.95 and 0.92.
    fn run_binary(pass: BinaryPass<'_, Self>) -> Totals;
    /// [`SoftmaxPass::run`] for this type, compiled in this crate as [`KernelFloat::run_binary`] is.
    fn run_softmax(pass: SoftmaxPass<'_, Self>) -> Totals;
}

/// The implementations of [`KernelFloat::run_binary`] and [`KernelFloat::run_softmax`].
macro_rules! passes_compiled_here {
    () => {
        #[inline(never)]
        fn run_binary(pass: BinaryPass<'_, Self>) -> Totals {
            pass.run_here()
        }
        #[inline(never)]
        fn run_softmax(pass: SoftmaxPass<'_, Self>) -> Totals {
            pass.run_here()
        }
    };
}

impl KernelFloat for f64 {
    type Grade = Double;
    #[inline(always)]
    fn widen(self) -> f64 {
        self
    }
    #[inline(always)]
    fn narrow(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn divided(value: f64, divisor: f64) -> Self {
        value / divisor
    }
    passes_compiled_here!();
}

impl KernelFloat for f32 {
    type Grade = Single;
    #[inline(always)]
    fn widen(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn narrow(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn divided(value: f64, divisor: f64) -> Self {
        value as f32 / divisor as f32
    }
    passes_compiled_here!();
}

/// c₀ + c₁x + … + cₙxⁿ by Horner's rule (the slice is a constant: the loop unrolls).
#[inline(always)]
fn horner<A: Arith>(x: f64, coefficients: &[f64]) -> f64 {
    let (&last, rest) = coefficients.split_last().expect("a polynomial has a coefficient");
    rest.iter().rev().fold(last, |acc, &c| A::mul_add(acc, x, c))
}

/// a + b = hi + lo exactly, for |a| ≥ |b| or a = 0 (Dekker's Fast2Sum).
#[inline(always)]
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    (hi, b - (hi - a))
}

/// a + b = hi + lo exactly, for any finite a, b (Knuth's TwoSum); lo = 0 when hi is not finite.
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    let b_virtual = hi - a;
    let a_virtual = hi - b_virtual;
    let lo = (a - a_virtual) + (b - b_virtual);
    (hi, if hi.is_finite() { lo } else { 0.0 })
}

/// Checks that an output slice has the input's length.
#[inline]
fn same_length(input: usize, output: usize) {
    assert_eq!(input, output, "kernel output length {output} differs from the input length {input}");
}
