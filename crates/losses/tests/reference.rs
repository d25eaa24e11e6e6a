//! Accuracy against the 2048-bit reference table of the `reference` crate (`crates/reference`:
//! `cases.csv`, made by `generate.py` with mpmath, independently of this crate).
//!
//! For every function and float type the worst error in ulps over the table is measured and checked
//! against the bound in [`BOUNDS`]. Run with `--nocapture` to see the table:
//!
//! ```text
//! cargo test -p losses --test reference -- --nocapture
//! ```
//!
//! Only references that are finite, normal numbers of the tested type are measured (a result that
//! underflows to a subnormal has a different error model, and an infinite reference is checked for
//! equality elsewhere).

use losses::{FocalParams, Label};
use reference::{Case, Precision};
use std::collections::BTreeMap;

/// The one place where accuracy bounds live: (function, bound in ulps for f64, bound for f32).
/// Losses are held to 4 ulp; gradients, one more rounded operation chain away from the loss, to 8
/// (in f32 as in f64).
const BOUNDS: &[(&str, f64, f64)] = &[
    ("sigmoid", 4.0, 4.0),
    ("softplus", 4.0, 4.0),
    ("bce_logits", 4.0, 4.0),
    ("bce_prob", 4.0, 4.0),
    ("focal_logits", 4.0, 4.0),
    ("focal_prob", 4.0, 4.0),
    ("softmax_ce", 4.0, 4.0),
    ("softmax_focal", 4.0, 4.0),
    ("sigmoid_focal", 4.0, 4.0),
    ("entropy", 4.0, 4.0),
    ("cross_entropy", 4.0, 4.0),
    ("kl_divergence", 4.0, 4.0),
    ("sse", 4.0, 4.0),
    ("mse", 4.0, 4.0),
    ("rmse", 4.0, 4.0),
    ("rse", 4.0, 4.0),
    ("mae", 4.0, 4.0),
    ("bce_logits_grad", 8.0, 8.0),
    ("focal_logits_grad", 8.0, 8.0),
    ("softmax_ce_grad", 8.0, 8.0),
    ("softmax_focal_grad", 8.0, 8.0),
];

/// A float type under test.
trait Tested: losses::LossFloat + Into<f64> {
    const PRECISION: Precision;
    fn from_table(value: f64) -> Self;
}

impl Tested for f64 {
    const PRECISION: Precision = Precision::F64;
    fn from_table(value: f64) -> Self {
        value
    }
}

impl Tested for f32 {
    const PRECISION: Precision = Precision::F32;
    fn from_table(value: f64) -> Self {
        let v = value as f32;
        assert_eq!(v as f64, value, "table input {value} is not an f32");
        v
    }
}

fn vector<T: Tested>(values: &[f64]) -> Vec<T> {
    values.iter().map(|&v| T::from_table(v)).collect()
}

fn two_vectors<T: Tested>(case: &Case) -> (Vec<T>, Vec<T>) {
    let (a, b) = case.pair().unwrap_or_else(|| panic!("line {}: expected two vectors", case.line()));
    (vector(a), vector(b))
}

fn label(case: &Case) -> Label {
    if case.label() == Some(1) { Label::Positive } else { Label::Negative }
}

fn class(case: &Case) -> usize {
    case.label().unwrap_or_else(|| panic!("line {}: no class", case.line()))
}

fn params<T: Tested>(case: &Case) -> FocalParams<T> {
    let gamma = T::from_table(case.gamma().unwrap_or_else(|| panic!("line {}: no γ", case.line())));
    match case.alpha() {
        None => FocalParams::new(gamma).unwrap(),
        Some(a) => FocalParams::balanced(gamma, T::from_table(a)).unwrap(),
    }
}

/// The softmax focal parameters of a row: γ, and α_c at the true class (the loss depends on no
/// other weight, so the others are ½).
fn softmax_params<T: Tested>(case: &Case) -> losses::SoftmaxFocalParams<T> {
    let gamma = T::from_table(case.gamma().unwrap_or_else(|| panic!("line {}: no γ", case.line())));
    match case.alpha() {
        None => losses::SoftmaxFocalParams::new(gamma).unwrap(),
        Some(a) => {
            let mut alpha = vec![T::from_table(0.5); case.inputs().len()];
            alpha[class(case)] = T::from_table(a);
            losses::SoftmaxFocalParams::balanced(gamma, &alpha).unwrap()
        }
    }
}

