//! The one table from the book's names to the `losses` crate.
//!
//! Each [`LossEntry`] is written as the book writes the name — `\operatorname{FL}(p_t)`,
//! `H(p, q)`, `\alpha_t` — and names the crate function that computes it. The table serves twice:
//! - **comparison**: when a formula *defines* a name of the table with the same parameters, the
//!   checker also compares the definition with the crate at every sample point;
//! - **fallback**: a name the chapter uses but has not defined (`\operatorname{KL}` in Chapter 4)
//!   is computed by the crate.
//!
//! Some entries read symbols from the scope besides their arguments: the focal loss reads
//! `\gamma` and, where the chapter defines it, `\alpha_t` (then the loss is α-balanced); a bare
//! `\operatorname{CE}` or `\operatorname{FL}` uses the signed logit `x_t` where it has a value
//! (accurate for large logits) and `p_t` otherwise. A label `y` is positive when `y > 0`, so both
//! `y ∈ \{0, 1\}` and `y ∈ \{-1, +1\}` work. The K-class focal losses read `\gamma` and `\alpha`:
//! a vector of class weights for the softmax form, the binary α for the sigmoid form. The
//! precision–recall names read the scores `s` and the labels `y` of a sample; `P(t)` and `R(t)`
//! are the precision and recall of the examples scoring at least `t` (no example: precision
//! undefined, recall 0).

use losses::{FocalParams, Label, LossError};

use crate::ast::ExprKind;
use crate::number::Number;
use crate::parser::parse_expression;
use crate::value::{EvalError, Value};

