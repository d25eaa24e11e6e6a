//! The larger run of the focal-loss-at-work experiment, with its tables.
//!
//! ```text
//! cargo run -p detection --release --example focal_table            # Setup::release()
//! cargo run -p detection --release --example focal_table -- chapter # the chapter's setup
//! ```

use std::time::Instant;

use detection::experiment::{Setup, results};
use detection::model::Architecture;
use detection::train::LossSpec;

fn name(architecture: Architecture) -> String {
    match architecture {
        Architecture::Logistic => "logistic regression".to_owned(),
        Architecture::Quadratic => "logistic regression on quadratic features".to_owned(),
        Architecture::Mlp { hidden } => format!("network, {hidden} hidden ReLUs"),
    }
}

fn main() -> Result<(), losses::LossError> {
    let setup = if std::env::args().nth(1).as_deref() == Some("chapter") { Setup::chapter() } else { Setup::release() };
    let started = Instant::now();
    let results = results(&setup)?;
    let elapsed = started.elapsed();
    println!(
        "{} training anchors ({} positives), {} held out, {} steps, {} runs",
        results.train.len(),
        setup.toy.positives,
        results.test.len(),
        setup.steps,
        results.runs.len()
    );
    for &architecture in &setup.architectures {
        println!("\n{}: held-out AP (best α for each γ; α chosen on the held-out split)", name(architecture));
        println!("{:>6} {:>6} {:>7}", "γ", "α", "AP");
        for row in results.table(architecture) {
            let alpha = row.alpha.map_or("-".to_owned(), |a| format!("{a}"));
            println!("{:>6} {:>6} {:>7.3}", row.gamma, alpha, row.ap);
        }
        println!("every run (γ, α: AP):");
        for run in results.runs.iter().filter(|r| r.architecture == architecture && r.prior) {
            let alpha = run.loss.alpha.map_or("-".to_owned(), |a| format!("{a}"));
            let last = run.trained.checkpoints.last().map_or(f64::NAN, |c| c.easiest_negatives_share);
            println!(
                "  γ = {:<4} α = {:<5} AP {:.3}  easiest-90% share at the end {:.4}",
                run.loss.gamma, alpha, run.ap, last
            );
        }
        for &loss in &setup.without_prior {
            for prior in [true, false] {
                let Some(run) = results.run(architecture, loss, prior) else { continue };
                let losses: Vec<String> =
                    run.trained.checkpoints.iter().map(|c| format!("{}:{:.3}", c.step, c.loss)).collect();
                let shares: Vec<String> = run
                    .trained
                    .checkpoints
                    .iter()
                    .map(|c| format!("{}:{:.3}", c.step, c.easiest_negatives_share))
                    .collect();
                println!(
                    "γ = {} α = {:?} prior {prior}: AP {:.3}, diverged {:?}\n  loss {}\n  easiest-90% share {}",
                    loss.gamma,
                    loss.alpha,
                    run.ap,
                    run.trained.diverged_at,
                    losses.join(" "),
                    shares.join(" ")
                );
            }
        }
        let _ = LossSpec::CROSS_ENTROPY;
    }
    println!("\ntrained in {elapsed:.2?}");
    Ok(())
}
