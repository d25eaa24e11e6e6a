//! Chapter 10: focal loss at work — the toy anchors, and what the experiment of the `detection`
//! crate measured on them. Every point is the experiment's own output for
//! [`Setup::chapter`](detection::experiment::Setup::chapter) (trained once per process).

use detection::experiment::{Results, Run, Setup, cumulative_loss, results};
use detection::toy::{Anchors, Kind};
use detection::train::LossSpec;
use plotters::prelude::*;

use crate::plot::{
    self, Axis, BLUE, Corner, GREY, Line, Marker, Panel, SINGLE_PANEL, Swatch, VERMILLION, gamma_color, short,
};
use crate::{Edition, Error, Text};

/// One easy negative in this many is drawn (all of them would make a file of megabytes).
const EASY_SHOWN_EVERY: usize = 10;

/// The training anchors of the chapter's experiment in the feature plane: every positive and hard
/// negative, and one easy negative in [`EASY_SHOWN_EVERY`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn toy_anchors(lang: Edition) -> Result<String, Error> {
    let setup = Setup::chapter();
    let anchors = Anchors::generate(&setup.toy, setup.train_seed);
    let title = Text { ko: "장난감 문제의 앵커 (학습용)", en: "The toy's anchors (training split)" }.get(lang);
    plot::render(SINGLE_PANEL.0, 430, title, |root| {
        let panel = Panel {
            title: title.to_string(),
            x: Axis::linear(Text { ko: "특징 x₁", en: "feature x₁" }.get(lang), -4.2, 3.8, -4.0, 1.0, 0),
            y: Axis::linear(Text { ko: "특징 x₂", en: "feature x₂" }.get(lang), -2.8, 2.8, -2.0, 1.0, 0),
            y_label_width: 40.0,
        };
        let mut chart = panel.build(root)?;
        let of = |kind: Kind| -> Vec<(f64, f64)> {
            anchors
                .features
                .iter()
                .zip(&anchors.kinds)
                .filter(|&(_, &k)| k == kind)
                .map(|(p, _)| (p[0], p[1]))
                .collect()
        };
        let easy: Vec<(f64, f64)> = of(Kind::EasyNegative).into_iter().step_by(EASY_SHOWN_EVERY).collect();
        panel.markers(&mut chart, &easy, Marker::Ring, GREY)?;
        panel.markers(&mut chart, &of(Kind::HardNegative), Marker::Disc, VERMILLION)?;
        panel.markers(&mut chart, &of(Kind::Positive), Marker::Disc, BLUE)?;
        let count = |kind| anchors.count(kind);
        let entries = vec![
            (
                Swatch::Marker(Marker::Ring, GREY),
                format!(
                    "{} {} ({})",
                    Text { ko: "쉬운 음성", en: "easy negatives" }.get(lang),
                    count(Kind::EasyNegative),
                    Text { ko: "10개 중 1개만 표시", en: "1 in 10 shown" }.get(lang)
                ),
            ),
            (
                Swatch::Marker(Marker::Disc, VERMILLION),
                format!("{} {}", Text { ko: "어려운 음성", en: "hard negatives" }.get(lang), count(Kind::HardNegative)),
            ),
            (
                Swatch::Marker(Marker::Disc, BLUE),
                format!("{} {}", Text { ko: "양성", en: "positives" }.get(lang), count(Kind::Positive)),
            ),
        ];
        plot::legend(root, &chart, Corner::UpperLeft, &entries)
    })
}

fn chapter_results() -> Result<std::sync::Arc<Results>, Error> {
    Ok(results(&Setup::chapter())?)
}

/// The runs the precision–recall figure compares, with their colours.
fn compared(results: &Results) -> Vec<(&Run, RGBColor)> {
    let architecture = results.setup.architectures[0];
    let mut runs = Vec::new();
    if let Some(ce) = results.run(architecture, LossSpec::CROSS_ENTROPY, true) {
        runs.push((ce, GREY));
    }
    for gamma in [0.0, 2.0, 5.0] {
        if let Some(best) = results.best_alpha(architecture, gamma) {
            runs.push((best, gamma_color(gamma)));
        }
    }
    runs
}

fn run_name(run: &Run, lang: Edition) -> String {
    match run.loss.alpha {
        None => Text { ko: "교차 엔트로피", en: "cross-entropy" }.get(lang).to_string(),
        Some(alpha) => format!("γ = {}, α = {}", short(run.loss.gamma), short(alpha)),
    }
}

