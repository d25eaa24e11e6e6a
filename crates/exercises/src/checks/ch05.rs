//! Checks of chapter 5's exercises.

use losses::Label;
use proptest::collection::vec;

use super::{hints, label};
use crate::check::{self, Cases, Failure, Tolerance, number, numbers};
use crate::reference as r;
use crate::text::Text;

const WEIGHT: Text = Text {
    en: "α_t is α for a positive and 1 − α for a negative; p_t is p for a positive and 1 − p for a negative.",
    ko: "α_t는 양성이면 α, 음성이면 1 − α이고, p_t는 양성이면 p, 음성이면 1 − p입니다.",
};

const WEIGHTED_OUT: Text = Text {
    en: "α_t = 0 removes the example: return 0 before multiplying, since 0·∞ is NaN.",
    ko: "α_t = 0이면 그 예제는 빠집니다. 0·∞는 NaN이므로 곱하기 전에 0을 돌려주세요.",
};

const SHARES: Text = Text {
    en: "α·P = (1 − α)·N gives α = N / (P + N), with P and N the summed cross-entropies −ln p_t of the positives and of the negatives.",
    ko: "α·P = (1 − α)·N에서 α = N / (P + N)입니다. P와 N은 양성들과 음성들의 교차 엔트로피 −ln p_t의 합입니다.",
};

/// −α_t ln p_t: chapter 5's example (mpmath), α = ½ as half the cross-entropy, p_t = 0 and 1 with
/// α_t = 0 and 1, a tiny p for a negative, and random inputs against
/// `losses::balanced_cross_entropy`.
pub fn balanced_cross_entropy(f: fn(f64, Label, f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-12);
    let call =
        |p: f64, l: Label, a: f64| format!("balanced_cross_entropy({}, {}, {})", number(p), check::label(l), number(a));
    let mut case = |p: f64, l: Label, a: f64, expected: f64, hint: Text| {
        cases.call(|| call(p, l, a), || f(p, l, a)).hint(hint).close(expected, tolerance)
    };
    case(0.3, Label::Positive, 0.25, r::CH05_BOOK_POSITIVE, WEIGHT)?;
    case(0.3, Label::Negative, 0.25, r::CH05_BOOK_NEGATIVE, WEIGHT)?;
    case(0.0, Label::Positive, 0.25, f64::INFINITY, WEIGHT)?;
    case(0.0, Label::Positive, 0.0, 0.0, WEIGHTED_OUT)?;
    case(1.0, Label::Negative, 1.0, 0.0, WEIGHTED_OUT)?;
    case(1.0, Label::Positive, 0.25, 0.0, WEIGHT)?;
    case(0.0, Label::Negative, 0.0, 0.0, WEIGHT)?;
    case(1e-12, Label::Negative, 0.25, r::CH05_TINY_NEGATIVE, hints::LN_1P)?;
    cases.property((0.0..=1.0_f64, label(), 0.0..=1.0_f64), |cases, (p, l, a)| {
        let expected = losses::balanced_cross_entropy(p, l, a).expect("valid input");
        cases.call(|| call(p, l, a), || f(p, l, a)).hint(WEIGHT).close(expected, tolerance)?;
        // α = ½ weights both classes alike: half the cross-entropy.
        let half = 0.5 * losses::binary_cross_entropy(p, l).expect("a probability");
        cases.call(|| call(p, l, 0.5), || f(p, l, 0.5)).hint(WEIGHT).close(half, tolerance)
    })
}

/// α = N / (P + N): chapter 5's batch (mpmath), one class only, the empty batch, and random
/// batches against sums of `losses::binary_cross_entropy`.
pub fn alpha_for_equal_shares(f: fn(&[f64], &[Label]) -> Option<f64>, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-10);
    let call = |p: &[f64], l: &[Label]| format!("alpha_for_equal_shares(&{}, &{})", numbers(p), check::labels(l));
    let mut p = vec![0.3];
    let mut labels = vec![Label::Positive];
    p.extend([0.01; 1000]);
    labels.extend([Label::Negative; 1000]);
    cases.call(|| call(&p, &labels), || f(&p, &labels)).hint(SHARES).close(Some(r::CH05_EQUAL_SHARES), tolerance)?;
    let negatives_only = ([0.2, 0.6], [Label::Negative, Label::Negative]);
    cases
        .call(|| call(&negatives_only.0, &negatives_only.1), || f(&negatives_only.0, &negatives_only.1))
        .hint(SHARES)
        .close(Some(1.0), tolerance)?;
    cases
        .call(|| call(&[0.4], &[Label::Positive]), || f(&[0.4], &[Label::Positive]))
        .hint(SHARES)
        .close(Some(0.0), tolerance)?;
    cases.call(|| call(&[], &[]), || f(&[], &[])).close(None, tolerance)?;
    cases.property(vec((0.001..0.999_f64, label()), 1..12), |cases, batch| {
        let (p, labels): (Vec<f64>, Vec<Label>) = batch.into_iter().unzip();
        let total = |class: Label| -> f64 {
            p.iter()
                .zip(&labels)
                .filter(|&(_, &l)| l == class)
                .map(|(&pi, &l)| losses::binary_cross_entropy(pi, l).expect("a probability"))
                .sum()
        };
        let (positives, negatives) = (total(Label::Positive), total(Label::Negative));
        let expected = negatives / (positives + negatives);
        cases.call(|| call(&p, &labels), || f(&p, &labels)).hint(SHARES).close(Some(expected), tolerance)
    })
}
