//! Chapter 6: where the loss sits — the share of the loss carried by the hardest positives and
//! negatives, for several γ (the idea of the paper's Figure 4, on the chapter's score distribution).

use losses::{FocalParams, Label, focal_loss_with_logits};
use plotters::prelude::*;

use crate::plot::{self, Axis, GAMMAS, GREY, Line, Marker, Panel, Swatch, short};
use crate::{Edition, Error, Text};

/// The chapter's negatives: 10,000 logistic quantiles around μ = −3.
pub(crate) const NEGATIVES: Scores = Scores { mu: -3.0, n: 10_000, label: Label::Negative, table_k: 100 };

/// The chapter's positives: 100 logistic quantiles around μ = +1.
pub(crate) const POSITIVES: Scores = Scores { mu: 1.0, n: 100, label: Label::Positive, table_k: 10 };

/// Size of the figure, in logical pixels.
const SIZE: (u32, u32) = (760, 460);

/// One class of the chapter's score distribution.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scores {
    /// Mean of the logistic distribution of the logits.
    pub mu: f64,
    /// How many examples.
    pub n: usize,
    /// Their class.
    pub label: Label,
    /// The k of the chapter's table: the hardest 1% of the negatives, 10% of the positives.
    pub table_k: usize,
}

impl Scores {
    /// The logits x_i = μ + log(u_i / (1 − u_i)), u_i = (i − ½)/N: the quantiles of a logistic
    /// distribution with mean μ (the chapter's formula `logistic-quantile-scores`).
    pub(crate) fn logits(self) -> Vec<f64> {
        (0..self.n)
            .map(|i| {
                let u = (i as f64 + 0.5) / self.n as f64;
                self.mu + (u / (1.0 - u)).ln()
            })
            .collect()
    }

    /// S_1 … S_N: the share of the class's focal loss (focusing parameter `gamma`) carried by its
    /// k hardest examples, from [`losses::focal_loss_with_logits`] (the chapter's `hardest-share`).
    pub(crate) fn hardest_shares(self, gamma: f64) -> Result<Vec<f64>, Error> {
        let params = FocalParams::new(gamma)?;
        let mut losses = self
            .logits()
            .into_iter()
            .map(|x| focal_loss_with_logits(x, self.label, params))
            .collect::<Result<Vec<_>, _>>()?;
        losses.sort_by(|a, b| b.total_cmp(a));
        let total: f64 = losses.iter().sum();
        let mut running = 0.0;
        Ok(losses
            .into_iter()
            .map(|loss| {
                running += loss;
                running / total
            })
            .collect())
    }

    /// The k at which the curve is drawn: every k up to 200, then 300 geometric steps to N.
    fn drawn_ks(self) -> Vec<usize> {
        let mut ks: Vec<usize> = (1..=self.n.min(200)).collect();
        let n = self.n as f64;
        for step in 1..=300 {
            let k = (200.0 * (n / 200.0).powf(f64::from(step) / 300.0)).round() as usize;
            if k > *ks.last().unwrap_or(&0) && k <= self.n {
                ks.push(k);
            }
        }
        ks
    }
}

/// Percent labels for a log axis of fractions: 10⁻² is 1%.
fn percent(exponent: f64) -> String {
    let e = exponent.round() as i32;
    let value = 10f64.powi(e + 2);
    if e >= -2 { format!("{}%", value.round()) } else { format!("{}%", short(value)) }
}

