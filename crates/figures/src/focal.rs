//! Chapter 6: focal loss, its modulating factor, and how much smaller than cross-entropy it is.

use losses::{FocalParams, Label, binary_cross_entropy, focal_loss};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plot::{
    self, Axis, Corner, GAMMAS, GREEN, Line, Marker, Panel, SINGLE_PANEL, Swatch, font, gamma_color, px, short,
};
use crate::sampling::{grid, probabilities};
use crate::{Edition, Error, Text};

/// FL(p_t) for a positive example, so that p = p_t.
pub(crate) fn focal_at(p_t: f64, params: FocalParams<f64>) -> Result<f64, Error> {
    Ok(focal_loss(p_t, Label::Positive, params)?)
}

/// The shaded "well-classified" region p_t > 0.5 and its legend entry.
pub(crate) fn well_classified(lang: Edition) -> (RGBAColor, String) {
    (GREEN.mix(0.10), Text { ko: "잘 분류된 샘플 (pₜ > 0.5)", en: "well-classified (pₜ > 0.5)" }.get(lang).to_string())
}

/// The paper's Figure 1: focal loss against p_t for γ ∈ {0, 0.5, 1, 2, 5}, with the
/// well-classified region p_t > 0.5 shaded. Every point is [`losses::focal_loss`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn focal_loss_curves(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "초점 손실 FL(pₜ) = −(1 − pₜ)ᵞ log pₜ", en: "Focal loss FL(pₜ) = −(1 − pₜ)ᵞ log pₜ"
    }
    .get(lang);
    plot::render(SINGLE_PANEL.0, SINGLE_PANEL.1, title, |root| {
        let panel = Panel {
            title: title.to_string(),
            x: Axis::probability_of_true_class(lang),
            y: Axis::linear(Text { ko: "손실", en: "loss" }.get(lang), 0.0, 5.0, 0.0, 1.0, 0),
            y_label_width: 48.0,
        };
        let mut chart = panel.build(root)?;
        let (shade, shade_label) = well_classified(lang);
        panel.band(&mut chart, 0.5, 1.0, shade)?;
        let mut entries = Vec::new();
        for (gamma, color) in GAMMAS {
            let params = FocalParams::new(gamma)?;
            let points = probabilities(400)
                .into_iter()
                .map(|p| Ok((p, focal_at(p, params)?)))
                .collect::<Result<Vec<_>, Error>>()?;
            panel.curve(&mut chart, &points, &Line::solid(color))?;
            let name = if gamma == 0.0 {
                format!("γ = 0 ({})", Text { ko: "교차 엔트로피", en: "cross-entropy" }.get(lang))
            } else {
                format!("γ = {}", short(gamma))
            };
            entries.push((Swatch::Line(Line::solid(color)), name));
        }
        entries.push((Swatch::Fill(shade), shade_label));
        plot::legend(root, &chart, Corner::UpperRight, &entries)
    })
}

/// The modulating factor (1 − p_t)^γ against p_t, from [`losses::modulating_factor`], with the
/// point γ = 2, p_t = 0.9 (factor 0.01) marked.
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn modulating_factor(lang: Edition) -> Result<String, Error> {
    let title = Text { ko: "조절 인자 (1 − pₜ)ᵞ", en: "The modulating factor (1 − pₜ)ᵞ" }.get(lang);
    plot::render(SINGLE_PANEL.0, SINGLE_PANEL.1, title, |root| {
        let (shade, shade_label) = well_classified(lang);
        // The example of the paper's introduction: γ = 2, p_t = 0.9.
        let factor = losses::modulating_factor(0.9, 2.0)?;
        let mut entries: Vec<(Swatch, String)> = GAMMAS
            .iter()
            .map(|&(gamma, color)| (Swatch::Line(Line::solid(color)), format!("γ = {}", short(gamma))))
            .collect();
        entries.push((Swatch::Fill(shade), shade_label));
        entries.push((
            Swatch::Marker(Marker::Disc, gamma_color(2.0)),
            format!("γ = 2, pₜ = 0.9: (1 − 0.9)² = {}", plot::number(factor, 2)),
        ));
        // The legend goes above the plot: inside, it would hide the line γ = 0 at 1 or a curve.
        let body = plot::header(root, title, &entries, 3)?;
        let panel = Panel {
            title: String::new(),
            x: Axis::probability_of_true_class(lang),
            y: Axis::linear("(1 − pₜ)ᵞ", 0.0, 1.05, 0.0, 0.2, 1),
            y_label_width: 52.0,
        };
        let mut chart = panel.build(&body)?;
        panel.band(&mut chart, 0.5, 1.0, shade)?;
        for (gamma, color) in GAMMAS {
            let points = grid(0.0, 1.0, 400)
                .into_iter()
                .map(|p| Ok((p, losses::modulating_factor(p, gamma)?)))
                .collect::<Result<Vec<_>, Error>>()?;
            panel.curve(&mut chart, &points, &Line::solid(color))?;
        }
        panel.markers(&mut chart, &[(0.9, factor)], Marker::Disc, gamma_color(2.0))?;
        Ok(())
    })
}

