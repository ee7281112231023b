//! Predictive LTV (docs/analyses.md, "Predictive LTV" and its "Calibration/holdout check"): how many
//! transactions each customer will make, whether they are still alive, what a transaction of theirs will be
//! worth, and so their customer lifetime value over a horizon.
//!
//! The pipeline, each step usable on its own:
//! 1. [`summary::calibration_summary`]: per-customer (x, t_x, T, mean repeat value) over the calibration period
//!    and the holdout counts, grouped where identical for fitting ([`summary::CalibrationSummary::rf_groups`]).
//! 2. A transaction model fitted by maximum likelihood: BG/NBD ([`bgnbd::fit_bgnbd`], the default), MBG/NBD
//!    ([`mbgnbd::fit_mbgnbd`]) or Pareto/NBD ([`paretonbd::fit_paretonbd`]), all behind the
//!    [`TransactionModel`] surface (likelihood, P(alive), conditional and new-customer expected
//!    transactions), like the fitters of the `lifetimes` package.
//! 3. The Gamma-Gamma spend model ([`gamma_gamma::fit_gamma_gamma`]) on customers with x ≥ 1, with the
//!    frequency/value correlation that checks its independence assumption.
//! 4. CLV per customer ([`clv::clv`]; [`clv::WhileAlive`] computes what depends on (x, T) once per pair),
//!    the totals over the horizon with intervals ([`totals`]), the tracking ([`tracking`]) and, when the
//!    summary has a holdout period, the calibration/holdout table ([`holdout::holdout_table`]).
//!
//! [`predictive_ltv`] runs all of them; [`report::ltv_report`] adds what every front end shows of it (the
//! P(alive) distribution, predicted CLV by RFM segment and by cohort) in the report they all give. A fit that
//! does not converge says so, with the reason, and gives no parameters; the predictions that need it are then
//! `None`. Everything is a pure function: the fits are
//! deterministic (L-BFGS from a fixed start on scaled data, see [`optimize`]).
//!
//! The fits are the only iterative (slow) step. A caller that must stay responsive (the page) splits the run:
//! [`FitInput::new`] on the summary, [`fit_models`] elsewhere (a worker; the input and the result are plain
//! serde values, and progress is reported per likelihood evaluation), then [`predict`] with the fits.

pub mod ahead;
pub mod bgnbd;
pub mod clv;
pub mod fit_failure;
pub mod gamma_gamma;
mod halves;
pub mod holdout;
pub mod mbgnbd;
pub mod optimize;
mod pareto_integral;
pub mod paretonbd;
pub mod report;
mod special;
mod sum;
pub mod summary;
#[cfg(test)]
mod test_support;
pub mod totals;
pub mod tracking;
mod transaction_fit;
pub mod uncertainty;

use serde::{Deserialize, Serialize};

use crate::date::Day;
use crate::model::Dataset;
use bgnbd::BgNbdParams;
use clv::ClvParams;
use gamma_gamma::GammaGammaParams;
use holdout::HoldoutTable;
use mbgnbd::MbgNbdParams;
use optimize::{Fit, FitOptions, NotConverged};
use paretonbd::ParetoNbdParams;
use summary::{CalibrationSummary, RfGroup, SpendObservation, SummaryParams};
use totals::HorizonTotals;
use tracking::Tracking;

