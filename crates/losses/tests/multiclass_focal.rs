//! The K-class focal losses: what they reduce to, their errors, and their batch functions.

use losses::{
    BinaryReduction, FocalParams, Label, LossError, Reduction, SoftmaxFocalParams, focal_loss_with_logits,
    focal_loss_with_logits_grad, sigmoid_focal_loss, sigmoid_focal_loss_batch, softmax_cross_entropy,
    softmax_cross_entropy_grad, softmax_focal_loss, softmax_focal_loss_batch, softmax_focal_loss_grad,
};

const ROWS: [&[f64]; 5] =
    [&[0.0, 0.0], &[1.0, 2.0, 3.0], &[-30.0, 0.0, 30.0], &[0.5, -1.25, 2.0, 0.0, -0.1], &[1e8, 1e8, 1e8]];

#[test]
fn gamma_zero_is_the_softmax_cross_entropy_bit_for_bit() {
    for z in ROWS {
        for class in 0..z.len() {
            let params = SoftmaxFocalParams::new(0.0).unwrap();
            assert_eq!(softmax_focal_loss(z, class, &params).unwrap(), softmax_cross_entropy(z, class).unwrap());
            assert_eq!(
                softmax_focal_loss_grad(z, class, &params).unwrap(),
                softmax_cross_entropy_grad(z, class).unwrap()
            );
            let z32: Vec<f32> = z.iter().map(|&v| v as f32).collect();
            let p32 = SoftmaxFocalParams::new(0.0_f32).unwrap();
            assert_eq!(softmax_focal_loss(&z32, class, &p32).unwrap(), softmax_cross_entropy(&z32, class).unwrap());
        }
    }
}

#[test]
fn two_classes_are_the_binary_focal_loss() {
    for x in [-40.0_f64, -3.0, -0.5, 0.0, 0.7, 5.0, 40.0] {
        for gamma in [0.5, 1.0, 2.0, 5.0] {
            let binary = FocalParams::balanced(gamma, 0.25).unwrap();
            let softmax = SoftmaxFocalParams::balanced(gamma, &[0.75, 0.25]).unwrap();
            for (class, label) in [(1, Label::Positive), (0, Label::Negative)] {
                let expected = focal_loss_with_logits(x, label, binary).unwrap();
                let got = softmax_focal_loss(&[0.0, x], class, &softmax).unwrap();
                assert!(
                    (got - expected).abs() <= 8.0 * f64::EPSILON * expected,
                    "x = {x} γ = {gamma}: {got} vs {expected}"
                );
                let g = softmax_focal_loss_grad(&[0.0, x], class, &softmax).unwrap();
                let expected = focal_loss_with_logits_grad(x, label, binary).unwrap();
                assert!((g[1] - expected).abs() <= 16.0 * f64::EPSILON * expected.abs(), "x = {x} γ = {gamma}");
                assert!((g[0] + g[1]).abs() <= 4.0 * f64::EPSILON * g[1].abs());
            }
        }
    }
}

#[test]
fn focal_is_at_most_cross_entropy_and_gradients_sum_to_zero() {
    for z in ROWS {
        for class in 0..z.len() {
            for gamma in [0.5, 2.0, 5.0] {
                let params = SoftmaxFocalParams::new(gamma).unwrap();
                assert!(softmax_focal_loss(z, class, &params).unwrap() <= softmax_cross_entropy(z, class).unwrap());
                let g = softmax_focal_loss_grad(z, class, &params).unwrap();
                let scale = g.iter().map(|v| v.abs()).fold(0.0, f64::max);
                assert!(g.iter().sum::<f64>().abs() <= 8.0 * f64::EPSILON * scale, "{z:?} {class} {gamma}");
            }
        }
    }
}

#[test]
fn masked_classes_and_certain_rows() {
    let params = SoftmaxFocalParams::new(2.0).unwrap();
    // The true class masked: +∞, and the gradient's limit (−1 at the class, p_k elsewhere).
    let z = [f64::NEG_INFINITY, 0.0, 0.0];
    assert_eq!(softmax_focal_loss(&z, 0, &params).unwrap(), f64::INFINITY);
    assert_eq!(softmax_focal_loss_grad(&z, 0, &params).unwrap(), vec![-1.0, 0.5, 0.5]);
    // Every other class masked: p_c = 1, loss and gradient 0.
    let z = [0.0, f64::NEG_INFINITY];
    assert_eq!(softmax_focal_loss(&z, 0, &params).unwrap(), 0.0);
    assert_eq!(softmax_focal_loss_grad(&z, 0, &params).unwrap(), vec![0.0, 0.0]);
    // γ < 1 at p_c → 1: finite, never NaN.
    let g = softmax_focal_loss_grad(&[50.0_f64, 0.0, 0.0], 0, &SoftmaxFocalParams::new(0.5).unwrap()).unwrap();
    assert!(g.iter().all(|v| v.is_finite()) && g[0] < 0.0);
}

#[test]
fn bad_input_is_a_typed_error() {
    let params = SoftmaxFocalParams::new(2.0).unwrap();
    assert_eq!(softmax_focal_loss::<f64>(&[], 0, &params), Err(LossError::Empty { argument: "z" }));
    assert!(matches!(softmax_focal_loss(&[0.0, 1.0], 2, &params), Err(LossError::ClassOutOfRange { class: 2, .. })));
    assert!(matches!(softmax_focal_loss(&[0.0, f64::NAN], 0, &params), Err(LossError::NotANumber { index: 1, .. })));
    assert!(matches!(
        softmax_focal_loss(&[0.0, f64::INFINITY], 0, &params),
        Err(LossError::PositiveInfiniteLogit { .. })
    ));
    let weighted = SoftmaxFocalParams::balanced(2.0, &[0.5, 0.5, 0.5]).unwrap();
    assert!(matches!(
        softmax_focal_loss(&[0.0, 1.0], 0, &weighted),
        Err(LossError::LengthMismatch { right: "alpha", .. })
    ));
    assert_eq!(SoftmaxFocalParams::balanced(2.0, &[0.5, 1.5]), Err(LossError::InvalidAlpha { alpha: 1.5 }));
    assert_eq!(SoftmaxFocalParams::new(-1.0), Err(LossError::InvalidGamma { gamma: -1.0 }));
    assert!(matches!(
        softmax_focal_loss_batch(&[0.0, 1.0, 2.0], 2, &[0], &params, Reduction::Sum),
        Err(LossError::RaggedBatch { .. })
    ));
    let retinanet = FocalParams::retinanet();
    assert!(matches!(sigmoid_focal_loss(&[0.0_f64, 1.0], Some(2), retinanet), Err(LossError::ClassOutOfRange { .. })));
    assert_eq!(
        sigmoid_focal_loss_batch(&[0.0_f64, 1.0], 2, &[None], retinanet, BinaryReduction::SumOverPositives),
        Err(LossError::NoPositives)
    );
}

#[test]
fn a_background_anchor_is_k_negatives() {
    let params = FocalParams::retinanet();
    let z = [-3.0_f64, 0.5, -1.0];
    let by_terms: f64 = z.iter().map(|&x| focal_loss_with_logits(x, Label::Negative, params).unwrap()).sum();
    assert!((sigmoid_focal_loss(&z, None, params).unwrap() - by_terms).abs() <= 2.0 * f64::EPSILON * by_terms);
}
