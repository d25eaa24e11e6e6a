//! The drawing kit every figure shares: one canvas, one look, and the few things plotters does not
//! do for us (clipping curves to the axes, log axes with readable labels, legends that leave room
//! for Hangul).
//!
//! Sizes are given in *logical* pixels (the size the figure is shown at) and drawn at [`SCALE`]×
//! on the canvas, so curves keep their shape on high-density screens although plotters rounds
//! every coordinate to a whole canvas pixel.

use std::ops::Range;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{Error, Lang};

/// Canvas pixels per logical pixel.
pub const SCALE: i32 = 2;

/// The drawing area of a whole figure.
pub type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
/// Every chart is Cartesian over f64 with explicitly chosen ticks; log axes are drawn as linear
/// axes over log₁₀ of the value (see [`Axis::log`]).
pub type Coord = Cartesian2d<RangedCoordf64, RangedCoordf64>;
/// A chart of one panel.
pub type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Coord>;

/// The font family written into the SVG. DejaVu is registered under this name only so plotters
/// can estimate text sizes; the reader's browser draws the `<text>` with its own sans-serif
/// fonts, Hangul included.
const FAMILY: &str = "sans-serif";

/// Logical pixels → canvas pixels.
pub fn px(logical: f64) -> i32 {
    (logical * f64::from(SCALE)).round() as i32
}

/// A text style whose SVG `font-size` is `size` logical pixels (plotters writes size / 1.24).
pub fn font(size: f64) -> TextStyle<'static> {
    register_fonts();
    TextStyle::from((FAMILY, size * 1.24 * f64::from(SCALE)).into_font()).color(&INK)
}

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Registering a valid, built-in TrueType font cannot fail.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, legible on white.
/// Text and axes.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Reference curves (plain cross-entropy and the like).
pub const GREY: RGBColor = RGBColor(0x77, 0x77, 0x77);
/// Blue.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Bluish green.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Orange.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Vermillion.
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Reddish purple.
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);

/// The focusing parameters of the paper's Figure 1, each with the colour it has in every figure.
pub const GAMMAS: [(f64, RGBColor); 5] = [(0.0, BLUE), (0.5, GREEN), (1.0, ORANGE), (2.0, VERMILLION), (5.0, PURPLE)];

/// The colour of γ in every figure.
pub fn gamma_color(gamma: f64) -> RGBColor {
    GAMMAS.iter().find(|(g, _)| *g == gamma).map_or(INK, |(_, c)| *c)
}

/// Formats γ or α the way the book writes it: `0`, `0.5`, `0.25`, `2`.
pub fn short(value: f64) -> String {
    let text = format!("{value}");
    text.replace('-', "−")
}

