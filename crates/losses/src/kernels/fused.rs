//! Fused batch kernels: the focal loss, binary cross-entropy and softmax cross-entropy of a whole
//! slice in one pass, summed, optionally with the per-element gradient — built from the elementary
//! kernels, to measure what the batch functions can gain from them.
//!
//! These kernels do not validate (targets must be exactly 0 or 1, logits not NaN, softmax rows as
//! [`LogNormaliserRows`](super::LogNormaliserRows) requires, classes in range) and do not apply a
//! reduction: they return the plain sum of the per-element losses (as an f64, from a compensated
//! sum) and write unscaled per-element gradients. Per-element values are computed in f64 lanes and
//! rounded to `F` once (the gradient) or summed in f64 (the loss).
//!
//! # Summation
//! Eight interleaved TwoSum accumulators (element i goes to accumulator i mod 8), combined in a
//! fixed order at the end: vectorisable, and — since the assignment of elements to accumulators
//! does not depend on the instruction set — the same result at every dispatch level.

// The passes index up to seven arrays of the same length at once; a `for i in 0..n` over slices cut
// to length n reads better than a seven-way zip and vectorises just as well.
#![allow(clippy::needless_range_loop)]

use super::exp::exp_dd_parts;
use super::log1p::{log1p_parts, log1p_unit_parts};
use super::logistic::{Pair, focal_factor_by_exp, sigmoid_from, small_half_integer, softplus_from, softplus_pair};
use super::{Arith, Grade, Kernel, KernelFloat, two_sum};

/// Elements per pass.
const CHUNK: usize = 64;
/// Interleaved accumulators.
const LANES: usize = 8;

/// Eight TwoSum accumulators.
#[derive(Clone, Copy)]
struct Accumulator {
    sum: [f64; LANES],
    compensation: [f64; LANES],
}

impl Accumulator {
    fn new() -> Self {
        Self { sum: [0.0; LANES], compensation: [0.0; LANES] }
    }

    /// Adds `terms` (a multiple of [`LANES`] long, or the tail) lane by lane.
    #[inline(always)]
    fn add(&mut self, terms: &[f64]) {
        let mut groups = terms.chunks_exact(LANES);
        for group in &mut groups {
            for j in 0..LANES {
                let (s, c) = two_sum(self.sum[j], group[j]);
                self.sum[j] = s;
                self.compensation[j] += c;
            }
        }
        for (j, &t) in groups.remainder().iter().enumerate() {
            let (s, c) = two_sum(self.sum[j], t);
            self.sum[j] = s;
            self.compensation[j] += c;
        }
    }

    fn value(&self) -> f64 {
        let (mut sum, mut compensation) = (0.0, 0.0);
        for j in 0..LANES {
            let (s, c) = two_sum(sum, self.sum[j]);
            sum = s;
            compensation += c + self.compensation[j];
        }
        sum + compensation
    }
}

/// Σᵢ FLᵢ of a batch of logits against 0/1 targets, FL = α_t σ(−x_t)^γ softplus(−x_t)
/// (α_t = 1 without α), and optionally dFLᵢ/dxᵢ = −y α_t σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t)).
pub struct FocalLossSum<'a, F> {
    /// Logits.
    pub logits: &'a [F],
    /// Targets, exactly 0 or 1.
    pub targets: &'a [F],
    /// γ > 0.
    pub gamma: F,
    /// α, the weight of positives (negatives get 1 − α), or `None` for no weights.
    pub alpha: Option<F>,
    /// Where to write the per-element gradients, if wanted (same length as `logits`).
    pub grad: Option<&'a mut [F]>,
}

