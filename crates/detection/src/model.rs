//! The two models: a logistic regression and a network with one hidden layer of ReLUs, each a
//! map from a 2-D feature to one logit, with the gradient of a loss with respect to their
//! parameters (backpropagation by hand: no framework).

use crate::rng::SplitMix64;

/// Which model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Architecture {
    /// z = w·x + b: 3 parameters.
    Logistic,
    /// Logistic regression on the quadratic features φ(x) = (x₁, x₂, x₁², x₁x₂, x₂²):
    /// z = w·φ(x) + b, 6 parameters. Still linear in its parameters (a convex problem for every
    /// loss here), and its level sets are conics, so it can draw a circle around the positives.
    Quadratic,
    /// z = Σ_j v_j max(0, W_j·x + c_j) + b with `hidden` units: 4·hidden + 1 parameters.
    Mlp {
        /// Number of hidden units.
        hidden: usize,
    },
}

impl Architecture {
    /// Number of parameters. The last one is always the output bias b.
    pub fn parameters(self) -> usize {
        match self {
            Architecture::Logistic => 3,
            Architecture::Quadratic => 6,
            Architecture::Mlp { hidden } => 4 * hidden + 1,
        }
    }
}

/// A model: an architecture and its parameters.
///
/// Layout: logistic `[w₁, w₂, b]`; quadratic `[w (5), b]`; network `[W (hidden × 2, row-major), c (hidden), v (hidden), b]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    architecture: Architecture,
    parameters: Vec<f64>,
}

/// Half-width of the uniform distribution of the hidden layer's weights and biases: pre-activations
/// of a few units for features of a few units, so the ReLUs start in both states.
const HIDDEN_INIT: f64 = 1.0;
/// Half-width for the output weights v: small, so that every logit starts near the output bias (the
/// paper initialises its layers with σ = 0.01 for the same reason, §4.1).
const OUTPUT_INIT: f64 = 0.01;

impl Model {
    /// A model with its weights drawn from `seed` and its output bias set to `output_bias`
    /// (0, or the prior's −ln((1 − π)/π)). The logistic regression starts with w = 0.
    ///
    /// # Examples
    /// ```
    /// use detection::model::{Architecture, Model};
    /// let model = Model::new(Architecture::Mlp { hidden: 4 }, 1, -4.595);
    /// assert_eq!(model.parameters().len(), 17);
    /// assert_eq!(model.output_bias(), -4.595);
    /// ```
    pub fn new(architecture: Architecture, seed: u64, output_bias: f64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let parameters = match architecture {
            Architecture::Logistic => vec![0.0, 0.0, output_bias],
            Architecture::Quadratic => vec![0.0, 0.0, 0.0, 0.0, 0.0, output_bias],
            Architecture::Mlp { hidden } => {
                let mut p: Vec<f64> = (0..3 * hidden).map(|_| rng.uniform_in(-HIDDEN_INIT, HIDDEN_INIT)).collect();
                p.extend((0..hidden).map(|_| rng.uniform_in(-OUTPUT_INIT, OUTPUT_INIT)));
                p.push(output_bias);
                p
            }
        };
        Self { architecture, parameters }
    }

    /// A model with the given parameters (layout in the type's docs), or `None` if there are not
    /// [`Architecture::parameters`] of them.
    ///
    /// # Examples
    /// ```
    /// use detection::model::{Architecture, Model};
    /// let model = Model::with_parameters(Architecture::Logistic, vec![1.0, 0.0, -2.0]).unwrap();
    /// assert_eq!(model.logits(&[[3.0, 5.0]]), vec![1.0]);
    /// assert!(Model::with_parameters(Architecture::Logistic, vec![1.0]).is_none());
    /// ```
    pub fn with_parameters(architecture: Architecture, parameters: Vec<f64>) -> Option<Self> {
        (parameters.len() == architecture.parameters()).then_some(Self { architecture, parameters })
    }

    /// The architecture.
    pub fn architecture(&self) -> Architecture {
        self.architecture
    }

    /// The parameters (layout in the type's docs).
    pub fn parameters(&self) -> &[f64] {
        &self.parameters
    }

    /// The output bias b.
    pub fn output_bias(&self) -> f64 {
        self.parameters[self.parameters.len() - 1]
    }

    /// θ ← θ − `step` (element by element).
    pub fn subtract(&mut self, step: &[f64]) {
        for (p, s) in self.parameters.iter_mut().zip(step) {
            *p -= s;
        }
    }

    /// The logit of every feature.
    pub fn logits(&self, features: &[[f64; 2]]) -> Vec<f64> {
        self.forward(features, &mut Vec::new())
    }

