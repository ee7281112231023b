//! The integral the Pareto/NBD likelihood is made of,
//!
//! ```text
//! J(a, b; A, B) = ∫₀^∞ (A + v)^(−a) (B + v)^(−b) dv,   a, b > 0, a + b > 1, A, B > 0,
//! ```
//!
//! with A = α + u and B = β + u for a time u, so that J is ∫ᵤ^∞ (α + y)^(−a) (β + y)^(−b) dy. Writing
//! (B + v) = (A + v)(1 − z A/(A + v)) with z = (A − B)/A and expanding in z gives, for A ≥ B, Fader and
//! Hardie's closed form A^(1−a−b)/(a+b−1) · ₂F₁(a+b−1, b; a+b; z), which Euler's transformation turns into
//!
//! ```text
//! J = A^(−a) B^(1−b) / (a+b−1) · ₂F₁(1, a; a+b; z),   z = 1 − B/A,
//! ```
//!
//! a series of positive terms whose ratio stays below z whatever a and b (so large x cannot overflow it), and
//! whose derivatives in a, b and z come with the same terms ([`hyp2f1_one`]). For A < B the roles of (a, A)
//! and (b, B) swap. Everything is returned as logarithms.

use super::special::hyp2f1_one;

/// ln J and its partial derivatives in a, b, A and B.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LnTail {
    /// ln J.
    pub value: f64,
    /// ∂ ln J/∂a.
    pub d_a: f64,
    /// ∂ ln J/∂b.
    pub d_b: f64,
    /// ∂ ln J/∂A (so ∂/∂α when A = α + u).
    pub d_big_a: f64,
    /// ∂ ln J/∂B (so ∂/∂β when B = β + u).
    pub d_big_b: f64,
}

/// A = α + t and B = β + t for a time t, with their logarithms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct AtTime {
    /// α + t.
    pub alpha_t: f64,
    /// β + t.
    pub beta_t: f64,
    /// ln(α + t).
    pub ln_alpha_t: f64,
    /// ln(β + t).
    pub ln_beta_t: f64,
}

impl AtTime {
    /// α + t and β + t.
    pub(super) fn new(alpha: f64, beta: f64, t: f64) -> AtTime {
        let (alpha_t, beta_t) = (alpha + t, beta + t);
        AtTime {
            alpha_t,
            beta_t,
            ln_alpha_t: alpha_t.ln(),
            ln_beta_t: beta_t.ln(),
        }
    }
}

/// ln J(a, b; A, B) with its derivatives, A and B those of `at`; `None` where the series does not converge
/// (one of A, B over about 2,500 times the other).
pub(super) fn ln_tail(a: f64, b: f64, at: &AtTime) -> Option<LnTail> {
    let (big_a, big_b, ln_a, ln_b) = (at.alpha_t, at.beta_t, at.ln_alpha_t, at.ln_beta_t);
    if big_a >= big_b {
        oriented(a, b, big_a, big_b, ln_a, ln_b)
    } else {
        let t = oriented(b, a, big_b, big_a, ln_b, ln_a)?;
        Some(LnTail {
            value: t.value,
            d_a: t.d_b,
            d_b: t.d_a,
            d_big_a: t.d_big_b,
            d_big_b: t.d_big_a,
        })
    }
}

