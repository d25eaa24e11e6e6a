//! The crate's side of the side-by-side benchmark against JAX/optax (`benches/peers/`).
//!
//! ```text
//! bench_peers DIR [--kernels]     # then commands on standard input, one per line
//! ```
//!
//! With `--kernels` every workload runs through the fused kernels of `losses::kernels`
//! (`FocalLossSum`, `BceSum`, `SoftmaxCeSum`: one pass, no validation, mean = sum / n, the gradient
//! divided by n in a second pass) instead of the crate's public batch functions: a measurement of
//! what the batch functions can gain from them.
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
//! `focal` (γ = 2, α = 0.25), `focal_grad` (loss and gradient), `bce`, `softmax` (10 classes),
//! `softmax_grad` (loss and gradient).

use losses::kernels::{self, BceSum, FocalLossSum, KernelFloat, SoftmaxCeSum};
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

impl<F: LossFloat + KernelFloat> Inputs<F> {
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

    /// Runs a workload once; returns (elements, loss, gradient).
    fn run(&self, workload: &str) -> (usize, F, Option<Vec<F>>) {
        let (x, y, z, c) =
            (black_box(&self.logits[..]), &self.targets[..], black_box(&self.softmax_logits[..]), &self.classes[..]);
        let mean = Reduction::Mean;
        let total = |r: losses::Reduced<F>| r.total().expect("a reduced loss");
        match workload {
            "focal" => {
                (x.len(), total(losses::focal_loss_with_logits_batch(x, y, Self::params(), mean).unwrap()), None)
            }
            "focal_grad" => {
                let loss = total(losses::focal_loss_with_logits_batch(x, y, Self::params(), mean).unwrap());
                let grad = losses::focal_loss_with_logits_grad_batch(x, y, Self::params(), mean).unwrap();
                (x.len(), loss, Some(grad))
            }
            "bce" => (x.len(), total(losses::binary_cross_entropy_with_logits_batch(x, y, mean).unwrap()), None),
            "softmax" => (z.len(), total(losses::softmax_cross_entropy_batch(z, CLASSES, c, mean).unwrap()), None),
            "softmax_grad" => {
                let loss = total(losses::softmax_cross_entropy_batch(z, CLASSES, c, mean).unwrap());
                let grad = losses::softmax_cross_entropy_grad_batch(z, CLASSES, c, mean).unwrap();
                (z.len(), loss, Some(grad))
            }
            other => panic!("unknown workload {other}"),
        }
    }

    /// As [`run`](Self::run), through the fused kernels.
    fn run_kernels(&self, workload: &str) -> (usize, F, Option<Vec<F>>) {
        let (x, y, z, c) =
            (black_box(&self.logits[..]), &self.targets[..], black_box(&self.softmax_logits[..]), &self.classes[..]);
        let (gamma, alpha) = (black_box(F::from_f64(2.0)), Some(black_box(F::from_f64(0.25))));
        let mean = |sum: f64, n: usize| F::from_f64(sum / n as f64);
        let scaled = |mut grad: Vec<F>, n: usize| {
            let n = F::from_f64(n as f64);
            for g in &mut grad {
                *g = *g / n;
            }
            Some(grad)
        };
        let rows = c.len();
        match workload {
            "focal" => (
                x.len(),
                mean(kernels::run(FocalLossSum { logits: x, targets: y, gamma, alpha, grad: None }), x.len()),
                None,
            ),
            "focal_grad" => {
                let mut grad = vec![F::from_f64(0.0); x.len()];
                let sum = kernels::run(FocalLossSum { logits: x, targets: y, gamma, alpha, grad: Some(&mut grad) });
                (x.len(), mean(sum, x.len()), scaled(grad, x.len()))
            }
            "bce" => (x.len(), mean(kernels::run(BceSum { logits: x, targets: y, grad: None }), x.len()), None),
            "softmax" => (
                z.len(),
                mean(kernels::run(SoftmaxCeSum { logits: z, num_classes: CLASSES, classes: c, grad: None }), rows),
                None,
            ),
            "softmax_grad" => {
                let mut grad = vec![F::from_f64(0.0); z.len()];
                let sum =
                    kernels::run(SoftmaxCeSum { logits: z, num_classes: CLASSES, classes: c, grad: Some(&mut grad) });
                (z.len(), mean(sum, rows), scaled(grad, rows))
            }
            other => panic!("unknown workload {other}"),
        }
    }

