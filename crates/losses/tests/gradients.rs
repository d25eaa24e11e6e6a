//! Every closed-form gradient of the crate, checked two independent ways over a grid of logits:
//!
//! 1. against **forward-mode automatic differentiation**: the crate's own generic *loss* function is
//!    evaluated on `num_dual::Dual64::new(x, 1.0)` and its `.eps` part is dL/dx, exact calculus
//!    carried alongside the value (no step size, no truncation error). The closed form and the
//!    dual derivative are computed by different formulas (e.g. dFL/dx = −y σ(−x_t)^γ (γ p_t CE +
//!    σ(−x_t)) versus the product rule through exp, ln_1p and the hi/lo exponent split), so they
//!    agree to a few ulp only if both are right. Grid: −30..30 in steps of ⅛ plus large logits up
//!    to ±f64::MAX.
//! 2. against **central finite differences** on −30..30 with a step chosen per point and an error
//!    bound derived below (`central_difference`).
//!
//! Gradients of batch functions are checked for every reduction by seeding one logit at a time.

use losses::{BinaryReduction, FocalParams, Label, LossFloat, Reduced, Reduction};
use num_dual::Dual64;
use reference::{Precision, ulp_distance};

type D = Dual64;

const EPS: f64 = f64::EPSILON;

/// Bound on |closed form − autodiff| in ulps of the autodiff derivative. The closed forms are
/// within 8 ulp of the exact derivative (the reference test); the dual derivative goes through a
/// chain of ~10 nearly-correctly-rounded operations (exp, ln_1p, products, a division), none of
/// them amplifying (every sum in both formulas adds terms of one sign, and the exponent
/// γ·softplus(x_t) is carried as hi + lo). 16 ulp leaves room for both (the worst observed is
/// 3 ulp, printed with `--nocapture`); a wrong formula — a wrong factor, a missing term — is off
/// by many orders of magnitude more.
const DUAL_BOUND_ULPS: f64 = 16.0;

/// Logits for the autodiff comparison: −30..30 by ⅛, and large values where the stable and the
/// naive formulas part ways (σ rounds to 1 at 36.74, e^x overflows at 709.78, the product γ·x
/// overflows near f64::MAX).
fn dual_grid() -> Vec<f64> {
    let mut xs: Vec<f64> = (-240..=240).map(|i| f64::from(i) / 8.0).collect();
    for v in [
        1e-300,
        1e-10,
        1e-3,
        0.3,
        36.74,
        37.0,
        40.0,
        50.0,
        100.0,
        500.0,
        700.0,
        709.78,
        745.0,
        800.0,
        1000.0,
        1e10,
        1e300,
        f64::MAX,
    ] {
        xs.push(v);
        xs.push(-v);
    }
    xs
}

/// Logits for the finite-difference comparison: −30..30 by ¼ and a few off-grid points.
fn fd_grid() -> Vec<f64> {
    let mut xs: Vec<f64> = (-120..=120).map(|i| f64::from(i) / 4.0).collect();
    xs.extend([1e-3, -1e-3, 0.1, -0.1, 0.7, -0.7, 3.3, -3.3, 17.7, -17.7]);
    xs
}

const GAMMAS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 5.0];
const ALPHAS: [Option<f64>; 2] = [None, Some(0.25)];
const LABELS: [Label; 2] = [Label::Positive, Label::Negative];

fn params<F: LossFloat>(gamma: f64, alpha: Option<f64>) -> FocalParams<F> {
    match alpha {
        None => FocalParams::new(F::from_f64(gamma)).unwrap(),
        Some(a) => FocalParams::balanced(F::from_f64(gamma), F::from_f64(a)).unwrap(),
    }
}

/// dL/dx by forward-mode autodiff of a scalar loss.
fn autodiff(loss: impl Fn(D) -> D, x: f64) -> f64 {
    loss(D::new(x, 1.0)).eps
}

/// Records the worst error of one family and fails with the point when it exceeds the bound.
#[derive(Default)]
struct Worst {
    ulps: f64,
    at: String,
    points: usize,
}

impl Worst {
    fn dual(&mut self, what: impl Fn() -> String, closed: f64, autodiff: f64) {
        assert!(closed.is_finite(), "{}: closed form {closed} is not finite", what());
        assert!(autodiff.is_finite(), "{}: autodiff {autodiff} is not finite", what());
        let ulps = ulp_distance(closed, autodiff, 0.0, Precision::F64);
        self.points += 1;
        if ulps > self.ulps {
            self.ulps = ulps;
            self.at = what();
        }
        assert!(
            ulps <= DUAL_BOUND_ULPS,
            "{}: closed form {closed:e} vs autodiff {autodiff:e}: {ulps:.1} ulp > {DUAL_BOUND_ULPS}",
            what()
        );
    }

