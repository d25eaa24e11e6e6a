//! The chapter's experiment: every loss of the grid trained on the same anchors, evaluated on a
//! held-out set of anchors drawn from another seed.
//!
//! [`results`] runs a [`Setup`] once per process and keeps the result (the runs are deterministic,
//! so a second run would give the same numbers): the chapter's code blocks, its figures and the
//! notebook cells all ask for [`Setup::chapter`], and it is trained once.

use std::sync::{Arc, Mutex};

use losses::metrics::{PrecisionRecallCurve, average_precision, precision_recall_curve};
use losses::{FocalParams, LossError, Reduction, focal_loss_with_logits_batch};

use crate::model::Architecture;
use crate::toy::{Anchors, ToyConfig};
use crate::train::{LossSpec, TrainConfig, Trained, train};

/// Everything that fixes an experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// The training anchors.
    pub toy: ToyConfig,
    /// The held-out anchors (more positives than training: AP moves by 1/P per positive, and
    /// evaluating is cheap).
    pub test_toy: ToyConfig,
    /// Seed of the training anchors.
    pub train_seed: u64,
    /// Seed of the held-out anchors.
    pub test_seed: u64,
    /// Seed of the models' initial weights (the same for every loss).
    pub init_seed: u64,
    /// The models.
    pub architectures: Vec<Architecture>,
    /// The γ of the grid (0 included: the α-balanced cross-entropy).
    pub gammas: Vec<f64>,
    /// The α each γ is tried with.
    pub alphas: Vec<f64>,
    /// The losses also trained without the prior initialisation (b = 0).
    pub without_prior: Vec<LossSpec>,
    /// π of the prior initialisation.
    pub prior: f64,
    /// Gradient steps.
    pub steps: usize,
    /// Adam's step size η.
    pub learning_rate: f64,
    /// The steps at which the training loss is recorded (0: initialisation), for the losses of
    /// [`Setup::without_prior`], with the prior and without.
    pub checkpoints: Vec<usize>,
}

/// The losses trained with and without the prior in both setups: the cross-entropy and
/// RetinaNet's γ = 2, α = 0.25.
const WITHOUT_PRIOR: [LossSpec; 2] = [LossSpec::CROSS_ENTROPY, LossSpec { gamma: 2.0, alpha: Some(0.25) }];

impl Setup {
    /// The chapter's setup, small enough for the doctests: 10 010 training anchors (10 positives),
    /// 100 100 held out (100 positives), the quadratic logistic regression, α ∈ {0.25, 0.5, 0.75},
    /// 300 Adam steps of size 0.3.
    pub fn chapter() -> Self {
        Self {
            toy: ToyConfig::with_positives(10),
            test_toy: ToyConfig::with_positives(100),
            train_seed: 1,
            test_seed: 2,
            init_seed: 3,
            architectures: vec![Architecture::Quadratic],
            gammas: vec![0.0, 0.5, 1.0, 2.0, 5.0],
            alphas: vec![0.25, 0.5, 0.75],
            without_prior: WITHOUT_PRIOR.to_vec(),
            prior: 0.01,
            steps: 300,
            learning_rate: 0.3,
            checkpoints: vec![0, 1, 2, 5, 10, 20, 50, 100, 200, 300],
        }
    }

    /// The larger run of the release example: 5 times the training anchors, all three models, the
    /// α of the paper's Table 1a up to 0.9, more steps.
    pub fn release() -> Self {
        Self {
            toy: ToyConfig::with_positives(50),
            test_toy: ToyConfig::with_positives(500),
            architectures: vec![Architecture::Logistic, Architecture::Quadratic, Architecture::Mlp { hidden: 8 }],
            alphas: vec![0.1, 0.25, 0.5, 0.75, 0.9],
            steps: 600,
            checkpoints: vec![0, 1, 2, 5, 10, 20, 50, 100, 200, 300, 600],
            ..Self::chapter()
        }
    }
}

/// One trained model and its score on the held-out anchors.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The model.
    pub architecture: Architecture,
    /// The loss it was trained with.
    pub loss: LossSpec,
    /// Whether the output bias started at the prior.
    pub prior: bool,
    /// The training run (final model, checkpoints, divergence).
    pub trained: Trained,
    /// The logit of every held-out anchor.
    pub test_logits: Vec<f64>,
    /// Average precision on the held-out anchors (0 if training diverged).
    pub ap: f64,
}

