//! Large batches run on rayon's threads; their results must not depend on how many there are.
//!
//! Every batch function with a reduction or a gradient, over a batch several blocks long
//! (`kernels::BLOCK` elements, and more than `kernels::PARALLEL_MIN`), in thread pools of 1, 2 and 3
//! threads: the results must be equal bit for bit, and equal to the same blocks run one after the
//! other on this thread (`run_with`, no rayon at all).
//!
//! What keeps them equal is that blocks have a fixed size and their sums are combined in index
//! order. The sums are compensated, so even blocks cut by thread count would change a rounded sum
//! only rarely: the f64 tests were seen failing with blocks cut by thread count and the sums'
//! compensation removed (the f32 results, rounded from f64, still agreed then).

use losses::kernels::{self, BinaryLoss, BinaryPass, Fused, Level, SoftmaxPass, Unfused};
use losses::{BinaryReduction, FocalParams, Reduced, Reduction};

/// Every result of the batch functions on `logits` (and `classes` for the softmax rows of 10), as
/// bits.
fn everything<F: losses::LossFloat + Into<f64>>(logits: &[F], targets: &[F], classes: &[usize]) -> Vec<u64> {
    let mut bits = vec![];
    let push_reduced = |r: Reduced<F>, bits: &mut Vec<u64>| match r {
        Reduced::Total(t) => bits.push(t.into().to_bits()),
        Reduced::PerExample(v) => bits.extend(v.into_iter().map(|t| t.into().to_bits())),
    };
    let params = FocalParams::retinanet();
    for reduction in
        [BinaryReduction::Sum, BinaryReduction::Mean, BinaryReduction::SumOverPositives, BinaryReduction::None]
    {
        push_reduced(losses::focal_loss_with_logits_batch(logits, targets, params, reduction).unwrap(), &mut bits);
        push_reduced(losses::binary_cross_entropy_with_logits_batch(logits, targets, reduction).unwrap(), &mut bits);
        let mut grads = vec![F::from_f64(0.0); logits.len()];
        let loss = losses::focal_loss_with_logits_and_grad_batch(logits, targets, params, reduction, &mut grads);
        push_reduced(loss.unwrap(), &mut bits);
        bits.extend(grads.iter().map(|&g| g.into().to_bits()));
    }
    for reduction in [Reduction::Sum, Reduction::Mean] {
        let mut grads = vec![F::from_f64(0.0); logits.len()];
        let loss = losses::softmax_cross_entropy_and_grad_batch(logits, 10, classes, reduction, &mut grads);
        push_reduced(loss.unwrap(), &mut bits);
        bits.extend(grads.iter().map(|&g| g.into().to_bits()));
    }
    bits
}

fn inputs<F: losses::LossFloat>(n: usize) -> (Vec<F>, Vec<F>, Vec<usize>) {
    // A fixed pseudo-random sequence (no dependency on a generator crate's version).
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let logits: Vec<F> = (0..n).map(|_| F::from_f64(next() * 30.0 - 15.0)).collect();
    let targets: Vec<F> = (0..n).map(|_| F::from_f64(if next() < 0.25 { 1.0 } else { 0.0 })).collect();
    let classes: Vec<usize> = (0..n / 10).map(|_| (next() * 10.0) as usize).collect();
    (logits, targets, classes)
}

fn in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool").install(work)
}

fn same_for_every_thread_count<F: losses::LossFloat + Into<f64> + Send + Sync>() {
    // Ten blocks and a bit: uneven work for 2 and 3 threads.
    let n = 10 * kernels::BLOCK + 1230;
    assert!(n >= kernels::PARALLEL_MIN);
    let (logits, targets, classes) = inputs::<F>(n);
    let one = in_pool(1, || everything(&logits, &targets, &classes));
    for threads in [2, 3] {
        let more = in_pool(threads, || everything(&logits, &targets, &classes));
        let first_difference = one.iter().zip(&more).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "{threads} threads differ from 1 at result {first_difference:?}");
        assert_eq!(one.len(), more.len());
    }
}

#[test]
fn f64_batches_are_the_same_for_1_2_and_3_threads() {
    same_for_every_thread_count::<f64>();
}

#[test]
fn f32_batches_are_the_same_for_1_2_and_3_threads() {
    same_for_every_thread_count::<f32>();
}

fn binary<'a>(logits: &'a [f64], targets: &'a [f64], grads: &'a mut [f64]) -> BinaryPass<'a, f64> {
    let loss = BinaryLoss { gamma: 2.0, weight_positive: 0.25, weight_negative: 0.75 };
    BinaryPass { logits, targets, loss, losses: None, grads: Some(grads), grad_divisor: 3.0 }
}

fn softmax<'a>(logits: &'a [f64], classes: &'a [usize], grads: &'a mut [f64]) -> SoftmaxPass<'a, f64> {
    SoftmaxPass { logits, num_classes: 10, classes, losses: None, grads: Some(grads), grad_divisor: 1.0 }
}

/// The threaded pass against the same blocks run in order on this thread, without rayon.
#[test]
fn threaded_passes_equal_the_blocks_run_one_after_another() {
    let n = 10 * kernels::BLOCK + 1230;
    let (logits, targets, classes) = inputs::<f64>(n);
    let fused = Level::best().is_fused();
    let (mut threaded, mut in_order) = (vec![0.0; n], vec![0.0; n]);
    let a = in_pool(3, || binary(&logits, &targets, &mut threaded).run());
    let pass = binary(&logits, &targets, &mut in_order);
    let b = if fused { pass.run_with::<Fused>() } else { pass.run_with::<Unfused>() };
    assert_eq!((a.sum.value().to_bits(), a.positives), (b.sum.value().to_bits(), b.positives));
    assert!(threaded == in_order);
    let m = classes.len() * 10;
    let (mut threaded, mut in_order) = (vec![0.0; m], vec![0.0; m]);
    let a = in_pool(2, || softmax(&logits[..m], &classes, &mut threaded).run());
    let pass = softmax(&logits[..m], &classes, &mut in_order);
    let b = if fused { pass.run_with::<Fused>() } else { pass.run_with::<Unfused>() };
    assert_eq!(a.sum.value().to_bits(), b.sum.value().to_bits());
    assert!(threaded == in_order);
}
