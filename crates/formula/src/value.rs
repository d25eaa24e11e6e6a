//! What the evaluator computes: a [`Value`] (a number or a vector), or an [`EvalError`] saying why
//! an expression has no value at a point. The evaluator (`eval`) and the table of the `losses`
//! crate's functions (`losses_table`) both speak in these types.

use std::fmt;

use losses::LossError;

use crate::number::Number;

/// A value: a number, or a vector (of numbers or of vectors, for a matrix such as `p_{n,k}`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value<F> {
    /// A number.
    Num(F),
    /// A vector; element `i` of the book is `List[i - 1]`.
    List(Vec<Value<F>>),
}

impl<F: Number> Value<F> {
    /// The number, or an error naming `what` if this is a vector.
    pub fn num(&self, what: &str) -> Result<F, EvalError> {
        match self {
            Value::Num(x) => Ok(*x),
            Value::List(_) => Err(EvalError::NotANumber { what: what.to_owned() }),
        }
    }

    /// The numbers of a vector, or an error naming `what`.
    pub fn numbers(&self, what: &str) -> Result<Vec<F>, EvalError> {
        match self {
            Value::List(items) => items.iter().map(|v| v.num(what)).collect(),
            Value::Num(_) => Err(EvalError::NotAVector { what: what.to_owned() }),
        }
    }

    pub(crate) fn convert<G: Number>(&self) -> Value<G> {
        match self {
            Value::Num(x) => Value::Num(G::from_f64(x.to_f64())),
            Value::List(items) => Value::List(items.iter().map(Value::convert).collect()),
        }
    }
}

impl Value<f64> {
    /// The value converted to any [`Number`] (derivative part zero).
    pub fn to<F: Number>(&self) -> Value<F> {
        self.convert()
    }
}

impl fmt::Display for Value<f64> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(x) => write!(f, "{}", short(*x)),
            Value::List(items) => {
                f.write_str("(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A number printed with enough digits to find it again (`{:.6e}` outside `[1e-4, 1e6)`).
pub(crate) fn short(x: f64) -> String {
    if x == 0.0 || x.is_nan() || x.is_infinite() || (1e-4..1e6).contains(&x.abs()) {
        let s = format!("{x:.10}");
        let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
        if s == "-0" { "-0".into() } else { s }
    } else {
        format!("{x:.6e}")
    }
}

/// Why an expression has no value at a point.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// A symbol that is neither local, defined, sampled nor a loss of the crate.
    Unbound {
        /// Its canonical key.
        symbol: String,
    },
    /// An index letter used outside any sum that binds it (`q_k` alone): the checker evaluates
    /// the relation for every value of it.
    FreeIndex {
        /// The letter.
        letter: String,
    },
    /// No row of a `cases` applies (and there is no `otherwise`).
    NoCase,
    /// A definition whose `cases` has no row for the point.
    Uncovered {
        /// The defined name.
        name: String,
    },
    /// A vector where a number is needed.
    NotANumber {
        /// What was evaluated.
        what: String,
    },
    /// A number where a vector is needed.
    NotAVector {
        /// What was evaluated.
        what: String,
    },
    /// A call of something that is not a function of that many arguments.
    NotAFunction {
        /// The name.
        name: String,
        /// The number of arguments.
        arity: usize,
    },
    /// `y_i` with `i` outside `1..=len`.
    IndexOutOfRange {
        /// The symbol.
        symbol: String,
        /// The index.
        index: i64,
        /// The length.
        len: usize,
    },
    /// A derivative inside a derivative.
    NestedDerivative,
    /// A definition that needs itself.
    Circular {
        /// The name.
        name: String,
    },
    /// `\arg\min` found no minimum.
    NoMinimum,
    /// A limit whose sequence of values does not settle.
    NoLimit {
        /// The last values of the sequence.
        values: Vec<f64>,
    },
    /// The `losses` crate rejected the arguments.
    Loss {
        /// The crate function.
        function: &'static str,
        /// Its error.
        error: LossError,
    },
    /// A construct that has no value here (a set outside `\in`, `\leftarrow`).
    Unsupported {
        /// Which.
        construct: &'static str,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Unbound { symbol } => write!(
                f,
                "`{symbol}` has no value: define it in an earlier formula or the marker's `where:`, or give it a domain in src/symbols.toml"
            ),
            EvalError::FreeIndex { letter } => write!(f, "index `{letter}` is not bound by a sum"),
            EvalError::NoCase => f.write_str("no row of the `cases` applies"),
            EvalError::Uncovered { name } => write!(f, "no row of the `cases` defining `{name}` applies"),
            EvalError::NotANumber { what } => write!(f, "`{what}` is a vector where a number is needed"),
            EvalError::NotAVector { what } => write!(f, "`{what}` is a number where a vector is needed"),
            EvalError::NotAFunction { name, arity } => write!(f, "`{name}` is not a function of {arity} argument(s)"),
            EvalError::IndexOutOfRange { symbol, index, len } => {
                write!(f, "index {index} of `{symbol}` is outside 1..={len}")
            }
            EvalError::NestedDerivative => f.write_str("a derivative inside a derivative is not supported"),
            EvalError::Circular { name } => write!(f, "the definition of `{name}` needs itself"),
            EvalError::NoMinimum => f.write_str("`\\arg\\min` found no minimum"),
            EvalError::NoLimit { values } => {
                let values: Vec<String> = values.iter().map(|v| short(*v)).collect();
                write!(f, "the limit does not settle: the sequence ends {}", values.join(", "))
            }
            EvalError::Loss { function, error } => write!(f, "losses::{function}: {error}"),
            EvalError::Unsupported { construct } => write!(f, "{construct} has no numeric value"),
        }
    }
}

impl std::error::Error for EvalError {}

impl EvalError {
    /// A function of the `losses` crate refused its arguments.
    pub(crate) fn loss(function: &'static str, error: LossError) -> EvalError {
        EvalError::Loss { function, error }
    }
}
