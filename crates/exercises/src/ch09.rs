//! 9장 수치 안정성의 연습 문제 · Exercises of chapter 9, numerical stability.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch09`로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch09`.

use losses::Label;

/// # 연습 문제: 넘치지 않는 log-sum-exp
///
/// ln Σᵢ e^(zᵢ)를 구현하세요. 로짓이 10⁴이어도(e^(10⁴)은 f64에서 +∞) 9장의 형태
/// m + ln Σᵢ e^(zᵢ − m), m = maxᵢ zᵢ로 정확하게 계산해야 합니다. 특수한 입력도 처리하세요: 빈 입력은 −∞(빈 합
/// 0의 로그), 모두 −∞이면 −∞, +∞가 하나라도 있으면 +∞이고, NaN을 돌려주면 안 됩니다. 결과는 상대 오차 10⁻¹² 또는
/// 절대 오차 10⁻¹² 이내여야 합니다. [10⁴, 10⁴]의 답은 10⁴ + ln 2입니다.
///
/// # Exercise: A log-sum-exp that does not overflow
///
/// Implement ln Σᵢ e^(zᵢ). It must stay exact for logits of 10⁴ (e^(10⁴) is +∞ in f64): use
/// Chapter 9's form m + ln Σᵢ e^(zᵢ − m) with m = maxᵢ zᵢ. Handle the ends too: empty input gives
/// −∞ (the logarithm of the empty sum 0), all −∞ gives −∞, any +∞ gives +∞, never NaN. Results
/// must be within a relative 10⁻¹² or an absolute 10⁻¹². [10⁴, 10⁴] gives 10⁴ + ln 2.
pub fn log_sum_exp(z: &[f64]) -> f64 {
    todo!()
}

/// # 연습 문제: 로짓이 ±1000이어도 안정한 초점 손실
///
/// 로짓 x와 레이블, γ ≥ 0에서 초점 손실 σ(−x_t)^γ softplus(−x_t)를 구현하세요(x_t = y·x, y = ±1).
/// 1 − σ(x_t)를 빼서 만들지 말고 σ(−x_t)를, −ln σ(x_t)는 softplus(−x_t)를 쓰세요. |x| ≤ 1000의 모든 x에서
/// 넘침도 NaN도 없이 상대 오차 10⁻¹⁰ 이내여야 합니다(x_t = 40, γ = 2에서 ≈ e⁻¹²⁰, 양성에 x = −1000이면
/// 1000). x_t = +∞이면 0, x_t = −∞이면 +∞입니다.
///
/// # Exercise: A focal loss that stays stable at logits of ±1000
///
/// Implement the focal loss from a logit x, the label and γ ≥ 0 as σ(−x_t)^γ softplus(−x_t)
/// (x_t = y·x, y = ±1): σ(−x_t) rather than 1 − σ(x_t) by subtraction, softplus(−x_t) rather than
/// −ln σ(x_t). Results must be within a relative 10⁻¹⁰ for every |x| ≤ 1000, with neither
/// overflow nor NaN (≈ e⁻¹²⁰ at x_t = 40 with γ = 2; 1000 for a positive at x = −1000). The limits
/// are 0 for x_t = +∞ and +∞ for x_t = −∞.
pub fn focal_loss_with_logits(x: f64, label: Label, gamma: f64) -> f64 {
    todo!()
}

/// # 연습 문제: f32에서 시그모이드가 1로 반올림되는 곳
///
/// `1.0 / (1.0 + (-x).exp())`를 f32로 계산할 때 결과가 정확히 1.0이 되는 가장 작은 f32 x를 돌려주세요.
/// 이분법으로 찾아도 되고, 9장의 분석(e^(−x) ≤ u = 2^(−p)이면 1 + e^(−x)가 1로 반올림됨)에서 구해도
/// 됩니다. 채점은 여러분의 x에서 결과가 1이고 바로 아래 f32에서는 1보다 작은지 확인한 뒤, mpmath로
/// 구한 값과도 비교합니다.
///
/// # Exercise: Where the sigmoid rounds to 1 in f32
///
/// Return the smallest f32 x for which `1.0 / (1.0 + (-x).exp())` evaluated in f32 is exactly
/// 1.0. Find it by bisection, or from Chapter 9's analysis (1 + e^(−x) rounds to 1 once
/// e^(−x) ≤ u = 2^(−p)). The check asks that the sigmoid is 1 at your x and below 1 at the f32 just
/// below it, then compares x with the value computed with mpmath.
pub fn sigmoid_rounds_to_one_f32() -> f32 {
    todo!()
}

/// # 연습 문제: 상쇄 없는 1 − σ(x)
///
/// 1 − σ(x)를 뺄셈 없이 구현하세요(1 − σ(x) = σ(−x)). 모든 유한한 x에서 상대 오차 10⁻¹² 이내여야
/// 합니다: x = 40에서 답은 0이 아니라 ≈ 4.25·10⁻¹⁸, x = 700에서는 ≈ 9.86·10⁻³⁰⁵입니다. x = +∞이면 0,
/// x = −∞이면 1입니다.
///
/// # Exercise: 1 − σ(x) without cancellation
///
/// Implement 1 − σ(x) without a subtraction (1 − σ(x) = σ(−x)). Results must be within a relative
/// 10⁻¹² for every finite x: at x = 40 the answer is ≈ 4.25·10⁻¹⁸, not 0, and at x = 700 it is
/// ≈ 9.86·10⁻³⁰⁵. x = +∞ gives 0 and x = −∞ gives 1.
pub fn sigmoid_complement(x: f64) -> f64 {
    todo!()
}
