//! The batch passes behind the crate's binary, focal and softmax cross-entropy functions (f32 and
//! f64): every per-element quantity of a whole slice in one pass over chunks of plain arrays, the
//! inputs validated in the same pass, the sum compensated, the gradient scaled in place.
//!
//! # One pass
//! A chunk of 64 elements (128 for f64 results) goes through straight-line loops (signs and weights
//! from the targets, e = e^(−|x_t|) and ℓ = ln(1 + e) with their low parts, softplus, σ(±x_t), the
//! focal factor, the losses, the gradients) that LLVM vectorises. Each loop also records whether an
//! input was invalid (a NaN logit, a target other than 0 or 1; for softmax, NaN, +∞ or a row of −∞
//! only): the pass stops at the first chunk with one, and the caller scans the inputs again, in the
//! order the typed errors are reported in, only then. Valid input costs one `or` per element.
//! Softmax rows are transposed first, 64 rows side by side, so that a row's maximum and its sum
//! of exponentials, reductions along the row, become element-wise operations on columns; with
//! AVX-512 the logits move 8 rows × 8 classes at a time in registers (`tile.rs`): before, one
//! scalar load, convert and store per logit took a quarter of the f32 pass's time in a profile.
//! With that, the f32 row sums below ([`add_term`]) and the gradient's division in f32, the f32
//! softmax cross-entropy took 1.01 instead of 1.16 ns per logit, with its gradient 1.58 instead of
//! 1.76; the f64 one 1.54 instead of 1.62, with its gradient 2.29 against 2.25
//! (`examples/bench_batch.rs`, one core, 10 classes, 8 runs of 7 interleaved rounds, medians).
//!
//! How the work is cut into loops matters as much as the work. The exponential e^(−|x_t|) is
//! computed in the validating loop and stored; the logarithm ℓ, σ and softplus follow in the next
//! loop. With both in one loop (as before), measured with `examples/bench_batch.rs` (one core,
//! AVX-512, 11 interleaved rounds, medians), the f64 focal loss took 3.1 ns per element instead of
//! 2.4, its gradient 4.4 instead of 3.1, the f64 BCE 2.15 instead of 1.76 and the f32 focal loss
//! 1.47 instead of 1.22. Which loop structure is fastest was measured, not derived: a further
//! split (the f64 exponential in a loop of its own) was slower again, and the same change measured
//! in another program's instantiation of the passes gave the opposite answer, which is why the
//! passes are compiled in this crate ([`KernelFloat::run_binary`]). Nor did writing a pass by hand
//! help: a version of the f32 cross-entropy pass in AVX-512 intrinsics (the same arithmetic, a
//! chunk's eight lane vectors in registers instead of arrays, no branch in the loop; not kept)
//! took 1.03 to 1.5 ns per element in `examples/bench_batch.rs`, depending on the order of its
//! steps, against 0.92 for these loops. The separate loops give the processor many short
//! independent chains to overlap, where one body per chunk gives it a few long ones.
//!
//! The chunk's arrays are aligned to a cache line ([`Aligned`]), so that no vector load or store
//! straddles two lines. Before, where they landed in the stack frame changed with any edit of the
//! function, and the passes' speed with it: a change to the cross-entropy's loop alone made the f32
//! focal loss 3 to 9 % slower. Aligned, the f32 focal loss took 1.17 instead of 1.24 ns per element and
//! its gradient 1.46 instead of 1.54 (`examples/bench_batch.rs`, one core, 3 × 7 interleaved
//! rounds). The cross-entropy's loss alone with weights 1 is done in the logarithm's loop, with no
//! weight kept: the f32 BCE then took 0.92 instead of 0.97.
//!
//! # What is computed
//! Per element, exactly what the scalar functions compute (they run the same code on one element):
//! the loss in f64 lanes, rounded to the element type `K` once, then weighted by α_t in `K`
//! (so that FL ≤ CE holds bit for bit, also for f32); for γ > 0 the gradient
//! −y·α_t σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t)) in f64, rounded once; for γ = 0 the
//! cross-entropy's gradient −y σ(−x_t), rounded, then weighted in `K`. A gradient divided by the
//! reduction's divisor is divided in `K` ([`KernelFloat::divided`]): for f32 an f32 division, the
//! same value as the f64 division rounded to f32 (53 ≥ 2·24 + 2 bits make the double rounding
//! innocuous) on half as wide lanes; the f32 BCE gradient took 1.14 instead of 1.21 ns per element
//! with it (`examples/bench_batch.rs`, one core, 8 runs of 7 interleaved rounds, medians).
//!
//! # Summation and threads
//! A batch is cut into blocks of [`BLOCK`] elements (softmax: whole rows, about as many logits),
//! independent of the number of threads. Each block sums its per-element values (the rounded `K`
//! values, widened) in eight interleaved accumulators — with TwoSum for f64 results; plainly for f32
//! results, whose lane sums of 2¹¹ non-negative terms are then within 2⁻⁴² relative, a
//! quarter-millionth of an f32 ulp — and the blocks' partial sums are added in index order with
//! TwoSum. Above [`PARALLEL_MIN`] elements the blocks run on rayon's
//! thread pool: since neither the blocks nor the order in which their sums are combined depend on
//! the thread count, the result is the same bit for bit with 1, 2 or any number of threads.

