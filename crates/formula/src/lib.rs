//! # formula — the book's display formulas, parsed, evaluated and checked
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod ast;
pub mod check;
pub mod domain;
pub mod eval;
mod lexer;
pub mod losses_table;
pub mod marker;
pub mod mutants;
mod number;
mod parser;
pub mod symbols;

pub use check::{Chapter, ChapterReport, Failure, FormulaReport, FormulaSource, Outcome};
pub use domain::{Domain, DomainError};
pub use marker::{Marker, MarkerError};
pub use number::Number;
pub use parser::{ParseError, parse, parse_expression, parse_symbol};
pub use symbols::{SymbolTable, SymbolsError};