/// The surface every transaction model offers. Times are in the unit of the data the model was fitted on;
/// t_cal is T, the time from the customer's first transaction to the calibration end.
pub trait TransactionModel {
    /// The log-likelihood of grouped calibration data, summed over the customers.
    fn log_likelihood(&self, groups: &[RfGroup]) -> f64;
    /// The probability that a customer with this history is still alive at T.
    fn p_alive(&self, x: u32, t_x: f64, t_cal: f64) -> f64;
    /// The expected transactions in (T, T + t] of a customer with x repeats who is alive at T: the
    /// conditional expectation without its factor P(alive), so it does not depend on t_x. In every model
    /// here the conditional expectation is P(alive) times this.
    fn expected_while_alive(&self, t: f64, x: u32, t_cal: f64) -> Option<f64>;
    /// The expected transactions in (T, T + t] of a customer with this history, P(alive) times
    /// [`TransactionModel::expected_while_alive`]; `None` when a hypergeometric series does not converge
    /// (BG/NBD and MBG/NBD: t astronomically long compared with α + T; Pareto/NBD: α + t and β + t thousands
    /// of times apart at t_x or T, where P(alive) is not a number).
    fn conditional_expected_transactions(
        &self,
        t: f64,
        x: u32,
        t_x: f64,
        t_cal: f64,
    ) -> Option<f64> {
        if t == 0.0 {
            return Some(0.0);
        }
        let alive = self.expected_while_alive(t, x, t_cal)?;
        let p = self.p_alive(x, t_x, t_cal);
        p.is_finite().then_some(alive * p)
    }
    /// The expected repeat transactions in (0, t] of a customer just acquired, E[X(t)].
    fn expected_transactions(&self, t: f64) -> Option<f64>;
    /// r and α, the Gamma distribution of purchase rates: a customer alive at T with x repeat purchases buys
    /// at a rate distributed Gamma(r + x, α + T) in every model here.
    fn purchase_rate(&self) -> (f64, f64);
    /// [`TransactionModel::conditional_expected_transactions`] for each t of `ts`, in order, for a model that
    /// can share work between them (the Pareto/NBD's P(alive) is two series, computed once here).
    fn conditional_expected_transactions_over(
        &self,
        ts: &[f64],
        x: u32,
        t_x: f64,
        t_cal: f64,
    ) -> Option<Vec<f64>> {
        ts.iter()
            .map(|&t| self.conditional_expected_transactions(t, x, t_x, t_cal))
            .collect()
    }
}

/// Which transaction model to fit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionModelKind {
    /// Fader, Hardie & Lee (2005).
    #[default]
    BgNbd,
    /// Batislam, Denizel & Filiztekin (2007): customers without repeat purchases can be dead.
    MbgNbd,
    /// Schmittlein, Morrison & Colombo (1987): customers can drop out at any time.
    ParetoNbd,
}

impl TransactionModelKind {
    /// Every model, in the order the front ends offer them.
    pub const ALL: [TransactionModelKind; 3] = [
        TransactionModelKind::BgNbd,
        TransactionModelKind::MbgNbd,
        TransactionModelKind::ParetoNbd,
    ];

    /// The model's name as the papers write it: `BG/NBD`, `MBG/NBD`, `Pareto/NBD`.
    pub fn name(self) -> &'static str {
        match self {
            TransactionModelKind::BgNbd => "BG/NBD",
            TransactionModelKind::MbgNbd => "MBG/NBD",
            TransactionModelKind::ParetoNbd => "Pareto/NBD",
        }
    }

    /// The model's id in the JSON and the JS API: `bg_nbd`, `mbg_nbd`, `pareto_nbd`.
    pub fn id(self) -> &'static str {
        match self {
            TransactionModelKind::BgNbd => "bg_nbd",
            TransactionModelKind::MbgNbd => "mbg_nbd",
            TransactionModelKind::ParetoNbd => "pareto_nbd",
        }
    }

    /// The names of the model's parameters, as the JSON gives them, in the papers' order.
    pub fn param_names(self) -> [&'static str; 4] {
        match self {
            TransactionModelKind::BgNbd | TransactionModelKind::MbgNbd => ["r", "alpha", "a", "b"],
            TransactionModelKind::ParetoNbd => ["r", "alpha", "s", "beta"],
        }
    }
}

/// The fitted transaction model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum TransactionFit {
    /// BG/NBD: a customer can drop out only after a repeat purchase.
    BgNbd(Fit<BgNbdParams>),
    /// MBG/NBD: a customer can also drop out right after the first purchase.
    MbgNbd(Fit<MbgNbdParams>),
    /// Pareto/NBD: a customer can drop out at any time.
    ParetoNbd(Fit<ParetoNbdParams>),
}

