//! Maximum-likelihood fitting: argmin's L-BFGS (with the Moré–Thuente line search) on the mean negative
//! log-likelihood over log-parameters, and the fit result every model returns.
//!
//! Why these choices:
//! - **Log-parameters.** Every parameter of these models is positive; optimising ln θ keeps it so without
//!   bounds, and turns the very different scales of r, α, a, b into steps of comparable size.
//! - **Analytic gradients.** The likelihoods are sums of log-gamma, log-beta and logarithm terms whose
//!   derivatives are digamma values and ratios, so the exact gradient costs little more than the
//!   likelihood; L-BFGS then needs tens of iterations, where Nelder–Mead would need hundreds.
//! - **Mean, not sum.** The objective is the log-likelihood divided by the number of customers, so one
//!   gradient tolerance means the same for 100 customers and for 10 million.
//! - **Scaled data.** The models fit times divided by their mean (and values divided by their mean), so the
//!   log-parameters start at 0 and stay near it whatever the time unit or currency; a parameter that still
//!   runs past e^±[`DIVERGED_LOG`] is a parameter the data cannot identify, and the fit says so.
//!
//! argmin's vector types need its `vec` feature, which pulls in `rand` and so `getrandom` (which does not
//! build for wasm32-unknown-unknown without extra configuration); `Theta` is a fixed-size parameter vector
//! implementing the few argmin-math traits L-BFGS uses instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use argmin::core::observers::{Observe, ObserverMode};
use argmin::core::{
    CostFunction, Error, Executor, Gradient, IterState, State, TerminationReason,
    TerminationStatus, KV,
};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd,
    ArgminSignum, ArgminSub, ArgminZeroLike,
};
use serde::{Deserialize, Serialize};

use super::fit_failure::FitFailure;
use super::uncertainty::Uncertainty;
use crate::join::Threads;

/// How far (in natural-log units, on the scaled data) a parameter may move from its start before the fit is
/// judged to diverge: e^13.8 ≈ 10⁶.
pub const DIVERGED_LOG: f64 = 13.8;

/// Options of every fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FitOptions {
    /// L-BFGS iterations before giving up.
    pub max_iterations: u64,
    /// The fit has converged when the gradient of the mean log-likelihood with respect to the log-parameters
    /// is shorter than this (the solver itself iterates to a tolerance 10 times smaller).
    pub gradient_tolerance: f64,
    /// The threads a likelihood's sums may use (two natively, one in WebAssembly); the fit is the same on
    /// either.
    #[serde(skip)]
    pub threads: Threads,
}

impl Default for FitOptions {
    /// 500 iterations, gradient tolerance 1e-6.
    fn default() -> Self {
        FitOptions {
            max_iterations: 500,
            gradient_tolerance: 1e-6,
            threads: Threads::default(),
        }
    }
}

/// A converged maximum-likelihood fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fitted<P> {
    /// The maximum-likelihood parameters.
    pub params: P,
    /// The log-likelihood at `params`, summed over the customers, in the data's own units.
    pub log_likelihood: f64,
    /// Customers whose data entered the likelihood.
    pub customers: u64,
    /// L-BFGS iterations.
    pub iterations: u64,
    /// Evaluations of the likelihood and its gradient.
    pub evaluations: u64,
    /// Length of the gradient of the mean log-likelihood (in log-parameters) at the optimum.
    pub gradient_norm: f64,
    /// The parameters' standard errors and 95% intervals, or why there are none (in the JSON, fields beside
    /// `params`).
    #[serde(flatten)]
    pub uncertainty: Uncertainty,
}

/// Why a fit returned no parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotConverged {
    /// What went wrong, in English words for the report.
    pub reason: String,
    /// What went wrong, as data.
    pub failure: FitFailure,
    /// L-BFGS iterations run before stopping (0 when the data were refused up front).
    pub iterations: u64,
}

