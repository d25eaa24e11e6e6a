//! Chapter 3: KL divergence is not symmetric.

use losses::kl_divergence;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plot::{self, Axis, BLUE, Corner, GREY, Line, Marker, Panel, Swatch, VERMILLION, font, px};
use crate::sampling::grid;
use crate::{Edition, Error, Text};

/// Size of the figure, in logical pixels.
const SIZE: (u32, u32) = (720, 400);

/// The fixed distribution of the left panel.
const P: [f64; 2] = [0.2, 0.8];

/// SplitMix64: a tiny, fixed pseudo-random generator, so the scatter is the same on every run.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1), 53 random bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A distribution over three outcomes, every probability at least about 0.02.
    fn distribution(&mut self) -> [f64; 3] {
        let raw = [0.05 + self.uniform(), 0.05 + self.uniform(), 0.05 + self.uniform()];
        let total: f64 = raw.iter().sum();
        raw.map(|v| v / total)
    }
}

/// The pairs of the right panel: (KL(p‖q), KL(q‖p)) for 60 random pairs of three-outcome
/// distributions.
pub(crate) fn random_pairs() -> Result<Vec<(f64, f64)>, Error> {
    let mut rng = SplitMix64(20_170_807);
    (0..60)
        .map(|_| {
            let (p, q) = (rng.distribution(), rng.distribution());
            Ok((kl_divergence(&p, &q)?, kl_divergence(&q, &p)?))
        })
        .collect()
}

/// Left: KL(p‖q_θ) and KL(q_θ‖p) against θ for p = (0.2, 0.8), q_θ = (θ, 1 − θ). Right: KL(p‖q)
/// against KL(q‖p) for 60 random pairs, with the diagonal where they would be equal. Every value
/// is [`losses::kl_divergence`].
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn kl_asymmetry(lang: Edition) -> Result<String, Error> {
    let title = Text {
        ko: "KL 발산은 대칭이 아니다: KL(p‖q) ≠ KL(q‖p)",
        en: "KL divergence is not symmetric: KL(p‖q) ≠ KL(q‖p)",
    }
    .get(lang);
    plot::render(SIZE.0, SIZE.1, title, |root| {
        let body = plot::header(root, title, &[], 1)?;
        let halves = body.split_evenly((1, 2));

        let left = Panel {
            title: "p = (0.2, 0.8), q = (θ, 1 − θ)".to_string(),
            x: Axis::linear("θ", 0.0, 1.0, 0.0, 0.2, 1),
            y: Axis::linear(Text { ko: "발산 (nat)", en: "divergence (nats)" }.get(lang), 0.0, 3.0, 0.0, 0.5, 1),
            y_label_width: 50.0,
        };
        let mut chart = left.build(&halves[0])?;
        // Geometric steps towards both ends, where KL(p‖q) grows like −log θ and −log(1 − θ).
        let ends: Vec<f64> = (0..40).map(|i| 10f64.powf(-12.0 + f64::from(i) * 10.0 / 40.0)).collect();
        let mut thetas: Vec<f64> = ends.clone();
        thetas.extend(grid(0.01, 0.99, 400));
        thetas.extend(ends.iter().rev().map(|e| 1.0 - e));
        let forward =
            thetas.iter().map(|&t| Ok((t, kl_divergence(&P, &[t, 1.0 - t])?))).collect::<Result<Vec<_>, Error>>()?;
        let backward =
            thetas.iter().map(|&t| Ok((t, kl_divergence(&[t, 1.0 - t], &P)?))).collect::<Result<Vec<_>, Error>>()?;
        left.curve(&mut chart, &forward, &Line::solid(BLUE))?;
        left.curve(&mut chart, &backward, &Line::solid(VERMILLION))?;
        left.markers(&mut chart, &[(0.2, 0.0)], Marker::Disc, plot::INK)?;
        if let Some((x, y)) = left.pixel(&chart, (0.2, 0.0)) {
            plot::label(root, "q = p", (x + px(6.0), y - px(6.0)), &font(12.5), (HPos::Left, VPos::Bottom))?;
        }
        let entries = [
            (Swatch::Line(Line::solid(BLUE)), "KL(p‖q)".to_string()),
            (Swatch::Line(Line::solid(VERMILLION)), "KL(q‖p)".to_string()),
        ];
        plot::legend(root, &chart, Corner::UpperRight, &entries)?;

        let pairs = random_pairs()?;
        let right = Panel {
            title: Text { ko: "무작위 분포 쌍 60개 (결과 3개)", en: "60 random pairs, three outcomes" }
                .get(lang)
                .to_string(),
            x: Axis::linear("KL(p‖q)", 0.0, 1.2, 0.0, 0.3, 1),
            y: Axis::linear("KL(q‖p)", 0.0, 1.2, 0.0, 0.3, 1),
            y_label_width: 50.0,
        };
        let mut chart = right.build(&halves[1])?;
        right.segment(&mut chart, (0.0, 0.0), (1.2, 1.2), &Line::dashed(GREY).width(1.5))?;
        right.markers(&mut chart, &pairs, Marker::Ring, BLUE)?;
        let entries = [
            (
                Swatch::Marker(Marker::Ring, BLUE),
                Text { ko: "분포 쌍 (p, q)", en: "a pair (p, q)" }.get(lang).to_string(),
            ),
            (
                Swatch::Line(Line::dashed(GREY).width(1.5)),
                Text { ko: "대칭이라면 여기", en: "where symmetry would put them" }.get(lang).to_string(),
            ),
        ];
        plot::legend(root, &chart, Corner::LowerRight, &entries)
    })
}
