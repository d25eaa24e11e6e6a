//! The crate's side of the side-by-side benchmark against JAX/optax (`benches/peers/`).
//!
//! ```text
//! bench_peers DIR     # then commands on standard input, one per line
//! ```
//!
//! `DIR` holds the inputs written by `benches/peers/bench_peers.py` (little-endian raw arrays):
//! `binary_logits.f64`, `binary_targets.f64` (10⁶ each), `softmax_logits.f64` (10⁵ × 10, row-major),
//! `softmax_classes.i64`. f32 inputs are the f64 ones rounded to nearest, as numpy's `astype` rounds.
//!
//! Commands (each answered by one line on standard output):
//! - `time WORKLOAD TYPE` — runs the workload once and prints the nanoseconds per element.
//! - `dump WORKLOAD TYPE SUBSET` — writes `DIR/crate-WORKLOAD-TYPE-*.f64`: the reduced loss
//!   (`total`), the full gradient where the workload has one (`grad`), and the per-element losses and
//!   gradients of the first SUBSET examples (`elements`, `element-grads`); prints `ok`.
//! - `quit`.
//!
//! Workloads (all with `Reduction::Mean`, inputs validated by the crate as in real use):
//! `focal` (γ = 2, α = 0.25), `focal_grad` (loss and gradient, one call:
//! `focal_loss_with_logits_and_grad_batch`), `bce`, `softmax` (10 classes), `softmax_grad` (loss and
//! gradient, `softmax_cross_entropy_and_grad_batch`). The gradient buffer is allocated outside the
//! timed call, as a training loop reuses its buffer.

use losses::{FocalParams, LossFloat, Reduction};
use std::hint::black_box;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

const CLASSES: usize = 10;

fn read_f64(path: &Path) -> Vec<f64> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap())).collect()
}