/// CE/FL on a log scale against p_t for γ ∈ {0, 0.5, 1, 2, 5}, with the paper's 100× (p_t = 0.9)
/// and 1000× (p_t ≈ 0.968) points of γ = 2 and the 4× bound at p_t = 0.5. Both losses come from
/// [`losses::binary_cross_entropy`] and [`losses::focal_loss`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn ce_fl_ratio(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "교차 엔트로피 ÷ 초점 손실 = (1 − pₜ)⁻ᵞ", en: "Cross-entropy ÷ focal loss = (1 − pₜ)⁻ᵞ"
    }
    .get(lang);
    plot::render(SINGLE_PANEL.0, SINGLE_PANEL.1, title, |root| {
        let times = |v: f64| {
            let e = v.round() as i32;
            match e {
                0 => "1×".to_string(),
                1 => "10×".to_string(),
                2 => "100×".to_string(),
                3 => "1000×".to_string(),
                _ => format!("{}×", plot::power_of_ten(e)),
            }
        };
        let panel = Panel {
            title: title.to_string(),
            x: Axis::probability_of_true_class(lang),
            y: Axis::log("CE / FL", 0, 6, 1).with_format(times),
            y_label_width: 60.0,
        };
        let mut chart = panel.build(root)?;
        let (shade, shade_label) = well_classified(lang);
        panel.band(&mut chart, 0.5, 1.0, shade)?;
        let ratio = |p: f64, gamma: f64| -> Result<f64, Error> {
            let ce = binary_cross_entropy(p, Label::Positive)?;
            Ok(ce / focal_at(p, FocalParams::new(gamma)?)?)
        };
        let mut entries = Vec::new();
        for (gamma, color) in GAMMAS {
            // p_t = 1 is left out (both losses are 0 there); geometric steps towards it.
            let mut ps = grid(0.0, 0.99, 500);
            ps.extend((4..=24).map(|k| 1.0 - 10f64.powf(-f64::from(k) / 2.0)));
            let points = ps.into_iter().map(|p| Ok((p, ratio(p, gamma)?))).collect::<Result<Vec<_>, Error>>()?;
            panel.curve(&mut chart, &points, &Line::solid(color))?;
            entries.push((Swatch::Line(Line::solid(color)), format!("γ = {}", short(gamma))));
        }
        entries.push((Swatch::Fill(shade), shade_label));
        // γ = 2: the 4× bound at p_t = 0.5, 100× at 0.9, 1000× at 1 − 1000^(−1/2).
        let p_1000 = 1.0 - 1000.0_f64.powf(-0.5);
        let marks =
            [(0.5, "pₜ = 0.5".to_string()), (0.9, "pₜ = 0.9".to_string()), (p_1000, format!("pₜ ≈ {:.4}", p_1000))];
        let color = gamma_color(2.0);
        for (p, name) in marks {
            let r = ratio(p, 2.0)?;
            panel.segment(&mut chart, (0.0, r), (p, r), &Line::dotted(plot::GREY))?;
            panel.markers(&mut chart, &[(p, r)], Marker::Disc, color)?;
            if let Some((x, y)) = panel.pixel(&chart, (p, r)) {
                let text = format!("{name}: {}×", plot::number(r, 0));
                plot::label(root, &text, (x - px(8.0), y - px(4.0)), &font(13.0), (HPos::Right, VPos::Bottom))?;
            }
        }
        plot::legend(root, &chart, Corner::UpperLeft, &entries)
    })
}
