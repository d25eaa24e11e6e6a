//! Rows of a row-major matrix turned into columns, 8 rows × 8 columns at a time: how the softmax
//! pass turns 64 rows of logits into 64 lanes per class.
//!
//! With AVX-512 F, a block is eight vector loads (for f32, eight 8-lane loads widened to f64), 24
//! register shuffles (`vunpcklpd`/`vunpckhpd` and `vshuff64x2`, three rounds of the classic
//! transpose) and eight vector stores. LLVM does not find these shuffles in plain Rust: written
//! element by element, or as the same three rounds on `[f64; 8]` arrays, the transposes compiled
//! to one scalar load, convert and store per element (or, for a class count known at compile time,
//! to gathers, which measured slower still). Without AVX-512 nothing is moved here, and the pass
//! keeps its column loop. The values are only moved and widened: nothing is rounded.
//!
//! One call moves all the whole blocks of 64 rows, storing straight into the columns: with a call
//! per block, which LLVM did not inline and which returned its block through memory, the f32 pass
//! took 0.98 instead of 0.90 ns per logit (`examples/bench_batch.rs`, one core, 10 classes, 6 runs
//! of 7 interleaved rounds, medians).
//!
//! Only whole blocks. With masked loads for the classes left over when 8 does not divide the row
//! (and masked stores for the gradient), the f64 softmax pass took 2.26 instead of 1.53 ns per
//! logit (`examples/bench_batch.rs`, one core, 10 classes): the pass moves those classes element by
//! element. Nor does the reverse pay, the gradient's columns stored back into rows by blocks: the
//! f32 pass with its gradient took 1.56–1.65 instead of 1.53–1.60 ns per logit, the f64 pass 2.66
//! instead of 2.26.
//!
//! Like `dispatch.rs`, this module holds `unsafe` code: the intrinsics' loads and stores take raw
//! pointers (in bounds by the checks at the top of [`transpose_blocks`]), and the function that uses
//! AVX-512 is called only after `is_x86_feature_detected!` has confirmed the CPU has it.

#![allow(unsafe_code)]

use core::any::TypeId;

use super::KernelFloat;

/// Rows and columns of a block.
const SIDE: usize = 8;

/// Does this CPU transpose blocks in registers (AVX-512 F)?
#[inline(always)]
fn in_registers() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Moves the first 8·⌊`columns.len()`/8⌋ columns of the N rows (a multiple of 8) of a row-major
/// matrix whose rows begin `stride` = `columns.len()` apart into `columns`, widened:
/// `columns[j][i] = source[i·stride + j]`, in registers, and returns how many it moved: none if the
/// CPU has no AVX-512 or `source` holds fewer than N rows (the caller moves the rest).
///
/// # Panics
/// If N is not a multiple of 8.
#[inline(always)]
pub(crate) fn transpose_blocks<K: KernelFloat, const N: usize>(source: &[K], columns: &mut [[f64; N]]) -> usize {
    assert!(N.is_multiple_of(SIDE), "{N} rows are not whole blocks of 8");
    let stride = columns.len();
    let width = stride / SIDE * SIDE;
    if width == 0 || source.len() < N * stride || !in_registers() {
        return 0;
    }
    #[cfg(target_arch = "x86_64")]
    if is_f32_or_f64::<K>() {
        // SAFETY: AVX-512 F was detected just now, every block lies within `source` (N whole rows)
        // and `columns`, and K is f32 or f64.
        unsafe { avx512::transpose(source, stride, &mut columns[..width]) };
        return width;
    }
    0
}

/// Is `K` f32?
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn is_f32<K: 'static>() -> bool {
    TypeId::of::<K>() == TypeId::of::<f32>()
}

/// Is `K` f32 or f64, the two types whose bits the AVX-512 path reads?
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn is_f32_or_f64<K: 'static>() -> bool {
    is_f32::<K>() || TypeId::of::<K>() == TypeId::of::<f64>()
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use core::arch::x86_64::*;

    use super::{KernelFloat, SIDE, is_f32};

    /// [`super::transpose_blocks`]; the caller has checked the bounds, the CPU and that K is f32 or
    /// f64.
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) unsafe fn transpose<K: KernelFloat, const N: usize>(
        source: &[K],
        stride: usize,
        columns: &mut [[f64; N]],
    ) {
        let p = source.as_ptr();
        for group in (0..N).step_by(SIDE) {
            for start in (0..columns.len()).step_by(SIDE) {
                let rows: [__m512d; SIDE] = core::array::from_fn(|i| {
                    // SAFETY: the 8 elements of row group + i from `start` are in bounds, and K is
                    // f32 or f64 (caller).
                    unsafe {
                        let row = p.add((group + i) * stride + start);
                        if is_f32::<K>() {
                            _mm512_cvtps_pd(_mm256_loadu_ps(row.cast::<f32>()))
                        } else {
                            _mm512_loadu_pd(row.cast::<f64>())
                        }
                    }
                });
                for (column, lanes) in columns[start..start + SIDE].iter_mut().zip(transpose_block(rows)) {
                    // SAFETY: lanes group..group + 8 of a column of N lanes, N a multiple of 8.
                    unsafe { _mm512_storeu_pd(column.as_mut_ptr().add(group), lanes) };
                }
            }
        }
    }

    /// The transpose of 8 rows of 8 lanes: pairs of rows interleaved, then pairs of 128-bit
    /// lanes, then pairs of 256-bit halves.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn transpose_block(r: [__m512d; SIDE]) -> [__m512d; SIDE] {
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

    /// 16 rows of 5, 8, 16 and 21 distinct values, both types, against the definition: the whole
    /// blocks moved (none without AVX-512), the other columns untouched; nothing from 15 rows.
    fn transposed<K: KernelFloat>(from: fn(f64) -> K) {
        for stride in [5, 8, 16, 21] {
            let source: Vec<K> = (0..16 * stride).map(|v| from(v as f64 * 1.5 - 7.0)).collect();
            let mut columns = vec![[f64::NAN; 16]; stride];
            let moved = transpose_blocks(&source, &mut columns);
            assert_eq!(moved, if in_registers() { stride / 8 * 8 } else { 0 }, "{stride} columns");
            for (j, column) in columns.iter().enumerate() {
                for (i, &value) in column.iter().enumerate() {
                    if j < moved {
                        assert_eq!(value, source[i * stride + j].widen(), "column {j}, row {i}");
                    } else {
                        assert!(value.is_nan(), "column {j}, row {i} of {stride}: {value}, not untouched");
                    }
                }
            }
            assert_eq!(transpose_blocks(&source[..15 * stride], &mut columns), 0, "15 rows of {stride}");
        }
    }

    #[test]
    fn whole_blocks_come_out_transposed() {
        transposed::<f64>(|v| v);
        transposed::<f32>(|v| v as f32);
    }

    #[test]
    #[should_panic(expected = "whole blocks")]
    fn rows_not_a_multiple_of_8_panic() {
        transpose_blocks(&[0.0_f64; 100], &mut [[0.0; 12]; 8]);
    }
}
