//! Solutions of chapter 3's exercises.

pub fn kl_divergence(p: &[f64], q: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (&pi, &qi) in p.iter().zip(q) {
        if pi == 0.0 {
            continue; // 0·ln 0 = 0
        }
        if qi == 0.0 {
            return f64::INFINITY; // p puts mass where q has none
        }
        sum += pi * (pi / qi).ln();
    }
    sum
}

pub fn kl_div_batchmean(input: &[Vec<f64>], target: &[Vec<f64>]) -> f64 {
    let mut sum = 0.0;
    for (log_q, p) in input.iter().zip(target) {
        for (&x, &pi) in log_q.iter().zip(p) {
            if pi > 0.0 {
                sum += pi * (pi.ln() - x);
            }
        }
    }
    sum / input.len() as f64
}