    /// As [`Worst::dual`], but the error is measured in units of ε (absolute), for results that
    /// are differences of numbers of size ≤ 1.
    fn absolute(&mut self, what: impl Fn() -> String, closed: f64, autodiff: f64) {
        assert!(closed.is_finite() && autodiff.is_finite(), "{}: {closed} / {autodiff}", what());
        let units = (closed - autodiff).abs() / EPS;
        self.points += 1;
        if units > self.ulps {
            self.ulps = units;
            self.at = what();
        }
        assert!(units <= DUAL_BOUND_ULPS, "{}: closed form {closed:e} vs autodiff {autodiff:e}", what());
    }

    fn report(&self, name: &str) {
        assert!(self.points > 0, "{name}: nothing checked");
        println!("{name:<48} {:>6} points, worst {:>6.2} ulp at {}", self.points, self.ulps, self.at);
    }
}

// ---------------------------------------------------------------------------------------------
// Central finite differences
// ---------------------------------------------------------------------------------------------

/// Bound on the error of every f64 loss evaluation, relative: the reference test measures ≤ 4 ulp,
/// and one ulp is at most 2ε relative, so 8ε.
const LOSS_REL_ERROR: f64 = 8.0 * EPS;

/// The central difference D(h) = (f(x + h) − f(x − h)) / ((x + h) − (x − h)) with
/// h = ∛ε · max(1, |x|), and a bound on |D(h) − f′(x)|.
///
/// The step: the truncation error of D is f‴(ξ) h²/6, the rounding error is about
/// LOSS_REL_ERROR·|f|/h; h ∝ ∛ε balances them (both ∝ ε^(2/3)), scaled by |x| so that x ± h are
/// distinct floats for large x. Dividing by the *computed* (x + h) − (x − h) instead of 2h makes the
/// rounding of x ± h harmless: D is the exact slope between the two points actually evaluated.
///
/// The bound, a sum of two terms:
/// * truncation: D(h) = f′ + c h² + O(h⁴) and D(2h) = f′ + 4c h² + O(h⁴), so
///   |D(h) − f′| ≈ |D(2h) − D(h)| / 3 (Richardson). We allow |D(2h) − D(h)|, three times the
///   estimate, which also covers the O(h⁴) term and f‴ varying between ξ and x.
/// * rounding: each loss value is within LOSS_REL_ERROR of the truth, so the numerator is off by at
///   most LOSS_REL_ERROR·(|f(x+h)| + |f(x−h)|); the subtraction and division add 2ε|D|.
///
/// No other slack: a gradient that is wrong by more than this is rejected. (Away from the tails this
/// is ~1e-9 relative, so FD can confirm a formula, not its last digits — that is the autodiff
/// comparison's job.)
fn central_difference(f: impl Fn(f64) -> f64, x: f64) -> (f64, f64) {
    let h = EPS.cbrt() * x.abs().max(1.0);
    let slope = |h: f64| {
        let (right, left) = (x + h, x - h);
        let (fr, fl) = (f(right), f(left));
        assert!(fr.is_finite() && fl.is_finite(), "f({right}) = {fr}, f({left}) = {fl}");
        ((fr - fl) / (right - left), LOSS_REL_ERROR * (fr.abs() + fl.abs()) / (right - left))
    };
    let (d1, rounding1) = slope(h);
    let (d2, _) = slope(2.0 * h);
    let tolerance = (d2 - d1).abs() + rounding1 + 2.0 * EPS * d1.abs();
    (d1, tolerance)
}

/// Checks a closed-form derivative against the central difference of `f` at x.
fn assert_fd(what: impl Fn() -> String, f: impl Fn(f64) -> f64, x: f64, closed: f64) -> f64 {
    let (estimate, tolerance) = central_difference(f, x);
    let error = (closed - estimate).abs();
    assert!(
        error <= tolerance,
        "{}: closed form {closed:e}, central difference {estimate:e}: error {error:e} > tolerance {tolerance:e}",
        what()
    );
    // How tight the check was, relative to the gradient (for the report).
    tolerance / closed.abs().max(f64::MIN_POSITIVE)
}

// ---------------------------------------------------------------------------------------------
// Scalar binary losses
// ---------------------------------------------------------------------------------------------

