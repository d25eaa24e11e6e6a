//! The logistic sigmoid and its logarithms, evaluated without overflow or cancellation.
//!
//! These are plain mathematical functions (like `f64::exp`): defined for every `f32`/`f64`
//! including ±∞, NaN in gives NaN out. The loss functions built on them validate their inputs.

use crate::LossFloat;

/// The logistic sigmoid σ(x) = 1 / (1 + e^(−x)).
///
/// # Formula
/// σ(x) = 1 / (1 + e^(−x)) = e^x / (1 + e^x).
///
/// # Method
/// One `exp`, of −|x|: σ(x) = 1 / (1 + e^(−x)) for x ≥ 0 and e^x / (1 + e^x) for x < 0, the form
/// whose exponential is at most 1, so nothing overflows. There is no subtraction, so nothing
/// cancels: the error is the rounding of `exp`, of the addition and of the division, none of them
/// amplified. (The naive single formula `1 / (1 + exp(-x))` overflows `exp` for x < −709.78 (f64)
/// and still returns the right 0 — the real trap is elsewhere: it is `1 − σ(x)`, see
/// [`sigmoid_complement`].)
///
/// # Special values
/// - σ(±0) = ½, σ(+∞) = 1, σ(−∞) = 0, σ(NaN) = NaN.
/// - σ(x) rounds to exactly 1 from x ≈ 36.74 (f64) / 16.64 (f32) on, where e^(−x) falls below
///   half an ulp of 1; that is the correctly rounded value, but 1 − σ(x) is then 0.
/// - For very negative x, σ(x) ≈ e^x: subnormal below x ≈ −708.40 (f64) and 0 below −745.13.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference at every logit of the reference table
/// (±1000, the points where the naive formulas break, and 240 random logits), as
/// `tests/reference.rs` enforces.
///
/// # Examples
/// ```
/// use losses::activation::sigmoid;
/// assert_eq!(sigmoid(0.0_f64), 0.5);
/// // σ(x) + σ(−x) = 1
/// let x = 1.5_f64;
/// assert!((sigmoid(x) + sigmoid(-x) - 1.0).abs() < 1e-16);
/// assert_eq!(sigmoid(f64::INFINITY), 1.0);
/// assert_eq!(sigmoid(f64::NEG_INFINITY), 0.0);
/// assert!(sigmoid(f64::NAN).is_nan());
/// assert!(sigmoid(36.7_f64) < 1.0 && sigmoid(36.75_f64) == 1.0);
/// assert!(sigmoid(16.6_f32) < 1.0 && sigmoid(16.65_f32) == 1.0);
/// assert!(sigmoid(-708.3_f64).is_normal() && sigmoid(-708.5_f64) < f64::MIN_POSITIVE);
/// assert!(sigmoid(-745.1_f64) > 0.0 && sigmoid(-745.2_f64) == 0.0);
/// ```
#[inline]
pub fn sigmoid<F: LossFloat>(x: F) -> F {
    if x >= F::zero() {
        F::one() / (F::one() + (-x).exp())
    } else {
        let e = x.exp();
        e / (F::one() + e)
    }
}

/// 1 − σ(x), computed as σ(−x) and never by subtraction.
///
/// # Formula
/// 1 − σ(x) = σ(−x). Subtracting from 1 cancels to exactly 0 once σ(x) rounds to 1
/// (x ≥ 36.74 in f64, 16.64 in f32), although the true value e^(−x)/(1 + e^(−x)) is still a normal
/// number down to x ≈ 708 (f64) — every digit is lost.
///
/// # Examples
/// ```
/// use losses::activation::{sigmoid, sigmoid_complement};
/// let x = 40.0_f64;
/// assert_eq!(1.0 - sigmoid(x), 0.0);               // cancelled
/// assert!((sigmoid_complement(x) - (-x).exp()).abs() <= 1e-17 * (-x).exp());
/// ```
#[inline]
pub fn sigmoid_complement<F: LossFloat>(x: F) -> F {
    sigmoid(-x)
}

/// The softplus function ln(1 + eˣ).
///
/// # Formula
/// softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)).
///
/// # Method
/// The second form: one `exp`, of −|x| (the naive `ln(1 + exp(x))` overflows to +∞ for
/// x > 709.78 in f64, 88.72 in f32), and `ln_1p`, which keeps ln(1 + e) accurate when e is tiny,
/// so softplus(x) ≈ eˣ keeps its digits for very negative x (the naive form rounds 1 + eˣ to 1 and
/// returns 0 there). The two terms are non-negative, so their sum cannot cancel.
///
/// # Special values
/// - softplus(0) = ln 2, softplus(+∞) = +∞, softplus(−∞) = 0, softplus(NaN) = NaN.
/// - For large x, ln(1 + e^(−x)) is below half an ulp of x and softplus(x) = x exactly.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference at every logit of the reference table
/// (±1000, the overflow points 88.72 and 709.78 and 240 random logits), as `tests/reference.rs`
/// enforces.
///
/// # Examples
/// ```
/// use losses::activation::softplus;
/// assert!((softplus(0.0_f64) - 2.0_f64.ln()).abs() < 1e-16);
/// assert_eq!(softplus(1000.0_f64), 1000.0);           // naive: ln(inf) = inf
/// let x = -50.0_f64;                                   // softplus(x) ≈ eˣ for x ≪ 0
/// assert!((softplus(x) - x.exp()).abs() <= 1e-16 * x.exp());
/// assert_eq!((softplus(f64::INFINITY), softplus(f64::NEG_INFINITY)), (f64::INFINITY, 0.0));
/// assert!(softplus(f64::NAN).is_nan());
/// ```
#[inline]
pub fn softplus<F: LossFloat>(x: F) -> F {
    // `>=`, not `>`: the branch must match the one `abs` takes at 0 (x itself), or a dual number
    // at x = ±0 gets the derivative of max(x, 0) from one side and of |x| from the other, and
    // softplus′(0) comes out as −½ instead of +½. The value is the same either way.
    let positive_part = if x >= F::zero() { x } else { F::zero() };
    positive_part + (-x.abs()).exp().ln_1p()
}

/// ln σ(x) = −softplus(−x), finite for every finite x.
///
/// # Examples
/// ```
/// use losses::activation::{log_sigmoid, sigmoid};
/// let x = 2.0_f64;
/// assert!((log_sigmoid(x) - sigmoid(x).ln()).abs() < 1e-15);
/// assert_eq!(log_sigmoid(-1000.0_f64), -1000.0);   // naive: ln(0) = −∞
/// ```
#[inline]
pub fn log_sigmoid<F: LossFloat>(x: F) -> F {
    -softplus(-x)
}
