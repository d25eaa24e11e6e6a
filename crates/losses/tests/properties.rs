//! Property tests (proptest): identities and inequalities that must hold for *every* input, and the
//! promise that no input — NaN, ±∞, empty, huge, mismatched — makes a public function panic.

use losses::kernels::{self, KernelFloat};
use losses::{BinaryReduction, FocalParams, Label, LossError, LossFloat, Reduced, Reduction};
use proptest::prelude::*;

#[path = "../benches/common/xorshift.rs"]
mod xorshift;

const LABELS: [Label; 2] = [Label::Positive, Label::Negative];
const REDUCTIONS: [BinaryReduction; 4] =
    [BinaryReduction::None, BinaryReduction::Sum, BinaryReduction::Mean, BinaryReduction::SumOverPositives];

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// Any finite f64, sign and magnitude uniform over the float exponents (so mostly huge or tiny),
/// mixed with the logits that matter in practice.
fn finite_f64() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO, -50.0..50.0, -1000.0..1000.0_f64]
}

/// Any f64 at all, NaN and ±∞ included.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => finite_f64(),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => proptest::num::f64::ANY,
    ]
}

fn label() -> impl Strategy<Value = Label> {
    prop_oneof![Just(Label::Positive), Just(Label::Negative)]
}

/// A probability vector of length `n` with some exact zeros: random weights, normalised.
fn distribution(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![1 => Just(0.0), 4 => 1e-6..1.0_f64], n).prop_filter_map("all zero", |w| {
        let sum: f64 = w.iter().sum();
        (sum > 0.0).then(|| w.iter().map(|v| v / sum).collect())
    })
}

/// A strictly positive probability vector of length `n`.
fn positive_distribution(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(1e-6..1.0_f64, n).prop_map(|w| {
        let sum: f64 = w.iter().sum();
        w.iter().map(|v| v / sum).collect()
    })
}

/// q close to p: every entry multiplied by (1 + δ u_i) with |u_i| ≤ 1, then renormalised. This is
/// where KL is O(δ²) and a careless sum of ±O(δ) terms comes out negative.
fn nearby(p: &[f64], delta: f64, u: &[f64]) -> Vec<f64> {
    let raw: Vec<f64> = p.iter().zip(u).map(|(v, w)| v * (1.0 + delta * w)).collect();
    let sum: f64 = raw.iter().sum();
    raw.iter().map(|v| v / sum).collect()
}

fn pair_of_distributions() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..12).prop_flat_map(|n| {
        prop_oneof![
            (distribution(n), distribution(n)),
            (distribution(n), positive_distribution(n)),
            (distribution(n), 1e-12..1e-2_f64, prop::collection::vec(-1.0..1.0_f64, n)).prop_map(|(p, delta, u)| {
                let q = nearby(&p, delta, &u);
                (p, q)
            }),
        ]
    })
}

fn to_f32(v: &[f64]) -> Vec<f32> {
    v.iter().map(|&x| x as f32).collect()
}

