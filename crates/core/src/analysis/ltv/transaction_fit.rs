//! What fitting every transaction model (BG/NBD, MBG/NBD, Pareto/NBD) shares: the calibration groups prepared
//! once for the many likelihood evaluations, the data a fit refuses, the fit on times divided by the mean T,
//! and the parameters and log-likelihood brought back to the data's own time unit.

use rustc_hash::FxHashMap;

use super::fit_failure::FitFailure;
use super::halves::{with_halves, Half};
use super::optimize::{minimize, Fit, FitOptions, Fitted};
use super::sum::Sum;
use super::summary::RfGroup;
use super::uncertainty::Uncertainty;

/// Groups from which a likelihood's sum is split in two halves, summed at once on two threads where the fit
/// has them: below it, a second thread would cost more than it saves.
const SPLIT_GROUPS: usize = 2048;

/// Calibration groups prepared for repeated likelihood evaluations. Each distinct time (a t_x or a T) is
/// stored once, so that the terms of a likelihood that depend on one time only (ln(α + t), 1/(α + t), …) cost
/// one evaluation per distinct time rather than two per group: groups from dated orders share a few hundred
/// distinct times among hundreds of thousands of groups.
pub(super) struct Prepared {
    /// The distinct times.
    pub(super) times: Vec<f64>,
    /// The groups, in the order given.
    pub(super) groups: Vec<PreparedGroup>,
}

/// One group of customers who share (x, t_x, T), its times as indices into [`Prepared::times`].
pub(super) struct PreparedGroup {
    /// Repeat transactions.
    pub(super) x: u32,
    /// Index of t_x in `times`.
    pub(super) t_x: u32,
    /// Index of T in `times`.
    pub(super) t_cal: u32,
    /// How many customers share these values.
    pub(super) customers: f64,
}

impl Prepared {
    /// The groups with their times divided by `scale`.
    pub(super) fn new(groups: &[RfGroup], scale: f64) -> Prepared {
        let mut index: FxHashMap<u64, u32> = FxHashMap::default();
        let mut times = Vec::new();
        let mut intern = |t: f64| {
            let t = t / scale;
            *index.entry(t.to_bits()).or_insert_with(|| {
                times.push(t);
                (times.len() - 1) as u32
            })
        };
        // Sorted groups repeat t_x over runs of T; those need no lookup.
        let mut last_t_x: Option<(f64, u32)> = None;
        let groups = groups
            .iter()
            .map(|g| {
                let t_x = match last_t_x {
                    Some((t, i)) if t == g.t_x => i,
                    _ => intern(g.t_x),
                };
                last_t_x = Some((g.t_x, t_x));
                PreparedGroup {
                    x: g.x,
                    t_x,
                    t_cal: intern(g.t_cal),
                    customers: f64::from(g.customers),
                }
            })
            .collect();
        Prepared { times, groups }
    }
}

