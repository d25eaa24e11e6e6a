//! The top layer: one module per `cargo xtask` command. A command may use the layers below
//! (`site`, `tools`, `util`), never another command.

pub mod bench_peers;
pub mod browser;
pub mod build;
pub mod exercise;
pub mod exercises;
pub mod figures;
pub mod formulas;
pub mod glossary;
pub mod install;
pub mod mutants;
pub mod notebooks;
pub mod pdf;
pub mod serve;
pub mod symbols;
pub mod test;
pub mod tidy;
