//! # reference — exact values to measure the losses against
//!
//! `cases.csv` holds about 76 000 evaluations of the `losses` functions, each computed at 2048-bit
//! precision with mpmath by `generate.py` (see the README for how to regenerate it), independently
//! of the crate's code. This crate is the one reader of that table ([`cases`]) and the one way the
//! workspace measures an error in ulps ([`ulp_distance`]). The accuracy tests of `losses` and the
//! numerical-trap figure of `figures` both read the table through it.
//!
//! # The table
//! One row per evaluation, comma-separated, with a header line:
//!
//! | column | meaning |
//! |---|---|
//! | `function` | which loss: `sigmoid`, `softplus`, `bce_logits`, `bce_logits_grad`, `bce_prob`, `focal_logits`, `focal_logits_grad`, `focal_prob`, `softmax_ce`, `softmax_ce_grad`, `entropy`, `cross_entropy`, `kl_divergence`, `sse`, `mse`, `rmse`, `rse`, `mae`, `softmax_focal`, `softmax_focal_grad`, `sigmoid_focal` |
//! | `type` | `f32` or `f64`: the float type the inputs were rounded to ([`Precision`]) |
//! | `label` | 0 or 1 for a binary loss, the true class for softmax cross-entropy and the softmax focal loss; `class:entry` for `softmax_focal_grad`; the object's class for `sigmoid_focal`, where `-` is a background anchor; `-` otherwise |
//! | `gamma` | γ of a focal loss; for `softmax_ce_grad` the entry of the gradient row; `-` otherwise |
//! | `alpha` | α of a balanced focal loss (for `softmax_focal`, α_c of the true class), `-` otherwise |
//! | `inputs` | the logit or probability; a vector as `a;b;c`; two vectors as `p|q` |
//! | `hi`, `lo` | the exact value as a double-double: `hi` the nearest `f64`, `lo` the rest |
//!
//! Inputs are exact binary floats (for `f32` rows, already rounded to single precision), and the
//! value is exact *at those inputs*, so a test measures only the error of the arithmetic.
//!
//! # Example
//! ```
//! use reference::{Precision, ulp_distance};
//! let cases = reference::cases()?;
//! let sigmoid_of_zero = cases
//!     .iter()
//!     .find(|c| c.function() == "sigmoid" && c.precision() == Precision::F64 && c.scalar() == Some(0.0))
//!     .unwrap();
//! assert_eq!((sigmoid_of_zero.hi(), sigmoid_of_zero.lo()), (0.5, 0.0));
//! assert_eq!(ulp_distance(0.5 + f64::EPSILON / 2.0, 0.5, 0.0, Precision::F64), 1.0);
//! # Ok::<(), reference::TableError>(())
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

use std::fmt;

/// The table, as committed (`cases.csv`, next to this crate's `Cargo.toml`).
pub const CSV: &str = include_str!("../cases.csv");

/// The header line the reader expects.
const HEADER: &str = "function,type,label,gamma,alpha,inputs,hi,lo";

/// The float type a row was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// IEEE 754 single precision (`f32`).
    F32,
    /// IEEE 754 double precision (`f64`).
    F64,
}

impl Precision {
    /// Both, single first.
    pub const ALL: [Precision; 2] = [Precision::F32, Precision::F64];

