//! Bad input gives the error that names the problem — the variant, the argument, the index and the
//! value — and its message can be read without the source.

use losses::{BinaryReduction, FocalParams, Label, LossError, Reduction};

#[test]
fn length_mismatch_names_both_arguments_and_lengths() {
    let e = losses::mean_squared_error(&[1.0_f64, 2.0], &[1.0]).unwrap_err();
    assert_eq!(e, LossError::LengthMismatch { left: "y", left_len: 2, right: "y_hat", right_len: 1 });
    assert_eq!(e.to_string(), "length mismatch: `y` has 2 elements but `y_hat` has 1");

    let e = losses::binary_cross_entropy_with_logits_batch(&[0.0_f64; 3], &[1.0; 4], Reduction::Sum).unwrap_err();
    assert_eq!(e, LossError::LengthMismatch { left: "logits", left_len: 3, right: "targets", right_len: 4 });

    let e = losses::kl_divergence(&[0.5_f64, 0.5], &[1.0]).unwrap_err();
    assert_eq!(e, LossError::LengthMismatch { left: "p", left_len: 2, right: "q", right_len: 1 });

    let e = losses::softmax_cross_entropy_soft(&[0.0_f64, 0.0, 0.0], &[0.5, 0.5]).unwrap_err();
    assert_eq!(e, LossError::LengthMismatch { left: "z", left_len: 3, right: "target", right_len: 2 });

    // A batch of 2 rows with 3 class labels: the rows are what is counted.
    let e = losses::softmax_cross_entropy_batch(&[0.0_f64; 4], 2, &[0, 1, 0], Reduction::Mean).unwrap_err();
    assert_eq!(e, LossError::LengthMismatch { left: "logits (rows)", left_len: 2, right: "classes", right_len: 3 });
}

#[test]
fn empty_slices_are_named() {
    let empty: [f64; 0] = [];
    assert_eq!(losses::entropy(&empty).unwrap_err(), LossError::Empty { argument: "p" });
    assert_eq!(losses::softmax(&empty).unwrap_err(), LossError::Empty { argument: "z" });
    assert_eq!(losses::sum_of_squared_errors(&empty, &empty).unwrap_err(), LossError::Empty { argument: "y" });
    assert_eq!(
        losses::focal_loss_with_logits_batch(&empty, &empty, FocalParams::new(2.0).unwrap(), Reduction::Mean)
            .unwrap_err(),
        LossError::Empty { argument: "logits" }
    );
    assert_eq!(
        losses::binary_cross_entropy_batch(&empty, &empty, Reduction::Sum).unwrap_err(),
        LossError::Empty { argument: "probabilities" }
    );
    assert_eq!(losses::simple_linear_regression(&empty, &empty).unwrap_err(), LossError::Empty { argument: "x" });
    assert_eq!(LossError::Empty { argument: "p" }.to_string(), "`p` is empty");
}

#[test]
fn not_a_probability_names_the_index_and_the_value() {
    let e = losses::binary_cross_entropy_batch(&[0.5_f64, 0.25, 1.5], &[1.0, 0.0, 1.0], Reduction::Sum).unwrap_err();
    assert_eq!(e, LossError::NotAProbability { argument: "probabilities", index: 2, value: 1.5 });
    assert_eq!(e.to_string(), "`probabilities[2]` = 1.5 is not a probability in [0, 1]");

    assert_eq!(
        losses::binary_cross_entropy(-0.1_f64, Label::Positive).unwrap_err(),
        LossError::NotAProbability { argument: "p", index: 0, value: -0.1 }
    );
    assert_eq!(
        losses::entropy(&[0.5_f64, -0.25, 0.75]).unwrap_err(),
        LossError::NotAProbability { argument: "p", index: 1, value: -0.25 }
    );
    assert_eq!(
        losses::modulating_factor(2.0_f64, 2.0).unwrap_err(),
        LossError::NotAProbability { argument: "p_t", index: 0, value: 2.0 }
    );
    // f32 values are reported exactly (widened, not re-parsed).
    assert_eq!(
        losses::binary_cross_entropy(1.1_f32, Label::Negative).unwrap_err(),
        LossError::NotAProbability { argument: "p", index: 0, value: f64::from(1.1_f32) }
    );
}

