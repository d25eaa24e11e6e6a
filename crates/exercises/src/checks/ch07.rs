//! Checks of chapter 7's exercises.

use losses::{FocalParams, Label};

use super::{hints, label, slope};
use crate::check::{self, Cases, Failure, Tolerance, number};
use crate::reference as r;
use crate::text::Text;

const WITH_RESPECT_TO_X: Text = Text {
    en: "dCE/dx = y(p_t − 1) with y = ±1: the chain rule multiplies dCE/dp_t = −1/p_t by dp_t/dx = y p_t (1 − p_t).",
    ko: "dCE/dx = y(p_t − 1), y = ±1입니다. 연쇄 법칙으로 dCE/dp_t = −1/p_t에 dp_t/dx = y p_t (1 − p_t)를 곱합니다.",
};

const PRODUCT_RULE: Text = Text {
    en: "FL = u·v with u = (1 − p_t)^γ and v = −ln p_t: the product rule gives u′v + uv′, then multiply by dp_t/dx = y p_t (1 − p_t).",
    ko: "FL = u·v, u = (1 − p_t)^γ, v = −ln p_t입니다. 곱의 법칙으로 u′v + uv′을 구하고 dp_t/dx = y p_t (1 − p_t)를 곱하세요.",
};

const STABLE: Text = Text {
    en: "Use −y σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t)): 1 − p_t by subtraction cancels, and γ p_t ln p_t is 0·(−∞) at x_t = −∞.",
    ko: "−y σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t))를 쓰세요. 1 − p_t를 빼서 만들면 상쇄되고, x_t = −∞에서 γ p_t ln p_t는 0·(−∞)입니다.",
};

const FL_STAR: Text = Text {
    en: "d/dx of −ln σ(z)/γ with z = γ y x + β is (σ(z) − 1)·γy/γ = y(σ(z) − 1): the γ cancels, the y stays.",
    ko: "z = γ y x + β일 때 −ln σ(z)/γ를 x로 미분하면 (σ(z) − 1)·γy/γ = y(σ(z) − 1)입니다. γ는 약분되고 y는 남습니다.",
};

/// dCE/dx: mpmath values (both labels, x_t = ±40), the infinite limits, finite differences of
/// `losses::binary_cross_entropy_with_logits`, and random logits in [−1000, 1000] against
/// `losses::binary_cross_entropy_with_logits_grad`.
pub fn binary_cross_entropy_grad(f: fn(f64, Label) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-12);
    let call = |x: f64, l: Label| format!("binary_cross_entropy_grad({}, {})", number(x), check::label(l));
    let mut case = |x: f64, l: Label, expected: f64, hint: Text| {
        cases.call(|| call(x, l), || f(x, l)).hint(hint).close(expected, tolerance)
    };
    case(0.5, Label::Positive, r::CH07_DCE_HALF_POSITIVE, WITH_RESPECT_TO_X)?;
    case(0.5, Label::Negative, r::CH07_DCE_HALF_NEGATIVE, hints::LABEL_SIGN)?;
    case(40.0, Label::Positive, r::CH07_DCE_40_POSITIVE, hints::COMPLEMENT)?;
    case(-40.0, Label::Negative, r::CH07_DCE_MINUS_40_NEGATIVE, hints::COMPLEMENT)?;
    case(f64::INFINITY, Label::Positive, 0.0, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Positive, -1.0, hints::INFINITE_LOGIT)?;
    case(f64::INFINITY, Label::Negative, 1.0, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Negative, 0.0, hints::INFINITE_LOGIT)?;
    for x in [-3.0, -0.5, 0.0, 1.2, 4.0] {
        for l in [Label::Positive, Label::Negative] {
            let numeric = slope(|x| losses::binary_cross_entropy_with_logits(x, l).expect("not NaN"), x);
            cases
                .call(|| call(x, l), || f(x, l))
                .hint(WITH_RESPECT_TO_X)
                .close(numeric, Tolerance::mixed(1e-7, 1e-9))?;
        }
    }
    cases.property((-1e3..1e3_f64, label()), |cases, (x, l)| {
        let expected = losses::binary_cross_entropy_with_logits_grad(x, l).expect("not NaN");
        cases.call(|| call(x, l), || f(x, l)).hint(WITH_RESPECT_TO_X).close(expected, tolerance)
    })
}

fn focal_params(gamma: f64) -> FocalParams<f64> {
    FocalParams::new(gamma).expect("γ ≥ 0")
}

