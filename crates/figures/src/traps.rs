//! Chapter 9: the numerical-trap gallery.
//!
//! # The reference
//! Relative errors are measured against the table the accuracy tests of `losses` use, the
//! `reference` crate's `cases.csv`: every value evaluated at 2048-bit precision with
//! mpmath, at inputs that are exact binary floats (for `f32` rows, inputs already rounded to single
//! precision), written as a double-double hi + lo. That is a reference far more precise than
//! either type, made independently of the crate's code, and it is the same one the tests hold the
//! crate to — so the figure shows exactly what the tests measure. The price is that the inputs are
//! the table's (special values such as 16.64, 36.74, 709.78 plus random logits), not an even grid;
//! the figure draws them as points, not lines. Cases whose true value is not a normal number of the
//! type are left out, as in the tests: there the error model of floating point changes.

use losses::activation::{sigmoid_complement, softplus};
use losses::{FocalParams, Label, LossFloat, binary_cross_entropy_with_logits, focal_loss_with_logits};
use losses::{focal_loss_with_logits_grad, naive, softmax_cross_entropy};
use plotters::prelude::*;
use reference::{Case, Precision};

use crate::plot::{self, Axis, BLUE, GREY, Line, Marker, ORANGE, Panel, Swatch, VERMILLION, power_of_ten};
use crate::{Edition, Error, Text};

/// Size of the figure, in logical pixels.
const SIZE: (u32, u32) = (720, 840);

/// The unit-roundoff lines.
const ROUNDOFF: Line = Line { color: GREY, width: 1.0, dash: None };
/// The "no correct digit" line at 100%.
const NO_DIGIT: Line = Line { color: VERMILLION, width: 1.0, dash: Some((9.0, 5.0)) };

/// Errors of exactly 0 are drawn at this height (log₁₀), on the bottom line.
const FLOOR_EXPONENT: i32 = -18;

fn cases() -> Result<Vec<Case<'static>>, Error> {
    reference::cases().map_err(|e| Error::Reference(e.to_string()))
}

/// The six traps.
#[derive(Clone, Copy, PartialEq)]
enum Trap {
    /// 1 − σ(x): naive `1 − naive::sigmoid(x)`, stable `sigmoid_complement`.
    SigmoidComplement,
    /// softplus(x) = log(1 + eˣ).
    Softplus,
    /// Binary cross-entropy from a logit, label 0.
    BceNegative,
    /// Focal loss from a logit, γ = 2, label 1.
    Focal,
    /// Its gradient.
    FocalGrad,
    /// Softmax cross-entropy of K equal logits z, class 0.
    SoftmaxEqual,
}

impl Trap {
    const ALL: [Trap; 6] =
        [Trap::SigmoidComplement, Trap::Softplus, Trap::BceNegative, Trap::Focal, Trap::FocalGrad, Trap::SoftmaxEqual];

    fn title(self, lang: Edition) -> String {
        match self {
            Trap::SigmoidComplement => "(a) 1 − σ(x)".into(),
            Trap::Softplus => "(b) log(1 + eˣ)".into(),
            Trap::BceNegative => {
                format!("(c) {}", Text { ko: "BCE, 로짓 x, y = 0", en: "BCE from logit x, y = 0" }.get(lang))
            }
            Trap::Focal => {
                format!("(d) {}", Text { ko: "초점 손실, γ = 2, y = 1", en: "focal loss, γ = 2, y = 1" }.get(lang))
            }
            Trap::FocalGrad => "(e) dFL/dx, γ = 2, y = 1".into(),
            Trap::SoftmaxEqual => {
                format!(
                    "(f) {}",
                    Text { ko: "소프트맥스 CE, 같은 로짓 K개", en: "softmax CE, K equal logits" }.get(lang)
                )
            }
        }
    }

