//! Checks of chapter 9's exercises.

use losses::{FocalParams, Label};
use proptest::collection::vec;

use super::{hints, label};
use crate::check::{self, Cases, Failure, Tolerance, number, numbers, phrase};
use crate::reference as r;
use crate::text::Text;

const SHIFT: Text = Text {
    en: "Subtract the largest logit m: m + ln Σ e^(zᵢ − m). If m is ±∞ (or there is no logit), return m (−∞ for empty input): z − m would be ∞ − ∞ = NaN.",
    ko: "가장 큰 로짓 m을 빼세요: m + ln Σ e^(zᵢ − m). m이 ±∞이면(또는 로짓이 없으면) m(빈 입력은 −∞)을 돌려주세요. z − m이 ∞ − ∞ = NaN이 됩니다.",
};

const STABLE_FOCAL: Text = Text {
    en: "FL = σ(−x_t)^γ · softplus(−x_t): 1 − σ(x_t) cancels once σ rounds to 1, and ln σ(x_t) is −∞ once σ underflows.",
    ko: "FL = σ(−x_t)^γ · softplus(−x_t)입니다. σ가 1로 반올림되면 1 − σ(x_t)는 상쇄되고, σ가 언더플로하면 ln σ(x_t)는 −∞입니다.",
};

const ROUNDING: Text = Text {
    en: "In f32, 1 + e^(−x) rounds to 1 once e^(−x) ≤ 2⁻²⁴ (half the gap ε = 2⁻²³ above 1): x ≈ 24 ln 2 ≈ 16.64, not the f64 value 36.74.",
    ko: "f32에서 1 + e^(−x)는 e^(−x) ≤ 2⁻²⁴(1 위의 간격 ε = 2⁻²³의 절반)일 때 1로 반올림됩니다: x ≈ 24 ln 2 ≈ 16.64이고, f64의 값 36.74가 아닙니다.",
};

/// log-sum-exp: mpmath values (small, ±10⁴, a spread of 2·10⁴), one logit, empty input, −∞ and +∞
/// entries, and random logits in [−10⁴, 10⁴] against `losses::log_sum_exp`.
pub fn log_sum_exp(f: fn(&[f64]) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::mixed(1e-12, 1e-12);
    let call = |z: &[f64]| format!("log_sum_exp(&{})", numbers(z));
    let mut case = |z: &[f64], expected: f64| cases.call(|| call(z), || f(z)).hint(SHIFT).close(expected, tolerance);
    case(&[1.0, 2.0, 3.0], r::CH09_LSE_SMALL)?;
    case(&[1e4, 1e4], r::CH09_LSE_1E4)?;
    case(&[0.0, 1e4], r::CH09_LSE_1E4 - std::f64::consts::LN_2)?;
    case(&[-1e4, -1e4], r::CH09_LSE_MINUS_1E4)?;
    case(&[1e4, 0.0, -1e4], r::CH09_LSE_SPREAD)?;
    case(&[-3.5], -3.5)?;
    case(&[], f64::NEG_INFINITY)?;
    case(&[f64::NEG_INFINITY, f64::NEG_INFINITY], f64::NEG_INFINITY)?;
    case(&[f64::NEG_INFINITY, 0.0], 0.0)?;
    case(&[0.0, f64::INFINITY], f64::INFINITY)?;
    cases.property(vec(-1e4..1e4_f64, 1..10), |cases, z| {
        let expected = losses::log_sum_exp(&z).expect("finite logits");
        cases.call(|| call(&z), || f(&z)).hint(SHIFT).close(expected, tolerance)
    })
}