impl<F: KernelFloat> Kernel for FocalLossSum<'_, F> {
    type Output = f64;
    #[inline(always)]
    fn run<A: Arith>(mut self) -> f64 {
        assert_eq!(self.logits.len(), self.targets.len());
        let gamma = self.gamma.widen();
        let (w_pos, w_neg) = self.alpha.map_or((1.0, 1.0), |a| (a.widen(), 1.0 - a.widen()));
        let products = if F::Grade::CARRY_LOW_PARTS { None } else { small_half_integer(gamma) };
        let mut sum = Accumulator::new();
        let (mut x_t, mut sign, mut weight) = ([0.0; CHUNK], [0.0; CHUNK], [0.0; CHUNK]);
        let (mut p, mut q, mut ce, mut factor, mut loss) =
            ([0.0; CHUNK], [0.0; CHUNK], [0.0; CHUNK], [0.0; CHUNK], [0.0; CHUNK]);
        for (start, (xs, ys)) in self.logits.chunks(CHUNK).zip(self.targets.chunks(CHUNK)).enumerate() {
            let n = xs.len();
            // Every array cut to the chunk's length: the loops below then index without bounds
            // checks, which is what lets them vectorise.
            let ys = &ys[..n];
            let (x_t, sign, weight) = (&mut x_t[..n], &mut sign[..n], &mut weight[..n]);
            let (p, q, ce, factor, loss) = (&mut p[..n], &mut q[..n], &mut ce[..n], &mut factor[..n], &mut loss[..n]);
            for i in 0..n {
                let positive = ys[i].widen() == 1.0;
                sign[i] = if positive { 1.0 } else { -1.0 };
                weight[i] = if positive { w_pos } else { w_neg };
                x_t[i] = sign[i] * xs[i].widen();
                let (e, e_lo) = exp_dd_parts::<A, F::Grade>(-x_t[i].abs(), 0.0);
                let (l, l_lo) = log1p_unit_parts::<A, F::Grade>(e, e_lo);
                ce[i] = softplus_from::<F::Grade>(-x_t[i], &Pair { e, l, l_lo });
                p[i] = sigmoid_from::<A, F::Grade>(x_t[i], e, e_lo);
                q[i] = sigmoid_from::<A, F::Grade>(-x_t[i], e, e_lo);
                // ℓ is kept in `factor` until the factor pass (for the exponential form).
                factor[i] = l;
                loss[i] = l_lo;
            }
            match products {
                Some(twice) => {
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
                None => {
                    for i in 0..n {
                        factor[i] = focal_factor_by_exp::<A, F::Grade>(x_t[i], factor[i], loss[i], gamma);
                    }
                }
            }
            for i in 0..n {
                // x_t = +∞: factor 0 and ce 0·… = 0; x_t = −∞: factor 1, ce = +∞.
                let value = weight[i] * (factor[i] * ce[i]);
                loss[i] = if x_t[i] == f64::INFINITY { 0.0 } else { value };
            }
            sum.add(loss);
            if let Some(grad) = self.grad.as_deref_mut() {
                let grad = &mut grad[start * CHUNK..start * CHUNK + n];
                for i in 0..n {
                    let bracket = if x_t[i].is_infinite() { q[i] } else { gamma * p[i] * ce[i] + q[i] };
                    grad[i] = F::narrow(-sign[i] * weight[i] * factor[i] * bracket);
                }
            }
        }
        sum.value()
    }
}

/// Σᵢ softplus(−x_t), the binary cross-entropy from logits, and optionally dCEᵢ/dxᵢ = −y σ(−x_t).
pub struct BceSum<'a, F> {
    /// Logits.
    pub logits: &'a [F],
    /// Targets, exactly 0 or 1.
    pub targets: &'a [F],
    /// Where to write the per-element gradients, if wanted.
    pub grad: Option<&'a mut [F]>,
}

impl<F: KernelFloat> Kernel for BceSum<'_, F> {
    type Output = f64;
    #[inline(always)]
    fn run<A: Arith>(mut self) -> f64 {
        assert_eq!(self.logits.len(), self.targets.len());
        let mut sum = Accumulator::new();
        let mut loss = [0.0; CHUNK];
        for (start, (xs, ys)) in self.logits.chunks(CHUNK).zip(self.targets.chunks(CHUNK)).enumerate() {
            let n = xs.len();
            let (ys, loss) = (&ys[..n], &mut loss[..n]);
            let grad = self.grad.as_deref_mut().map(|g| &mut g[start * CHUNK..start * CHUNK + n]);
            match grad {
                Some(grad) => {
                    for i in 0..n {
                        let sign = if ys[i].widen() == 1.0 { 1.0 } else { -1.0 };
                        let x_t = sign * xs[i].widen();
                        let (e, e_lo) = exp_dd_parts::<A, F::Grade>(-x_t.abs(), 0.0);
                        let (l, l_lo) = log1p_unit_parts::<A, F::Grade>(e, e_lo);
                        loss[i] = softplus_from::<F::Grade>(-x_t, &Pair { e, l, l_lo });
                        grad[i] = F::narrow(-sign * sigmoid_from::<A, F::Grade>(-x_t, e, e_lo));
                    }
                }
                None => {
                    for i in 0..n {
                        let sign = if ys[i].widen() == 1.0 { 1.0 } else { -1.0 };
                        let x_t = sign * xs[i].widen();
                        loss[i] = softplus_from::<F::Grade>(-x_t, &softplus_pair::<A, F::Grade>(x_t));
                    }
                }
            }
            sum.add(loss);
        }
        sum.value()
    }
}

