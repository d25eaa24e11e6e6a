//! 2장 SSE, MSE, RMSE, RSE, MAE의 연습 문제 · Exercises of chapter 2, SSE, MSE, RMSE, RSE, MAE.
//!
//! `todo!()`를 여러분의 답으로 바꾸고 `cargo xtask exercise ch02`로 채점하세요.
//! Replace each `todo!()` with your answer and grade it with `cargo xtask exercise ch02`.

/// # 연습 문제: 오차 제곱합
///
/// 오차 제곱합 SSE = Σᵢ (yᵢ − ŷᵢ)²를 구현하세요. `y`와 `y_hat`의 길이는 같다고 가정해도 됩니다.
/// 빈 입력의 SSE는 0입니다(빈 합). 2장의 예제 데이터 y = [2, 4, 5, 4, 5],
/// ŷ = [2.8, 3.4, 4.0, 4.6, 5.2]에서 SSE는 2.4입니다. 결과는 상대 오차 10⁻¹² 이내여야 합니다.
///
/// # Exercise: Sum of squared errors
///
/// Implement the sum of squared errors SSE = Σᵢ (yᵢ − ŷᵢ)². You may assume that `y` and `y_hat`
/// have the same length. The SSE of empty input is 0 (the empty sum). On Chapter 2's example data
/// y = [2, 4, 5, 4, 5], ŷ = [2.8, 3.4, 4.0, 4.6, 5.2] the SSE is 2.4. Results must be within a
/// relative 10⁻¹².
pub fn sum_of_squared_errors(y: &[f64], y_hat: &[f64]) -> f64 {
    todo!()
}

/// # 연습 문제: 잔차 표준 오차
///
/// 예측 변수 p개(와 절편)로 적합한 회귀의 잔차 표준 오차 RSE = √(SSE / (n − p − 1))를 구현하세요.
/// n − p − 1이 0 이하이면(자유도가 남지 않으면) `None`을 돌려주세요. 빈 입력도 마찬가지입니다.
/// 2장의 예제(p = 1)에서 RSE는 √0.8 ≈ 0.894입니다. 결과는 상대 오차 10⁻¹² 이내여야 합니다.
///
/// # Exercise: Residual standard error
///
/// Implement the residual standard error of a regression fitted with p predictors (and an
/// intercept), RSE = √(SSE / (n − p − 1)). Return `None` when n − p − 1 is 0 or less (no degrees
/// of freedom left), empty input included. On Chapter 2's example (p = 1) the RSE is
/// √0.8 ≈ 0.894. Results must be within a relative 10⁻¹².
pub fn residual_standard_error(y: &[f64], y_hat: &[f64], predictors: usize) -> Option<f64> {
    todo!()
}

/// # 연습 문제: 『밑바닥부터 시작하는 딥러닝』의 오차 제곱합
///
/// 『밑바닥부터 시작하는 딥러닝』 4장은 오차 제곱합을 E = ½ Σₖ (yₖ − tₖ)²로 정의합니다. 2장의 SSE에
/// ½을 곱한 양입니다(½은 미분했을 때 2가 지워지게 하려고 붙입니다). 이 정의를 구현하세요. 그 책의
/// 두 예(정답 t는 2번 클래스의 원-핫(one-hot) 벡터)는 y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]에서
/// 0.0975, 7번 클래스에 0.6을 준 예측에서 0.5975입니다. 빈 입력은 0입니다. 결과는 상대 오차 10⁻¹² 이내여야
/// 합니다.
///
/// # Exercise: The sum of squares of "Deep Learning from Scratch"
///
/// Chapter 4 of *Deep Learning from Scratch* (Saito Koki) defines the sum of squared errors as
/// E = ½ Σₖ (yₖ − tₖ)²: Chapter 2's SSE times ½ (the ½ cancels the 2 of the derivative).
/// Implement that definition. The book's two examples (t is one-hot at class 2) give 0.0975 for
/// y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0] and 0.5975 for the prediction that puts
/// 0.6 on class 7 instead. Empty input gives 0. Results must be within a relative 10⁻¹².
pub fn half_sum_of_squared_errors(y: &[f64], t: &[f64]) -> f64 {
    todo!()
}