    /// Does this table row belong to the trap, and what is the exact value?
    fn reference(self, case: &Case<'_>) -> Option<f64> {
        let plain = case.alpha().is_none();
        let value = case.hi() + case.lo();
        let (function, label) = (case.function(), case.label());
        match self {
            // σ(x) − 1 for label 1 is −(1 − σ(x)).
            Trap::SigmoidComplement => (function == "bce_logits_grad" && label == Some(1)).then_some(-value),
            Trap::Softplus => (function == "softplus").then_some(value),
            Trap::BceNegative => (function == "bce_logits" && label == Some(0)).then_some(value),
            Trap::Focal => {
                (function == "focal_logits" && label == Some(1) && case.gamma() == Some(2.0) && plain).then_some(value)
            }
            Trap::FocalGrad => {
                (function == "focal_logits_grad" && label == Some(1) && case.gamma() == Some(2.0) && plain)
                    .then_some(value)
            }
            Trap::SoftmaxEqual => {
                let (first, rest) = case.inputs().split_first()?;
                (function == "softmax_ce" && label == Some(0) && rest.iter().all(|v| v == first)).then_some(value)
            }
        }
    }

    /// The results of the formulas compared, in type F: (name, value) pairs.
    fn evaluate<F: LossFloat>(self, inputs: &[F]) -> Result<Vec<(Method, F)>, Error> {
        let x = inputs[0];
        let one = F::one();
        Ok(match self {
            Trap::SigmoidComplement => {
                vec![(Method::Naive, one - naive::sigmoid(x)), (Method::Stable, sigmoid_complement(x))]
            }
            Trap::Softplus => vec![(Method::Naive, naive::softplus(x)), (Method::Stable, softplus(x))],
            Trap::BceNegative => vec![
                (Method::Naive, naive::binary_cross_entropy_with_logits(x, F::zero())),
                (Method::Stable, binary_cross_entropy_with_logits(x, Label::Negative)?),
            ],
            Trap::Focal => {
                let gamma = F::from_f64(2.0);
                vec![
                    (Method::Naive, naive::focal_loss_with_logits(x, one, gamma)),
                    (Method::Stable, focal_loss_with_logits(x, Label::Positive, FocalParams::new(gamma)?)?),
                ]
            }
            Trap::FocalGrad => {
                let gamma = F::from_f64(2.0);
                vec![
                    (Method::Naive, naive::focal_loss_with_logits_grad(x, one, gamma)),
                    (Method::Stable, focal_loss_with_logits_grad(x, Label::Positive, FocalParams::new(gamma)?)?),
                ]
            }
            Trap::SoftmaxEqual => vec![
                (Method::Naive, naive::softmax_cross_entropy(inputs, 0)),
                (Method::Shifted, naive::softmax_cross_entropy_shifted(inputs, 0)),
                (Method::Stable, softmax_cross_entropy(inputs, 0)?),
            ],
        })
    }
}

/// Which formula a point belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Method {
    /// The textbook formula from `losses::naive`.
    Naive,
    /// log-sum-exp(z) − z_c with a stable log-sum-exp (`naive::softmax_cross_entropy_shifted`).
    Shifted,
    /// The crate's function.
    Stable,
}

impl Method {
    fn color(self) -> RGBColor {
        match self {
            Method::Naive => VERMILLION,
            Method::Shifted => ORANGE,
            Method::Stable => BLUE,
        }
    }
}

/// |result − exact| / |exact| in log₁₀, clamped to [FLOOR_EXPONENT, 0]: 0 stands for "no correct
/// digit" (0, ±∞, NaN, or an error of 100% or more).
fn log_error(result: f64, hi: f64, lo: f64) -> f64 {
    if !result.is_finite() {
        return 0.0;
    }
    let error = ((result - hi) - lo).abs() / (hi + lo).abs();
    if error.is_nan() || error >= 1.0 {
        0.0
    } else if error == 0.0 {
        f64::from(FLOOR_EXPONENT)
    } else {
        error.log10().max(f64::from(FLOOR_EXPONENT))
    }
}

/// The x position of a softmax row: a signed logarithmic scale, z ↦ sign(z)(log₁₀|z| + 1), 0 ↦ 0.
fn symlog(z: f64) -> f64 {
    if z == 0.0 { 0.0 } else { z.signum() * (z.abs().log10() + 1.0) }
}