impl TransactionFit {
    /// Fits the chosen model.
    pub fn fit(
        kind: TransactionModelKind,
        groups: &[RfGroup],
        options: &FitOptions,
    ) -> TransactionFit {
        Self::fit_reporting(kind, groups, options, &mut |_| {})
    }

    /// Fits the chosen model, telling `progress` the number of likelihood evaluations so far.
    pub fn fit_reporting(
        kind: TransactionModelKind,
        groups: &[RfGroup],
        options: &FitOptions,
        progress: &mut dyn FnMut(u64),
    ) -> TransactionFit {
        match kind {
            TransactionModelKind::BgNbd => TransactionFit::BgNbd(bgnbd::fit_bg_family(
                groups,
                0,
                options,
                progress,
                BgNbdParams::from_array,
            )),
            TransactionModelKind::MbgNbd => TransactionFit::MbgNbd(bgnbd::fit_bg_family(
                groups,
                1,
                options,
                progress,
                MbgNbdParams::from_array,
            )),
            TransactionModelKind::ParetoNbd => {
                TransactionFit::ParetoNbd(paretonbd::fit_reporting(groups, options, progress))
            }
        }
    }

    /// Which model this is a fit of.
    pub fn kind(&self) -> TransactionModelKind {
        match self {
            TransactionFit::BgNbd(_) => TransactionModelKind::BgNbd,
            TransactionFit::MbgNbd(_) => TransactionModelKind::MbgNbd,
            TransactionFit::ParetoNbd(_) => TransactionModelKind::ParetoNbd,
        }
    }

    /// The fitted model, if the fit converged.
    pub fn model(&self) -> Option<&dyn TransactionModel> {
        match self {
            TransactionFit::BgNbd(f) => f.params().map(|p| p as &dyn TransactionModel),
            TransactionFit::MbgNbd(f) => f.params().map(|p| p as &dyn TransactionModel),
            TransactionFit::ParetoNbd(f) => f.params().map(|p| p as &dyn TransactionModel),
        }
    }

    /// Whether the fit converged.
    pub fn converged(&self) -> bool {
        self.model().is_some()
    }

    /// A model of this kind with other parameters, in the papers' order: what the intervals of the
    /// predictions vary.
    pub fn model_with(&self, params: [f64; 4]) -> Box<dyn TransactionModel> {
        match self.kind() {
            TransactionModelKind::BgNbd => Box::new(BgNbdParams::from_array(params)),
            TransactionModelKind::MbgNbd => Box::new(MbgNbdParams::from_array(params)),
            TransactionModelKind::ParetoNbd => Box::new(ParetoNbdParams::from_array(params)),
        }
    }

    /// The converged fit as people read it (the parameters under the papers' names, the log-likelihood and
    /// the iterations), or why it did not converge.
    pub fn summary(&self) -> Result<TransactionSummary, &NotConverged> {
        /// The parameters, the log-likelihood and the iterations of a converged fit.
        fn figures<P: Copy>(
            fit: &Fit<P>,
            to_array: fn(P) -> [f64; 4],
        ) -> Result<([f64; 4], f64, u64), &NotConverged> {
            match fit {
                Fit::Converged(f) => Ok((to_array(f.params), f.log_likelihood, f.iterations)),
                Fit::NotConverged(n) => Err(n),
            }
        }
        let (values, log_likelihood, iterations) = match self {
            TransactionFit::BgNbd(f) => figures(f, BgNbdParams::to_array),
            TransactionFit::MbgNbd(f) => figures(f, MbgNbdParams::to_array),
            TransactionFit::ParetoNbd(f) => figures(f, ParetoNbdParams::to_array),
        }?;
        let names = self.kind().param_names();
        Ok(TransactionSummary {
            model: self.kind(),
            params: std::array::from_fn(|i| (names[i], values[i])),
            log_likelihood,
            iterations,
        })
    }