    /// The name used in the table: `f32` or `f64`.
    pub fn name(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::F64 => "f64",
        }
    }

    /// Significand bits, the implicit one included: 24 or 53.
    pub const fn mantissa_digits(self) -> i32 {
        match self {
            Precision::F32 => f32::MANTISSA_DIGITS as i32,
            Precision::F64 => f64::MANTISSA_DIGITS as i32,
        }
    }

    /// The exponent e of the smallest normal number 2^e: −126 or −1022.
    pub const fn min_exponent(self) -> i32 {
        match self {
            Precision::F32 => f32::MIN_EXP - 1,
            Precision::F64 => f64::MIN_EXP - 1,
        }
    }

    /// The smallest positive normal number, as an `f64`.
    pub fn min_positive(self) -> f64 {
        power_of_two(self.min_exponent())
    }

    /// ulp(x), the gap between consecutive floats of this precision at |x|:
    /// 2^(e − p + 1) for |x| in [2^e, 2^(e+1)), with e no smaller than [`min_exponent`](Self::min_exponent)
    /// (below it, the gap between subnormals). NaN for x = ±∞ or NaN.
    ///
    /// The exponent e is read from the bits of `x`, not computed as ⌊log₂|x|⌋: `log2` rounds, and
    /// just below a power of two it returns the power's exponent, an ulp twice too large.
    ///
    /// # Examples
    /// ```
    /// use reference::Precision;
    /// assert_eq!(Precision::F64.ulp(1.0), f64::EPSILON);
    /// assert_eq!(Precision::F64.ulp(1.0 - f64::EPSILON / 2.0), f64::EPSILON / 2.0);
    /// assert_eq!(Precision::F32.ulp(1.0), f64::from(f32::EPSILON));
    /// assert_eq!(Precision::F64.ulp(0.0), f64::from_bits(1));     // the smallest subnormal
    /// ```
    pub fn ulp(self, x: f64) -> f64 {
        if !x.is_finite() {
            return f64::NAN;
        }
        let biased = ((x.abs().to_bits() >> 52) & 0x7FF) as i32;
        // Subnormal f64s (biased exponent 0) lie below every min_exponent: the clamp covers them.
        let exponent = (biased - 1023).max(self.min_exponent());
        power_of_two(exponent - self.mantissa_digits() + 1)
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// 2^n for n in [−1074, 1023], exactly (`powi` computes 2^−1063 as 1/2^1063 = 1/∞ = 0).
fn power_of_two(n: i32) -> f64 {
    debug_assert!((-1074..=1023).contains(&n), "2^{n} is not an f64");
    if n >= -1022 { f64::from_bits(((n + 1023) as u64) << 52) } else { f64::from_bits(1 << (n + 1074)) }
}

/// The distance from `result` to the exact value `hi + lo`, in units in the last place (ulps) of
/// the exact value in `precision`: |result − (hi + lo)| / ulp(hi + lo), with `result − hi`
/// formed first so that `lo` is not lost.
///
/// `lo` is 0 when the value compared with is a plain float (an automatic-differentiation
/// derivative, an `f64` result that an `f32` one should round to).
///
/// # Examples
/// ```
/// use reference::{Precision, ulp_distance};
/// // One f64 ulp above 1.
/// assert_eq!(ulp_distance(1.0 + f64::EPSILON, 1.0, 0.0, Precision::F64), 1.0);
/// // The lo part counts: a result equal to hi is |lo| away (ulp(2) = 2ε).
/// assert_eq!(ulp_distance(2.0, 2.0, 4.0 * f64::EPSILON, Precision::F64), 2.0);
/// // In f32 ulps.
/// assert_eq!(ulp_distance(1.0, 1.0, f64::from(f32::EPSILON) / 2.0, Precision::F32), 0.5);
/// ```
pub fn ulp_distance(result: f64, hi: f64, lo: f64, precision: Precision) -> f64 {
    ((result - hi) - lo).abs() / precision.ulp(hi + lo)
}

/// One row of the table: an evaluation and its exact value.
#[derive(Debug, Clone, PartialEq)]
pub struct Case<'t> {
    line: usize,
    text: &'t str,
    function: &'t str,
    precision: Precision,
    label: Option<usize>,
    gamma: Option<f64>,
    entry: Option<usize>,
    alpha: Option<f64>,
    inputs: Vec<f64>,
    second: Option<Vec<f64>>,
    hi: f64,
    lo: f64,
}

impl<'t> Case<'t> {
    /// The line number in the table (the header is line 1).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The row as written, for messages.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Which function was evaluated (the `function` column).
    pub fn function(&self) -> &'t str {
        self.function
    }

    /// The float type of the inputs.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The 0/1 label of a binary loss, or the true class of a softmax cross-entropy.
    pub fn label(&self) -> Option<usize> {
        self.label
    }

    /// γ of a focal loss.
    pub fn gamma(&self) -> Option<f64> {
        self.gamma
    }

    /// For `softmax_ce_grad` and `softmax_focal_grad`: which entry of the gradient row the value is.
    pub fn entry(&self) -> Option<usize> {
        self.entry
    }

    /// α of a balanced focal loss (`None`: unbalanced).
    pub fn alpha(&self) -> Option<f64> {
        self.alpha
    }

    /// The inputs: the single logit or probability, a row of logits, or the first of two vectors.
    pub fn inputs(&self) -> &[f64] {
        &self.inputs
    }

    /// The one input of a scalar function (`None` for a vector).
    pub fn scalar(&self) -> Option<f64> {
        match (self.inputs.as_slice(), &self.second) {
            ([x], None) => Some(*x),
            _ => None,
        }
    }

    /// The two vectors of a two-argument function (p and q, or y and ŷ).
    pub fn pair(&self) -> Option<(&[f64], &[f64])> {
        self.second.as_deref().map(|second| (self.inputs.as_slice(), second))
    }

    /// The nearest `f64` to the exact value.
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// The exact value minus [`hi`](Self::hi).
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// [`ulp_distance`] from `result` to this row's exact value, in ulps of the row's precision.
    pub fn ulps(&self, result: f64) -> f64 {
        ulp_distance(result, self.hi, self.lo, self.precision)
    }
}

