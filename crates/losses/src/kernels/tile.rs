//! 8 × 8 blocks of a row-major matrix, transposed: how the softmax pass turns 8 rows of logits into
//! 8 lanes of 8 classes.
//!
//! With AVX-512 F, a block is eight vector loads (for f32, eight 8-lane loads widened to f64), 24
//! register shuffles (`vunpcklpd`/`vunpckhpd` and `vshuff64x2`, three rounds of the classic
//! transpose) and eight vector stores. LLVM does not find these shuffles in plain Rust: written
//! element by element, or as the same three rounds on `[f64; 8]` arrays, the transposes compiled
//! to one scalar load, convert and store per element (or, for a class count known at compile time,
//! to gathers, which measured slower still). Without AVX-512, element by element. Either way the
//! values are only moved and widened: nothing is rounded.
//!
//! Only whole blocks. With masked loads for the classes left over when 8 does not divide the row
//! (and masked stores for the gradient), the f64 softmax pass took 2.26 instead of 1.53 ns per
//! logit (`examples/bench_batch.rs`, one core, 10 classes): the pass moves those classes element by
//! element. Nor does the reverse pay, the gradient's columns stored back into rows by blocks: the
//! f32 pass with its gradient took 1.56–1.65 instead of 1.53–1.60 ns per logit, the f64 pass 2.66
//! instead of 2.26.
//!
//! Like `dispatch.rs`, this module holds `unsafe` code: the intrinsics' loads and stores take raw
//! pointers (in bounds by the assertion at the top of [`load_columns`]), and the function that uses
//! AVX-512 is called only after `is_x86_feature_detected!` has confirmed the CPU has it.

#![allow(unsafe_code)]

use core::any::TypeId;

use super::KernelFloat;

/// Rows and columns of a block.
pub(crate) const SIDE: usize = 8;

/// A block in f64 lanes, transposed: `block[c][i]` is column c of row i.
pub(crate) type Block = [[f64; SIDE]; SIDE];

/// Does this CPU transpose blocks in registers? (Else element by element: slower than the softmax
/// pass's column loops, which it then keeps.)
#[inline(always)]
pub(crate) fn in_registers() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Columns `start..start + 8` of rows `0..8` of a row-major matrix whose rows begin `stride`
/// apart, widened: `block[c][i] = source[i·stride + start + c]`.
///
/// # Panics
/// If the block reaches past the end of `source`.
#[inline(always)]
pub(crate) fn load_columns<K: KernelFloat>(source: &[K], stride: usize, start: usize) -> Block {
    check(source.len(), stride, start);
    #[cfg(target_arch = "x86_64")]
    if in_registers() && is_f32_or_f64::<K>() {
        // SAFETY: AVX-512 F was detected just now, the block lies within `source` (checked) and K
        // is f32 or f64.
        return unsafe { avx512::load_columns(source, stride, start) };
    }
    core::array::from_fn(|c| core::array::from_fn(|i| source[i * stride + start + c].widen()))
}

/// Panics unless a block from `start`, rows `stride` apart, fits in `len`.
#[inline(always)]
fn check(len: usize, stride: usize, start: usize) {
    let end = (SIDE - 1) * stride + start + SIDE;
    assert!(end <= len, "a block of 8 × 8 ends at {end}, past {len}");
}

/// Is `K` f32?
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn is_f32<K: 'static>() -> bool {
    TypeId::of::<K>() == TypeId::of::<f32>()
}