/// [`ln_tail`] for A ≥ B:
///
/// ```text
/// ln J = −a ln A + (1 − b) ln B − ln(a+b−1) + ln G,   G = ₂F₁(1, a; a+b; z),  z = 1 − B/A,
/// ∂/∂a = −ln A − 1/(a+b−1) + (G_b + G_c)/G,   ∂/∂b = −ln B − 1/(a+b−1) + G_c/G,
/// ∂/∂A = −a/A + G_z/G · B/A²,                 ∂/∂B = (1 − b)/B − G_z/G · 1/A,
/// ```
///
/// where G_b, G_c and G_z are the derivatives of ₂F₁(1, b'; c; z) in b' (= a here), c (= a + b) and z.
fn oriented(a: f64, b: f64, big_a: f64, big_b: f64, ln_a: f64, ln_b: f64) -> Option<LnTail> {
    let one_minus_z = big_b / big_a;
    let z = (big_a - big_b) / big_a;
    let g = hyp2f1_one(a, a + b, z, one_minus_z)?;
    let n = a + b - 1.0;
    let (g_b, g_c, g_z) = (g.d_b / g.value, g.d_c / g.value, g.d_z / g.value);
    Some(LnTail {
        value: -a * ln_a + (1.0 - b) * ln_b - n.ln() + g.value.ln(),
        d_a: -ln_a - 1.0 / n + g_b + g_c,
        d_b: -ln_b - 1.0 / n + g_c,
        d_big_a: -a / big_a + g_z * big_b / (big_a * big_a),
        d_big_b: (1.0 - b) / big_b - g_z / big_a,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// J by composite Simpson after v = (1 − w)^(−m) − 1 with m = 2/(a+b−1), which maps [0, ∞) onto [0, 1)
    /// and leaves an integrand that vanishes like (1 − w) at w = 1.
    fn numeric(a: f64, b: f64, big_a: f64, big_b: f64) -> f64 {
        let n = 400_000;
        let h = 1.0 / f64::from(n);
        let m = 2.0 / (a + b - 1.0);
        let f = |w: f64| {
            if w >= 1.0 {
                return 0.0;
            }
            let v = (1.0 - w).powf(-m) - 1.0;
            (big_a + v).powf(-a) * (big_b + v).powf(-b) * m * (1.0 - w).powf(-m - 1.0)
        };
        let mut s = f(0.0) + f(1.0);
        for i in 1..n {
            s += f(f64::from(i) * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    }

    fn tail(a: f64, b: f64, big_a: f64, big_b: f64) -> LnTail {
        ln_tail(a, b, &AtTime::new(big_a, big_b, 0.0)).unwrap()
    }

    #[test]
    fn equals_the_integral_on_both_sides_of_a_equal_b() {
        for (a, b, big_a, big_b) in [
            (2.5, 1.6, 3.0, 2.0),
            (2.5, 1.6, 2.0, 3.0),
            (1.55, 0.6, 11.0, 11.0),
            (0.55, 1.6, 10.6, 11.7),
            (4.0, 3.0, 1.0, 9.0),
        ] {
            let got = tail(a, b, big_a, big_b).value.exp();
            let want = numeric(a, b, big_a, big_b);
            assert!(
                (got / want - 1.0).abs() < 1e-9,
                "{a} {b} {big_a} {big_b}: {got} vs {want}"
            );
        }
        // A = B: J = A^(1−a−b)/(a+b−1).
        let t = tail(2.0, 1.5, 4.0, 4.0);
        assert!((t.value - (4f64.powf(-2.5) / 2.5).ln()).abs() < 1e-14);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        for (a, b, big_a, big_b) in [
            (2.5, 1.6, 3.0, 2.0),
            (2.5, 1.6, 2.0, 3.0),
            (50.55, 1.6, 0.4, 2.3),
            (0.55, 0.6, 0.3, 0.3),
            (300.0, 0.7, 1.0, 30.0),
        ] {
            let t = tail(a, b, big_a, big_b);
            let h = 1e-6;
            let d = |f: &dyn Fn(f64) -> f64, x: f64| {
                (f(x * (1.0 + h)) - f(x * (1.0 - h))) / (2.0 * h * x)
            };
            let numeric = [
                d(&|x| tail(x, b, big_a, big_b).value, a),
                d(&|x| tail(a, x, big_a, big_b).value, b),
                d(&|x| tail(a, b, x, big_b).value, big_a),
                d(&|x| tail(a, b, big_a, x).value, big_b),
            ];
            let exact = [t.d_a, t.d_b, t.d_big_a, t.d_big_b];
            for (i, (e, n)) in exact.iter().zip(numeric).enumerate() {
                assert!(
                    (e - n).abs() < 1e-6 * n.abs().max(1.0),
                    "case {a} {b} {big_a} {big_b}, {i}: {e} vs {n}"
                );
            }
        }
    }

    #[test]
    fn stays_finite_for_large_exponents_and_refuses_near_one() {
        // x = 5,000 repeat purchases: A^(−a) alone is far below the smallest double.
        let t = tail(5000.5, 1.6, 300.0, 2.0);
        assert!(t.value.is_finite() && t.value < -28_000.0, "{t:?}");
        assert!(
            t.d_a.is_finite()
                && t.d_b.is_finite()
                && t.d_big_a.is_finite()
                && t.d_big_b.is_finite()
        );
        // B/A = 1e-6 and a + b close to 1: too many terms.
        assert!(ln_tail(0.01, 1.0, &AtTime::new(1e6, 1.0, 0.0)).is_none());
    }
}