fn evaluate<T: Tested>(case: &Case) -> T {
    let scalar = || T::from_table(case.scalar().unwrap_or_else(|| panic!("line {}: not a scalar", case.line())));
    let row = || vector::<T>(case.inputs());
    match case.function() {
        "sigmoid" => losses::activation::sigmoid(scalar()),
        "softplus" => losses::activation::softplus(scalar()),
        "bce_logits" => losses::binary_cross_entropy_with_logits(scalar(), label(case)).unwrap(),
        "bce_logits_grad" => losses::binary_cross_entropy_with_logits_grad(scalar(), label(case)).unwrap(),
        "bce_prob" => losses::binary_cross_entropy(scalar(), label(case)).unwrap(),
        "focal_logits" => losses::focal_loss_with_logits(scalar(), label(case), params(case)).unwrap(),
        "focal_logits_grad" => losses::focal_loss_with_logits_grad(scalar(), label(case), params(case)).unwrap(),
        "focal_prob" => losses::focal_loss(scalar(), label(case), params(case)).unwrap(),
        "softmax_ce" => losses::softmax_cross_entropy(&row(), class(case)).unwrap(),
        "softmax_ce_grad" => {
            let g = losses::softmax_cross_entropy_grad(&row(), class(case)).unwrap();
            g[case.entry().unwrap_or_else(|| panic!("line {}: no entry", case.line()))]
        }
        "softmax_focal" => losses::softmax_focal_loss(&row(), class(case), &softmax_params(case)).unwrap(),
        "softmax_focal_grad" => {
            let g = losses::softmax_focal_loss_grad(&row(), class(case), &softmax_params(case)).unwrap();
            g[case.entry().unwrap_or_else(|| panic!("line {}: no entry", case.line()))]
        }
        "sigmoid_focal" => losses::sigmoid_focal_loss(&row(), case.label(), params(case)).unwrap(),
        "entropy" => losses::entropy(&two_vectors::<T>(case).0).unwrap(),
        "cross_entropy" => {
            let (p, q) = two_vectors::<T>(case);
            losses::cross_entropy(&p, &q).unwrap()
        }
        "kl_divergence" => {
            let (p, q) = two_vectors::<T>(case);
            losses::kl_divergence(&p, &q).unwrap()
        }
        "sse" | "mse" | "rmse" | "rse" | "mae" => {
            let (y, y_hat) = two_vectors::<T>(case);
            match case.function() {
                "sse" => losses::sum_of_squared_errors(&y, &y_hat),
                "mse" => losses::mean_squared_error(&y, &y_hat),
                "rmse" => losses::root_mean_squared_error(&y, &y_hat),
                "rse" => losses::residual_standard_error(&y, &y_hat, 1),
                _ => losses::mean_absolute_error(&y, &y_hat),
            }
            .unwrap()
        }
        other => panic!("unknown function {other} in the reference table"),
    }
}

fn table() -> Vec<Case<'static>> {
    reference::cases().unwrap_or_else(|e| panic!("{e}"))
}

/// Worst error per function: (ulps, the case that produced it).
type Worst = BTreeMap<String, (f64, usize, String)>;

fn measure<T: Tested>() -> Worst {
    let mut worst = Worst::new();
    let cases = table();
    let mut zero_or_infinite_checked = 0;
    for case in cases.iter().filter(|c| c.precision() == T::PRECISION) {
        let result = evaluate::<T>(case);
        let r: f64 = result.into();
        let entry = worst.entry(case.function().to_string()).or_insert((0.0, 0, String::new()));
        entry.1 += 1;
        let reference = case.hi() + case.lo();
        let reference_in_type: f64 = T::from_f64(case.hi()).into();
        if reference_in_type.is_infinite() || reference.abs() < T::PRECISION.min_positive() {
            // Not a finite normal number of this type: the result must still not be NaN.
            assert!(!r.is_nan(), "{}: NaN", case.text());
            zero_or_infinite_checked += 1;
            continue;
        }
        let ulps = case.ulps(r);
        assert!(ulps.is_finite(), "{}: result {r}", case.text());
        if ulps > entry.0 {
            entry.0 = ulps;
            entry.2 = case.text().chars().take(160).collect();
        }
    }
    assert!(zero_or_infinite_checked < cases.len(), "nothing measured");
    worst
}

fn report_and_check(ty: &str, worst: &Worst) {
    println!("\nworst error in ulps ({ty}), against a 2048-bit mpmath reference:");
    println!("{:<20} {:>8} {:>10} {:>8}", "function", "cases", "worst ulp", "bound");
    let mut failures = vec![];
    for (function, (ulps, cases, line)) in worst {
        let &(_, b64, b32) = BOUNDS
            .iter()
            .find(|(f, _, _)| f == function)
            .unwrap_or_else(|| panic!("no accuracy bound declared for {function}"));
        let bound = if ty == "f64" { b64 } else { b32 };
        println!("{function:<20} {cases:>8} {ulps:>10.3} {bound:>8}");
        if *ulps > bound {
            failures.push(format!("{function} ({ty}): {ulps:.3} ulp > {bound} at {line}"));
        }
    }
    assert!(failures.is_empty(), "accuracy bounds exceeded:\n{}", failures.join("\n"));
}

#[test]
fn f64_results_are_within_their_ulp_bounds() {
    report_and_check("f64", &measure::<f64>());
}

#[test]
fn f32_results_are_within_their_ulp_bounds() {
    report_and_check("f32", &measure::<f32>());
}

#[test]
fn every_function_in_the_table_is_measured_in_both_types() {
    let cases = table();
    for precision in Precision::ALL {
        let functions: std::collections::BTreeSet<&str> =
            cases.iter().filter(|c| c.precision() == precision).map(|c| c.function()).collect();
        let bounded: std::collections::BTreeSet<&str> = BOUNDS.iter().map(|b| b.0).collect();
        assert_eq!(functions, bounded, "{precision}: the table and BOUNDS must name the same functions");
    }
}