/// Is `K` f32 or f64, the two types whose bits the AVX-512 path reads and writes?
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn is_f32_or_f64<K: 'static>() -> bool {
    is_f32::<K>() || TypeId::of::<K>() == TypeId::of::<f64>()
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use core::arch::x86_64::*;

    use super::{Block, KernelFloat, SIDE, is_f32};

    /// [`super::load_columns`]; the caller has checked the bounds, the CPU and that K is f32 or
    /// f64.
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) unsafe fn load_columns<K: KernelFloat>(source: &[K], stride: usize, start: usize) -> Block {
        let p = source.as_ptr();
        let rows: [__m512d; SIDE] = core::array::from_fn(|i| {
            // SAFETY: row i's 8 elements are in bounds, and K is f32 or f64 (caller).
            unsafe {
                let row = p.add(i * stride + start);
                if is_f32::<K>() {
                    _mm512_cvtps_pd(_mm256_loadu_ps(row.cast::<f32>()))
                } else {
                    _mm512_loadu_pd(row.cast::<f64>())
                }
            }
        });
        let columns = transpose(rows);
        let mut block = [[0.0; SIDE]; SIDE];
        for (out, column) in block.iter_mut().zip(columns) {
            // SAFETY: `out` is 8 f64.
            unsafe { _mm512_storeu_pd(out.as_mut_ptr(), column) };
        }
        block
    }

    /// The transpose of 8 rows of 8 lanes: pairs of rows interleaved, then pairs of 128-bit
    /// lanes, then pairs of 256-bit halves.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn transpose(r: [__m512d; SIDE]) -> [__m512d; SIDE] {
        // t0 = (r0[0], r1[0], r0[2], r1[2], …): even columns of rows 0–1; t1 the odd ones.
        let t0 = _mm512_unpacklo_pd(r[0], r[1]);
        let t1 = _mm512_unpackhi_pd(r[0], r[1]);
        let t2 = _mm512_unpacklo_pd(r[2], r[3]);
        let t3 = _mm512_unpackhi_pd(r[2], r[3]);
        let t4 = _mm512_unpacklo_pd(r[4], r[5]);
        let t5 = _mm512_unpackhi_pd(r[4], r[5]);
        let t6 = _mm512_unpacklo_pd(r[6], r[7]);
        let t7 = _mm512_unpackhi_pd(r[6], r[7]);
        // 0x88 takes 128-bit lanes 0 and 2 of each operand, 0xdd lanes 1 and 3: u0 holds columns
        // 0 and 4 of rows 0–3, u1 columns 2 and 6, u2 columns 1 and 5, u3 columns 3 and 7.
        let u0 = _mm512_shuffle_f64x2::<0x88>(t0, t2);
        let u1 = _mm512_shuffle_f64x2::<0xdd>(t0, t2);
        let u2 = _mm512_shuffle_f64x2::<0x88>(t1, t3);
        let u3 = _mm512_shuffle_f64x2::<0xdd>(t1, t3);
        let u4 = _mm512_shuffle_f64x2::<0x88>(t4, t6);
        let u5 = _mm512_shuffle_f64x2::<0xdd>(t4, t6);
        let u6 = _mm512_shuffle_f64x2::<0x88>(t5, t7);
        let u7 = _mm512_shuffle_f64x2::<0xdd>(t5, t7);
        [
            _mm512_shuffle_f64x2::<0x88>(u0, u4),
            _mm512_shuffle_f64x2::<0x88>(u2, u6),
            _mm512_shuffle_f64x2::<0x88>(u1, u5),
            _mm512_shuffle_f64x2::<0x88>(u3, u7),
            _mm512_shuffle_f64x2::<0xdd>(u0, u4),
            _mm512_shuffle_f64x2::<0xdd>(u2, u6),
            _mm512_shuffle_f64x2::<0xdd>(u1, u5),
            _mm512_shuffle_f64x2::<0xdd>(u3, u7),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 8 rows of 21 distinct values, the last row ending with the block: every block at every
    /// start, both types, against the definition.
    fn blocks<K: KernelFloat>(from: fn(f64) -> K) {
        let stride = 21;
        for start in 0..=stride - SIDE {
            let len = (SIDE - 1) * stride + start + SIDE;
            let source: Vec<K> = (0..len).map(|v| from(v as f64 * 1.5 - 7.0)).collect();
            let block = load_columns(&source, stride, start);
            for (c, column) in block.iter().enumerate() {
                for (i, &value) in column.iter().enumerate() {
                    assert_eq!(value, source[i * stride + start + c].widen(), "column {c}, row {i}, start {start}");
                }
            }
        }
    }

    #[test]
    fn blocks_come_out_transposed() {
        blocks::<f64>(|v| v);
        blocks::<f32>(|v| v as f32);
    }

    #[test]
    #[should_panic(expected = "past")]
    fn a_block_past_the_end_panics() {
        load_columns(&[0.0_f64; 63], 8, 0);
    }
}
