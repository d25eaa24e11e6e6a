//! The drawing kit every figure shares: one canvas, one look, and the few things plotters does not
//! do for us (clipping curves to the axes, log axes with readable labels, legends that leave room
//! for Hangul).
//!
//! Sizes are given in *logical* pixels (the size the figure is shown at) and drawn at [`scale::SCALE`]×
//! on the canvas, so curves keep their shape on high-density screens although plotters rounds
//! every coordinate to a whole canvas pixel.
//!
//! | module | concern |
//! |---|---|
//! | [`canvas`] | the SVG document: logical and canvas pixels, [`render`] |
//! | [`theme`] | fonts and colours, the colour of each γ |
//! | [`text`] | text metrics (Hangul included), labels, numbers as the book writes them |
//! | [`axis`] | [`Axis`]: range, ticks and their labels, linear or logarithmic |
//! | [`panel`] | [`Panel`]: one chart's frame, and curves, bands and markers drawn into it |
//! | [`stroke`] | [`Line`] and [`Marker`]: how curves and points look |
//! | [`geometry`] | clipping a curve to the axes, dashing it |
//! | [`legend`] | legends and the figure header |

mod axis;
mod canvas;
mod geometry;
mod legend;
mod panel;
mod scale;
mod stroke;
mod text;
mod theme;

pub use axis::Axis;
pub use canvas::{SINGLE_PANEL, render};
pub use legend::{Corner, Swatch, header, legend};
pub use panel::Panel;
pub use scale::px;
pub use stroke::{Line, Marker};
pub use text::{escape_xml, label, number, power_of_ten, short};
pub use theme::{BLUE, GAMMAS, GREEN, GREY, INK, ORANGE, VERMILLION, font, gamma_color};