impl NotConverged {
    /// The failure after `iterations`, with its English words.
    pub fn new(failure: FitFailure, iterations: u64) -> NotConverged {
        NotConverged {
            reason: failure.to_string(),
            failure,
            iterations,
        }
    }
}

/// The outcome of fitting a model: parameters only when the optimiser converged to a proper maximum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Fit<P> {
    /// The optimiser reached a maximum: the parameters and how it got there.
    Converged(Fitted<P>),
    /// No usable maximum: why not, after how many iterations.
    NotConverged(NotConverged),
}

impl<P> Fit<P> {
    /// Whether the fit converged.
    pub fn converged(&self) -> bool {
        matches!(self, Fit::Converged(_))
    }

    /// The fitted parameters and figures, if the fit converged.
    pub fn fitted(&self) -> Option<&Fitted<P>> {
        match self {
            Fit::Converged(f) => Some(f),
            Fit::NotConverged(_) => None,
        }
    }

    /// The fitted parameters, if the fit converged.
    pub fn params(&self) -> Option<&P> {
        self.fitted().map(|f| &f.params)
    }

    /// The reason the fit did not converge, if it did not.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Fit::Converged(_) => None,
            Fit::NotConverged(n) => Some(&n.reason),
        }
    }

    /// The outcome as a `Result`.
    pub fn into_result(self) -> Result<Fitted<P>, NotConverged> {
        match self {
            Fit::Converged(f) => Ok(f),
            Fit::NotConverged(n) => Err(n),
        }
    }

    /// A fit refused before optimising, with the reason.
    pub(crate) fn refused(failure: FitFailure) -> Self {
        Fit::NotConverged(NotConverged::new(failure, 0))
    }
}

/// A parameter vector of fixed length for argmin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Theta<const N: usize>(pub [f64; N]);

impl<const N: usize> Theta<N> {
    fn map(&self, f: impl Fn(f64) -> f64) -> Self {
        Theta(self.0.map(f))
    }

    fn zip(&self, other: &Self, f: impl Fn(f64, f64) -> f64) -> Self {
        Theta(std::array::from_fn(|i| f(self.0[i], other.0[i])))
    }
}

impl<const N: usize> ArgminAdd<Theta<N>, Theta<N>> for Theta<N> {
    fn add(&self, other: &Theta<N>) -> Theta<N> {
        self.zip(other, |a, b| a + b)
    }
}

impl<const N: usize> ArgminAdd<f64, Theta<N>> for Theta<N> {
    fn add(&self, other: &f64) -> Theta<N> {
        self.map(|a| a + other)
    }
}

impl<const N: usize> ArgminSub<Theta<N>, Theta<N>> for Theta<N> {
    fn sub(&self, other: &Theta<N>) -> Theta<N> {
        self.zip(other, |a, b| a - b)
    }
}

impl<const N: usize> ArgminSub<f64, Theta<N>> for Theta<N> {
    fn sub(&self, other: &f64) -> Theta<N> {
        self.map(|a| a - other)
    }
}

impl<const N: usize> ArgminMul<f64, Theta<N>> for Theta<N> {
    fn mul(&self, other: &f64) -> Theta<N> {
        self.map(|a| a * other)
    }
}

impl<const N: usize> ArgminMul<Theta<N>, Theta<N>> for Theta<N> {
    fn mul(&self, other: &Theta<N>) -> Theta<N> {
        self.zip(other, |a, b| a * b)
    }
}

impl<const N: usize> ArgminDot<Theta<N>, f64> for Theta<N> {
    fn dot(&self, other: &Theta<N>) -> f64 {
        self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum()
    }
}

impl<const N: usize> ArgminScaledAdd<Theta<N>, f64, Theta<N>> for Theta<N> {
    fn scaled_add(&self, factor: &f64, vec: &Theta<N>) -> Theta<N> {
        self.zip(vec, |a, b| a + factor * b)
    }
}

