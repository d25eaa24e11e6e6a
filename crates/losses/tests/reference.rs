//! Accuracy against a 2048-bit reference (`tests/reference/cases.csv`, made by
//! `tests/reference/generate.py` with mpmath).
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
use std::collections::BTreeMap;

/// The one place where accuracy bounds live: (function, bound in ulps for f64, bound for f32).
const BOUNDS: &[(&str, f64, f64)] = &[
    ("sigmoid", 4.0, 4.0),
    ("softplus", 4.0, 4.0),
    ("bce_logits", 4.0, 4.0),
    ("bce_prob", 4.0, 4.0),
    ("focal_logits", 4.0, 4.0),
    ("focal_prob", 4.0, 4.0),
    ("softmax_ce", 4.0, 4.0),
    ("entropy", 4.0, 4.0),
    ("cross_entropy", 4.0, 4.0),
    ("kl_divergence", 4.0, 4.0),
    ("sse", 4.0, 4.0),
    ("mse", 4.0, 4.0),
    ("rmse", 4.0, 4.0),
    ("rse", 4.0, 4.0),
    ("mae", 4.0, 4.0),
    // Gradients: the issue asks for 8 ulp in f64; f32 is held to the same bound.
    ("bce_logits_grad", 8.0, 8.0),
    ("focal_logits_grad", 8.0, 8.0),
    ("softmax_ce_grad", 8.0, 8.0),
];

const TABLE: &str = include_str!("reference/cases.csv");

struct Case<'a> {
    function: &'a str,
    ty: &'a str,
    label: &'a str,
    gamma: &'a str,
    alpha: &'a str,
    inputs: &'a str,
    hi: f64,
    lo: f64,
}

fn parse(line: &str) -> Case<'_> {
    let f: Vec<&str> = line.split(',').collect();
    assert_eq!(f.len(), 8, "bad line: {line}");
    let num = |s: &str| -> f64 {
        match s {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            _ => s.parse().unwrap_or_else(|e| panic!("{s}: {e}")),
        }
    };
    Case { function: f[0], ty: f[1], label: f[2], gamma: f[3], alpha: f[4], inputs: f[5], hi: num(f[6]), lo: num(f[7]) }
}

/// A float type under test.
trait Tested: losses::LossFloat + Into<f64> {
    const MIN_POSITIVE: f64;
    const MANTISSA_DIGITS: i32;
    fn from_table(value: f64) -> Self;
}

impl Tested for f64 {
    const MIN_POSITIVE: f64 = f64::MIN_POSITIVE;
    const MANTISSA_DIGITS: i32 = 53;
    fn from_table(value: f64) -> Self {
        value
    }
}

impl Tested for f32 {
    const MIN_POSITIVE: f64 = f32::MIN_POSITIVE as f64;
    const MANTISSA_DIGITS: i32 = 24;
    fn from_table(value: f64) -> Self {
        let v = value as f32;
        assert_eq!(v as f64, value, "table input {value} is not an f32");
        v
    }
}

/// The error of `result` in units in the last place of the reference hi + lo, for type T.
fn ulp_error<T: Tested>(result: T, hi: f64, lo: f64) -> f64 {
    let reference = hi + lo;
    let magnitude = reference.abs();
    // ulp(x) = 2^(e − p + 1) for x in [2^e, 2^(e+1)).
    let exponent = magnitude.log2().floor() as i32;
    // Two factors, because 2^-1063 as one `powi` is computed as 1/2^1063 = 1/∞ = 0.
    let e = exponent - T::MANTISSA_DIGITS + 1;
    let ulp = 2f64.powi(e / 2) * 2f64.powi(e - e / 2);
    let r: f64 = result.into();
    ((r - hi) - lo).abs() / ulp
}

fn vector<T: Tested>(s: &str) -> Vec<T> {
    s.split(';').map(|v| T::from_table(v.parse().unwrap())).collect()
}

fn two_vectors<T: Tested>(s: &str) -> (Vec<T>, Vec<T>) {
    let (a, b) = s.split_once('|').unwrap();
    (vector(a), vector(b))
}

fn label(s: &str) -> Label {
    if s == "1" { Label::Positive } else { Label::Negative }
}

fn params<T: Tested>(case: &Case) -> FocalParams<T> {
    let gamma = T::from_table(case.gamma.parse().unwrap());
    match case.alpha {
        "-" => FocalParams::new(gamma).unwrap(),
        a => FocalParams::balanced(gamma, T::from_table(a.parse().unwrap())).unwrap(),
    }
}