#[test]
fn not_a_distribution_reports_the_sum_and_the_tolerance() {
    let e = losses::entropy(&[0.5_f64, 0.6]).unwrap_err();
    let LossError::NotADistribution { argument, sum, tolerance } = e.clone() else { panic!("{e:?}") };
    assert_eq!(argument, "p");
    assert!((sum - 1.1).abs() < 1e-15);
    assert_eq!(tolerance, f64::EPSILON.sqrt());
    assert_eq!(e.to_string(), format!("`p` sums to {sum}, not 1 (tolerance {tolerance:e})"));

    // The second argument is named when it is the bad one.
    let e = losses::cross_entropy(&[0.5_f64, 0.5], &[0.5, 0.4]).unwrap_err();
    assert!(matches!(e, LossError::NotADistribution { argument: "q", .. }), "{e:?}");
    let e = losses::categorical_cross_entropy(&[0.2_f64, 0.2], 0).unwrap_err();
    assert!(matches!(e, LossError::NotADistribution { argument: "q", .. }), "{e:?}");
    let e = losses::softmax_cross_entropy_soft_grad(&[0.0_f64, 0.0], &[0.7, 0.7]).unwrap_err();
    assert!(matches!(e, LossError::NotADistribution { argument: "target", .. }), "{e:?}");

    // Within √ε it is accepted; just outside it is not.
    let tol = f64::EPSILON.sqrt();
    assert!(losses::entropy(&[0.5_f64, 0.5 + 0.5 * tol]).is_ok());
    assert!(losses::entropy(&[0.5_f64, 0.5 + 2.0 * tol]).is_err());
}

#[test]
fn invalid_labels_name_the_index_and_the_accepted_values() {
    let e = losses::focal_loss_with_logits_batch(
        &[0.0_f64; 4],
        &[1.0, 0.0, 0.0, 2.0],
        FocalParams::retinanet(),
        Reduction::Sum,
    )
    .unwrap_err();
    assert_eq!(e, LossError::InvalidLabel { argument: "targets", index: 3, value: 2.0, expected: "0 or 1" });
    assert_eq!(e.to_string(), "`targets[3]` = 2 is not a binary label (expected 0 or 1)");

    // The paper's −1 is not a 0/1 label, and 0 is not a ±1 label.
    assert_eq!(
        Label::from_indicator(-1.0_f64).unwrap_err(),
        LossError::InvalidLabel { argument: "y", index: 0, value: -1.0, expected: "0 or 1" }
    );
    assert_eq!(
        Label::from_sign(0.0_f64).unwrap_err(),
        LossError::InvalidLabel { argument: "y", index: 0, value: 0.0, expected: "-1 or +1" }
    );
    // A NaN label is an invalid label (it is neither 0 nor 1), with its value shown.
    let e = losses::binary_cross_entropy_with_logits_grad_batch(&[0.0_f64], &[f64::NAN], Reduction::Sum).unwrap_err();
    assert!(matches!(e, LossError::InvalidLabel { argument: "targets", index: 0, value, .. } if value.is_nan()));
}

#[test]
fn class_out_of_range_names_the_class_and_the_number_of_classes() {
    let e = losses::softmax_cross_entropy(&[1.0_f64, 2.0, 3.0], 3).unwrap_err();
    assert_eq!(e, LossError::ClassOutOfRange { argument: "class", index: 0, class: 3, num_classes: 3 });
    assert_eq!(e.to_string(), "`class[0]` = 3 is out of range for 3 classes");

    let e = losses::softmax_cross_entropy_grad_batch(&[0.0_f64; 6], 3, &[0, 7], Reduction::Sum).unwrap_err();
    assert_eq!(e, LossError::ClassOutOfRange { argument: "classes", index: 1, class: 7, num_classes: 3 });
    let e = losses::categorical_cross_entropy(&[0.5_f64, 0.5], usize::MAX).unwrap_err();
    assert!(matches!(e, LossError::ClassOutOfRange { class: usize::MAX, num_classes: 2, .. }), "{e:?}");
}