/// One row of the chapter's table: a loss and its held-out AP.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableRow {
    /// γ.
    pub gamma: f64,
    /// α (`None`: the plain cross-entropy).
    pub alpha: Option<f64>,
    /// Held-out average precision.
    pub ap: f64,
}

/// Every run of a [`Setup`], and the anchors they were trained and evaluated on.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The setup.
    pub setup: Setup,
    /// The training anchors.
    pub train: Anchors,
    /// The held-out anchors.
    pub test: Anchors,
    /// Every run: for each model, the cross-entropy, every (γ, α) of the grid, then the losses
    /// trained without the prior.
    pub runs: Vec<Run>,
}

impl Results {
    /// The run of `architecture` trained with `loss`, with or without the prior.
    pub fn run(&self, architecture: Architecture, loss: LossSpec, prior: bool) -> Option<&Run> {
        self.runs.iter().find(|r| r.architecture == architecture && r.loss == loss && r.prior == prior)
    }

    /// For γ, the run (with the prior) whose α gives the best held-out AP; the first α of the grid
    /// on a tie. Like the paper's Table 1, α is chosen on the split that reports the AP.
    pub fn best_alpha(&self, architecture: Architecture, gamma: f64) -> Option<&Run> {
        self.runs
            .iter()
            .filter(|r| r.architecture == architecture && r.prior && r.loss.gamma == gamma && r.loss.alpha.is_some())
            .fold(None, |best: Option<&Run>, r| match best {
                Some(b) if b.ap >= r.ap => Some(b),
                _ => Some(r),
            })
    }

    /// The table in the shape of the paper's Table 1: the cross-entropy, then every γ with its best α.
    pub fn table(&self, architecture: Architecture) -> Vec<TableRow> {
        let mut rows = Vec::new();
        if let Some(ce) = self.run(architecture, LossSpec::CROSS_ENTROPY, true) {
            rows.push(TableRow { gamma: 0.0, alpha: None, ap: ce.ap });
        }
        for &gamma in &self.setup.gammas {
            if let Some(best) = self.best_alpha(architecture, gamma) {
                rows.push(TableRow { gamma, alpha: best.loss.alpha, ap: best.ap });
            }
        }
        rows
    }

    /// The held-out precision–recall curve of a run.
    ///
    /// # Errors
    /// As [`precision_recall_curve`].
    pub fn curve(&self, run: &Run) -> Result<PrecisionRecallCurve<f64>, LossError> {
        precision_recall_curve(&run.test_logits, &self.test.targets)
    }
}

/// Trains every run of `setup`.
///
/// # Errors
/// A [`LossError`] only if a loss refuses its input (a bug; diverging runs are recorded).
pub fn run_setup(setup: &Setup) -> Result<Results, LossError> {
    let train_anchors = Anchors::generate(&setup.toy, setup.train_seed);
    let test = Anchors::generate(&setup.test_toy, setup.test_seed);
    let mut runs = Vec::new();
    for &architecture in &setup.architectures {
        let mut losses = vec![(LossSpec::CROSS_ENTROPY, true)];
        for &gamma in &setup.gammas {
            for &alpha in &setup.alphas {
                losses.push((LossSpec { gamma, alpha: Some(alpha) }, true));
            }
        }
        losses.extend(setup.without_prior.iter().map(|&loss| (loss, false)));
        for (loss, prior) in losses {
            let config = TrainConfig {
                architecture,
                loss,
                prior: prior.then_some(setup.prior),
                steps: setup.steps,
                learning_rate: setup.learning_rate,
                seed: setup.init_seed,
            };
            // The training loss is recorded for the losses compared with and without the prior.
            let record = if setup.without_prior.contains(&loss) { setup.checkpoints.as_slice() } else { &[] };
            let trained = train(&train_anchors, &config, record)?;
            let test_logits = trained.model.logits(&test.features);
            let ap = if trained.diverged_at.is_some() { 0.0 } else { average_precision(&test_logits, &test.targets)? };
            runs.push(Run { architecture, loss, prior, trained, test_logits, ap });
        }
    }
    Ok(Results { setup: setup.clone(), train: train_anchors, test, runs })
}