// The passes index up to nine arrays of the same length at once; a `for i in 0..n` over slices cut
// to length n reads better than a nine-way zip and vectorises just as well.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;

use super::exp::exp_dd_parts;
use super::log1p::{log1p_parts, log1p_unit_parts};
use super::logistic::{
    Pair, focal_factor_by_exp, focal_factor_by_exp_parts, sigmoid_from, sigmoid_parts, small_half_integer,
    small_integer, softplus_from, softplus_parts, times_parts,
};
use super::{Arith, Grade, Kernel, KernelFloat, run, tile, two_sum};

/// Elements per chunk (the unit of the straight-line loops) of the softmax rows' sums and of a
/// binary pass with f32 results.
const CHUNK: usize = 64;
/// Elements per chunk of a binary pass with f64 results. Measured with `examples/bench_batch.rs`:
/// 128 rather than 64 made the f64 passes 3–6 % faster, and the f32 focal loss 6 % slower.
const CHUNK_DOUBLE: usize = 128;
/// Interleaved accumulators.
const LANES: usize = 8;
/// Elements per block: the unit of the sum's order and of the work given to a thread.
pub const BLOCK: usize = 1 << 14;
/// Batches of at least this many elements (logits) run their blocks on rayon's thread pool: two
/// blocks, the fewest a second thread can share.
///
/// Measured with `examples/bench_batch.rs` (f32 focal loss, both cores, 15 interleaved rounds, the
/// threshold lowered to one block for the measurement, on the shared 2-core machine at load 3.7):
/// one block (2¹⁴ logits) took 2.47 ns per logit through the pool with 2 threads against 2.01 on
/// one thread (nothing to share, the pool's cost alone); two blocks took 1.75 against 2.46. Larger
/// batches gain as much as the other core is free: other builds kept it busy during the
/// measurement, so the medians at 2¹⁶ to 2¹⁸ logits were equal, and at 10⁶ logits the fastest of 9
/// rounds took 1.07 ns with 2 threads against 2.10 with one.
pub const PARALLEL_MIN: usize = 2 * BLOCK;

/// A value aligned to a cache line (64 bytes): a chunk's lanes, so that every vector load and
/// store of a straight-line loop stays within one line, wherever the array lands in the frame
/// (module docs).
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Aligned<T>(T);

impl<T> core::ops::Deref for Aligned<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> core::ops::DerefMut for Aligned<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// An unevaluated sum hi + lo.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Partial {
    hi: f64,
    lo: f64,
}

impl Partial {
    /// Adds another partial sum (TwoSum on the high parts, the low parts added).
    fn add(&mut self, other: Partial) {
        let (s, c) = two_sum(self.hi, other.hi);
        self.hi = s;
        self.lo += c + other.lo;
    }

    /// The sum, rounded once.
    pub fn value(self) -> f64 {
        if self.hi.is_finite() { self.hi + self.lo } else { self.hi }
    }
}

/// Eight interleaved accumulators (TwoSum, or plain for f32 results).
#[derive(Clone, Copy)]
struct Accumulator {
    sum: [f64; LANES],
    compensation: [f64; LANES],
}

impl Accumulator {
    fn new() -> Self {
        Self { sum: [0.0; LANES], compensation: [0.0; LANES] }
    }

    /// Adds `terms` lane by lane: term i to accumulator i mod 8.
    ///
    /// Written for LLVM's loop vectoriser: a whole chunk as a loop over the lanes around each
    /// lane's terms in order (one vector of 8 lanes, the sums kept in registers); a shorter slice
    /// as groups of 8 whose lane loop runs to the group's length. The plain form, a loop over
    /// groups around a lane loop of constant length 8, is unrolled into scalar TwoSums that the SLP
    /// vectoriser leaves scalar (a quarter of the f64 cross-entropy's time was spent there).
    #[inline(always)]
    fn add(&mut self, terms: &[f64]) {
        if let Ok(chunk) = <&[f64; CHUNK_DOUBLE]>::try_from(terms) {
            return self.add_chunk(chunk);
        }
        if let Ok(chunk) = <&[f64; CHUNK]>::try_from(terms) {
            return self.add_chunk(chunk);
        }
        for group in terms.chunks(LANES) {
            let m = group.len();
            let (sum, compensation) = (&mut self.sum[..m], &mut self.compensation[..m]);
            for j in 0..m {
                let (s, c) = two_sum(sum[j], group[j]);
                sum[j] = s;
                compensation[j] += c;
            }
        }
    }

    /// [`Accumulator::add`] of a whole chunk: lane by lane, each lane's N / 8 terms in order, in
    /// registers.
    #[inline(always)]
    fn add_chunk<const N: usize>(&mut self, chunk: &[f64; N]) {
        for j in 0..LANES {
            let (mut sum, mut compensation) = (self.sum[j], self.compensation[j]);
            for g in 0..N / LANES {
                let (s, c) = two_sum(sum, chunk[g * LANES + j]);
                sum = s;
                compensation += c;
            }
            (self.sum[j], self.compensation[j]) = (sum, compensation);
        }
    }

