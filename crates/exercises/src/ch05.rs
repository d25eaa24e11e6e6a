//! 5장 α-균형 교차 엔트로피의 연습 문제 · Exercises of chapter 5, α-balanced cross-entropy.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch05`로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch05`.

use losses::Label;

/// # 연습 문제: α-균형 교차 엔트로피
///
/// 양성 클래스의 확률 p와 레이블, 가중치 α ∈ [0, 1]에서 α-균형 교차 엔트로피 −α_t ln p_t를
/// 구현하세요. α_t는 양성이면 α, 음성이면 1 − α이고, p_t는 양성이면 p, 음성이면 1 − p입니다.
/// p_t = 0이면 결과는 +∞이지만, α_t = 0이면(가중치로 빠진 샘플) p_t와 상관없이 0입니다(0·∞ = NaN이
/// 아니라). 음성의 ln(1 − p)는 `(-p).ln_1p()`로 계산하세요: p = 10⁻¹²여도 결과는 상대 오차 10⁻¹² 이내여야
/// 합니다. 5장의 예(α = 0.25, p = 0.3)는 양성 ≈ 0.301, 음성 ≈ 0.268입니다.
///
/// # Exercise: α-balanced cross-entropy
///
/// Implement the α-balanced cross-entropy −α_t ln p_t from the probability p of the positive
/// class, the label and a weight α ∈ [0, 1]. α_t is α for a positive and 1 − α for a negative; p_t
/// is p for a positive and 1 − p for a negative. p_t = 0 gives +∞, except that α_t = 0 (an example
/// weighted out) gives 0 whatever p_t is (not 0·∞ = NaN). Compute a negative's ln(1 − p) as
/// `(-p).ln_1p()`: results must be within a relative 10⁻¹², p = 10⁻¹² included. Chapter 5's example
/// (α = 0.25, p = 0.3) gives ≈ 0.301 for a positive and ≈ 0.268 for a negative.
pub fn balanced_cross_entropy(p: f64, label: Label, alpha: f64) -> f64 {
    todo!()
}

/// # 연습 문제: 두 클래스의 몫을 같게 만드는 α
///
/// 양성 클래스의 확률 p와 레이블로 이루어진 배치에서, 양성들의 α-균형 교차 엔트로피 합과 음성들의 합을
/// 같게 만드는 α를 구하세요: P = Σ_양성 −ln p_t, N = Σ_음성 −ln p_t일 때 α·P = (1 − α)·N, 곧
/// α = N / (P + N)입니다. 0 < p < 1이라고 가정해도 됩니다. 빈 배치에는 `None`을 돌려주세요. 5장의 예(어려운
/// 양성 하나 p = 0.3, 쉬운 음성 1000개 p = 0.01)에서 α ≈ 0.893입니다. 결과는 상대 오차 10⁻¹⁰ 이내여야
/// 합니다.
///
/// # Exercise: The α that gives both classes equal shares
///
/// For a batch of probabilities p of the positive class with their labels, find the α that makes
/// the positives' total α-balanced cross-entropy equal to the negatives': with
/// P = Σ_positives −ln p_t and N = Σ_negatives −ln p_t, α·P = (1 − α)·N, that is α = N / (P + N).
/// You may assume 0 < p < 1. Return `None` for an empty batch. Chapter 5's example (one hard
/// positive with p = 0.3, 1000 easy negatives with p = 0.01) gives α ≈ 0.893. Results must be
/// within a relative 10⁻¹⁰.
pub fn alpha_for_equal_shares(p: &[f64], labels: &[Label]) -> Option<f64> {
    todo!()
}
