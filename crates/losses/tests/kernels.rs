//! Accuracy of the vectorised kernels (`losses::kernels`), in ulps, for both arithmetics
//! (fused and unfused multiply-add):
//!
//! - f64: against `tests/kernels/cases.csv` (mpmath at 320 bits, made by `tests/kernels/generate.py`):
//!   dense random samples over each kernel's range plus the hard cases (the points where the
//!   exponential's range reduction switches k, the overflow and underflow thresholds, subnormal
//!   results, ties and masked classes in log-sum-exp rows);
//! - f32 (computed in f64 lanes and rounded once): against the same function evaluated in f64 with
//!   `std` (libm) — whose error, a few f64 ulps at most, is below 2⁻²⁸ f32 ulp, so the measured f32
//!   error is exact to that — over every `KERNEL_F32_STRIDE`-th f32 bit pattern of the kernel's
//!   domain (default 61: ~70 million evaluations per kernel; stride 1 is exhaustive, minutes in
//!   domain (default 4099: ~10⁶ evaluations per kernel and arithmetic; stride 1 is exhaustive, some
//!   minutes per kernel in release). The worst cases are printed with `--nocapture`:
//!
//! ```text
//! cargo test -p losses --release --test kernels -- --nocapture
//! KERNEL_F32_STRIDE=1 cargo test -p losses --release --test kernels -- --nocapture   # exhaustive
//! ```
//!
//! A reference below the smallest normal number is measured in units of the subnormal spacing.

use losses::kernels::{
    self, Arith, Exp, FocalFactor, Fused, Kernel, Level, Log1p, Log1pUnit, LogNormaliserRows, Sigmoid, Softplus,
    SoftplusPair, Unfused,
};

/// Bounds in ulps: (kernel, f64 bound, f32 bound).
/// Subnormal results of exp are rounded twice (e^r, then the scaling onto the subnormal grid) and
/// are measured separately, in units of the subnormal spacing.
const BOUNDS: &[(&str, f64, f64)] = &[
    ("exp", 0.75, 0.501),
    ("exp (subnormal result)", 1.0, 1.0),
    ("exp_neg_abs", 1.0, 0.501),
    ("log1p_unit", 1.0, 0.501),
    ("log1p_exp_neg_abs", 1.0, 0.501),
    ("log1p", 1.0, 0.501),
    ("softplus", 1.0, 0.501),
    ("sigmoid", 1.0, 0.501),
    ("focal_factor", 1.0, 0.501),
    ("log_normaliser", 1.0, 0.501),
];

fn bound(kernel: &str, f64_type: bool) -> f64 {
    let &(_, b64, b32) = BOUNDS.iter().find(|b| b.0 == kernel).unwrap_or_else(|| panic!("no bound for {kernel}"));
    if f64_type { b64 } else { b32 }
}

/// |result − (hi + lo)| in ulps of the reference, for a float with `digits` significand bits and
/// smallest normal exponent `min_exponent`; subnormal references use the subnormal spacing.
fn ulps(result: f64, hi: f64, lo: f64, digits: i32, min_exponent: i32) -> f64 {
    let magnitude = (hi + lo).abs();
    let exponent = if magnitude == 0.0 { min_exponent } else { (magnitude.log2().floor() as i32).max(min_exponent) };
    let e = exponent - digits + 1;
    // Two factors: 2^-1074 as one powi is 1/2^1074 = 0.
    let ulp = 2f64.powi(e / 2) * 2f64.powi(e - e / 2);
    ((result - hi) - lo).abs() / ulp
}

fn ulps_f64(result: f64, hi: f64, lo: f64) -> f64 {
    ulps(result, hi, lo, 53, -1022)
}

fn ulps_f32(result: f32, reference: f64) -> f64 {
    ulps(f64::from(result), reference, 0.0, 24, -126)
}

// ------------------------------------------------------------------------------------------------
// f64 against the mpmath table
// ------------------------------------------------------------------------------------------------

const TABLE: &str = include_str!("kernels/cases.csv");

