//! The look every figure shares: the font plotters measures text with, and the colours.

use std::sync::Once;

use plotters::prelude::*;

use super::scale::SCALE;

/// The font family written into the SVG. DejaVu is registered under this name only so plotters
/// can estimate text sizes; the reader's browser draws the `<text>` with its own sans-serif
/// fonts, Hangul included.
const FAMILY: &str = "sans-serif";

/// A text style whose SVG `font-size` is `size` logical pixels (plotters writes size / 1.24).
pub fn font(size: f64) -> TextStyle<'static> {
    register_fonts();
    TextStyle::from((FAMILY, size * 1.24 * f64::from(SCALE)).into_font()).color(&INK)
}

pub(super) fn register_fonts() {
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
