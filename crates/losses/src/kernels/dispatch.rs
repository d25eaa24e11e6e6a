//! Runtime choice of the instruction set: with `tile.rs`, the crate's only `unsafe` code.
//!
//! A kernel ([`Kernel::run`]) is plain generic Rust, `#[inline(always)]` all the way down. [`run`]
//! instantiates it inside a function compiled with `#[target_feature(enable = …)]`, so LLVM
//! vectorises it for that instruction set, and calls that function only after
//! `is_x86_feature_detected!` has confirmed the CPU has the features ([`Level::is_supported`]).
//! Calling a `#[target_feature]` function from code compiled without those features is `unsafe` (on
//! a CPU without them it would execute illegal instructions); that call, behind the check, is the
//! whole of the `unsafe` here.
//!
//! Levels on x86-64: x86-64-v4 (AVX-512 F/DQ/VL/BW/CD, 8 f64 lanes) and AVX2 + FMA (4 lanes), both with fused
//! multiply-adds; otherwise the code is compiled for the build's own target features (SSE2, 2 lanes,
//! on a default x86-64 build), fused only if the build enables `fma` (`-C target-cpu=native` on a
//! machine that has it). Other architectures: the build's target features; aarch64 always has FMA.

#![allow(unsafe_code)]

use super::{Arith, Fused, Unfused};

/// A computation over slices, generic over how it multiplies and adds.
pub trait Kernel {
    /// What the kernel returns.
    type Output;
    /// Runs the kernel with arithmetic `A` (on whatever instruction set the caller was compiled for).
    fn run<A: Arith>(self) -> Self::Output;
}

/// An instruction set a kernel can be compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// x86-64-v4: AVX-512 F, DQ, VL, BW, CD, with FMA: 8 f64 lanes, [`Fused`].
    Avx512,
    /// x86-64 AVX2 with FMA: 4 f64 lanes, [`Fused`].
    Avx2Fma,
    /// x86-64 AVX2, [`Unfused`] (for measuring what fused multiply-adds are worth).
    Avx2Unfused,
    /// The build's own target features, [`Fused`] if they include FMA (always on aarch64).
    Build,
}

impl Level {
    /// The level [`run`] uses on this CPU.
    pub fn best() -> Self {
        [Level::Avx512, Level::Avx2Fma].into_iter().find(|level| level.is_supported()).unwrap_or(Level::Build)
    }

    /// Does this CPU have the level's features?
    pub fn is_supported(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            let fma = std::is_x86_feature_detected!("fma");
            match self {
                Level::Avx512 => {
                    std::is_x86_feature_detected!("avx512f")
                        && std::is_x86_feature_detected!("avx512dq")
                        && std::is_x86_feature_detected!("avx512vl")
                        && std::is_x86_feature_detected!("avx512bw")
                        && std::is_x86_feature_detected!("avx512cd")
                        && std::is_x86_feature_detected!("avx2")
                        && fma
                }
                Level::Avx2Fma => std::is_x86_feature_detected!("avx2") && fma,
                Level::Avx2Unfused => std::is_x86_feature_detected!("avx2"),
                Level::Build => true,
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self == Level::Build
        }
    }

    /// Does the level use [`Fused`] arithmetic?
    pub fn is_fused(self) -> bool {
        match self {
            Level::Avx512 | Level::Avx2Fma => true,
            Level::Avx2Unfused => false,
            Level::Build => BUILD_FUSED,
        }
    }

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Level::Avx512 => "x86-64-v4 (avx512)",
            Level::Avx2Fma => "avx2+fma",
            Level::Avx2Unfused => "avx2 (unfused)",
            Level::Build if BUILD_FUSED => "build target (fused)",
            Level::Build => "build target (unfused)",
        }
    }
}

/// Does the build itself have fused multiply-adds?
const BUILD_FUSED: bool = cfg!(any(target_feature = "fma", target_arch = "aarch64"));

/// Runs `kernel` with the widest instruction set this CPU supports ([`Level::best`]).
#[inline]
pub fn run<K: Kernel>(kernel: K) -> K::Output {
    match run_at(Level::best(), kernel) {
        Ok(output) => output,
        Err(kernel) => run_at_build(kernel),
    }
}

/// Runs `kernel` at `level`, or gives it back if this CPU does not support the level.
#[inline]
pub fn run_at<K: Kernel>(level: Level, kernel: K) -> Result<K::Output, K> {
    if !level.is_supported() {
        return Err(kernel);
    }
    #[cfg(target_arch = "x86_64")]
    match level {
        // SAFETY (all three): a `#[target_feature]` function's only requirement is that the CPU
        // has the features it enables; `level.is_supported()` has just detected every one of them
        // at run time (`is_x86_feature_detected!`).
        Level::Avx512 => return Ok(unsafe { with_avx512(kernel) }),
        Level::Avx2Fma => return Ok(unsafe { with_avx2_fma(kernel) }),
        Level::Avx2Unfused => return Ok(unsafe { with_avx2_unfused(kernel) }),
        Level::Build => {}
    }
    Ok(run_at_build(kernel))
}

#[inline(always)]
fn run_at_build<K: Kernel>(kernel: K) -> K::Output {
    if BUILD_FUSED { kernel.run::<Fused>() } else { kernel.run::<Unfused>() }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx512cd,avx2,fma")]
fn with_avx512<K: Kernel>(kernel: K) -> K::Output {
    kernel.run::<Fused>()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn with_avx2_fma<K: Kernel>(kernel: K) -> K::Output {
    kernel.run::<Fused>()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn with_avx2_unfused<K: Kernel>(kernel: K) -> K::Output {
    kernel.run::<Unfused>()
}
