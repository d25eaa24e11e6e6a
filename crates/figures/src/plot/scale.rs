//! The units every drawing module shares: logical pixels drawn at [`SCALE`]× on the canvas, and
//! the plotters types of a figure's area and of a chart.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// Canvas pixels per logical pixel.
pub const SCALE: i32 = 2;

/// The drawing area of a whole figure.
pub type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
/// Every chart is Cartesian over f64 with explicitly chosen ticks; log axes are drawn as linear
/// axes over log₁₀ of the value (see [`super::Axis::log`]).
pub type Coord = Cartesian2d<RangedCoordf64, RangedCoordf64>;
/// A chart of one panel.
pub type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Coord>;

/// Logical pixels → canvas pixels.
pub fn px(logical: f64) -> i32 {
    (logical * f64::from(SCALE)).round() as i32
}
