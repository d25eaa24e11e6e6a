//! Where the textbook formulas in `losses::naive` break, found by search rather than hard-coded:
//! each threshold is the smallest float at which the failure happens, located by bisection over the
//! float's bit pattern (which orders positive floats like their values), so it is exact to the last
//! float and the assertion only checks that it lies where the documentation says.

use losses::activation::{sigmoid, sigmoid_complement, softplus};
use losses::{FocalParams, Label, naive};
use num_dual::Dual64;

/// The smallest positive f64 in [lo, hi] at which a monotone predicate becomes true.
fn first_f64(lo: f64, hi: f64, fails: impl Fn(f64) -> bool) -> f64 {
    assert!(0.0 <= lo && lo < hi, "bisect over positive floats only");
    assert!(!fails(lo) && fails(hi), "the predicate must change between {lo} and {hi}");
    let (mut a, mut b) = (lo.to_bits(), hi.to_bits());
    while b - a > 1 {
        let m = a + (b - a) / 2;
        if fails(f64::from_bits(m)) { b = m } else { a = m }
    }
    let first = f64::from_bits(b);
    // The float just below does not fail: the threshold is sharp.
    assert!(!fails(f64::from_bits(b - 1)) && fails(first));
    first
}

/// The same for f32.
fn first_f32(lo: f32, hi: f32, fails: impl Fn(f32) -> bool) -> f32 {
    assert!(0.0 <= lo && lo < hi, "bisect over positive floats only");
    assert!(!fails(lo) && fails(hi), "the predicate must change between {lo} and {hi}");
    let (mut a, mut b) = (lo.to_bits(), hi.to_bits());
    while b - a > 1 {
        let m = a + (b - a) / 2;
        if fails(f32::from_bits(m)) { b = m } else { a = m }
    }
    let first = f32::from_bits(b);
    assert!(!fails(f32::from_bits(b - 1)) && fails(first));
    first
}

#[test]
fn naive_sigmoid_rounds_to_one_at_36_74_in_f64_and_16_64_in_f32() {
    let x64 = first_f64(0.0, 100.0, |x| naive::sigmoid(x) == 1.0);
    let x32 = first_f32(0.0, 100.0, |x| naive::sigmoid(x) == 1.0);
    println!("σ(x) rounds to 1 from x = {x64} (f64), {x32} (f32)");
    assert!((36.73..=36.75).contains(&x64), "{x64}");
    assert!((16.63..=16.65).contains(&x32), "{x32}");
    // Why there: 1 + e^(−x) rounds to 1 once e^(−x) ≤ half an ulp of 1 (2^−53 in f64, 2^−24 in f32;
    // the tie goes to even, i.e. to 1), that is from x = 53 ln 2 = 36.7368 resp. 24 ln 2 = 16.6355.
    assert!((x64 - 53.0 * std::f64::consts::LN_2).abs() < 1e-12, "{x64}");
    assert!((x32 - 24.0 * std::f32::consts::LN_2).abs() < 1e-5, "{x32}");
}

#[test]
fn naive_one_minus_sigmoid_cancels_to_zero_while_the_complement_is_still_normal() {
    let threshold = first_f64(0.0, 100.0, |x| 1.0 - naive::sigmoid(x) == 0.0);
    // Same threshold as σ rounding to 1: 1 − σ is then exactly 0 …
    assert!((36.73..=36.75).contains(&threshold));
    // … and the stable complement σ(−x) stays a normal number until e^(−x) leaves the normal range.
    let underflow = first_f64(0.0, 1000.0, |x| !sigmoid_complement(x).is_normal());
    let underflow32 = first_f32(0.0, 1000.0, |x| !sigmoid_complement(x).is_normal());
    println!("1 − σ(x) is 0 from {threshold}, σ(−x) is normal up to {underflow} (f64) / {underflow32} (f32)");
    assert!((708.39..=708.40).contains(&underflow), "{underflow}"); // −ln(2^−1022) = 708.396
    assert!((87.33..=87.34).contains(&underflow32), "{underflow32}"); // −ln(2^−126) = 87.337
    // Across the whole dead zone the naive complement is 0 and the stable one is e^(−x) to ~1 ulp.
    let mut x = threshold;
    while x < underflow {
        assert_eq!(1.0 - naive::sigmoid(x), 0.0);
        let c = sigmoid_complement(x);
        assert!(c.is_normal() && (c / (-x).exp() - 1.0).abs() < 4.0 * f64::EPSILON, "x = {x}: {c:e}");
        x += 7.3;
    }
    // f32 likewise: zero from 16.64, normal until 87.3.
    let t32 = first_f32(0.0, 100.0, |x| 1.0 - naive::sigmoid(x) == 0.0);
    assert!((16.63..=16.65).contains(&t32), "{t32}");
    assert!(sigmoid_complement(t32).is_normal() && sigmoid_complement(80.0_f32).is_normal());
}