#[test]
fn binary_cross_entropy_with_logits_grad_matches_autodiff_and_finite_differences() {
    let mut worst = Worst::default();
    let mut loosest_fd = 0.0_f64;
    for label in LABELS {
        for x in dual_grid() {
            let closed = losses::binary_cross_entropy_with_logits_grad(x, label).unwrap();
            let ad = autodiff(|x| losses::binary_cross_entropy_with_logits(x, label).unwrap(), x);
            worst.dual(|| format!("{label:?} x = {x}"), closed, ad);
        }
        for x in fd_grid() {
            let closed = losses::binary_cross_entropy_with_logits_grad(x, label).unwrap();
            let f = |x| losses::binary_cross_entropy_with_logits(x, label).unwrap();
            loosest_fd = loosest_fd.max(assert_fd(|| format!("{label:?} x = {x}"), f, x, closed));
        }
    }
    worst.report("binary_cross_entropy_with_logits_grad");
    println!("  finite differences: loosest tolerance {loosest_fd:.1e} relative");
}

#[test]
fn balanced_cross_entropy_with_logits_grad_matches_autodiff_and_finite_differences() {
    let mut worst = Worst::default();
    for alpha in [0.25, 0.5, 0.9] {
        for label in LABELS {
            for x in dual_grid() {
                let closed = losses::balanced_cross_entropy_with_logits_grad(x, label, alpha).unwrap();
                let ad =
                    autodiff(|x| losses::balanced_cross_entropy_with_logits(x, label, D::from_re(alpha)).unwrap(), x);
                worst.dual(|| format!("α = {alpha} {label:?} x = {x}"), closed, ad);
            }
            for x in fd_grid() {
                let closed = losses::balanced_cross_entropy_with_logits_grad(x, label, alpha).unwrap();
                let f = |x| losses::balanced_cross_entropy_with_logits(x, label, alpha).unwrap();
                assert_fd(|| format!("α = {alpha} {label:?} x = {x}"), f, x, closed);
            }
        }
    }
    worst.report("balanced_cross_entropy_with_logits_grad");
}

#[test]
fn focal_loss_with_logits_grad_matches_autodiff_and_finite_differences() {
    for gamma in GAMMAS {
        for alpha in ALPHAS {
            let mut worst = Worst::default();
            let mut loosest_fd = 0.0_f64;
            for label in LABELS {
                for x in dual_grid() {
                    let closed = losses::focal_loss_with_logits_grad(x, label, params(gamma, alpha)).unwrap();
                    let ad = autodiff(|x| losses::focal_loss_with_logits(x, label, params(gamma, alpha)).unwrap(), x);
                    worst.dual(|| format!("{label:?} x = {x}"), closed, ad);
                }
                for x in fd_grid() {
                    let closed = losses::focal_loss_with_logits_grad(x, label, params(gamma, alpha)).unwrap();
                    let f = |x| losses::focal_loss_with_logits(x, label, params(gamma, alpha)).unwrap();
                    let what = || format!("γ = {gamma} α = {alpha:?} {label:?} x = {x}");
                    loosest_fd = loosest_fd.max(assert_fd(what, f, x, closed));
                }
            }
            worst.report(&format!("focal_loss_with_logits_grad γ = {gamma} α = {alpha:?}"));
            println!("  finite differences: loosest tolerance {loosest_fd:.1e} relative");
        }
    }
}

/// The f32 gradients against the f64 autodiff derivative at the same (f32) logit: the closed form
/// is evaluated in single precision, so the bound is in f32 ulps.
#[test]
fn f32_gradients_match_f64_autodiff() {
    let xs: Vec<f32> = dual_grid().into_iter().map(|x| x as f32).filter(|x| x.is_finite()).collect();
    let mut worst = 0.0_f64;
    for label in LABELS {
        for &x in &xs {
            let xd = f64::from(x);
            let check = |what: &str, closed: f32, ad: f64| {
                let closed = f64::from(closed);
                let ulps = ulp_distance(closed, ad, 0.0, Precision::F32);
                assert!(ulps <= DUAL_BOUND_ULPS, "{what} {label:?} x = {x}: f32 {closed:e} vs autodiff {ad:e}");
                ulps
            };
            let closed = losses::binary_cross_entropy_with_logits_grad(x, label).unwrap();
            let ad = autodiff(|x| losses::binary_cross_entropy_with_logits(x, label).unwrap(), xd);
            worst = worst.max(check("bce", closed, ad));
            for gamma in GAMMAS {
                for alpha in ALPHAS {
                    let closed = losses::focal_loss_with_logits_grad(x, label, params::<f32>(gamma, alpha)).unwrap();
                    let ad = autodiff(|x| losses::focal_loss_with_logits(x, label, params(gamma, alpha)).unwrap(), xd);
                    worst = worst.max(check(&format!("focal γ = {gamma} α = {alpha:?}"), closed, ad));
                }
            }
        }
    }
    println!("f32 gradients vs f64 autodiff: worst {worst:.2} f32 ulp");
}

// ---------------------------------------------------------------------------------------------
// Batch binary losses, every reduction
// ---------------------------------------------------------------------------------------------