impl<const N: usize> ArgminL1Norm<f64> for Theta<N> {
    fn l1_norm(&self) -> f64 {
        self.0.iter().map(|a| a.abs()).sum()
    }
}

impl<const N: usize> ArgminL2Norm<f64> for Theta<N> {
    fn l2_norm(&self) -> f64 {
        self.dot(self).sqrt()
    }
}

impl<const N: usize> ArgminSignum for Theta<N> {
    fn signum(self) -> Theta<N> {
        self.map(f64::signum)
    }
}

impl<const N: usize> ArgminZeroLike for Theta<N> {
    fn zero_like(&self) -> Theta<N> {
        Theta([0.0; N])
    }
}

impl<const N: usize> ArgminMinMax for Theta<N> {
    fn min(x: &Theta<N>, y: &Theta<N>) -> Theta<N> {
        x.zip(y, f64::min)
    }

    fn max(x: &Theta<N>, y: &Theta<N>) -> Theta<N> {
        x.zip(y, f64::max)
    }
}

/// The evaluations seen so far: the last (the line search asks for the cost and the gradient of the same point
/// one after the other) and the one with the lowest cost (kept for when the line search gives up at the
/// optimum), and whom to tell of each new evaluation.
struct Tracker<'p, const N: usize> {
    last: RefCell<Option<(Theta<N>, f64, Theta<N>)>>,
    best: RefCell<Option<(Theta<N>, f64, Theta<N>)>>,
    evaluations: Cell<u64>,
    progress: RefCell<&'p mut dyn FnMut(u64)>,
}

/// The mean negative log-likelihood and its gradient, for argmin.
struct Objective<'a, 'p, const N: usize, F> {
    f: &'a F,
    tracker: &'a Tracker<'p, N>,
}

impl<const N: usize, F> Objective<'_, '_, N, F>
where
    F: Fn(&[f64; N]) -> Option<(f64, [f64; N])>,
{
    fn eval(&self, p: &Theta<N>) -> Result<(f64, Theta<N>), Error> {
        let t = self.tracker;
        if let Some((q, c, g)) = *t.last.borrow() {
            if q == *p {
                return Ok((c, g));
            }
        }
        t.evaluations.set(t.evaluations.get() + 1);
        (t.progress.borrow_mut())(t.evaluations.get());
        let (c, g) = (self.f)(&p.0)
            .filter(|(c, g)| c.is_finite() && g.iter().all(|v| v.is_finite()))
            .ok_or_else(|| Error::msg("the log-likelihood is not finite at these parameters"))?;
        let g = Theta(g);
        *t.last.borrow_mut() = Some((*p, c, g));
        let mut best = t.best.borrow_mut();
        if best.as_ref().is_none_or(|b| c < b.1) {
            *best = Some((*p, c, g));
        }
        Ok((c, g))
    }
}

impl<const N: usize, F> CostFunction for Objective<'_, '_, N, F>
where
    F: Fn(&[f64; N]) -> Option<(f64, [f64; N])>,
{
    type Param = Theta<N>;
    type Output = f64;

    fn cost(&self, p: &Theta<N>) -> Result<f64, Error> {
        self.eval(p).map(|(c, _)| c)
    }
}

impl<const N: usize, F> Gradient for Objective<'_, '_, N, F>
where
    F: Fn(&[f64; N]) -> Option<(f64, [f64; N])>,
{
    type Param = Theta<N>;
    type Gradient = Theta<N>;

    fn gradient(&self, p: &Theta<N>) -> Result<Theta<N>, Error> {
        self.eval(p).map(|(_, g)| g)
    }
}

/// How many times L-BFGS may be restarted after its line search gives up.
const RESTARTS: usize = 5;

/// Counts the iterations of a run (argmin reports none when a run ends in an error), and stops a run whose
/// iterate has gone twice as far as [`DIVERGED_LOG`] from the start: such a fit is lost, and the likelihood
/// there is too flat (and too imprecise) to say anything more.
struct Watch<const N: usize> {
    iterations: Rc<Cell<u64>>,
    start: [f64; N],
}