#[test]
fn naive_softplus_overflows_at_709_78_in_f64_and_88_72_in_f32() {
    let x64 = first_f64(0.0, 1000.0, |x| naive::softplus(x).is_infinite());
    let x32 = first_f32(0.0, 1000.0, |x| naive::softplus(x).is_infinite());
    println!("naive softplus overflows from x = {x64} (f64), {x32} (f32)");
    assert!((709.78..709.79).contains(&x64), "{x64}"); // ln(f64::MAX) = 709.7827
    assert!((88.72..88.73).contains(&x32), "{x32}"); // ln(f32::MAX) = 88.7228
    // The stable softplus is x there (ln(1 + e^−x) is far below half an ulp of x), and beyond.
    for x in [x64, 1000.0, 1e300, f64::MAX] {
        assert_eq!(softplus(x), x);
    }
    for x in [x32, 1000.0, f32::MAX] {
        assert_eq!(softplus(x), x);
    }
    // Just below the threshold the naive one is still right.
    let below = f64::from_bits(x64.to_bits() - 1);
    assert!((naive::softplus(below) / softplus(below) - 1.0).abs() < 1e-15);
}

#[test]
fn naive_binary_cross_entropy_is_infinite_beyond_36_74() {
    // The wrong label at a confident logit: the true loss is ≈ x, the naive one −ln(1 − 1) = +∞.
    let x64 = first_f64(0.0, 100.0, |x| naive::binary_cross_entropy_with_logits(x, 0.0).is_infinite());
    assert!((36.73..=36.75).contains(&x64), "{x64}");
    let stable = losses::binary_cross_entropy_with_logits(x64, Label::Negative).unwrap();
    assert!((stable - x64).abs() < 1e-14, "{stable}");
    let x32 = first_f32(0.0, 100.0, |x| naive::binary_cross_entropy_with_logits(x, 0.0).is_infinite());
    assert!((16.63..=16.65).contains(&x32), "{x32}");
}

#[test]
fn naive_focal_loss_is_zero_at_40_where_the_stable_one_is_e_to_the_minus_120() {
    let params = FocalParams::new(2.0).unwrap();
    assert_eq!(naive::focal_loss_with_logits(40.0_f64, 1.0, 2.0), 0.0);
    assert_eq!(naive::focal_loss_with_logits_grad(40.0_f64, 1.0, 2.0), 0.0);
    // FL = σ(−40)² · softplus(−40) = e^(−120) (1 − 2.5 e^(−40) + …): e^(−120) to 10⁻¹⁷ relative.
    let stable = losses::focal_loss_with_logits(40.0_f64, Label::Positive, params).unwrap();
    assert!((stable / (-120.0_f64).exp() - 1.0).abs() <= 4.0 * f64::EPSILON, "{stable:e}");
    // dFL/dx = −σ(−x)²(2σ(x) softplus(−x) + σ(−x)) ≈ −3 e^(−120).
    let grad = losses::focal_loss_with_logits_grad(40.0_f64, Label::Positive, params).unwrap();
    assert!((grad / (-3.0 * (-120.0_f64).exp()) - 1.0).abs() <= 1e-15, "{grad:e}");
    // Where the naive focal loss first returns 0: the same threshold as σ rounding to 1.
    for gamma in [0.5, 1.0, 2.0, 5.0] {
        let x = first_f64(1.0, 100.0, |x| naive::focal_loss_with_logits(x, 1.0, gamma) == 0.0);
        assert!((36.73..=36.75).contains(&x), "γ = {gamma}: {x}");
        let stable = losses::focal_loss_with_logits(x, Label::Positive, FocalParams::new(gamma).unwrap()).unwrap();
        assert!(stable > 0.0 && stable.is_normal(), "γ = {gamma}: {stable:e}");
        let x = first_f32(1.0, 100.0, |x| naive::focal_loss_with_logits(x, 1.0, gamma as f32) == 0.0);
        assert!((16.63..=16.65).contains(&x), "γ = {gamma}: {x} (f32)");
    }
    // In f32 too: the stable loss at x = 20 (beyond 16.64) is σ(−20)²·softplus(−20) ≈ e^(−60).
    let stable32 = losses::focal_loss_with_logits(20.0_f32, Label::Positive, FocalParams::new(2.0).unwrap()).unwrap();
    assert_eq!(naive::focal_loss_with_logits(20.0_f32, 1.0, 2.0), 0.0);
    assert!((f64::from(stable32) / (-60.0_f64).exp() - 1.0).abs() < 4.0 * f64::from(f32::EPSILON));
}

/// kornia #918 / optax #1267: autodiff through the textbook focal loss is NaN for γ < 1 once
/// 1 − p_t is 0 (d/dp (1 − p)^γ = −γ(1 − p)^(γ−1) = −∞, times a zero). The crate's own generic loss,
/// differentiated the same way, is finite and agrees with its closed-form gradient.
#[test]
fn autodiff_through_the_naive_focal_loss_is_nan_but_through_the_stable_one_is_not() {
    for x in [40.0, 100.0] {
        let naive_grad =
            naive::focal_loss_with_logits(Dual64::new(x, 1.0), Dual64::from_re(1.0), Dual64::from_re(0.5)).eps;
        assert!(naive_grad.is_nan(), "x = {x}: {naive_grad}");
        let params = FocalParams::new(Dual64::from_re(0.5)).unwrap();
        let stable_ad = losses::focal_loss_with_logits(Dual64::new(x, 1.0), Label::Positive, params).unwrap().eps;
        let closed = losses::focal_loss_with_logits_grad(x, Label::Positive, FocalParams::new(0.5).unwrap()).unwrap();
        assert!(stable_ad.is_finite() && stable_ad < 0.0);
        assert!((stable_ad / closed - 1.0).abs() < 8.0 * f64::EPSILON, "x = {x}: {stable_ad:e} vs {closed:e}");
    }
}

