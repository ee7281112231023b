//! Standard errors and 95% intervals of fitted parameters, from the observed information (docs/analyses.md,
//! "Predictive LTV", "Fitting").
//!
//! The observed information is minus the Hessian of the total log-likelihood at the optimum, in the
//! log-parameters the fits optimise. The Hessian is taken by forward differences of the exact gradients from
//! the optimum (each column is the change of the analytic gradient over a step of 1e-5 in one log-parameter,
//! and the matrix is then made symmetric): one gradient per parameter, accurate to about five digits here
//! (the standard errors are shown to three or four), and no second derivatives of the special functions. Its inverse is the covariance of the log-parameters; the delta method gives
//! SE(θ) = θ · SE(ln θ), and the 95% interval is exp(ln θ ± 1.96 · SE(ln θ)), which stays positive as θ does.
//! Times (or values) divided by a constant shift every log-parameter in the time (or value) unit by a
//! constant, so SE(ln θ) is the same on the scaled data the fits use as on the data's own.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::words::Words;

/// The step in each log-parameter of the forward differences: small against the curvature's change (the
/// error is about half the step, relatively), large against the gradient's rounding (about 1e-13).
const STEP: f64 = 1e-5;

/// The 97.5% quantile of the standard normal distribution: a 95% interval is ± this many standard errors.
pub(super) const Z_975: f64 = 1.959_963_984_540_054;

/// A pivot of the Cholesky factorisation this small against its diagonal entry marks a singular matrix: the
/// information cannot tell a direction of the parameters from floating-point noise.
const SINGULAR: f64 = 1e-12;

/// One value per parameter, under the parameter's name, in the papers' order; written as a JSON object
/// (`{"r": …, "alpha": …}`).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamValues<T>(pub Vec<(String, T)>);

impl<T> ParamValues<T> {
    /// The value of the parameter named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for ParamValues<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ParamValues<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads the object's entries in order.
        struct InOrder<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for InOrder<T> {
            type Value = ParamValues<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object with a value per parameter")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(ParamValues(entries))
            }
        }
        deserializer.deserialize_map(InOrder(std::marker::PhantomData))
    }
}

/// Why a converged fit has no standard errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoStandardErrors {
    /// The observed information is singular: some combination of the parameters is not determined.
    Singular,
    /// The observed information is not positive definite: the point is not a proper maximum in every
    /// direction.
    NotPositiveDefinite,
    /// The gradient could not be evaluated near the optimum, or an error or interval is not a finite number.
    NotFinite,
}

impl std::fmt::Display for NoStandardErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NoStandardErrors::Singular => {
                "no standard errors: the information matrix is singular, so the data do not determine some \
                 combination of the parameters"
            }
            NoStandardErrors::NotPositiveDefinite => {
                "no standard errors: the information matrix is not positive definite, so the fit is not a \
                 proper maximum in every direction"
            }
            NoStandardErrors::NotFinite => {
                "no standard errors: the curvature of the log-likelihood could not be computed at the optimum"
            }
        })
    }
}

impl Words for NoStandardErrors {
    fn ja(&self) -> String {
        match self {
            NoStandardErrors::Singular => {
                "標準誤差なし：情報行列が特異で、パラメータの組み合わせの一部がデータから決まりません"
            }
            NoStandardErrors::NotPositiveDefinite => {
                "標準誤差なし：情報行列が正定値でなく、推定値はすべての方向で最大点になっていません"
            }
            NoStandardErrors::NotFinite => "標準誤差なし：推定値での対数尤度の曲率を計算できませんでした",
        }
        .into()
    }
}

/// The standard errors and 95% intervals of a converged fit, or why it has none. In the JSON these are
/// fields of the fit, beside `params`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    /// SE(θ) = θ · SE(ln θ) per parameter; `None` when [`Uncertainty::no_standard_errors`] says why.
    pub standard_errors: Option<ParamValues<f64>>,
    /// The 95% interval exp(ln θ ± 1.96 · SE(ln θ)) per parameter, as [low, high].
    pub intervals: Option<ParamValues<[f64; 2]>>,
    /// Why there are no standard errors, when there are none.
    pub no_standard_errors: Option<NoStandardErrors>,
    /// The covariance of the parameters' natural logarithms (the inverse observed information in the
    /// log-parameters), rows and columns in the parameters' order; `None` when there are no standard errors.
    /// The delta method turns it into intervals of what the parameters predict.
    #[serde(default)]
    pub log_covariance: Option<Vec<Vec<f64>>>,
}

