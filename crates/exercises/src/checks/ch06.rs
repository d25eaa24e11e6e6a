//! Checks of chapter 6's exercises.

use losses::{FocalParams, Label};
use proptest::collection::vec;

use super::label;
use crate::check::{self, Cases, Failure, Tolerance, number, numbers, phrase};
use crate::reference as r;
use crate::text::Text;

const TOLERANCE: Tolerance = Tolerance::relative(1e-10);

const FOCAL: Text = Text {
    en: "FL = −(1 − p_t)^γ ln p_t with p_t = p for a positive and 1 − p for a negative, in the factor too.",
    ko: "FL = −(1 − p_t)^γ ln p_t이고, 인자에서도 p_t는 양성이면 p, 음성이면 1 − p입니다.",
};

const ZERO_POWER_ZERO: Text = Text {
    en: "At p_t = 1 the loss is 0 for every γ, γ = 0 included: 0⁰ = 1 (powf), while exp(0·ln 0) = exp(0·(−∞)) is NaN.",
    ko: "p_t = 1에서 손실은 γ = 0을 포함해 모든 γ에서 0입니다. 0⁰ = 1(powf)이지만 exp(0·ln 0) = exp(0·(−∞))는 NaN입니다.",
};

const PER_EXAMPLE: Text = Text {
    en: "Apply the factor (1 − p_t)^γ to each example with its own p_t, then average; a factor computed from the mean cross-entropy is not the focal loss.",
    ko: "인자 (1 − p_t)^γ는 예제마다 그 예제의 p_t로 곱한 뒤 평균하세요. 평균 교차 엔트로피로 구한 인자 하나는 초점 손실이 아닙니다.",
};

fn expected_focal(p: f64, label: Label, gamma: f64) -> f64 {
    losses::focal_loss(p, label, FocalParams::new(gamma).expect("γ ≥ 0")).expect("a probability")
}

/// FL: mpmath values from the chapter's table (both labels), γ = 0 as the cross-entropy, p_t = 0
/// and p_t = 1 for γ = 0 and 2, FL ≤ CE, and random inputs against `losses::focal_loss`.
pub fn focal_loss(f: fn(f64, Label, f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let call = |p: f64, l: Label, g: f64| format!("focal_loss({}, {}, {})", number(p), check::label(l), number(g));
    let mut case = |p: f64, l: Label, g: f64, expected: f64, hint: Text| {
        cases.call(|| call(p, l, g), || f(p, l, g)).hint(hint).close(expected, TOLERANCE)
    };
    case(0.9, Label::Positive, 2.0, r::CH06_FOCAL_09_2, FOCAL)?;
    case(0.3, Label::Negative, 0.5, r::CH06_FOCAL_NEG_03_05, FOCAL)?;
    case(0.25, Label::Positive, 5.0, r::CH06_FOCAL_025_5, FOCAL)?;
    case(0.9, Label::Positive, 0.0, -(0.9_f64.ln()), FOCAL)?;
    case(1.0, Label::Positive, 0.0, 0.0, ZERO_POWER_ZERO)?;
    case(0.0, Label::Negative, 0.0, 0.0, ZERO_POWER_ZERO)?;
    case(1.0, Label::Positive, 2.0, 0.0, ZERO_POWER_ZERO)?;
    case(0.0, Label::Positive, 2.0, f64::INFINITY, FOCAL)?;
    case(1.0, Label::Negative, 0.5, f64::INFINITY, FOCAL)?;
    let gamma = proptest::prop_oneof![proptest::sample::select(vec![0.0, 0.5, 1.0, 2.0, 5.0]), 0.0..5.0_f64];
    cases.property((0.0..=1.0_f64, label(), gamma), |cases, (p, l, g)| {
        let expected = expected_focal(p, l, g);
        cases.call(|| call(p, l, g), || f(p, l, g)).hint(FOCAL).close(expected, TOLERANCE)?;
        let ce = losses::binary_cross_entropy(p, l).expect("a probability");
        cases.call(|| call(p, l, g), || f(p, l, g)).hint(FOCAL).satisfies(
            phrase("at most the cross-entropy (FL ≤ CE)".into(), "교차 엔트로피 이하 (FL ≤ CE)".into()),
            |&fl| fl <= ce * (1.0 + 1e-12),
        )
    })
}

/// Mean FL: a batch of easy negatives and a hard positive (mpmath) for γ = 2 and γ = 0, the empty
/// batch, and random batches against the mean of `losses::focal_loss`.
pub fn mean_focal_loss(f: fn(&[f64], &[Label], f64) -> Option<f64>, cases: &mut Cases) -> Result<(), Failure> {
    let call = |p: &[f64], l: &[Label], g: f64| {
        format!("mean_focal_loss(&{}, &{}, {})", numbers(p), check::labels(l), number(g))
    };
    let mut p = vec![0.01; 10];
    let mut labels = vec![Label::Negative; 10];
    p.push(0.1);
    labels.push(Label::Positive);
    cases
        .call(|| call(&p, &labels, 2.0), || f(&p, &labels, 2.0))
        .hint(PER_EXAMPLE)
        .close(Some(r::CH06_MEAN_FOCAL), TOLERANCE)?;
    let mean_ce = (10.0 * -(0.99_f64).ln() - 0.1_f64.ln()) / 11.0;
    cases
        .call(|| call(&p, &labels, 0.0), || f(&p, &labels, 0.0))
        .hint(PER_EXAMPLE)
        .close(Some(mean_ce), Tolerance::relative(1e-9))?;
    cases.call(|| call(&[], &[], 2.0), || f(&[], &[], 2.0)).close(None, TOLERANCE)?;
    let batch = vec((0.001..0.999_f64, label()), 1..12);
    cases.property((batch, 0.0..5.0_f64), |cases, (batch, g)| {
        let (p, labels): (Vec<f64>, Vec<Label>) = batch.into_iter().unzip();
        let total: f64 = p.iter().zip(&labels).map(|(&pi, &l)| expected_focal(pi, l, g)).sum();
        let expected = total / p.len() as f64;
        cases.call(|| call(&p, &labels, g), || f(&p, &labels, g)).hint(PER_EXAMPLE).close(Some(expected), TOLERANCE)
    })
}
