//! # kokyaku-wasm
//!
//! The JavaScript API of Kokyaku's analysis core, for pages that embed it (`pkg/` is this crate built with
//! wasm-bindgen). A thin layer: it feeds CSV bytes or the host's own order objects to
//! `kokyaku_core::Ingestor` and returns the core's report types as plain JS objects; `types.rs` declares them
//! for TypeScript.
//!
//! ```js
//! import init, { Analyzer } from './kokyaku_wasm.js';
//! await init();
//! const analyzer = Analyzer.fromOrders([
//!   { orderId: 'A-1', orderDate: '2024-01-05', email: 'a@example.jp', total: 1200 },
//! ]);
//! analyzer.summary().customers;                 // 1
//! analyzer.rfm().segments;                      // per RFM segment: customers, revenue, …
//! ```

mod convert;
mod orders;
mod types;

use kokyaku_core::analysis::cohort::{cohorts, Granularity};
use kokyaku_core::analysis::cpm::{cpm, CpmParams};
use kokyaku_core::analysis::history::{history, HistoryParams};
use kokyaku_core::analysis::ltv::{predictive_ltv, LtvParams};
use kokyaku_core::analysis::repeat::{repeat, RepeatParams};
use kokyaku_core::analysis::rfm::{rfm, RfmParams};
use kokyaku_core::ingest::{Ingested, Ingestor};
use kokyaku_core::report::SummaryReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use convert::{as_of, ingest_options, read_params, to_js};
use types::{
    CohortParamsArg, CpmParamsArg, HistoryParamsArg, IngestOptionsArg, LtvParamsArg,
    RepeatParamsArg, RfmParamsArg,
};

/// Reads order exports or the host's own orders, then runs the analyses on them. Feed CSV files with
/// `beginFile`/`push`/`endFile` and orders with `addOrders` (any mix, in any number), then `finish`.
#[wasm_bindgen]
pub struct Analyzer {
    ingestor: Option<Ingestor>,
    data: Option<Ingested>,
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The parameters of the cohort analysis.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct CohortParams {
    granularity: Granularity,
}

/// The longest CLV horizon, in months: a hundred years.
const MAX_HORIZON_MONTHS: u32 = 1200;
/// The most L-BFGS iterations a fit may be given.
const MAX_FIT_ITERATIONS: u64 = 10_000;

/// Refuses predictive-LTV parameters that would make the call run for hours or give no number.
fn check_ltv_params(p: &LtvParams) -> Result<(), JsError> {
    let bad = |what: String| Err(JsError::new(&format!("predictive LTV parameters: {what}")));
    if p.clv.horizon_months > MAX_HORIZON_MONTHS {
        return bad(format!(
            "clv.horizon_months is {}; at most {MAX_HORIZON_MONTHS}",
            p.clv.horizon_months
        ));
    }
    if !(p.clv.monthly_discount_rate.is_finite() && p.clv.monthly_discount_rate > -1.0) {
        return bad("clv.monthly_discount_rate must be a number above -1".into());
    }
    if !p.clv.margin.is_finite() {
        return bad("clv.margin must be a number".into());
    }
    if p.fit.max_iterations > MAX_FIT_ITERATIONS {
        return bad(format!(
            "fit.max_iterations is {}; at most {MAX_FIT_ITERATIONS}",
            p.fit.max_iterations
        ));
    }
    if !(p.fit.gradient_tolerance.is_finite() && p.fit.gradient_tolerance > 0.0) {
        return bad("fit.gradient_tolerance must be a positive number".into());
    }
    Ok(())
}

#[wasm_bindgen]
impl Analyzer {
    /// An analyzer reading with these options (`undefined` for detection of encoding and format).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<IngestOptionsArg>) -> Result<Analyzer, JsError> {
        Ok(Analyzer {
            ingestor: Some(
                Ingestor::new(ingest_options(options.map(JsValue::from))?).map_err(js_error)?,
            ),
            data: None,
        })
    }

    /// An analyzer over the host's own orders, finished and ready for the analyses.
    #[wasm_bindgen(js_name = fromOrders)]
    pub fn from_orders(
        #[wasm_bindgen(unchecked_param_type = "OrderInput[]")] orders: JsValue,
        options: Option<IngestOptionsArg>,
    ) -> Result<Analyzer, JsError> {
        let mut analyzer = Analyzer::new(options)?;
        analyzer.add_orders(orders, None)?;
        analyzer.finish()?;
        Ok(analyzer)
    }

