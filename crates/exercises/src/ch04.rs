//! 4장 교차 엔트로피의 연습 문제 · Exercises of chapter 4, cross-entropy.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch04`로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch04`.

use losses::Label;

/// # 연습 문제: 『밑바닥부터 시작하는 딥러닝』의 교차 엔트로피 오차
///
/// 『밑바닥부터 시작하는 딥러닝』 4장의 교차 엔트로피 오차 E = −Σₖ tₖ ln(yₖ + δ), δ = 10⁻⁷을
/// 구현하세요(자연로그). δ는 yₖ = 0일 때 ln 0 = −∞가 되지 않게 하려고 더합니다. 정답 t가 2번 클래스의
/// 원-핫 벡터일 때, 2번 클래스에 0.6을 준 예측에서 0.5108, 0.1을 준 예측에서 2.3026이 나와야 합니다.
/// 정답 클래스의 확률이 0이어도 결과는 유한해야 합니다(−ln 10⁻⁷ ≈ 16.118). 결과는 상대 오차 10⁻¹²
/// 이내여야 합니다.
///
/// # Exercise: The cross-entropy error of "Deep Learning from Scratch"
///
/// Implement the cross-entropy error of Chapter 4 of *Deep Learning from Scratch*,
/// E = −Σₖ tₖ ln(yₖ + δ) with δ = 10⁻⁷ (natural logarithm). δ is added so that yₖ = 0 does not give
/// ln 0 = −∞. With t one-hot at class 2, the prediction that gives class 2 the probability 0.6 must
/// score 0.5108, the one that gives it 0.1 must score 2.3026. A true class predicted with
/// probability 0 must still give a finite result (−ln 10⁻⁷ ≈ 16.118). Results must be within a
/// relative 10⁻¹².
pub fn cross_entropy_error(y: &[f64], t: &[f64]) -> f64 {
    todo!()
}

/// # 연습 문제: 로짓에서 구하는 이진 교차 엔트로피
///
/// 로짓 x(p = σ(x))와 레이블에서 이진 교차 엔트로피 CE = −ln σ(x_t) = softplus(−x_t)를 구현하세요.
/// 여기서 x_t = y·x, y = ±1(`label.sign::<f64>()`)입니다. σ(x)를 먼저 구하지 말고 4장의 안정한 형태
/// softplus(u) = max(u, 0) + ln(1 + e^(−|u|))를 쓰세요. 모든 유한한 x에서 상대 오차 10⁻¹² 이내여야
/// 합니다(예: 음성 레이블에 x = 40이면 CE ≈ 40, 양성 레이블에 x = 30이면 CE ≈ e⁻³⁰). x = ±∞도 받습니다:
/// 확실하게 맞히면 0, 확실하게 틀리면 +∞이고, NaN을 돌려주면 안 됩니다.
///
/// # Exercise: Binary cross-entropy from a logit
///
/// Implement binary cross-entropy from a logit x (p = σ(x)) and a label:
/// CE = −ln σ(x_t) = softplus(−x_t), with x_t = y·x and y = ±1 (`label.sign::<f64>()`). Do not
/// compute σ(x) first: use Chapter 4's stable form softplus(u) = max(u, 0) + ln(1 + e^(−|u|)).
/// Results must be within a relative 10⁻¹² for every finite x (for example x = 40 with a negative
/// label gives CE ≈ 40, x = 30 with a positive label CE ≈ e⁻³⁰). x = ±∞ is allowed too: certain
/// and right gives 0, certain and wrong +∞, never NaN.
pub fn binary_cross_entropy_with_logits(x: f64, label: Label) -> f64 {
    todo!()
}

/// # 연습 문제: 소프트맥스 교차 엔트로피
///
/// 로짓 z와 정답 클래스 c(0부터 셉니다)에서 CE(z, c) = −ln softmax(z)_c를 구현하세요. 4장의 형태
/// (m − z_c) + ln Σᵢ e^(zᵢ − m), m = maxᵢ zᵢ를 쓰면 지수가 넘치지 않고 상쇄도 없습니다. z는 비어 있지
/// 않고 유한하며 c < z.len()이라고 가정해도 됩니다. 로짓이 1000이어도 10⁸이어도 결과는 상대 오차
/// 10⁻¹² 또는 절대 오차 10⁻¹⁵ 이내여야 합니다(세 로짓이 모두 10⁸이면 답은 ln 3).
///
/// # Exercise: Softmax cross-entropy
///
/// Implement CE(z, c) = −ln softmax(z)_c from logits z and the true class c (counted from 0).
/// Chapter 4's form (m − z_c) + ln Σᵢ e^(zᵢ − m), m = maxᵢ zᵢ, neither overflows nor cancels. You
/// may assume z is non-empty and finite and c < z.len(). Results must be within a relative 10⁻¹²
/// or an absolute 10⁻¹⁵, for logits of 1000 and of 10⁸ alike (three logits of 10⁸ give ln 3).
pub fn softmax_cross_entropy(z: &[f64], class: usize) -> f64 {
    todo!()
}