/// A loss of the crate, as the book names it.
#[derive(Debug)]
pub struct LossEntry {
    /// The name as the book writes it, with its parameters: `\operatorname{CE}(p, y)`.
    /// `\cdot` as a parameter accepts any symbol (`\sigma(\cdot)`).
    pub signature: &'static str,
    /// The crate function (path under `losses::`).
    pub function: &'static str,
    id: Loss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loss {
    Sigmoid,
    Softplus,
    CeProbability,
    CeLogit,
    CeSoftmax,
    CeTrueClass,
    CeScope,
    FlTrueClass,
    FlScope,
    Kl,
    Entropy,
    CrossEntropy,
    Softmax,
    LogSumExp,
    Sse,
    Mse,
    Rmse,
    Rse,
    Mae,
    AlphaT,
    PT,
    Slope,
    Intercept,
    Squared,
    Absolute,
    SoftmaxFocal,
    SigmoidFocal,
    Precision,
    Recall,
    AveragePrecision,
}

/// Every name the checker maps to the crate.
pub const LOSSES: &[LossEntry] = &[
    LossEntry { signature: r"\sigma(\cdot)", function: "activation::sigmoid", id: Loss::Sigmoid },
    LossEntry { signature: r"\operatorname{softplus}(\cdot)", function: "activation::softplus", id: Loss::Softplus },
    LossEntry { signature: r"\operatorname{CE}(p, y)", function: "binary_cross_entropy", id: Loss::CeProbability },
    LossEntry {
        signature: r"\operatorname{CE}(x, y)",
        function: "binary_cross_entropy_with_logits",
        id: Loss::CeLogit,
    },
    LossEntry { signature: r"\operatorname{CE}(z, c)", function: "softmax_cross_entropy", id: Loss::CeSoftmax },
    LossEntry { signature: r"\operatorname{CE}(p_t)", function: "balanced_cross_entropy", id: Loss::CeTrueClass },
    LossEntry { signature: r"\operatorname{CE}", function: "balanced_cross_entropy_with_logits", id: Loss::CeScope },
    LossEntry { signature: r"\operatorname{FL}(p_t)", function: "focal_loss", id: Loss::FlTrueClass },
    LossEntry { signature: r"\operatorname{FL}", function: "focal_loss_with_logits", id: Loss::FlScope },
    LossEntry { signature: r"\operatorname{KL}(p, q)", function: "kl_divergence", id: Loss::Kl },
    LossEntry { signature: r"H(p)", function: "entropy", id: Loss::Entropy },
    LossEntry { signature: r"H(p, q)", function: "cross_entropy", id: Loss::CrossEntropy },
    LossEntry { signature: r"\operatorname{softmax}(\cdot)", function: "softmax", id: Loss::Softmax },
    LossEntry { signature: r"\operatorname{lse}(\cdot)", function: "log_sum_exp", id: Loss::LogSumExp },
    LossEntry { signature: r"\operatorname{SSE}", function: "sum_of_squared_errors", id: Loss::Sse },
    LossEntry { signature: r"\operatorname{MSE}", function: "mean_squared_error", id: Loss::Mse },
    LossEntry { signature: r"\operatorname{RMSE}", function: "root_mean_squared_error", id: Loss::Rmse },
    LossEntry { signature: r"\operatorname{RSE}", function: "residual_standard_error", id: Loss::Rse },
    LossEntry { signature: r"\operatorname{MAE}", function: "mean_absolute_error", id: Loss::Mae },
    LossEntry { signature: r"\alpha_t", function: "alpha_t", id: Loss::AlphaT },
    LossEntry { signature: r"p_t", function: "p_t", id: Loss::PT },
    LossEntry { signature: r"\hat\beta_1", function: "simple_linear_regression", id: Loss::Slope },
    LossEntry { signature: r"\hat\beta_0", function: "simple_linear_regression", id: Loss::Intercept },
    LossEntry { signature: r"\ell_{\mathrm{sq}}(y, \hat y)", function: "sum_of_squared_errors", id: Loss::Squared },
    LossEntry { signature: r"\ell_{\mathrm{abs}}(y, \hat y)", function: "mean_absolute_error", id: Loss::Absolute },
    LossEntry { signature: r"\operatorname{FL}(z, c)", function: "softmax_focal_loss", id: Loss::SoftmaxFocal },
    LossEntry {
        signature: r"\operatorname{FL}_{\sigma}(z, c)",
        function: "sigmoid_focal_loss",
        id: Loss::SigmoidFocal,
    },
    LossEntry { signature: r"P(t)", function: "metrics::precision_recall_curve", id: Loss::Precision },
    LossEntry { signature: r"R(t)", function: "metrics::precision_recall_curve", id: Loss::Recall },
    LossEntry { signature: r"\operatorname{AP}", function: "metrics::average_precision", id: Loss::AveragePrecision },
];

impl LossEntry {
    /// The symbols the crate function needs from the scope besides its arguments, and whether
    /// each is a vector (indexed by `i`): the checker samples them for the comparison.
    pub fn requires(&self) -> &'static [(&'static str, bool)] {
        match self.id {
            Loss::FlTrueClass | Loss::FlScope | Loss::SoftmaxFocal | Loss::SigmoidFocal => &[("\\gamma", false)],
            Loss::Precision | Loss::Recall | Loss::AveragePrecision => &[("s", true), ("y", true)],
            Loss::Sse | Loss::Mse | Loss::Rmse | Loss::Mae => &[("y", true), ("\\hat{y}", true)],
            Loss::Rse => &[("y", true), ("\\hat{y}", true), ("p", false)],
            Loss::AlphaT => &[("\\alpha", false), ("y", false)],
            Loss::PT => &[("p", false), ("y", false)],
            Loss::Slope | Loss::Intercept => &[("x", true), ("y", true)],
            _ => &[],
        }
    }

    /// The symbols the crate function uses where the chapter defines them: `\alpha_t` (then the
    /// loss is α-balanced), `x_t` (then it is computed from the logit), `p_t`.
    pub fn optional(&self) -> &'static [&'static str] {
        match self.id {
            Loss::CeTrueClass | Loss::FlTrueClass => &["\\alpha_{t}"],
            Loss::CeScope | Loss::FlScope => &["\\alpha_{t}", "x_{t}", "p_{t}"],
            Loss::SoftmaxFocal | Loss::SigmoidFocal => &["\\alpha"],
            _ => &[],
        }
    }
}