fn evaluate<T: Tested>(case: &Case) -> T {
    let scalar = || T::from_table(case.inputs.parse().unwrap());
    match case.function {
        "sigmoid" => losses::activation::sigmoid(scalar()),
        "softplus" => losses::activation::softplus(scalar()),
        "bce_logits" => losses::binary_cross_entropy_with_logits(scalar(), label(case.label)).unwrap(),
        "bce_logits_grad" => losses::binary_cross_entropy_with_logits_grad(scalar(), label(case.label)).unwrap(),
        "bce_prob" => losses::binary_cross_entropy(scalar(), label(case.label)).unwrap(),
        "focal_logits" => losses::focal_loss_with_logits(scalar(), label(case.label), params(case)).unwrap(),
        "focal_logits_grad" => losses::focal_loss_with_logits_grad(scalar(), label(case.label), params(case)).unwrap(),
        "focal_prob" => losses::focal_loss(scalar(), label(case.label), params(case)).unwrap(),
        "softmax_ce" => losses::softmax_cross_entropy(&vector::<T>(case.inputs), case.label.parse().unwrap()).unwrap(),
        "softmax_ce_grad" => {
            let g = losses::softmax_cross_entropy_grad(&vector::<T>(case.inputs), case.label.parse().unwrap()).unwrap();
            g[case.gamma.parse::<usize>().unwrap()]
        }
        "entropy" => losses::entropy(&two_vectors::<T>(case.inputs).0).unwrap(),
        "cross_entropy" => {
            let (p, q) = two_vectors::<T>(case.inputs);
            losses::cross_entropy(&p, &q).unwrap()
        }
        "kl_divergence" => {
            let (p, q) = two_vectors::<T>(case.inputs);
            losses::kl_divergence(&p, &q).unwrap()
        }
        "sse" | "mse" | "rmse" | "rse" | "mae" => {
            let (y, y_hat) = two_vectors::<T>(case.inputs);
            match case.function {
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

/// Worst error per function: (ulps, the case that produced it).
type Worst = BTreeMap<String, (f64, usize, String)>;

fn measure<T: Tested>(ty: &str) -> Worst {
    let mut worst = Worst::new();
    let mut zero_or_infinite_checked = 0;
    for line in TABLE.lines().skip(1) {
        let case = parse(line);
        if case.ty != ty {
            continue;
        }
        let result = evaluate::<T>(&case);
        let r: f64 = result.into();
        let entry = worst.entry(case.function.to_string()).or_insert((0.0, 0, String::new()));
        entry.1 += 1;
        let reference = case.hi + case.lo;
        let reference_in_type: f64 = T::from_f64(case.hi).into();
        if reference_in_type.is_infinite() || reference.abs() < T::MIN_POSITIVE {
            // Not a finite normal number of this type: the result must still not be NaN.
            assert!(!r.is_nan(), "{line}: NaN");
            zero_or_infinite_checked += 1;
            continue;
        }
        let ulps = ulp_error(result, case.hi, case.lo);
        assert!(ulps.is_finite(), "{line}: result {r}");
        if ulps > entry.0 {
            entry.0 = ulps;
            entry.2 = line.chars().take(160).collect();
        }
    }
    assert!(zero_or_infinite_checked < TABLE.lines().count(), "nothing measured");
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
    report_and_check("f64", &measure::<f64>("f64"));
}

#[test]
fn f32_results_are_within_their_ulp_bounds() {
    report_and_check("f32", &measure::<f32>("f32"));
}

#[test]
fn every_function_in_the_table_is_measured_in_both_types() {
    for ty in ["f64", "f32"] {
        let functions: std::collections::BTreeSet<&str> =
            TABLE.lines().skip(1).map(parse).filter(|c| c.ty == ty).map(|c| c.function).collect();
        let bounded: std::collections::BTreeSet<&str> = BOUNDS.iter().map(|b| b.0).collect();
        assert_eq!(functions, bounded, "{ty}: the table and BOUNDS must name the same functions");
    }
}

#[test]
fn ulp_error_measures_what_it_claims() {
    // One ulp above 1.0 in f64 is exactly 1 ulp away; in f32 the f64 neighbour is 2^-29 ulp away.
    assert_eq!(ulp_error(1.0_f64 + f64::EPSILON, 1.0, 0.0), 1.0);
    assert_eq!(ulp_error(1.0_f32, 1.0, f32::EPSILON as f64 / 2.0), 0.5);
    // The lo part counts: a result equal to hi is |lo| away (ulp(2) = 2ε).
    assert_eq!(ulp_error(2.0_f64, 2.0, 4.0 * f64::EPSILON), 2.0);
    // Deep in the exponent range the ulp is still right: sigmoid(−700) ≈ 9.86e-305.
    assert_eq!(ulp_error(9.85967654375977e-305_f64, 9.85967654375977e-305, 2f64.powi(-600) * 2f64.powi(-462)), 1.0);
}
