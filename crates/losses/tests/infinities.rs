//! The ±∞ policy (see the `binary` and `multiclass` module docs), pinned.
//!
//! Binary losses: a logit of ±∞ is a legitimate limit. With x_t = y·x (y = ±1):
//! x_t = +∞ (certain and right): loss 0, gradient 0;
//! x_t = −∞ (certain and wrong): loss +∞, gradient −y·α_t (finite: the limit of the slope).
//! Softmax: a −∞ logit masks its class (probability 0); a +∞ logit is an error.
//! The textbook formulas give NaN at the same points.

use losses::{FocalParams, Label, LossError, LossFloat, Reduced, Reduction, naive};

const GAMMAS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 5.0];

/// (label, the logit that is certain and right for it, the one that is certain and wrong)
fn cases<F: LossFloat>() -> [(Label, F, F); 2] {
    [(Label::Positive, F::infinity(), -F::infinity()), (Label::Negative, -F::infinity(), F::infinity())]
}

fn check_binary<F: LossFloat>() {
    for (label, right, wrong) in cases::<F>() {
        let y: F = label.sign();
        assert_eq!(losses::binary_cross_entropy_with_logits(right, label).unwrap(), F::zero());
        assert_eq!(losses::binary_cross_entropy_with_logits_grad(right, label).unwrap(), F::zero());
        assert_eq!(losses::binary_cross_entropy_with_logits(wrong, label).unwrap(), F::infinity());
        assert_eq!(losses::binary_cross_entropy_with_logits_grad(wrong, label).unwrap(), -y);

        for alpha in [0.25, 0.5, 1.0] {
            let a = F::from_f64(alpha);
            let alpha_t = losses::alpha_t(a, label).unwrap();
            assert_eq!(losses::balanced_cross_entropy_with_logits(right, label, a).unwrap(), F::zero());
            assert_eq!(losses::balanced_cross_entropy_with_logits_grad(right, label, a).unwrap(), F::zero());
            // (α_t = 0 weighs the example out: 0, not 0·∞.)
            let expected = if alpha_t == F::zero() { F::zero() } else { F::infinity() };
            assert_eq!(losses::balanced_cross_entropy_with_logits(wrong, label, a).unwrap(), expected);
            assert_eq!(losses::balanced_cross_entropy_with_logits_grad(wrong, label, a).unwrap(), -y * alpha_t);
        }
    }
}

