//! log-sum-exp over the rows of a row-major matrix, as the pair (m, ℓ) with
//! ln Σᵢ e^(zᵢ) = m + ℓ: m = max z and ℓ = ln Σᵢ e^(zᵢ − m) = ln(1 + Σ_{i≠argmax} e^(zᵢ − m)) ≥ 0.
//!
//! The pair, not the sum: softmax cross-entropy is (m − z_c) + ℓ, a sum of two non-negative
//! numbers, where forming m + ℓ first and subtracting z_c would cancel.
//!
//! # Method
//! Per row: m and its index by a scan; zᵢ − m as an exact double-double (TwoSum) and
//! e^(zᵢ − m) from it, with its low part ([`exp_dd_parts`]; a rounded zᵢ − m of size 35 would cost
//! ~16 ulp); the sum of the exponentials other than the maximum's with a TwoSum-compensated
//! accumulator that also collects the low parts (all terms in [0, 1]: the sum is as accurate as in
//! double the precision); ℓ = [`log1p_parts`] of that sum, low part included. The
//! exponentials run over the row slice (vectorised within a row); the scan and the compensated
//! sum are serial.
//!
//! # Input contract
//! Rows are validated by the caller: no NaN, no +∞, not all −∞ (a −∞ logit is a masked class with
//! e^(−∞ − m) = 0). The kernel does not check.
//!
//! # Accuracy
//! ℓ: f64 0.67 ulp; f32 (computed in f64) 0.4995 ulp on the test's rows. See the table in the
//! [module docs](super).

use super::exp::exp_dd_parts;
use super::log1p::log1p_parts;
use super::{Arith, Kernel, KernelFloat, two_sum};

/// For each row r of `logits` (`num_classes` logits each): `max[r]` = m and `log_normaliser[r]` = ℓ.
///
/// # Panics
/// If `num_classes` is 0, `logits.len()` is not `num_classes` × the output lengths, or the output
/// lengths differ.
pub struct LogNormaliserRows<'a, F> {
    /// Row-major logits.
    pub logits: &'a [F],
    /// Logits per row.
    pub num_classes: usize,
    /// Per row: the largest logit.
    pub max: &'a mut [F],
    /// Per row: ln Σᵢ e^(zᵢ − m).
    pub log_normaliser: &'a mut [F],
}

impl<F: KernelFloat> Kernel for LogNormaliserRows<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        let k = self.num_classes;
        let rows = self.max.len();
        assert!(k > 0 && self.logits.len() == k * rows && self.log_normaliser.len() == rows, "bad row layout");
        let (mut exps, mut exps_lo) = (vec![0.0_f64; k], vec![0.0_f64; k]);
        let mut rests = vec![(0.0_f64, 0.0_f64); rows];
        for ((z, max), rest) in self.logits.chunks_exact(k).zip(self.max.iter_mut()).zip(&mut rests) {
            let mut argmax = 0;
            for (i, &zi) in z.iter().enumerate() {
                if zi.widen() > z[argmax].widen() {
                    argmax = i;
                }
            }
            let m = z[argmax].widen();
            for ((e, e_lo), &zi) in exps.iter_mut().zip(exps_lo.iter_mut()).zip(z) {
                let (hi, lo) = two_sum(zi.widen(), -m);
                (*e, *e_lo) = exp_dd_parts::<A, F::Grade>(hi, lo);
            }
            (exps[argmax], exps_lo[argmax]) = (0.0, 0.0);
            let (mut sum, mut compensation) = (0.0, 0.0);
            for (&e, &e_lo) in exps.iter().zip(&exps_lo) {
                let (s, c) = two_sum(sum, e);
                sum = s;
                compensation += c + e_lo;
            }
            // Fast2Sum (sum ≥ |compensation|): the rest as a double-double.
            let hi = sum + compensation;
            *rest = (hi, compensation - (hi - sum));
            *max = F::narrow(m);
        }
        for (l, &(rest, rest_lo)) in self.log_normaliser.iter_mut().zip(&rests) {
            *l = F::narrow(log1p_parts::<A, F::Grade>(rest, rest_lo));
        }
    }
}