impl Uncertainty {
    /// The uncertainty of `params` (named `names`) from the gradient of the mean negative log-likelihood in
    /// the log-parameters (`gradient`, on whatever scaled data the fit used) at its minimum `theta`, over
    /// `customers` customers.
    pub(crate) fn at_optimum<const N: usize>(
        gradient: impl Fn(&[f64; N]) -> Option<[f64; N]>,
        theta: [f64; N],
        customers: f64,
        names: [&str; N],
        params: [f64; N],
    ) -> Uncertainty {
        match log_covariance(gradient, theta, customers) {
            Ok(covariance) => Uncertainty::from_log_covariance(names, params, covariance),
            Err(why) => Uncertainty::none(why),
        }
    }

    /// The standard errors and intervals from the covariance of ln θ; none if any is not finite.
    fn from_log_covariance<const N: usize>(
        names: [&str; N],
        params: [f64; N],
        covariance: [[f64; N]; N],
    ) -> Uncertainty {
        let log_se: [f64; N] = std::array::from_fn(|i| covariance[i][i].sqrt());
        let se: [f64; N] = std::array::from_fn(|i| params[i] * log_se[i]);
        let intervals: [[f64; 2]; N] = std::array::from_fn(|i| {
            let (ln, half) = (params[i].ln(), Z_975 * log_se[i]);
            [(ln - half).exp(), (ln + half).exp()]
        });
        let finite =
            se.iter().all(|v| v.is_finite()) && intervals.iter().flatten().all(|v| v.is_finite());
        if !finite {
            return Uncertainty::none(NoStandardErrors::NotFinite);
        }
        let named = |i: usize| names[i].to_string();
        Uncertainty {
            standard_errors: Some(ParamValues((0..N).map(|i| (named(i), se[i])).collect())),
            intervals: Some(ParamValues(
                (0..N).map(|i| (named(i), intervals[i])).collect(),
            )),
            no_standard_errors: None,
            log_covariance: Some(covariance.iter().map(|row| row.to_vec()).collect()),
        }
    }

    /// The variance of a function f of the parameters by the delta method, gᵀ Σ g, where g holds the
    /// derivatives of f with respect to ln θ (f's change over a relative change of each parameter) and Σ is
    /// [`Uncertainty::log_covariance`]; `None` without a covariance or for a `g` of another length.
    pub fn delta_variance(&self, g: &[f64]) -> Option<f64> {
        let covariance = self.log_covariance.as_ref()?;
        if covariance.len() != g.len() {
            return None;
        }
        let variance = covariance
            .iter()
            .zip(g)
            .map(|(row, gi)| gi * row.iter().zip(g).map(|(c, gj)| c * gj).sum::<f64>())
            .sum();
        Some(variance)
    }

    fn none(why: NoStandardErrors) -> Uncertainty {
        Uncertainty {
            no_standard_errors: Some(why),
            ..Uncertainty::default()
        }
    }
}

/// The covariance of ln θ: the inverse observed information, which is `customers` times the Hessian of the
/// mean negative log-likelihood `gradient` differentiates.
fn log_covariance<const N: usize>(
    gradient: impl Fn(&[f64; N]) -> Option<[f64; N]>,
    theta: [f64; N],
    customers: f64,
) -> Result<[[f64; N]; N], NoStandardErrors> {
    let mut hessian = [[0.0; N]; N];
    let at = gradient(&theta).ok_or(NoStandardErrors::NotFinite)?;
    for i in 0..N {
        let mut up = theta;
        up[i] += STEP;
        let g_up = gradient(&up).ok_or(NoStandardErrors::NotFinite)?;
        for j in 0..N {
            hessian[i][j] = (g_up[j] - at[j]) / STEP;
        }
    }
    let mut information = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..N {
            information[i][j] = customers * (hessian[i][j] + hessian[j][i]) / 2.0;
        }
    }
    if information.iter().flatten().any(|v| !v.is_finite()) {
        return Err(NoStandardErrors::NotFinite);
    }
    inverse_positive_definite(information)
}

