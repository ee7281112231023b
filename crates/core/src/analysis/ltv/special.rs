//! The special functions the likelihoods and predictions need: log-gamma, digamma, a safe
//! `log(1 + e^x)` and Gauss's hypergeometric function ₂F₁ by its series (for the Pareto/NBD likelihood,
//! ₂F₁(1, b; c; z) with its derivatives).
//!
//! Log-gamma comes from `libm` (musl's implementation, accurate to a few ulps for positive arguments). Digamma is
//! computed here because the analytic gradients need it and no small wasm-friendly crate provides it: the
//! recurrence ψ(x) = ψ(x + 1) − 1/x lifts the argument to ≥ 10, where the asymptotic series is accurate to
//! about 1e-14.

/// ln Γ(x) for x > 0.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// The digamma function ψ(x) = d/dx ln Γ(x), for x > 0 (NaN otherwise).
pub(crate) fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return x;
    }
    let mut x = x;
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    // ψ(x) ~ ln x − 1/(2x) − Σ B₂ₙ / (2n x²ⁿ): B₂..B₁₂ = 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730.
    let inv2 = 1.0 / (x * x);
    let series = inv2
        * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2
                        * (1.0 / 252.0
                            - inv2
                                * (1.0 / 240.0
                                    - inv2 * (1.0 / 132.0 - inv2 * (691.0 / 32760.0))))));
    result + x.ln() - 0.5 / x - series
}

/// ln(1 + eˣ), the log-sum-exp of (0, x), and its derivative, the logistic function, from one exponential
/// and one logarithm. It cannot overflow. ln(1 + e^−|x|) is taken as the logarithm of the rounded 1 + e^−|x|
/// (three times faster than `ln_1p`; this is the likelihoods' innermost loop), so it is exact to about one
/// ulp of 1 (1e-16) in absolute terms: below the rounding of the likelihood terms it is added to.
#[inline]
pub(crate) fn ln_1p_exp_and_logistic(x: f64) -> (f64, f64) {
    let e = (-x.abs()).exp();
    let one_plus_e = 1.0 + e;
    let sigma_abs = 1.0 / one_plus_e;
    if x > 0.0 {
        (x + one_plus_e.ln(), sigma_abs)
    } else {
        (one_plus_e.ln(), e * sigma_abs)
    }
}

/// The logistic function 1 / (1 + e⁻ˣ).
pub(crate) fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// The most terms [`hyp2f1`] sums before giving up.
pub(crate) const HYP2F1_MAX_TERMS: u32 = 100_000;

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) = Σₖ (a)ₖ (b)ₖ / ((c)ₖ k!) zᵏ, by its series, for
/// 0 ≤ z < 1 and c > 0.
///
/// Convergence: the series converges absolutely for |z| < 1 (the ratio of consecutive terms tends to z). Once
/// k ≥ max(0, −a, −b) every later term has the same sign, and the ratio of term k + 1 to term k is at most
/// ρ* = z · (1 + D⁺/(k + 1) + (ab − c)⁺/((c + k)(k + 1))) with D = a + b − c − 1; when ρ* < 1 the rest of the
/// series is at most |termₖ| · ρ*/(1 − ρ*). The sum stops when that bound is below 1e-16 of the sum, which
/// takes about 37/(1 − z) terms for moderate a, b, c. It returns `None` outside 0 ≤ z < 1, for c ≤ 0, when
/// the bound is not met within [`HYP2F1_MAX_TERMS`] terms (z within about 4e-4 of 1), or when the sum
/// overflows. Callers keep z away from 1 and the parameters small with Euler's transformation
/// ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z).
pub(crate) fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z)
        || c.is_nan()
        || c <= 0.0
        || !a.is_finite()
        || !b.is_finite()
        || !c.is_finite()
    {
        return None;
    }
    let d_plus = (a + b - c - 1.0).max(0.0);
    let e_plus = (a * b - c).max(0.0);
    let same_sign_from = (-a).max(-b).max(0.0);
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    for k in 0..HYP2F1_MAX_TERMS {
        let k = f64::from(k);
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        if term == 0.0 {
            // a or b is a non-positive integer: the series is a polynomial and has ended.
            return Some(sum);
        }
        if !sum.is_finite() {
            return None;
        }
        let next = k + 1.0;
        if next >= same_sign_from {
            let rho = z * (1.0 + d_plus / (next + 1.0) + e_plus / ((c + next) * (next + 1.0)));
            if rho < 1.0 && term.abs() * rho / (1.0 - rho) <= 1e-16 * sum.abs() {
                return Some(sum);
            }
        }
    }
    None
}

/// ₂F₁(1, b; c; z) = Σₖ (b)ₖ/(c)ₖ zᵏ and its partial derivatives, from [`hyp2f1_one`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Hyp2f1One {
    /// The sum.
    pub value: f64,
    /// ∂/∂b.
    pub d_b: f64,
    /// ∂/∂c.
    pub d_c: f64,
    /// ∂/∂z.
    pub d_z: f64,
}

