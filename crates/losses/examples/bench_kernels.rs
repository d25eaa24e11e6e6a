//! The elementary kernels alone, against the scalar `std` calls they replace: ns per element,
//! interleaved rounds, median and range.
//!
//! ```text
//! taskset -c 0 cargo run --release -p losses --example bench_kernels [-- ROUNDS]
//! ```
//!
//! Each round runs every (kernel, variant) once over the same 10⁶ inputs, in an order that rotates
//! from round to round, so that a burst of load from elsewhere on the machine spreads over all
//! variants instead of landing on one. Variants: the kernel at each instruction-set level this CPU
//! supports (`best` is what `kernels::run` picks), and the scalar loop over `std`'s libm calls
//! (for f32: what the crate's f32 losses call today, f64 libm on the widened value, and `f32`'s own
//! libm where there is one).

use losses::kernels::{self, FocalFactor, Kernel, Level, Log1pUnit, Sigmoid, SoftplusPair};
use std::hint::black_box;
use std::time::Instant;

const N: usize = 1_000_000;

#[path = "../benches/common/xorshift.rs"]
mod xorshift;
use xorshift::Rng;

type Job = Box<dyn FnMut()>;

/// One row of the table: a kernel and its variants.
struct Case {
    name: String,
    variants: Vec<(String, Job)>,
}

fn at_level<K: Kernel>(level: Level, kernel: K) {
    if kernels::run_at(level, kernel).is_err() {
        unreachable!("only supported levels are benchmarked");
    }
}

fn levels() -> Vec<Level> {
    [Level::Avx512, Level::Avx2Fma, Level::Avx2Unfused, Level::Build].into_iter().filter(|l| l.is_supported()).collect()
}

/// One variant per supported level, each with its own buffers (`make` builds the job).
fn per_level(variants: &mut Vec<(String, Job)>, make: impl Fn(Level) -> Job) {
    for level in levels() {
        variants.push((level.name().to_string(), make(level)));
    }
}

