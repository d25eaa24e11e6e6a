//! The other side of the self-test: right answers written differently from the reference
//! solutions must pass too. Each is a way a careful learner could reasonably write the answer (the
//! direct formula where it is accurate enough, the other stable form of chapter 9, …); a check
//! that rejected one would be demanding more than its task states.

use exercises::check::{Cases, Failure};
use exercises::checks;
use exercises::grade::{Outcome, grade};
use losses::Label;

fn passes<F>(check: fn(F, &mut Cases) -> Result<(), Failure>, implementation: F) {
    match grade(|cases| check(implementation, cases)) {
        Outcome::Passed { .. } => {}
        other => panic!("a right answer is rejected: {other:?}"),
    }
}

fn sigma(z: f64) -> f64 {
    if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) }
}

fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

#[test]
fn chapter_2_with_powi_and_a_loop() {
    passes(checks::ch02::sum_of_squared_errors, |y, y_hat| {
        let mut sum = 0.0;
        for i in 0..y.len() {
            sum += (y[i] - y_hat[i]).powi(2);
        }
        sum
    });
    passes(checks::ch02::residual_standard_error, |y, y_hat, p| {
        if y.len() <= p + 1 {
            return None;
        }
        let sse: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum();
        Some((sse / (y.len() - p - 1) as f64).sqrt())
    });
}

#[test]
fn chapter_3_with_the_logarithm_split() {
    passes(checks::ch03::kl_divergence, |p, q| {
        let mut sum = 0.0;
        for (&pi, &qi) in p.iter().zip(q) {
            if pi > 0.0 {
                sum += pi * pi.ln() - pi * qi.ln(); // ln q = −∞ gives +∞
            }
        }
        sum
    });
}

#[test]
fn chapter_4_with_the_other_softplus_branching() {
    passes(checks::ch04::binary_cross_entropy_with_logits, |x, label| {
        let x_t = label.sign::<f64>() * x;
        if x_t >= 0.0 { (-x_t).exp().ln_1p() } else { -x_t + x_t.exp().ln_1p() }
    });
    passes(checks::ch04::softmax_cross_entropy, |z, c| {
        let m = z.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let mut sum = 0.0;
        for &zi in z {
            sum += (zi - m).exp();
        }
        m - z[c] + sum.ln()
    });
}

#[test]
fn chapter_6_and_8_with_the_direct_formulas() {
    // 1 − p rounded before the logarithm: accurate enough for the 10⁻¹⁰ of this task.
    passes(checks::ch06::focal_loss, |p, label, gamma| {
        let p_t = if label == Label::Positive { p } else { 1.0 - p };
        if p_t == 1.0 { 0.0 } else { -(1.0 - p_t).powf(gamma) * p_t.ln() }
    });
    passes(checks::ch08::prior_bias, |pi| -((1.0 - pi) / pi).ln());
}

#[test]
fn chapter_7_and_9_in_log_space() {
    // (1 − p_t)^γ = e^(−γ softplus(x_t)): chapter 9's second stable form.
    passes(checks::ch07::focal_loss_grad, |x, label, gamma| {
        let y = label.sign::<f64>();
        let x_t = y * x;
        if x_t.is_infinite() {
            return if x_t > 0.0 { 0.0 } else { -y };
        }
        let factor = (-gamma * softplus(x_t)).exp();
        -y * factor * (gamma * sigma(x_t) * softplus(-x_t) + sigma(-x_t))
    });
    passes(checks::ch09::focal_loss_with_logits, |x, label, gamma| {
        let x_t = label.sign::<f64>() * x;
        let cross_entropy = softplus(-x_t);
        if cross_entropy == 0.0 || cross_entropy.is_infinite() {
            return cross_entropy;
        }
        (-gamma * softplus(x_t)).exp() * cross_entropy
    });
    passes(checks::ch09::sigmoid_complement, |x| 1.0 / (1.0 + x.exp()));
    passes(checks::ch09::sigmoid_rounds_to_one_f32, || (24.0 * std::f64::consts::LN_2) as f32);
}