struct Case<'a> {
    kernel: &'a str,
    param: &'a str,
    inputs: Vec<f64>,
    hi: f64,
    lo: f64,
}

fn number(s: &str) -> f64 {
    match s {
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        _ => s.parse().unwrap_or_else(|e| panic!("{s}: {e}")),
    }
}

fn cases() -> Vec<Case<'static>> {
    TABLE
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 5, "bad line {line}");
            Case {
                kernel: f[0],
                param: f[1],
                inputs: f[2].split(';').map(number).collect(),
                hi: number(f[3]),
                lo: number(f[4]),
            }
        })
        .collect()
}

/// Evaluates one kernel on one input with arithmetic `A`, through the slice API.
fn evaluate_f64<A: Arith>(case: &Case) -> f64 {
    let x = &case.inputs[..];
    let mut out = [0.0_f64];
    match case.kernel {
        "exp" => Exp { x, out: &mut out }.run::<A>(),
        "log1p_unit" => Log1pUnit { e: x, out: &mut out }.run::<A>(),
        "log1p" => Log1p { y: x, out: &mut out }.run::<A>(),
        "softplus" => Softplus { x, out: &mut out }.run::<A>(),
        "sigmoid" => Sigmoid { x, out: &mut out }.run::<A>(),
        "exp_neg_abs" | "log1p_exp_neg_abs" => {
            let (mut e, mut l) = ([0.0], [0.0]);
            SoftplusPair { x, e: &mut e, l: &mut l }.run::<A>();
            out[0] = if case.kernel == "exp_neg_abs" { e[0] } else { l[0] };
        }
        "focal_factor" => FocalFactor { x_t: x, gamma: number(case.param), out: &mut out }.run::<A>(),
        "log_normaliser" => {
            let mut max = [0.0];
            LogNormaliserRows { logits: x, num_classes: x.len(), max: &mut max, log_normaliser: &mut out }.run::<A>()
        }
        other => panic!("unknown kernel {other}"),
    }
    out[0]
}