/// FL from a logit: mpmath values (x_t = 40, 17, 100, −1000; γ = 0.5, 2, 5), γ = 0 as the
/// cross-entropy, the infinite limits, and random logits in [−1000, 1000] against
/// `losses::focal_loss_with_logits`.
pub fn focal_loss_with_logits(f: fn(f64, Label, f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-10);
    let call =
        |x: f64, l: Label, g: f64| format!("focal_loss_with_logits({}, {}, {})", number(x), check::label(l), number(g));
    let mut case = |x: f64, l: Label, g: f64, expected: f64, hint: Text| {
        cases.call(|| call(x, l, g), || f(x, l, g)).hint(hint).close(expected, tolerance)
    };
    case(3.0, Label::Negative, 0.5, r::CH09_FL_NEG_3_05, STABLE_FOCAL)?;
    case(40.0, Label::Positive, 2.0, r::CH09_FL_40_2, STABLE_FOCAL)?;
    case(-40.0, Label::Negative, 2.0, r::CH09_FL_40_2, hints::LABEL_SIGN)?;
    case(-1000.0, Label::Positive, 2.0, r::CH09_FL_MINUS_1000_2, STABLE_FOCAL)?;
    case(1000.0, Label::Negative, 2.0, r::CH09_FL_MINUS_1000_2, STABLE_FOCAL)?;
    case(1000.0, Label::Positive, 2.0, 0.0, STABLE_FOCAL)?;
    case(-100.0, Label::Negative, 5.0, r::CH09_FL_NEG_MINUS_100_5, STABLE_FOCAL)?;
    case(17.0, Label::Positive, 2.0, r::CH09_FL_17_2, STABLE_FOCAL)?;
    case(40.0, Label::Negative, 0.0, 40.0, STABLE_FOCAL)?;
    case(f64::INFINITY, Label::Positive, 2.0, 0.0, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Positive, 2.0, f64::INFINITY, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Negative, 0.0, 0.0, hints::INFINITE_LOGIT)?;
    let gamma = proptest::prop_oneof![proptest::sample::select(vec![0.0, 0.5, 1.0, 2.0, 5.0]), 0.0..5.0_f64];
    cases.property((-1e3..1e3_f64, label(), gamma), |cases, (x, l, g)| {
        let expected = losses::focal_loss_with_logits(x, l, FocalParams::new(g).expect("γ ≥ 0")).expect("not NaN");
        cases.call(|| call(x, l, g), || f(x, l, g)).hint(STABLE_FOCAL).close(expected, tolerance)
    })
}

/// The f32 threshold: the naive sigmoid is 1 at the answer and below 1 one f32 lower (on this
/// machine's arithmetic), and the answer is the mpmath value (every operation correctly rounded).
pub fn sigmoid_rounds_to_one_f32(f: fn() -> f32, cases: &mut Cases) -> Result<(), Failure> {
    let naive = |x: f32| 1.0 / (1.0 + (-x).exp());
    let call = || "sigmoid_rounds_to_one_f32()".to_string();
    cases.call(call, f).hint(ROUNDING).satisfies(
        phrase("an x with 1 / (1 + e^(−x)) = 1 in f32".into(), "f32에서 1 / (1 + e^(−x)) = 1인 x".into()),
        |&x| naive(x) == 1.0,
    )?;
    cases.call(call, f).hint(ROUNDING).satisfies(
        phrase(
            "the smallest such x: one f32 lower, the sigmoid is below 1".into(),
            "그런 x 가운데 가장 작은 값: 바로 아래 f32에서는 시그모이드가 1보다 작아야 합니다".into(),
        ),
        |&x| naive(x.next_down()) < 1.0,
    )?;
    cases.call(call, f).hint(ROUNDING).exactly(r::CH09_SIGMOID_ONE_F32)
}

/// 1 − σ(x): mpmath values (x = 40, −3, 700), 0, the infinite limits, and random x in
/// [−745, 745] against `losses::activation::sigmoid_complement`.
pub fn sigmoid_complement(f: fn(f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-12);
    let call = |x: f64| format!("sigmoid_complement({})", number(x));
    let mut case =
        |x: f64, expected: f64| cases.call(|| call(x), || f(x)).hint(hints::COMPLEMENT).close(expected, tolerance);
    case(0.0, 0.5)?;
    case(-3.0, r::CH09_COMPLEMENT_MINUS_3)?;
    case(40.0, r::CH09_COMPLEMENT_40)?;
    case(700.0, r::CH09_COMPLEMENT_700)?;
    case(-1000.0, 1.0)?;
    case(f64::INFINITY, 0.0)?;
    case(f64::NEG_INFINITY, 1.0)?;
    cases.property(-745.0..745.0_f64, |cases, x| {
        let expected = losses::activation::sigmoid_complement(x);
        cases.call(|| call(x), || f(x)).hint(hints::COMPLEMENT).close(expected, tolerance)
    })
}
