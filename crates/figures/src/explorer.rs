//! The focal-loss explorer of chapter 6: the reader moves γ and α and sees the loss and its
//! gradient change.
//!
//! Nothing is computed in the browser. [`grid`] pre-renders one small two-panel SVG per (γ, α)
//! from the `losses` crate, and [`snippet`] writes the HTML with two sliders whose script only
//! swaps the image's `src`. Both come from the same [`GAMMAS`] and [`ALPHAS`], so they cannot
//! disagree. The snippet makes no request to another host and works from `file://`; without
//! JavaScript the sliders stay hidden and the default image (γ = 2, α = 0.25, the paper's choice)
//! still shows.

use losses::{FocalParams, Label, binary_cross_entropy_with_logits_grad, focal_loss, focal_loss_with_logits_grad};

use crate::plot::{self, Axis, BLUE, Corner, GREY, Line, Panel, Swatch, VERMILLION, escape_xml, short};
use crate::sampling::{grid as samples, probabilities};
use crate::{Edition, Error, Text};

/// The chapter the explorer belongs in.
pub const CHAPTER: &str = "ch06-focal-loss.md";
/// Its figure number.
pub const NUMBER: &str = "6-5";
/// The folder of the pre-rendered images, under `src/<lang>/figures/`.
pub const FOLDER: &str = "explorer";
/// The focusing parameters the reader can choose.
pub const GAMMAS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 5.0];
/// The balancing weights the reader can choose (`None`: no α).
pub const ALPHAS: [Option<f64>; 4] = [None, Some(0.25), Some(0.5), Some(0.75)];
/// The image shown first, and without JavaScript: γ = 2, α = 0.25 (indices into the tables).
pub const DEFAULT: (usize, usize) = (3, 1);

/// Size of one explorer image, in logical pixels.
const SIZE: (u32, u32) = (720, 330);

fn alpha_key(alpha: Option<f64>) -> String {
    alpha.map_or_else(|| "none".to_string(), |a| format!("{a}"))
}

/// The image path for (γ, α), relative to the chapter: `figures/explorer/fl-gamma-2-alpha-0.25.svg`.
pub fn src(gamma: f64, alpha: Option<f64>) -> String {
    format!("figures/{FOLDER}/fl-gamma-{gamma}-alpha-{}.svg", alpha_key(alpha))
}

/// Every image of the explorer for one edition: (path relative to the chapter, SVG).
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn grid(lang: Edition) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::with_capacity(GAMMAS.len() * ALPHAS.len());
    for gamma in GAMMAS {
        for alpha in ALPHAS {
            out.push((src(gamma, alpha), image(lang, gamma, alpha)?));
        }
    }
    Ok(out)
}

fn alpha_name(lang: Edition, alpha: Option<f64>) -> String {
    alpha.map_or_else(|| Text { ko: "없음", en: "none" }.get(lang).to_string(), short)
}

