//! 3장 KL 발산의 연습 문제 · Exercises of chapter 3, KL divergence.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch03`으로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch03`.

/// # 연습 문제: KL 발산과 0의 규약
///
/// KL(p ‖ q) = Σᵢ pᵢ ln(pᵢ / qᵢ)를 자연로그로 구현하세요. `p`와 `q`는 길이가 같은 확률 분포라고
/// 가정해도 됩니다. 3장의 규약을 따르세요: pᵢ = 0인 항은 0이고(0·ln 0 = 0), 어떤 qᵢ = 0 < pᵢ이면
/// 결과는 +∞입니다. NaN을 돌려주면 안 됩니다. 동전 예 KL([0.5, 0.5] ‖ [0.9, 0.1])은 ln(5/3) ≈ 0.511입니다.
/// 결과는 상대 오차 10⁻¹⁰ 또는 절대 오차 10⁻¹² 이내여야 합니다.
///
/// # Exercise: KL divergence and the zero conventions
///
/// Implement KL(p ‖ q) = Σᵢ pᵢ ln(pᵢ / qᵢ) with the natural logarithm. You may assume that `p`
/// and `q` are probability distributions of the same length. Follow Chapter 3's conventions: a
/// term with pᵢ = 0 is 0 (0·ln 0 = 0), and the result is +∞ when some qᵢ = 0 < pᵢ. Never return
/// NaN. The coin example KL([0.5, 0.5] ‖ [0.9, 0.1]) is ln(5/3) ≈ 0.511. Results must be within a
/// relative 10⁻¹⁰ or an absolute 10⁻¹².
pub fn kl_divergence(p: &[f64], q: &[f64]) -> f64 {
    todo!()
}

/// # 연습 문제: PyTorch의 `kl_div(reduction='batchmean')`
///
/// PyTorch의 `F.kl_div(input, target, reduction='batchmean')`을 다시 만드세요. `input`은 모델 분포의
/// **로그 확률** ln q를 담은 N개의 행, `target`은 데이터 분포 p를 담은 같은 모양의 행입니다. 원소마다
/// ℓ = p (ln p − input)를 계산하되 p = 0인 원소는 0으로 하고, 모두 더한 뒤 원소 수가 아니라 행 수 N으로
/// 나누세요. 그러면 행마다의 KL(p ‖ q)의 평균이 됩니다. N ≥ 1이라고 가정해도 됩니다. 결과는 상대 오차
/// 10⁻¹⁰ 또는 절대 오차 10⁻¹² 이내여야 합니다.
///
/// # Exercise: PyTorch's `kl_div(reduction='batchmean')`
///
/// Rebuild PyTorch's `F.kl_div(input, target, reduction='batchmean')`. `input` holds N rows of
/// the model's **log-probabilities** ln q, `target` rows of the same shape holding the data
/// distribution p. Compute ℓ = p (ln p − input) for each element, 0 where p = 0, add them all up
/// and divide by the number of rows N, not the number of elements: the result is the mean of the
/// rows' KL(p ‖ q). You may assume N ≥ 1. Results must be within a relative 10⁻¹⁰ or an absolute
/// 10⁻¹².
pub fn kl_div_batchmean(input: &[Vec<f64>], target: &[Vec<f64>]) -> f64 {
    todo!()
}
