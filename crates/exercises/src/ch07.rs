//! 7장 역전파의 연습 문제 · Exercises of chapter 7, backpropagation.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch07`로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch07`.

use losses::Label;

/// # 연습 문제: 로짓에 대한 교차 엔트로피의 기울기
///
/// 로짓 x에 대한 이진 교차 엔트로피의 기울기 dCE/dx = y(p_t − 1)을 구현하세요. 여기서 y = ±1,
/// x_t = y·x, p_t = σ(x_t)입니다(0/1 레이블로 쓰면 σ(x) − y₀₁). p가 아니라 x에 대한 미분입니다.
/// 모든 유한한 x에서 상대 오차 10⁻¹² 이내여야 합니다: x = 40의 양성에서 기울기는 0이 아니라
/// −σ(−40) ≈ −4.25·10⁻¹⁸이므로 p_t − 1을 뺄셈으로 만들지 말고 −σ(−x_t)로 계산하세요. x = ±∞에서는
/// 극한값(x_t = +∞이면 0, x_t = −∞이면 −y)을 돌려주세요.
///
/// # Exercise: The gradient of cross-entropy with respect to the logit
///
/// Implement the gradient of binary cross-entropy with respect to the logit x,
/// dCE/dx = y(p_t − 1), with y = ±1, x_t = y·x and p_t = σ(x_t) (σ(x) − y₀₁ with a 0/1 label). It
/// is the derivative with respect to x, not p. Results must be within a relative 10⁻¹² for every
/// finite x: for a positive at x = 40 the gradient is −σ(−40) ≈ −4.25·10⁻¹⁸, not 0, so compute
/// p_t − 1 as −σ(−x_t) rather than by subtraction. At x = ±∞ return the limits (0 for x_t = +∞, −y
/// for x_t = −∞).
pub fn binary_cross_entropy_grad(x: f64, label: Label) -> f64 {
    todo!()
}

/// # 연습 문제: 초점 손실의 기울기
///
/// 로짓 x에 대한 초점 손실의 기울기 dFL/dx = y(1 − p_t)^γ (γ p_t ln p_t + p_t − 1)을 구현하세요
/// (y = ±1, x_t = y·x, p_t = σ(x_t), γ ≥ 0). 7장의 안정한 형태
/// −y σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t))를 쓰면 뺄셈도 0·∞도 없습니다. 모든 유한한 x에서
/// 상대 오차 10⁻¹⁰ 이내여야 하고(x_t = 40, γ = 2에서 ≈ −2.3·10⁻⁵²), γ = 0이면 교차 엔트로피의 기울기와
/// 같아야 하며, γ = 0.5에서도 NaN이 나오면 안 됩니다. x_t = +∞이면 0, x_t = −∞이면 −y입니다.
///
/// # Exercise: The focal-loss gradient
///
/// Implement the gradient of the focal loss with respect to the logit x,
/// dFL/dx = y(1 − p_t)^γ (γ p_t ln p_t + p_t − 1) (y = ±1, x_t = y·x, p_t = σ(x_t), γ ≥ 0).
/// Chapter 7's stable form −y σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t)) has no subtraction
/// and no 0·∞. Results must be within a relative 10⁻¹⁰ for every finite x (≈ −2.3·10⁻⁵² at x_t = 40,
/// γ = 2), equal the cross-entropy's gradient for γ = 0, and never be NaN, γ = 0.5 included. The
/// limits are 0 for x_t = +∞ and −y for x_t = −∞.
pub fn focal_loss_grad(x: f64, label: Label, gamma: f64) -> f64 {
    todo!()
}

/// # 연습 문제: FL*의 기울기
///
/// 논문 부록의 FL* = −ln p*_t / γ, p*_t = σ(γ x_t + β)(y = ±1, x_t = y·x, γ > 0)의 로짓 x에 대한
/// 기울기를 유도하고 구현하세요. 연쇄 법칙을 쓰면 γ가 약분되어 dFL*/dx = y(p*_t − 1)이 됩니다.
/// 모든 유한한 x에서 상대 오차 10⁻¹² 이내여야 합니다(p*_t − 1은 −σ(−(γ x_t + β))로 계산하세요).
///
/// # Exercise: The gradient of FL*
///
/// Derive and implement the gradient with respect to the logit x of the paper's appendix loss
/// FL* = −ln p*_t / γ with p*_t = σ(γ x_t + β) (y = ±1, x_t = y·x, γ > 0). By the chain rule the γ
/// cancels: dFL*/dx = y(p*_t − 1). Results must be within a relative 10⁻¹² for every finite x
/// (compute p*_t − 1 as −σ(−(γ x_t + β))).
pub fn fl_star_grad(x: f64, label: Label, gamma: f64, beta: f64) -> f64 {
    todo!()
}
