//! Checks of chapter 4's exercises.

use losses::Label;
use proptest::collection::vec;

use super::{hints, label};
use crate::check::{self, Cases, Failure, Tolerance, number, numbers};
use crate::reference as r;
use crate::text::Text;

const TOLERANCE: Tolerance = Tolerance::relative(1e-12);

const DELTA: Text = Text {
    en: "E = −Σ tₖ ln(yₖ + δ) with δ = 10⁻⁷ inside the logarithm, natural log; δ keeps y = 0 finite.",
    ko: "E = −Σ tₖ ln(yₖ + δ), δ = 10⁻⁷은 로그 안에 더하고, 로그는 자연로그입니다. δ 덕분에 y = 0이어도 유한합니다.",
};

const SOFTPLUS: Text = Text {
    en: "CE = softplus(−x_t) = max(−x_t, 0) + ln_1p(e^(−|x_t|)) with x_t = y·x, y = ±1: no σ(x), no exp of a positive number.",
    ko: "CE = softplus(−x_t) = max(−x_t, 0) + ln_1p(e^(−|x_t|)), x_t = y·x, y = ±1. σ(x)를 구하지 말고 양수의 지수도 계산하지 마세요.",
};

const SHIFT: Text = Text {
    en: "Subtract the largest logit m and add the two non-negative terms (m − z_c) + ln Σ e^(zᵢ − m); computing log-sum-exp first and then subtracting z_c cancels digits.",
    ko: "가장 큰 로짓 m을 빼고 음이 아닌 두 항 (m − z_c) + ln Σ e^(zᵢ − m)을 더하세요. log-sum-exp를 먼저 구한 뒤 z_c를 빼면 유효숫자가 상쇄됩니다.",
};

/// E = −Σ t ln(y + δ): the book's two examples (to 4 digits and against mpmath), y = 0 at the true
/// class, a soft target, and random one-hot cases against `losses::binary_cross_entropy`.
pub fn cross_entropy_error(f: fn(&[f64], &[f64]) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let call = |y: &[f64], t: &[f64]| format!("cross_entropy_error(&{}, &{})", numbers(y), numbers(t));
    let t = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let right = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    let wrong = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
    for (y, expected, four_digits) in [(right, r::CH04_CEE_RIGHT, "0.5108"), (wrong, r::CH04_CEE_WRONG, "2.3026")] {
        cases
            .call(|| call(&y, &t), || f(&y, &t))
            .hint(DELTA)
            .satisfies(super::four_digits_phrase(four_digits), |e| format!("{e:.4}") == four_digits)?;
        cases.call(|| call(&y, &t), || f(&y, &t)).hint(DELTA).close(expected, TOLERANCE)?;
    }
    let zero = [0.5, 0.5, 0.0];
    let one_hot = [0.0, 0.0, 1.0];
    cases.call(|| call(&zero, &one_hot), || f(&zero, &one_hot)).hint(DELTA).close(r::CH04_CEE_ZERO, TOLERANCE)?;
    let (y, soft) = ([0.25, 0.75, 0.0], [0.5, 0.5, 0.0]);
    cases.call(|| call(&y, &soft), || f(&y, &soft)).hint(DELTA).close(r::CH04_CEE_SOFT, TOLERANCE)?;
    let strategy = (vec(0.0..0.99_f64, 1..10), proptest::num::usize::ANY);
    cases.property(strategy, |cases, (y, class)| {
        let class = class % y.len();
        let mut t = vec![0.0; y.len()];
        t[class] = 1.0;
        let expected = losses::binary_cross_entropy(y[class] + 1e-7, Label::Positive).expect("a probability");
        cases.call(|| call(&y, &t), || f(&y, &t)).hint(DELTA).close(expected, TOLERANCE)
    })
}

/// CE from a logit: mpmath values (moderate, x_t = 30, x = 40 negative, x = −1000), the four
/// infinite cases, and random logits in [−1000, 1000] against
/// `losses::binary_cross_entropy_with_logits`.
pub fn binary_cross_entropy_with_logits(f: fn(f64, Label) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let call = |x: f64, l: Label| format!("binary_cross_entropy_with_logits({}, {})", number(x), check::label(l));
    let mut case = |x: f64, l: Label, expected: f64, hint: Text| {
        cases.call(|| call(x, l), || f(x, l)).hint(hint).close(expected, TOLERANCE)
    };
    case(2.0, Label::Positive, r::CH04_BCE_2_POSITIVE, SOFTPLUS)?;
    case(-2.0, Label::Negative, r::CH04_BCE_2_POSITIVE, hints::LABEL_SIGN)?;
    case(0.0, Label::Negative, std::f64::consts::LN_2, SOFTPLUS)?;
    case(40.0, Label::Negative, r::CH04_BCE_40_NEGATIVE, SOFTPLUS)?;
    case(30.0, Label::Positive, r::CH04_BCE_30_POSITIVE, hints::LN_1P)?;
    case(-1000.0, Label::Positive, r::CH04_BCE_MINUS_1000_POSITIVE, SOFTPLUS)?;
    case(f64::INFINITY, Label::Positive, 0.0, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Positive, f64::INFINITY, hints::INFINITE_LOGIT)?;
    case(f64::INFINITY, Label::Negative, f64::INFINITY, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Negative, 0.0, hints::INFINITE_LOGIT)?;
    cases.property((-1e3..1e3_f64, label()), |cases, (x, l)| {
        let expected = losses::binary_cross_entropy_with_logits(x, l).expect("not NaN");
        cases.call(|| call(x, l), || f(x, l)).hint(SOFTPLUS).close(expected, TOLERANCE)
    })
}

/// Softmax CE: mpmath values (small logits, logits of 1000, equal logits of 10⁸, a gap of 1000),
/// a single class, and random logits in [−1000, 1000] against `losses::softmax_cross_entropy`.
pub fn softmax_cross_entropy(f: fn(&[f64], usize) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::mixed(1e-12, 1e-15);
    let call = |z: &[f64], c: usize| format!("softmax_cross_entropy(&{}, {c})", numbers(z));
    let mut case = |z: &[f64], c: usize, expected: f64| {
        cases.call(|| call(z, c), || f(z, c)).hint(SHIFT).close(expected, tolerance)
    };
    case(&[3.0, 1.0, -2.0], 1, r::CH04_SOFTMAX_CE_SMALL)?;
    case(&[1000.0, 1000.0, 999.0], 0, r::CH04_SOFTMAX_CE_1000)?;
    case(&[1e8, 1e8, 1e8], 0, r::CH04_SOFTMAX_CE_1E8)?;
    case(&[0.0, 1000.0], 0, r::CH04_SOFTMAX_CE_GAP)?;
    case(&[0.0, 1000.0], 1, 0.0)?;
    case(&[-5.0], 0, 0.0)?;
    let strategy = (vec(-1e3..1e3_f64, 1..8), proptest::num::usize::ANY);
    cases.property(strategy, |cases, (z, class)| {
        let class = class % z.len();
        let expected = losses::softmax_cross_entropy(&z, class).expect("finite logits");
        cases.call(|| call(&z, class), || f(&z, class)).hint(SHIFT).close(expected, tolerance)
    })
}