/// One point: (x, log₁₀ error), its method and whether it is f32.
struct Point {
    x: f64,
    y: f64,
    method: Method,
    single: bool,
}

fn points(trap: Trap, cases: &[Case<'_>]) -> Result<Vec<Point>, Error> {
    let mut out = Vec::new();
    for case in cases {
        let Some(exact) = trap.reference(case) else { continue };
        let inputs = case.inputs();
        let x = if trap == Trap::SoftmaxEqual { symlog(inputs[0]) } else { inputs[0] };
        let (results, single) = match case.precision() {
            Precision::F64 => {
                if !(exact.abs() >= f64::MIN_POSITIVE && exact.is_finite()) {
                    continue;
                }
                (trap.evaluate::<f64>(inputs)?, false)
            }
            Precision::F32 => {
                let in_type = exact as f32;
                if !(in_type.is_finite() && in_type.abs() >= f32::MIN_POSITIVE) {
                    continue;
                }
                let inputs: Vec<f32> = inputs.iter().map(|&v| v as f32).collect();
                (trap.evaluate::<f32>(&inputs)?.into_iter().map(|(m, v)| (m, f64::from(v))).collect(), true)
            }
        };
        let sign = if trap == Trap::SigmoidComplement { -1.0 } else { 1.0 };
        for (method, value) in results {
            // The table holds σ(x) − 1 for (a); compare 1 − σ(x) with its negation.
            out.push(Point { x, y: log_error(value, sign * case.hi(), sign * case.lo()), method, single });
        }
    }
    Ok(out)
}

/// Relative error of the naive formulas (`losses::naive`) and of the stable ones (`losses`),
/// f32 and f64, against the 2048-bit reference table of the `losses` tests (see the module docs).
///
/// # Errors
/// [`Error`] if the table cannot be read or drawing fails.
pub fn numerical_traps(lang: Edition) -> Result<String, Error> {
    let cases = cases()?;
    let title = Text {
        ko: "수치 함정: 2048비트 기준값에 대한 상대 오차",
        en: "Numerical traps: relative error against a 2048-bit reference",
    }
    .get(lang);
    plot::render(SIZE.0, SIZE.1, title, |root| {
        let entries = [
            (
                Swatch::Marker(Marker::Disc, VERMILLION),
                Text { ko: "교과서 공식 (naive), f64", en: "textbook (naive), f64" }.get(lang).to_string(),
            ),
            (
                Swatch::Marker(Marker::Ring, VERMILLION),
                Text { ko: "교과서 공식 (naive), f32", en: "textbook (naive), f32" }.get(lang).to_string(),
            ),
            (
                Swatch::Marker(Marker::Disc, ORANGE),
                Text { ko: "이동한 log-sum-exp − z_c, f64", en: "shifted log-sum-exp − z_c, f64" }
                    .get(lang)
                    .to_string(),
            ),
            (
                Swatch::Marker(Marker::Ring, ORANGE),
                Text { ko: "이동한 log-sum-exp − z_c, f32", en: "shifted log-sum-exp − z_c, f32" }
                    .get(lang)
                    .to_string(),
            ),
            (
                Swatch::Marker(Marker::Disc, BLUE),
                Text { ko: "안정한 공식 (losses), f64", en: "stable (losses), f64" }.get(lang).to_string(),
            ),
            (
                Swatch::Marker(Marker::Ring, BLUE),
                Text { ko: "안정한 공식 (losses), f32", en: "stable (losses), f32" }.get(lang).to_string(),
            ),
            (
                Swatch::Line(ROUNDOFF),
                Text {
                    ko: "단위 반올림 2⁻⁵³ (f64), 2⁻²⁴ (f32)", en: "unit roundoff 2⁻⁵³ (f64), 2⁻²⁴ (f32)"
                }
                .get(lang)
                .to_string(),
            ),
            (
                Swatch::Line(NO_DIGIT),
                Text {
                    ko: "맞는 자릿수 없음: 0, ∞, NaN, 오차 ≥ 100%",
                    en: "no correct digit: 0, ∞, NaN, error ≥ 100%",
                }
                .get(lang)
                .to_string(),
            ),
        ];
        let body = plot::header(root, title, &entries, 2)?;
        let cells = body.split_evenly((3, 2));
        for (area, trap) in cells.iter().zip(Trap::ALL) {
            let error_label = move |v: f64| {
                let e = v.round() as i32;
                if e == 0 {
                    "100%".to_string()
                } else if e == FLOOR_EXPONENT {
                    "0".to_string()
                } else {
                    power_of_ten(e)
                }
            };
            let x = if trap == Trap::SoftmaxEqual {
                let label = |v: f64| match v.round() as i32 {
                    0 => "0".to_string(),
                    1 => "1".to_string(),
                    -1 => "−1".to_string(),
                    e if e > 0 => power_of_ten(e - 1),
                    e => format!("−{}", power_of_ten(-e - 1)),
                };
                let mut axis = Axis::linear(
                    Text { ko: "로짓 z (K = 2, 3, 10)", en: "logit z (K = 2, 3, 10)" }.get(lang),
                    -10.0,
                    10.0,
                    -9.0,
                    1.0,
                    0,
                )
                .with_format(label);
                axis.ticks = vec![-9.0, -4.0, -1.0, 0.0, 1.0, 4.0, 7.0, 9.0];
                axis
            } else {
                Axis::linear("x", -100.0, 100.0, -100.0, 50.0, 0)
            };
            let mut y =
                Axis::linear(Text { ko: "상대 오차", en: "relative error" }.get(lang), -19.0, 1.0, -18.0, 3.0, 0)
                    .with_format(error_label);
            y.minor = (-18..=0).filter(|e| e % 3 != 0).map(f64::from).collect();
            let panel = Panel { title: trap.title(lang), x, y, y_label_width: 50.0 };
            let mut chart = panel.build(area)?;
            let (x0, x1) = (panel.x.range.start, panel.x.range.end);
            for u in [2f64.powi(-53), 2f64.powi(-24)] {
                panel.segment(&mut chart, (x0, u.log10()), (x1, u.log10()), &ROUNDOFF)?;
            }
            panel.segment(&mut chart, (x0, 0.0), (x1, 0.0), &NO_DIGIT)?;
            let points = points(trap, &cases)?;
            for method in [Method::Naive, Method::Shifted, Method::Stable] {
                for single in [false, true] {
                    let series: Vec<(f64, f64)> = points
                        .iter()
                        .filter(|p| p.method == method && p.single == single)
                        .map(|p| (p.x, p.y))
                        .collect();
                    let marker = if single { Marker::Ring } else { Marker::Disc };
                    panel.markers(&mut chart, &series, marker, method.color())?;
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trap_has_points_of_both_types() {
        let cases = cases().unwrap();
        for trap in Trap::ALL {
            let points = points(trap, &cases).unwrap();
            assert!(points.iter().any(|p| p.single), "no f32 points");
            assert!(points.iter().any(|p| !p.single), "no f64 points");
        }
    }

    #[test]
    fn stable_formulas_stay_within_a_few_unit_roundoffs() {
        let cases = cases().unwrap();
        for trap in Trap::ALL {
            for p in points(trap, &cases).unwrap().iter().filter(|p| p.method == Method::Stable) {
                let bound = if p.single { (8.0 * 2f64.powi(-24)).log10() } else { (16.0 * 2f64.powi(-53)).log10() };
                assert!(p.y <= bound, "stable point at x = {} has log10 error {}", p.x, p.y);
            }
        }
    }

    #[test]
    fn errors_are_clamped() {
        assert_eq!(log_error(f64::NAN, 1.0, 0.0), 0.0);
        assert_eq!(log_error(0.0, 1.0, 0.0), 0.0);
        assert_eq!(log_error(1.0, 1.0, 0.0), f64::from(FLOOR_EXPONENT));
        assert!((log_error(1.0 + 1e-10, 1.0, 0.0) + 10.0).abs() < 1e-5);
    }
}