/// ₂F₁(1, b; c; z) for 0 < b < c and 0 ≤ z < 1, with its derivatives in b, c and z, summed term by term;
/// `one_minus_z` is 1 − z, passed so that it keeps its precision when z is close to 1.
///
/// Every term is positive and the ratio of term k + 1 to term k, (b + k)/(c + k) · z, is below z, so the
/// terms after term k add up to at most termₖ · z/(1 − z). The derivatives' terms are the value's times
/// Σⱼ₍ⱼ₌₀..ₖ₋₁₎ 1/(b + j) (for b), −Σⱼ 1/(c + j) (for c) and k/z (for z); the sum stops when that bound,
/// times what those factors can add to it, is below 1e-16 of the sum. It returns `None` when that takes more
/// than [`HYP2F1_MAX_TERMS`] terms (z within about 4e-4 of 1) or for arguments outside the domain.
pub(crate) fn hyp2f1_one(b: f64, c: f64, z: f64, one_minus_z: f64) -> Option<Hyp2f1One> {
    if !(b > 0.0 && c > b && c.is_finite() && (0.0..1.0).contains(&z) && one_minus_z > 0.0) {
        return None;
    }
    if z == 0.0 {
        let d_z = b / c;
        return Some(Hyp2f1One {
            value: 1.0,
            d_b: 0.0,
            d_c: 0.0,
            d_z,
        });
    }
    let (mut term, mut value) = (1.0_f64, 1.0_f64);
    // Σ 1/(b + j) and Σ 1/(c + j) over j < k; the derivatives' sums (d_z's without its 1/z).
    let (mut harmonic_b, mut harmonic_c) = (0.0, 0.0);
    let (mut d_b, mut d_c, mut k_terms) = (0.0, 0.0, 0.0);
    let ratio_bound = z / one_minus_z;
    for k in 0..HYP2F1_MAX_TERMS {
        let k = f64::from(k);
        let inv_c = 1.0 / (c + k);
        harmonic_b += 1.0 / (b + k);
        harmonic_c += inv_c;
        term *= (b + k) * inv_c * z;
        value += term;
        d_b += term * harmonic_b;
        d_c -= term * harmonic_c;
        k_terms += (k + 1.0) * term;
        // The tail of k·termₖ is at most termₖ (k z/(1 − z) + z/(1 − z)²); that of the harmonic sums' terms
        // grows by at most 1/(b + k) per step.
        let factor = 1.0 + harmonic_b + harmonic_c + k + 1.0 + (1.0 + 1.0 / (b + k)) / one_minus_z;
        if term * ratio_bound * factor <= 1e-16 * value {
            return Some(Hyp2f1One {
                value,
                d_b,
                d_c,
                d_z: k_terms / z,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    #[test]
    fn digamma_matches_known_values_and_the_derivative_of_ln_gamma() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ.
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-13));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-13));
        let h9: f64 = (1..=9).map(|k| 1.0 / f64::from(k)).sum();
        assert!(close(digamma(10.0), h9 - euler, 1e-13));
        for x in [0.01, 0.243, 0.793, 2.426, 7.5, 31.0, 250.0, 1.0e4] {
            let h = 1e-5 * x;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!(close(digamma(x), numeric, 1e-7), "x = {x}");
        }
        assert!(digamma(0.0).is_nan() && digamma(-1.5).is_nan());
    }

    #[test]
    fn ln_1p_exp_is_safe_at_both_ends_and_its_derivative_is_the_logistic() {
        let softplus = |x: f64| ln_1p_exp_and_logistic(x).0;
        assert_eq!(softplus(1000.0), 1000.0);
        assert!(close(softplus(-800.0), 0.0, 1e-300));
        assert!(close(softplus(0.0), 2f64.ln(), 1e-15));
        // Absolute error within about an ulp of 1.
        assert!((softplus(-3.5) - (-3.5f64).exp().ln_1p()).abs() < 2.3e-16);
        assert!((softplus(-40.0) - (-40f64).exp().ln_1p()).abs() < 2.3e-16);
        assert!(close(softplus(2.0), 2f64.exp().ln_1p(), 1e-15));
        for x in [-800.0, -40.0, -3.5, -1e-9, 0.0, 1e-9, 0.7, 36.0, 800.0] {
            assert!(
                close(ln_1p_exp_and_logistic(x).1, logistic(x), 1e-15),
                "x = {x}"
            );
        }
        assert!(close(logistic(0.0), 0.5, 1e-15));
        assert_eq!(logistic(-1000.0), 0.0);
        assert_eq!(logistic(1000.0), 1.0);
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z.
        for z in [0.0f64, 0.1, 0.5, 0.9, 0.99, 0.999] {
            let expected = if z == 0.0 { 1.0 } else { -(1.0 - z).ln() / z };
            assert!(
                close(hyp2f1(1.0, 1.0, 2.0, z).unwrap(), expected, 1e-13),
                "z = {z}"
            );
        }
        // ₂F₁(a, b; b; z) = (1 − z)^(−a).
        assert!(close(
            hyp2f1(0.7, 3.2, 3.2, 0.8).unwrap(),
            0.2f64.powf(-0.7),
            1e-13
        ));
        // A negative integer a ends the series: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
        let (b, c, z) = (1.5, 2.5, 0.6);
        let poly = 1.0 - 2.0 * b * z / c + b * (b + 1.0) * z * z / (c * (c + 1.0));
        assert!(close(hyp2f1(-2.0, b, c, z).unwrap(), poly, 1e-15));
    }

    #[test]
    fn hyp2f1_refuses_where_the_series_does_not_converge() {
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, -0.5), None);
        assert_eq!(hyp2f1(1.0, 1.0, 0.0, 0.5), None);
        assert_eq!(
            hyp2f1(1.0, 1.0, 2.0, 1.0 - 1e-7),
            None,
            "too close to 1 for the term budget"
        );
    }
}
