//! Compensated (Kahan–Babuška–Neumaier) summation for the log-likelihoods.
//!
//! A likelihood summed over hundreds of thousands of customers in plain floating point carries a rounding
//! error far larger than the changes a line search must see near the optimum, so it stalls there, evaluating
//! again and again. The compensated sum is exact to about one rounding of the total, for a few more
//! additions per term.

/// A running compensated sum.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    /// Adds `x`.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.compensation += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
    }

    /// The sum so far.
    pub fn value(self) -> f64 {
        self.sum + self.compensation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_plain_summation_loses() {
        // 1 + 1e-16 × 10⁶ − 1: plain summation drops every 1e-16 (below half an ulp of 1) and returns 0.
        let mut s = Sum::default();
        let mut plain = 0.0;
        for x in std::iter::once(1.0)
            .chain(std::iter::repeat_n(1e-16, 1_000_000))
            .chain(std::iter::once(-1.0))
        {
            s.add(x);
            plain += x;
        }
        assert_eq!(plain, 0.0);
        assert!((s.value() - 1e-10).abs() < 1e-19, "{}", s.value());
    }
}
