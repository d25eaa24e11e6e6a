//! The SVG document: sizes are given in logical pixels and drawn at [`SCALE`]× on the canvas;
//! [`render`] turns a drawing into the document the book embeds.

use plotters::prelude::*;

use super::scale::{Area, SCALE};
use super::text::escape_xml;
use super::theme::register_fonts;
use crate::Error;

/// Width and height of the single-panel figures, in logical pixels.
pub const SINGLE_PANEL: (u32, u32) = (720, 450);

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
