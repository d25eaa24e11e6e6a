//! Checks of chapter 2's exercises.

use super::{four_digits_phrase, hints, pairs};
use crate::check::{Cases, Failure, Tolerance, numbers};
use crate::reference as r;
use crate::text::Text;

const TOLERANCE: Tolerance = Tolerance::mixed(1e-12, 1e-300);

const RSE_HINT: Text = Text {
    en: "RSE divides by the degrees of freedom n − p − 1, not by n, and takes the square root; with n ≤ p + 1 there is none left (and n − p − 1 in usize must not underflow).",
    ko: "RSE는 n이 아니라 자유도 n − p − 1로 나누고 제곱근을 취합니다. n ≤ p + 1이면 자유도가 남지 않습니다(usize로 n − p − 1을 계산하면 언더플로가 나지 않게 하세요).",
};

const HALF_SSE_HINT: Text = Text {
    en: "The book's E is ½ times the sum (not the mean) of the squared differences.",
    ko: "그 책의 E는 차이의 제곱을 평균이 아니라 모두 더한 값에 ½을 곱한 것입니다.",
};

const BOOK_Y: [f64; 5] = [2.0, 4.0, 5.0, 4.0, 5.0];
const BOOK_Y_HAT: [f64; 5] = [2.8, 3.4, 4.0, 4.6, 5.2];

/// SSE = Σ (yᵢ − ŷᵢ)²: chapter 2's example, a single pair, empty input, y = ŷ, and random data
/// against `losses::sum_of_squared_errors`.
pub fn sum_of_squared_errors(f: fn(&[f64], &[f64]) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let call = |y: &[f64], y_hat: &[f64]| format!("sum_of_squared_errors(&{}, &{})", numbers(y), numbers(y_hat));
    cases.call(|| call(&BOOK_Y, &BOOK_Y_HAT), || f(&BOOK_Y, &BOOK_Y_HAT)).close(r::CH02_BOOK_SSE, TOLERANCE)?;
    cases.call(|| call(&[3.0], &[1.0]), || f(&[3.0], &[1.0])).close(4.0, TOLERANCE)?;
    cases.call(|| call(&[], &[]), || f(&[], &[])).hint(hints::EMPTY_SUM).close(0.0, Tolerance::EXACT)?;
    cases.call(|| call(&BOOK_Y, &BOOK_Y), || f(&BOOK_Y, &BOOK_Y)).close(0.0, Tolerance::EXACT)?;
    cases.property(pairs(), |cases, (y, y_hat)| {
        let expected = losses::sum_of_squared_errors(&y, &y_hat).expect("valid input");
        cases.call(|| call(&y, &y_hat), || f(&y, &y_hat)).close(expected, TOLERANCE)
    })
}

/// RSE = √(SSE / (n − p − 1)): chapter 2's example (p = 1), p = 2 and p = 0, no degrees of freedom
/// (n = p + 1, n < p + 1, empty), and random data against `losses::residual_standard_error`.
pub fn residual_standard_error(f: fn(&[f64], &[f64], usize) -> Option<f64>, cases: &mut Cases) -> Result<(), Failure> {
    let call = |y: &[f64], y_hat: &[f64], p: usize| {
        format!("residual_standard_error(&{}, &{}, {p})", numbers(y), numbers(y_hat))
    };
    let mut case = |y: &[f64], y_hat: &[f64], p: usize, expected: Option<f64>| {
        cases.call(|| call(y, y_hat, p), || f(y, y_hat, p)).hint(RSE_HINT).close(expected, TOLERANCE)
    };
    case(&BOOK_Y, &BOOK_Y_HAT, 1, Some(r::CH02_BOOK_RSE))?;
    let y = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0];
    let y_hat = [1.5, 2.5, 2.5, 4.5, 4.5, 5.5];
    case(&y, &y_hat, 2, Some(r::CH02_RSE_TWO_PREDICTORS))?;
    case(&[1.0, 2.0, 3.0], &[0.0, 0.0, 0.0], 0, Some(r::CH02_RSE_NO_PREDICTOR))?;
    case(&BOOK_Y[..2], &BOOK_Y_HAT[..2], 1, None)?;
    case(&BOOK_Y[..3], &BOOK_Y_HAT[..3], 5, None)?;
    case(&[], &[], 0, None)?;
    let strategy = (pairs(), 0..4_usize);
    cases.property(strategy, |cases, ((y, y_hat), p)| {
        let expected = match losses::residual_standard_error(&y, &y_hat, p) {
            Ok(rse) => Some(rse),
            Err(losses::LossError::NotEnoughDegreesOfFreedom { .. }) => None,
            Err(other) => panic!("the check's own input is invalid: {other}"),
        };
        cases.call(|| call(&y, &y_hat, p), || f(&y, &y_hat, p)).hint(RSE_HINT).close(expected, TOLERANCE)
    })
}

/// E = ½ Σ (yₖ − tₖ)²: the two examples of *Deep Learning from Scratch* (to 4 digits and
/// against mpmath), empty input, and random data against ½ · `losses::sum_of_squared_errors`.
pub fn half_sum_of_squared_errors(f: fn(&[f64], &[f64]) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let call = |y: &[f64], t: &[f64]| format!("half_sum_of_squared_errors(&{}, &{})", numbers(y), numbers(t));
    let t = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let right = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    let wrong = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
    for (y, expected, four_digits) in [(right, r::CH02_DL_SSE_RIGHT, "0.0975"), (wrong, r::CH02_DL_SSE_WRONG, "0.5975")]
    {
        cases
            .call(|| call(&y, &t), || f(&y, &t))
            .hint(HALF_SSE_HINT)
            .satisfies(four_digits_phrase(four_digits), |e| format!("{e:.4}") == four_digits)?;
        cases.call(|| call(&y, &t), || f(&y, &t)).hint(HALF_SSE_HINT).close(expected, TOLERANCE)?;
    }
    cases.call(|| call(&[], &[]), || f(&[], &[])).hint(hints::EMPTY_SUM).close(0.0, Tolerance::EXACT)?;
    cases.property(pairs(), |cases, (y, t)| {
        let expected = 0.5 * losses::sum_of_squared_errors(&y, &t).expect("valid input");
        cases.call(|| call(&y, &t), || f(&y, &t)).hint(HALF_SSE_HINT).close(expected, TOLERANCE)
    })
}