/// dFL/dx: mpmath values (γ = 0.5, 2, 5; x_t = 40), γ = 0 against the cross-entropy's gradient,
/// γ = 0.5 at x_t = 40 and 1000 (no NaN), the infinite limits, finite differences of
/// `losses::focal_loss_with_logits`, and random inputs against `losses::focal_loss_with_logits_grad`.
pub fn focal_loss_grad(f: fn(f64, Label, f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-10);
    let call = |x: f64, l: Label, g: f64| format!("focal_loss_grad({}, {}, {})", number(x), check::label(l), number(g));
    let mut case = |x: f64, l: Label, g: f64, expected: f64, hint: Text| {
        cases.call(|| call(x, l, g), || f(x, l, g)).hint(hint).close(expected, tolerance)
    };
    case(-3.0, Label::Positive, 2.0, r::CH07_DFL_MINUS_3_2, PRODUCT_RULE)?;
    case(0.6, Label::Negative, 0.5, r::CH07_DFL_NEG_06_05, PRODUCT_RULE)?;
    case(2.5, Label::Negative, 5.0, r::CH07_DFL_NEG_25_5, PRODUCT_RULE)?;
    case(40.0, Label::Positive, 2.0, r::CH07_DFL_40_2, STABLE)?;
    case(40.0, Label::Positive, 0.5, r::CH07_DFL_40_05, STABLE)?;
    for x in [-2.0, 0.3, 45.0] {
        for l in [Label::Positive, Label::Negative] {
            let ce = losses::binary_cross_entropy_with_logits_grad(x, l).expect("not NaN");
            case(x, l, 0.0, ce, PRODUCT_RULE)?;
        }
    }
    case(f64::INFINITY, Label::Positive, 2.0, 0.0, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Positive, 2.0, -1.0, hints::INFINITE_LOGIT)?;
    case(f64::INFINITY, Label::Negative, 0.5, 1.0, hints::INFINITE_LOGIT)?;
    case(f64::NEG_INFINITY, Label::Negative, 0.5, 0.0, hints::INFINITE_LOGIT)?;
    for gamma in [0.5, 1.0, 2.0, 5.0] {
        for x in [-2.5, -0.4, 0.0, 1.5] {
            for l in [Label::Positive, Label::Negative] {
                let loss = |x: f64| losses::focal_loss_with_logits(x, l, focal_params(gamma)).expect("not NaN");
                cases
                    .call(|| call(x, l, gamma), || f(x, l, gamma))
                    .hint(PRODUCT_RULE)
                    .close(slope(loss, x), Tolerance::mixed(1e-7, 1e-9))?;
            }
        }
    }
    let gamma = proptest::prop_oneof![proptest::sample::select(vec![0.0, 0.5, 1.0, 2.0, 5.0]), 0.0..5.0_f64];
    cases.property((-1e3..1e3_f64, label(), gamma), |cases, (x, l, g)| {
        let expected = losses::focal_loss_with_logits_grad(x, l, focal_params(g)).expect("not NaN");
        cases.call(|| call(x, l, g), || f(x, l, g)).hint(STABLE).close(expected, tolerance)
    })
}

/// dFL*/dx: mpmath values (both labels, x = 40), finite differences of FL* built from
/// `losses::binary_cross_entropy_with_logits`, and random inputs against
/// y·`losses::binary_cross_entropy_with_logits_grad` at z = γ y x + β.
pub fn fl_star_grad(f: fn(f64, Label, f64, f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let tolerance = Tolerance::relative(1e-12);
    let call = |x: f64, l: Label, g: f64, b: f64| {
        format!("fl_star_grad({}, {}, {}, {})", number(x), check::label(l), number(g), number(b))
    };
    let mut case = |x: f64, l: Label, expected: f64| {
        cases.call(|| call(x, l, 2.0, 1.0), || f(x, l, 2.0, 1.0)).hint(FL_STAR).close(expected, tolerance)
    };
    case(0.8, Label::Positive, r::CH07_DFL_STAR_08)?;
    case(-0.5, Label::Negative, r::CH07_DFL_STAR_NEG)?;
    case(40.0, Label::Positive, r::CH07_DFL_STAR_40)?;
    let fl_star = |x: f64, l: Label, g: f64, b: f64| {
        let z = g * l.sign::<f64>() * x + b;
        losses::binary_cross_entropy_with_logits(z, Label::Positive).expect("not NaN") / g
    };
    for (g, b) in [(2.0, 1.0), (0.5, -1.0)] {
        for x in [-3.0, -0.5, 0.0, 0.8, 2.0] {
            for l in [Label::Positive, Label::Negative] {
                let numeric = slope(|x| fl_star(x, l, g, b), x);
                cases
                    .call(|| call(x, l, g, b), || f(x, l, g, b))
                    .hint(FL_STAR)
                    .close(numeric, Tolerance::mixed(1e-7, 1e-9))?;
            }
        }
    }
    cases.property((-1e3..1e3_f64, label(), 0.1..5.0_f64, -3.0..3.0_f64), |cases, (x, l, g, b)| {
        let y = l.sign::<f64>();
        let z = g * y * x + b;
        let expected = y * losses::binary_cross_entropy_with_logits_grad(z, Label::Positive).expect("not NaN");
        cases.call(|| call(x, l, g, b), || f(x, l, g, b)).hint(FL_STAR).close(expected, tolerance)
    })
}
