//! Checks of chapter 8's exercises.

use losses::{FocalParams, Label};
use proptest::collection::vec;

use super::{hints, label};
use crate::check::{self, Cases, Failure, Tolerance, number, numbers, phrase};
use crate::reference as r;
use crate::text::Text;

const WEIGHT: Text = Text {
    en: "α_t is α for a positive and 1 − α for a negative, and it multiplies chapter 7's gradient as a constant; the arguments are (x, label, γ, α).",
    ko: "α_t는 양성이면 α, 음성이면 1 − α이고 7장의 기울기에 상수로 곱해집니다. 인자 순서는 (x, label, γ, α)입니다.",
};

const PRIOR: Text = Text {
    en: "b = −ln((1 − π)/π), so that σ(b) = 1/(1 + (1 − π)/π) = π; natural logarithm.",
    ko: "b = −ln((1 − π)/π)이어야 σ(b) = 1/(1 + (1 − π)/π) = π입니다. 자연로그입니다.",
};

const PER_POSITIVE: Text = Text {
    en: "Add every example's loss, negatives included, and divide by the number of positives; without positives return None.",
    ko: "음성을 포함한 모든 예제의 손실을 더하고 양성의 수로 나누세요. 양성이 없으면 None입니다.",
};

/// α_t dFL/dx: mpmath values (RetinaNet's γ = 2, α = 0.25 for both labels; γ = 0.5, α = 0.75),
/// α_t = 0 and α = ½, the infinite limits, and random inputs against
/// `losses::focal_loss_with_logits_grad` with `FocalParams::balanced`.
pub fn balanced_focal_loss_grad(f: fn(f64, Label, f64, f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-10);
    let call = |x: f64, l: Label, g: f64, a: f64| {
        format!("balanced_focal_loss_grad({}, {}, {}, {})", number(x), check::label(l), number(g), number(a))
    };
    let mut case = |x: f64, l: Label, g: f64, a: f64, expected: f64, hint: Text| {
        cases.call(|| call(x, l, g, a), || f(x, l, g, a)).hint(hint).close(expected, tolerance)
    };
    case(-3.0, Label::Positive, 2.0, 0.25, r::CH08_BFL_GRAD_MINUS_3, WEIGHT)?;
    case(1.0, Label::Negative, 2.0, 0.25, r::CH08_BFL_GRAD_NEG_1, WEIGHT)?;
    case(0.5, Label::Positive, 0.5, 0.75, r::CH08_BFL_GRAD_HALF, WEIGHT)?;
    case(-2.0, Label::Positive, 2.0, 0.0, 0.0, WEIGHT)?;
    case(f64::NEG_INFINITY, Label::Positive, 2.0, 0.0, 0.0, WEIGHT)?;
    case(2.0, Label::Negative, 2.0, 1.0, 0.0, WEIGHT)?;
    case(f64::NEG_INFINITY, Label::Positive, 2.0, 0.25, -0.25, hints::INFINITE_LOGIT)?;
    case(f64::INFINITY, Label::Negative, 2.0, 0.25, 0.75, hints::INFINITE_LOGIT)?;
    case(f64::INFINITY, Label::Positive, 2.0, 0.25, 0.0, hints::INFINITE_LOGIT)?;
    let gamma = proptest::prop_oneof![proptest::sample::select(vec![0.0, 0.5, 2.0, 5.0]), 0.0..5.0_f64];
    let alpha = proptest::prop_oneof![proptest::sample::select(vec![0.0, 0.25, 0.5, 1.0]), 0.0..=1.0_f64];
    cases.property((-1e3..1e3_f64, label(), gamma, alpha), |cases, (x, l, g, a)| {
        let params = FocalParams::balanced(g, a).expect("valid γ and α");
        let expected = losses::focal_loss_with_logits_grad(x, l, params).expect("not NaN");
        cases.call(|| call(x, l, g, a), || f(x, l, g, a)).hint(WEIGHT).close(expected, tolerance)?;
        let unweighted =
            losses::focal_loss_with_logits_grad(x, l, FocalParams::new(g).expect("γ ≥ 0")).expect("not NaN");
        cases.call(|| call(x, l, g, 0.5), || f(x, l, g, 0.5)).hint(WEIGHT).close(0.5 * unweighted, tolerance)
    })
}

