//! One check per exercise, written once and run against any implementation: each takes the
//! implementation as a function value (`f`) and returns the first failing case.
//!
//! A check compares against three kinds of truth: the `losses` crate (on property-test inputs),
//! independent reference values ([`crate::reference`](mod@crate::reference), computed with mpmath), and the edge cases
//! a careless answer gets wrong (p = 0 or 1, ±∞ logits, γ = 0, α = 0 or 1, empty input).

use proptest::collection::vec;
use proptest::strategy::Strategy;

pub mod ch02;
pub mod ch03;
pub mod ch04;
pub mod ch05;
pub mod ch06;
pub mod ch07;
pub mod ch08;
pub mod ch09;

/// Hints shared by several chapters.
pub mod hints {
    use crate::text::Text;

    /// The empty sum.
    pub const EMPTY_SUM: Text = Text {
        en: "A sum over no terms is 0; dividing by the number of terms would give 0/0 = NaN.",
        ko: "항이 하나도 없는 합은 0입니다. 항의 개수로 나누면 0/0 = NaN이 됩니다.",
    };

    /// ln(1 + u) for tiny u.
    pub const LN_1P: Text = Text {
        en: "ln(1 + u) loses every digit of a tiny u once 1 + u is rounded: use u.ln_1p() (and ln(1 − p) = (−p).ln_1p()).",
        ko: "1 + u가 반올림되면 작은 u의 유효숫자가 모두 사라집니다. u.ln_1p()를 쓰세요(ln(1 − p)는 (−p).ln_1p()).",
    };

    /// 1 − σ(x) by subtraction.
    pub const COMPLEMENT: Text = Text {
        en: "1 − σ(x) cancels to 0 once σ(x) rounds to 1 (x ≥ 36.74 in f64): compute it as σ(−x).",
        ko: "σ(x)가 1로 반올림되면(f64에서 x ≥ 36.74) 1 − σ(x)는 0으로 상쇄됩니다. σ(−x)로 계산하세요.",
    };

    /// Infinite logits.
    pub const INFINITE_LOGIT: Text = Text {
        en: "A logit of ±∞ is a limit, not an error: certain and right, certain and wrong. Look at what the formula tends to, and avoid ∞ − ∞ and 0·∞.",
        ko: "±∞ 로짓은 오류가 아니라 극한입니다(확실하게 맞힘, 확실하게 틀림). 식의 극한값을 보고 ∞ − ∞와 0·∞를 피하세요.",
    };

    /// Labels: y = ±1 in the formulas, `Label` in the code.
    pub const LABEL_SIGN: Text = Text {
        en: "In y·x and y(p_t − 1) the label is y = ±1 (label.sign::<f64>()), not the 0/1 indicator.",
        ko: "y·x와 y(p_t − 1)의 y는 0/1이 아니라 ±1입니다(label.sign::<f64>()).",
    };
}

/// "0.0975 to 4 decimals", the way a textbook prints its numbers.
pub fn four_digits_phrase(value: &str) -> crate::check::Phrase {
    crate::check::phrase(format!("{value} to 4 decimals"), format!("소수점 아래 넷째 자리까지 {value}"))
}

/// Pairs (y, ŷ) of equal length 1–19, values in [−1000, 1000].
pub fn pairs() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    vec((-1e3..1e3_f64, -1e3..1e3_f64), 1..20).prop_map(|v| v.into_iter().unzip())
}

/// Probability vectors of length 1–8, some entries exactly 0.
pub fn distribution() -> impl Strategy<Value = Vec<f64>> {
    vec(proptest::prop_oneof![1 => proptest::strategy::Just(0.0), 4 => 0.001..1.0_f64], 1..8).prop_filter_map(
        "all zero",
        |weights| {
            let total: f64 = weights.iter().sum();
            (total > 0.0).then(|| weights.iter().map(|w| w / total).collect())
        },
    )
}

/// Both labels.
pub fn label() -> impl Strategy<Value = losses::Label> {
    proptest::prop_oneof![
        proptest::strategy::Just(losses::Label::Positive),
        proptest::strategy::Just(losses::Label::Negative)
    ]
}

/// Two-sided central difference of `f` at x with step h (error O(h²)), the second method the
/// gradient checks compare with.
pub fn slope(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-5;
    (8.0 * (f(x + h) - f(x - h)) - (f(x + 2.0 * h) - f(x - 2.0 * h))) / (12.0 * h)
}
