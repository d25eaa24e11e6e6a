//! Chapter 7: the gradient of focal loss with respect to the logit, next to that of cross-entropy.

use losses::{FocalParams, Label, binary_cross_entropy_with_logits_grad, focal_loss_with_logits_grad};

use crate::plot::{self, Axis, Corner, GAMMAS, INK, Line, Panel, SINGLE_PANEL, Swatch, short};
use crate::sampling::grid;
use crate::{Edition, Error, Text};

/// dFL/dx against x_t (y = +1, so x_t = x) for γ ∈ {0.5, 1, 2, 5}, with dCE/dx dashed. Every
/// point is [`losses::focal_loss_with_logits_grad`] or
/// [`losses::binary_cross_entropy_with_logits_grad`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn focal_gradient(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "로짓에 대한 기울기 (y = +1, xₜ = x)",
        en: "Gradient with respect to the logit (y = +1, xₜ = x)",
    }
    .get(lang);
    plot::render(SINGLE_PANEL.0, SINGLE_PANEL.1, title, |root| {
        let panel = Panel {
            title: title.to_string(),
            x: Axis::linear(
                Text { ko: "xₜ = y·x (클수록 잘 분류됨)", en: "xₜ = y·x (larger is better classified)" }.get(lang),
                -6.0,
                6.0,
                -6.0,
                2.0,
                0,
            ),
            y: Axis::linear(
                Text { ko: "기울기 (dCE/dx, dFL/dx)", en: "gradient (dCE/dx, dFL/dx)" }.get(lang),
                -1.4,
                0.1,
                -1.4,
                0.2,
                1,
            ),
            y_label_width: 56.0,
        };
        let mut chart = panel.build(root)?;
        let xs = grid(-6.0, 6.0, 240);
        let mut entries = Vec::new();
        let ce = xs
            .iter()
            .map(|&x| Ok((x, binary_cross_entropy_with_logits_grad(x, Label::Positive)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        for (gamma, color) in GAMMAS.into_iter().filter(|(g, _)| *g > 0.0) {
            let params = FocalParams::new(gamma)?;
            let points = xs
                .iter()
                .map(|&x| Ok((x, focal_loss_with_logits_grad(x, Label::Positive, params)?)))
                .collect::<Result<Vec<_>, Error>>()?;
            panel.curve(&mut chart, &points, &Line::solid(color))?;
            entries.push((Swatch::Line(Line::solid(color)), format!("dFL/dx, γ = {}", short(gamma))));
        }
        panel.curve(&mut chart, &ce, &Line::dashed(INK))?;
        entries.insert(
            0,
            (
                Swatch::Line(Line::dashed(INK)),
                format!("dCE/dx = pₜ − 1 ({})", Text { ko: "= FL, γ = 0", en: "= FL with γ = 0" }.get(lang)),
            ),
        );
        plot::legend(root, &chart, Corner::LowerRight, &entries)
    })
}