    /// Adds `terms` lane by lane without compensation: for f32 results, where a block's plain
    /// lane sums (2¹¹ non-negative terms each) are within 2¹¹·2⁻⁵³ = 2⁻⁴² relative, far below an
    /// f32 ulp; the blocks are still combined with TwoSum.
    #[inline(always)]
    fn add_plain(&mut self, terms: &[f64]) {
        if let Ok(chunk) = <&[f64; CHUNK]>::try_from(terms) {
            // As in `add`.
            for j in 0..LANES {
                let mut sum = self.sum[j];
                for g in 0..CHUNK / LANES {
                    sum += chunk[g * LANES + j];
                }
                self.sum[j] = sum;
            }
            return;
        }
        for group in terms.chunks(LANES) {
            let sum = &mut self.sum[..group.len()];
            for j in 0..group.len() {
                sum[j] += group[j];
            }
        }
    }

    fn partial(&self) -> Partial {
        let mut total = Partial::default();
        for j in 0..LANES {
            total.add(Partial { hi: self.sum[j], lo: self.compensation[j] });
        }
        total
    }
}

/// What a block reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    /// The sum of the per-element (per-row) losses.
    pub sum: Partial,
    /// How many targets are 1 (binary passes).
    pub positives: usize,
    /// Whether an input was invalid: the outputs are then incomplete, and the caller must find the
    /// error.
    pub invalid: bool,
}

impl Totals {
    fn add(&mut self, other: Totals) {
        self.sum.add(other.sum);
        self.positives += other.positives;
        self.invalid |= other.invalid;
    }
}

/// Runs `blocks` (in parallel when `parallel`) and combines their totals in index order; stops
/// early (sequentially) or reports (in parallel) an invalid block.
fn run_blocks<B: Kernel<Output = Totals> + Send>(blocks: Vec<B>, parallel: bool) -> Totals {
    let mut totals = Totals::default();
    if parallel {
        let each: Vec<Totals> = blocks.into_par_iter().map(run).collect();
        for block in each {
            totals.add(block);
        }
    } else {
        for block in blocks {
            totals.add(run(block));
            if totals.invalid {
                break;
            }
        }
    }
    totals
}

/// [`run_blocks`] sequentially with arithmetic `A` on the build's instruction set.
fn run_blocks_with<A: Arith, B: Kernel<Output = Totals>>(blocks: Vec<B>) -> Totals {
    let mut totals = Totals::default();
    for block in blocks {
        totals.add(block.run::<A>());
        if totals.invalid {
            break;
        }
    }
    totals
}

/// Cuts an optional output slice into the blocks' pieces.
fn pieces<K>(out: Option<&mut [K]>, size: usize, count: usize) -> Vec<Option<&mut [K]>> {
    match out {
        Some(out) => out.chunks_mut(size).map(Some).collect(),
        None => (0..count).map(|_| None).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Binary cross-entropy and focal loss from logits
// ---------------------------------------------------------------------------------------------

/// The loss of a binary pass: γ (0 for the cross-entropy) and the weights α_t of the two labels
/// (1 and 1 without α), as values of the element type, widened.
#[derive(Debug, Clone, Copy)]
pub struct BinaryLoss {
    /// γ ≥ 0, finite.
    pub gamma: f64,
    /// α_t of a positive target.
    pub weight_positive: f64,
    /// α_t of a negative target.
    pub weight_negative: f64,
}

/// The binary cross-entropy (γ = 0) or focal loss of `logits` against 0/1 `targets`: the sum of the
/// per-element losses, per-element losses into `losses`, per-element gradients divided by
/// `grad_divisor` into `grads` — whichever are asked for.
pub struct BinaryPass<'a, K> {
    /// Logits.
    pub logits: &'a [K],
    /// Targets (0 or 1; anything else is reported as invalid).
    pub targets: &'a [K],
    /// The loss.
    pub loss: BinaryLoss,
    /// Per-element losses, if wanted.
    pub losses: Option<&'a mut [K]>,
    /// Per-element gradients, if wanted.
    pub grads: Option<&'a mut [K]>,
    /// What every gradient is divided by (a value of `K`, widened; 1: not divided).
    pub grad_divisor: f64,
}

impl<'a, K: KernelFloat> BinaryPass<'a, K> {
    /// Runs the pass over the whole batch (in blocks, on threads for large batches), at the
    /// instruction set [`run`] chooses, through [`KernelFloat::run_binary`] (compiled in this
    /// crate).
    pub fn run(self) -> Totals {
        K::run_binary(self)
    }

    /// [`BinaryPass::run`]'s body, instantiated by `K`'s [`KernelFloat::run_binary`].
    pub(crate) fn run_here(self) -> Totals {
        let parallel = self.logits.len() >= PARALLEL_MIN;
        run_blocks(self.blocks(), parallel)
    }

    /// Runs the pass with arithmetic `A` on the build's own instruction set, block by block on this
    /// thread: for tests of both arithmetics.
    pub fn run_with<A: Arith>(self) -> Totals {
        run_blocks_with::<A, _>(self.blocks())
    }

    fn blocks(self) -> Vec<BinaryBlock<'a, K>> {
        let n = self.logits.len();
        assert_eq!(n, self.targets.len(), "logits and targets differ in length");
        let count = n.div_ceil(BLOCK);
        let losses = pieces(self.losses, BLOCK, count);
        let grads = pieces(self.grads, BLOCK, count);
        self.logits
            .chunks(BLOCK)
            .zip(self.targets.chunks(BLOCK))
            .zip(losses.into_iter().zip(grads))
            .map(|((logits, targets), (losses, grads))| BinaryBlock {
                logits,
                targets,
                loss: self.loss,
                losses,
                grads,
                grad_divisor: self.grad_divisor,
            })
            .collect()
    }
}