impl<const N: usize> Observe<IterState<Theta<N>, Theta<N>, (), (), (), f64>> for Watch<N> {
    fn observe_iter(
        &mut self,
        state: &IterState<Theta<N>, Theta<N>, (), (), (), f64>,
        _kv: &KV,
    ) -> Result<(), Error> {
        self.iterations.set(self.iterations.get() + 1);
        if let Some(p) = state.get_param() {
            if diverged(&p.0, &self.start, 2.0 * DIVERGED_LOG).is_some() {
                return Err(Error::msg("a parameter ran off"));
            }
        }
        Ok(())
    }
}

/// The first coordinate further than `limit` from the start, and whether it went up.
fn diverged<const N: usize>(
    theta: &[f64; N],
    start: &[f64; N],
    limit: f64,
) -> Option<(usize, bool)> {
    theta
        .iter()
        .zip(start)
        .position(|(t, s)| (t - s).abs() > limit)
        .map(|i| (i, theta[i] > start[i]))
}

/// The minimum found by [`minimize`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Minimum<const N: usize> {
    pub theta: [f64; N],
    pub iterations: u64,
    pub evaluations: u64,
    pub gradient_norm: f64,
}

/// Minimises `f` (returning the cost and its gradient, `None` where undefined) from `start` with L-BFGS, and
/// judges convergence: the gradient must be below the tolerance and no coordinate may have run past
/// ±[`DIVERGED_LOG`]. `names` name the coordinates for the messages; `progress` is told the number of
/// evaluations so far after each new one.
pub(crate) fn minimize<const N: usize, F>(
    f: &F,
    start: [f64; N],
    names: [&str; N],
    options: &FitOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Minimum<N>, NotConverged>
where
    F: Fn(&[f64; N]) -> Option<(f64, [f64; N])>,
{
    let tracker = Tracker {
        last: RefCell::new(None),
        best: RefCell::new(None),
        evaluations: Cell::new(0),
        progress: RefCell::new(progress),
    };
    let not_converged = NotConverged::new;
    let mut from = Theta(start);
    let mut iterations = 0u64;
    let mut stopped = None;
    // L-BFGS's line search refuses a direction that is not a descent direction, which its curvature memory
    // can produce on these flat, curved likelihoods; restarting from the best point found (with the memory
    // cleared, so the first step is steepest descent) resolves it.
    for _ in 0..RESTARTS {
        let remaining = options.max_iterations.saturating_sub(iterations);
        if remaining == 0 {
            stopped = Some(FitFailure::OutOfIterations {
                max: options.max_iterations,
            });
            break;
        }
        let best_before = tracker.best.borrow().map(|b| b.1);
        let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
            .with_tolerance_grad(options.gradient_tolerance / 10.0)
            .and_then(|s| s.with_tolerance_cost(0.0))
            .map_err(|e| {
                let detail = e.to_string();
                not_converged(FitFailure::InvalidOptions { detail }, 0)
            })?;
        let counted = Rc::new(Cell::new(0));
        let watch = Watch {
            iterations: counted.clone(),
            start,
        };
        let outcome = Executor::new(
            Objective {
                f,
                tracker: &tracker,
            },
            solver,
        )
        .configure(|state| state.param(from).max_iters(remaining))
        .add_observer(watch, ObserverMode::Always)
        .timer(false)
        .run();
        iterations += counted.get();
        let mut out_of_iterations = false;
        stopped = match &outcome {
            Ok(result) => match result.state.get_termination_status() {
                TerminationStatus::Terminated(TerminationReason::SolverConverged) => None,
                TerminationStatus::Terminated(TerminationReason::MaxItersReached) => {
                    out_of_iterations = true;
                    Some(FitFailure::OutOfIterations {
                        max: options.max_iterations,
                    })
                }
                TerminationStatus::Terminated(TerminationReason::SolverExit(why)) => {
                    Some(stopped_by(why.clone()))
                }
                TerminationStatus::Terminated(other) => Some(stopped_by(other.text().to_string())),
                TerminationStatus::NotTerminated => {
                    Some(stopped_by("the optimiser stopped early".into()))
                }
            },
            Err(e) => Some(stopped_by(e.to_string())),
        };
        let best = *tracker.best.borrow();
        let Some((theta, cost, gradient)) = best else {
            break;
        };
        let improved = best_before.is_none_or(|b| cost < b);
        if stopped.is_none()
            || gradient.l2_norm() <= options.gradient_tolerance
            || out_of_iterations
            || !improved
            || diverged(&theta.0, &start, DIVERGED_LOG).is_some()
        {
            break;
        }
        from = theta;
    }
    // The point with the lowest cost ever evaluated: argmin's best, or ours when a run ended in an error
    // (typically a line search that cannot improve on the optimum in floating point).
    let Some((theta, _, gradient)) = *tracker.best.borrow() else {
        return Err(not_converged(
            stopped
                .unwrap_or_else(|| stopped_by("the log-likelihood could not be evaluated".into())),
            iterations,
        ));
    };
    if let Some((i, up)) = diverged(&theta.0, &start, DIVERGED_LOG) {
        let failure = FitFailure::Diverged {
            param: names[i].to_string(),
            towards_infinity: up,
        };
        return Err(not_converged(failure, iterations));
    }
    let gradient_norm = gradient.l2_norm();
    if gradient_norm > options.gradient_tolerance {
        let why = stopped.map_or_else(|| "the optimiser stopped".into(), |s| s.to_string());
        let failure = FitFailure::NotAtMaximum {
            stopped: why,
            gradient_norm,
            tolerance: options.gradient_tolerance,
        };
        return Err(not_converged(failure, iterations));
    }
    Ok(Minimum {
        theta: theta.0,
        iterations,
        evaluations: tracker.evaluations.get(),
        gradient_norm,
    })
}

/// The optimiser stopped, for the reason it gives.
fn stopped_by(detail: String) -> FitFailure {
    FitFailure::Stopped { detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_a_smooth_function_and_reports_divergence() {
        // (x − 1)² + 10 (y + 2)²: minimum at (1, −2).
        let f = |t: &[f64; 2]| {
            let (x, y) = (t[0], t[1]);
            Some((
                (x - 1.0).powi(2) + 10.0 * (y + 2.0).powi(2),
                [2.0 * (x - 1.0), 20.0 * (y + 2.0)],
            ))
        };
        let mut told = Vec::new();
        let m = minimize(
            &f,
            [0.0, 0.0],
            ["x", "y"],
            &FitOptions::default(),
            &mut |n| told.push(n),
        )
        .unwrap();
        assert!((m.theta[0] - 1.0).abs() < 1e-7 && (m.theta[1] + 2.0).abs() < 1e-7);
        assert!(m.iterations > 0 && m.evaluations >= m.iterations);
        // Progress hears of every evaluation, in order.
        assert_eq!(told, (1..=m.evaluations).collect::<Vec<_>>());

        // e^(−x): flat towards +∞, so the minimiser runs off.
        let g = |t: &[f64; 1]| Some(((-t[0]).exp(), [-(-t[0]).exp()]));
        let e = minimize(&g, [0.0], ["x"], &FitOptions::default(), &mut |_| {}).unwrap_err();
        assert!(
            e.reason.contains("x ran off towards infinity"),
            "{}",
            e.reason
        );
    }

    #[test]
    fn an_undefined_objective_is_not_converged() {
        let f = |_: &[f64; 1]| None;
        let e = minimize(&f, [0.0], ["x"], &FitOptions::default(), &mut |_| {}).unwrap_err();
        assert!(e.reason.contains("not finite"), "{}", e.reason);
    }
}
