//! The analyses of a finished [`Analyzer`]: each takes optional partial parameters, checked with the core's
//! rules (`validate`), and an as-of date (migration: two dates), and returns the core's report as a plain
//! object.

use kokyaku_core::analysis::acquisition::{acquisition, AcquisitionParams};
use kokyaku_core::analysis::basket::{basket, BasketParams};
use kokyaku_core::analysis::cohort::{cohorts, Granularity};
use kokyaku_core::analysis::cpm::{cpm, CpmParams};
use kokyaku_core::analysis::dashboard::{dashboard, DashboardParams};
use kokyaku_core::analysis::history::{history, HistoryParams};
use kokyaku_core::analysis::ltv::report::ltv_report;
use kokyaku_core::analysis::ltv::LtvParams;
use kokyaku_core::analysis::migration::{migration, MigrationParams};
use kokyaku_core::analysis::repeat::{repeat, RepeatParams};
use kokyaku_core::analysis::rfm::{rfm, RfmParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::SummaryReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::convert::{as_of, read_params, to_js};
use crate::types::{
    AcquisitionParamsArg, BasketParamsArg, CohortParamsArg, CpmParamsArg, DashboardParamsArg,
    HistoryParamsArg, LtvParamsArg, MigrationParamsArg, RepeatParamsArg, RfmParamsArg,
};
use crate::Analyzer;

/// The parameters of the cohort analysis.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct CohortParams {
    granularity: Granularity,
}

/// The parameters if the core's rules accept them, else the error naming what they are parameters of.
fn checked<T>(
    params: T,
    check: fn(&T) -> Result<(), ParamError>,
    what: &str,
) -> Result<T, JsError> {
    check(&params).map_err(|e| JsError::new(&format!("{what} parameters: {e}")))?;
    Ok(params)
}

#[wasm_bindgen]
impl Analyzer {
    /// The summary and data-quality report as of `asOf` (`YYYY-MM-DD`; default the day after the latest
    /// order).
    #[wasm_bindgen(unchecked_return_type = "SummaryReport")]
    pub fn summary(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        to_js(&SummaryReport::new(self.data()?, as_of(as_of_date)?))
    }