/// Draws a figure of `width` × `height` logical pixels and returns the SVG document.
///
/// The canvas is filled white (figures stay legible in mdBook's dark themes), the document gets a
/// `<title>` (shown as a tooltip, read by screen readers when the SVG is opened on its own) and is
/// sized to the logical size, with the `viewBox` at the canvas size.
pub fn render(
    width: u32,
    height: u32,
    title: &str,
    draw: impl FnOnce(&Area<'_>) -> Result<(), Error>,
) -> Result<String, Error> {
    register_fonts();
    let mut buffer = String::new();
    {
        let canvas = (width * SCALE as u32, height * SCALE as u32);
        let root = SVGBackend::with_string(&mut buffer, canvas).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    let canvas_size = format!("width=\"{}\" height=\"{}\"", width * SCALE as u32, height * SCALE as u32);
    let shown_size = format!("width=\"{width}\" height=\"{height}\"");
    let Some(end_of_svg_tag) = buffer.find(">\n") else {
        return Err(Error::Draw("plotters wrote no <svg> element".into()));
    };
    let head = buffer[..end_of_svg_tag].replacen(&canvas_size, &shown_size, 1);
    let mut document = String::with_capacity(buffer.len() + 200);
    document.push_str(&head);
    document.push_str(" role=\"img\">\n<title>");
    document.push_str(&escape_xml(title));
    document.push_str("</title>\n");
    document.push_str(&buffer[end_of_svg_tag + 2..]);
    Ok(compact(&document))
}

/// Drops the attributes plotters writes with their SVG default values (`opacity="1"`, and
/// `stroke="none" stroke-width="1"` on filled shapes): a third of the size of a scatter plot.
fn compact(svg: &str) -> String {
    svg.replace(" opacity=\"1\"", "").replace(" stroke=\"none\" stroke-width=\"1\"", "")
}

/// Escapes text for XML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Is this character drawn as a full-width (1 em) glyph? Hangul and CJK: DejaVu has no glyph for
/// them, so plotters would estimate them at the width of DejaVu's "missing glyph" box.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFF00..=0xFF60)
}

/// The width in canvas pixels that `text` takes in `style`: DejaVu's metrics for everything it
/// has (wider than most sans-serif fonts, so the estimate errs on the roomy side) and 1 em for each
/// Hangul or CJK character.
pub fn text_width(area: &Area<'_>, text: &str, style: &TextStyle<'_>) -> i32 {
    let narrow: String = text.chars().filter(|&c| !is_wide(c)).collect();
    let wide = text.chars().filter(|&c| is_wide(c)).count() as f64;
    let em = style.font.get_size() / 1.24;
    let measured = area.estimate_text_size(&narrow, style).map_or(0, |(w, _)| w as i32);
    measured + (wide * em).ceil() as i32
}

fn label_local(
    area: &Area<'_>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle<'_>,
    anchor: (HPos, VPos),
) -> Result<(), Error> {
    label(area, text, (x, y), style, anchor)
}

/// Writes `text` at canvas pixel `(x, y)` of `area`, anchored as asked.
pub fn label(
    area: &Area<'_>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle<'_>,
    anchor: (HPos, VPos),
) -> Result<(), Error> {
    let style = style.pos(Pos::new(anchor.0, anchor.1));
    area.draw(&Text::new(text.to_string(), (x, y), style))?;
    Ok(())
}

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
        let count = ((to - tick_from) / step + 1e-9).floor() as i64;
        let ticks = (0..=count).map(|i| tick_from + i as f64 * step).filter(|t| *t >= from - 1e-12).collect();
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
    pub fn probability_of_true_class(lang: Lang) -> Self {
        Axis::linear(tr(lang, "정답 클래스의 확률 pₜ", "probability of the true class pₜ"), 0.0, 1.0, 0.0, 0.2, 1)
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

/// `value` with a fixed number of decimals and a true minus sign.
pub fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    };
    text.replace('-', "−")
}

/// 10 with a superscript exponent: `10⁻¹⁶`.
pub fn power_of_ten(exponent: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut text = String::from("10");
    if exponent < 0 {
        text.push('⁻');
    }
    for digit in exponent.unsigned_abs().to_string().bytes() {
        text.push(DIGITS[usize::from(digit - b'0')]);
    }
    text
}

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
            label_local(
                &root,
                &(self.x.format)(t),
                local((x, bottom + tick + px(3.0))),
                &labels,
                (HPos::Center, VPos::Top),
            )?;
        }
        for &t in self.y.ticks.iter().filter(|t| yr.contains(t) || **t == yr.end) {
            let (_, y) = chart.backend_coord(&(xr.start, t));
            root.draw(&PathElement::new(vec![local((left - tick, y)), local((left, y))], frame))?;
            label_local(
                &root,
                &(self.y.format)(t),
                local((left - tick - px(3.0), y)),
                &labels,
                (HPos::Right, VPos::Center),
            )?;
        }
        let titles = font(13.0);
        let centre_x = (left + right) / 2;
        let centre_y = (top + bottom) / 2;
        label_local(&root, &self.x.title, local((centre_x, bottom + px(40.0))), &titles, (HPos::Center, VPos::Bottom))?;
        let (area_x, _) = area.get_pixel_range();
        let rotated = titles.transform(FontTransform::Rotate270);
        label_local(
            &root,
            &self.y.title,
            local((area_x.start + px(6.0), centre_y)),
            &rotated,
            (HPos::Center, VPos::Top),
        )?;
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
    fn style(&self) -> ShapeStyle {
        self.color.stroke_width(px(self.width) as u32)
    }
}