const REDUCTIONS: [BinaryReduction; 4] =
    [BinaryReduction::None, BinaryReduction::Sum, BinaryReduction::Mean, BinaryReduction::SumOverPositives];

/// A batch with both labels, logits of both signs, a confident correct and a confident wrong example.
const BATCH_LOGITS: [f64; 8] = [-3.5, 0.0, 0.25, 2.0, 40.0, -40.0, 7.5, -0.75];
const BATCH_TARGETS: [f64; 8] = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0];

/// d(reduced loss)/d logits[i] by autodiff: seed logit i, read the total (or example i for `None`).
fn batch_autodiff(loss: impl Fn(&[D], &[D]) -> Reduced<D>, logits: &[f64], targets: &[f64], i: usize) -> f64 {
    let seeded: Vec<D> = logits.iter().enumerate().map(|(j, &x)| D::new(x, if i == j { 1.0 } else { 0.0 })).collect();
    let targets: Vec<D> = targets.iter().map(|&t| D::from_re(t)).collect();
    match loss(&seeded, &targets) {
        Reduced::Total(total) => total.eps,
        Reduced::PerExample(values) => {
            // Example j's loss depends on logit j only.
            for (j, v) in values.iter().enumerate() {
                if j != i {
                    assert_eq!(v.eps, 0.0, "example {j} depends on logit {i}");
                }
            }
            values[i].eps
        }
    }
}

/// The reduced loss as a function of logit i alone (for finite differences).
fn batch_value(
    loss: impl Fn(&[f64], &[f64]) -> Reduced<f64>,
    logits: &[f64],
    targets: &[f64],
    i: usize,
    x: f64,
) -> f64 {
    let mut moved = logits.to_vec();
    moved[i] = x;
    match loss(&moved, targets) {
        Reduced::Total(total) => total,
        Reduced::PerExample(values) => values[i],
    }
}

#[test]
fn binary_cross_entropy_with_logits_grad_batch_matches_autodiff_for_every_reduction() {
    for reduction in REDUCTIONS {
        let mut worst = Worst::default();
        let closed =
            losses::binary_cross_entropy_with_logits_grad_batch(&BATCH_LOGITS, &BATCH_TARGETS, reduction).unwrap();
        assert_eq!(closed.len(), BATCH_LOGITS.len());
        for (i, &g) in closed.iter().enumerate() {
            let loss = |z: &[D], t: &[D]| losses::binary_cross_entropy_with_logits_batch(z, t, reduction).unwrap();
            worst.dual(|| format!("logit {i}"), g, batch_autodiff(loss, &BATCH_LOGITS, &BATCH_TARGETS, i));
            let f = |x| {
                let loss =
                    |z: &[f64], t: &[f64]| losses::binary_cross_entropy_with_logits_batch(z, t, reduction).unwrap();
                batch_value(loss, &BATCH_LOGITS, &BATCH_TARGETS, i, x)
            };
            assert_fd(|| format!("{reduction:?} logit {i}"), f, BATCH_LOGITS[i], g);
        }
        worst.report(&format!("binary_cross_entropy_with_logits_grad_batch {reduction:?}"));
    }
}

#[test]
fn focal_loss_with_logits_grad_batch_matches_autodiff_for_every_reduction() {
    for gamma in GAMMAS {
        for alpha in ALPHAS {
            for reduction in REDUCTIONS {
                let mut worst = Worst::default();
                let closed = losses::focal_loss_with_logits_grad_batch(
                    &BATCH_LOGITS,
                    &BATCH_TARGETS,
                    params(gamma, alpha),
                    reduction,
                )
                .unwrap();
                for (i, &g) in closed.iter().enumerate() {
                    let loss = |z: &[D], t: &[D]| {
                        losses::focal_loss_with_logits_batch(z, t, params(gamma, alpha), reduction).unwrap()
                    };
                    worst.dual(|| format!("logit {i}"), g, batch_autodiff(loss, &BATCH_LOGITS, &BATCH_TARGETS, i));
                    let f = |x| {
                        let loss = |z: &[f64], t: &[f64]| {
                            losses::focal_loss_with_logits_batch(z, t, params(gamma, alpha), reduction).unwrap()
                        };
                        batch_value(loss, &BATCH_LOGITS, &BATCH_TARGETS, i, x)
                    };
                    assert_fd(|| format!("γ = {gamma} α = {alpha:?} {reduction:?} logit {i}"), f, BATCH_LOGITS[i], g);
                }
                worst.report(&format!("focal grad_batch γ = {gamma} α = {alpha:?} {reduction:?}"));
            }
        }
    }
}