/// A row of the table that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The line number (the header is line 1).
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cases.csv line {}: {} (regenerate the table: see crates/reference/README.md)",
            self.line, self.message
        )
    }
}

impl std::error::Error for TableError {}

/// Every row of the committed table, in order.
///
/// # Errors
/// [`TableError`] for the first row that cannot be read.
pub fn cases() -> Result<Vec<Case<'static>>, TableError> {
    parse(CSV)
}

/// Reads a table in the format of `cases.csv`.
///
/// # Errors
/// [`TableError`] for a wrong header or the first row that cannot be read.
///
/// # Examples
/// ```
/// let table = "function,type,label,gamma,alpha,inputs,hi,lo\nsoftmax_ce,f64,1,-,-,0.0;0.0,0.6931471805599453,2.3190468138462996e-17\n";
/// let cases = reference::parse(table)?;
/// assert_eq!(cases[0].label(), Some(1));
/// assert_eq!(cases[0].inputs(), &[0.0, 0.0]);
/// assert!(reference::parse("function,type\n").is_err());
/// # Ok::<(), reference::TableError>(())
/// ```
pub fn parse(csv: &str) -> Result<Vec<Case<'_>>, TableError> {
    let mut lines = csv.lines().enumerate().map(|(i, text)| (i + 1, text));
    match lines.next() {
        Some((_, HEADER)) => {}
        other => {
            let found = other.map_or("nothing", |(_, text)| text);
            return Err(TableError { line: 1, message: format!("expected the header `{HEADER}`, found `{found}`") });
        }
    }
    lines.filter(|(_, text)| !text.trim().is_empty()).map(|(line, text)| row(line, text)).collect()
}