fn write_f64(path: &Path, values: impl IntoIterator<Item = f64>) {
    let bytes: Vec<u8> = values.into_iter().flat_map(f64::to_le_bytes).collect();
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

struct Inputs<F> {
    logits: Vec<F>,
    targets: Vec<F>,
    softmax_logits: Vec<F>,
    classes: Vec<usize>,
}

impl<F: LossFloat> Inputs<F> {
    fn load(dir: &Path) -> Self {
        let convert = |v: Vec<f64>| v.into_iter().map(F::from_f64).collect();
        let classes = std::fs::read(dir.join("softmax_classes.i64")).expect("softmax_classes.i64");
        Self {
            logits: convert(read_f64(&dir.join("binary_logits.f64"))),
            targets: convert(read_f64(&dir.join("binary_targets.f64"))),
            softmax_logits: convert(read_f64(&dir.join("softmax_logits.f64"))),
            classes: classes.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().unwrap()) as usize).collect(),
        }
    }

    fn params() -> FocalParams<F> {
        FocalParams::balanced(black_box(F::from_f64(2.0)), black_box(F::from_f64(0.25))).expect("valid")
    }

    /// Runs a workload once, writing the gradient (if any) into `grad`; returns (elements, loss).
    fn run(&self, workload: &str, grad: &mut [F]) -> (usize, F) {
        let (x, y, z, c) =
            (black_box(&self.logits[..]), &self.targets[..], black_box(&self.softmax_logits[..]), &self.classes[..]);
        let mean = Reduction::Mean;
        let total = |r: losses::Reduced<F>| r.total().expect("a reduced loss");
        match workload {
            "focal" => (x.len(), total(losses::focal_loss_with_logits_batch(x, y, Self::params(), mean).unwrap())),
            "focal_grad" => {
                let loss = losses::focal_loss_with_logits_and_grad_batch(x, y, Self::params(), mean, grad).unwrap();
                (x.len(), total(loss))
            }
            "bce" => (x.len(), total(losses::binary_cross_entropy_with_logits_batch(x, y, mean).unwrap())),
            "softmax" => (z.len(), total(losses::softmax_cross_entropy_batch(z, CLASSES, c, mean).unwrap())),
            "softmax_grad" => {
                let loss = losses::softmax_cross_entropy_and_grad_batch(z, CLASSES, c, mean, grad).unwrap();
                (z.len(), total(loss))
            }
            other => panic!("unknown workload {other}"),
        }
    }

    /// A gradient buffer for `workload` (empty if it has no gradient).
    fn buffer(&self, workload: &str) -> Vec<F> {
        let n = match workload {
            "focal_grad" => self.logits.len(),
            "softmax_grad" => self.softmax_logits.len(),
            _ => 0,
        };
        vec![F::from_f64(0.0); n]
    }

    /// Per-element losses and gradients of the first `subset` examples (rows for softmax).
    fn elements(&self, workload: &str, subset: usize) -> (Vec<F>, Vec<F>) {
        let none = Reduction::None;
        let per = |r: losses::Reduced<F>| r.per_example().expect("per example").to_vec();
        let (x, y) = (&self.logits[..subset], &self.targets[..subset]);
        let (z, c) = (&self.softmax_logits[..subset * CLASSES], &self.classes[..subset]);
        match workload {
            "focal" | "focal_grad" => (
                per(losses::focal_loss_with_logits_batch(x, y, Self::params(), none).unwrap()),
                losses::focal_loss_with_logits_grad_batch(x, y, Self::params(), Reduction::Sum).unwrap(),
            ),
            "bce" => (
                per(losses::binary_cross_entropy_with_logits_batch(x, y, none).unwrap()),
                losses::binary_cross_entropy_with_logits_grad_batch(x, y, Reduction::Sum).unwrap(),
            ),
            "softmax" | "softmax_grad" => (
                per(losses::softmax_cross_entropy_batch(z, CLASSES, c, none).unwrap()),
                losses::softmax_cross_entropy_grad_batch(z, CLASSES, c, Reduction::Sum).unwrap(),
            ),
            other => panic!("unknown workload {other}"),
        }
    }
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: bench_peers DIR"));
    let f32_inputs = Inputs::<f32>::load(&dir);
    let f64_inputs = Inputs::<f64>::load(&dir);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        let words: Vec<&str> = line.split_whitespace().collect();
        let answer = match words.as_slice() {
            ["time", workload, ty] => {
                let nanos = |run: &mut dyn FnMut() -> usize| {
                    let start = Instant::now();
                    let elements = run();
                    start.elapsed().as_nanos() as f64 / elements as f64
                };
                match *ty {
                    "f32" => {
                        let mut grad = f32_inputs.buffer(workload);
                        format!("{}", nanos(&mut || black_box(f32_inputs.run(workload, &mut grad)).0))
                    }
                    "f64" => {
                        let mut grad = f64_inputs.buffer(workload);
                        format!("{}", nanos(&mut || black_box(f64_inputs.run(workload, &mut grad)).0))
                    }
                    other => panic!("unknown type {other}"),
                }
            }
            ["dump", workload, ty, subset] => {
                let subset: usize = subset.parse().expect("SUBSET is a number");
                let widen32 = |v: Vec<f32>| v.into_iter().map(f64::from).collect::<Vec<f64>>();
                let (loss, grad, elements, element_grads) = match *ty {
                    "f32" => {
                        let mut grad = f32_inputs.buffer(workload);
                        let (_, loss) = f32_inputs.run(workload, &mut grad);
                        let (e, eg) = f32_inputs.elements(workload, subset);
                        (f64::from(loss), widen32(grad), widen32(e), widen32(eg))
                    }
                    _ => {
                        let mut grad = f64_inputs.buffer(workload);
                        let (_, loss) = f64_inputs.run(workload, &mut grad);
                        let (e, eg) = f64_inputs.elements(workload, subset);
                        (loss, grad, e, eg)
                    }
                };
                let file = |what: &str| dir.join(format!("crate-{workload}-{ty}-{what}.f64"));
                write_f64(&file("total"), [loss]);
                if !grad.is_empty() {
                    write_f64(&file("grad"), grad);
                }
                write_f64(&file("elements"), elements);
                write_f64(&file("element-grads"), element_grads);
                "ok".to_string()
            }
            ["level"] => losses::kernels::Level::best().name().to_string(),
            ["threads"] => rayon::current_num_threads().to_string(),
            ["quit"] => break,
            _ => panic!("unknown command {line:?}"),
        };
        writeln!(stdout, "{answer}").and_then(|()| stdout.flush()).expect("stdout");
    }
}
