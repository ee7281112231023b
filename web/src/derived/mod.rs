//! The results derived from the data read, for every view, through one Yew context: [`Derived`] holds the data
//! read and the as-of date, the summary computed from them, and the results several views share, each
//! computed once when first asked for (RFM and CPM, the LTV calibration summary, the model fits and their
//! predictions). The page makes a new one when the data or the as-of date change; the old one, and any fit
//! still running for it, goes when no view holds it any more.

mod fits;
mod memo;

use std::rc::Rc;

use kokyaku_core::analysis::cpm::{cpm, Cpm, CpmParams};
use kokyaku_core::analysis::ltv::report::LtvReport;
use kokyaku_core::analysis::ltv::summary::{
    calibration_summary, CalibrationSummary, SummaryParams,
};
use kokyaku_core::analysis::ltv::{predict, LtvParams, ModelFits, PredictiveLtv};
use kokyaku_core::analysis::rfm::{rfm, Rfm, RfmParams};
use kokyaku_core::report::SummaryReport;
use kokyaku_core::{Dataset, Day};
use yew::prelude::*;

use crate::loader::Loaded;
use crate::same::Same;
use fits::Fits;
pub use fits::{use_fit, FitKey, FitState};
use memo::Last;

/// The context of every analysis view: the data read, the as-of date and what is derived from them. Cloning
/// it is cheap, and clones compare equal (by identity), so that it changes only with the data or the date.
#[derive(Clone)]
pub struct Derived(Rc<Results>);

struct Results {
    loaded: Rc<Loaded>,
    as_of: Option<Day>,
    summary: Rc<SummaryReport>,
    rfm: Last<RfmParams, Rfm>,
    cpm: Last<CpmParams, Cpm>,
    calibration: Last<SummaryParams, CalibrationSummary>,
    predictions: Last<(LtvParams, Same<ModelFits>), PredictiveLtv>,
    reports: Last<(LtvParams, Same<ModelFits>), LtvReport>,
    fits: Fits,
}

impl PartialEq for Derived {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Derived {
    /// The results of `loaded` as of `as_of` (default: the day after the latest order): the summary at once,
    /// the rest when a view first asks.
    pub fn new(loaded: Rc<Loaded>, as_of: Option<Day>) -> Derived {
        let summary = Rc::new(SummaryReport::new(&loaded.data, as_of));
        Derived(Rc::new(Results {
            loaded,
            as_of,
            summary,
            rfm: Last::default(),
            cpm: Last::default(),
            calibration: Last::default(),
            predictions: Last::default(),
            reports: Last::default(),
            fits: Fits::default(),
        }))
    }

    /// The data read, with the files' names and the statuses chosen.
    pub fn loaded(&self) -> &Rc<Loaded> {
        &self.0.loaded
    }

    /// The dataset read.
    pub fn dataset(&self) -> &Dataset {
        &self.0.loaded.data.dataset
    }

    /// The as-of date the user set, if any (the analyses' default otherwise).
    pub fn as_of(&self) -> Option<Day> {
        self.0.as_of
    }

    /// The summary and data-quality report.
    pub fn summary(&self) -> &Rc<SummaryReport> {
        &self.0.summary
    }

    /// RFM with these parameters (RFM view, segment builder, LTV view).
    pub fn rfm(&self, params: &RfmParams) -> Rc<Rfm> {
        self.0
            .rfm
            .get(params, || rfm(self.dataset(), self.as_of(), params))
    }

    /// CPM with these parameters (CPM view, segment builder).
    pub fn cpm(&self, params: &CpmParams) -> Rc<Cpm> {
        self.0
            .cpm
            .get(params, || cpm(self.dataset(), self.as_of(), params))
    }

    /// The customers' calibration-period summary the LTV models are fitted on (LTV view, segment builder).
    pub fn calibration(&self, params: &SummaryParams) -> Rc<CalibrationSummary> {
        self.0.calibration.get(params, || {
            calibration_summary(self.dataset(), self.as_of(), params)
        })
    }

    /// The predictions of `fits`, which were fitted for `params` (see [`FitKey::of`]).
    pub fn predictions(&self, fits: &Rc<ModelFits>, params: &LtvParams) -> Rc<PredictiveLtv> {
        let key = (params.clone(), Same(fits.clone()));
        self.0.predictions.get(&key, || {
            predict(&self.calibration(&params.summary), (**fits).clone(), params)
        })
    }

    /// The LTV report of `fits` (predictions with CLV by segment and cohort), for the LTV view.
    pub fn ltv_report(&self, fits: &Rc<ModelFits>, params: &LtvParams) -> Rc<LtvReport> {
        let key = (params.clone(), Same(fits.clone()));
        self.0.reports.get(&key, || {
            let rfm = self.rfm(&RfmParams::default());
            LtvReport::new(
                self.dataset(),
                (*self.predictions(fits, params)).clone(),
                &rfm,
            )
        })
    }
}

/// The context the views read their results from.
#[hook]
pub fn use_derived() -> Derived {
    use_context::<Derived>().expect("the analysis views are rendered inside the results' context")
}