/// Canvas pixel → pixel relative to the chart's plotting area (what its stripped area draws in).
pub fn to_local(chart: &Chart<'_, '_>, (x, y): (i32, i32)) -> (i32, i32) {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    (x - xs.start, y - ys.start)
}

fn draw_polyline(chart: &mut Chart<'_, '_>, points: Vec<(f64, f64)>, line: &Line) -> Result<(), Error> {
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

/// Splits a polyline (canvas pixels) into dashes of length `dash` separated by `gap`.
fn dashes(points: &[(i32, i32)], dash: f64, gap: f64) -> Vec<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    let mut current: Vec<(i32, i32)> = Vec::new();
    let mut drawing = true;
    let mut left = dash;
    for pair in points.windows(2) {
        let (a, b) = ((f64::from(pair[0].0), f64::from(pair[0].1)), (f64::from(pair[1].0), f64::from(pair[1].1)));
        let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut done = 0.0;
        if drawing && current.is_empty() {
            current.push(pair[0]);
        }
        while length - done > left {
            done += left;
            let t = done / length;
            let point = ((a.0 + t * (b.0 - a.0)).round() as i32, (a.1 + t * (b.1 - a.1)).round() as i32);
            if drawing {
                current.push(point);
                out.push(std::mem::take(&mut current));
                left = gap;
            } else {
                current.push(point);
                left = dash;
            }
            drawing = !drawing;
        }
        left -= length - done;
        if drawing {
            current.push(pair[1]);
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out.retain(|piece| piece.len() > 1);
    for piece in &mut out {
        piece.dedup();
    }
    out.retain(|piece| piece.len() > 1);
    out
}

/// Clips a polyline (plotted units, `None` = break) to the rectangle `x × y`, returning the
/// visible pieces. Segments that leave the rectangle end on its edge.
pub fn clip(points: &[Option<(f64, f64)>], x: &Range<f64>, y: &Range<f64>) -> Vec<Vec<(f64, f64)>> {
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let (Some(a), Some(b)) = (pair[0], pair[1]) else {
            if current.len() > 1 {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
            continue;
        };
        match clip_segment(a, b, x, y) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current = vec![p];
                }
                current.push(q);
                if q != b {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    // A single point inside the rectangle has nothing to draw.
    pieces
}

/// Liang–Barsky clipping of the segment a→b to the rectangle.
fn clip_segment(a: (f64, f64), b: (f64, f64), x: &Range<f64>, y: &Range<f64>) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [(-dx, a.0 - x.start), (dx, x.end - a.0), (-dy, a.1 - y.start), (dy, y.end - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * dx, a.1 + t * dy)
        }
    };
    Some((at(t0), at(t1)))
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

/// Titles for the language: picks the Korean or English text.
pub fn tr<'t>(lang: Lang, ko: &'t str, en: &'t str) -> &'t str {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_inside_pieces_and_cuts_at_edges() {
        let points = [Some((0.0, 0.0)), Some((1.0, 2.0)), Some((2.0, 0.0)), None, Some((3.0, 0.5)), Some((4.0, 0.5))];
        let pieces = clip(&points, &(0.0..4.0), &(0.0..1.0));
        assert_eq!(
            pieces,
            vec![vec![(0.0, 0.0), (0.5, 1.0)], vec![(1.5, 1.0), (2.0, 0.0)], vec![(3.0, 0.5), (4.0, 0.5)]]
        );
    }

    #[test]
    fn dashes_alternate_along_the_line() {
        let pieces = dashes(&[(0, 0), (30, 0)], 5.0, 5.0);
        assert_eq!(pieces, vec![vec![(0, 0), (5, 0)], vec![(10, 0), (15, 0)], vec![(20, 0), (25, 0)]]);
    }

    #[test]
    fn numbers_use_a_true_minus_sign() {
        assert_eq!(number(-0.5, 1), "−0.5");
        assert_eq!(number(-0.0001, 1), "0.0");
        assert_eq!(power_of_ten(-16), "10⁻¹⁶");
        assert_eq!(power_of_ten(0), "10⁰");
    }
}
