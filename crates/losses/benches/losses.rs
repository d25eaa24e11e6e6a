//! Batch loss and gradient throughput, stable versus naive, f32 and f64.
//!
//! ```text
//! cargo bench -p losses --bench losses -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Every benchmark processes one batch and reports `Throughput::Elements` (logits), so criterion
//! prints elements/s; ns/element = 10⁹ / that. The stable side is the crate's public batch function
//! (validation, per-example values, compensated reduction included); the naive side is a plain loop
//! over the same slice calling the `losses::naive` scalar formula and summing (or collecting the
//! gradients into a `Vec`, as the stable gradient does). The stable focal loss is meant to cost at
//! most 1.5× the naive one (the crate README's benchmark table).

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use losses::{FocalParams, LossFloat, Reduction, naive};

/// Elements per binary batch.
const N: usize = 1_000_000;
/// Softmax batch: rows × classes = 10⁶ logits.
const ROWS: usize = 100_000;
const CLASSES: usize = 10;

#[path = "common/xorshift.rs"]
mod xorshift;
use xorshift::Rng;

/// Logits uniform in [−8, 8] (the range a trained detector's logits mostly live in; both branches
/// of every sign test are taken), targets positive with probability ¼.
fn binary_data<F: LossFloat>() -> (Vec<F>, Vec<F>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..N)
        .map(|_| {
            let x = F::from_f64(16.0 * rng.next_f64() - 8.0);
            let y = if rng.next_f64() < 0.25 { F::one() } else { F::zero() };
            (x, y)
        })
        .unzip()
}

fn softmax_data<F: LossFloat>() -> (Vec<F>, Vec<usize>) {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let logits = (0..ROWS * CLASSES).map(|_| F::from_f64(16.0 * rng.next_f64() - 8.0)).collect();
    let classes = (0..ROWS).map(|_| (rng.next_f64() * CLASSES as f64) as usize % CLASSES).collect();
    (logits, classes)
}

fn naive_sum<F: LossFloat>(values: impl Iterator<Item = F>) -> F {
    values.fold(F::zero(), |acc, v| acc + v)
}

/// The labels in the paper's ±1 form, as the naive gradient wants them.
fn signs<F: LossFloat>(targets: &[F]) -> Vec<F> {
    targets.iter().map(|&y| y + y - F::one()).collect()
}