#[test]
fn naive_softmax_cross_entropy_is_nan_from_709_78() {
    assert!(naive::softmax_cross_entropy(&[1000.0_f64, 1000.0], 0).is_nan());
    assert_eq!(losses::softmax_cross_entropy(&[1000.0_f64, 1000.0], 0).unwrap(), 2.0_f64.ln());
    // e^z overflows, and ∞/∞ = NaN, from the same threshold as the naive softplus.
    let x64 = first_f64(0.0, 1000.0, |v| naive::softmax_cross_entropy(&[v, v], 0).is_nan());
    let x32 = first_f32(0.0, 1000.0, |v| naive::softmax_cross_entropy(&[v, v], 0).is_nan());
    assert!((709.78..709.79).contains(&x64), "{x64}");
    assert!((88.72..88.73).contains(&x32), "{x32}");
    assert_eq!(losses::softmax_cross_entropy(&[x32, x32, x32], 2).unwrap(), 3.0_f32.ln());
    // The naive log-sum-exp overflows at the same point.
    assert!(naive::log_sum_exp(&[x64, 0.0]).is_infinite());
    assert_eq!(losses::log_sum_exp(&[x64, 0.0]).unwrap(), x64);
}

#[test]
fn shifted_softmax_cross_entropy_loses_digits_for_equal_large_logits() {
    let ln3 = 3.0_f64.ln();
    let z = [1e8_f64, 1e8, 1e8];
    // log-sum-exp(z) − z_c: 1e8 + ln 3 is rounded to a multiple of ulp(1e8) = 2^−26 ≈ 1.5e-8, and
    // the subtraction returns that rounding as the answer — the optax formulation.
    let naive_ce = naive::softmax_cross_entropy_shifted(&z, 0);
    let relative = (naive_ce - ln3).abs() / ln3;
    println!("shifted (optax) softmax CE for [1e8; 3]: relative error {relative:.3e}");
    assert!((4.4e-9..4.6e-9).contains(&relative), "{relative:e}");
    // The crate's (m − z_c) + ln Σ e^(z_i − m) never forms 1e8 + ln 3: within 1 ulp of ln 3.
    for class in 0..3 {
        let stable = losses::softmax_cross_entropy(&z, class).unwrap();
        assert!((stable - ln3).abs() <= f64::EPSILON, "{stable}"); // ulp(ln 3) = ε
    }
    // The error grows with the size of the logits, not with the problem.
    let small = naive::softmax_cross_entropy_shifted(&[1.0_f64, 1.0, 1.0], 0);
    assert!((small - ln3).abs() <= 2.0 * f64::EPSILON);
}

#[test]
fn naive_kl_divergence_is_nan_with_zeros() {
    let p = [1.0_f64, 0.0];
    let q = [0.5_f64, 0.5];
    assert!(naive::kl_divergence(&p, &q).is_nan()); // 0·ln(0/0.5) = 0·(−∞)
    assert_eq!(losses::kl_divergence(&p, &q).unwrap(), 2.0_f64.ln());
    // Every zero in p poisons the naive sum, wherever it is.
    let p = [0.25_f64, 0.0, 0.25, 0.5];
    let q = [0.25_f64; 4];
    assert!(naive::kl_divergence(&p, &q).is_nan());
    let stable = losses::kl_divergence(&p, &q).unwrap();
    let by_hand = 0.25 * 1.0_f64.ln() + 0.25 * 1.0_f64.ln() + 0.5 * 2.0_f64.ln();
    assert!((stable - by_hand).abs() <= 2.0 * f64::EPSILON * by_hand);
    // With every pᵢ > 0 the naive formula works (same value to a few ulp): the trap is only the zeros.
    let p = [0.7_f64, 0.2, 0.1];
    let q = [0.5_f64, 0.3, 0.2];
    assert!((naive::kl_divergence(&p, &q) - losses::kl_divergence(&p, &q).unwrap()).abs() < 1e-15);
}

/// A sanity check on the bisection helper itself.
#[test]
fn bisection_finds_the_exact_float() {
    assert_eq!(first_f64(0.0, 10.0, |x| x >= 1.5), 1.5);
    assert_eq!(first_f64(0.0, 10.0, |x| x > 1.0), 1.0 + f64::EPSILON);
    assert_eq!(first_f32(0.0, 10.0, |x| x > 2.0), 2.0 + 2.0 * f32::EPSILON);
    let _ = sigmoid(0.0_f64);
}