    /// An analyzer over one CSV file held in memory (bytes, or text), finished and ready for the analyses.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] data: JsValue,
        options: Option<IngestOptionsArg>,
        name: Option<String>,
    ) -> Result<Analyzer, JsError> {
        let bytes = match data.as_string() {
            Some(text) => text.into_bytes(),
            None => match data.dyn_ref::<js_sys::Uint8Array>() {
                Some(array) => array.to_vec(),
                None => return Err(JsError::new("fromCsv: expected a Uint8Array or a string")),
            },
        };
        let mut analyzer = Analyzer::new(options)?;
        analyzer.begin_file(name.as_deref().unwrap_or("orders.csv"))?;
        analyzer.push(&bytes)?;
        analyzer.end_file()?;
        analyzer.finish()?;
        Ok(analyzer)
    }

    fn ingestor(&mut self) -> Result<&mut Ingestor, JsError> {
        self.ingestor
            .as_mut()
            .ok_or_else(|| JsError::new("finish() was already called"))
    }

    /// Starts a CSV file.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: &str) -> Result<(), JsError> {
        self.ingestor()?.begin_file(name).map_err(js_error)
    }

    /// Feeds the next bytes of the current file (chunks of any size, in order).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.ingestor()?.push(bytes).map_err(js_error)
    }

    /// Ends the current file; returns its report (encoding, preset, columns, rows read and rejected).
    #[wasm_bindgen(js_name = endFile, unchecked_return_type = "FileReport")]
    pub fn end_file(&mut self) -> Result<JsValue, JsError> {
        let report = self.ingestor()?.end_file().map_err(js_error)?.clone();
        to_js(&report)
    }

    /// Adds the host's own orders as one source named `name` (default `orders`). Every entry is validated
    /// like a CSV row: a bad one is a counted reject whose `line` is its index in the array.
    #[wasm_bindgen(js_name = addOrders, unchecked_return_type = "FileReport")]
    pub fn add_orders(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "OrderInput[]")] orders: JsValue,
        name: Option<String>,
    ) -> Result<JsValue, JsError> {
        let entries = orders::read_orders(&orders).map_err(|e| JsError::new(&e))?;
        let name = name.unwrap_or_else(|| "orders".into());
        let report = self
            .ingestor()?
            .add_orders(&name, entries)
            .map_err(js_error)?
            .clone();
        to_js(&report)
    }

    /// Ends reading and builds the dataset (fails when the orders mix currencies and none was chosen).
    pub fn finish(&mut self) -> Result<(), JsError> {
        let ingestor = self
            .ingestor
            .take()
            .ok_or_else(|| JsError::new("finish() was already called"))?;
        self.data = Some(ingestor.finish().map_err(js_error)?);
        Ok(())
    }

    fn data(&self) -> Result<&Ingested, JsError> {
        self.data
            .as_ref()
            .ok_or_else(|| JsError::new("call finish() first"))
    }

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
        to_js(&history(&self.data()?.dataset, as_of(as_of_date)?, &p))
    }

    /// Predictive LTV: BG/NBD (or MBG/NBD) and Gamma-Gamma fitted by maximum likelihood, CLV per customer,
    /// the calibration/holdout table. The fits run on the calling thread (call from a worker for large data).
    #[wasm_bindgen(js_name = predictiveLtv, unchecked_return_type = "PredictiveLtv")]
    pub fn predictive_ltv(
        &self,
        params: Option<LtvParamsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsError> {
        let p: LtvParams = read_params(params.map(JsValue::from), "predictive LTV")?;
        check_ltv_params(&p)?;
        to_js(&predictive_ltv(
            &self.data()?.dataset,
            as_of(as_of_date)?,
            &p,
        ))
    }

    /// The customer keys, by customer id: `customerKeys()[row.customer]` is the key (member id, normalised
    /// e-mail or phone) of a per-customer row.
    #[wasm_bindgen(js_name = customerKeys, unchecked_return_type = "string[]")]
    pub fn customer_keys(&self) -> Result<JsValue, JsError> {
        to_js(&self.data()?.dataset.customer_keys)
    }

    /// Every rejected row and order as CSV text (UTF-8 with BOM).
    #[wasm_bindgen(js_name = rejectsCsv)]
    pub fn rejects_csv(&self) -> Result<String, JsError> {
        Ok(self.data()?.quality.rejects_csv())
    }
}