/// One explorer image: FL against p_t and y·dFL/dx against x_t for positives and negatives.
fn image(lang: Edition, gamma: f64, alpha: Option<f64>) -> Result<String, Error> {
    let params = match alpha {
        Some(alpha) => FocalParams::balanced(gamma, alpha)?,
        None => FocalParams::new(gamma)?,
    };
    let title = format!(
        "{}: γ = {}, α = {}",
        Text { ko: "초점 손실", en: "Focal loss" }.get(lang),
        short(gamma),
        alpha_name(lang, alpha)
    );
    plot::render(SIZE.0, SIZE.1, &title, |root| {
        let body = plot::header(root, &title, &[], 1)?;
        let halves = body.split_evenly((1, 2));
        // α_t for each label; with α = None or α = 0.5 both labels have the same curve.
        let weights = alpha.map_or((1.0, 1.0), |a| (a, 1.0 - a));
        let same = weights.0 == weights.1;
        let mut entries = vec![(
            Swatch::Line(Line::solid(BLUE)),
            if same {
                format!("y = ±1 (αₜ = {})", short(weights.0))
            } else {
                format!("y = +1 (αₜ = α = {})", short(weights.0))
            },
        )];
        if !same {
            entries
                .push((Swatch::Line(Line::dashed(VERMILLION)), format!("y = −1 (αₜ = 1 − α = {})", short(weights.1))));
        }
        entries.push((
            Swatch::Line(Line::dashed(GREY).width(1.5)),
            Text { ko: "교차 엔트로피", en: "cross-entropy" }.get(lang).to_string(),
        ));

        let loss = Panel {
            title: Text { ko: "손실", en: "Loss" }.get(lang).to_string(),
            x: Axis::linear("pₜ", 0.0, 1.0, 0.0, 0.2, 1),
            y: Axis::linear("FL", 0.0, 4.0, 0.0, 1.0, 0),
            y_label_width: 40.0,
        };
        let mut chart = loss.build(&halves[0])?;
        let ps = probabilities(150);
        let curve = |label: Label| -> Result<Vec<(f64, f64)>, Error> {
            ps.iter()
                .map(|&p_t| {
                    let p = if label == Label::Positive { p_t } else { 1.0 - p_t };
                    Ok((p_t, focal_loss(p, label, params)?))
                })
                .collect()
        };
        let ce = ps
            .iter()
            .map(|&p| Ok((p, focal_loss(p, Label::Positive, FocalParams::new(0.0)?)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        loss.curve(&mut chart, &ce, &Line::dashed(GREY).width(1.5))?;
        if !same {
            loss.curve(&mut chart, &curve(Label::Negative)?, &Line::dashed(VERMILLION))?;
        }
        loss.curve(&mut chart, &curve(Label::Positive)?, &Line::solid(BLUE))?;
        plot::legend(root, &chart, Corner::UpperRight, &entries)?;

        let slope = Panel {
            title: Text { ko: "기울기", en: "Gradient" }.get(lang).to_string(),
            x: Axis::linear("xₜ = y·x", -6.0, 6.0, -6.0, 2.0, 0),
            y: Axis::linear("y · dFL/dx", -1.4, 0.1, -1.2, 0.4, 1),
            y_label_width: 48.0,
        };
        let mut chart = slope.build(&halves[1])?;
        let xs = samples(-6.0, 6.0, 150);
        let curve = |label: Label| -> Result<Vec<(f64, f64)>, Error> {
            let y: f64 = label.sign();
            xs.iter().map(|&x_t| Ok((x_t, y * focal_loss_with_logits_grad(y * x_t, label, params)?))).collect()
        };
        let ce = xs
            .iter()
            .map(|&x| Ok((x, binary_cross_entropy_with_logits_grad(x, Label::Positive)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        slope.curve(&mut chart, &ce, &Line::dashed(GREY).width(1.5))?;
        if !same {
            slope.curve(&mut chart, &curve(Label::Negative)?, &Line::dashed(VERMILLION))?;
        }
        slope.curve(&mut chart, &curve(Label::Positive)?, &Line::solid(BLUE))?;
        Ok(())
    })
}

/// The explorer's caption (with its number) in one edition.
pub fn caption(lang: Edition) -> String {
    Text {
        ko: format!(
            "그림 {NUMBER}. 초점 손실 탐색기. γ와 α를 움직이면 손실(왼쪽)과 기울기(오른쪽)가 어떻게 바뀌는지 보입니다. 파란 실선은 양성 샘플(y = +1), 빨간 점선은 음성 샘플(y = −1), 회색 점선은 교차 엔트로피입니다. 그림 {}개는 모두 `losses` 크레이트가 미리 계산해 그린 것이고, 브라우저는 그림을 바꿔 끼우기만 합니다.",
            GAMMAS.len() * ALPHAS.len()
        ),
        en: format!(
            "Figure {NUMBER}. The focal-loss explorer: move γ and α and see how the loss (left) and its gradient (right) change. Blue solid: positives (y = +1); red dashed: negatives (y = −1); grey dashed: cross-entropy. All {} images were computed and drawn beforehand by the `losses` crate; the browser only swaps them.",
            GAMMAS.len() * ALPHAS.len()
        ),
    }
    .get(lang)
}

/// The alt text of the explorer image for (γ, α).
pub fn alt(lang: Edition, gamma: &str, alpha: &str) -> String {
    Text {
        ko: format!(
            "두 패널 그래프, γ = {gamma}, α = {alpha}. 왼쪽은 pₜ에 대한 초점 손실, 오른쪽은 xₜ에 대한 기울기이며, 양성 샘플과 음성 샘플의 곡선과 비교용 교차 엔트로피 곡선이 있다."
        ),
        en: format!(
            "Two-panel chart for γ = {gamma}, α = {alpha}: focal loss against pₜ on the left, its gradient against xₜ on the right, with curves for positive and negative examples and cross-entropy for comparison."
        ),
    }
    .get(lang)
}

/// The HTML to paste into chapter 6: the default image, two sliders (hidden until the script
/// runs), the caption, and a script that swaps the image. No blank line inside, so Markdown keeps
/// it as one HTML block; no `$`, so the math preprocessor leaves it alone.
pub fn snippet(lang: Edition) -> String {
    let gammas: Vec<String> = GAMMAS.iter().map(|&g| format!("\"{g}\"")).collect();
    let keys: Vec<String> = ALPHAS.iter().map(|&a| format!("\"{}\"", alpha_key(a))).collect();
    let names: Vec<String> = ALPHAS.iter().map(|&a| format!("\"{}\"", alpha_name(lang, a))).collect();
    let (g, a) = DEFAULT;
    let default_gamma = format!("{}", GAMMAS[g]);
    let default_alpha = alpha_name(lang, ALPHAS[a]);
    let alt_template = alt(lang, "{γ}", "{α}");
    let gamma_label = Text { ko: "γ (초점 매개변수)", en: "γ (focusing parameter)" }.get(lang);
    let alpha_label = Text { ko: "α (균형 가중치)", en: "α (balancing weight)" }.get(lang);
    // Italic like the Markdown figures' captions, with `code` as <code>.
    let caption = caption(lang)
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{part}</code>") } else { part.to_string() })
        .collect::<String>();
    format!(
        r#"<figure id="focal-explorer" style="margin: 0">
<img id="focal-explorer-image" src="{src}" alt="{alt}">
<p id="focal-explorer-controls" hidden>
<label for="focal-explorer-gamma">{gamma_label}</label>
<input id="focal-explorer-gamma" type="range" min="0" max="{gamma_max}" step="1" value="{g}">
<output id="focal-explorer-gamma-value" for="focal-explorer-gamma" aria-hidden="true">{default_gamma}</output>
<br>
<label for="focal-explorer-alpha">{alpha_label}</label>
<input id="focal-explorer-alpha" type="range" min="0" max="{alpha_max}" step="1" value="{a}">
<output id="focal-explorer-alpha-value" for="focal-explorer-alpha" aria-hidden="true">{default_alpha}</output>
</p>
<p id="focal-explorer-status" aria-live="polite" style="position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; margin: 0"></p>
<figcaption><em>{caption}</em></figcaption>
</figure>
<script>
(function () {{
  // Generated by crates/figures (cargo xtask figures): the images exist for exactly these values.
  var gammas = [{gammas}];
  var alphaKeys = [{keys}];
  var alphaNames = [{names}];
  var altTemplate = "{alt_template}";
  var image = document.getElementById("focal-explorer-image");
  var gamma = document.getElementById("focal-explorer-gamma");
  var alpha = document.getElementById("focal-explorer-alpha");
  var gammaValue = document.getElementById("focal-explorer-gamma-value");
  var alphaValue = document.getElementById("focal-explorer-alpha-value");
  var status = document.getElementById("focal-explorer-status");
  function update(announce) {{
    var g = gammas[Number(gamma.value)];
    var a = Number(alpha.value);
    image.src = "figures/{folder}/fl-gamma-" + g + "-alpha-" + alphaKeys[a] + ".svg";
    image.alt = altTemplate.replace("{{γ}}", g).replace("{{α}}", alphaNames[a]);
    gammaValue.textContent = g;
    alphaValue.textContent = alphaNames[a];
    gamma.setAttribute("aria-valuetext", "γ = " + g);
    alpha.setAttribute("aria-valuetext", "α = " + alphaNames[a]);
    if (announce) status.textContent = image.alt;
  }}
  gamma.addEventListener("input", function () {{ update(true); }});
  alpha.addEventListener("input", function () {{ update(true); }});
  document.getElementById("focal-explorer-controls").hidden = false;
  update(false);
}})();
</script>
"#,
        src = src(GAMMAS[g], ALPHAS[a]),
        alt = escape_xml(&alt(lang, &default_gamma, &default_alpha)),
        gamma_max = GAMMAS.len() - 1,
        alpha_max = ALPHAS.len() - 1,
        gammas = gammas.join(", "),
        keys = keys.join(", "),
        names = names.join(", "),
        folder = FOLDER,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_names_only_images_the_grid_draws() {
        let grid_paths: Vec<String> = GAMMAS.iter().flat_map(|&g| ALPHAS.iter().map(move |&a| src(g, a))).collect();
        for lang in Edition::ALL {
            let html = snippet(lang);
            assert!(!html.contains("\n\n"), "a blank line would end the HTML block");
            assert!(!html.contains('$'), "the math preprocessor would read a dollar sign");
            assert!(!html.contains("http"), "no request to another host");
            let default = src(GAMMAS[DEFAULT.0], ALPHAS[DEFAULT.1]);
            assert!(html.contains(&format!("src=\"{default}\"")));
            // What the script builds from its arrays is exactly the grid.
            for &g in &GAMMAS {
                for &a in &ALPHAS {
                    let built = format!("figures/{FOLDER}/fl-gamma-{g}-alpha-{}.svg", alpha_key(a));
                    assert!(grid_paths.contains(&built));
                }
            }
        }
    }
}
