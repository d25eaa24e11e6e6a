//! One chart: its frame (title, grid, axes, ticks — plotters' own mesh picks its ticks itself) and
//! the curves, bands and markers drawn into it, in data units.

use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::Axis;
use super::geometry::{clip, to_local};
use super::scale::{Area, Chart, SCALE, px};
use super::stroke::{Line, Marker, draw_marker, draw_polyline};
use super::text::label;
use super::theme::{GRID, INK, font};
use crate::Error;

/// The frame of one panel: title and axes.
pub struct Panel {
    /// Shown above the plot.
    pub title: String,
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// Room for the y tick labels, in logical pixels.
    pub y_label_width: f64,
}

impl Panel {
    /// Builds the chart in `area` and draws grid, axes, ticks and titles. plotters' own mesh
    /// picks its ticks itself; the book's figures want the ticks they name, so the mesh is drawn
    /// here.
    pub fn build<'a, 'b>(&self, area: &'a Area<'b>) -> Result<Chart<'a, 'b>, Error> {
        let mut builder = ChartBuilder::on(area);
        if !self.title.is_empty() {
            builder.caption(&self.title, font(15.0));
        }
        let mut chart = builder
            .margin_top(px(10.0))
            .margin_right(px(22.0))
            .margin_left(px(4.0))
            .margin_bottom(px(2.0))
            .x_label_area_size(px(44.0))
            .y_label_area_size(px(self.y_label_width))
            .build_cartesian_2d(self.x.range.clone(), self.y.range.clone())?;
        let (xr, yr) = (self.x.range.clone(), self.y.range.clone());
        let light = RGBColor(0xEE, 0xEE, 0xEE).stroke_width(px(0.5) as u32);
        let bold = GRID.stroke_width(px(0.5) as u32);
        for (ticks, style) in [(&self.x.minor, light), (&self.x.ticks, bold)] {
            let lines = ticks
                .iter()
                .filter(|t| xr.contains(t))
                .map(|&t| PathElement::new(vec![(t, yr.start), (t, yr.end)], style));
            chart.draw_series(lines)?;
        }
        for (ticks, style) in [(&self.y.minor, light), (&self.y.ticks, bold)] {
            let lines = ticks
                .iter()
                .filter(|t| yr.contains(t))
                .map(|&t| PathElement::new(vec![(xr.start, t), (xr.end, t)], style));
            chart.draw_series(lines)?;
        }
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (left, right, top, bottom) = (xs.start, xs.end - 1, ys.start, ys.end - 1);
        let frame = INK.stroke_width(px(1.0) as u32);
        let root = area.strip_coord_spec();
        let (ox, oy) = {
            let (ax, ay) = area.get_pixel_range();
            (ax.start, ay.start)
        };
        let local = |(x, y): (i32, i32)| (x - ox, y - oy);
        root.draw(&PathElement::new(vec![local((left, top)), local((left, bottom)), local((right, bottom))], frame))?;
        let tick = px(4.0);
        let labels = font(12.0);
        for &t in self.x.ticks.iter().filter(|t| xr.contains(t) || **t == xr.end) {
            let (x, _) = chart.backend_coord(&(t, yr.start));
            root.draw(&PathElement::new(vec![local((x, bottom)), local((x, bottom + tick))], frame))?;
            label(&root, &(self.x.format)(t), local((x, bottom + tick + px(3.0))), &labels, (HPos::Center, VPos::Top))?;
        }
        for &t in self.y.ticks.iter().filter(|t| yr.contains(t) || **t == yr.end) {
            let (_, y) = chart.backend_coord(&(xr.start, t));
            root.draw(&PathElement::new(vec![local((left - tick, y)), local((left, y))], frame))?;
            label(&root, &(self.y.format)(t), local((left - tick - px(3.0), y)), &labels, (HPos::Right, VPos::Center))?;
        }
        let titles = font(13.0);
        let centre_x = (left + right) / 2;
        let centre_y = (top + bottom) / 2;
        label(&root, &self.x.title, local((centre_x, bottom + px(40.0))), &titles, (HPos::Center, VPos::Bottom))?;
        let (area_x, _) = area.get_pixel_range();
        let rotated = titles.transform(FontTransform::Rotate270);
        label(&root, &self.y.title, local((area_x.start + px(6.0), centre_y)), &rotated, (HPos::Center, VPos::Top))?;
        Ok(chart)
    }

    /// Maps data points to plotted units; points that cannot be shown (NaN, ±∞, ≤ 0 on a log
    /// axis) are `None` and break the curve.
    fn map(&self, points: &[(f64, f64)]) -> Vec<Option<(f64, f64)>> {
        points
            .iter()
            .map(|&(x, y)| {
                let (x, y) = (self.x.map(x)?, self.y.map(y)?);
                (x.is_finite() && y.is_finite()).then_some((x, y))
            })
            .collect()
    }

    /// Draws a curve through `points` (data units), clipped to the panel.
    pub fn curve(&self, chart: &mut Chart<'_, '_>, points: &[(f64, f64)], line: &Line) -> Result<(), Error> {
        for piece in clip(&self.map(points), &self.x.range, &self.y.range) {
            draw_polyline(chart, piece, line)?;
        }
        Ok(())
    }

    /// Draws a straight line between two points (data units), clipped to the panel.
    pub fn segment(
        &self,
        chart: &mut Chart<'_, '_>,
        from: (f64, f64),
        to: (f64, f64),
        line: &Line,
    ) -> Result<(), Error> {
        self.curve(chart, &[from, to], line)
    }

    /// The canvas pixel of a data point (it may lie outside the plot).
    pub fn pixel(&self, chart: &Chart<'_, '_>, (x, y): (f64, f64)) -> Option<(i32, i32)> {
        Some(chart.backend_coord(&(self.x.map(x)?, self.y.map(y)?)))
    }

    /// Fills the vertical band `from ≤ x ≤ to` (data units) across the whole panel height.
    pub fn band(&self, chart: &mut Chart<'_, '_>, from: f64, to: f64, color: RGBAColor) -> Result<(), Error> {
        let (Some(from), Some(to)) = (self.x.map(from), self.x.map(to)) else { return Ok(()) };
        let corners = [(from, self.y.range.start), (to, self.y.range.end)];
        chart.draw_series(std::iter::once(Rectangle::new(corners, color.filled())))?;
        Ok(())
    }

    /// Draws markers at data points inside the panel.
    pub fn markers(
        &self,
        chart: &mut Chart<'_, '_>,
        points: &[(f64, f64)],
        marker: Marker,
        color: RGBColor,
    ) -> Result<(), Error> {
        let (xr, yr) = (&self.x.range, &self.y.range);
        // A marker drawn within one logical pixel of an identical one changes nothing visible;
        // skipping it keeps dense scatter plots small.
        let mut drawn = std::collections::BTreeSet::new();
        for (x, y) in self.map(points).into_iter().flatten() {
            if x < xr.start || x > xr.end || y < yr.start || y > yr.end {
                continue;
            }
            let local = to_local(chart, chart.backend_coord(&(x, y)));
            if drawn.insert((local.0 / SCALE, local.1 / SCALE)) {
                draw_marker(&chart.plotting_area().strip_coord_spec(), local, marker, color)?;
            }
        }
        Ok(())
    }
}