fn check_f64_table<A: Arith>(arithmetic: &str) {
    let mut worst: std::collections::BTreeMap<&str, (f64, usize, String)> = Default::default();
    for case in cases() {
        let result = evaluate_f64::<A>(&case);
        let key = if case.kernel == "exp" && case.hi.abs() < f64::MIN_POSITIVE && case.hi != 0.0 {
            "exp (subnormal result)"
        } else {
            case.kernel
        };
        let entry = worst.entry(key).or_insert((0.0, 0, String::new()));
        entry.1 += 1;
        if case.hi.is_infinite() || (case.hi == 0.0 && case.lo == 0.0 && case.inputs.iter().all(|&x| x != 0.0)) {
            // Beyond the double range (or exactly 0 from a limit): the kernel must give that limit.
            assert_eq!(result, case.hi, "{} {:?}: expected the limit {}", case.kernel, case.inputs, case.hi);
            continue;
        }
        let error = ulps_f64(result, case.hi, case.lo);
        assert!(error.is_finite(), "{} {:?}: {result}", case.kernel, case.inputs);
        if error > entry.0 {
            let inputs: String = format!("{:?}", case.inputs).chars().take(80).collect();
            *entry = (error, entry.1, format!("γ={} x={inputs} → {result:e}", case.param));
        }
    }
    println!("\nf64 kernels, {arithmetic}, against mpmath (tests/kernels/cases.csv):");
    println!("{:<24} {:>7} {:>9} {:>6}  worst case", "kernel", "cases", "max ulp", "bound");
    let mut failures = vec![];
    for (kernel, (error, count, at)) in &worst {
        let b = bound(kernel, true);
        println!("{kernel:<24} {count:>7} {error:>9.4} {b:>6}  {at}");
        if *error > b {
            failures.push(format!("{kernel}: {error} ulp > {b} at {at}"));
        }
    }
    assert_eq!(worst.len(), BOUNDS.len(), "every kernel is in the table");
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn f64_kernels_fused_are_within_bounds() {
    check_f64_table::<Fused>("fused multiply-add");
}

#[test]
fn f64_kernels_unfused_are_within_bounds() {
    check_f64_table::<Unfused>("separate multiply and add");
}

// ------------------------------------------------------------------------------------------------
// f32 over (strided or all) f32 bit patterns, against f64 libm
// ------------------------------------------------------------------------------------------------

fn stride() -> u32 {
    std::env::var("KERNEL_F32_STRIDE").map_or(4099, |s| s.parse().expect("KERNEL_F32_STRIDE is a positive integer"))
}

/// Every `stride`-th f32 in [lo, hi] (both finite, lo ≤ hi), walking the bit patterns in order, and hi.
/// An iterator: at stride 1 there are billions.
fn f32_range(lo: f32, hi: f32, stride: u32) -> impl Iterator<Item = f32> + Clone {
    // Map floats to a monotone integer line: negative floats below positive ones.
    let key = |x: f32| -> i64 {
        let b = i64::from(x.to_bits());
        if x.is_sign_negative() { -(b & 0x7fff_ffff) } else { b }
    };
    let from_key = |k: i64| -> f32 { if k < 0 { -f32::from_bits((-k) as u32) } else { f32::from_bits(k as u32) } };
    (key(lo)..=key(hi)).step_by(stride as usize).map(from_key).chain(std::iter::once(hi))
}

/// Runs a kernel over `inputs` in blocks (so that the slice loops run as they do in production) and
/// returns the number of inputs, and the worst ulp error against `reference` and where.
fn worst_f32(
    inputs: impl Iterator<Item = f32>,
    run: &dyn Fn(&[f32], &mut [f32]),
    reference: &dyn Fn(f32) -> f64,
) -> (usize, (f64, f32, f32, f64)) {
    let mut worst = (0.0, 0.0, 0.0, 0.0);
    let (mut block, mut out) = (Vec::with_capacity(4096), vec![0.0_f32; 4096]);
    let mut count = 0;
    let mut inputs = inputs.peekable();
    while inputs.peek().is_some() {
        block.clear();
        block.extend(inputs.by_ref().take(4096));
        count += block.len();
        let out = &mut out[..block.len()];
        run(&block, out);
        for (&x, &r) in block.iter().zip(out.iter()) {
            let reference = reference(x);
            if reference.is_infinite() || reference == 0.0 {
                assert_eq!(f64::from(r), reference, "x = {x:e}: the limit");
                continue;
            }
            if reference.abs() > f64::from(f32::MAX) {
                assert!(r.is_infinite() || f64::from(r) == f64::from(f32::MAX), "x = {x:e}: {r} overflows");
                continue;
            }
            let error = ulps_f32(r, reference);
            assert!(error.is_finite(), "x = {x:e}: {r}");
            if error > worst.0 {
                worst = (error, x, r, reference);
            }
        }
    }
    (count, worst)
}

fn report_f32(kernel: &str, arithmetic: &str, (count, worst): (usize, (f64, f32, f32, f64))) {
    let b = bound(kernel, false);
    println!(
        "f32 {kernel:<18} {arithmetic:<8} {count:>11} inputs (stride {}): max {:.6} ulp (bound {b}) at x = {:e} → {:e}, reference {:e}",
        stride(),
        worst.0,
        worst.1,
        worst.2,
        worst.3
    );
    assert!(worst.0 <= b, "{kernel} f32 ({arithmetic}): {} ulp > {b}", worst.0);
}

fn exp_neg_abs(x: f64) -> f64 {
    (-x.abs()).exp()
}

/// Logits: every (strided) f32 in [−120, 120], where e^(−|x|) is not 0 in f32 and everything
/// happens, and a coarser sample of the rest of the finite range.
fn logits() -> impl Iterator<Item = f32> + Clone {
    let tail = stride().max(4099);
    f32_range(f32::MIN, -120.0, tail).chain(f32_range(-120.0, 120.0, stride())).chain(f32_range(120.0, f32::MAX, tail))
}

/// Runs `check` with both arithmetics.
fn both(check: impl Fn(&str, bool)) {
    check("fused", true);
    check("unfused", false);
}

macro_rules! run_kernel {
    ($fused:expr, $kernel:expr) => {
        if $fused { $kernel.run::<Fused>() } else { $kernel.run::<Unfused>() }
    };
}

#[test]
fn f32_exp_is_within_bounds() {
    // eˣ: from where it underflows past the smallest subnormal to where it overflows, and beyond.
    let xs = f32_range(-110.0, 90.0, stride());
    both(|arithmetic, fused| {
        let worst = worst_f32(xs.clone(), &|x, out| run_kernel!(fused, Exp { x, out }), &|x| f64::from(x).exp());
        report_f32("exp", arithmetic, worst);
    });
}

#[test]
fn f32_log1p_is_within_bounds() {
    let es = f32_range(0.0, 1.0, stride());
    let ys = f32_range(0.0, f32::MAX, stride());
    both(|arithmetic, fused| {
        let worst =
            worst_f32(es.clone(), &|e, out| run_kernel!(fused, Log1pUnit { e, out }), &|e| f64::from(e).ln_1p());
        report_f32("log1p_unit", arithmetic, worst);
        let worst = worst_f32(ys.clone(), &|y, out| run_kernel!(fused, Log1p { y, out }), &|y| f64::from(y).ln_1p());
        report_f32("log1p", arithmetic, worst);
    });
}

#[test]
fn f32_softplus_pair_is_within_bounds() {
    let logits = logits();
    both(|arithmetic, fused| {
        let pair = |which: usize| {
            move |x: &[f32], out: &mut [f32]| {
                let (mut e, mut l) = (vec![0.0; x.len()], vec![0.0; x.len()]);
                run_kernel!(fused, SoftplusPair { x, e: &mut e, l: &mut l });
                out.copy_from_slice(if which == 0 { &e } else { &l });
            }
        };
        let worst = worst_f32(logits.clone(), &pair(0), &|x| exp_neg_abs(f64::from(x)));
        report_f32("exp_neg_abs", arithmetic, worst);
        let worst = worst_f32(logits.clone(), &pair(1), &|x| exp_neg_abs(f64::from(x)).ln_1p());
        report_f32("log1p_exp_neg_abs", arithmetic, worst);
    });
}

#[test]
fn f32_softplus_and_sigmoid_are_within_bounds() {
    let logits = logits();
    both(|arithmetic, fused| {
        let worst = worst_f32(logits.clone(), &|x, out| run_kernel!(fused, Softplus { x, out }), &|x| {
            let x = f64::from(x);
            x.max(0.0) + exp_neg_abs(x).ln_1p()
        });
        report_f32("softplus", arithmetic, worst);
        let worst = worst_f32(logits.clone(), &|x, out| run_kernel!(fused, Sigmoid { x, out }), &|x| {
            losses::activation::sigmoid(f64::from(x))
        });
        report_f32("sigmoid", arithmetic, worst);
    });
}

#[test]
fn f32_focal_factor_is_within_bounds() {
    // Products (γ a multiple of ½) and the exponential (γ = 1.7); beyond ±200 the factor is 0 or 1.
    let focal = f32_range(-200.0, 200.0, stride());
    both(|arithmetic, fused| {
        for gamma in [0.5_f32, 1.0, 1.7, 2.0, 5.0] {
            let worst =
                worst_f32(focal.clone(), &|x_t, out| run_kernel!(fused, FocalFactor { x_t, gamma, out }), &|x| {
                    // σ(−x_t)^γ in f64: |error| ≲ γ·2 ulp of f64, < 2⁻²⁶ f32 ulp.
                    losses::activation::sigmoid(-f64::from(x)).powf(f64::from(gamma))
                });
            report_f32("focal_factor", &format!("{arithmetic} γ={gamma}"), worst);
        }
    });
}

#[test]
fn f32_log_normaliser_rows_are_within_bounds() {
    // Rows of the f64 table rounded to f32, against the f64 kernel on the same rounded row (itself
    // within 1 f64 ulp of mpmath, checked above): the f32 result's own error, to within 2⁻²⁸ ulp.
    for (arithmetic, fused) in [("fused", true), ("unfused", false)] {
        let mut worst = 0.0_f64;
        for case in cases().iter().filter(|c| c.kernel == "log_normaliser") {
            let z32: Vec<f32> = case.inputs.iter().map(|&v| v as f32).collect();
            let z64: Vec<f64> = z32.iter().map(|&v| f64::from(v)).collect();
            let (mut m32, mut l32, mut m64, mut l64) = ([0.0_f32], [0.0_f32], [0.0_f64], [0.0_f64]);
            let k = z32.len();
            let k32 = LogNormaliserRows { logits: &z32, num_classes: k, max: &mut m32, log_normaliser: &mut l32 };
            let k64 = LogNormaliserRows { logits: &z64, num_classes: k, max: &mut m64, log_normaliser: &mut l64 };
            if fused {
                k32.run::<Fused>();
                k64.run::<Fused>();
            } else {
                k32.run::<Unfused>();
                k64.run::<Unfused>();
            }
            if l64[0] > 0.0 && l64[0] >= f64::from(f32::MIN_POSITIVE) {
                worst = worst.max(ulps_f32(l32[0], l64[0]));
            }
        }
        println!("f32 log_normaliser {arithmetic}: max {worst:.6} ulp (bound {})", bound("log_normaliser", false));
        assert!(worst <= bound("log_normaliser", false));
    }
}

// ------------------------------------------------------------------------------------------------
// Special values, and dispatch
// ------------------------------------------------------------------------------------------------

fn special_values<A: Arith>() {
    let x = [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 0.0, -0.0, 710.0, -746.0, -745.0];
    let mut out = [0.0; 8];
    Exp { x: &x, out: &mut out }.run::<A>();
    assert_eq!(out[..2], [f64::INFINITY, 0.0]);
    assert!(out[2].is_nan());
    assert_eq!(out[3..6], [1.0, 1.0, f64::INFINITY]);
    assert_eq!(out[6], 0.0);
    assert_eq!(out[7], 5e-324); // e^-745 = 4.94e-324 … rounds to the smallest subnormal
    let y = [0.0, f64::INFINITY, f64::NAN, 5e-324];
    let mut out = [1.0; 4];
    Log1p { y: &y, out: &mut out }.run::<A>();
    assert_eq!((out[0], out[1], out[3]), (0.0, f64::INFINITY, 5e-324));
    assert!(out[2].is_nan());
    let logits = [f64::INFINITY, f64::NEG_INFINITY, 0.0, f64::NAN];
    let mut s = [0.0; 4];
    Sigmoid { x: &logits, out: &mut s }.run::<A>();
    assert_eq!(s[..3], [1.0, 0.0, 0.5]);
    assert!(s[3].is_nan());
    Softplus { x: &logits, out: &mut s }.run::<A>();
    assert_eq!(s[..3], [f64::INFINITY, 0.0, core::f64::consts::LN_2]);
    assert!(s[3].is_nan());
    for gamma in [0.5, 2.0, 1.7] {
        FocalFactor { x_t: &logits, gamma, out: &mut s }.run::<A>();
        assert_eq!(s[..2], [0.0, 1.0], "γ = {gamma}");
        assert!(s[3].is_nan());
    }
    FocalFactor { x_t: &logits, gamma: 0.0, out: &mut s }.run::<A>();
    assert_eq!(s, [1.0; 4]);
    // f32: the same limits, and e^x overflowing f32 (but not f64) gives +∞.
    let x32 = [f32::INFINITY, f32::NEG_INFINITY, 89.0, -104.0];
    let mut out32 = [0.0_f32; 4];
    Exp { x: &x32, out: &mut out32 }.run::<A>();
    assert_eq!(out32, [f32::INFINITY, 0.0, f32::INFINITY, 0.0]);
}

#[test]
fn special_values_fused() {
    special_values::<Fused>();
}

#[test]
fn special_values_unfused() {
    special_values::<Unfused>();
}

#[test]
fn every_level_gives_the_bits_of_its_arithmetic() {
    let x: Vec<f64> = (0..1000).map(|i| (i as f64 - 500.0) * 0.37).collect();
    let expected = |fused: bool| {
        let mut e = vec![0.0; x.len()];
        let mut l = vec![0.0; x.len()];
        if fused {
            SoftplusPair { x: &x, e: &mut e, l: &mut l }.run::<Fused>();
        } else {
            SoftplusPair { x: &x, e: &mut e, l: &mut l }.run::<Unfused>();
        }
        (e, l)
    };
    let mut tested = 0;
    for level in [Level::Avx512, Level::Avx2Fma, Level::Avx2Unfused, Level::Build] {
        let (mut e, mut l) = (vec![0.0; x.len()], vec![0.0; x.len()]);
        if kernels::run_at(level, SoftplusPair { x: &x, e: &mut e, l: &mut l }).is_ok() {
            assert_eq!((e, l), expected(level.is_fused()), "{}", level.name());
            tested += 1;
        }
    }
    assert!(tested >= 1);
    let (mut e, mut l) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    kernels::run(SoftplusPair { x: &x, e: &mut e, l: &mut l });
    assert_eq!((e, l), expected(Level::best().is_fused()));
}

// ------------------------------------------------------------------------------------------------
// The batch passes, against the generic code
// ------------------------------------------------------------------------------------------------

/// |a − b| in ulps of b (type given by `digits`), 0 when both are equal (including ±∞).
fn apart(a: f64, b: f64, digits: i32, min_exponent: i32) -> f64 {
    if a == b { 0.0 } else { ulps(a, b, 0.0, digits, min_exponent) }
}

/// The generic code (what dual numbers run: libm's exp and ln_1p in f64) gives an independent value
/// of every loss and gradient; its `re` part is within a few ulp of exact (`tests/reference.rs`
/// measures the same code for dual numbers' sake in `tests/gradients.rs`).
fn generic_focal(x: f64, positive: bool, gamma: f64, alpha: Option<f64>) -> (f64, f64) {
    use losses::{FocalParams, Label};
    use num_dual::Dual64;
    let label = if positive { Label::Positive } else { Label::Negative };
    let params = match alpha {
        Some(a) => FocalParams::balanced(Dual64::from_re(gamma), Dual64::from_re(a)).unwrap(),
        None => FocalParams::new(Dual64::from_re(gamma)).unwrap(),
    };
    let loss = losses::focal_loss_with_logits(Dual64::from_re(x), label, params).unwrap().re;
    let grad = losses::focal_loss_with_logits_grad(Dual64::from_re(x), label, params).unwrap().re;
    (loss, grad)
}

fn binary_pass_agrees<F>(digits: i32, min_exponent: i32, fused: bool)
where
    F: kernels::KernelFloat + losses::LossFloat + Into<f64>,
{
    let mut logits: Vec<F> = (-400..=400).map(|i| F::from_f64(f64::from(i) * 0.137)).collect();
    logits.extend([f64::INFINITY, f64::NEG_INFINITY, 60.0, -60.0, 1e30, -1e30, 0.0].map(F::from_f64));
    let targets: Vec<F> = (0..logits.len()).map(|i| F::from_f64(if i % 3 == 0 { 1.0 } else { 0.0 })).collect();
    let n = logits.len();
    let (mut worst, mut worst_grad): (f64, f64) = (0.0, 0.0);
    for (gamma, alpha) in
        [(0.0, None), (0.0, Some(0.25)), (2.0, Some(0.25)), (0.5, None), (1.7, Some(0.25)), (5.0, None)]
    {
        let w = |positive: bool| F::from_f64(alpha.map_or(1.0, |a: f64| if positive { a } else { 1.0 - a })).into();
        let loss = kernels::BinaryLoss { gamma, weight_positive: w(true), weight_negative: w(false) };
        let (mut losses_out, mut grads_out) = (vec![F::from_f64(0.0); n], vec![F::from_f64(0.0); n]);
        let pass = kernels::BinaryPass {
            logits: &logits,
            targets: &targets,
            loss,
            losses: Some(&mut losses_out),
            grads: Some(&mut grads_out),
            grad_divisor: 1.0,
        };
        let totals = if fused { pass.run_with::<Fused>() } else { pass.run_with::<Unfused>() };
        assert!(!totals.invalid && totals.positives == n.div_ceil(3));
        for i in 0..n {
            let x: f64 = logits[i].into();
            let (expected, expected_grad) = generic_focal(x, i % 3 == 0, gamma, alpha);
            // Rounded to the type, as the pass rounds (the generic f64 value is within a few f64 ulp).
            let (expected, expected_grad) = (F::from_f64(expected).into(), F::from_f64(expected_grad).into());
            worst = worst.max(apart(losses_out[i].into(), expected, digits, min_exponent));
            worst_grad = worst_grad.max(apart(grads_out[i].into(), expected_grad, digits, min_exponent));
        }
    }
    println!(
        "binary pass against the generic code ({digits}-bit, fused {fused}): losses {worst:.3}, gradients {worst_grad:.3} ulp apart"
    );
    assert!(worst <= 6.0 && worst_grad <= 10.0, "{worst}, {worst_grad} ulp apart");
}

#[test]
fn binary_pass_agrees_with_the_generic_code() {
    for fused in [true, false] {
        binary_pass_agrees::<f64>(53, -1022, fused);
        binary_pass_agrees::<f32>(24, -126, fused);
    }
}

#[test]
fn binary_pass_reports_invalid_input_and_counts_positives() {
    let loss = kernels::BinaryLoss { gamma: 2.0, weight_positive: 0.25, weight_negative: 0.75 };
    let run = |logits: &[f64], targets: &[f64]| {
        kernels::BinaryPass { logits, targets, loss, losses: None, grads: None, grad_divisor: 1.0 }.run()
    };
    let logits: Vec<f64> = (0..1000).map(|i| f64::from(i) * 0.01 - 5.0).collect();
    let targets: Vec<f64> = (0..1000).map(|i| f64::from(u8::from(i % 4 == 0))).collect();
    let totals = run(&logits, &targets);
    assert!(!totals.invalid && totals.positives == 250);
    for (bad_logit, bad_target) in [(Some(999), None), (None, Some(0)), (Some(500), Some(3))] {
        let (mut x, mut y) = (logits.clone(), targets.clone());
        if let Some(i) = bad_logit {
            x[i] = f64::NAN;
        }
        if let Some(i) = bad_target {
            y[i] = 0.5;
        }
        assert!(run(&x, &y).invalid, "{bad_logit:?} {bad_target:?}");
    }
}

/// 150 rows of `k` logits and a last row with −∞, ties and a huge value (two whole sub-blocks of 64
/// rows and a short one), and each row's class.
fn softmax_rows(k: usize) -> (Vec<f64>, Vec<usize>) {
    let special = [0.0, f64::NEG_INFINITY, 2.0, 2.0, 1e8, 1e8, 1e8];
    let logits: Vec<f64> =
        (0..k * 150).map(|i| ((i * 37 % 101) as f64 - 50.0) * 0.3).chain((0..k).map(|j| special[j % 7])).collect();
    let classes = (0..logits.len() / k).map(|r| (r * 3) % k).collect();
    (logits, classes)
}

#[test]
fn softmax_pass_agrees_with_the_generic_code() {
    use num_dual::Dual64;
    // 7 classes: moved column by column; 10 and 17: also in 8 × 8 blocks (with AVX-512), with 2 and
    // 1 classes left over.
    for k in [7, 10, 17] {
        let (logits, classes) = softmax_rows(k);
        let rows = classes.len();
        let mut worst: f64 = 0.0;
        for fused in [true, false] {
            let (mut losses_out, mut grads) = (vec![0.0; rows], vec![0.0; logits.len()]);
            let pass = kernels::SoftmaxPass {
                logits: &logits,
                num_classes: k,
                classes: &classes,
                losses: Some(&mut losses_out),
                grads: Some(&mut grads),
                grad_divisor: 1.0,
            };
            let totals = if fused { pass.run_with::<Fused>() } else { pass.run_with::<Unfused>() };
            assert!(!totals.invalid);
            for (r, &class) in classes.iter().enumerate() {
                let z: Vec<Dual64> = logits[r * k..(r + 1) * k].iter().map(|&v| Dual64::from_re(v)).collect();
                let loss = losses::softmax_cross_entropy(&z, class).unwrap().re;
                worst = worst.max(apart(losses_out[r], loss, 53, -1022));
                for (a, b) in
                    grads[r * k..(r + 1) * k].iter().zip(losses::softmax_cross_entropy_grad(&z, class).unwrap())
                {
                    worst = worst.max(apart(*a, b.re, 53, -1022));
                }
            }
        }
        println!("softmax pass against the generic code, {k} classes: {worst:.3} ulp apart");
        assert!(worst <= 6.0, "{k} classes: {worst} ulp apart");
    }
}

/// The f32 pass (its own loads, stores and division) against the f64 pass: the gradient of the
/// mean within 1.5 ulp of f32. The f32 gradient is rounded to f32 before the division by the row
/// count (in f32, as for every f32 gradient): that rounding's half ulp can be a whole ulp of the
/// quotient, and the division adds half an ulp.
#[test]
fn softmax_pass_in_f32_agrees_with_f64() {
    /// The gradient of the mean over the rows, from the pass.
    fn gradient<K: kernels::KernelFloat>(logits: &[K], k: usize, classes: &[usize], zero: K) -> Vec<K> {
        let mut grads = vec![zero; logits.len()];
        let divisor = classes.len() as f64;
        let pass = kernels::SoftmaxPass {
            logits,
            num_classes: k,
            classes,
            losses: None,
            grads: Some(&mut grads),
            grad_divisor: divisor,
        };
        assert!(!pass.run().invalid);
        grads
    }
    for k in [7, 10, 17] {
        let (logits, classes) = softmax_rows(k);
        let narrow: Vec<f32> = logits.iter().map(|&v| v as f32).collect();
        let wide: Vec<f64> = narrow.iter().map(|&v| f64::from(v)).collect();
        let (grads, grads_wide) = (gradient(&narrow, k, &classes, 0.0), gradient(&wide, k, &classes, 0.0));
        let worst = grads.iter().zip(&grads_wide).map(|(&a, &b)| apart(f64::from(a), b, 24, -126)).fold(0.0, f64::max);
        println!("f32 softmax pass against the f64 pass, {k} classes: {worst:.3} ulp apart");
        assert!(worst <= 1.5, "{k} classes: {worst} ulp apart");
    }
}

#[test]
fn softmax_pass_reports_invalid_rows() {
    for k in [7, 10, 17] {
        let (logits, classes) = softmax_rows(k);
        let run = |logits: &[f64]| {
            let pass = kernels::SoftmaxPass {
                logits,
                num_classes: k,
                classes: &classes,
                losses: None,
                grads: None,
                grad_divisor: 1.0,
            };
            pass.run().invalid
        };
        assert!(!run(&logits));
        // A NaN, a +∞ and a row of −∞ only are reported.
        for (index, value) in [(3, f64::NAN), (k * 100 + 2, f64::INFINITY)] {
            let mut bad = logits.clone();
            bad[index] = value;
            assert!(run(&bad), "{k} classes, {value} at {index}");
        }
        let mut masked = logits.clone();
        masked[k * 5..k * 6].fill(f64::NEG_INFINITY);
        assert!(run(&masked), "{k} classes, a row of −∞");
    }
}