    /// The parameters' standard errors and intervals (or why there are none), if the fit converged.
    pub fn uncertainty(&self) -> Option<&uncertainty::Uncertainty> {
        match self {
            TransactionFit::BgNbd(f) => f.fitted().map(|f| &f.uncertainty),
            TransactionFit::MbgNbd(f) => f.fitted().map(|f| &f.uncertainty),
            TransactionFit::ParetoNbd(f) => f.fitted().map(|f| &f.uncertainty),
        }
    }

    /// Why the fit did not converge, if it did not.
    pub fn failure(&self) -> Option<&NotConverged> {
        self.summary().err()
    }
}

/// A converged transaction fit, whichever the model: its parameters, the log-likelihood and the L-BFGS
/// iterations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransactionSummary {
    /// The model fitted.
    pub model: TransactionModelKind,
    /// The parameters under their names in the JSON (`r`, `alpha`, then `a`, `b` or `s`, `beta`), in the
    /// papers' order.
    pub params: [(&'static str, f64); 4],
    /// The log-likelihood of the fit.
    pub log_likelihood: f64,
    /// The number of L-BFGS iterations the fit took.
    pub iterations: u64,
}

/// The parameters of the predictive LTV analysis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LtvParams {
    /// Calibration end, holdout end, time unit.
    pub summary: SummaryParams,
    /// BG/NBD, MBG/NBD or Pareto/NBD for the transactions.
    pub model: TransactionModelKind,
    /// Horizon, discount rate and margin of the CLV.
    pub clv: ClvParams,
    /// Iteration limit and tolerance of the maximum-likelihood fits.
    pub fit: FitOptions,
}

/// One customer's predictions, as of the calibration end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerLtv {
    /// Customer id (index into [`Dataset::customer_keys`]).
    pub customer: u32,
    /// Repeat transactions in the calibration period.
    pub x: u32,
    /// t_x in the unit.
    pub t_x: f64,
    /// T in the unit.
    pub t_cal: f64,
    /// Observed mean repeat-transaction value in minor units (`None` for x = 0).
    pub mean_repeat_value_minor: Option<f64>,
    /// Transactions in the holdout period, when there is one.
    pub holdout_transactions: Option<u32>,
    /// Probability of being alive at the calibration end.
    pub p_alive: Option<f64>,
    /// Expected transactions over the CLV horizon.
    pub expected_transactions: Option<f64>,
    /// Gamma-Gamma expected value per transaction, in minor units.
    pub expected_value_minor: Option<f64>,
    /// Discounted CLV over the horizon, in minor units, after the margin.
    pub clv_minor: Option<f64>,
}

/// The predictive LTV analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PredictiveLtv {
    /// Orders before this day are read.
    pub as_of: Option<Day>,
    /// The models are fitted on orders up to and including this day, and predict from it.
    pub calibration_end: Option<Day>,
    /// The parameters the analysis ran with, defaults filled in.
    pub params: LtvParams,
    /// The transaction model's fit (its parameters only when it converged).
    pub transactions: TransactionFit,
    /// The Gamma-Gamma spend model's fit (its parameters only when it converged).
    pub spend: Fit<GammaGammaParams>,
    /// Pearson correlation between x and the mean repeat value over the customers with x ≥ 1: the check of
    /// the Gamma-Gamma independence assumption (close to 0 is what the model needs).
    pub frequency_value_correlation: Option<f64>,
    /// In customer order.
    pub customers: Vec<CustomerLtv>,
    /// Predicted against actual holdout transactions, when a holdout period is set.
    pub holdout: Option<HoldoutTable>,
    /// Cumulative repeat transactions, actual and predicted, over the calibration and holdout periods.
    pub tracking: Option<Tracking>,
    /// All customers' expected transactions and CLV over the horizon, with 95% intervals.
    pub totals: HorizonTotals,
}