/// One block of a [`BinaryPass`].
struct BinaryBlock<'a, K> {
    logits: &'a [K],
    targets: &'a [K],
    loss: BinaryLoss,
    losses: Option<&'a mut [K]>,
    grads: Option<&'a mut [K]>,
    grad_divisor: f64,
}

/// Rounds to `K` and widens back.
#[inline(always)]
fn round<K: KernelFloat>(x: f64) -> f64 {
    K::narrow(x).widen()
}

/// An element's loss before its weight: the product factor × cross-entropy rounded to `K`, and 0
/// at x_t = +∞, where the factor is 0 and the cross-entropy 0 (at x_t = −∞ the factor is 1 and the
/// loss +∞).
#[inline(always)]
fn unweighted_loss<K: KernelFloat>(x_t: f64, product: f64) -> f64 {
    if x_t == f64::INFINITY { 0.0 } else { round::<K>(product) }
}

impl<K: KernelFloat> Kernel for BinaryBlock<'_, K> {
    type Output = Totals;
    #[inline(always)]
    fn run<A: Arith>(self) -> Totals {
        let gamma = self.loss.gamma;
        let focal = gamma != 0.0;
        let carry = K::Grade::CARRY_LOW_PARTS;
        // For f32 results, the factor of γ a multiple of ½ is a product of σ(−x_t)s (and a square
        // root); for f64 results, of γ = 1 … 4 a double-double power of σ(−x_t): both instead of
        // a second exponential.
        let products = if carry || !focal { None } else { small_half_integer(gamma) };
        let powers = if carry && focal { small_integer(gamma) } else { None };
        // σ(−x_t) is needed by the gradients and by the factor's product forms, σ(x_t) by the focal
        // gradient only: a loss by the exponential form needs neither (two divisions saved).
        let want_grads = self.grads.is_some();
        let need_q = want_grads || products.is_some() || powers.is_some();
        let need_p = want_grads && focal;
        // Each combination is its own instantiation, so that what a loss does not need is not
        // computed: in one loop for all, LLVM evaluates both sides of every `if` and selects.
        // The cross-entropy's loss alone, weights 1 (no α): the loss is done in the logarithm's
        // loop, and no weight is kept.
        let weighted = focal || need_q || self.loss.weight_positive != 1.0 || self.loss.weight_negative != 1.0;
        match (focal, need_q, need_p, carry, weighted) {
            (false, false, _, false, false) => self.pass::<A, false, false, false, false, CHUNK>(products, powers),
            (false, false, _, false, true) => self.pass::<A, false, false, false, true, CHUNK>(products, powers),
            (false, true, _, false, _) => self.pass::<A, false, true, false, true, CHUNK>(products, powers),
            (true, false, _, false, _) => self.pass::<A, true, false, false, true, CHUNK>(products, powers),
            (true, true, false, false, _) => self.pass::<A, true, true, false, true, CHUNK>(products, powers),
            (true, true, true, false, _) => self.pass::<A, true, true, true, true, CHUNK>(products, powers),
            (false, false, _, true, false) => {
                self.pass::<A, false, false, false, false, CHUNK_DOUBLE>(products, powers)
            }
            (false, false, _, true, true) => self.pass::<A, false, false, false, true, CHUNK_DOUBLE>(products, powers),
            (false, true, _, true, _) => self.pass::<A, false, true, false, true, CHUNK_DOUBLE>(products, powers),
            (true, false, _, true, _) => self.pass::<A, true, false, false, true, CHUNK_DOUBLE>(products, powers),
            (true, true, false, true, _) => self.pass::<A, true, true, false, true, CHUNK_DOUBLE>(products, powers),
            (true, true, true, true, _) => self.pass::<A, true, true, true, true, CHUNK_DOUBLE>(products, powers),
        }
    }
}