#[test]
fn invalid_gamma_and_alpha_report_the_value() {
    for gamma in [-1.0_f64, f64::NAN, f64::INFINITY, -f64::MIN_POSITIVE] {
        let e = FocalParams::new(gamma).unwrap_err();
        let LossError::InvalidGamma { gamma: reported } = e else { panic!("{e:?}") };
        assert!(reported == gamma || (reported.is_nan() && gamma.is_nan()));
    }
    assert_eq!(FocalParams::new(-1.0_f64).unwrap_err().to_string(), "focusing parameter γ = -1 must be finite and ≥ 0");
    // γ = 0 and large finite γ are fine.
    assert!(FocalParams::new(0.0_f64).is_ok() && FocalParams::new(1e6_f64).is_ok());

    for alpha in [-0.25_f64, 1.5, f64::NAN, f64::INFINITY] {
        let e = FocalParams::balanced(2.0, alpha).unwrap_err();
        assert!(matches!(e, LossError::InvalidAlpha { .. }), "{e:?}");
        assert!(matches!(losses::alpha_t(alpha, Label::Positive), Err(LossError::InvalidAlpha { .. })));
        assert!(matches!(
            losses::balanced_cross_entropy_with_logits(0.0, Label::Positive, alpha),
            Err(LossError::InvalidAlpha { .. })
        ));
    }
    assert_eq!(
        FocalParams::balanced(2.0_f64, 1.5).unwrap_err().to_string(),
        "balancing weight α = 1.5 must be in [0, 1]"
    );
    // When both are bad, one of them is reported (which one first is not part of the contract).
    assert!(matches!(
        FocalParams::balanced(-1.0_f64, 2.0),
        Err(LossError::InvalidGamma { gamma: -1.0 } | LossError::InvalidAlpha { alpha: 2.0 })
    ));
    // α = 0 and α = 1 are the closed interval's ends.
    assert!(FocalParams::balanced(2.0_f64, 0.0).is_ok() && FocalParams::balanced(2.0_f64, 1.0).is_ok());
}

#[test]
fn nan_inputs_are_reported_where_they_are() {
    assert_eq!(
        losses::binary_cross_entropy_with_logits(f64::NAN, Label::Positive).unwrap_err(),
        LossError::NotANumber { argument: "x", index: 0 }
    );
    let e = losses::focal_loss_with_logits_grad_batch(
        &[0.0_f64, 1.0, f64::NAN],
        &[1.0, 0.0, 1.0],
        FocalParams::retinanet(),
        Reduction::Mean,
    )
    .unwrap_err();
    assert_eq!(e, LossError::NotANumber { argument: "logits", index: 2 });
    assert_eq!(e.to_string(), "`logits[2]` is NaN");
    // In a softmax batch the index is the position in the flat slice, not in the row.
    let e =
        losses::softmax_cross_entropy_batch(&[0.0_f64, 1.0, 2.0, f64::NAN], 2, &[0, 1], Reduction::Sum).unwrap_err();
    assert_eq!(e, LossError::NotANumber { argument: "logits", index: 3 });
    assert_eq!(losses::entropy(&[f64::NAN, 1.0]).unwrap_err(), LossError::NotANumber { argument: "p", index: 0 });
    assert_eq!(
        losses::mean_absolute_error(&[1.0_f64, 2.0], &[1.0, f64::NAN]).unwrap_err(),
        LossError::NotANumber { argument: "y_hat", index: 1 }
    );
    assert_eq!(
        losses::focal_loss(f64::NAN, Label::Negative, FocalParams::new(2.0).unwrap()).unwrap_err(),
        LossError::NotANumber { argument: "p", index: 0 }
    );
}

