//! The public batch functions from logits, ns per element at several sizes, on the current
//! thread pool: interleaved rounds, median and range.
//!
//! ```text
//! taskset -c 0 cargo run --release -p losses --example bench_batch [-- ROUNDS [SIZE…]]
//! RAYON_NUM_THREADS=1 taskset -c 0 cargo run --release -p losses --example bench_batch
//! ```
//!
//! Workloads as in the side-by-side benchmark (`benches/peers/`): focal loss γ = 2, α = 0.25 (loss;
//! loss and gradient in one call), BCE (loss; loss and gradient), softmax CE of rows of 10 (loss;
//! loss and gradient), all reduced by the mean, on logits uniform in [−8, 8] with a quarter of the
//! targets 1. Used to choose `kernels::PARALLEL_MIN`: run it with 1 and 2 threads at sizes around
//! the threshold.
//! `BENCH_ONLY="f64 bce"` keeps the workloads whose type and name contain the text.

use losses::{FocalParams, Reduction};
use std::hint::black_box;
use std::time::Instant;

#[path = "../benches/common/xorshift.rs"]
mod xorshift;
use xorshift::Rng;

type Job = Box<dyn FnMut()>;

fn jobs<F: losses::LossFloat>(n: usize) -> Vec<(String, Job)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let x: Vec<F> = (0..n).map(|_| F::from_f64(rng.next_f64() * 16.0 - 8.0)).collect();
    let y: Vec<F> = (0..n).map(|_| F::from_f64(if rng.next_f64() < 0.25 { 1.0 } else { 0.0 })).collect();
    let classes: Vec<usize> = (0..n / 10).map(|_| (rng.next_f64() * 10.0) as usize).collect();
    let (x6, y6) = (x.clone(), y.clone());
    let params = FocalParams::balanced(F::from_f64(2.0), F::from_f64(0.25)).expect("valid");
    let mean = Reduction::Mean;
    let (x1, y1, x2, y2, x3, y3, x4, c4, x5, c5) =
        (x.clone(), y.clone(), x.clone(), y.clone(), x.clone(), y.clone(), x.clone(), classes.clone(), x, classes);
    let mut g2 = vec![F::from_f64(0.0); n];
    let mut g6 = vec![F::from_f64(0.0); n];
    let mut g5 = vec![F::from_f64(0.0); n];
    vec![
        (
            "focal".into(),
            Box::new(move || drop(black_box(losses::focal_loss_with_logits_batch(&x1, &y1, params, mean)))),
        ),
        (
            "focal+grad".into(),
            Box::new(move || {
                drop(black_box(losses::focal_loss_with_logits_and_grad_batch(&x2, &y2, params, mean, &mut g2)))
            }),
        ),
        (
            "bce".into(),
            Box::new(move || drop(black_box(losses::binary_cross_entropy_with_logits_batch(&x3, &y3, mean)))),
        ),
        (
            "bce+grad".into(),
            Box::new(move || {
                drop(black_box(losses::binary_cross_entropy_with_logits_and_grad_batch(&x6, &y6, mean, &mut g6)))
            }),
        ),
        ("softmax".into(), Box::new(move || drop(black_box(losses::softmax_cross_entropy_batch(&x4, 10, &c4, mean))))),
        (
            "softmax+grad".into(),
            Box::new(move || {
                drop(black_box(losses::softmax_cross_entropy_and_grad_batch(&x5, 10, &c5, mean, &mut g5)))
            }),
        ),
    ]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().map_or(15, |s| s.parse().expect("ROUNDS is a number"));
    let sizes: Vec<usize> = args.map(|s| s.parse().expect("SIZE is a number")).collect();
    let sizes = if sizes.is_empty() { vec![1_000_000] } else { sizes };
    println!("kernels level {}, {} rayon threads", losses::kernels::Level::best().name(), rayon::current_num_threads());
    // `BENCH_ONLY=f64` (or `bce`, `f32 focal`…): only the workloads whose "type name" contains it.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    for n in sizes {
        for (ty, all) in [("f32", jobs::<f32>(n)), ("f64", jobs::<f64>(n))] {
            let mut all: Vec<(String, Job)> =
                all.into_iter().filter(|(name, _)| format!("{ty} {name}").contains(&only)).collect();
            let mut times: Vec<Vec<f64>> = vec![vec![]; all.len()];
            let repeat = (1_000_000 / n).max(1);
            for (_, job) in all.iter_mut() {
                job();
            }
            for round in 0..rounds {
                for j in 0..all.len() {
                    let v = (j + round) % all.len();
                    let start = Instant::now();
                    for _ in 0..repeat {
                        (all[v].1)();
                    }
                    times[v].push(start.elapsed().as_nanos() as f64 / (n * repeat) as f64);
                }
            }
            for ((name, _), t) in all.iter().zip(&mut times) {
                t.sort_by(f64::total_cmp);
                println!(
                    "n={n:<8} {ty} {name:<13} {:6.2} [{:6.2} – {:6.2}] ns/element",
                    t[t.len() / 2],
                    t[0],
                    t[t.len() - 1]
                );
            }
        }
    }
}