/// Σ_rows −ln softmax(z)_c = Σ (m − z_c) + ℓ, and optionally ∂/∂z = softmax(z) − onehot(c).
pub struct SoftmaxCeSum<'a, F> {
    /// Row-major logits.
    pub logits: &'a [F],
    /// Logits per row.
    pub num_classes: usize,
    /// The class of each row.
    pub classes: &'a [usize],
    /// Where to write the gradient (same layout as `logits`), if wanted.
    pub grad: Option<&'a mut [F]>,
}

/// Rows per block of [`SoftmaxCeSum`].
const ROWS: usize = 64;

impl<F: KernelFloat> Kernel for SoftmaxCeSum<'_, F> {
    type Output = f64;
    #[inline(always)]
    fn run<A: Arith>(mut self) -> f64 {
        let k = self.num_classes;
        assert!(k > 0 && self.logits.len() == k * self.classes.len(), "bad row layout");
        // Per block of rows, in passes: row maxima (broadcast to every element of the row); every
        // e^(zᵢ − m) with its low part, flat over the block; per row, Σᵢ e^(zᵢ − m) − 1 (the −1
        // cancels the maximum's term exactly, ties included: no argmax needed) with TwoSum, rows
        // side by side; ln(1 + rest) for the block's rows; the losses; the gradient.
        let mut m_each = vec![0.0_f64; k * ROWS];
        let (mut e, mut e_lo) = (vec![0.0_f64; k * ROWS], vec![0.0_f64; k * ROWS]);
        let mut sum = Accumulator::new();
        let (mut max, mut rest, mut rest_lo, mut loss) = ([0.0; ROWS], [0.0; ROWS], [0.0; ROWS], [0.0; ROWS]);
        for (block, (zs, cs)) in self.logits.chunks(k * ROWS).zip(self.classes.chunks(ROWS)).enumerate() {
            let rows = cs.len();
            let n = zs.len();
            let (m_each, e, e_lo) = (&mut m_each[..n], &mut e[..n], &mut e_lo[..n]);
            let (max, rest, rest_lo, loss) =
                (&mut max[..rows], &mut rest[..rows], &mut rest_lo[..rows], &mut loss[..rows]);
            for ((z, m), each) in zs.chunks_exact(k).zip(max.iter_mut()).zip(m_each.chunks_exact_mut(k)) {
                *m = z.iter().fold(f64::NEG_INFINITY, |acc, &v| acc.max(v.widen()));
                each.fill(*m);
            }
            for i in 0..n {
                let (hi, lo) = two_sum(zs[i].widen(), -m_each[i]);
                (e[i], e_lo[i]) = exp_dd_parts::<A, F::Grade>(hi, lo);
            }
            let mut compensation = [0.0; ROWS];
            let compensation = &mut compensation[..rows];
            rest.fill(-1.0);
            for j in 0..k {
                for r in 0..rows {
                    let (s, c) = two_sum(rest[r], e[r * k + j]);
                    rest[r] = s;
                    compensation[r] += c + e_lo[r * k + j];
                }
            }
            for r in 0..rows {
                let hi = rest[r] + compensation[r];
                rest_lo[r] = compensation[r] - (hi - rest[r]);
                rest[r] = hi;
            }
            for r in 0..rows {
                let l = log1p_parts::<A, F::Grade>(rest[r], rest_lo[r]);
                let (gap, gap_lo) = two_sum(max[r], -zs[r * k + cs[r]].widen());
                loss[r] = gap + (l + gap_lo);
            }
            sum.add(loss);
            if let Some(grad) = self.grad.as_deref_mut() {
                let grad = &mut grad[block * ROWS * k..block * ROWS * k + n];
                for ((g, e), (&r, &class)) in grad.chunks_exact_mut(k).zip(e.chunks_exact(k)).zip(rest.iter().zip(cs)) {
                    let inverse = 1.0 / (1.0 + r);
                    for (gi, &ei) in g.iter_mut().zip(e) {
                        *gi = F::narrow(ei * inverse);
                    }
                    // The true class: −Σ_{i≠c} softmax_i = −(rest + (1 − e_c))/(1 + rest), never
                    // 1 − softmax_c by subtraction (1 − e_c is exact where it matters, e_c ≥ ½).
                    g[class] = F::narrow(-((r + (1.0 - e[class])) * inverse));
                }
            }
        }
        sum.value()
    }
}
