//! Legends — boxed in a corner of a chart, or in columns under the figure title — laid out with
//! room for Hangul.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::geometry::dashes;
use super::scale::{Area, Chart, px};
use super::stroke::{Line, Marker, draw_marker};
use super::text::{label, text_width};
use super::theme::font;
use crate::Error;

/// What a legend entry shows before its text.
#[derive(Clone, Copy)]
pub enum Swatch {
    /// A short piece of line.
    Line(Line),
    /// A marker.
    Marker(Marker, RGBColor),
    /// A filled box.
    Fill(RGBAColor),
}

/// Where a legend box goes inside a plot.
#[derive(Clone, Copy)]
pub enum Corner {
    /// Upper right.
    UpperRight,
    /// Upper left.
    UpperLeft,
    /// Lower right.
    LowerRight,
}

const LEGEND_FONT: f64 = 12.5;
const SWATCH_WIDTH: f64 = 26.0;
const ROW_HEIGHT: f64 = 19.0;

/// Draws a legend box in a corner of the chart's plotting area.
pub fn legend(
    root: &Area<'_>,
    chart: &Chart<'_, '_>,
    corner: Corner,
    entries: &[(Swatch, String)],
) -> Result<(), Error> {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (w, h) = legend_size(root, entries, 1);
    let inset = px(8.0);
    let x = match corner {
        Corner::UpperRight | Corner::LowerRight => xs.end - inset - w,
        Corner::UpperLeft => xs.start + inset,
    };
    let y = match corner {
        Corner::UpperRight | Corner::UpperLeft => ys.start + inset,
        Corner::LowerRight => ys.end - inset - h,
    };
    legend_at(root, (x, y), entries, 1, true)
}

/// The canvas size of a legend with `columns` columns.
pub fn legend_size(root: &Area<'_>, entries: &[(Swatch, String)], columns: usize) -> (i32, i32) {
    let style = font(LEGEND_FONT);
    let rows = entries.len().div_ceil(columns);
    let column_widths = column_widths(root, entries, columns, &style);
    let w = column_widths.iter().sum::<i32>() + px(8.0);
    let h = px(ROW_HEIGHT) * rows as i32 + px(8.0);
    (w, h)
}

fn column_widths(root: &Area<'_>, entries: &[(Swatch, String)], columns: usize, style: &TextStyle<'_>) -> Vec<i32> {
    let rows = entries.len().div_ceil(columns);
    (0..columns)
        .map(|c| {
            entries
                .iter()
                .skip(c * rows)
                .take(rows)
                .map(|(_, text)| px(SWATCH_WIDTH + 8.0 + 12.0) + text_width(root, text, style))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// Draws a legend with its upper-left corner at canvas pixel `(x, y)`, entries filled column by
/// column.
pub fn legend_at(
    root: &Area<'_>,
    (x, y): (i32, i32),
    entries: &[(Swatch, String)],
    columns: usize,
    boxed: bool,
) -> Result<(), Error> {
    let style = font(LEGEND_FONT);
    let (w, h) = legend_size(root, entries, columns);
    if boxed {
        root.draw(&Rectangle::new([(x, y), (x + w, y + h)], WHITE.mix(0.92).filled()))?;
        root.draw(&Rectangle::new([(x, y), (x + w, y + h)], RGBColor(0xBB, 0xBB, 0xBB).stroke_width(px(0.75) as u32)))?;
    }
    let rows = entries.len().div_ceil(columns);
    let widths = column_widths(root, entries, columns, &style);
    let mut column_x = x + px(6.0);
    for (c, column_width) in widths.iter().enumerate() {
        for (r, (swatch, text)) in entries.iter().skip(c * rows).take(rows).enumerate() {
            let row_y = y + px(4.0) + px(ROW_HEIGHT) * r as i32 + px(ROW_HEIGHT / 2.0);
            let (sx0, sx1) = (column_x, column_x + px(SWATCH_WIDTH));
            match swatch {
                Swatch::Line(line) => {
                    let points = vec![(sx0, row_y), (sx1, row_y)];
                    match line.dash {
                        None => root.draw(&PathElement::new(points, line.style()))?,
                        Some((dash, gap)) => {
                            for piece in dashes(&points, f64::from(px(dash)), f64::from(px(gap))) {
                                root.draw(&PathElement::new(piece, line.style()))?;
                            }
                        }
                    }
                }
                Swatch::Marker(marker, color) => draw_marker(root, ((sx0 + sx1) / 2, row_y), *marker, *color)?,
                Swatch::Fill(color) => {
                    root.draw(&Rectangle::new([(sx0, row_y - px(6.0)), (sx1, row_y + px(6.0))], color.filled()))?;
                }
            }
            label(root, text, (sx1 + px(8.0), row_y), &style, (HPos::Left, VPos::Center))?;
        }
        column_x += column_width;
    }
    Ok(())
}

/// Writes a figure title centred at the top and, if `entries` is not empty, a legend of
/// `columns` columns centred below it; returns the area left for the plots.
pub fn header<'b>(
    root: &Area<'b>,
    title: &str,
    entries: &[(Swatch, String)],
    columns: usize,
) -> Result<Area<'b>, Error> {
    let (width, _) = root.dim_in_pixel();
    label(root, title, (width as i32 / 2, px(8.0)), &font(16.0), (HPos::Center, VPos::Top))?;
    let mut top = px(34.0);
    if !entries.is_empty() {
        let (legend_width, legend_height) = legend_size(root, entries, columns);
        legend_at(root, ((width as i32 - legend_width) / 2, top), entries, columns, false)?;
        top += legend_height + px(4.0);
    }
    Ok(root.margin(top, 0, 0, 0))
}
