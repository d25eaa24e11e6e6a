//! # detection — focal loss at work, on a toy
//!
//! A dense, imbalanced toy detection problem that the book generates (no download), two small
//! models trained on it from scratch with the gradients of the `losses` crate (no machine-learning
//! framework), and the measurements the chapter on focal loss at work reports.
//!
//! | module | what it holds |
//! |---|---|
//! | [`rng`] | SplitMix64, the one source of randomness (integer arithmetic: the same on every platform) |
//! | [`toy`] | the anchors: 2-D features, 1 positive per 1000, easy negatives and a ring of hard ones |
//! | [`model`] | logistic regression (on the features or on quadratic features) and a one-hidden-layer ReLU network, with backpropagation |
//! | [`train`] | full-batch Adam steps on a `losses` focal loss, with the prior initialisation |
//! | [`experiment`] | the chapter's experiment: the grid of losses, average precision, and the measurements |
//!
//! Everything is deterministic: the same seed gives the same anchors bit for bit, and the same
//! training run gives the same floats on every run. Across platforms the anchors and the models'
//! arithmetic are the same; the losses call `exp` and `ln_1p`, whose last bit may differ between
//! math libraries, so the chapter asserts its numbers with tolerances or as orderings.
//!
//! ```text
//! cargo run -p detection --release --example focal_table   # the larger run, and its table
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod experiment;
pub mod model;
pub mod rng;
pub mod toy;
pub mod train;
