//! Training from scratch: full-batch Adam steps over every anchor, the gradient of the loss with
//! respect to each logit coming from the `losses` batch functions, normalised by the number of
//! positives as RetinaNet does.
//!
//! Why Adam (Kingma and Ba, 2015, with their default β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸) and not the
//! paper's SGD: the losses compared here have gradients of very different sizes (the focal loss
//! with γ = 5 is orders of magnitude below the cross-entropy on the same anchors), and the
//! quadratic features have different scales (x₁² reaches 16). With one step size for every loss,
//! plain gradient descent either diverges on the largest gradients or barely moves on the
//! smallest, and the comparison measures the step size. Adam divides each parameter's step by the
//! running size of its gradient, so one step size serves every loss. The price: a huge first
//! gradient (no prior initialisation) no longer makes a huge first step.

use losses::{BinaryReduction, FocalParams, LossError, Reduction, focal_loss_with_logits_batch};

use crate::model::{Architecture, Model};
use crate::toy::Anchors;

/// Which loss: the α-balanced focal loss −α_t (1 − p_t)^γ ln p_t, which is the cross-entropy for
/// γ = 0 and no α, and the α-balanced cross-entropy for γ = 0 with α.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossSpec {
    /// γ.
    pub gamma: f64,
    /// α, or `None` for no class weights.
    pub alpha: Option<f64>,
}

impl LossSpec {
    /// The cross-entropy: γ = 0, no α.
    pub const CROSS_ENTROPY: Self = Self { gamma: 0.0, alpha: None };

    /// The `losses` parameters of this loss.
    ///
    /// # Errors
    /// [`LossError::InvalidGamma`] / [`LossError::InvalidAlpha`].
    pub fn params(&self) -> Result<FocalParams<f64>, LossError> {
        match self.alpha {
            None => FocalParams::new(self.gamma),
            Some(alpha) => FocalParams::balanced(self.gamma, alpha),
        }
    }
}

/// The bias b = −ln((1 − π)/π) with σ(b) = π (Lin et al. 2017, §3.3).
///
/// # Examples
/// ```
/// let b = detection::train::prior_bias(0.01);
/// assert!((1.0 / (1.0 + (-b).exp()) - 0.01).abs() < 1e-15);
/// ```
pub fn prior_bias(pi: f64) -> f64 {
    -((1.0 - pi) / pi).ln()
}

/// How to train one model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// The model.
    pub architecture: Architecture,
    /// The loss.
    pub loss: LossSpec,
    /// The prior π of the output bias initialisation, or `None` for b = 0.
    pub prior: Option<f64>,
    /// Gradient steps (each over every anchor).
    pub steps: usize,
    /// Adam's step size η.
    pub learning_rate: f64,
    /// The seed of the model's initial weights.
    pub seed: u64,
}

/// The state of training after a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checkpoint {
    /// Steps taken so far (0: at initialisation).
    pub step: usize,
    /// The training loss (normalised by the number of positives).
    pub loss: f64,
    /// The share of that loss carried by the easiest 90 % of the negatives (those with the
    /// smallest losses).
    pub easiest_negatives_share: f64,
}

/// A trained model and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    /// The model after the last step.
    pub model: Model,
    /// The checkpoints asked for, in order.
    pub checkpoints: Vec<Checkpoint>,
    /// The first step after which a parameter was no longer finite, if any: training stopped there.
    pub diverged_at: Option<usize>,
}

/// Adam's β₁.
const ADAM_BETA1: f64 = 0.9;
/// Adam's β₂.
const ADAM_BETA2: f64 = 0.999;
/// Adam's ε.
const ADAM_EPSILON: f64 = 1e-8;

/// The fraction of negatives counted as the easiest in [`Checkpoint::easiest_negatives_share`].
pub const EASIEST_FRACTION: f64 = 0.9;

