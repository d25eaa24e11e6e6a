//! One axis of a chart: range, ticks, tick labels and title, linear or logarithmic.

use std::ops::Range;

use super::text::{number, power_of_ten};
use crate::{Edition, Text};

/// Slack on the number of steps from the first tick to the end of a linear axis.
const TICK_COUNT_SLACK: f64 = 1e-9;
/// Slack on the first tick's position below the start of a linear axis.
const TICK_POSITION_SLACK: f64 = 1e-12;

/// One axis: its range, its ticks, how ticks are written, and its title.
pub struct Axis {
    /// The visible range, in the plotted (for log axes: log₁₀) units.
    pub range: Range<f64>,
    /// Tick positions (labelled, with grid lines), in the plotted units.
    pub ticks: Vec<f64>,
    /// Grid lines without labels, in the plotted units.
    pub minor: Vec<f64>,
    /// Writes a tick label for a tick position.
    pub format: Box<dyn Fn(f64) -> String>,
    /// The axis title.
    pub title: String,
    /// Is the axis logarithmic (values are mapped through log₁₀ before plotting)?
    pub log: bool,
}

impl Axis {
    /// A linear axis from `from` to `to` with a tick every `step`, labelled with `decimals` digits.
    pub fn linear(title: &str, from: f64, to: f64, tick_from: f64, step: f64, decimals: usize) -> Self {
        // Steps such as 0.1 are not binary fractions: 0.3 / 0.1 is 2.9999999999999996 in f64, which
        // would lose the last tick, and a computed tick can round to a hair below `from`. The
        // slacks keep such ticks (the current figures happen not to need them); they are far below
        // any step or range a figure uses.
        let count = ((to - tick_from) / step + TICK_COUNT_SLACK).floor() as i64;
        let ticks =
            (0..=count).map(|i| tick_from + i as f64 * step).filter(|t| *t >= from - TICK_POSITION_SLACK).collect();
        Axis {
            range: from..to,
            ticks,
            minor: Vec::new(),
            format: Box::new(move |v| number(v, decimals)),
            title: title.to_string(),
            log: false,
        }
    }

    /// The p_t axis shared by every loss-against-p_t figure: [0, 1], ticks every 0.2.
    pub fn probability_of_true_class(lang: Edition) -> Self {
        Axis::linear(
            Text { ko: "정답 클래스의 확률 pₜ", en: "probability of the true class pₜ" }.get(lang),
            0.0,
            1.0,
            0.0,
            0.2,
            1,
        )
    }

    /// A logarithmic axis from 10^`from_exp` to 10^`to_exp` with a labelled tick at every
    /// `step`-th power of ten and grid lines at the others.
    pub fn log(title: &str, from_exp: i32, to_exp: i32, step: i32) -> Self {
        let ticks = (from_exp..=to_exp).filter(|e| (e - from_exp) % step == 0).map(f64::from).collect();
        let minor = (from_exp..=to_exp).filter(|e| (e - from_exp) % step != 0).map(f64::from).collect();
        Axis {
            range: f64::from(from_exp)..f64::from(to_exp),
            ticks,
            minor,
            format: Box::new(|v| power_of_ten(v.round() as i32)),
            title: title.to_string(),
            log: true,
        }
    }

    /// Replaces the tick labels.
    pub fn with_format(mut self, format: impl Fn(f64) -> String + 'static) -> Self {
        self.format = Box::new(format);
        self
    }

    /// A data value in plotted units (log₁₀ on a log axis; `None` where log₁₀ is undefined).
    pub fn map(&self, value: f64) -> Option<f64> {
        if self.log { (value > 0.0).then(|| value.log10()) } else { Some(value) }
    }
}