impl<K: KernelFloat> BinaryBlock<'_, K> {
    /// The pass of [`BinaryBlock::run`] for the cross-entropy (`FOCAL` false) or the focal loss,
    /// computing σ(−x_t) if `NEED_Q` and σ(x_t) if `NEED_P`, the weights α_t unless `WEIGHTED` is
    /// false (the cross-entropy's loss alone with weights 1), in chunks of `C` elements.
    #[inline(always)]
    fn pass<
        A: Arith,
        const FOCAL: bool,
        const NEED_Q: bool,
        const NEED_P: bool,
        const WEIGHTED: bool,
        const C: usize,
    >(
        mut self,
        products: Option<u32>,
        powers: Option<u32>,
    ) -> Totals {
        let BinaryLoss { gamma, weight_positive, weight_negative } = self.loss;
        let (focal, need_q, need_p) = (FOCAL, NEED_Q, NEED_P);
        let carry = K::Grade::CARRY_LOW_PARTS;
        let mut totals = Totals::default();
        let mut sum = Accumulator::new();
        let lanes = Aligned([0.0; C]);
        let (mut x_t, mut sign, mut weight) = (lanes, lanes, lanes);
        let (mut p, mut q, mut ce, mut factor, mut loss, mut l_lo) = (lanes, lanes, lanes, lanes, lanes, lanes);
        let (mut ce_lo, mut q_hi, mut q_lo, mut factor_lo) = (lanes, lanes, lanes, lanes);
        let (mut e, mut e_lo) = (lanes, lanes);
        for (start, (xs, ys)) in self.logits.chunks(C).zip(self.targets.chunks(C)).enumerate() {
            let n = xs.len();
            // Every array cut to the chunk's length: the loops below then index without bounds
            // checks, which is what lets them vectorise.
            let ys = &ys[..n];
            let (x_t, sign, weight) = (&mut x_t[..n], &mut sign[..n], &mut weight[..n]);
            let (p, q, ce, factor, loss, l_lo) =
                (&mut p[..n], &mut q[..n], &mut ce[..n], &mut factor[..n], &mut loss[..n], &mut l_lo[..n]);
            let (ce_lo, q_hi, q_lo, factor_lo) = (&mut ce_lo[..n], &mut q_hi[..n], &mut q_lo[..n], &mut factor_lo[..n]);
            let (e, e_lo) = (&mut e[..n], &mut e_lo[..n]);
            let (mut invalid, mut positives) = (false, 0_usize);
            for i in 0..n {
                let (x, y) = (xs[i].widen(), ys[i].widen());
                let positive = y == 1.0;
                invalid |= x.is_nan() | (!positive & (y != 0.0));
                // At most C: no overflow. An overflow-checked `+=` (every build with overflow
                // checks, `cargo test`'s among them) would keep LLVM from vectorising this loop.
                positives = positives.wrapping_add(usize::from(positive));
                if need_q {
                    // Read by the gradients only.
                    sign[i] = if positive { 1.0 } else { -1.0 };
                }
                if WEIGHTED {
                    weight[i] = if positive { weight_positive } else { weight_negative };
                }
                x_t[i] = if positive { x } else { -x };
                // The logarithm follows in a loop of its own (module docs).
                (e[i], e_lo[i]) = exp_dd_parts::<A, K::Grade>(-x_t[i].abs(), 0.0);
            }
            totals.positives += positives;
            if invalid {
                totals.invalid = true;
                return totals;
            }
            for i in 0..n {
                let (e, e_lo) = (e[i], e_lo[i]);
                let (l, low) = log1p_unit_parts::<A, K::Grade>(e, e_lo);
                let pair = Pair { e, l, l_lo: low };
                if carry && focal {
                    (ce[i], ce_lo[i]) = softplus_parts(-x_t[i], &pair);
                    if need_q {
                        (q[i], (q_hi[i], q_lo[i])) = sigmoid_parts::<A>(-x_t[i], e, e_lo);
                    }
                } else {
                    ce[i] = softplus_from::<K::Grade>(-x_t[i], &pair);
                    if !WEIGHTED {
                        loss[i] = unweighted_loss::<K>(x_t[i], ce[i]);
                    }
                    if need_q {
                        q[i] = sigmoid_from::<A, K::Grade>(-x_t[i], e, e_lo);
                    }
                }
                if need_p {
                    p[i] = sigmoid_from::<A, K::Grade>(x_t[i], e, e_lo);
                }
                if focal {
                    // ℓ is kept in `factor` until the factor pass (for the exponential form).
                    factor[i] = l;
                    l_lo[i] = low;
                }
            }
            match (focal, products, powers) {
                (false, _, _) => {} // the factor is 1
                (true, Some(twice), _) => {
                    factor.fill(1.0);
                    for _ in 0..twice / 2 {
                        for i in 0..n {
                            factor[i] *= q[i];
                        }
                    }
                    if twice % 2 == 1 {
                        for i in 0..n {
                            factor[i] *= q[i].sqrt();
                        }
                    }
                }
                (true, None, Some(power)) => {
                    // σ(−x_t)^power: the chunk multiplied by σ(−x_t) power − 1 times.
                    factor.copy_from_slice(q_hi);
                    factor_lo.copy_from_slice(q_lo);
                    for _ in 1..power {
                        for i in 0..n {
                            (factor[i], factor_lo[i]) = times_parts::<A>((factor[i], factor_lo[i]), (q_hi[i], q_lo[i]));
                        }
                    }
                }
                (true, None, None) if carry => {
                    for i in 0..n {
                        (factor[i], factor_lo[i]) =
                            focal_factor_by_exp_parts::<A, K::Grade>(x_t[i], factor[i], l_lo[i], gamma);
                    }
                }
                (true, None, None) => {
                    for i in 0..n {
                        factor[i] = focal_factor_by_exp::<A, K::Grade>(x_t[i], factor[i], l_lo[i], gamma);
                    }
                }
            }
            // Unweighted, the cross-entropy's losses are done (with the logarithm).
            if WEIGHTED {
                for i in 0..n {
                    // A loss weighted by 0 is 0 (also at x_t = −∞). For f64 results with γ > 0 the
                    // product of the two double-doubles is rounded once.
                    let product = if !focal {
                        ce[i]
                    } else if carry && ce[i].is_finite() {
                        A::mul_add(factor[i], ce[i], factor[i] * ce_lo[i] + factor_lo[i] * ce[i])
                    } else {
                        factor[i] * ce[i]
                    };
                    let unweighted = unweighted_loss::<K>(x_t[i], product);
                    loss[i] = if weight[i] == 0.0 { 0.0 } else { round::<K>(weight[i] * unweighted) };
                }
            }
            if carry {
                sum.add(loss)
            } else {
                sum.add_plain(loss)
            }
            if let Some(out) = self.losses.as_deref_mut() {
                let out = &mut out[start * C..start * C + n];
                for i in 0..n {
                    out[i] = K::narrow(loss[i]);
                }
            }
            if let Some(out) = self.grads.as_deref_mut() {
                let out = &mut out[start * C..start * C + n];
                for i in 0..n {
                    let g = if focal {
                        let bracket = if x_t[i].is_infinite() { q[i] } else { gamma * p[i] * ce[i] + q[i] };
                        sign[i] * round::<K>(-(weight[i] * factor[i] * bracket))
                    } else {
                        round::<K>(weight[i] * (sign[i] * round::<K>(-q[i])))
                    };
                    out[i] = if self.grad_divisor == 1.0 { K::narrow(g) } else { K::divided(g, self.grad_divisor) };
                }
            }
        }
        totals.sum = sum.partial();
        totals
    }
}

