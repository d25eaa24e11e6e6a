//! Text: how wide it is (Hangul included), where it goes, and numbers written as the book writes
//! them.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::scale::Area;
use crate::Error;

/// Formats γ or α the way the book writes it: `0`, `0.5`, `0.25`, `2`.
pub fn short(value: f64) -> String {
    let text = format!("{value}");
    text.replace('-', "−")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_true_minus_sign() {
        assert_eq!(number(-0.5, 1), "−0.5");
        assert_eq!(number(-0.0001, 1), "0.0");
        assert_eq!(power_of_ten(-16), "10⁻¹⁶");
        assert_eq!(power_of_ten(0), "10⁰");
    }
}