    /// RFM: per-customer recency, frequency and monetary scores, the R×F grid and the segments.
    #[wasm_bindgen(unchecked_return_type = "Rfm")]
    pub fn rfm(
        &self,
        params: Option<RfmParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: RfmParams = read_params(params.map(JsValue::from), "RFM")?;
        let p = checked(p, RfmParams::validate, "RFM")?;
        to_js(&rfm(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// CPM: the customer-portfolio groups (stage × active/lapsed) of every customer.
    #[wasm_bindgen(unchecked_return_type = "Cpm")]
    pub fn cpm(
        &self,
        params: Option<CpmParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: CpmParams = read_params(params.map(JsValue::from), "CPM")?;
        let p = checked(p, CpmParams::validate, "CPM")?;
        to_js(&cpm(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// Acquisition cohorts by month or week: retention and revenue per period.
    #[wasm_bindgen(unchecked_return_type = "Cohorts")]
    pub fn cohorts(
        &self,
        params: Option<CohortParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: CohortParams = read_params(params.map(JsValue::from), "cohort")?;
        to_js(&cohorts(
            &self.data()?.dataset,
            as_of(as_of_date)?,
            p.granularity,
        ))
    }

    /// Repeat purchases: F2 conversion, days to the second and third order, conversion by first product,
    /// subscription retention.
    #[wasm_bindgen(unchecked_return_type = "Repeat")]
    pub fn repeat(
        &self,
        params: Option<RepeatParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: RepeatParams = read_params(params.map(JsValue::from), "repeat")?;
        let p = checked(p, RepeatParams::validate, "repeat")?;
        to_js(&repeat(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// Historical LTV at horizons after the first order: overall, by cohort, by first product.
    #[wasm_bindgen(unchecked_return_type = "History")]
    pub fn history(
        &self,
        params: Option<HistoryParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: HistoryParams = read_params(params.map(JsValue::from), "history")?;
        let p = checked(p, HistoryParams::validate, "history")?;
        to_js(&history(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// Predictive LTV: BG/NBD (or MBG/NBD, or Pareto/NBD) and Gamma-Gamma fitted by maximum likelihood, CLV per customer,
    /// the calibration/holdout table, the P(alive) distribution and CLV by RFM segment and by cohort: the
    /// core's report, as `kokyaku ltv --json` prints it. The fits run on the calling thread (call from a worker
    /// for large data).
    #[wasm_bindgen(js_name = predictiveLtv, unchecked_return_type = "LtvReport")]
    pub fn predictive_ltv(
        &self,
        params: Option<LtvParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: LtvParams = read_params(params.map(JsValue::from), "predictive LTV")?;
        let p = checked(p, LtvParams::validate, "predictive LTV")?;
        to_js(&ltv_report(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// The dashboard: the last complete month's key figures against the month before and a year earlier, the
    /// monthly series (new and repeat revenue, active and new customers, F2 by first-order month) and the RFM
    /// and CPM distributions, as `kokyaku dashboard --json` prints it.
    #[wasm_bindgen(unchecked_return_type = "Dashboard")]
    pub fn dashboard(
        &self,
        params: Option<DashboardParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: DashboardParams = read_params(params.map(JsValue::from), "dashboard")?;
        let p = checked(p, DashboardParams::validate, "dashboard")?;
        to_js(&dashboard(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// Basket analysis (併売): product pairs bought in the same order with support, confidence and lift, and
    /// what customers bought in their second order given their first, as `kokyaku basket --json` prints it.
    #[wasm_bindgen(unchecked_return_type = "Basket")]
    pub fn basket(
        &self,
        params: Option<BasketParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: BasketParams = read_params(params.map(JsValue::from), "basket")?;
        let p = checked(p, BasketParams::validate, "basket")?;
        to_js(&basket(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// Acquisition: customers by their first order's channel (or coupon code, `{ by: 'coupon' }`), with the
    /// repeat rate, F2 conversion and historical LTV of each group, as `kokyaku acquisition --json` prints it
    /// (without predicted CLV: the CLI's `--predicted`).
    #[wasm_bindgen(unchecked_return_type = "Acquisition")]
    pub fn acquisition(
        &self,
        params: Option<AcquisitionParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: AcquisitionParams = read_params(params.map(JsValue::from), "acquisition")?;
        let p = checked(p, AcquisitionParams::validate, "acquisition")?;
        to_js(&acquisition(
            &self.data()?.dataset,
            as_of(as_of_date)?,
            &p,
            None,
        ))
    }

    /// Segment migration (効果推移): the customers of each RFM segment (or CPM group) as of `from` by their
    /// segment as of `to` (both `YYYY-MM-DD`, `from` first), with their revenue in between, as
    /// `kokyaku migration --json` prints it.
    #[wasm_bindgen(unchecked_return_type = "Migration")]
    pub fn migration(
        &self,
        from: String,
        to: String,
        params: Option<MigrationParamsArg>,
    ) -> Result<JsValue, JsError> {
        let p: MigrationParams = read_params(params.map(JsValue::from), "migration")?;
        let p = checked(p, MigrationParams::validate, "migration")?;
        let day = |name: &str, text: &str| {
            text.parse()
                .map_err(|e| JsError::new(&format!("{name}: {e}")))
        };
        let (from, to) = (day("from", &from)?, day("to", &to)?);
        let result = migration(&self.data()?.dataset, from, to, &p)
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&result)
    }

    /// The customer keys, by customer id: `customerKeys()[row.customer]` is the key (member id, normalised
    /// e-mail or phone) of a per-customer row.
    #[wasm_bindgen(js_name = customerKeys, unchecked_return_type = "string[]")]
    pub fn customer_keys(&self) -> Result<JsValue, JsError> {
        to_js(&self.data()?.dataset.customer_keys)
    }
}