// ---------------------------------------------------------------------------------------------
// Softmax cross-entropy
// ---------------------------------------------------------------------------------------------

/// Rows per sub-block of a softmax block: the lanes of its columns (the unit of its straight-line
/// loops). Measured with `examples/bench_batch.rs` (rows of 10, one core): with the rows side by
/// side the f32 loss took 1.3 ns per logit against 2.8 with a row's logits side by side, whose
/// per-row maxima and TwoSum sums ran scalar.
const ROWS: usize = 64;

/// Rows per block of a softmax pass with `k` classes: about [`BLOCK`] logits, a multiple of
/// [`ROWS`].
fn block_rows(k: usize) -> usize {
    (BLOCK / k / ROWS).max(1) * ROWS
}

/// The softmax cross-entropy −ln softmax(z)_c = (m − z_c) + ln Σᵢ e^(zᵢ − m) of every row of
/// `logits` (`num_classes` per row, row-major) against `classes`: the sum, per-row losses into
/// `losses`, the gradient softmax(z) − onehot(c) divided by `grad_divisor` into `grads` — whichever
/// are asked for. The classes must be in range (checked by the caller).
pub struct SoftmaxPass<'a, K> {
    /// Row-major logits.
    pub logits: &'a [K],
    /// Logits per row (> 0).
    pub num_classes: usize,
    /// The true class of each row, each below `num_classes`.
    pub classes: &'a [usize],
    /// Per-row losses, if wanted.
    pub losses: Option<&'a mut [K]>,
    /// The gradient (same layout as `logits`), if wanted.
    pub grads: Option<&'a mut [K]>,
    /// What every gradient entry is divided by (a value of `K`, widened; 1: not divided).
    pub grad_divisor: f64,
}

impl<'a, K: KernelFloat> SoftmaxPass<'a, K> {
    /// Runs the pass over the whole batch (in blocks of rows, on threads for large batches), at the
    /// instruction set [`run`] chooses, through [`KernelFloat::run_softmax`] (compiled in this
    /// crate).
    pub fn run(self) -> Totals {
        K::run_softmax(self)
    }

    /// [`SoftmaxPass::run`]'s body, instantiated by `K`'s [`KernelFloat::run_softmax`].
    pub(crate) fn run_here(self) -> Totals {
        let parallel = self.logits.len() >= PARALLEL_MIN;
        run_blocks(self.blocks(), parallel)
    }

    /// As [`BinaryPass::run_with`].
    pub fn run_with<A: Arith>(self) -> Totals {
        run_blocks_with::<A, _>(self.blocks())
    }