// ---------------------------------------------------------------------------------------------
// Information theory
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Gibbs' inequality: KL(p‖q) ≥ 0, including q close to p (KL ≈ 0) and q with zeros (KL = +∞).
    #[test]
    fn kl_divergence_is_non_negative((p, q) in pair_of_distributions()) {
        let kl = losses::kl_divergence(&p, &q).unwrap();
        prop_assert!(kl >= 0.0, "KL = {kl:e}");
        let kl32 = losses::kl_divergence(&to_f32(&p), &to_f32(&q));
        // Rounding to f32 may push a vector outside the tolerance only if it was at its edge; it
        // cannot here (the f64 vectors sum to 1 within a few ulp).
        let kl32 = kl32.unwrap();
        prop_assert!(kl32 >= 0.0, "KL (f32) = {kl32:e}");
    }

    /// KL(p‖p) = 0, exactly.
    #[test]
    fn kl_divergence_of_a_distribution_with_itself_is_zero(p in (1usize..12).prop_flat_map(distribution)) {
        prop_assert_eq!(losses::kl_divergence(&p, &p).unwrap(), 0.0);
        prop_assert_eq!(losses::kl_divergence(&to_f32(&p), &to_f32(&p)).unwrap(), 0.0);
    }

    /// H(p, q) = H(p) + KL(p‖q). Each of the three is within 4 ulp of its exact value (the
    /// reference test) and the identity is exact in real arithmetic, so the two sides differ by at
    /// most 4 + 4 + 4 ulp of the largest term, plus ½ ulp for the addition: 16ε·(sum of magnitudes).
    #[test]
    fn cross_entropy_is_entropy_plus_kl((p, q) in pair_of_distributions()) {
        let h_pq = losses::cross_entropy(&p, &q).unwrap();
        let h_p = losses::entropy(&p).unwrap();
        let kl = losses::kl_divergence(&p, &q).unwrap();
        if h_pq.is_infinite() {
            prop_assert_eq!(kl, f64::INFINITY); // q has a zero where p has mass
        } else {
            let tolerance = 16.0 * f64::EPSILON * (h_pq + h_p + kl);
            prop_assert!((h_pq - (h_p + kl)).abs() <= tolerance,
                "H(p,q) = {h_pq:e}, H(p) + KL = {:e} (tolerance {tolerance:e})", h_p + kl);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Focal loss versus cross-entropy
// ---------------------------------------------------------------------------------------------

/// FL with γ = 0 is CE, bit for bit, for every entry point: the same code path.
fn check_gamma_zero_is_cross_entropy<F: LossFloat>(x: F, p: F, label: Label, alpha: F) -> Result<(), TestCaseError> {
    let plain = FocalParams::new(F::zero()).unwrap();
    let balanced = FocalParams::balanced(F::zero(), alpha).unwrap();
    let fl = losses::focal_loss_with_logits(x, label, plain).unwrap();
    prop_assert_eq!(fl, losses::binary_cross_entropy_with_logits(x, label).unwrap(), "logit {:?}", x);
    let fl = losses::focal_loss_with_logits(x, label, balanced).unwrap();
    prop_assert_eq!(fl, losses::balanced_cross_entropy_with_logits(x, label, alpha).unwrap());
    let g = losses::focal_loss_with_logits_grad(x, label, plain).unwrap();
    prop_assert_eq!(g, losses::binary_cross_entropy_with_logits_grad(x, label).unwrap());
    let g = losses::focal_loss_with_logits_grad(x, label, balanced).unwrap();
    prop_assert_eq!(g, losses::balanced_cross_entropy_with_logits_grad(x, label, alpha).unwrap());
    let fl = losses::focal_loss(p, label, plain).unwrap();
    prop_assert_eq!(fl, losses::binary_cross_entropy(p, label).unwrap(), "p {:?}", p);
    let fl = losses::focal_loss(p, label, balanced).unwrap();
    prop_assert_eq!(fl, losses::balanced_cross_entropy(p, label, alpha).unwrap());
    Ok(())
}

/// FL ≤ CE: the factor (1 − p_t)^γ is at most 1. Also for the α-balanced forms.
fn check_focal_at_most_cross_entropy<F: LossFloat>(
    x: F,
    p: F,
    label: Label,
    gamma: F,
    alpha: F,
) -> Result<(), TestCaseError> {
    let plain = FocalParams::new(gamma).unwrap();
    let balanced = FocalParams::balanced(gamma, alpha).unwrap();
    let fl = losses::focal_loss_with_logits(x, label, plain).unwrap();
    let ce = losses::binary_cross_entropy_with_logits(x, label).unwrap();
    prop_assert!(fl <= ce, "x = {:?} γ = {:?}: FL {:?} > CE {:?}", x, gamma, fl, ce);
    let fl = losses::focal_loss_with_logits(x, label, balanced).unwrap();
    let ce = losses::balanced_cross_entropy_with_logits(x, label, alpha).unwrap();
    prop_assert!(fl <= ce, "x = {:?} γ = {:?} α = {:?}: FL {:?} > CE {:?}", x, gamma, alpha, fl, ce);
    let fl = losses::focal_loss(p, label, plain).unwrap();
    let ce = losses::binary_cross_entropy(p, label).unwrap();
    prop_assert!(fl <= ce, "p = {:?} γ = {:?}: FL {:?} > CE {:?}", p, gamma, fl, ce);
    let fl = losses::focal_loss(p, label, balanced).unwrap();
    let ce = losses::balanced_cross_entropy(p, label, alpha).unwrap();
    prop_assert!(fl <= ce, "p = {:?} γ = {:?} α = {:?}: FL {:?} > CE {:?}", p, gamma, alpha, fl, ce);
    Ok(())
}

/// α = ½ weighs both classes by ½: exactly half the cross-entropy (halving is exact in binary).
fn check_half_balanced_is_half<F: LossFloat>(x: F, p: F, label: Label) -> Result<(), TestCaseError> {
    let half = F::from_f64(0.5);
    let ce = losses::binary_cross_entropy_with_logits(x, label).unwrap();
    prop_assert_eq!(losses::balanced_cross_entropy_with_logits(x, label, half).unwrap(), half * ce);
    let g = losses::binary_cross_entropy_with_logits_grad(x, label).unwrap();
    prop_assert_eq!(losses::balanced_cross_entropy_with_logits_grad(x, label, half).unwrap(), half * g);
    let ce = losses::binary_cross_entropy(p, label).unwrap();
    prop_assert_eq!(losses::balanced_cross_entropy(p, label, half).unwrap(), half * ce);
    Ok(())
}

fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..=1.0_f64,
        Just(0.0),
        Just(1.0),
        (-300.0..0.0_f64).prop_map(|e| 10f64.powf(e)),
        (-16.0..0.0_f64).prop_map(|e| 1.0 - 10f64.powf(e))
    ]
}

