//! # kokyaku-wasm
//!
//! The JavaScript API of Kokyaku's analysis core, for pages that embed it (`pkg/` is this crate built with
//! wasm-bindgen). A thin layer: it feeds CSV bytes or the host's own order objects to
//! `kokyaku_core::Ingestor` and returns the core's report types as plain JS objects; `types/` declares them
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

mod analyses;
mod convert;
mod orders;
mod segments;
mod types;

use kokyaku_core::ingest::{Ingested, Ingestor};
use kokyaku_core::Lang;
use wasm_bindgen::prelude::*;

use convert::{ingest_options, to_js};
use types::IngestOptionsArg;

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

    /// Every rejected row and order as CSV text (UTF-8 with BOM), with its header, fields and reasons in
    /// `lang` (`'ja'` or `'en'`, the default).
    #[wasm_bindgen(js_name = rejectsCsv)]
    pub fn rejects_csv(&self, lang: Option<String>) -> Result<String, JsError> {
        let lang = match lang.as_deref() {
            None => Lang::En,
            Some(code) => Lang::from_code(code)
                .ok_or_else(|| JsError::new(&format!("'{code}' is neither 'ja' nor 'en'")))?,
        };
        Ok(self.data()?.quality.rejects_csv(lang))
    }
}