    fn blocks(self) -> Vec<SoftmaxBlock<'a, K>> {
        let k = self.num_classes;
        assert!(k > 0 && self.logits.len() == k * self.classes.len(), "bad row layout");
        let rows = block_rows(k);
        let count = self.classes.len().div_ceil(rows);
        let losses = pieces(self.losses, rows, count);
        let grads = pieces(self.grads, rows * k, count);
        self.logits
            .chunks(rows * k)
            .zip(self.classes.chunks(rows))
            .zip(losses.into_iter().zip(grads))
            .map(|((logits, classes), (losses, grads))| SoftmaxBlock {
                logits,
                k,
                classes,
                losses,
                grads,
                grad_divisor: self.grad_divisor,
            })
            .collect()
    }
}

/// One block of a [`SoftmaxPass`].
struct SoftmaxBlock<'a, K> {
    logits: &'a [K],
    k: usize,
    classes: &'a [usize],
    losses: Option<&'a mut [K]>,
    grads: Option<&'a mut [K]>,
    grad_divisor: f64,
}

impl<K: KernelFloat> Kernel for SoftmaxBlock<'_, K> {
    type Output = Totals;
    #[inline(always)]
    fn run<A: Arith>(mut self) -> Totals {
        let k = self.k;
        // Per sub-block of at most ROWS rows, with the logits transposed first (column j of the
        // sub-block is `t[j]`, one lane per row), so that every later loop runs over the rows side
        // by side, on whole columns: the row maxima; every e^(zᵢ − m) with its low part; per row,
        // Σᵢ e^(zᵢ − m) − 1 (the −1 cancels the maximum's term exactly, ties included: no argmax
        // needed) with TwoSum, in class order; ln(1 + rest); the losses; the gradient, transposed
        // back. Row by row, the arithmetic is [`RowNormaliser`]'s. The lanes of a last, shorter
        // sub-block that have no row hold zeros and are ignored.
        let column = [0.0_f64; ROWS];
        let mut t = vec![column; k];
        let (mut e, mut e_lo) = (vec![column; k], vec![column; k]);
        let mut g = if self.grads.is_some() { vec![[K::narrow(0.0); ROWS]; k] } else { Vec::new() };
        let mut totals = Totals::default();
        let mut sum = Accumulator::new();
        let lanes = Aligned(column);
        let (mut max, mut rest, mut rest_lo, mut compensation) = (lanes, lanes, lanes, lanes);
        let (mut z_class, mut loss, mut inverse, mut class) = (lanes, lanes, lanes, lanes);
        for (sub, (zs, cs)) in self.logits.chunks(k * ROWS).zip(self.classes.chunks(ROWS)).enumerate() {
            let rows = cs.len();
            // In registers, 8 rows × 8 classes at a time, if the sub-block is whole (and the CPU
            // has AVX-512); the classes left over (k mod 8) and every class otherwise, column by
            // column.
            let moved = tile::transpose_blocks(zs, &mut t);
            for (j, t) in t.iter_mut().enumerate().skip(moved) {
                for (lane, row) in t.iter_mut().zip(zs.chunks_exact(k)) {
                    *lane = row[j].widen();
                }
                t[rows..].fill(0.0);
            }
            // Each row's class, as a lane (exact: classes are below 2⁵³); −1 where there is no row.
            for (lane, &c) in class.iter_mut().zip(cs) {
                *lane = c as f64;
            }
            class[rows..].fill(-1.0);
            let mut invalid = false;
            max.fill(f64::NEG_INFINITY);
            for t in &t {
                for r in 0..ROWS {
                    invalid |= t[r].is_nan() | (t[r] == f64::INFINITY);
                    max[r] = max[r].max(t[r]);
                }
            }
            for r in 0..ROWS {
                invalid |= max[r] == f64::NEG_INFINITY;
            }
            if invalid {
                totals.invalid = true;
                return totals;
            }
            for ((t, e), e_lo) in t.iter().zip(e.iter_mut()).zip(e_lo.iter_mut()) {
                for r in 0..ROWS {
                    let (hi, lo) = two_sum(t[r], -max[r]);
                    (e[r], e_lo[r]) = exp_dd_parts::<A, K::Grade>(hi, lo);
                }
            }
            rest.fill(-1.0);
            compensation.fill(0.0);
            for ((e, e_lo), t) in e.iter().zip(&e_lo).zip(&t) {
                for r in 0..ROWS {
                    add_term::<A, K::Grade>((&mut rest[r], &mut compensation[r]), (e[r], e_lo[r]), t[r] < max[r]);
                }
            }
            for r in 0..ROWS {
                (rest[r], rest_lo[r]) = sum_of_terms(rest[r], compensation[r]);
            }
            for (r, &class) in cs.iter().enumerate() {
                z_class[r] = t[class][r];
            }
            for r in 0..ROWS {
                let l = log1p_parts::<A, K::Grade>(rest[r], rest_lo[r]);
                let (gap, gap_lo) = two_sum(max[r], -z_class[r]);
                loss[r] = round::<K>(gap + (l + gap_lo));
            }
            if K::Grade::CARRY_LOW_PARTS {
                sum.add(&loss[..rows])
            } else {
                sum.add_plain(&loss[..rows])
            }
            if let Some(out) = self.losses.as_deref_mut() {
                for (out, &loss) in out[sub * ROWS..sub * ROWS + rows].iter_mut().zip(loss.iter()) {
                    *out = K::narrow(loss);
                }
            }
            if let Some(grad) = self.grads.as_deref_mut() {
                let divisor = self.grad_divisor;
                let scale = |g: f64| if divisor == 1.0 { K::narrow(g) } else { K::divided(g, divisor) };
                for r in 0..ROWS {
                    inverse[r] = 1.0 / (1.0 + rest[r]);
                }
                // softmax_i = e_i/(1 + rest); for the true class c, −Σ_{i≠c} softmax_i =
                // −(rest + (1 − e_c))/(1 + rest), never 1 − softmax_c by subtraction (1 − e_c is
                // exact where it matters, e_c ≥ ½).
                for (j, (g, e)) in g.iter_mut().zip(&e).enumerate() {
                    let j = j as f64;
                    for r in 0..ROWS {
                        let value = if class[r] == j { -(rest[r] + (1.0 - e[r])) } else { e[r] };
                        g[r] = scale(round::<K>(value * inverse[r]));
                    }
                }
                // Back into rows element by element (by blocks measured slower: `tile.rs`).
                let grad = &mut grad[sub * ROWS * k..sub * ROWS * k + rows * k];
                for (row, r) in grad.chunks_exact_mut(k).zip(0..ROWS) {
                    for (out, g) in row.iter_mut().zip(&g) {
                        *out = g[r];
                    }
                }
            }
        }
        totals.sum = sum.partial();
        totals
    }
}