fn logit_with_infinities() -> impl Strategy<Value = f64> {
    prop_oneof![8 => finite_f64(), 1 => Just(f64::INFINITY), 1 => Just(f64::NEG_INFINITY)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn focal_loss_with_gamma_zero_is_cross_entropy(x in logit_with_infinities(), p in probability(), label in label(), alpha in 0.0..=1.0_f64) {
        check_gamma_zero_is_cross_entropy(x, p, label, alpha)?;
        check_gamma_zero_is_cross_entropy(x as f32, p as f32, label, alpha as f32)?;
    }

    #[test]
    fn focal_loss_is_at_most_cross_entropy(x in logit_with_infinities(), p in probability(), label in label(), gamma in 0.0..=10.0_f64, alpha in 0.0..=1.0_f64) {
        check_focal_at_most_cross_entropy(x, p, label, gamma, alpha)?;
        check_focal_at_most_cross_entropy(x as f32, p as f32, label, gamma as f32, alpha as f32)?;
    }

    #[test]
    fn balanced_cross_entropy_with_alpha_one_half_is_half_the_cross_entropy(x in logit_with_infinities(), p in probability(), label in label()) {
        check_half_balanced_is_half(x, p, label)?;
        check_half_balanced_is_half(x as f32, p as f32, label)?;
    }

    /// The batch functions agree with the scalar ones for γ = 0 too (same code path, same sum).
    #[test]
    fn focal_batch_with_gamma_zero_is_cross_entropy_batch(
        batch in prop::collection::vec((logit_with_infinities(), label()), 1..16),
    ) {
        let logits: Vec<f64> = batch.iter().map(|b| b.0).collect();
        let targets: Vec<f64> = batch.iter().map(|b| b.1.indicator()).collect();
        let params = FocalParams::new(0.0).unwrap();
        for reduction in REDUCTIONS {
            let fl = losses::focal_loss_with_logits_batch(&logits, &targets, params, reduction);
            let ce = losses::binary_cross_entropy_with_logits_batch(&logits, &targets, reduction);
            prop_assert_eq!(fl, ce);
            let fl = losses::focal_loss_with_logits_grad_batch(&logits, &targets, params, reduction);
            let ce = losses::binary_cross_entropy_with_logits_grad_batch(&logits, &targets, reduction);
            prop_assert_eq!(fl, ce);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gradients are finite for every finite input
// ---------------------------------------------------------------------------------------------

fn check_binary_gradients_finite<F: LossFloat>(x: F, label: Label, gamma: F, alpha: F) -> Result<(), TestCaseError> {
    let what = || format!("x = {x:?} {label:?} γ = {gamma:?} α = {alpha:?}");
    let g = losses::binary_cross_entropy_with_logits_grad(x, label).unwrap();
    prop_assert!(g.is_finite(), "BCE grad {:?} at {}", g, what());
    let g = losses::balanced_cross_entropy_with_logits_grad(x, label, alpha).unwrap();
    prop_assert!(g.is_finite(), "balanced BCE grad {:?} at {}", g, what());
    for params in [FocalParams::new(gamma).unwrap(), FocalParams::balanced(gamma, alpha).unwrap()] {
        let g = losses::focal_loss_with_logits_grad(x, label, params).unwrap();
        prop_assert!(g.is_finite(), "focal grad {:?} at {}", g, what());
        // The loss is finite too (softplus(−x_t) ≤ |x_t| + ln 2 never overflows for finite x_t
        // except at the very top of the range, where it rounds to |x_t|).
        let l = losses::focal_loss_with_logits(x, label, params).unwrap();
        prop_assert!(l.is_finite() && l >= F::zero(), "focal loss {:?} at {}", l, what());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10000))]

    /// Any finite logit, any γ ∈ [0, 10] (0, ½ and 10 included), any α, both labels, f32 and f64.
    #[test]
    fn binary_and_focal_gradients_are_finite_for_finite_logits(
        x in finite_f64(),
        label in label(),
        gamma in prop_oneof![0.0..=10.0_f64, Just(0.0), Just(0.5), Just(10.0)],
        alpha in 0.0..=1.0_f64,
    ) {
        check_binary_gradients_finite(x, label, gamma, alpha)?;
        // f32: the same logit rounded, or (when it overflows f32) a finite f32 of any size.
        let x32 = x as f32;
        let x32 = if x32.is_finite() { x32 } else { f32::MAX.copysign(x32) };
        check_binary_gradients_finite(x32, label, gamma as f32, alpha as f32)?;
    }

    /// Softmax cross-entropy gradients of finite rows (any magnitudes) are finite and sum to ~0.
    #[test]
    fn softmax_gradients_are_finite_for_finite_logits(
        z in prop::collection::vec(finite_f64(), 1..8),
        class in 0usize..8,
        raw_target in prop::collection::vec(0.0..1.0_f64, 8),
    ) {
        let class = class % z.len();
        let g = losses::softmax_cross_entropy_grad(&z, class).unwrap();
        prop_assert!(g.iter().all(|v| v.is_finite()), "z = {:?}: {:?}", z, g);
        let sum: f64 = g.iter().sum();
        prop_assert!(sum.abs() <= 8.0 * f64::EPSILON, "gradient sums to {sum:e}");
        let target: Vec<f64> = {
            let w = &raw_target[..z.len()];
            let s: f64 = w.iter().sum();
            if s > 0.0 { w.iter().map(|v| v / s).collect() } else { vec![1.0 / z.len() as f64; z.len()] }
        };
        let g = losses::softmax_cross_entropy_soft_grad(&z, &target).unwrap();
        prop_assert!(g.iter().all(|v| v.is_finite()), "z = {:?} t = {:?}: {:?}", z, target, g);
        let z32: Vec<f32> = z.iter().map(|&v| (v as f32).clamp(f32::MIN, f32::MAX)).collect();
        let g = losses::softmax_cross_entropy_grad(&z32, class).unwrap();
        prop_assert!(g.iter().all(|v| v.is_finite()), "z = {:?}: {:?}", z32, g);
    }

    /// Batch gradients of finite logits are finite for every reduction that applies.
    #[test]
    fn batch_gradients_are_finite_for_finite_logits(
        batch in prop::collection::vec((finite_f64(), label()), 1..16),
        gamma in 0.0..=10.0_f64,
    ) {
        let logits: Vec<f64> = batch.iter().map(|b| b.0).collect();
        let targets: Vec<f64> = batch.iter().map(|b| b.1.indicator()).collect();
        let params = FocalParams::new(gamma).unwrap();
        for reduction in REDUCTIONS {
            let results = [
                losses::binary_cross_entropy_with_logits_grad_batch(&logits, &targets, reduction),
                losses::focal_loss_with_logits_grad_batch(&logits, &targets, params, reduction),
            ];
            for result in results {
                match result {
                    Ok(g) => prop_assert!(g.iter().all(|v| v.is_finite()), "{:?}", g),
                    Err(e) => prop_assert_eq!(e, LossError::NoPositives),
                }
            }
        }
        let classes: Vec<usize> = (0..logits.len()).map(|i| i % 2).collect();
        let paired: Vec<f64> = logits.iter().flat_map(|&v| [v, -v]).collect();
        for reduction in [Reduction::None, Reduction::Sum, Reduction::Mean] {
            let g = losses::softmax_cross_entropy_grad_batch(&paired, 2, &classes, reduction).unwrap();
            prop_assert!(g.iter().all(|v| v.is_finite()), "{:?}", g);
        }
    }
}

/// The per-row losses of a softmax batch against `kernels::RowNormaliser` on each row, bit for bit.
fn batch_rows_are_row_kernels<F: LossFloat + KernelFloat>(
    logits: &[F],
    k: usize,
    classes: &[usize],
) -> Result<(), TestCaseError> {
    let batch = losses::softmax_cross_entropy_batch(logits, k, classes, Reduction::None).unwrap();
    let batch = batch.per_example().expect("Reduction::None keeps every row");
    for (r, (row, &c)) in logits.chunks(k).zip(classes).enumerate() {
        let one = kernels::neg_log_softmax(kernels::run(kernels::RowNormaliser { z: row }), row[c]);
        let bits = |v: F| KernelFloat::widen(v).to_bits();
        prop_assert_eq!(bits(batch[r]), bits(one), "row {} {:?} class {}", r, row, c);
    }
    Ok(())
}

proptest! {
    // Each case runs up to 150 rows × 39 classes through both paths, in both types: 64 cases keep
    // this test below a tenth of a second in `cargo test` (this file: 0.33 s without it, 0.41 s
    // with it; 256 cases took 1.4 s).
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The batch pass computes a block of softmax rows at once (transposed, rows side by side, in
    /// sub-blocks of 64); `kernels::RowNormaliser` computes one row on its own, serially, and is
    /// what the soft-label cross-entropy uses. Per row the arithmetic is the same, so the batch's
    /// per-row losses must be `neg_log_softmax` of the row's normaliser bit for bit, at any number
    /// of rows and classes (sub-blocks cut short included), with masked (−∞) and huge logits, in
    /// f64 and f32.
    #[test]
    fn batch_softmax_losses_are_the_row_kernels_bit_for_bit(k in 1usize..40, rows in 1usize..150, seed in 1u64..) {
        let mut rng = xorshift::Rng(seed);
        let mut logits: Vec<f64> = (0..k * rows)
            .map(|_| match (rng.next_f64() * 8.0) as u32 {
                0 => f64::NEG_INFINITY,
                1 => (rng.next_f64() - 0.5) * 2e30,
                _ => (rng.next_f64() - 0.5) * 80.0,
            })
            .collect();
        for row in logits.chunks_mut(k) {
            if row[0] == f64::NEG_INFINITY {
                row[0] = 0.0; // not a row of −∞ only
            }
        }
        let classes: Vec<usize> = (0..rows).map(|_| (rng.next_f64() * k as f64) as usize).collect();
        batch_rows_are_row_kernels(&logits, k, &classes)?;
        let logits32: Vec<f32> = logits.iter().map(|&v| v as f32).collect(); // −∞ stays −∞
        batch_rows_are_row_kernels(&logits32, k, &classes)?;
    }
}

// ---------------------------------------------------------------------------------------------
// No panic, no silent NaN, whatever the input
// ---------------------------------------------------------------------------------------------

/// A successful result must not be NaN: the crate promises typed errors instead.
trait NoNan {
    fn has_nan(&self) -> bool;
}

impl NoNan for f64 {
    fn has_nan(&self) -> bool {
        self.is_nan()
    }
}

impl NoNan for f32 {
    fn has_nan(&self) -> bool {
        self.is_nan()
    }
}

impl<T: NoNan> NoNan for Vec<T> {
    fn has_nan(&self) -> bool {
        self.iter().any(NoNan::has_nan)
    }
}

impl<T: NoNan> NoNan for Reduced<T>
where
    T: Clone,
{
    fn has_nan(&self) -> bool {
        match self {
            Reduced::Total(v) => v.has_nan(),
            Reduced::PerExample(v) => v.iter().any(NoNan::has_nan),
        }
    }
}

impl<T: NoNan> NoNan for losses::LinearFit<T> {
    fn has_nan(&self) -> bool {
        self.intercept.has_nan() || self.slope.has_nan()
    }
}

fn ok_is_not_nan<T: NoNan + std::fmt::Debug>(name: &str, result: losses::Result<T>) -> Result<(), TestCaseError> {
    if let Ok(value) = &result {
        prop_assert!(!value.has_nan(), "{} returned Ok({:?})", name, value);
    }
    Ok(())
}

/// One set of wild arguments for every public function.
#[derive(Debug, Clone)]
struct Wild {
    a: Vec<f64>,
    b: Vec<f64>,
    x: f64,
    gamma: f64,
    alpha: f64,
    class: usize,
    num_classes: usize,
    classes: Vec<usize>,
    predictors: usize,
}

/// Calls every public function that takes a slice (and the scalar ones) on the same wild inputs,
/// converted to `F`. A panic fails the test; an `Ok` must not hide a NaN.
fn call_everything<F: LossFloat + NoNan>(wild: &Wild) -> Result<(), TestCaseError> {
    let a: Vec<F> = wild.a.iter().map(|&v| F::from_f64(v)).collect();
    let b: Vec<F> = wild.b.iter().map(|&v| F::from_f64(v)).collect();
    let (a, b) = (a.as_slice(), b.as_slice());
    let (x, gamma, alpha) = (F::from_f64(wild.x), F::from_f64(wild.gamma), F::from_f64(wild.alpha));
    let (class, num_classes, classes, predictors) =
        (wild.class, wild.num_classes, wild.classes.as_slice(), wild.predictors);
    ok_is_not_nan("sum_of_squared_errors", losses::sum_of_squared_errors(a, b))?;
    ok_is_not_nan("mean_squared_error", losses::mean_squared_error(a, b))?;
    ok_is_not_nan("mean_squared_error_grad", losses::mean_squared_error_grad(a, b))?;
    ok_is_not_nan("root_mean_squared_error", losses::root_mean_squared_error(a, b))?;
    ok_is_not_nan("residual_standard_error", losses::residual_standard_error(a, b, predictors))?;
    ok_is_not_nan("mean_absolute_error", losses::mean_absolute_error(a, b))?;
    ok_is_not_nan("simple_linear_regression", losses::simple_linear_regression(a, b))?;
    ok_is_not_nan("entropy", losses::entropy(a))?;
    ok_is_not_nan("cross_entropy", losses::cross_entropy(a, b))?;
    ok_is_not_nan("kl_divergence", losses::kl_divergence(a, b))?;
    ok_is_not_nan("softmax", losses::softmax(a))?;
    ok_is_not_nan("log_softmax", losses::log_softmax(a))?;
    ok_is_not_nan("log_sum_exp", losses::log_sum_exp(a))?;
    ok_is_not_nan("categorical_cross_entropy", losses::categorical_cross_entropy(a, class))?;
    ok_is_not_nan("softmax_cross_entropy", losses::softmax_cross_entropy(a, class))?;
    ok_is_not_nan("softmax_cross_entropy_grad", losses::softmax_cross_entropy_grad(a, class))?;
    ok_is_not_nan("softmax_cross_entropy_soft", losses::softmax_cross_entropy_soft(a, b))?;
    ok_is_not_nan("softmax_cross_entropy_soft_grad", losses::softmax_cross_entropy_soft_grad(a, b))?;
    for reduction in [Reduction::None, Reduction::Sum, Reduction::Mean] {
        ok_is_not_nan(
            "softmax_cross_entropy_batch",
            losses::softmax_cross_entropy_batch(a, num_classes, classes, reduction),
        )?;
        ok_is_not_nan(
            "softmax_cross_entropy_grad_batch",
            losses::softmax_cross_entropy_grad_batch(a, num_classes, classes, reduction),
        )?;
    }
    for reduction in REDUCTIONS {
        ok_is_not_nan("binary_cross_entropy_batch", losses::binary_cross_entropy_batch(a, b, reduction))?;
        ok_is_not_nan(
            "binary_cross_entropy_with_logits_batch",
            losses::binary_cross_entropy_with_logits_batch(a, b, reduction),
        )?;
        ok_is_not_nan(
            "binary_cross_entropy_with_logits_grad_batch",
            losses::binary_cross_entropy_with_logits_grad_batch(a, b, reduction),
        )?;
        if let Ok(params) = FocalParams::balanced(gamma, alpha) {
            ok_is_not_nan("focal_loss_batch", losses::focal_loss_batch(a, b, params, reduction))?;
            ok_is_not_nan(
                "focal_loss_with_logits_batch",
                losses::focal_loss_with_logits_batch(a, b, params, reduction),
            )?;
            ok_is_not_nan(
                "focal_loss_with_logits_grad_batch",
                losses::focal_loss_with_logits_grad_batch(a, b, params, reduction),
            )?;
        }
    }
    // Scalars.
    for label in LABELS {
        ok_is_not_nan("binary_cross_entropy", losses::binary_cross_entropy(x, label))?;
        ok_is_not_nan("binary_cross_entropy_with_logits", losses::binary_cross_entropy_with_logits(x, label))?;
        ok_is_not_nan(
            "binary_cross_entropy_with_logits_grad",
            losses::binary_cross_entropy_with_logits_grad(x, label),
        )?;
        ok_is_not_nan("balanced_cross_entropy", losses::balanced_cross_entropy(x, label, alpha))?;
        ok_is_not_nan(
            "balanced_cross_entropy_with_logits",
            losses::balanced_cross_entropy_with_logits(x, label, alpha),
        )?;
        ok_is_not_nan(
            "balanced_cross_entropy_with_logits_grad",
            losses::balanced_cross_entropy_with_logits_grad(x, label, alpha),
        )?;
        ok_is_not_nan("p_t", losses::p_t(x, label))?;
        ok_is_not_nan("alpha_t", losses::alpha_t(alpha, label))?;
        ok_is_not_nan("modulating_factor", losses::modulating_factor(x, gamma))?;
        for params in [FocalParams::new(gamma), FocalParams::balanced(gamma, alpha)].into_iter().flatten() {
            ok_is_not_nan("focal_loss", losses::focal_loss(x, label, params))?;
            ok_is_not_nan("focal_loss_with_logits", losses::focal_loss_with_logits(x, label, params))?;
            ok_is_not_nan("focal_loss_with_logits_grad", losses::focal_loss_with_logits_grad(x, label, params))?;
        }
    }
    let _ = Label::from_indicator(x);
    let _ = Label::from_sign(x);
    // The traps module returns garbage by design, but must not panic either.
    let _ = losses::naive::log_sum_exp(a);
    let _ = losses::naive::softmax_cross_entropy(a, class);
    let _ = losses::naive::softmax_cross_entropy_shifted(a, class);
    let _ = losses::naive::kl_divergence(a, b);
    Ok(())
}

/// Short vectors of wild values; two of them drawn independently, so lengths often differ.
fn wild_vector() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        prop::collection::vec(any_f64(), 0..6),
        // Values a validator accepts (probabilities, labels), so the functions get past validation.
        prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0..1.0_f64], 0..6),
        (1usize..6).prop_flat_map(distribution),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn no_input_panics_or_returns_a_silent_nan(
        a in wild_vector(),
        b in wild_vector(),
        x in any_f64(),
        gamma in prop_oneof![any_f64(), 0.0..10.0_f64],
        alpha in prop_oneof![any_f64(), 0.0..=1.0_f64],
        class in prop_oneof![0usize..8, Just(usize::MAX)],
        num_classes in prop_oneof![0usize..4, Just(usize::MAX)],
        classes in prop::collection::vec(prop_oneof![0usize..4, Just(usize::MAX)], 0..4),
        predictors in prop_oneof![0usize..4, Just(usize::MAX)],
    ) {
        let wild = Wild { a, b, x, gamma, alpha, class, num_classes, classes, predictors };
        call_everything::<f64>(&wild)?;
        call_everything::<f32>(&wild)?;
    }

    /// Error results name a real problem: on valid-looking input of matching lengths that is also
    /// a distribution, the information functions succeed.
    #[test]
    fn valid_distributions_are_accepted((p, q) in pair_of_distributions()) {
        prop_assert!(losses::entropy(&p).is_ok());
        prop_assert!(losses::cross_entropy(&p, &q).is_ok());
        prop_assert!(losses::kl_divergence(&p, &q).is_ok());
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed cases the properties above found (kept explicit, independent of proptest's seeds)
// ---------------------------------------------------------------------------------------------

/// p and q differing in the 12th digit, each summing to 1 only within a few ulp: the direct sum
/// came out at −4.8·10⁻¹⁸.
#[test]
fn kl_divergence_of_nearly_equal_distributions_is_not_negative() {
    let p = [0.9999918262208336_f64, 8.173779166350666e-6];
    let q = [0.9999918262208336_f64, 8.173779166355464e-6];
    assert!(losses::kl_divergence(&p, &q).unwrap() >= 0.0);
}

/// γ·x_t near 10¹⁶⁷ made the low part of the exponent larger than 709, and e^(−E_hi)·e^(−E_lo)
/// was 0·∞ = NaN; at x_t near f64::MAX the product γ·x_t itself overflowed.
#[test]
fn focal_loss_and_gradient_at_huge_logits_are_zero_not_nan() {
    for x in [1.2333822057773575e167_f64, 4.729865562221019e284, f64::MAX] {
        for gamma in [0.5, 4.182297158262189, 10.0] {
            let params = FocalParams::new(gamma).unwrap();
            assert_eq!(losses::focal_loss_with_logits(x, Label::Positive, params).unwrap(), 0.0);
            assert_eq!(losses::focal_loss_with_logits_grad(x, Label::Positive, params).unwrap(), 0.0);
            // The wrong label there: loss x (finite), gradient −y = +1.
            assert_eq!(losses::focal_loss_with_logits(x, Label::Negative, params).unwrap(), x);
            assert_eq!(losses::focal_loss_with_logits_grad(x, Label::Negative, params).unwrap(), 1.0);
        }
    }
}

/// Logits ±f64::MAX: z_i − max overflows to −∞ and TwoSum's low part was ∞ − ∞.
#[test]
fn softmax_of_logits_at_the_ends_of_the_range() {
    let z = [f64::MAX, -f64::MAX, 0.0];
    assert_eq!(losses::softmax(&z).unwrap(), vec![1.0, 0.0, 0.0]);
    assert_eq!(losses::softmax_cross_entropy_grad(&z, 1).unwrap(), vec![1.0, -1.0, 0.0]);
    assert_eq!(losses::softmax_cross_entropy(&z, 0).unwrap(), 0.0);
    assert_eq!(losses::softmax_cross_entropy(&z, 2).unwrap(), f64::MAX);
    assert_eq!(losses::softmax_cross_entropy(&z, 1).unwrap(), f64::INFINITY); // 2·MAX: overflows, honestly
    let z32 = [1.2678476e38_f32, f32::MAX];
    assert_eq!(losses::softmax_cross_entropy_grad(&z32, 0).unwrap(), vec![-1.0, 1.0]);
}

/// Least squares at the ends of the range: squares of deviations used to overflow (NaN fit) or
/// underflow (a "constant predictor" that was not constant).
#[test]
fn simple_linear_regression_at_extreme_magnitudes() {
    let fit = losses::simple_linear_regression(&[f64::MAX, -f64::MAX], &[f64::MAX, -f64::MAX]).unwrap();
    assert_eq!((fit.intercept, fit.slope), (0.0, 1.0));
    let fit = losses::simple_linear_regression(&[1e-200_f64, 2e-200, 3e-200], &[1.0, 2.0, 3.0]).unwrap();
    assert!((fit.slope / 1e200 - 1.0).abs() < 1e-15 && fit.intercept.abs() < 1e-15, "{fit:?}");
    let fit =
        losses::simple_linear_regression(&[-1.0602224e38_f32, -0.0, 0.0, -0.0], &[0.0, 0.0, 26.994948, 0.0]).unwrap();
    assert!(fit.slope.is_finite() && fit.intercept.is_finite(), "{fit:?}");
    // Ordinary data: the exact line, bit for bit.
    let fit = losses::simple_linear_regression(&[0.0_f64, 1.0, 2.0, 3.0], &[1.0, 3.0, 5.0, 7.0]).unwrap();
    assert_eq!((fit.intercept, fit.slope), (1.0, 2.0));
    let fit = losses::simple_linear_regression(&[-3.0_f32, 5.0, 7.0], &[10.0, -6.0, -10.0]).unwrap();
    assert_eq!((fit.intercept, fit.slope), (4.0, -2.0));
}

proptest! {
    /// Rescaling the data by powers of two rescales the least-squares fit exactly (bit for bit):
    /// the fit is computed on data scaled by powers of two internally, so nothing depends on where
    /// in the exponent range the data sit — until the true result leaves the range.
    #[test]
    fn least_squares_commutes_with_power_of_two_scaling(
        data in prop::collection::vec((-1e3..1e3_f64, -1e3..1e3_f64), 2..20),
        kx in -900i32..900,
        ky in -900i32..900,
    ) {
        let (x, y): (Vec<f64>, Vec<f64>) = data.into_iter().unzip();
        let Ok(fit) = losses::simple_linear_regression(&x, &y) else { return Ok(()) };
        let (sx, sy) = (2f64.powi(kx), 2f64.powi(ky));
        let xs: Vec<f64> = x.iter().map(|v| v * sx).collect();
        let ys: Vec<f64> = y.iter().map(|v| v * sy).collect();
        let scaled = losses::simple_linear_regression(&xs, &ys).unwrap();
        let expected_slope = fit.slope * sy / sx;
        prop_assume!(expected_slope.is_normal() && (fit.intercept * sy).is_normal());
        prop_assert_eq!(scaled.slope, expected_slope);
        prop_assert_eq!(scaled.intercept, fit.intercept * sy);
    }
}

fn check_batch_is_scalar<F: LossFloat>(
    batch: &[(f64, Label)],
    gamma: f64,
    alpha: Option<f64>,
) -> Result<(), TestCaseError> {
    let logits: Vec<F> = batch.iter().map(|b| F::from_f64(b.0)).collect();
    let targets: Vec<F> = batch.iter().map(|b| b.1.indicator()).collect();
    let params = match alpha {
        None => FocalParams::new(F::from_f64(gamma)).unwrap(),
        Some(a) => FocalParams::balanced(F::from_f64(gamma), F::from_f64(a)).unwrap(),
    };
    let losses = losses::focal_loss_with_logits_batch(&logits, &targets, params, Reduction::None).unwrap();
    let grads = losses::focal_loss_with_logits_grad_batch(&logits, &targets, params, Reduction::Sum).unwrap();
    for (i, (&x, &(_, label))) in logits.iter().zip(batch).enumerate() {
        let loss = losses::focal_loss_with_logits(x, label, params).unwrap();
        let grad = losses::focal_loss_with_logits_grad(x, label, params).unwrap();
        prop_assert!(
            losses.per_example().unwrap()[i] == loss || loss.is_nan(),
            "loss {}: {:?} vs {:?}",
            i,
            losses,
            loss
        );
        prop_assert_eq!(grads[i], grad, "grad {}", i);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The batch functions evaluate in chunks (for speed); every element must still be bit for bit
    /// what the scalar function returns, across chunk boundaries, for integer and other γ.
    #[test]
    fn focal_batches_are_the_scalar_functions_element_by_element(
        batch in prop::collection::vec((logit_with_infinities(), label()), 1..300),
        gamma in prop_oneof![Just(0.0), Just(1.0), Just(2.0), Just(5.0), 0.0..10.0_f64],
        alpha in prop_oneof![Just(None), (0.0..=1.0_f64).prop_map(Some)],
    ) {
        check_batch_is_scalar::<f64>(&batch, gamma, alpha)?;
        check_batch_is_scalar::<f32>(&batch, gamma, alpha)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// f32 results are the f64 results rounded, to within 2 f32 ulp, for every γ (the reference
    /// table has γ ∈ {0, ½, 1, 2, 5}; f32 takes a different code path for other γ) and both labels.
    /// The f64 values are within a few f64 ulp of exact, so this bounds the f32 error.
    #[test]
    fn f32_focal_loss_is_the_f64_one_rounded(
        x in -100.0..100.0_f32,
        label in label(),
        gamma in prop_oneof![0.0..10.0_f32, Just(0.1), Just(0.2), Just(0.5), Just(1.5), Just(2.0)],
        alpha in prop_oneof![Just(None), (0.0..=1.0_f32).prop_map(Some)],
    ) {
        let p32 = match alpha {
            None => FocalParams::new(gamma).unwrap(),
            Some(a) => FocalParams::balanced(gamma, a).unwrap(),
        };
        let p64 = match alpha {
            None => FocalParams::new(f64::from(gamma)).unwrap(),
            Some(a) => FocalParams::balanced(f64::from(gamma), f64::from(a)).unwrap(),
        };
        let pairs = [
            (losses::focal_loss_with_logits(x, label, p32).unwrap(), losses::focal_loss_with_logits(f64::from(x), label, p64).unwrap()),
            (losses::focal_loss_with_logits_grad(x, label, p32).unwrap(), losses::focal_loss_with_logits_grad(f64::from(x), label, p64).unwrap()),
        ];
        for (single, double) in pairs {
            // Measured against the f64 value, in f32 ulps (below the normal f32 range, in units of
            // the smallest f32 subnormal).
            let ulps = reference::ulp_distance(f64::from(single), double, 0.0, reference::Precision::F32);
            prop_assert!(ulps <= 2.0, "x = {x}, γ = {gamma}: f32 {single:e} vs f64 {double:e}: {ulps} ulp");
        }
    }
}