fn check_focal<F: LossFloat>() {
    for (label, right, wrong) in cases::<F>() {
        let y: F = label.sign();
        for gamma in GAMMAS {
            let g = F::from_f64(gamma);
            for (params, alpha_t) in [
                (FocalParams::new(g).unwrap(), F::one()),
                (
                    FocalParams::balanced(g, F::from_f64(0.25)).unwrap(),
                    losses::alpha_t(F::from_f64(0.25), label).unwrap(),
                ),
            ] {
                let what = format!("{label:?} γ = {gamma} α_t = {alpha_t:?}");
                let loss = |x| losses::focal_loss_with_logits(x, label, params).unwrap();
                let grad = |x| losses::focal_loss_with_logits_grad(x, label, params).unwrap();
                assert_eq!(loss(right), F::zero(), "{what}");
                assert_eq!(grad(right), F::zero(), "{what}");
                assert_eq!(loss(wrong), F::infinity(), "{what}");
                assert_eq!(grad(wrong), -y * alpha_t, "{what}");
                // The limits are the limits: large finite logits approach the same values.
                let far = F::from_f64(30.0);
                let (near_right, near_wrong) = if label == Label::Positive { (far, -far) } else { (-far, far) };
                assert!(loss(near_right) < F::from_f64(1e-12), "{what}");
                assert!(
                    (grad(near_wrong) - (-y * alpha_t)).abs() < F::from_f64(1e-4) * F::from_f64(1.0 + 30.0 * gamma),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn binary_cross_entropy_limits_at_infinite_logits() {
    check_binary::<f64>();
    check_binary::<f32>();
}

#[test]
fn focal_loss_limits_at_infinite_logits_for_every_gamma() {
    check_focal::<f64>();
    check_focal::<f32>();
}

/// α = 0 weighs the positive class out: even a certain, wrong positive contributes 0, not 0·∞ = NaN.
#[test]
fn a_zero_weight_turns_an_infinite_loss_into_zero() {
    let params = FocalParams::balanced(2.0_f64, 0.0).unwrap();
    assert_eq!(losses::focal_loss_with_logits(f64::NEG_INFINITY, Label::Positive, params).unwrap(), 0.0);
    assert_eq!(losses::focal_loss_with_logits_grad(f64::NEG_INFINITY, Label::Positive, params).unwrap(), 0.0);
    assert_eq!(losses::balanced_cross_entropy_with_logits(f64::NEG_INFINITY, Label::Positive, 0.0).unwrap(), 0.0);
    // …while the negative class, weighted by 1 − α = 1, still sees +∞.
    assert_eq!(losses::focal_loss_with_logits(f64::INFINITY, Label::Negative, params).unwrap(), f64::INFINITY);
}

#[test]
fn batches_accept_infinite_logits() {
    let logits = [f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY, 0.0];
    let targets = [1.0, 0.0, 1.0, 1.0];
    let per_example = losses::binary_cross_entropy_with_logits_batch(&logits, &targets, Reduction::None).unwrap();
    let values = per_example.per_example().unwrap();
    assert_eq!(&values[..3], &[0.0, 0.0, f64::INFINITY]);
    assert_eq!(
        losses::binary_cross_entropy_with_logits_batch(&logits, &targets, Reduction::Mean).unwrap(),
        Reduced::Total(f64::INFINITY)
    );
    let g =
        losses::focal_loss_with_logits_grad_batch(&logits, &targets, FocalParams::retinanet(), Reduction::Sum).unwrap();
    assert_eq!(&g[..3], &[0.0, 0.0, -0.25]);
    assert!(g.iter().all(|v| v.is_finite()));
}

/// The textbook formulas give NaN exactly where the policy gives a number.
#[test]
fn naive_formulas_give_nan_at_infinite_logits() {
    // BCE: y ln σ(x) + (1 − y) ln(1 − σ(x)) has a 0·(−∞) term at the certain-and-right limit.
    assert!(naive::binary_cross_entropy_with_logits(f64::INFINITY, 1.0).is_nan()); // stable: 0
    assert!(naive::binary_cross_entropy_with_logits(f64::NEG_INFINITY, 0.0).is_nan()); // stable: 0
    assert!(naive::binary_cross_entropy_with_logits(f32::INFINITY, 1.0).is_nan());
    // The paper's gradient at the certain-and-wrong limit: γ p_t ln p_t = γ·0·(−∞), for every γ.
    for gamma in GAMMAS {
        assert!(naive::focal_loss_with_logits_grad(f64::NEG_INFINITY, 1.0, gamma).is_nan(), "γ = {gamma}"); // stable: −1
        assert!(naive::focal_loss_with_logits_grad(f64::INFINITY, -1.0, gamma).is_nan(), "γ = {gamma}"); // stable: +1
        assert!(naive::focal_loss_with_logits_grad(f32::NEG_INFINITY, 1.0, gamma as f32).is_nan(), "γ = {gamma}");
    }
    // The naive focal *loss* happens to survive ±∞ (p_t is exactly 0 or 1 there); its trap is the
    // finite tail (tests/traps.rs).
    assert_eq!(naive::focal_loss_with_logits(f64::NEG_INFINITY, 1.0, 2.0), f64::INFINITY);
    assert_eq!(naive::focal_loss_with_logits(f64::INFINITY, 1.0, 2.0), 0.0);
}

#[test]
fn a_negative_infinite_softmax_logit_masks_its_class() {
    let z = [0.0_f64, f64::NEG_INFINITY, 0.0];
    assert_eq!(losses::softmax(&z).unwrap(), vec![0.5, 0.0, 0.5]);
    assert_eq!(losses::log_sum_exp(&z).unwrap(), 2.0_f64.ln());
    assert_eq!(losses::log_softmax(&z).unwrap(), vec![-(2.0_f64.ln()), f64::NEG_INFINITY, -(2.0_f64.ln())]);
    assert_eq!(losses::softmax_cross_entropy(&z, 0).unwrap(), 2.0_f64.ln());
    // The masked class as the label: probability 0, loss +∞ (honest), gradient still finite.
    assert_eq!(losses::softmax_cross_entropy(&z, 1).unwrap(), f64::INFINITY);
    assert_eq!(losses::softmax_cross_entropy_grad(&z, 1).unwrap(), vec![0.5, -1.0, 0.5]);
    assert_eq!(losses::softmax_cross_entropy_grad(&z, 0).unwrap(), vec![-0.5, 0.0, 0.5]);
    // A soft target with no mass on the masked class: finite (0·∞ is skipped, not NaN).
    assert_eq!(losses::softmax_cross_entropy_soft(&z, &[0.5, 0.0, 0.5]).unwrap(), 2.0_f64.ln());
    assert_eq!(losses::softmax_cross_entropy_soft_grad(&z, &[0.5, 0.0, 0.5]).unwrap(), vec![0.0, 0.0, 0.0]);
    // In a batch, f32 too.
    let logits = [0.0_f32, f32::NEG_INFINITY, 0.0, /* row 1 */ 1.0, 1.0, f32::NEG_INFINITY];
    let loss = losses::softmax_cross_entropy_batch(&logits, 3, &[2, 0], Reduction::Sum).unwrap();
    assert_eq!(loss, Reduced::Total(2.0 * 2.0_f32.ln()));
    let g = losses::softmax_cross_entropy_grad_batch(&logits, 3, &[2, 0], Reduction::Sum).unwrap();
    assert_eq!(g, vec![0.5, 0.0, -0.5, -0.5, 0.5, 0.0]);
    // The naive softmax cross-entropy copes with −∞ too (e^−∞ = 0) …
    assert_eq!(naive::softmax_cross_entropy(&z, 0), 2.0_f64.ln());
    // … but not with a row that is masked except for large logits.
    assert!(naive::softmax_cross_entropy(&[1000.0_f64, f64::NEG_INFINITY, 1000.0], 0).is_nan());
}

#[test]
fn a_positive_infinite_softmax_logit_is_a_typed_error() {
    for f in [
        |z: &[f64]| losses::softmax(z).map(|_| ()),
        |z: &[f64]| losses::log_softmax(z).map(|_| ()),
        |z: &[f64]| losses::log_sum_exp(z).map(|_| ()),
        |z: &[f64]| losses::softmax_cross_entropy(z, 0).map(|_| ()),
        |z: &[f64]| losses::softmax_cross_entropy_grad(z, 0).map(|_| ()),
        |z: &[f64]| losses::softmax_cross_entropy_soft(z, &[0.5, 0.5]).map(|_| ()),
        |z: &[f64]| losses::softmax_cross_entropy_soft_grad(z, &[0.5, 0.5]).map(|_| ()),
    ] {
        assert_eq!(f(&[1.0, f64::INFINITY]), Err(LossError::PositiveInfiniteLogit { argument: "z", index: 1 }));
        assert_eq!(f(&[f64::NEG_INFINITY; 2]), Err(LossError::AllLogitsNegativeInfinite { argument: "z", row: 0 }));
    }
    // The naive formula silently returns NaN instead.
    assert!(naive::softmax_cross_entropy(&[1.0_f64, f64::INFINITY], 1).is_nan());
}

#[test]
fn nan_is_never_a_limit() {
    assert_eq!(
        losses::focal_loss_with_logits(f64::NAN, Label::Positive, FocalParams::new(2.0).unwrap()),
        Err(LossError::NotANumber { argument: "x", index: 0 })
    );
    assert_eq!(losses::softmax(&[0.0_f32, f32::NAN]), Err(LossError::NotANumber { argument: "z", index: 1 }));
    // ±∞ in regression inputs is not a limit of anything: a typed error.
    assert!(matches!(
        losses::mean_squared_error(&[f64::NEG_INFINITY], &[0.0]),
        Err(LossError::NotFinite { argument: "y", index: 0, .. })
    ));
}