#[test]
fn infinite_regression_inputs_are_not_finite_errors() {
    let e = losses::mean_squared_error(&[1.0_f64, f64::INFINITY], &[1.0, 2.0]).unwrap_err();
    assert_eq!(e, LossError::NotFinite { argument: "y", index: 1, value: f64::INFINITY });
    assert_eq!(e.to_string(), "`y[1]` = inf is not finite");
}

#[test]
fn no_positives_for_the_per_positive_normalisation() {
    let all_negative = [0.0_f64, 0.0, 0.0];
    let logits = [1.0_f64, -2.0, 3.0];
    assert_eq!(
        losses::focal_loss_with_logits_batch(
            &logits,
            &all_negative,
            FocalParams::retinanet(),
            BinaryReduction::SumOverPositives
        )
        .unwrap_err(),
        LossError::NoPositives
    );
    assert_eq!(
        losses::binary_cross_entropy_with_logits_grad_batch(&logits, &all_negative, BinaryReduction::SumOverPositives)
            .unwrap_err(),
        LossError::NoPositives
    );
    // The other reductions do not need positives.
    assert!(
        losses::focal_loss_with_logits_batch(&logits, &all_negative, FocalParams::retinanet(), Reduction::Mean).is_ok()
    );
    assert_eq!(
        LossError::NoPositives.to_string(),
        "no target is positive: cannot normalise by the number of positives"
    );
}

#[test]
fn degrees_of_freedom_and_constant_predictor() {
    let y = [1.0_f64, 2.0];
    assert_eq!(
        losses::residual_standard_error(&y, &y, 1).unwrap_err(),
        LossError::NotEnoughDegreesOfFreedom { n: 2, predictors: 1 }
    );
    assert_eq!(
        losses::residual_standard_error(&y, &y, usize::MAX).unwrap_err(),
        LossError::NotEnoughDegreesOfFreedom { n: 2, predictors: usize::MAX }
    );
    assert!(losses::residual_standard_error(&[1.0_f64, 2.0, 3.0], &[1.0, 2.0, 2.0], 1).is_ok());
    assert_eq!(
        losses::simple_linear_regression(&[1.0_f64], &[2.0]).unwrap_err(),
        LossError::NotEnoughDegreesOfFreedom { n: 1, predictors: 1 }
    );
    assert_eq!(
        LossError::NotEnoughDegreesOfFreedom { n: 2, predictors: 1 }.to_string(),
        "2 observations leave no degrees of freedom for 1 predictor(s) plus an intercept (need n > p + 1)"
    );
    assert_eq!(
        losses::simple_linear_regression(&[3.0_f64, 3.0, 3.0], &[1.0, 2.0, 3.0]).unwrap_err(),
        LossError::ConstantPredictor
    );
    assert_eq!(LossError::ConstantPredictor.to_string(), "`x` has zero variance: the least-squares slope is undefined");
}

#[test]
fn ragged_batches_report_length_and_row_size() {
    let e = losses::softmax_cross_entropy_batch(&[0.0_f64; 5], 2, &[0, 1], Reduction::Sum).unwrap_err();
    assert_eq!(e, LossError::RaggedBatch { argument: "logits", len: 5, num_classes: 2 });
    assert_eq!(e.to_string(), "`logits` has 5 elements, which is not a positive multiple of 2 classes");
    // Zero classes and an empty batch are ragged too (never a division by zero).
    assert_eq!(
        losses::softmax_cross_entropy_grad_batch(&[0.0_f64; 4], 0, &[], Reduction::Sum).unwrap_err(),
        LossError::RaggedBatch { argument: "logits", len: 4, num_classes: 0 }
    );
    assert_eq!(
        losses::softmax_cross_entropy_batch::<f64>(&[], 3, &[], Reduction::Sum).unwrap_err(),
        LossError::RaggedBatch { argument: "logits", len: 0, num_classes: 3 }
    );
}

