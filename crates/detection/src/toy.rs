//! The toy: a dense set of anchors with 2-D features, about one positive per thousand, most
//! negatives easy and a band of hard negatives around the positives.
//!
//! Picture the feature plane:
//!
//! - **positives**: uniform in a disc of radius [`POSITIVE_RADIUS`] around [`CENTRE`];
//! - **hard negatives**: uniform in a ring around the same centre, radii [`HARD_INNER_RADIUS`] to
//!   [`HARD_OUTER_RADIUS`]. The ring overlaps the rim of the positive disc, so no model can
//!   separate every positive: some are surrounded by negatives that look exactly like them;
//! - **easy negatives**: uniform in the box [`EASY_BOX`], to the left of the ring and away from it.
//!
//! A detector's anchors are like this: most of the image is background that is easy to reject,
//! a few places look like an object without being one, and very few anchors are objects. The
//! points are drawn with [`SplitMix64`](crate::rng::SplitMix64) by rejection from a square (only
//! multiplications and comparisons), so a seed gives the same anchors, bit for bit, everywhere.

use crate::rng::SplitMix64;

/// The centre of the positive disc and of the hard-negative ring.
pub const CENTRE: [f64; 2] = [2.5, 0.0];
/// The radius of the positive disc.
pub const POSITIVE_RADIUS: f64 = 0.5;
/// The inner radius of the hard-negative ring (inside the positive disc: the overlap).
pub const HARD_INNER_RADIUS: f64 = 0.45;
/// The outer radius of the hard-negative ring.
pub const HARD_OUTER_RADIUS: f64 = 1.0;
/// Where the easy negatives are: `[[x_min, x_max], [y_min, y_max]]`.
pub const EASY_BOX: [[f64; 2]; 2] = [[-4.0, 1.0], [-2.5, 2.5]];

/// What an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An object.
    Positive,
    /// Background that looks like an object: in the ring around the positives.
    HardNegative,
    /// Background far from every object.
    EasyNegative,
}

/// How many anchors of each kind, per positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ToyConfig {
    /// Number of positives.
    pub positives: usize,
    /// Hard negatives per positive.
    pub hard_per_positive: usize,
    /// Easy negatives per positive.
    pub easy_per_positive: usize,
}

impl ToyConfig {
    /// `positives` positives with 30 hard and 970 easy negatives each: 1 : 1000.
    pub const fn with_positives(positives: usize) -> Self {
        Self { positives, hard_per_positive: 30, easy_per_positive: 970 }
    }

    /// Total number of anchors.
    pub const fn anchors(&self) -> usize {
        self.positives * (1 + self.hard_per_positive + self.easy_per_positive)
    }
}

/// A set of anchors: features, 0/1 targets and kinds, in the same order.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchors {
    /// The 2-D feature of every anchor.
    pub features: Vec<[f64; 2]>,
    /// 1 for a positive, 0 for a negative (the form the `losses` batch functions take).
    pub targets: Vec<f64>,
    /// What each anchor is.
    pub kinds: Vec<Kind>,
}

impl Anchors {
    /// Draws the anchors of `config` from `seed`: the positives first, then the hard negatives,
    /// then the easy ones.
    ///
    /// # Examples
    /// ```
    /// use detection::toy::{Anchors, Kind, ToyConfig};
    /// let anchors = Anchors::generate(&ToyConfig::with_positives(3), 1);
    /// assert_eq!(anchors.features.len(), 3003);
    /// assert_eq!(anchors.count(Kind::Positive), 3);
    /// assert_eq!(anchors, Anchors::generate(&ToyConfig::with_positives(3), 1));   // deterministic
    /// ```
    pub fn generate(config: &ToyConfig, seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let mut anchors = Self { features: Vec::new(), targets: Vec::new(), kinds: Vec::new() };
        for _ in 0..config.positives {
            anchors.push(in_ring(&mut rng, 0.0, POSITIVE_RADIUS), Kind::Positive);
        }
        for _ in 0..config.positives * config.hard_per_positive {
            anchors.push(in_ring(&mut rng, HARD_INNER_RADIUS, HARD_OUTER_RADIUS), Kind::HardNegative);
        }
        let [[x0, x1], [y0, y1]] = EASY_BOX;
        for _ in 0..config.positives * config.easy_per_positive {
            let x = rng.uniform_in(x0, x1);
            let y = rng.uniform_in(y0, y1);
            anchors.push([x, y], Kind::EasyNegative);
        }
        anchors
    }

    fn push(&mut self, feature: [f64; 2], kind: Kind) {
        self.features.push(feature);
        self.targets.push(if kind == Kind::Positive { 1.0 } else { 0.0 });
        self.kinds.push(kind);
    }

    /// How many anchors are of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        self.kinds.iter().filter(|&&k| k == kind).count()
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }
}

/// A point uniform in the ring r_in ≤ |p − CENTRE| ≤ r_out, by rejection from the bounding square.
fn in_ring(rng: &mut SplitMix64, inner: f64, outer: f64) -> [f64; 2] {
    loop {
        let dx = rng.uniform_in(-outer, outer);
        let dy = rng.uniform_in(-outer, outer);
        let d2 = dx * dx + dy * dy;
        if d2 <= outer * outer && d2 >= inner * inner {
            return [CENTRE[0] + dx, CENTRE[1] + dy];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_anchor_is_where_its_kind_says() {
        let anchors = Anchors::generate(&ToyConfig::with_positives(20), 3);
        let distance = |p: [f64; 2]| ((p[0] - CENTRE[0]).powi(2) + (p[1] - CENTRE[1]).powi(2)).sqrt();
        for (&p, &kind) in anchors.features.iter().zip(&anchors.kinds) {
            match kind {
                Kind::Positive => assert!(distance(p) <= POSITIVE_RADIUS),
                Kind::HardNegative => assert!((HARD_INNER_RADIUS..=HARD_OUTER_RADIUS).contains(&distance(p))),
                Kind::EasyNegative => {
                    assert!((EASY_BOX[0][0]..EASY_BOX[0][1]).contains(&p[0]));
                    assert!((EASY_BOX[1][0]..EASY_BOX[1][1]).contains(&p[1]));
                    assert!(distance(p) > HARD_OUTER_RADIUS);
                }
            }
        }
        assert_eq!(anchors.count(Kind::Positive), 20);
        assert_eq!(anchors.count(Kind::HardNegative), 600);
        assert_eq!(anchors.count(Kind::EasyNegative), 19_400);
        assert_eq!(anchors.targets.iter().sum::<f64>(), 20.0);
    }

    #[test]
    fn different_seeds_give_different_anchors() {
        let config = ToyConfig::with_positives(2);
        assert_ne!(Anchors::generate(&config, 1), Anchors::generate(&config, 2));
    }
}