/// Everything the model fits need, and nothing else: the calibration data grouped for the likelihoods and the
/// choice of model. Plain data, so that it can be sent to a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitInput {
    /// The transaction model to fit.
    pub model: TransactionModelKind,
    /// Iteration limit and tolerance of both fits.
    pub options: FitOptions,
    /// The transaction model's data ([`CalibrationSummary::rf_groups`]).
    pub groups: Vec<RfGroup>,
    /// The spend model's data ([`CalibrationSummary::spend_observations`]).
    pub spend: Vec<SpendObservation>,
}

impl FitInput {
    /// The fits' input for this summary and these parameters.
    pub fn new(summary: &CalibrationSummary, params: &LtvParams) -> FitInput {
        FitInput {
            model: params.model,
            options: params.fit.clone(),
            groups: summary.rf_groups(),
            spend: summary.spend_observations(),
        }
    }
}

/// Which of the two fits a progress report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitStage {
    /// The transaction model (BG/NBD, MBG/NBD or Pareto/NBD), first.
    Transactions,
    /// Gamma-Gamma, second.
    Spend,
}

/// How far [`fit_models`] has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FitProgress {
    /// Which fit is running.
    pub stage: FitStage,
    /// Likelihood evaluations of this stage so far.
    pub evaluations: u64,
}

/// Both fitted models.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelFits {
    /// The transaction model's fit.
    pub transactions: TransactionFit,
    /// The Gamma-Gamma spend model's fit.
    pub spend: Fit<GammaGammaParams>,
}

/// Fits the transaction model, then the spend model, telling `progress` of every likelihood evaluation.
pub fn fit_models(input: &FitInput, progress: &mut dyn FnMut(FitProgress)) -> ModelFits {
    let transactions =
        TransactionFit::fit_reporting(input.model, &input.groups, &input.options, &mut |n| {
            progress(FitProgress {
                stage: FitStage::Transactions,
                evaluations: n,
            })
        });
    let spend = gamma_gamma::fit_gamma_gamma_reporting(&input.spend, &input.options, &mut |n| {
        progress(FitProgress {
            stage: FitStage::Spend,
            evaluations: n,
        })
    });
    ModelFits {
        transactions,
        spend,
    }
}

/// Runs the predictive LTV analysis as of `as_of` (default: the day after the latest valid order).
pub fn predictive_ltv(ds: &Dataset, as_of: Option<Day>, params: &LtvParams) -> PredictiveLtv {
    let summary = summary::calibration_summary(ds, as_of, &params.summary);
    let fits = fit_models(&FitInput::new(&summary, params), &mut |_| {});
    predict(&summary, fits, params)
}