/// The inverse of a symmetric positive-definite matrix, by its Cholesky factorisation.
fn inverse_positive_definite<const N: usize>(
    m: [[f64; N]; N],
) -> Result<[[f64; N]; N], NoStandardErrors> {
    // m = L Lᵀ.
    let mut l = [[0.0; N]; N];
    for j in 0..N {
        let pivot = m[j][j] - (0..j).map(|k| l[j][k] * l[j][k]).sum::<f64>();
        let tiny = SINGULAR * m[j][j].abs();
        if pivot.abs() <= tiny {
            return Err(NoStandardErrors::Singular);
        }
        if pivot.is_nan() || pivot < 0.0 {
            return Err(NoStandardErrors::NotPositiveDefinite);
        }
        l[j][j] = pivot.sqrt();
        for i in j + 1..N {
            let dot: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            l[i][j] = (m[i][j] - dot) / l[j][j];
        }
    }
    // Columns of m⁻¹ (equal to its rows, m being symmetric): solve L y = e_c, then Lᵀ z = y.
    let mut inverse = [[0.0; N]; N];
    for (c, column) in inverse.iter_mut().enumerate() {
        let mut y = [0.0; N];
        for i in 0..N {
            let e = if i == c { 1.0 } else { 0.0 };
            y[i] = (e - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
        }
        let mut z = [0.0; N];
        for i in (0..N).rev() {
            z[i] = (y[i] - (i + 1..N).map(|k| l[k][i] * z[k]).sum::<f64>()) / l[i][i];
        }
        *column = z;
    }
    Ok(inverse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverts_a_positive_definite_matrix() {
        // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8, by hand.
        let inv = inverse_positive_definite([[4.0, 2.0], [2.0, 3.0]]).unwrap();
        let expected = [[0.375, -0.25], [-0.25, 0.5]];
        for (row, want) in inv.iter().zip(expected) {
            for (v, w) in row.iter().zip(want) {
                assert!((v - w).abs() < 1e-15, "{inv:?}");
            }
        }
        assert_eq!(
            inverse_positive_definite([[1.0, 2.0], [2.0, 1.0]]),
            Err(NoStandardErrors::NotPositiveDefinite)
        );
        assert_eq!(
            inverse_positive_definite([[1.0, 1.0], [1.0, 1.0 + 1e-14]]),
            Err(NoStandardErrors::Singular)
        );
    }

    #[test]
    fn a_quadratic_log_likelihood_gives_its_known_errors() {
        // Mean negative log-likelihood ½ (θ₀²/σ₀² + θ₁²/σ₁²) per customer over 100 customers: the total's
        // information is diag(100/σ²), so SE(ln θ) = σ/10; at θ = ln 2 the parameter is 2.
        let sigma = [0.5, 2.0];
        let gradient = |t: &[f64; 2]| Some([t[0] / 0.25, t[1] / 4.0]);
        let u = Uncertainty::at_optimum(gradient, [0.0; 2], 100.0, ["u", "v"], [2.0, 3.0]);
        let se = u.standard_errors.clone().unwrap();
        assert!((se.get("u").unwrap() - 2.0 * sigma[0] / 10.0).abs() < 1e-9);
        assert!((se.get("v").unwrap() - 3.0 * sigma[1] / 10.0).abs() < 1e-9);
        let [lo, hi] = *u.intervals.as_ref().unwrap().get("v").unwrap();
        assert!((lo - 3.0 * (-Z_975 * 0.2f64).exp()).abs() < 1e-9);
        assert!((hi - 3.0 * (Z_975 * 0.2f64).exp()).abs() < 1e-9);
        // The JSON keeps the parameters' order and names.
        let json = serde_json::to_string(&se).unwrap();
        assert!(json.starts_with("{\"u\":0.1"), "{json}");
        let back: ParamValues<f64> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, se);
        // Var(2θ₀ + θ₁) in the log-parameters: 4 σ₀²/100 + σ₁²/100 = 0.01 + 0.04, by hand.
        let variance = u.delta_variance(&[2.0, 1.0]).unwrap();
        assert!((variance - 0.05).abs() < 1e-9, "{variance}");
        assert_eq!(u.delta_variance(&[1.0]), None);
    }

    #[test]
    fn a_flat_direction_gives_a_reason_and_no_numbers() {
        let gradient = |t: &[f64; 2]| Some([t[0], 0.0]);
        let u = Uncertainty::at_optimum(gradient, [0.0; 2], 10.0, ["u", "v"], [1.0, 1.0]);
        assert_eq!(u.no_standard_errors, Some(NoStandardErrors::Singular));
        assert!(u.standard_errors.is_none() && u.intervals.is_none());
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(
            json,
            r#"{"standard_errors":null,"intervals":null,"no_standard_errors":"singular","log_covariance":null}"#
        );
    }
}