/// m = max z and ℓ = ln Σᵢ e^(zᵢ − m) of one valid row (no NaN, no +∞, not all −∞), computed as
/// [`SoftmaxPass`] computes them, so that (m − z_c) + ℓ from [`neg_log_softmax`] is bit for bit the
/// pass's loss.
pub struct RowNormaliser<'a, K> {
    /// The row.
    pub z: &'a [K],
}

impl<K: KernelFloat> Kernel for RowNormaliser<'_, K> {
    type Output = (f64, f64);
    #[inline(always)]
    fn run<A: Arith>(self) -> (f64, f64) {
        let m = self.z.iter().fold(f64::NEG_INFINITY, |acc, &v| acc.max(v.widen()));
        let (mut rest, mut compensation) = (-1.0, 0.0);
        for &z in self.z {
            let (hi, lo) = two_sum(z.widen(), -m);
            let e = exp_dd_parts::<A, K::Grade>(hi, lo);
            add_term::<A, K::Grade>((&mut rest, &mut compensation), e, z.widen() < m);
        }
        let (rest, rest_lo) = sum_of_terms(rest, compensation);
        (m, log1p_parts::<A, K::Grade>(rest, rest_lo))
    }
}

/// Adds a row's term e^(zᵢ − m) = e + e_lo (`below`: zᵢ < m) to its Σᵢ e^(zᵢ − m) − 1, kept as
/// `rest` (from −1) and `compensation` (from 0), in class order, as [`SoftmaxPass`] and
/// [`RowNormaliser`] both add it.
///
/// For f64 results, `rest` is the running sum and the compensation collects TwoSum's errors and
/// the low parts: the maximum's term (exactly 1) cancels the −1 exactly, ties included, without an
/// argmax, and a term lost in a sum near −1 is kept. For f32 results the terms below the maximum
/// are summed plainly in `compensation` (terms ≥ 0: a relative error below (k − 1)·2⁻⁵³, far
/// below the f32 exponential's 2⁻⁴⁴) and each term at the maximum adds its exact 1 to `rest`,
/// which ends at (ties − 1), an integer: nothing is lost either, with three operations instead of
/// eight. Measured alone with `examples/bench_batch.rs` (one core, four comparisons of 4 to 8 runs
/// of 7 interleaved rounds): the f32 softmax cross-entropy 4–8 % faster in three, level in one.
#[inline(always)]
fn add_term<A: Arith, G: Grade>((rest, compensation): (&mut f64, &mut f64), (e, e_lo): (f64, f64), below: bool) {
    if G::CARRY_LOW_PARTS {
        let (s, c) = two_sum(*rest, e);
        *rest = s;
        *compensation += c + e_lo;
    } else {
        // A product with 0 or 1 and a sum, exact or rounded once with or without fusion; as a
        // select, LLVM turned the sum into masked stores (1.7 ns per logit instead of 0.94).
        let weight = if below { 1.0 } else { 0.0 };
        *compensation = A::mul_add(e, weight, *compensation);
        *rest += 1.0 - weight;
    }
}

/// The row's sum from [`add_term`]'s two parts, as (value, low part).
#[inline(always)]
fn sum_of_terms(rest: f64, compensation: f64) -> (f64, f64) {
    let value = rest + compensation;
    (value, compensation - (value - rest))
}

/// −ln softmax(z)_k = (m − z_k) + ℓ, rounded to `K`, from [`RowNormaliser`]'s (m, ℓ).
pub fn neg_log_softmax<K: KernelFloat>((m, l): (f64, f64), z_k: K) -> K {
    let (gap, gap_lo) = two_sum(m, -z_k.widen());
    K::narrow(gap + (l + gap_lo))
}