/// The predictions from fitted models: per customer, the holdout table and the model checks. `fits` must come
/// from [`fit_models`] on [`FitInput::new`] of this summary with the same model; the CLV options of `params`
/// may differ from those the fits were made with (they do not enter the fits).
pub fn predict(summary: &CalibrationSummary, fits: ModelFits, params: &LtvParams) -> PredictiveLtv {
    let ModelFits {
        transactions,
        spend,
    } = fits;
    let model = transactions.model();
    let per_unit = summary.minor_per_unit();
    let mut while_alive = model.map(|m| clv::WhileAlive::new(m, summary.unit, &params.clv));
    let customers = summary
        .customers
        .iter()
        .map(|c| {
            // The spend model is in currency units (see `CalibrationSummary::spend_observations`).
            let expected_value_minor = spend.params().and_then(|g| {
                let mean = c.mean_repeat_value_minor.unwrap_or(0.0) / per_unit;
                g.conditional_expected_value(c.x, mean)
                    .map(|v| v * per_unit)
            });
            let p_alive = model.map(|m| m.p_alive(c.x, c.t_x, c.t_cal));
            // The conditional expectations are P(alive) times the figures while alive.
            let ahead = p_alive
                .filter(|p| p.is_finite())
                .zip(while_alive.as_mut().and_then(|w| w.get(c.x, c.t_cal)));
            CustomerLtv {
                customer: c.customer,
                x: c.x,
                t_x: c.t_x,
                t_cal: c.t_cal,
                mean_repeat_value_minor: c.mean_repeat_value_minor,
                holdout_transactions: c.holdout_transactions,
                p_alive,
                expected_transactions: ahead.map(|(p, f)| p * f.transactions),
                expected_value_minor,
                clv_minor: ahead
                    .zip(expected_value_minor)
                    .map(|((p, f), v)| p * f.discounted * v * params.clv.margin),
            }
        })
        .collect::<Vec<_>>();
    let holdout = holdout::holdout_table(summary, model);
    let tracking = tracking::tracking(summary, model);
    let totals = totals::horizon_totals(
        &customers,
        &transactions,
        &spend,
        summary.unit,
        &params.clv,
        per_unit,
    );
    PredictiveLtv {
        as_of: summary.as_of,
        calibration_end: summary.calibration_end,
        params: params.clone(),
        frequency_value_correlation: gamma_gamma::frequency_value_correlation(
            &summary.spend_observations(),
        ),
        transactions,
        spend,
        customers,
        holdout,
        tracking,
        totals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(csv: &str) -> Dataset {
        crate::ingest::ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    #[test]
    fn without_repeat_purchases_nothing_is_fitted_and_nothing_panics() {
        // Every customer bought once: the purchase and dropout processes cannot be told apart.
        let csv = "order_id,order_date,customer_id,order_total\n\
            1,2024-01-01,a,100\n2,2024-01-05,b,200\n3,2024-02-01,c,300\n4,2024-02-01,c,50\n";
        let r = predictive_ltv(&dataset(csv), None, &LtvParams::default());
        assert!(!r.transactions.converged());
        let TransactionFit::BgNbd(fit) = &r.transactions else {
            panic!("BG/NBD is the default")
        };
        assert!(fit.params().is_none());
        assert!(fit
            .reason()
            .unwrap()
            .contains("no customer has a repeat transaction"));
        assert!(!r.spend.converged() && r.spend.reason().unwrap().contains("fewer than two"));
        assert_eq!(r.customers.len(), 3);
        assert!(r.customers.iter().all(|c| c.p_alive.is_none()
            && c.clv_minor.is_none()
            && c.expected_transactions.is_none()));
        assert!(r.holdout.is_none());
        // The report still serialises, with the reason.
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"status\":\"not_converged\""), "{json}");
    }

    #[test]
    fn empty_data_and_mbgnbd_refuse_too() {
        let ds = dataset("order_id,order_date,customer_id,order_total\n");
        let params = LtvParams {
            model: TransactionModelKind::MbgNbd,
            ..LtvParams::default()
        };
        let r = predictive_ltv(&ds, None, &params);
        assert!(r.customers.is_empty() && r.as_of.is_none());
        let TransactionFit::MbgNbd(fit) = &r.transactions else {
            panic!("MBG/NBD was asked for")
        };
        assert!(fit
            .reason()
            .unwrap()
            .contains("no customer has a transaction"));
    }

    #[test]
    fn params_deserialise_with_defaults() {
        let p: LtvParams = serde_json::from_str(
            r#"{"model":"mbg_nbd","summary":{"unit":"day","calibration_end":"1997-09-30"},"clv":{"margin":0.3}}"#,
        )
        .unwrap();
        assert_eq!(p.model, TransactionModelKind::MbgNbd);
        assert_eq!(p.summary.unit, summary::TimeUnit::Day);
        assert_eq!(p.summary.calibration_end.unwrap().to_string(), "1997-09-30");
        assert_eq!(
            (
                p.clv.margin,
                p.clv.horizon_months,
                p.clv.monthly_discount_rate
            ),
            (0.3, 12, 0.01)
        );
        assert_eq!(p.fit, FitOptions::default());
    }
}
