//! 6장 초점 손실의 연습 문제 · Exercises of chapter 6, focal loss.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch06`으로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch06`.

use losses::Label;

/// # 연습 문제: 초점 손실
///
/// 양성 클래스의 확률 p와 레이블, 초점 매개변수 γ ≥ 0에서 초점 손실 FL(p_t) = −(1 − p_t)^γ ln p_t를
/// 구현하세요(p_t는 양성이면 p, 음성이면 1 − p). γ = 0이면 p_t = 1에서도 교차 엔트로피와 같아야
/// 합니다(0⁰ = 1). p_t = 0이면 +∞, p_t = 1이면 0입니다. NaN을 돌려주면 안 됩니다. 6장의 표에서
/// p_t = 0.9, γ = 2의 값은 0.001054입니다. 결과는 상대 오차 10⁻¹⁰ 이내여야 합니다.
///
/// # Exercise: Focal loss
///
/// Implement the focal loss FL(p_t) = −(1 − p_t)^γ ln p_t from the probability p of the positive
/// class, the label and the focusing parameter γ ≥ 0 (p_t is p for a positive, 1 − p for a
/// negative). With γ = 0 it must equal the cross-entropy, also at p_t = 1 (0⁰ = 1). p_t = 0 gives
/// +∞ and p_t = 1 gives 0; never NaN. Chapter 6's table gives 0.001054 for p_t = 0.9, γ = 2.
/// Results must be within a relative 10⁻¹⁰.
pub fn focal_loss(p: f64, label: Label, gamma: f64) -> f64 {
    todo!()
}

/// # 연습 문제: 배치의 평균 초점 손실
///
/// 양성 클래스의 확률 p와 레이블로 이루어진 배치의 초점 손실 평균 (1/n) Σᵢ FL(p_t,ᵢ)를 구하세요. 초점
/// 인자는 샘플마다 그 샘플의 p_t로 곱해야 합니다. 빈 배치에는 `None`을 돌려주세요. 0 < p < 1이라고
/// 가정해도 됩니다. 결과는 상대 오차 10⁻¹⁰ 이내여야 합니다.
///
/// # Exercise: The mean focal loss of a batch
///
/// Compute the mean focal loss (1/n) Σᵢ FL(p_t,ᵢ) of a batch of probabilities p of the positive
/// class with their labels. The modulating factor must multiply each example by its own p_t.
/// Return `None` for an empty batch. You may assume 0 < p < 1. Results must be within a relative
/// 10⁻¹⁰.
pub fn mean_focal_loss(p: &[f64], labels: &[Label], gamma: f64) -> Option<f64> {
    todo!()
}