/// The training loss and the easiest negatives' share of it.
///
/// # Errors
/// As [`focal_loss_with_logits_batch`].
pub fn loss_and_easy_share(logits: &[f64], anchors: &Anchors, loss: LossSpec) -> Result<(f64, f64), LossError> {
    let per_anchor = focal_loss_with_logits_batch(logits, &anchors.targets, loss.params()?, Reduction::None)?;
    let values = per_anchor.per_example().expect("Reduction::None keeps every value");
    let mut negatives: Vec<f64> =
        values.iter().zip(&anchors.targets).filter(|&(_, &t)| t == 0.0).map(|(&l, _)| l).collect();
    negatives.sort_by(f64::total_cmp);
    let easiest = (EASIEST_FRACTION * negatives.len() as f64).round() as usize;
    let total: f64 = values.iter().sum();
    let positives = anchors.targets.iter().filter(|&&t| t == 1.0).count() as f64;
    let share = if total > 0.0 { negatives[..easiest].iter().sum::<f64>() / total } else { 0.0 };
    Ok((total / positives, share))
}

/// Trains a model on `anchors`, recording a [`Checkpoint`] at each step in `record_at` (0 is the
/// initialisation).
///
/// Each step: the logits of every anchor; their gradients from
/// [`focal_loss_with_logits_grad_batch`](losses::focal_loss_with_logits_grad_batch) with
/// [`BinaryReduction::SumOverPositives`]; the chain rule to the parameters; an Adam step.
///
/// # Errors
/// A [`LossError`] only for inputs the losses refuse (not for a diverging run: that is
/// [`Trained::diverged_at`]).
///
/// # Examples
/// ```
/// use detection::model::Architecture;
/// use detection::toy::{Anchors, ToyConfig};
/// use detection::train::{train, LossSpec, TrainConfig};
/// let anchors = Anchors::generate(&ToyConfig::with_positives(2), 5);
/// let config = TrainConfig {
///     architecture: Architecture::Logistic,
///     loss: LossSpec { gamma: 2.0, alpha: Some(0.25) },
///     prior: Some(0.01),
///     steps: 20,
///     learning_rate: 0.1,
///     seed: 1,
/// };
/// let trained = train(&anchors, &config, &[0, 20])?;
/// assert!(trained.checkpoints[1].loss < trained.checkpoints[0].loss);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn train(anchors: &Anchors, config: &TrainConfig, record_at: &[usize]) -> Result<Trained, LossError> {
    let bias = config.prior.map_or(0.0, prior_bias);
    let mut model = Model::new(config.architecture, config.seed, bias);
    let params = config.loss.params()?;
    let mut first = vec![0.0; model.parameters().len()];
    let mut second = vec![0.0; model.parameters().len()];
    let (mut beta1_t, mut beta2_t) = (1.0, 1.0);
    let mut checkpoints = Vec::new();
    let mut record = |step: usize, logits: &[f64]| -> Result<(), LossError> {
        if record_at.contains(&step) {
            let (loss, easiest_negatives_share) = loss_and_easy_share(logits, anchors, config.loss)?;
            checkpoints.push(Checkpoint { step, loss, easiest_negatives_share });
        }
        Ok(())
    };
    let mut activations = Vec::new();
    for step in 0..config.steps {
        let logits = model.forward(&anchors.features, &mut activations);
        record(step, &logits)?;
        let grads = losses::focal_loss_with_logits_grad_batch(
            &logits,
            &anchors.targets,
            params,
            BinaryReduction::SumOverPositives,
        )?;
        let g = model.parameter_gradient(&anchors.features, &activations, &grads);
        // Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η m̂ / (√v̂ + ε) with the bias
        // corrections m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) (β^t kept as a running product).
        beta1_t *= ADAM_BETA1;
        beta2_t *= ADAM_BETA2;
        for ((m, v), g) in first.iter_mut().zip(second.iter_mut()).zip(&g) {
            *m = ADAM_BETA1 * *m + (1.0 - ADAM_BETA1) * g;
            *v = ADAM_BETA2 * *v + (1.0 - ADAM_BETA2) * g * g;
        }
        let step_vector: Vec<f64> = first
            .iter()
            .zip(&second)
            .map(|(m, v)| config.learning_rate * (m / (1.0 - beta1_t)) / ((v / (1.0 - beta2_t)).sqrt() + ADAM_EPSILON))
            .collect();
        model.subtract(&step_vector);
        if model.parameters().iter().any(|p| !p.is_finite()) {
            return Ok(Trained { model, checkpoints, diverged_at: Some(step + 1) });
        }
    }
    let logits = model.logits(&anchors.features);
    record(config.steps, &logits)?;
    Ok(Trained { model, checkpoints, diverged_at: None })
}
