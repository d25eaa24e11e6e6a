//! Chapters 5 and 8: α-balanced cross-entropy and α-balanced focal loss, for positives and
//! negatives side by side.

use losses::{FocalParams, Label, binary_cross_entropy, focal_loss};
use plotters::prelude::*;

use crate::plot::{self, Axis, BLUE, GREEN, GREY, Line, Panel, Swatch, VERMILLION, short};
use crate::sampling::probabilities;
use crate::{Edition, Error, Text};

/// The balancing weights drawn, each with its colour.
const ALPHAS: [(f64, RGBColor); 3] = [(0.25, VERMILLION), (0.5, GREEN), (0.75, BLUE)];

/// Size of the two-panel figures, in logical pixels.
const SIZE: (u32, u32) = (720, 430);

/// The probability p of the positive class at which an example of `label` has p_t.
fn p_of(p_t: f64, label: Label) -> f64 {
    match label {
        Label::Positive => p_t,
        Label::Negative => 1.0 - p_t,
    }
}

/// α-balanced cross-entropy −α_t log p_t against p_t for α ∈ {0.25, 0.5, 0.75}, positives and
/// negatives in two panels, from [`losses::balanced_cross_entropy`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn balanced_cross_entropy(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "α-균형 교차 엔트로피 −αₜ log pₜ", en: "α-balanced cross-entropy −αₜ log pₜ"
    }
    .get(lang);
    let reference = format!("{} (αₜ = 1)", Text { ko: "교차 엔트로피", en: "cross-entropy" }.get(lang));
    two_panels(lang, title, &reference, &|p_t, label, alpha| {
        let p = p_of(p_t, label);
        Ok(match alpha {
            Some(alpha) => losses::balanced_cross_entropy(p, label, alpha)?,
            None => binary_cross_entropy(p, label)?,
        })
    })
}

/// α-balanced focal loss −α_t (1 − p_t)^γ log p_t with γ = 2 against p_t for
/// α ∈ {0.25, 0.5, 0.75}, positives and negatives in two panels, from [`losses::focal_loss`] with
/// [`FocalParams::balanced`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn balanced_focal_loss(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "α-균형 초점 손실 −αₜ (1 − pₜ)ᵞ log pₜ, γ = 2",
        en: "α-balanced focal loss −αₜ (1 − pₜ)ᵞ log pₜ, γ = 2",
    }
    .get(lang);
    let reference = format!(
        "{} (γ = 2, {})",
        Text { ko: "초점 손실", en: "focal loss" }.get(lang),
        Text { ko: "α 없음", en: "no α" }.get(lang)
    );
    two_panels(lang, title, &reference, &|p_t, label, alpha| {
        let params = match alpha {
            Some(alpha) => FocalParams::balanced(2.0, alpha)?,
            None => FocalParams::new(2.0)?,
        };
        Ok(focal_loss(p_of(p_t, label), label, params)?)
    })
}

type Loss<'f> = &'f dyn Fn(f64, Label, Option<f64>) -> Result<f64, Error>;

fn two_panels(lang: Edition, title: &str, reference: &str, loss: Loss<'_>) -> Result<String, Error> {
    plot::render(SIZE.0, SIZE.1, title, |root| {
        let mut entries: Vec<(Swatch, String)> = ALPHAS
            .iter()
            .map(|&(alpha, color)| (Swatch::Line(Line::solid(color)), format!("α = {}", short(alpha))))
            .collect();
        entries.push((Swatch::Line(Line::dashed(GREY)), reference.to_string()));
        let body = plot::header(root, title, &entries, entries.len())?;
        let halves = body.split_evenly((1, 2));
        let sides = [
            (Label::Positive, Text { ko: "양성 샘플 (y = 1): αₜ = α", en: "positives (y = 1): αₜ = α" }.get(lang)),
            (
                Label::Negative,
                Text { ko: "음성 샘플 (y = 0): αₜ = 1 − α", en: "negatives (y = 0): αₜ = 1 − α" }.get(lang),
            ),
        ];
        for (area, (label, panel_title)) in halves.iter().zip(sides) {
            let panel = Panel {
                title: panel_title.to_string(),
                x: Axis::probability_of_true_class(lang),
                y: Axis::linear(Text { ko: "손실", en: "loss" }.get(lang), 0.0, 3.0, 0.0, 0.5, 1),
                y_label_width: 58.0,
            };
            let mut chart = panel.build(area)?;
            let curve = |alpha: Option<f64>| {
                probabilities(300)
                    .into_iter()
                    .map(|p_t| Ok((p_t, loss(p_t, label, alpha)?)))
                    .collect::<Result<Vec<_>, Error>>()
            };
            panel.curve(&mut chart, &curve(None)?, &Line::dashed(GREY))?;
            for (alpha, color) in ALPHAS {
                panel.curve(&mut chart, &curve(Some(alpha))?, &Line::solid(color))?;
            }
        }
        Ok(())
    })
}
