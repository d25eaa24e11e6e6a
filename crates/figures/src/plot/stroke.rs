//! How curves and points look: [`Line`] (colour, width, dashes) and [`Marker`].

use plotters::prelude::*;

use super::geometry::{dashes, to_local};
use super::scale::{Chart, px};
use crate::Error;

/// How a curve is stroked.
#[derive(Clone, Copy)]
pub struct Line {
    /// Colour.
    pub color: RGBColor,
    /// Width in logical pixels.
    pub width: f64,
    /// Dash and gap lengths in logical pixels; `None` for a solid line.
    pub dash: Option<(f64, f64)>,
}

impl Line {
    /// A solid line of 2 logical pixels.
    pub fn solid(color: RGBColor) -> Self {
        Line { color, width: 2.0, dash: None }
    }
    /// A dashed line of 2 logical pixels.
    pub fn dashed(color: RGBColor) -> Self {
        Line { color, width: 2.0, dash: Some((7.0, 4.0)) }
    }
    /// A dotted thin line (guides).
    pub fn dotted(color: RGBColor) -> Self {
        Line { color, width: 1.2, dash: Some((2.0, 3.0)) }
    }
    /// The same line with another width.
    pub fn width(self, width: f64) -> Self {
        Line { width, ..self }
    }
    pub(super) fn style(&self) -> ShapeStyle {
        self.color.stroke_width(px(self.width) as u32)
    }
}

pub(super) fn draw_polyline(chart: &mut Chart<'_, '_>, points: Vec<(f64, f64)>, line: &Line) -> Result<(), Error> {
    match line.dash {
        None => {
            chart.draw_series(std::iter::once(PathElement::new(points, line.style())))?;
        }
        Some((dash, gap)) => {
            // Dashes are laid out along the curve in canvas pixels, so they look the same on every
            // axis; each dash is one <polyline>.
            let pixels: Vec<(i32, i32)> = points.iter().map(|p| to_local(chart, chart.backend_coord(p))).collect();
            let area = chart.plotting_area().strip_coord_spec();
            for piece in dashes(&pixels, f64::from(px(dash)), f64::from(px(gap))) {
                area.draw(&PathElement::new(piece, line.style()))?;
            }
        }
    }
    Ok(())
}

/// Marker shapes for scattered points.
#[derive(Clone, Copy, PartialEq)]
pub enum Marker {
    /// A filled disc.
    Disc,
    /// An open circle.
    Ring,
}

/// Draws a marker centred at canvas pixel `(x, y)` of `area` (an area in canvas pixels).
pub fn draw_marker<A>(
    area: &DrawingArea<SVGBackend<'_>, A>,
    (x, y): (i32, i32),
    marker: Marker,
    color: RGBColor,
) -> Result<(), Error>
where
    A: CoordTranslate<From = (i32, i32)>,
{
    let r = px(3.2);
    let stroke = color.stroke_width(px(1.3) as u32);
    match marker {
        Marker::Disc => area.draw(&Circle::new((x, y), r, color.filled()))?,
        Marker::Ring => area.draw(&Circle::new((x, y), r, stroke))?,
    }
    Ok(())
}
