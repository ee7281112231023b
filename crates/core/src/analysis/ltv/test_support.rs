//! What the models' unit tests share: calibration groups written as tuples, and the check of an analytic
//! gradient against central differences.

use super::summary::RfGroup;

/// Groups from (x, t_x, T, customers).
pub(super) fn rf_groups(rows: &[(u32, f64, f64, u32)]) -> Vec<RfGroup> {
    rows.iter()
        .map(|&(x, t_x, t_cal, customers)| RfGroup {
            x,
            t_x,
            t_cal,
            customers,
        })
        .collect()
}

/// Asserts that `f`'s gradient with respect to the logarithms of the parameters (what the likelihoods
/// return) matches central differences in the log-parameters at `base`.
pub(super) fn assert_log_gradient<const N: usize>(
    f: impl Fn([f64; N]) -> (f64, [f64; N]),
    base: [f64; N],
) {
    let (_, grad) = f(base);
    let h: f64 = 1e-6;
    for i in 0..N {
        let (mut up, mut down) = (base, base);
        up[i] *= h.exp();
        down[i] *= (-h).exp();
        let numeric = (f(up).0 - f(down).0) / (2.0 * h);
        assert!(
            (grad[i] - numeric).abs() < 1e-6 * numeric.abs().max(1.0),
            "at {base:?}, parameter {i}: {} vs {numeric}",
            grad[i]
        );
    }
}