    /// The logits, and in `activations` every hidden unit's pre-activation W_j·x + c_j (anchor by
    /// anchor), which [`Model::parameter_gradient`] would otherwise compute again.
    pub fn forward(&self, features: &[[f64; 2]], activations: &mut Vec<f64>) -> Vec<f64> {
        let p = &self.parameters;
        match self.architecture {
            Architecture::Logistic => features.iter().map(|x| p[0] * x[0] + p[1] * x[1] + p[2]).collect(),
            Architecture::Quadratic => {
                features.iter().map(|x| quadratic(x).iter().zip(p).map(|(f, w)| f * w).sum::<f64>() + p[5]).collect()
            }
            Architecture::Mlp { hidden } => {
                let (w, rest) = p.split_at(2 * hidden);
                let (c, rest) = rest.split_at(hidden);
                let (v, b) = rest.split_at(hidden);
                activations.clear();
                features
                    .iter()
                    .map(|x| {
                        let mut z = b[0];
                        for j in 0..hidden {
                            let a = w[2 * j] * x[0] + w[2 * j + 1] * x[1] + c[j];
                            activations.push(a);
                            if a > 0.0 {
                                z += v[j] * a;
                            }
                        }
                        z
                    })
                    .collect()
            }
        }
    }

    /// ∂L/∂θ = Σᵢ (∂L/∂zᵢ) ∂zᵢ/∂θ, given `logit_gradients` ∂L/∂zᵢ for every feature and the
    /// `activations` [`Model::forward`] left (the chain rule, backwards through the layers).
    pub fn parameter_gradient(&self, features: &[[f64; 2]], activations: &[f64], logit_gradients: &[f64]) -> Vec<f64> {
        let p = &self.parameters;
        let mut g = vec![0.0; p.len()];
        match self.architecture {
            Architecture::Logistic => {
                for (x, &d) in features.iter().zip(logit_gradients) {
                    g[0] += d * x[0];
                    g[1] += d * x[1];
                    g[2] += d;
                }
            }
            Architecture::Quadratic => {
                for (x, &d) in features.iter().zip(logit_gradients) {
                    for (g, f) in g.iter_mut().zip(quadratic(x)) {
                        *g += d * f;
                    }
                    g[5] += d;
                }
            }
            Architecture::Mlp { hidden } => {
                let v = &p[3 * hidden..4 * hidden];
                let (gw, rest) = g.split_at_mut(2 * hidden);
                let (gc, rest) = rest.split_at_mut(hidden);
                let (gv, gb) = rest.split_at_mut(hidden);
                for ((x, &d), a) in features.iter().zip(logit_gradients).zip(activations.chunks_exact(hidden)) {
                    gb[0] += d;
                    for (j, &a) in a.iter().enumerate() {
                        if a > 0.0 {
                            gv[j] += d * a;
                            let back = d * v[j];
                            gw[2 * j] += back * x[0];
                            gw[2 * j + 1] += back * x[1];
                            gc[j] += back;
                        }
                    }
                }
            }
        }
        g
    }
}

/// φ(x) = (x₁, x₂, x₁², x₁x₂, x₂²).
fn quadratic(x: &[f64; 2]) -> [f64; 5] {
    [x[0], x[1], x[0] * x[0], x[0] * x[1], x[1] * x[1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written backward pass against central differences of the forward pass, for a
    /// loss L = Σᵢ dᵢ zᵢ (so ∂L/∂zᵢ = dᵢ).
    #[test]
    fn backpropagation_matches_finite_differences() {
        let features = [[0.3, -1.2], [2.5, 0.4], [-3.0, 2.0], [1.0, 1.0]];
        let d = [0.7, -1.3, 0.2, 2.0];
        for architecture in [Architecture::Logistic, Architecture::Quadratic, Architecture::Mlp { hidden: 5 }] {
            let mut model = Model::new(architecture, 11, 0.3);
            match architecture {
                Architecture::Logistic => model.parameters = vec![0.5, -0.25, 0.3],
                Architecture::Quadratic => model.parameters = vec![0.5, -0.25, 0.1, 0.2, -0.3, 0.3],
                Architecture::Mlp { .. } => {}
            }
            let loss = |m: &Model| m.logits(&features).iter().zip(&d).map(|(z, d)| z * d).sum::<f64>();
            let mut activations = Vec::new();
            model.forward(&features, &mut activations);
            let g = model.parameter_gradient(&features, &activations, &d);
            for (k, &closed) in g.iter().enumerate() {
                let h = 1e-6;
                let (mut up, mut down) = (model.clone(), model.clone());
                up.parameters[k] += h;
                down.parameters[k] -= h;
                let numeric = (loss(&up) - loss(&down)) / (2.0 * h);
                assert!(
                    (numeric - closed).abs() < 1e-6 * (1.0 + closed.abs()),
                    "{architecture:?} θ{k}: {numeric} vs {closed}"
                );
            }
        }
    }
}
