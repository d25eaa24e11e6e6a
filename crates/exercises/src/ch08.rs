//! 8장 α-균형 초점 손실의 연습 문제 · Exercises of chapter 8, α-balanced focal loss.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch08`로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch08`.

use losses::Label;

/// # 연습 문제: α-균형 초점 손실의 기울기
///
/// α-균형 초점 손실 −α_t (1 − p_t)^γ ln p_t의 로짓 x에 대한 기울기
/// dFL/dx = α_t · y(1 − p_t)^γ (γ p_t ln p_t + p_t − 1)을 구현하세요(α_t는 양성이면 α, 음성이면 1 − α,
/// y = ±1, x_t = y·x, p_t = σ(x_t)). 인자 순서는 (x, label, γ, α)입니다. α_t = 0이면 기울기는 0이고, α = ½이면
/// α가 없는 기울기의 절반입니다. 모든 유한한 x에서 상대 오차 10⁻¹⁰ 이내여야 하고 NaN을 돌려주면 안 됩니다.
/// x_t = +∞이면 0, x_t = −∞이면 −α_t·y입니다.
///
/// # Exercise: The gradient of the α-balanced focal loss
///
/// Implement the gradient with respect to the logit x of the α-balanced focal loss
/// −α_t (1 − p_t)^γ ln p_t: dFL/dx = α_t · y(1 − p_t)^γ (γ p_t ln p_t + p_t − 1) (α_t is α for a
/// positive and 1 − α for a negative, y = ±1, x_t = y·x, p_t = σ(x_t)). The arguments come in the
/// order (x, label, γ, α). With α_t = 0 the gradient is 0, with α = ½ it is half the unweighted
/// gradient. Results must be within a relative 10⁻¹⁰ for every finite x, never NaN; the limits are
/// 0 for x_t = +∞ and −α_t·y for x_t = −∞.
pub fn balanced_focal_loss_grad(x: f64, label: Label, gamma: f64, alpha: f64) -> f64 {
    todo!()
}

/// # 연습 문제: 사전 확률로 편향 초기화하기
///
/// 학습 시작 때 모든 앵커가 양성일 확률을 π로 만드는 분류 층의 편향 b = −ln((1 − π)/π)를 구현하세요.
/// σ(b) = π가 성립합니다. π = 0.01이면 b = −ln 99 ≈ −4.5951입니다. 0 < π < 1이라고 가정해도 됩니다.
/// π = 10⁻³⁰⁰이나 π = 0.999에서도 결과는 상대 오차 10⁻¹² 이내여야 합니다.
///
/// # Exercise: Initialising the bias with a prior
///
/// Implement the bias b = −ln((1 − π)/π) of the classification layer that makes every anchor
/// predict the positive class with probability π at the start of training: σ(b) = π. For π = 0.01,
/// b = −ln 99 ≈ −4.5951. You may assume 0 < π < 1. Results must be within a relative 10⁻¹², for
/// π = 10⁻³⁰⁰ and π = 0.999 too.
pub fn prior_bias(pi: f64) -> f64 {
    todo!()
}

/// # 연습 문제: 양성 수로 정규화하기
///
/// RetinaNet처럼 샘플별 손실의 합을 양성 샘플의 수 N₊로 나누세요: L = (1/N₊) Σᵢ lossᵢ. 모든 샘플(음성
/// 포함)의 손실을 더하지만 나누는 수는 양성의 수입니다. 양성이 하나도 없으면(빈 배치 포함) 0으로 나누지
/// 말고 `None`을 돌려주세요. 결과는 상대 오차 10⁻¹² 이내여야 합니다.
///
/// # Exercise: Normalising by the number of positives
///
/// As RetinaNet does, divide the sum of the per-example losses by the number of positive examples
/// N₊: L = (1/N₊) Σᵢ lossᵢ. Every example's loss is added, negatives included, but the divisor is
/// the number of positives. With no positive at all (an empty batch included) return `None`
/// instead of dividing by 0. Results must be within a relative 10⁻¹².
pub fn loss_per_positive(losses: &[f64], labels: &[Label]) -> Option<f64> {
    todo!()
}