/// Focal loss and gradient, stable versus naive, for one γ.
fn focal_benches<F: LossFloat>(c: &mut Criterion, ty: &str, gamma: f64, logits: &[F], targets: &[F]) {
    let y_sign = signs(targets);
    let name = if gamma == 2.0 { String::new() } else { format!("_gamma_{gamma}") };
    // Opaque to the optimiser, as a γ read from a config file would be: a literal 2.0 lets the
    // compiler turn the naive `powf(1 − p_t, 2.0)` into a multiplication (and fold the stable
    // side's test for an integer γ), which is not what real training code gets.
    let gamma = black_box(F::from_f64(gamma));
    let params = black_box(FocalParams::new(gamma).unwrap());

    let mut group = c.benchmark_group(format!("focal_loss{name}/{ty}"));
    group.throughput(Throughput::Elements(N as u64)).sample_size(20);
    group.bench_function("stable", |b| {
        b.iter(|| losses::focal_loss_with_logits_batch(black_box(logits), targets, params, Reduction::Sum).unwrap())
    });
    group.bench_function("naive", |b| {
        b.iter(|| {
            let x = black_box(logits);
            naive_sum(x.iter().zip(targets).map(|(&x, &y)| naive::focal_loss_with_logits(x, y, gamma)))
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("focal_loss_grad{name}/{ty}"));
    group.throughput(Throughput::Elements(N as u64)).sample_size(20);
    group.bench_function("stable", |b| {
        b.iter(|| {
            losses::focal_loss_with_logits_grad_batch(black_box(logits), targets, params, Reduction::Sum).unwrap()
        })
    });
    group.bench_function("naive", |b| {
        b.iter(|| {
            let x = black_box(logits);
            x.iter().zip(&y_sign).map(|(&x, &s)| naive::focal_loss_with_logits_grad(x, s, gamma)).collect::<Vec<F>>()
        })
    });
    group.finish();
}

fn binary_benches<F: LossFloat>(c: &mut Criterion, ty: &str) {
    let (logits, targets) = binary_data::<F>();
    // γ = 2, the paper's (and RetinaNet's) setting, and a non-integer γ.
    focal_benches(c, ty, 2.0, &logits, &targets);
    focal_benches(c, ty, 0.5, &logits, &targets);

    let mut group = c.benchmark_group(format!("bce_with_logits/{ty}"));
    group.throughput(Throughput::Elements(N as u64)).sample_size(20);
    group.bench_function("stable", |b| {
        b.iter(|| losses::binary_cross_entropy_with_logits_batch(black_box(&logits), &targets, Reduction::Sum).unwrap())
    });
    group.bench_function("naive", |b| {
        b.iter(|| {
            let x = black_box(&logits);
            naive_sum(x.iter().zip(&targets).map(|(&x, &y)| naive::binary_cross_entropy_with_logits(x, y)))
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("bce_with_logits_grad/{ty}"));
    group.throughput(Throughput::Elements(N as u64)).sample_size(20);
    group.bench_function("stable", |b| {
        b.iter(|| {
            losses::binary_cross_entropy_with_logits_grad_batch(black_box(&logits), &targets, Reduction::Sum).unwrap()
        })
    });
    group.bench_function("naive", |b| {
        // dCE/dx = σ(x) − y with the naive σ.
        b.iter(|| {
            let x = black_box(&logits);
            x.iter().zip(&targets).map(|(&x, &y)| naive::sigmoid(x) - y).collect::<Vec<F>>()
        })
    });
    group.finish();
}

fn softmax_benches<F: LossFloat>(c: &mut Criterion, ty: &str) {
    let (logits, classes) = softmax_data::<F>();
    let elements = (ROWS * CLASSES) as u64;

    let mut group = c.benchmark_group(format!("softmax_ce/{ty}"));
    group.throughput(Throughput::Elements(elements)).sample_size(20);
    group.bench_function("stable", |b| {
        b.iter(|| losses::softmax_cross_entropy_batch(black_box(&logits), CLASSES, &classes, Reduction::Sum).unwrap())
    });
    group.bench_function("naive", |b| {
        b.iter(|| {
            let z = black_box(&logits);
            naive_sum(z.chunks_exact(CLASSES).zip(&classes).map(|(row, &c)| naive::softmax_cross_entropy(row, c)))
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("softmax_ce_grad/{ty}"));
    group.throughput(Throughput::Elements(elements)).sample_size(20);
    group.bench_function("stable", |b| {
        b.iter(|| {
            losses::softmax_cross_entropy_grad_batch(black_box(&logits), CLASSES, &classes, Reduction::Sum).unwrap()
        })
    });
    group.bench_function("naive", |b| {
        // softmax(z) − onehot(c), with the unshifted naive softmax e^z / Σ e^z.
        b.iter(|| {
            let z = black_box(&logits);
            let mut grads: Vec<F> = z.iter().map(|&v| v.exp()).collect();
            for (row, &c) in grads.chunks_exact_mut(CLASSES).zip(&classes) {
                let total = naive_sum(row.iter().copied());
                for e in row.iter_mut() {
                    *e = *e / total;
                }
                row[c] = row[c] - F::one();
            }
            grads
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    binary_benches::<f32>(c, "f32");
    binary_benches::<f64>(c, "f64");
    softmax_benches::<f32>(c, "f32");
    softmax_benches::<f64>(c, "f64");
}

criterion_group!(losses_benches, benches);
criterion_main!(losses_benches);