/// A parsed signature: the name's key and its parameters' keys (`None` for `\cdot`).
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The canonical key of the name.
    pub name: String,
    /// The parameters: `Some(key)`, or `None` for any symbol.
    pub params: Vec<Option<String>>,
}

impl LossEntry {
    /// The parsed signature.
    pub fn parsed(&self) -> Signature {
        // `\cdot` stands for any parameter: parse it as a placeholder symbol.
        let any = self.signature.contains("\\cdot");
        let text = self.signature.replace("\\cdot", "x");
        let expr = parse_expression(&text).expect("the table's signatures parse");
        match expr.kind {
            ExprKind::Symbol(symbol) => Signature { name: symbol.key(), params: Vec::new() },
            ExprKind::Apply { head, args, .. } => Signature {
                name: head.key(),
                params: args
                    .iter()
                    .map(|a| match &a.value.kind {
                        ExprKind::Symbol(s) if !any => Some(s.key()),
                        _ => None,
                    })
                    .collect(),
            },
            _ => panic!("signature {} is not a name", self.signature),
        }
    }
}

thread_local! {
    static PARSED: Vec<Signature> = LOSSES.iter().map(LossEntry::parsed).collect();
}

/// The entry for a name called with `arity` arguments, if any (for a fallback).
pub fn entry_for(name: &str, arity: usize) -> Option<&'static LossEntry> {
    PARSED.with(|parsed| {
        // Prefer an entry whose parameters are `\cdot` or exactly the arity.
        LOSSES.iter().zip(parsed).find(|(_, s)| s.name == name && s.params.len() == arity).map(|(e, _)| e)
    })
}

/// The entry whose signature matches a definition's name and parameters exactly
/// (`\cdot` matches any one parameter).
pub fn entry_matching(name: &str, params: &[String]) -> Option<&'static LossEntry> {
    PARSED.with(|parsed| {
        LOSSES
            .iter()
            .zip(parsed)
            .find(|(_, s)| {
                s.name == name
                    && s.params.len() == params.len()
                    && s.params.iter().zip(params).all(|(p, q)| p.as_ref().is_none_or(|p| p == q))
            })
            .map(|(e, _)| e)
    })
}

/// The book's class `c` (1 to K) as the crate's index (0 to K − 1).
fn class<F: Number>(c: F) -> usize {
    (c.to_f64().round() as usize).saturating_sub(1)
}

/// What a crate function needs from the formula's surroundings: the values of parameters the
/// displayed call does not pass (γ, α_t, x_t, the scores and targets of a sample), and the last
/// rounding step every computed value goes through. The evaluator implements it; the table does
/// not need to know the evaluator.
pub(crate) trait Environment<F> {
    /// The value of `key` at the current point, if it has one.
    fn lookup(&mut self, key: &str) -> Result<Option<Value<F>>, EvalError>;
    /// The number `key` stands for at the current point, if it has one.
    fn lookup_number(&mut self, key: &str) -> Result<Option<F>, EvalError>;
    /// `x` after the evaluator's rounding model (see `Evaluator::with_jitter`).
    fn finish(&mut self, x: F) -> F;
}

/// The scores `s` of the scope.
fn scores<F: Number>(ev: &mut impl Environment<F>) -> Result<Vec<F>, EvalError> {
    need(ev, "s")?.numbers("s")
}

/// The labels `y` of the scope (±1 or 0/1) as the crate's 0/1 targets.
fn targets<F: Number>(ev: &mut impl Environment<F>) -> Result<Vec<F>, EvalError> {
    Ok(need(ev, "y")?.numbers("y")?.into_iter().map(|y| if y.to_f64() > 0.0 { F::one() } else { F::zero() }).collect())
}

fn label<F: Number>(y: F) -> Label {
    if y.to_f64() > 0.0 { Label::Positive } else { Label::Negative }
}

