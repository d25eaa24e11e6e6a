//! Checks of chapter 3's exercises.

use proptest::collection::vec;
use proptest::strategy::Strategy;

use super::distribution;
use crate::check::{Cases, Failure, Tolerance, numbers, rows};
use crate::reference as r;
use crate::text::Text;

const TOLERANCE: Tolerance = Tolerance::mixed(1e-10, 1e-12);

const ZEROS: Text = Text {
    en: "A term with pᵢ = 0 is 0 (0·ln 0 = 0): skip it; a term with qᵢ = 0 < pᵢ makes the divergence +∞.",
    ko: "pᵢ = 0인 항은 0입니다(0·ln 0 = 0). 건너뛰세요. qᵢ = 0 < pᵢ인 항이 있으면 발산은 +∞입니다.",
};

const ORDER: Text = Text {
    en: "KL(p ‖ q) weights by p, the first argument: Σ pᵢ ln(pᵢ/qᵢ), natural logarithm. KL is not symmetric.",
    ko: "KL(p ‖ q)는 첫 번째 인자 p로 가중합니다: Σ pᵢ ln(pᵢ/qᵢ), 자연로그. KL은 대칭이 아닙니다.",
};

const BATCHMEAN: Text = Text {
    en: "input is ln q (already a logarithm); 'batchmean' divides the sum by the number of rows N, not by N·K.",
    ko: "input은 이미 로그인 ln q입니다. 'batchmean'은 합을 N·K가 아니라 행 수 N으로 나눕니다.",
};

/// KL(p ‖ q): the coin example both ways (mpmath), the zero conventions, KL(p ‖ p) = 0, and
/// random distributions (with zeros) against `losses::kl_divergence`.
pub fn kl_divergence(f: fn(&[f64], &[f64]) -> f64, cases: &mut Cases) -> Result<(), Failure> {
    let call = |p: &[f64], q: &[f64]| format!("kl_divergence(&{}, &{})", numbers(p), numbers(q));
    let mut case = |p: &[f64], q: &[f64], expected: f64, hint: Text| {
        cases.call(|| call(p, q), || f(p, q)).hint(hint).close(expected, TOLERANCE)
    };
    let (fair, bent) = ([0.5, 0.5], [0.9, 0.1]);
    case(&fair, &bent, r::CH03_KL_COIN, ORDER)?;
    case(&bent, &fair, r::CH03_KL_COIN_REVERSED, ORDER)?;
    case(&[1.0, 0.0], &[0.5, 0.5], std::f64::consts::LN_2, ZEROS)?;
    case(&[0.5, 0.5], &[1.0, 0.0], f64::INFINITY, ZEROS)?;
    case(&[1.0, 0.0], &[1.0, 0.0], 0.0, ZEROS)?;
    case(&[0.2, 0.3, 0.5], &[0.2, 0.3, 0.5], 0.0, ORDER)?;
    cases.property((distribution(), distribution()), |cases, (p, q)| {
        let n = p.len().min(q.len());
        let (p, q) = (renormalised(&p[..n]), renormalised(&q[..n]));
        let expected = losses::kl_divergence(&p, &q).expect("distributions");
        cases.call(|| call(&p, &q), || f(&p, &q)).hint(ORDER).close(expected, TOLERANCE)
    })
}

fn renormalised(p: &[f64]) -> Vec<f64> {
    let total: f64 = p.iter().sum();
    if total == 0.0 {
        let mut uniform = vec![0.0; p.len()];
        uniform[0] = 1.0;
        return uniform;
    }
    p.iter().map(|x| x / total).collect()
}

/// The signature of [`crate::ch03::kl_div_batchmean`].
pub type KlDivBatchmean = fn(&[Vec<f64>], &[Vec<f64>]) -> f64;

/// `kl_div(input = ln q, target = p, reduction='batchmean')`: chapter 3's batch (mpmath), a row
/// with zeros in p, and random batches against the mean of `losses::kl_divergence` per row.
pub fn kl_div_batchmean(f: KlDivBatchmean, cases: &mut Cases) -> Result<(), Failure> {
    let call =
        |input: &[Vec<f64>], target: &[Vec<f64>]| format!("kl_div_batchmean(&{}, &{})", rows(input), rows(target));
    let logs =
        |rows: &[Vec<f64>]| -> Vec<Vec<f64>> { rows.iter().map(|r| r.iter().map(|q| q.ln()).collect()).collect() };
    let p = vec![vec![0.7, 0.2, 0.1], vec![0.1, 0.1, 0.8]];
    let input = logs(&[vec![0.5, 0.3, 0.2], vec![0.2, 0.2, 0.6]]);
    cases.call(|| call(&input, &p), || f(&input, &p)).hint(BATCHMEAN).close(r::CH03_BATCHMEAN, TOLERANCE)?;
    let p = vec![vec![1.0, 0.0, 0.0], vec![0.5, 0.5, 0.0]];
    let input = logs(&[vec![0.5, 0.25, 0.25], vec![0.25, 0.5, 0.25]]);
    let expected = (std::f64::consts::LN_2 + 0.5 * (2.0_f64.ln() + 1.0_f64.ln())) / 2.0;
    cases.call(|| call(&input, &p), || f(&input, &p)).hint(ZEROS).close(expected, TOLERANCE)?;
    let batch = (1..4_usize, 2..6_usize).prop_flat_map(|(n, k)| vec((distribution_of(k), distribution_of(k)), n));
    cases.property(batch, |cases, rows_pq| {
        let target: Vec<Vec<f64>> = rows_pq.iter().map(|(p, _)| p.clone()).collect();
        let input: Vec<Vec<f64>> = rows_pq.iter().map(|(_, q)| q.iter().map(|x| x.ln()).collect()).collect();
        let kl: f64 = rows_pq.iter().map(|(p, q)| losses::kl_divergence(p, q).expect("distributions")).sum();
        let expected = kl / rows_pq.len() as f64;
        cases.call(|| call(&input, &target), || f(&input, &target)).hint(BATCHMEAN).close(expected, TOLERANCE)
    })
}

/// Distributions of exactly `k` entries, some exactly 0 (in q that makes ln q = −∞ and, where
/// p > 0, the divergence +∞).
fn distribution_of(k: usize) -> impl Strategy<Value = Vec<f64>> {
    vec(proptest::prop_oneof![1 => proptest::strategy::Just(0.0), 4 => 0.001..1.0_f64], k).prop_map(|w| {
        let total: f64 = w.iter().sum();
        if total == 0.0 { vec![1.0 / w.len() as f64; w.len()] } else { w.iter().map(|x| x / total).collect() }
    })
}