/// Held-out precision–recall curves of the cross-entropy and of the best α for γ = 0, 2 and 5.
///
/// # Errors
/// [`Error`] if the experiment or drawing fails.
pub fn precision_recall(lang: Edition) -> Result<String, Error> {
    let results = chapter_results()?;
    let title = Text {
        ko: "평가용 앵커의 정밀도–재현율 곡선", en: "Precision–recall on the held-out anchors"
    }
    .get(lang);
    plot::render(SINGLE_PANEL.0, SINGLE_PANEL.1, title, |root| {
        let panel = Panel {
            title: title.to_string(),
            x: Axis::linear(Text { ko: "재현율", en: "recall" }.get(lang), 0.0, 1.0, 0.0, 0.2, 1),
            y: Axis::linear(Text { ko: "정밀도", en: "precision" }.get(lang), 0.0, 1.0, 0.0, 0.2, 1),
            y_label_width: 44.0,
        };
        let mut chart = panel.build(root)?;
        let mut entries = Vec::new();
        for (run, color) in compared(&results) {
            let curve = results.curve(run)?;
            // The step curve whose area is the AP: precision P_k on (R_{k−1}, R_k], one step per
            // threshold at which a positive is found (the thresholds in between change neither).
            let mut points = Vec::new();
            let mut previous_recall = 0.0;
            for point in curve.points() {
                if point.recall > previous_recall {
                    points.push((previous_recall, point.precision));
                    points.push((point.recall, point.precision));
                    previous_recall = point.recall;
                }
            }
            panel.curve(&mut chart, &points, &Line::solid(color))?;
            entries.push((Swatch::Line(Line::solid(color)), format!("{}: AP {:.3}", run_name(run, lang), run.ap)));
        }
        plot::legend(root, &chart, Corner::UpperRight, &entries)
    })
}

/// Points of a cumulative curve: at most `samples` + 1, evenly spaced in the fraction of anchors.
fn sampled(cumulative: &[f64], samples: usize) -> Vec<(f64, f64)> {
    let n = cumulative.len();
    let mut points = vec![(0.0, 0.0)];
    for k in 1..=samples {
        let i = (k * n).div_ceil(samples).max(1) - 1;
        points.push(((i + 1) as f64 / n as f64, cumulative[i]));
    }
    points
}

/// The γ of the paper's Figure 4.
const FIGURE_4_GAMMAS: [f64; 4] = [0.0, 0.5, 1.0, 2.0];

/// The paper's Figure 4 on the toy: the model trained with γ = 2, α = 0.25; the held-out
/// positives' and negatives' losses under FL(γ), sorted, as cumulative fractions.
///
/// # Errors
/// [`Error`] if the experiment or drawing fails.
pub fn cumulative_loss_figure(lang: Edition) -> Result<String, Error> {
    let results = chapter_results()?;
    let architecture = results.setup.architectures[0];
    let run = results
        .run(architecture, LossSpec { gamma: 2.0, alpha: Some(0.25) }, true)
        .ok_or_else(|| Error::Draw("the experiment has no γ = 2, α = 0.25 run".into()))?;
    let title = Text {
        ko: "손실을 작은 것부터 더한 누적 비율 (γ = 2, α = 0.25로 학습한 모델)",
        en: "Cumulative share of the loss, smallest first (model trained with γ = 2, α = 0.25)",
    }
    .get(lang);
    plot::render(720, 430, title, |root| {
        let entries: Vec<(Swatch, String)> = FIGURE_4_GAMMAS
            .iter()
            .map(|&g| (Swatch::Line(Line::solid(gamma_color(g))), format!("γ = {}", short(g))))
            .collect();
        let body = plot::header(root, title, &entries, entries.len())?;
        let halves = body.split_evenly((1, 2));
        let sides = [
            (true, Text { ko: "양성 (평가용 100개)", en: "positives (100 held out)" }.get(lang)),
            (false, Text { ko: "음성 (평가용 100,000개)", en: "negatives (100,000 held out)" }.get(lang)),
        ];
        for (area, (positives, panel_title)) in halves.iter().zip(sides) {
            let panel = Panel {
                title: panel_title.to_string(),
                x: Axis::linear(
                    Text {
                        ko: "앵커의 비율 (손실이 작은 것부터)", en: "fraction of anchors (smallest loss first)"
                    }
                    .get(lang),
                    0.0,
                    1.0,
                    0.0,
                    0.2,
                    1,
                ),
                y: Axis::linear(
                    Text { ko: "누적 손실 비율", en: "cumulative share of loss" }.get(lang),
                    0.0,
                    1.0,
                    0.0,
                    0.2,
                    1,
                ),
                y_label_width: 44.0,
            };
            let mut chart = panel.build(area)?;
            for gamma in FIGURE_4_GAMMAS {
                let cumulative = cumulative_loss(&results, run, gamma, positives)?;
                panel.curve(&mut chart, &sampled(&cumulative, 400), &Line::solid(gamma_color(gamma)))?;
            }
        }
        Ok(())
    })
}
