//! Average precision and the precision–recall curve: hand-computed cases, a brute-force
//! reference, ties, and errors.

use losses::LossError;
use losses::metrics::{average_precision, precision_recall_curve};

/// The definition, literally and in O(n²): each positive contributes the precision at its own
/// score, counting every example that scores at least as high (ties included).
fn brute_force(scores: &[f64], targets: &[f64]) -> f64 {
    let positives = targets.iter().filter(|&&t| t == 1.0).count() as f64;
    let mut total = 0.0;
    for (&s, &t) in scores.iter().zip(targets) {
        if t == 1.0 {
            let kept = scores.iter().filter(|&&other| other >= s).count() as f64;
            let hits = scores.iter().zip(targets).filter(|&(&other, &u)| other >= s && u == 1.0).count() as f64;
            total += hits / kept;
        }
    }
    total / positives
}

#[test]
fn hand_computed_cases() {
    // Perfect ranking.
    assert_eq!(average_precision(&[0.9, 0.8, 0.1], &[1.0, 1.0, 0.0]).unwrap(), 1.0);
    // Worst ranking of 1 positive among 4: precision 1/4 at its rank.
    assert_eq!(average_precision(&[0.1, 0.8, 0.9, 0.7], &[1.0, 0.0, 0.0, 0.0]).unwrap(), 0.25);
    // +, −, +, −: (1/1 + 2/3) / 2.
    let ap = average_precision(&[4.0, 3.0, 2.0, 1.0], &[1.0, 0.0, 1.0, 0.0]).unwrap();
    assert!((ap - 5.0 / 6.0).abs() < 1e-15);
    // −, +, −, +: (1/2 + 2/4) / 2 = 1/2.
    assert_eq!(average_precision(&[4.0, 3.0, 2.0, 1.0], &[0.0, 1.0, 0.0, 1.0]).unwrap(), 0.5);
    // Every score tied: one threshold, precision P/n for every positive.
    assert_eq!(average_precision(&[0.5; 5], &[1.0, 0.0, 1.0, 0.0, 0.0]).unwrap(), 0.4);
    // A positive tied with a negative at the top, then a positive: (1/2 + 2/3) / 2 = 7/12.
    let ap = average_precision(&[0.9, 0.9, 0.1], &[1.0, 0.0, 1.0]).unwrap();
    assert!((ap - 7.0 / 12.0).abs() < 1e-15);
}

#[test]
fn the_curve_has_one_point_per_distinct_score_ending_at_recall_one() {
    let curve = precision_recall_curve(&[3.0, 1.0, 3.0, 2.0, -0.0, 0.0], &[1.0, 0.0, 0.0, 1.0, 1.0, 0.0]).unwrap();
    let points = curve.points();
    let summary: Vec<(f64, usize, usize)> =
        points.iter().map(|p| (p.threshold, p.true_positives, p.detections)).collect();
    // −0 and 0 are one score.
    assert_eq!(summary, [(3.0, 1, 2), (2.0, 2, 3), (1.0, 2, 4), (0.0, 3, 6)]);
    assert_eq!(points.last().unwrap().recall, 1.0);
    assert_eq!(points[0].precision, 0.5);
    assert_eq!(curve.positives(), 3);
}

/// A small deterministic generator for the random cases (xorshift64*).
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[test]
fn agrees_with_the_brute_force_definition_ties_included() {
    let mut state = 88172645463325252_u64;
    for case in 0..300 {
        let n = 1 + (xorshift(&mut state) % 60) as usize;
        // Few distinct scores, so that ties are common.
        let levels = 1 + xorshift(&mut state) % 8;
        let scores: Vec<f64> = (0..n).map(|_| (xorshift(&mut state) % levels) as f64 / 4.0).collect();
        let mut targets: Vec<f64> =
            (0..n).map(|_| f64::from(u8::from(xorshift(&mut state).is_multiple_of(3)))).collect();
        targets[case % n] = 1.0;
        let fast = average_precision(&scores, &targets).unwrap();
        let slow = brute_force(&scores, &targets);
        assert!((fast - slow).abs() <= 1e-12, "case {case}: {fast} vs {slow}\n{scores:?}\n{targets:?}");
        // The order of the examples does not matter.
        let reversed_scores: Vec<f64> = scores.iter().rev().copied().collect();
        let reversed_targets: Vec<f64> = targets.iter().rev().copied().collect();
        assert_eq!(average_precision(&reversed_scores, &reversed_targets).unwrap(), fast);
    }
}

#[test]
fn a_random_ranking_has_ap_near_the_positive_rate() {
    // 1 positive in 10, scores independent of the labels: AP ≈ 0.1 (a known property of AP).
    let mut state = 7_u64;
    let n = 20_000;
    let scores: Vec<f64> = (0..n).map(|_| xorshift(&mut state) as f64).collect();
    let targets: Vec<f64> = (0..n).map(|i| if i % 10 == 0 { 1.0 } else { 0.0 }).collect();
    let ap = average_precision(&scores, &targets).unwrap();
    assert!((ap - 0.1).abs() < 0.01, "{ap}");
}

#[test]
fn bad_input_is_a_typed_error() {
    assert_eq!(average_precision::<f64>(&[], &[]), Err(LossError::Empty { argument: "scores" }));
    assert!(matches!(average_precision(&[1.0_f64], &[1.0, 0.0]), Err(LossError::LengthMismatch { .. })));
    assert_eq!(
        average_precision(&[1.0_f64, f64::NAN], &[1.0, 0.0]),
        Err(LossError::NotANumber { argument: "scores", index: 1 })
    );
    assert!(matches!(average_precision(&[1.0_f64, 2.0], &[1.0, 0.5]), Err(LossError::InvalidLabel { index: 1, .. })));
    assert_eq!(average_precision(&[1.0_f64, 2.0], &[0.0, 0.0]), Err(LossError::NoPositives));
    // Infinite scores are fine: they rank first or last.
    assert_eq!(average_precision(&[f64::INFINITY, f64::NEG_INFINITY], &[1.0, 0.0]).unwrap(), 1.0);
}
