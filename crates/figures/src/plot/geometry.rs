//! Geometry plotters does not do for us: clipping a curve to the axes, dashing it, and moving
//! between canvas and plotting-area pixels.

use std::ops::Range;

use super::scale::Chart;

/// Canvas pixel → pixel relative to the chart's plotting area (what its stripped area draws in).
pub fn to_local(chart: &Chart<'_, '_>, (x, y): (i32, i32)) -> (i32, i32) {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    (x - xs.start, y - ys.start)
}

/// Splits a polyline (canvas pixels) into dashes of length `dash` separated by `gap`.
pub(super) fn dashes(points: &[(i32, i32)], dash: f64, gap: f64) -> Vec<Vec<(i32, i32)>> {
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
}