fn wrap<T>(function: &'static str, result: Result<T, LossError>) -> Result<T, EvalError> {
    result.map_err(|error| EvalError::loss(function, error))
}

fn need<F: Number>(ev: &mut impl Environment<F>, key: &str) -> Result<Value<F>, EvalError> {
    ev.lookup(key)?.ok_or_else(|| EvalError::Unbound { symbol: key.to_owned() })
}

fn need_number<F: Number>(ev: &mut impl Environment<F>, key: &str) -> Result<F, EvalError> {
    need(ev, key)?.num(key)
}

fn focal_params<F: Number>(ev: &mut impl Environment<F>, function: &'static str) -> Result<FocalParams<F>, EvalError> {
    let gamma = need_number(ev, "\\gamma")?;
    match ev.lookup_number("\\alpha_{t}")? {
        Some(alpha) => wrap(function, FocalParams::balanced(gamma, alpha)),
        None => wrap(function, FocalParams::new(gamma)),
    }
}

/// Calls the crate function of `entry` with `args` (and what it reads from the scope).
///
/// # Errors
/// The crate's error, or a symbol the entry needs without a value.
pub(crate) fn call<F: Number>(
    ev: &mut impl Environment<F>,
    entry: &LossEntry,
    args: Vec<Value<F>>,
) -> Result<Value<F>, EvalError> {
    let f = entry.function;
    let arg = |i: usize| -> Result<F, EvalError> { args[i].num(entry.signature) };
    let vector = |i: usize| -> Result<Vec<F>, EvalError> { args[i].numbers(entry.signature) };
    let value = match entry.id {
        Loss::Sigmoid => losses::activation::sigmoid(arg(0)?),
        Loss::Softplus => losses::activation::softplus(arg(0)?),
        Loss::CeProbability => wrap(f, losses::binary_cross_entropy(arg(0)?, label(arg(1)?)))?,
        Loss::CeLogit => wrap(f, losses::binary_cross_entropy_with_logits(arg(0)?, label(arg(1)?)))?,
        Loss::CeSoftmax => {
            let class = arg(1)?.to_f64().round() as usize;
            wrap(f, losses::softmax_cross_entropy(&vector(0)?, class.saturating_sub(1)))?
        }
        Loss::CeTrueClass => {
            let alpha = ev.lookup_number("\\alpha_{t}")?.unwrap_or_else(F::one);
            wrap(f, losses::balanced_cross_entropy(arg(0)?, Label::Positive, alpha))?
        }
        Loss::CeScope => {
            let alpha = ev.lookup_number("\\alpha_{t}")?.unwrap_or_else(F::one);
            match ev.lookup_number("x_{t}")? {
                Some(x_t) => wrap(f, losses::balanced_cross_entropy_with_logits(x_t, Label::Positive, alpha))?,
                None => wrap(f, losses::balanced_cross_entropy(need_number(ev, "p_{t}")?, Label::Positive, alpha))?,
            }
        }
        Loss::FlTrueClass => {
            let params = focal_params(ev, f)?;
            wrap(f, losses::focal_loss(arg(0)?, Label::Positive, params))?
        }
        Loss::FlScope => {
            let params = focal_params(ev, f)?;
            match ev.lookup_number("x_{t}")? {
                Some(x_t) => wrap(f, losses::focal_loss_with_logits(x_t, Label::Positive, params))?,
                None => wrap(f, losses::focal_loss(need_number(ev, "p_{t}")?, Label::Positive, params))?,
            }
        }
        Loss::Kl => wrap(f, losses::kl_divergence(&vector(0)?, &vector(1)?))?,
        Loss::Entropy => wrap(f, losses::entropy(&vector(0)?))?,
        Loss::CrossEntropy => wrap(f, losses::cross_entropy(&vector(0)?, &vector(1)?))?,
        Loss::Softmax => {
            let q = wrap(f, losses::softmax(&vector(0)?))?;
            return Ok(Value::List(q.into_iter().map(|q| Value::Num(ev.finish(q))).collect()));
        }
        Loss::LogSumExp => wrap(f, losses::log_sum_exp(&vector(0)?))?,
        Loss::Sse | Loss::Mse | Loss::Rmse | Loss::Rse | Loss::Mae => {
            let y = need(ev, "y")?.numbers("y")?;
            let y_hat = need(ev, "\\hat{y}")?.numbers("\\hat{y}")?;
            match entry.id {
                Loss::Sse => wrap(f, losses::sum_of_squared_errors(&y, &y_hat))?,
                Loss::Mse => wrap(f, losses::mean_squared_error(&y, &y_hat))?,
                Loss::Rmse => wrap(f, losses::root_mean_squared_error(&y, &y_hat))?,
                Loss::Mae => wrap(f, losses::mean_absolute_error(&y, &y_hat))?,
                _ => {
                    let p = need_number(ev, "p")?.to_f64().round() as usize;
                    wrap(f, losses::residual_standard_error(&y, &y_hat, p))?
                }
            }
        }
        Loss::AlphaT => {
            let (alpha, y) = (need_number(ev, "\\alpha")?, need_number(ev, "y")?);
            wrap(f, losses::alpha_t(alpha, label(y)))?
        }
        Loss::PT => {
            let (p, y) = (need_number(ev, "p")?, need_number(ev, "y")?);
            wrap(f, losses::p_t(p, label(y)))?
        }
        Loss::Slope | Loss::Intercept => {
            let x = need(ev, "x")?.numbers("x")?;
            let y = need(ev, "y")?.numbers("y")?;
            let fit = wrap(f, losses::simple_linear_regression(&x, &y))?;
            if entry.id == Loss::Slope { fit.slope } else { fit.intercept }
        }
        Loss::SoftmaxFocal => {
            let gamma = need_number(ev, "\\gamma")?;
            let params = match ev.lookup("\\alpha")? {
                None => wrap(f, losses::SoftmaxFocalParams::new(gamma))?,
                Some(alpha) => wrap(f, losses::SoftmaxFocalParams::balanced(gamma, &alpha.numbers("\\alpha")?))?,
            };
            wrap(f, losses::softmax_focal_loss(&vector(0)?, class(arg(1)?), &params))?
        }
        Loss::SigmoidFocal => {
            let gamma = need_number(ev, "\\gamma")?;
            let params = match ev.lookup("\\alpha")? {
                None => wrap(f, FocalParams::new(gamma))?,
                Some(alpha) => wrap(f, FocalParams::balanced(gamma, alpha.num("\\alpha")?))?,
            };
            wrap(f, losses::sigmoid_focal_loss(&vector(0)?, Some(class(arg(1)?)), params))?
        }
        Loss::Precision | Loss::Recall => {
            let curve = wrap(f, losses::metrics::precision_recall_curve(&scores(ev)?, &targets(ev)?))?;
            // The examples scoring at least t are those of the curve's point with the smallest
            // threshold ≥ t (the points come highest threshold first).
            let t = arg(0)?.to_f64();
            let point = curve.points().iter().filter(|p| p.threshold.to_f64() >= t).last();
            F::from_f64(match (entry.id, point) {
                (Loss::Precision, Some(point)) => point.precision,
                (Loss::Precision, None) => f64::NAN,
                (_, Some(point)) => point.recall,
                (_, None) => 0.0,
            })
        }
        Loss::AveragePrecision => {
            F::from_f64(wrap(f, losses::metrics::average_precision(&scores(ev)?, &targets(ev)?))?)
        }
        Loss::Squared => wrap(f, losses::sum_of_squared_errors(&[arg(0)?], &[arg(1)?]))?,
        Loss::Absolute => wrap(f, losses::mean_absolute_error(&[arg(0)?], &[arg(1)?]))?,
    };
    // The crate's result is one rounded operation like any other (see `Evaluator::with_jitter`).
    Ok(Value::Num(ev.finish(value)))
}