/// b = −ln((1 − π)/π): π = 0.01 (to 4 decimals and against mpmath), ½, 10⁻³⁰⁰ and 0.999, and σ(b) = π
/// with `losses::activation::sigmoid` for random π.
pub fn prior_bias(f: fn(f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-12);
    let call = |pi: f64| format!("prior_bias({})", number(pi));
    cases
        .call(|| call(0.01), || f(0.01))
        .hint(PRIOR)
        .satisfies(super::four_digits_phrase("-4.5951"), |b| format!("{b:.4}") == "-4.5951")?;
    cases.call(|| call(0.01), || f(0.01)).hint(PRIOR).close(r::CH08_PRIOR_BIAS, tolerance)?;
    cases.call(|| call(0.5), || f(0.5)).hint(PRIOR).close(0.0, tolerance)?;
    cases.call(|| call(1e-300), || f(1e-300)).hint(PRIOR).close(r::CH08_PRIOR_BIAS_TINY, tolerance)?;
    cases.call(|| call(0.999), || f(0.999)).hint(PRIOR).close(r::CH08_PRIOR_BIAS_HIGH, tolerance)?;
    cases.property(0.001..0.999_f64, |cases, pi| {
        cases.call(|| call(pi), || f(pi)).hint(PRIOR).satisfies(
            phrase(
                format!("b with σ(b) = {} (within a relative 1e-12)", number(pi)),
                format!("σ(b) = {}인 b (상대 오차 1e-12 이내)", number(pi)),
            ),
            |&b| (losses::activation::sigmoid(b) - pi).abs() <= 1e-12 * pi,
        )
    })
}

/// Σ loss / N₊: chapter 8's five anchors (losses from `losses::focal_loss_with_logits`), no
/// positives, the empty batch, and random batches.
pub fn loss_per_positive(f: fn(&[f64], &[Label]) -> Option<f64>, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-12);
    let call = |v: &[f64], l: &[Label]| format!("loss_per_positive(&{}, &{})", numbers(v), check::labels(l));
    let logits = [2.0, -3.0, 0.5, -0.2, 4.0];
    let labels = [Label::Positive, Label::Negative, Label::Negative, Label::Positive, Label::Negative];
    let per_example: Vec<f64> = logits
        .iter()
        .zip(&labels)
        .map(|(&x, &l)| losses::focal_loss_with_logits(x, l, FocalParams::retinanet()).expect("not NaN"))
        .collect();
    let expected = per_example.iter().sum::<f64>() / 2.0;
    cases
        .call(|| call(&per_example, &labels), || f(&per_example, &labels))
        .hint(PER_POSITIVE)
        .close(Some(expected), tolerance)?;
    let negatives = [Label::Negative; 3];
    cases
        .call(|| call(&[0.1, 0.2, 0.3], &negatives), || f(&[0.1, 0.2, 0.3], &negatives))
        .hint(PER_POSITIVE)
        .close(None, tolerance)?;
    cases.call(|| call(&[], &[]), || f(&[], &[])).hint(PER_POSITIVE).close(None, tolerance)?;
    cases.property(vec((0.0..10.0_f64, label()), 0..12), |cases, batch| {
        let (values, labels): (Vec<f64>, Vec<Label>) = batch.into_iter().unzip();
        let positives = labels.iter().filter(|&&l| l == Label::Positive).count();
        let expected = (positives > 0).then(|| values.iter().sum::<f64>() / positives as f64);
        cases.call(|| call(&values, &labels), || f(&values, &labels)).hint(PER_POSITIVE).close(expected, tolerance)
    })
}
