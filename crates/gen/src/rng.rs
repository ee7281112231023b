//! The one random stream of a generation run, with the few distributions the model needs.
//!
//! Everything is drawn from a single `ChaCha8Rng` seeded with `seed_from_u64`, in a fixed order, so equal
//! options give equal bytes. Integer draws use a multiply-shift (no platform-dependent `usize` paths), and the
//! continuous distributions (exponential, gamma, beta) are written here on top of the pure-Rust `libm` crate
//! instead of the platform's maths library: `ln`/`exp` results may differ in the last bit between C libraries,
//! and one differing bit can flip a comparison and change the whole file.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator's random stream.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream for a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// 64 random bits.
    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform integer in `0..n` (`n > 0`), by multiply-shift; the bias (< n / 2^64) is irrelevant here.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform float in `(0, 1]`, safe to take the logarithm of.
    fn open_unit(&mut self) -> f64 {
        1.0 - self.unit()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index drawn with the given integer weights (a cumulative table would be faster, but the tables are
    /// tiny).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// An exponential variate with the given rate.
    pub fn exponential(&mut self, rate: f64) -> f64 {
        -libm::log(self.open_unit()) / rate
    }

    /// A standard normal variate (Marsaglia's polar method).
    fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.unit() - 1.0;
            let v = 2.0 * self.unit() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * libm::log(s) / s).sqrt();
            }
        }
    }

    /// A gamma variate with the given shape and scale (Marsaglia & Tsang 2000; shapes below 1 boosted by
    /// `U^(1/shape)`).
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        if shape < 1.0 {
            let boost = libm::exp(libm::log(self.open_unit()) / shape);
            return self.gamma(shape + 1.0, scale) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open_unit();
            if u < 1.0 - 0.0331 * x * x * x * x
                || libm::log(u) < 0.5 * x * x + d * (1.0 - v + libm::log(v))
            {
                return d * v * scale;
            }
        }
    }

    /// A beta variate, as `X / (X + Y)` of two gamma variates.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        if x + y > 0.0 {
            x / (x + y)
        } else {
            0.5
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean(n: usize, mut f: impl FnMut() -> f64) -> f64 {
        (0..n).map(|_| f()).sum::<f64>() / n as f64
    }

    #[test]
    fn distributions_have_their_textbook_means() {
        let mut r = Rng::new(7);
        assert!((mean(20_000, || r.exponential(0.5)) - 2.0).abs() < 0.1);
        assert!((mean(20_000, || r.gamma(2.5, 2.0)) - 5.0).abs() < 0.15);
        assert!((mean(20_000, || r.gamma(0.6, 1.0)) - 0.6).abs() < 0.03);
        assert!((mean(20_000, || r.beta(2.0, 6.0)) - 0.25).abs() < 0.01);
        assert!((mean(20_000, || r.below(10) as f64) - 4.5).abs() < 0.1);
    }

    #[test]
    fn weighted_choice_follows_the_weights() {
        let mut r = Rng::new(1);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[r.weighted(&[1, 0, 2])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((counts[2] as f64 / counts[0] as f64 - 2.0).abs() < 0.1);
    }
}