/// The share S_k of the loss carried by the k hardest examples against k/N (log scale), for
/// γ ∈ {0, 0.5, 1, 2, 5}, positives and negatives of the chapter's distribution side by side. The
/// table's points (the hardest 10% of the positives, 1% of the negatives) are marked, and the
/// 474 hard negatives (p > 0.5) shaded. Every loss is [`losses::focal_loss_with_logits`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn hard_negatives(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "가장 어려운 k개가 차지하는 손실의 몫 Sₖ",
        en: "Share Sₖ of the loss carried by the k hardest examples",
    }
    .get(lang);
    plot::render(SIZE.0, SIZE.1, title, |root| {
        let shade = GREY.mix(0.15);
        let mut entries: Vec<(Swatch, String)> = GAMMAS
            .iter()
            .map(|&(gamma, color)| {
                let name = if gamma == 0.0 {
                    format!("γ = 0 ({})", Text { ko: "교차 엔트로피", en: "cross-entropy" }.get(lang))
                } else {
                    format!("γ = {}", short(gamma))
                };
                (Swatch::Line(Line::solid(color)), name)
            })
            .collect();
        entries.push((
            Swatch::Marker(Marker::Disc, GREY),
            Text { ko: "표의 칸", en: "the table's cells" }.get(lang).to_string(),
        ));
        entries.push((
            Swatch::Fill(shade),
            Text { ko: "어려운 음성 474개 (p > 0.5)", en: "the 474 hard negatives (p > 0.5)" }.get(lang).to_string(),
        ));
        let body = plot::header(root, title, &entries, 4)?;
        let halves = body.split_evenly((1, 2));
        let sides = [
            (POSITIVES, Text { ko: "양성 100개 (μ = 1)", en: "100 positives (μ = 1)" }.get(lang), -2),
            (NEGATIVES, Text { ko: "음성 10,000개 (μ = −3)", en: "10,000 negatives (μ = −3)" }.get(lang), -4),
        ];
        for (area, (scores, panel_title, from_exp)) in halves.iter().zip(sides) {
            let panel = Panel {
                title: panel_title.to_string(),
                x: Axis::log(
                    Text { ko: "가장 어려운 쪽부터 센 비율 k/N", en: "fraction k/N, hardest first" }.get(lang),
                    from_exp,
                    0,
                    1,
                )
                .with_format(percent),
                y: Axis::linear(
                    Text { ko: "손실의 몫 Sₖ (%)", en: "share of the loss Sₖ (%)" }.get(lang),
                    0.0,
                    100.0,
                    0.0,
                    20.0,
                    0,
                ),
                y_label_width: 52.0,
            };
            let mut chart = panel.build(area)?;
            let fraction = |k: usize| k as f64 / scores.n as f64;
            if scores.label == Label::Negative {
                let hard = scores.logits().iter().filter(|&&x| x > 0.0).count();
                panel.band(&mut chart, fraction(1) / 2.0, fraction(hard), shade)?;
            }
            panel.segment(
                &mut chart,
                (fraction(scores.table_k), 0.0),
                (fraction(scores.table_k), 100.0),
                &Line::dotted(GREY),
            )?;
            for (gamma, color) in GAMMAS {
                let shares = scores.hardest_shares(gamma)?;
                let points: Vec<(f64, f64)> =
                    scores.drawn_ks().into_iter().map(|k| (fraction(k), 100.0 * shares[k - 1])).collect();
                panel.curve(&mut chart, &points, &Line::solid(color))?;
                let mark = (fraction(scores.table_k), 100.0 * shares[scores.table_k - 1]);
                panel.markers(&mut chart, &[mark], Marker::Disc, color)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent_at(scores: Scores, gamma: f64, k: usize) -> String {
        format!("{:.1}", 100.0 * scores.hardest_shares(gamma).unwrap()[k - 1])
    }

    #[test]
    fn the_figure_draws_the_chapters_distribution() {
        // Chapter 6's table, computed there by its own code: the figure's marked points are its cells.
        let table = [
            (0.0, "17.1", "40.6"),
            (0.5, "26.4", "49.2"),
            (1.0, "35.0", "56.6"),
            (2.0, "49.0", "68.1"),
            (5.0, "73.9", "86.8"),
        ];
        for (gamma, negatives, positives) in table {
            assert_eq!(percent_at(NEGATIVES, gamma, NEGATIVES.table_k), negatives, "γ = {gamma}");
            assert_eq!(percent_at(POSITIVES, gamma, POSITIVES.table_k), positives, "γ = {gamma}");
        }
        assert_eq!(NEGATIVES.logits().iter().filter(|&&x| x > 0.0).count(), 474);
    }

    #[test]
    fn shares_rise_to_one_and_curves_are_ordered_by_gamma() {
        for scores in [POSITIVES, NEGATIVES] {
            let curves: Vec<Vec<f64>> = GAMMAS.iter().map(|&(g, _)| scores.hardest_shares(g).unwrap()).collect();
            for shares in &curves {
                assert!(shares.windows(2).all(|w| w[0] <= w[1]));
                assert!((shares[scores.n - 1] - 1.0).abs() < 1e-12);
            }
            for pair in curves.windows(2) {
                assert!(pair[0].iter().zip(&pair[1]).all(|(low, high)| low <= &(high + 1e-12)));
            }
        }
    }

    #[test]
    fn drawn_points_are_increasing_and_end_at_n() {
        for scores in [POSITIVES, NEGATIVES] {
            let ks = scores.drawn_ks();
            assert!(ks.windows(2).all(|w| w[0] < w[1]));
            assert_eq!((ks[0], *ks.last().unwrap()), (1, scores.n));
        }
        assert_eq!(percent(-2.0), "1%");
        assert_eq!(percent(-4.0), "0.01%");
        assert_eq!(percent(0.0), "100%");
    }
}