/// A column that may be `-` (not applicable).
fn optional(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

fn row(line: usize, text: &str) -> Result<Case<'_>, TableError> {
    let error = |message: String| TableError { line, message };
    let fields: Vec<&str> = text.split(',').collect();
    let [function, ty, label, gamma, alpha, inputs, hi, lo] = fields[..] else {
        return Err(error(format!("expected 8 fields, found {}", fields.len())));
    };
    let number = |column: &str, s: &str| s.parse::<f64>().map_err(|e| error(format!("{column} `{s}`: {e}")));
    let index = |column: &str, s: &str| s.parse::<usize>().map_err(|e| error(format!("{column} `{s}`: {e}")));
    let vector = |s: &str| s.split(';').map(|v| number("inputs", v)).collect::<Result<Vec<f64>, _>>();
    let precision = match ty {
        "f32" => Precision::F32,
        "f64" => Precision::F64,
        other => return Err(error(format!("unknown type `{other}`"))),
    };
    // The gamma column holds the gradient entry for `softmax_ce_grad`.
    let (gamma, entry) = match optional(gamma) {
        None => (None, None),
        Some(g) if function == "softmax_ce_grad" => (None, Some(index("entry", g)?)),
        Some(g) => (Some(number("gamma", g)?), None),
    };
    // `class:entry` in the label column (a gradient row whose gamma column holds γ).
    let (label, label_entry) = match optional(label).map(|l| l.split_once(':')) {
        None => (None, None),
        Some(None) => (Some(index("label", label)?), None),
        Some(Some((class, entry))) => (Some(index("label", class)?), Some(index("entry", entry)?)),
    };
    let (first, second) = match inputs.split_once('|') {
        Some((a, b)) => (vector(a)?, Some(vector(b)?)),
        None => (vector(inputs)?, None),
    };
    Ok(Case {
        line,
        text,
        function,
        precision,
        label,
        gamma,
        entry: entry.or(label_entry),
        alpha: optional(alpha).map(|a| number("alpha", a)).transpose()?,
        inputs: first,
        second,
        hi: number("hi", hi)?,
        lo: number("lo", lo)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_table_reads() {
        let cases = cases().unwrap();
        assert!(cases.len() > 40_000, "{} rows", cases.len());
        for precision in Precision::ALL {
            assert!(cases.iter().any(|c| c.precision() == precision));
        }
        let grad = cases.iter().find(|c| c.function() == "softmax_ce_grad").unwrap();
        assert!(grad.entry().is_some() && grad.gamma().is_none());
        let kl = cases.iter().find(|c| c.function() == "kl_divergence").unwrap();
        assert!(kl.pair().is_some() && kl.scalar().is_none());
    }

    #[test]
    fn bad_rows_name_their_line() {
        let header = format!("{HEADER}\n");
        let e = parse(&format!("{header}sigmoid,f64,-,-,-,1.0,0.5\n")).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "expected 8 fields, found 7"));
        let e = parse(&format!("{header}sigmoid,f64,-,-,-,1.0,0.5,0\nsigmoid,f16,-,-,-,1.0,0.5,0\n")).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (3, "unknown type `f16`"));
        let e = parse(&format!("{header}sigmoid,f64,-,-,-,x,0.5,0\n")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("cases.csv line 2: inputs `x`"), "{e}");
        assert!(parse("").is_err());
    }

    #[test]
    fn a_label_may_name_a_class_and_an_entry() {
        let table = format!("{HEADER}\nsoftmax_focal_grad,f64,2:1,0.5,-,0.0;1.0;2.0,0.25,0.0\n");
        let case = &parse(&table).unwrap()[0];
        assert_eq!((case.label(), case.entry(), case.gamma()), (Some(2), Some(1), Some(0.5)));
        let bad = format!("{HEADER}\nsoftmax_focal_grad,f64,2:x,0.5,-,0.0;1.0,0.25,0.0\n");
        assert!(parse(&bad).unwrap_err().message.starts_with("entry `x`"));
    }

    #[test]
    fn infinite_values_read() {
        let table = format!("{HEADER}\nsoftplus,f64,-,-,-,inf,inf,0.0\n");
        let case = &parse(&table).unwrap()[0];
        assert_eq!((case.scalar(), case.hi()), (Some(f64::INFINITY), f64::INFINITY));
    }

    #[test]
    fn ulp_is_the_gap_between_neighbouring_floats() {
        for precision in Precision::ALL {
            for x in [1.0, 1.5, 3.0, 1e-30, 1e30, 0.1, 2f64.powi(-100)] {
                let x = if precision == Precision::F32 { f64::from(x as f32) } else { x };
                let next = if precision == Precision::F32 {
                    f64::from(f32::from_bits((x as f32).to_bits() + 1))
                } else {
                    f64::from_bits(x.to_bits() + 1)
                };
                assert_eq!(precision.ulp(x), next - x, "{precision} at {x:e}");
                assert_eq!(precision.ulp(-x), next - x, "{precision} at {:e}", -x);
            }
        }
    }

    #[test]
    fn ulp_is_right_at_both_ends_of_a_binade_and_below_the_normals() {
        // Just below a power of two, where log2 would round up to the power's exponent.
        let below = 2f64.powi(1000) * (1.0 - f64::EPSILON / 2.0);
        assert_eq!(below.log2().floor(), 1000.0);
        assert_eq!(Precision::F64.ulp(below), 2f64.powi(1000 - 53));
        assert_eq!(Precision::F64.ulp(2f64.powi(1000)), 2f64.powi(1000 - 52));
        // Subnormals: the gap is the smallest subnormal, in f64 and in f32.
        assert_eq!(Precision::F64.ulp(1e-310), 2f64.powi(-537) * 2f64.powi(-537));
        assert_eq!(Precision::F32.ulp(1e-40), f64::from(f32::from_bits(1)));
        assert!(Precision::F64.ulp(f64::INFINITY).is_nan());
        assert_eq!(Precision::F64.min_positive(), f64::MIN_POSITIVE);
        assert_eq!(Precision::F32.min_positive(), f64::from(f32::MIN_POSITIVE));
    }

    #[test]
    fn ulp_distance_measures_what_it_claims() {
        // One ulp above 1.0 in f64 is exactly 1 ulp away; in f32 the f64 neighbour is 2^-29 ulp away.
        assert_eq!(ulp_distance(1.0 + f64::EPSILON, 1.0, 0.0, Precision::F64), 1.0);
        assert_eq!(ulp_distance(1.0 + f64::EPSILON, 1.0, 0.0, Precision::F32), 2f64.powi(-29));
        assert_eq!(ulp_distance(1.0, 1.0, f64::from(f32::EPSILON) / 2.0, Precision::F32), 0.5);
        assert_eq!(ulp_distance(2.0, 2.0, 4.0 * f64::EPSILON, Precision::F64), 2.0);
        // Deep in the exponent range the ulp is still right: sigmoid(−700) ≈ 9.86e-305.
        let tiny = 9.85967654375977e-305;
        assert_eq!(ulp_distance(tiny, tiny, 2f64.powi(-600) * 2f64.powi(-462), Precision::F64), 1.0);
    }
}