    /// [`elements`](Self::elements) through the fused kernels, one element (row) at a time.
    fn elements_kernels(&self, workload: &str, subset: usize) -> (Vec<F>, Vec<F>) {
        let (gamma, alpha) = (F::from_f64(2.0), Some(F::from_f64(0.25)));
        let (mut losses, mut grads) = (vec![], vec![]);
        for i in 0..subset {
            let (x, y) = (&self.logits[i..=i], &self.targets[i..=i]);
            let (z, c) = (&self.softmax_logits[i * CLASSES..(i + 1) * CLASSES], &self.classes[i..=i]);
            let mut g = vec![F::from_f64(0.0); if workload.starts_with("softmax") { CLASSES } else { 1 }];
            let loss = match workload {
                "focal" | "focal_grad" => {
                    kernels::run(FocalLossSum { logits: x, targets: y, gamma, alpha, grad: Some(&mut g) })
                }
                "bce" => kernels::run(BceSum { logits: x, targets: y, grad: Some(&mut g) }),
                _ => kernels::run(SoftmaxCeSum { logits: z, num_classes: CLASSES, classes: c, grad: Some(&mut g) }),
            };
            losses.push(F::from_f64(loss));
            grads.extend(g);
        }
        (losses, grads)
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
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: bench_peers DIR [--kernels]"));
    let fused = std::env::args().nth(2).is_some_and(|flag| flag == "--kernels");
    let f32_inputs = Inputs::<f32>::load(&dir);
    let f64_inputs = Inputs::<f64>::load(&dir);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        let words: Vec<&str> = line.split_whitespace().collect();
        let answer = match words.as_slice() {
            ["time", workload, ty] => {
                let start = Instant::now();
                let elements = match (*ty, fused) {
                    ("f32", false) => black_box(f32_inputs.run(workload)).0,
                    ("f64", false) => black_box(f64_inputs.run(workload)).0,
                    ("f32", true) => black_box(f32_inputs.run_kernels(workload)).0,
                    ("f64", true) => black_box(f64_inputs.run_kernels(workload)).0,
                    (other, _) => panic!("unknown type {other}"),
                };
                format!("{}", start.elapsed().as_nanos() as f64 / elements as f64)
            }
            ["dump", workload, ty, subset] => {
                let subset: usize = subset.parse().expect("SUBSET is a number");
                let widen32 = |v: Vec<f32>| v.into_iter().map(f64::from).collect::<Vec<f64>>();
                let ((_, loss, grad), (elements, element_grads)) = match *ty {
                    "f32" => {
                        let (n, l, g) = if fused { f32_inputs.run_kernels(workload) } else { f32_inputs.run(workload) };
                        let (e, eg) = if fused {
                            f32_inputs.elements_kernels(workload, subset)
                        } else {
                            f32_inputs.elements(workload, subset)
                        };
                        ((n, f64::from(l), g.map(widen32)), (widen32(e), widen32(eg)))
                    }
                    _ if fused => (f64_inputs.run_kernels(workload), f64_inputs.elements_kernels(workload, subset)),
                    _ => (f64_inputs.run(workload), f64_inputs.elements(workload, subset)),
                };
                let file = |what: &str| dir.join(format!("crate-{workload}-{ty}-{what}.f64"));
                write_f64(&file("total"), [loss]);
                if let Some(grad) = grad {
                    write_f64(&file("grad"), grad);
                }
                write_f64(&file("elements"), elements);
                write_f64(&file("element-grads"), element_grads);
                "ok".to_string()
            }
            ["level"] => losses::kernels::Level::best().name().to_string(),
            ["quit"] => break,
            _ => panic!("unknown command {line:?}"),
        };
        writeln!(stdout, "{answer}").and_then(|()| stdout.flush()).expect("stdout");
    }
}
