//! Chapter 2: a least-squares line, its residuals, and the SSE as a sum of squares.

use losses::{mean_squared_error, simple_linear_regression, sum_of_squared_errors};
use plotters::prelude::*;

use crate::plot::{self, Axis, BLUE, Corner, INK, Line, Marker, Panel, SINGLE_PANEL, Swatch, VERMILLION, number};
use crate::{Edition, Error, Text};

/// The example data of chapter 2 (its table "예제 데이터" / "The example data"), so that the
/// figure shows the line ŷ = 2.2 + 0.6x and the SSE 2.4 the chapter computes by hand.
pub(crate) const X: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];
/// The responses of the example data.
pub(crate) const Y: [f64; 5] = [2.0, 4.0, 5.0, 4.0, 5.0];

/// Data, the least-squares line from [`losses::simple_linear_regression`], each residual as a
/// vertical segment and the square on it, and the SSE from [`losses::sum_of_squared_errors`] in
/// the title. The squares are squares on screen, so their areas compare as (yᵢ − ŷᵢ)² do.
///
/// # Errors
/// [`Error`] if drawing fails.
pub fn regression_residuals(lang: Edition) -> Result<String, Error> {
    let fit = simple_linear_regression(&X, &Y)?;
    let y_hat = fit.predict_all(&X);
    let sse = sum_of_squared_errors(&Y, &y_hat)?;
    let mse = mean_squared_error(&Y, &y_hat)?;
    let line_text = format!("ŷ = {} + {}x", number(fit.intercept, 2), number(fit.slope, 2));
    let title = Text {
        ko: format!("최소제곱 직선 {line_text}: SSE = {} (정사각형 넓이의 합)", number(sse, 2)),
        en: format!("Least-squares line {line_text}: SSE = {} (total area of the squares)", number(sse, 2)),
    }
    .get(lang);
    plot::render(SINGLE_PANEL.0, SINGLE_PANEL.1, &title, |root| {
        let panel = Panel {
            title: title.clone(),
            x: Axis::linear("x", 0.0, 6.0, 0.0, 1.0, 0),
            y: Axis::linear("y", 0.0, 7.0, 0.0, 1.0, 0),
            y_label_width: 40.0,
        };
        let mut chart = panel.build(root)?;
        // Logical units per pixel in x and y: a residual r in y units becomes a square r tall and
        // r·(y pixels per unit)/(x pixels per unit) wide in x units.
        let (x0, y0) = chart.backend_coord(&(0.0, 0.0));
        let (x1, y1) = chart.backend_coord(&(1.0, 1.0));
        let aspect = f64::from(y0 - y1) / f64::from(x1 - x0);
        for ((&x, &y), &y_hat) in X.iter().zip(&Y).zip(&y_hat) {
            let side = (y - y_hat).abs() * aspect;
            let corners = [(x, y), (x + side, y_hat)];
            chart.draw_series(std::iter::once(Rectangle::new(corners, VERMILLION.mix(0.18).filled())))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                corners,
                VERMILLION.mix(0.6).stroke_width(plot::px(0.75) as u32),
            )))?;
            panel.segment(&mut chart, (x, y), (x, y_hat), &Line::solid(VERMILLION))?;
        }
        panel.curve(&mut chart, &[(0.0, fit.predict(0.0)), (6.0, fit.predict(6.0))], &Line::solid(INK))?;
        let points: Vec<(f64, f64)> = X.iter().copied().zip(Y).collect();
        panel.markers(&mut chart, &points, Marker::Disc, BLUE)?;
        let entries = [
            (
                Swatch::Marker(Marker::Disc, BLUE),
                Text { ko: "데이터 (xᵢ, yᵢ)", en: "data (xᵢ, yᵢ)" }.get(lang).to_string(),
            ),
            (
                Swatch::Line(Line::solid(INK)),
                format!("{} {line_text}", Text { ko: "최소제곱 직선", en: "least-squares line" }.get(lang)),
            ),
            (
                Swatch::Line(Line::solid(VERMILLION)),
                Text { ko: "잔차 yᵢ − ŷᵢ", en: "residual yᵢ − ŷᵢ" }.get(lang).to_string(),
            ),
            (Swatch::Fill(VERMILLION.mix(0.3)), format!("{} (yᵢ − ŷᵢ)²", Text { ko: "넓이", en: "area" }.get(lang))),
            (
                Swatch::Fill(RGBAColor(255, 255, 255, 0.0)),
                format!("SSE = {}, MSE = SSE/n = {}", number(sse, 2), number(mse, 2)),
            ),
        ];
        plot::legend(root, &chart, Corner::UpperLeft, &entries)
    })
}