/// The results of `setup`, trained on the first call in this process and kept.
///
/// # Errors
/// As [`run_setup`].
pub fn results(setup: &Setup) -> Result<Arc<Results>, LossError> {
    static DONE: Mutex<Vec<Arc<Results>>> = Mutex::new(Vec::new());
    let mut done = DONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = done.iter().find(|r| &r.setup == setup) {
        return Ok(Arc::clone(found));
    }
    let fresh = Arc::new(run_setup(setup)?);
    done.push(Arc::clone(&fresh));
    Ok(fresh)
}

/// The paper's Figure 4 for one model: the loss FL(γ) of every positive (or negative) held-out
/// anchor, sorted from the smallest, as a cumulative fraction of their total. Entry i is the share
/// of the loss carried by the i + 1 easiest anchors; the last entry is 1.
///
/// # Errors
/// As [`focal_loss_with_logits_batch`].
pub fn cumulative_loss(results: &Results, run: &Run, gamma: f64, positives: bool) -> Result<Vec<f64>, LossError> {
    let target = if positives { 1.0 } else { 0.0 };
    let (logits, targets): (Vec<f64>, Vec<f64>) =
        run.test_logits.iter().zip(&results.test.targets).filter(|&(_, &t)| t == target).map(|(&z, &t)| (z, t)).unzip();
    let per_anchor = focal_loss_with_logits_batch(&logits, &targets, FocalParams::new(gamma)?, Reduction::None)?;
    Ok(cumulative_share(per_anchor.per_example().expect("Reduction::None keeps every value")))
}

/// C(k) = Σ_{j≤k} ℓ_(j) / Σ_j ℓ_(j) for the losses sorted from the smallest: entry k − 1 is the
/// share of the total carried by the k smallest.
///
/// # Examples
/// ```
/// let c = detection::experiment::cumulative_share(&[3.0, 1.0, 0.0, 4.0]);
/// assert_eq!(c, vec![0.0, 0.125, 0.5, 1.0]);
/// ```
pub fn cumulative_share(losses: &[f64]) -> Vec<f64> {
    let mut values = losses.to_vec();
    values.sort_by(f64::total_cmp);
    let total: f64 = values.iter().sum();
    let mut running = 0.0;
    values
        .iter()
        .map(|v| {
            running += v;
            running / total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Setup {
        Setup {
            toy: ToyConfig::with_positives(2),
            test_toy: ToyConfig::with_positives(3),
            architectures: vec![Architecture::Quadratic, Architecture::Mlp { hidden: 3 }],
            gammas: vec![0.0, 2.0],
            alphas: vec![0.25],
            steps: 20,
            checkpoints: vec![0, 20],
            ..Setup::chapter()
        }
    }

    #[test]
    fn the_same_setup_gives_the_same_floats() {
        let (a, b) = (run_setup(&tiny()).unwrap(), run_setup(&tiny()).unwrap());
        assert_eq!(a, b);
        // 2 models × (CE, 2 × 1 grid, 2 without the prior)
        assert_eq!(a.runs.len(), 10);
        assert!(a.runs.iter().all(|r| (0.0..=1.0).contains(&r.ap)));
    }

    #[test]
    fn results_are_kept_per_setup() {
        let first = results(&tiny()).unwrap();
        let second = results(&tiny()).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn the_table_takes_the_best_alpha_of_each_gamma() {
        let mut setup = tiny();
        setup.alphas = vec![0.25, 0.75];
        setup.architectures = vec![Architecture::Quadratic];
        let results = run_setup(&setup).unwrap();
        let table = results.table(Architecture::Quadratic);
        assert_eq!(table.len(), 3); // CE, γ = 0, γ = 2
        for row in &table[1..] {
            let best = results
                .runs
                .iter()
                .filter(|r| r.prior && r.loss.gamma == row.gamma && r.loss.alpha.is_some())
                .map(|r| r.ap)
                .fold(f64::NEG_INFINITY, f64::max);
            assert_eq!(row.ap, best);
        }
    }
}