#[test]
fn infinite_softmax_logits() {
    let e = losses::softmax(&[0.0_f64, f64::INFINITY, 1.0]).unwrap_err();
    assert_eq!(e, LossError::PositiveInfiniteLogit { argument: "z", index: 1 });
    assert_eq!(e.to_string(), "`z[1]` is +∞; the softmax of a +∞ logit is undefined");
    // In a batch: the flat index.
    let e = losses::softmax_cross_entropy_grad_batch(&[0.0_f64, 1.0, 2.0, f64::INFINITY], 2, &[0, 0], Reduction::Sum)
        .unwrap_err();
    assert_eq!(e, LossError::PositiveInfiniteLogit { argument: "logits", index: 3 });

    let e = losses::log_sum_exp(&[f64::NEG_INFINITY, f64::NEG_INFINITY]).unwrap_err();
    assert_eq!(e, LossError::AllLogitsNegativeInfinite { argument: "z", row: 0 });
    assert_eq!(e.to_string(), "every logit in `z` (row 0) is −∞");
    let e = losses::softmax_cross_entropy_batch(
        &[0.0_f64, 1.0, f64::NEG_INFINITY, f64::NEG_INFINITY],
        2,
        &[0, 1],
        Reduction::Sum,
    )
    .unwrap_err();
    assert_eq!(e, LossError::AllLogitsNegativeInfinite { argument: "logits", row: 1 });
}

/// Every message starts with what is wrong, names an argument in backticks where there is one, and
/// is a single line: something a user can read in a log.
#[test]
fn every_message_is_one_readable_line() {
    let errors = [
        LossError::Empty { argument: "p" },
        LossError::LengthMismatch { left: "y", left_len: 2, right: "y_hat", right_len: 1 },
        LossError::NotANumber { argument: "x", index: 0 },
        LossError::NotFinite { argument: "y", index: 1, value: f64::NEG_INFINITY },
        LossError::NotAProbability { argument: "p", index: 3, value: 1.5 },
        LossError::NotADistribution { argument: "q", sum: 0.9, tolerance: 1.5e-8 },
        LossError::InvalidLabel { argument: "targets", index: 0, value: 2.0, expected: "0 or 1" },
        LossError::ClassOutOfRange { argument: "classes", index: 4, class: 10, num_classes: 10 },
        LossError::PositiveInfiniteLogit { argument: "z", index: 0 },
        LossError::AllLogitsNegativeInfinite { argument: "logits", row: 7 },
        LossError::InvalidGamma { gamma: -2.0 },
        LossError::InvalidAlpha { alpha: 2.0 },
        LossError::NotEnoughDegreesOfFreedom { n: 2, predictors: 1 },
        LossError::ConstantPredictor,
        LossError::RaggedBatch { argument: "logits", len: 5, num_classes: 2 },
        LossError::NoPositives,
    ];
    for e in errors {
        let message = e.to_string();
        assert!(!message.is_empty() && !message.contains('\n'), "{e:?}: {message:?}");
        assert!(!message.contains("LossError") && !message.contains("{"), "{e:?} leaks Debug output: {message}");
        assert!(message.len() < 120, "{message}");
        // Messages for a named argument show it.
        if let LossError::Empty { argument }
        | LossError::NotANumber { argument, .. }
        | LossError::NotFinite { argument, .. }
        | LossError::NotAProbability { argument, .. }
        | LossError::NotADistribution { argument, .. }
        | LossError::InvalidLabel { argument, .. }
        | LossError::ClassOutOfRange { argument, .. }
        | LossError::PositiveInfiniteLogit { argument, .. }
        | LossError::AllLogitsNegativeInfinite { argument, .. }
        | LossError::RaggedBatch { argument, .. } = &e
        {
            assert!(message.contains(&format!("`{argument}")), "{message} does not name {argument}");
        }
        // It is a std::error::Error, so it composes with `?` into Box<dyn Error> / anyhow.
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), message);
    }
}