/// A four-parameter transaction model as the fit sees it.
pub(super) struct TransactionLikelihood<L> {
    /// The parameters' names, for the reasons a fit gives.
    pub(super) names: [&'static str; 4],
    /// Which parameters are in the time unit (rates of Gamma distributions: α, and β in the Pareto/NBD), so
    /// scaled back with the times.
    pub(super) in_time_unit: [bool; 4],
    /// The log-likelihood summed over a run of the prepared groups (with the times of all of them) and its
    /// gradient with respect to the logarithms of the parameters; `None` where it cannot be computed.
    pub(super) log_likelihood: L,
}

/// Fits a transaction model by maximum likelihood, `make` building its parameters; `progress` hears the number
/// of likelihood evaluations so far. Data without customers, or without a repeat transaction, are refused.
pub(super) fn fit_transaction_model<P, L>(
    groups: &[RfGroup],
    model: &TransactionLikelihood<L>,
    options: &FitOptions,
    progress: &mut dyn FnMut(u64),
    make: impl Fn([f64; 4]) -> P,
) -> Fit<P>
where
    L: Fn([f64; 4], &Prepared, &[PreparedGroup]) -> Option<(Sum, [f64; 4])> + Sync,
{
    let customers: u64 = groups.iter().map(|g| u64::from(g.customers)).sum();
    if customers == 0 {
        return Fit::refused(FitFailure::NoTransactions);
    }
    if !groups.iter().any(|g| g.x > 0 && g.customers > 0) {
        return Fit::refused(FitFailure::NoRepeatTransactions);
    }
    // Fit on times divided by the mean T so that the rates start near 1 whatever the unit (see optimize.rs).
    let mean_t = groups
        .iter()
        .map(|g| f64::from(g.customers) * g.t_cal)
        .sum::<f64>()
        / customers as f64;
    let scale = if mean_t > 0.0 { mean_t } else { 1.0 };
    let scaled = Prepared::new(groups, scale);
    let mid = scaled.groups.len() / 2;
    let part = |params: [f64; 4], half: Half| {
        let run = match half {
            Half::Whole => &scaled.groups[..],
            Half::Low => &scaled.groups[..mid],
            Half::High => &scaled.groups[mid..],
        };
        (model.log_likelihood)(params, &scaled, run)
    };
    let split = scaled.groups.len() >= SPLIT_GROUPS;
    with_halves(split, options.threads, &part, |sum| {
        // The log-likelihood over every group: the halves' sums added.
        let total = |params: [f64; 4]| -> Option<(f64, [f64; 4])> {
            let (first, second) = sum(params);
            let (mut ll, mut grad) = first?;
            if let Some(second) = second {
                let (ll2, grad2) = second?;
                ll.add(ll2.value());
                grad = std::array::from_fn(|i| grad[i] + grad2[i]);
            }
            Some((ll.value(), grad))
        };
        fit_on_sums(
            groups, model, options, progress, make, &total, customers, scale,
        )
    })
}

/// The fit of [`fit_transaction_model`] with the log-likelihood summed over every (scaled) group by `total`.
#[allow(clippy::too_many_arguments)]
fn fit_on_sums<P, L>(
    groups: &[RfGroup],
    model: &TransactionLikelihood<L>,
    options: &FitOptions,
    progress: &mut dyn FnMut(u64),
    make: impl Fn([f64; 4]) -> P,
    total: &dyn Fn([f64; 4]) -> Option<(f64, [f64; 4])>,
    customers: u64,
    scale: f64,
) -> Fit<P> {
    let n = customers as f64;
    let objective = |theta: &[f64; 4]| {
        let (ll, g) = total(theta.map(f64::exp))?;
        Some((-ll / n, g.map(|v| -v / n)))
    };
    let m = match minimize(&objective, [0.0; 4], model.names, options, progress) {
        Ok(m) => m,
        Err(e) => return Fit::NotConverged(e),
    };
    let on_scaled = m.theta.map(f64::exp);
    // Times divided by s multiply each customer's density by s^x: ln L = ln L' − x ln s.
    let Some((scaled_ll, _)) = total(on_scaled) else {
        let detail = "the log-likelihood could not be evaluated at the optimum".to_string();
        return Fit::refused(FitFailure::Stopped { detail });
    };
    let repeats: f64 = groups
        .iter()
        .map(|g| f64::from(g.customers) * f64::from(g.x))
        .sum();
    let params =
        std::array::from_fn(|i| on_scaled[i] * if model.in_time_unit[i] { scale } else { 1.0 });
    let gradient = |theta: &[f64; 4]| objective(theta).map(|(_, g)| g);
    let uncertainty = Uncertainty::at_optimum(gradient, m.theta, n, model.names, params);
    Fit::Converged(Fitted {
        params: make(params),
        log_likelihood: scaled_ll - repeats * scale.ln(),
        customers,
        iterations: m.iterations,
        evaluations: m.evaluations,
        gradient_norm: m.gradient_norm,
        uncertainty,
    })
}