fn cases<F>(ty: &'static str, to: fn(f64) -> F, std_f32: bool) -> Vec<Case>
where
    F: kernels::KernelFloat + Into<f64> + Default,
{
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let x: Vec<F> = (0..N).map(|_| to(16.0 * rng.next_f64() - 8.0)).collect();
    let unit: Vec<F> = (0..N).map(|_| to(rng.next_f64())).collect();
    let widen = |v: F| -> f64 { v.into() };
    let mut cases = vec![];

    // exp
    let mut variants: Vec<(String, Job)> = vec![];
    per_level(&mut variants, |level| {
        let (x, mut out) = (x.clone(), vec![F::default(); N]);
        Box::new(move || at_level(level, kernels::Exp { x: black_box(&x), out: &mut out }))
    });
    {
        let (x, mut out) = (x.clone(), vec![F::default(); N]);
        variants.push((
            "std (f64 libm)".into(),
            Box::new(move || {
                for (o, &v) in out.iter_mut().zip(black_box(&x)) {
                    *o = to(widen(v).exp());
                }
            }),
        ));
    }
    if std_f32 {
        let x32: Vec<f32> = x.iter().map(|&v| widen(v) as f32).collect();
        let mut out = vec![0.0_f32; N];
        variants.push((
            "std (f32 libm)".into(),
            Box::new(move || {
                for (o, &v) in out.iter_mut().zip(black_box(&x32)) {
                    *o = v.exp();
                }
            }),
        ));
    }
    cases.push(Case { name: format!("exp {ty}"), variants });

    // ln(1 + e), e ∈ [0, 1]
    let mut variants: Vec<(String, Job)> = vec![];
    per_level(&mut variants, |level| {
        let (e, mut out) = (unit.clone(), vec![F::default(); N]);
        Box::new(move || at_level(level, Log1pUnit { e: black_box(&e), out: &mut out }))
    });
    {
        let (e, mut out) = (unit.clone(), vec![F::default(); N]);
        variants.push((
            "std (f64 libm)".into(),
            Box::new(move || {
                for (o, &v) in out.iter_mut().zip(black_box(&e)) {
                    *o = to(widen(v).ln_1p());
                }
            }),
        ));
    }
    cases.push(Case { name: format!("log1p on [0,1] {ty}"), variants });

    // softplus pair
    let mut variants: Vec<(String, Job)> = vec![];
    per_level(&mut variants, |level| {
        let (x, mut e, mut l) = (x.clone(), vec![F::default(); N], vec![F::default(); N]);
        Box::new(move || at_level(level, SoftplusPair { x: black_box(&x), e: &mut e, l: &mut l }))
    });
    {
        let (x, mut e_out, mut l_out) = (x.clone(), vec![F::default(); N], vec![F::default(); N]);
        variants.push((
            "std (f64 libm)".into(),
            Box::new(move || {
                for ((eo, lo), &v) in e_out.iter_mut().zip(l_out.iter_mut()).zip(black_box(&x)) {
                    let e = (-widen(v).abs()).exp();
                    *eo = to(e);
                    *lo = to(e.ln_1p());
                }
            }),
        ));
    }
    cases.push(Case { name: format!("softplus pair {ty}"), variants });

    // sigmoid
    let mut variants: Vec<(String, Job)> = vec![];
    per_level(&mut variants, |level| {
        let (x, mut out) = (x.clone(), vec![F::default(); N]);
        Box::new(move || at_level(level, Sigmoid { x: black_box(&x), out: &mut out }))
    });
    {
        let (x, mut out) = (x.clone(), vec![F::default(); N]);
        variants.push((
            "std (f64 libm)".into(),
            Box::new(move || {
                for (o, &v) in out.iter_mut().zip(black_box(&x)) {
                    *o = to(losses::activation::sigmoid(widen(v)));
                }
            }),
        ));
    }
    cases.push(Case { name: format!("sigmoid {ty}"), variants });

    // focal factor σ(−x_t)^γ, γ = 2 and γ = 1.7 (no product form)
    for gamma in [2.0, 1.7] {
        let mut variants: Vec<(String, Job)> = vec![];
        per_level(&mut variants, |level| {
            let (x, mut out) = (x.clone(), vec![F::default(); N]);
            Box::new(move || {
                at_level(level, FocalFactor { x_t: black_box(&x), gamma: to(black_box(gamma)), out: &mut out })
            })
        });
        {
            let (x, mut out) = (x.clone(), vec![F::default(); N]);
            let g = widen(to(gamma));
            variants.push((
                "std (f64 libm)".into(),
                Box::new(move || {
                    for (o, &v) in out.iter_mut().zip(black_box(&x)) {
                        // σ(−x_t)^γ = exp(−γ softplus(x_t)), as the crate computes it today.
                        let v = widen(v);
                        let e = (-v.abs()).exp();
                        let softplus = v.max(0.0) + e.ln_1p();
                        *o = to((-(black_box(g) * softplus)).exp());
                    }
                }),
            ));
        }
        cases.push(Case { name: format!("focal factor γ={gamma} {ty}"), variants });
    }
    cases
}

fn median_and_range(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[0], samples[samples.len() - 1])
}

fn main() {
    let rounds: usize = std::env::args().nth(1).map_or(15, |s| s.parse().expect("ROUNDS is a number"));
    println!("kernels::run level on this CPU: {}", Level::best().name());
    println!("{N} elements, {rounds} interleaved rounds; ns/element: median [min – max]\n");
    let mut all = cases::<f32>("f32", |v| v as f32, true);
    all.extend(cases::<f64>("f64", |v| v, false));
    for case in &mut all {
        let mut times: Vec<Vec<f64>> = vec![vec![]; case.variants.len()];
        for (_, job) in case.variants.iter_mut() {
            job(); // warm-up: page in the buffers
        }
        for round in 0..rounds {
            let n = case.variants.len();
            for j in 0..n {
                let v = (j + round) % n;
                let start = Instant::now();
                (case.variants[v].1)();
                times[v].push(start.elapsed().as_nanos() as f64 / N as f64);
            }
        }
        println!("{}", case.name);
        let std_median = {
            let i = case.variants.iter().position(|(name, _)| name.starts_with("std (f64")).unwrap();
            median_and_range(&mut times[i].clone()).0
        };
        for ((name, _), t) in case.variants.iter().zip(&mut times) {
            let (median, min, max) = median_and_range(t);
            println!(
                "  {name:<24} {median:7.2} [{min:6.2} – {max:6.2}]   {:5.1}× vs std (f64 libm)",
                std_median / median
            );
        }
    }
}