#[test]
fn batch_gradients_are_the_scalar_gradients_divided_by_the_reduction() {
    let n = BATCH_LOGITS.len() as f64;
    let positives = BATCH_TARGETS.iter().filter(|&&t| t == 1.0).count() as f64;
    let params = FocalParams::retinanet();
    for (reduction, divisor) in [
        (BinaryReduction::None, 1.0),
        (BinaryReduction::Sum, 1.0),
        (BinaryReduction::Mean, n),
        (BinaryReduction::SumOverPositives, positives),
    ] {
        let bce =
            losses::binary_cross_entropy_with_logits_grad_batch(&BATCH_LOGITS, &BATCH_TARGETS, reduction).unwrap();
        let fl = losses::focal_loss_with_logits_grad_batch(&BATCH_LOGITS, &BATCH_TARGETS, params, reduction).unwrap();
        for i in 0..BATCH_LOGITS.len() {
            let label = Label::from_indicator(BATCH_TARGETS[i]).unwrap();
            let x = BATCH_LOGITS[i];
            assert_eq!(bce[i], losses::binary_cross_entropy_with_logits_grad(x, label).unwrap() / divisor);
            assert_eq!(fl[i], losses::focal_loss_with_logits_grad(x, label, params).unwrap() / divisor);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Softmax cross-entropy
// ---------------------------------------------------------------------------------------------

fn softmax_rows() -> Vec<Vec<f64>> {
    vec![
        vec![0.0, 0.0],
        vec![1.0, 2.0, 3.0],
        vec![-30.0, 0.0, 30.0],
        vec![0.5, -1.25, 2.0, 0.0, -0.1],
        vec![10.0, 9.0, -4.0, 3.0],
        vec![1000.0, 999.0, -1000.0],
        vec![-1000.0, 1000.0, 0.0],
        vec![1e8, 1e8, 1e8],
        vec![1e300, -1e300],
        vec![f64::MAX, -f64::MAX, 0.0],
    ]
}

/// Seeds z_j and returns the derivative of `loss` (a function of the whole row), or `None` where
/// the loss itself is +∞ (a logit gap beyond f64::MAX), which has no derivative to compare with.
fn row_autodiff(loss: impl Fn(&[D]) -> D, z: &[f64], j: usize) -> Option<f64> {
    let seeded: Vec<D> = z.iter().enumerate().map(|(i, &v)| D::new(v, if i == j { 1.0 } else { 0.0 })).collect();
    let value = loss(&seeded);
    if value.re.is_infinite() { None } else { Some(value.eps) }
}

fn row_fd_ok(z: &[f64]) -> bool {
    z.iter().all(|v| v.abs() <= 30.0)
}

#[test]
fn softmax_cross_entropy_grad_matches_autodiff_and_finite_differences() {
    let mut worst = Worst::default();
    for z in softmax_rows() {
        for class in 0..z.len() {
            let closed = losses::softmax_cross_entropy_grad(&z, class).unwrap();
            assert_eq!(closed.len(), z.len());
            for (j, &g) in closed.iter().enumerate() {
                assert!(g.is_finite(), "z = {z:?} class {class} ∂/∂z{j} = {g}");
                if let Some(ad) = row_autodiff(|z| losses::softmax_cross_entropy(z, class).unwrap(), &z, j) {
                    worst.dual(|| format!("z = {z:?} class {class} ∂/∂z{j}"), g, ad);
                }
                if row_fd_ok(&z) {
                    let f = |v| {
                        let mut moved = z.clone();
                        moved[j] = v;
                        losses::softmax_cross_entropy(&moved, class).unwrap()
                    };
                    assert_fd(|| format!("z = {z:?} class {class} ∂/∂z{j}"), f, z[j], g);
                }
            }
        }
    }
    worst.report("softmax_cross_entropy_grad");
}

#[test]
fn softmax_cross_entropy_soft_grad_matches_autodiff_and_finite_differences() {
    let targets: [&[f64]; 4] =
        [&[0.2, 0.3, 0.5], &[0.0, 1.0, 0.0], &[0.5, 0.0, 0.5], &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]];
    let mut worst = Worst::default();
    for z in softmax_rows().into_iter().filter(|z| z.len() == 3) {
        for t in targets {
            let closed = losses::softmax_cross_entropy_soft_grad(&z, t).unwrap();
            for (j, &g) in closed.iter().enumerate() {
                let td: Vec<D> = t.iter().map(|&v| D::from_re(v)).collect();
                assert!(g.is_finite(), "z = {z:?} t = {t:?} ∂/∂z{j} = {g}");
                // softmax(z) − t is formed by a subtraction (documented), so where softmax_j ≈ t_j the
                // result carries an absolute error of ε·max(softmax_j, t_j) ≤ ε: measured in ε, not
                // in ulps of the (possibly tiny) difference.
                if let Some(ad) = row_autodiff(|z| losses::softmax_cross_entropy_soft(z, &td).unwrap(), &z, j) {
                    worst.absolute(|| format!("z = {z:?} t = {t:?} ∂/∂z{j}"), g, ad);
                }
                if row_fd_ok(&z) {
                    let f = |v| {
                        let mut moved = z.clone();
                        moved[j] = v;
                        losses::softmax_cross_entropy_soft(&moved, t).unwrap()
                    };
                    assert_fd(|| format!("z = {z:?} t = {t:?} ∂/∂z{j}"), f, z[j], g);
                }
            }
        }
    }
    worst.report("softmax_cross_entropy_soft_grad (absolute)");
}

#[test]
fn softmax_cross_entropy_grad_batch_matches_autodiff_for_every_reduction() {
    let logits = [
        1.0, 2.0, 3.0, /* row 1 */ -30.0, 0.0, 30.0, /* row 2 */ 1000.0, 999.0, -1000.0,
        /* row 3 */ 0.0, 0.0, 0.0,
    ];
    let classes = [2, 0, 1, 1];
    for reduction in [Reduction::None, Reduction::Sum, Reduction::Mean] {
        let mut worst = Worst::default();
        let closed = losses::softmax_cross_entropy_grad_batch(&logits, 3, &classes, reduction).unwrap();
        assert_eq!(closed.len(), logits.len());
        for (i, &g) in closed.iter().enumerate() {
            let seeded: Vec<D> =
                logits.iter().enumerate().map(|(j, &v)| D::new(v, if i == j { 1.0 } else { 0.0 })).collect();
            let ad = match losses::softmax_cross_entropy_batch(&seeded, 3, &classes, reduction).unwrap() {
                Reduced::Total(total) => total.eps,
                Reduced::PerExample(rows) => rows[i / 3].eps,
            };
            worst.dual(|| format!("{reduction:?} logit {i}"), g, ad);
        }
        worst.report(&format!("softmax_cross_entropy_grad_batch {reduction:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Mean squared error
// ---------------------------------------------------------------------------------------------

#[test]
fn mean_squared_error_grad_matches_autodiff_and_finite_differences() {
    let cases: [(&[f64], &[f64]); 3] = [
        (&[1.0, 2.0, 3.0], &[1.5, 2.0, 2.0]),
        (&[0.1, -7.0, 1e3, 4.25, 0.0], &[0.3, -6.5, 999.0, 4.0, -1e-3]),
        (&[1e8], &[1e8 + 2.0]),
    ];
    let mut worst = Worst::default();
    for (y, y_hat) in cases {
        let closed = losses::mean_squared_error_grad(y, y_hat).unwrap();
        for (j, &g) in closed.iter().enumerate() {
            let yd: Vec<D> = y.iter().map(|&v| D::from_re(v)).collect();
            let ad = row_autodiff(|yh| losses::mean_squared_error(&yd, yh).unwrap(), y_hat, j).unwrap();
            if g == 0.0 {
                assert_eq!(ad, 0.0);
                continue;
            }
            worst.dual(|| format!("y = {y:?} ŷ = {y_hat:?} ∂/∂ŷ{j}"), g, ad);
            let f = |v| {
                let mut moved = y_hat.to_vec();
                moved[j] = v;
                losses::mean_squared_error(y, &moved).unwrap()
            };
            assert_fd(|| format!("y = {y:?} ŷ = {y_hat:?} ∂/∂ŷ{j}"), f, y_hat[j], g);
        }
    }
    worst.report("mean_squared_error_grad");
}

// ---------------------------------------------------------------------------------------------
// The checks have teeth
// ---------------------------------------------------------------------------------------------

/// A gradient that is slightly wrong must be rejected, or the checks above prove nothing.
#[test]
fn the_checks_reject_slightly_wrong_gradients() {
    let mut fd_rejected = 0;
    let mut dual_rejected = 0;
    let mut points = 0;
    let params = FocalParams::new(2.0).unwrap();
    for label in LABELS {
        for x in fd_grid() {
            let g = losses::focal_loss_with_logits_grad(x, label, params).unwrap();
            // A gradient off by one part in a million (a wrong constant, a term slightly off).
            let wrong = g * (1.0 + 1e-6);
            let f = |x| losses::focal_loss_with_logits(x, label, params).unwrap();
            let (estimate, tolerance) = central_difference(f, x);
            points += 1;
            fd_rejected += usize::from((wrong - estimate).abs() > tolerance);
            let ad = autodiff(
                |x| losses::focal_loss_with_logits(x, label, FocalParams::new(D::from_re(2.0)).unwrap()).unwrap(),
                x,
            );
            dual_rejected += usize::from(ulp_distance(wrong, ad, 0.0, Precision::F64) > DUAL_BOUND_ULPS);
        }
    }
    // Autodiff resolves a 10⁻⁶ error everywhere; finite differences nearly everywhere (where the
    // loss is large and the gradient tiny the rounding term dominates).
    assert_eq!(dual_rejected, points, "autodiff let a 1e-6 relative error through");
    assert!(fd_rejected * 10 >= points * 9, "finite differences rejected only {fd_rejected}/{points}");
    println!(
        "a 1e-6 relative error is caught by autodiff at {dual_rejected}/{points}, by FD at {fd_rejected}/{points} points"
    );
}

/// The paper's form of the gradient, y(1 − p_t)^γ(γ p_t ln p_t + p_t − 1) evaluated literally, is
/// right where it does not cancel: it agrees with the crate's closed form for |x| ≤ 10.
#[test]
fn closed_form_agrees_with_the_papers_formula_where_that_is_accurate() {
    for gamma in GAMMAS {
        for label in LABELS {
            for x in fd_grid().into_iter().filter(|x| x.abs() <= 10.0) {
                let y: f64 = label.sign();
                let paper = losses::naive::focal_loss_with_logits_grad(x, y, gamma);
                let closed = losses::focal_loss_with_logits_grad(x, label, FocalParams::new(gamma).unwrap()).unwrap();
                // 1 − p_t by subtraction loses ≈ log2(1/(1 − p_t)) ≤ 15 bits at |x| = 10.
                assert!(
                    (paper - closed).abs() <= 1e-10 * closed.abs(),
                    "γ = {gamma} {label:?} x = {x}: {paper:e} vs {closed:e}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// K-class focal losses
// ---------------------------------------------------------------------------------------------

fn softmax_focal_params(gamma: f64, alpha_c: Option<f64>, k: usize, class: usize) -> losses::SoftmaxFocalParams<f64> {
    match alpha_c {
        None => losses::SoftmaxFocalParams::new(gamma).unwrap(),
        Some(a) => {
            let mut alpha = vec![0.5; k];
            alpha[class] = a;
            losses::SoftmaxFocalParams::balanced(gamma, &alpha).unwrap()
        }
    }
}

fn dual_params(params: &losses::SoftmaxFocalParams<f64>) -> losses::SoftmaxFocalParams<D> {
    let gamma = D::from_re(params.gamma());
    match params.alpha() {
        None => losses::SoftmaxFocalParams::new(gamma).unwrap(),
        Some(alpha) => {
            let alpha: Vec<D> = alpha.iter().map(|&a| D::from_re(a)).collect();
            losses::SoftmaxFocalParams::balanced(gamma, &alpha).unwrap()
        }
    }
}

/// The softmax focal loss written another way, for autodiff: α_c (−expm1(ln p_c))^γ (−ln p_c), with
/// ln p_c from the crate's `log_softmax`. Its dual derivative involves no subtraction of nearly
/// equal derivatives: d(1 − p_c)/dz_j = p_c p_j comes out of expm1's derivative directly. (The dual
/// derivative of the crate's own loss goes through 1 − p_c = A / S, whose derivative
/// (dA·S − A·dS)/S² cancels where p_c is small: at z = (−30, 0, 30), class 1, it is off by up to
/// 68 ulp while the closed form is within 1 ulp of a 300-bit mpmath value. Autodiff of that form
/// is used below only as a check of the formula, to 10⁻¹⁰.)
fn softmax_focal_by_expm1(z: &[D], class: usize, gamma: f64, alpha_c: f64) -> D {
    let log_p = losses::log_softmax(z).unwrap()[class];
    let complement = -log_p.exp_m1();
    let factor = if gamma == 0.0 { D::from_re(1.0) } else { complement.powf(D::from_re(gamma)) };
    factor * (-log_p) * alpha_c
}

#[test]
fn softmax_focal_loss_grad_matches_autodiff_and_finite_differences() {
    let mut worst = Worst::default();
    for z in softmax_rows() {
        for class in 0..z.len() {
            for gamma in GAMMAS {
                for alpha in ALPHAS {
                    let params = softmax_focal_params(gamma, alpha, z.len(), class);
                    let closed = losses::softmax_focal_loss_grad(&z, class, &params).unwrap();
                    assert_eq!(closed.len(), z.len());
                    let dual = dual_params(&params);
                    let what = |j: usize| format!("z = {z:?} class {class} γ = {gamma} α = {alpha:?} ∂/∂z{j}");
                    for (j, &g) in closed.iter().enumerate() {
                        assert!(g.is_finite(), "{}: {g}", what(j));
                        let alpha_c = alpha.unwrap_or(1.0);
                        let by_expm1 = |z: &[D]| softmax_focal_by_expm1(z, class, gamma, alpha_c);
                        // Where p_c rounds to 1, (1 − p_c)^γ has no derivative for γ < 1 in this form.
                        let complement = -losses::log_softmax(&z).unwrap()[class].exp_m1();
                        if let (Some(ad), true) = (row_autodiff(by_expm1, &z, j), complement > 0.0 || gamma >= 1.0) {
                            if g == 0.0 || ad == 0.0 {
                                // Underflow on one side (e.g. (1 − p_c)^γ below 2⁻¹⁰⁷⁴): both must be tiny.
                                assert!(g.abs() < 1e-300 && ad.abs() < 1e-300, "{}: {g:e} vs {ad:e}", what(j));
                            } else {
                                worst.dual(|| what(j), g, ad);
                            }
                        }
                        if let Some(own) = row_autodiff(|z| losses::softmax_focal_loss(z, class, &dual).unwrap(), &z, j)
                        {
                            assert!((own - g).abs() <= 1e-10 * g.abs() + 1e-300, "{}: {g:e} vs {own:e}", what(j));
                        }
                        if row_fd_ok(&z) {
                            let f = |v| {
                                let mut moved = z.clone();
                                moved[j] = v;
                                losses::softmax_focal_loss(&moved, class, &params).unwrap()
                            };
                            assert_fd(|| what(j), f, z[j], g);
                        }
                    }
                }
            }
        }
    }
    worst.report("softmax_focal_loss_grad");
}

#[test]
fn softmax_focal_loss_grad_batch_matches_autodiff_for_every_reduction() {
    let logits = [
        1.0, 2.0, 3.0, /* row 1 */ -30.0, 0.0, 30.0, /* row 2 */ 1000.0, 999.0, -1000.0,
        /* row 3 */ 0.0, 0.0, 0.0,
    ];
    let classes = [2, 0, 1, 1];
    let params = losses::SoftmaxFocalParams::balanced(2.0, &[0.25, 0.5, 0.75]).unwrap();
    let dual = dual_params(&params);
    for reduction in [Reduction::None, Reduction::Sum, Reduction::Mean] {
        let mut worst = Worst::default();
        let closed = losses::softmax_focal_loss_grad_batch(&logits, 3, &classes, &params, reduction).unwrap();
        for (i, &g) in closed.iter().enumerate() {
            let seeded: Vec<D> =
                logits.iter().enumerate().map(|(j, &v)| D::new(v, if i == j { 1.0 } else { 0.0 })).collect();
            let ad = match losses::softmax_focal_loss_batch(&seeded, 3, &classes, &dual, reduction).unwrap() {
                Reduced::Total(total) => total.eps,
                Reduced::PerExample(rows) => rows[i / 3].eps,
            };
            if g == 0.0 || ad == 0.0 {
                assert!(g.abs() < 1e-300 && ad.abs() < 1e-300, "{reduction:?} logit {i}: {g:e} vs {ad:e}");
            } else {
                worst.dual(|| format!("{reduction:?} logit {i}"), g, ad);
            }
        }
        worst.report(&format!("softmax_focal_loss_grad_batch {reduction:?}"));
    }
}

#[test]
fn sigmoid_focal_loss_grad_is_the_binary_gradient_and_matches_autodiff() {
    let mut worst = Worst::default();
    for z in softmax_rows() {
        for class in (0..z.len()).map(Some).chain([None]) {
            for gamma in GAMMAS {
                for alpha in ALPHAS {
                    let p: FocalParams<f64> = params(gamma, alpha);
                    let closed = losses::sigmoid_focal_loss_grad(&z, class, p).unwrap();
                    for (j, &g) in closed.iter().enumerate() {
                        let label = if class == Some(j) { Label::Positive } else { Label::Negative };
                        assert_eq!(g, losses::focal_loss_with_logits_grad(z[j], label, p).unwrap());
                        let pd: FocalParams<D> = params(gamma, alpha);
                        if let Some(ad) = row_autodiff(|z| losses::sigmoid_focal_loss(z, class, pd).unwrap(), &z, j) {
                            let what = || format!("z = {z:?} class {class:?} γ = {gamma} α = {alpha:?} ∂/∂z{j}");
                            if g == 0.0 || ad == 0.0 {
                                assert!(g.abs() < 1e-300 && ad.abs() < 1e-300, "{}: {g:e} vs {ad:e}", what());
                            } else {
                                worst.dual(what, g, ad);
                            }
                        }
                    }
                }
            }
        }
    }
    worst.report("sigmoid_focal_loss_grad");
}
