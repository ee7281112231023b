//! # kokyaku-wasm
//!
//! The JavaScript API of Kokyaku's analysis core, for pages that embed it (`pkg/` is this crate built with
//! wasm-bindgen). A thin layer: it feeds bytes to `kokyaku_core::Ingestor` and returns the core's report
//! types as plain JS objects (via serde-wasm-bindgen).
//!
//! ```js
//! import init, { Analyzer } from './kokyaku_wasm.js';
//! await init();
//! const analyzer = new Analyzer({ preset: 'auto' });
//! analyzer.beginFile('orders.csv');
//! analyzer.push(new Uint8Array(await file.arrayBuffer()));   // or File.slice chunks, in order
//! analyzer.endFile();
//! analyzer.finish();
//! const summary = analyzer.summary();          // { customers, orders, revenue_minor, currency, ... }
//! ```

use kokyaku_core::ingest::{Ingested, Ingestor};
use kokyaku_core::report::SummaryReport;
use kokyaku_core::{Day, IngestOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Reads order exports and reports on them. Feed files with `beginFile`/`push`/`endFile`, then `finish`.
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
    /// `options`: `{ encoding?: 'auto'|'utf-8'|'shift-jis', preset?: 'auto'|'shopify'|'ec-cube'|'rakuten'|
    /// 'base'|'ecforce'|'generic', mapping?: [field, column][], currency?: string }`; `undefined` for defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Analyzer, JsError> {
        let options: IngestOptions = if options.is_undefined() || options.is_null() {
            IngestOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options)?
        };
        Ok(Analyzer {
            ingestor: Some(Ingestor::new(options).map_err(js_error)?),
            data: None,
        })
    }

    fn ingestor(&mut self) -> Result<&mut Ingestor, JsError> {
        self.ingestor
            .as_mut()
            .ok_or_else(|| JsError::new("finish() was already called"))
    }

    /// Starts a file.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: &str) -> Result<(), JsError> {
        self.ingestor()?.begin_file(name).map_err(js_error)
    }

    /// Feeds the next bytes of the current file (chunks of any size, in order).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.ingestor()?.push(bytes).map_err(js_error)
    }

    /// Ends the current file; returns its report (encoding, preset, columns, rows read and rejected).
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<JsValue, JsError> {
        let report = self.ingestor()?.end_file().map_err(js_error)?.clone();
        Ok(serde_wasm_bindgen::to_value(&report)?)
    }

    /// Ends reading and builds the dataset.
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

    /// The summary and data-quality report as of `asOf` (`YYYY-MM-DD`; default the day after the latest order).
    pub fn summary(&self, as_of: Option<String>) -> Result<JsValue, JsError> {
        let as_of = as_of
            .map(|s| s.parse::<Day>())
            .transpose()
            .map_err(|e| JsError::new(&e))?;
        let report = SummaryReport::new(self.data()?, as_of);
        Ok(report.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
    }

    /// Every rejected row as CSV text (UTF-8 with BOM).
    #[wasm_bindgen(js_name = rejectsCsv)]
    pub fn rejects_csv(&self) -> Result<String, JsError> {
        Ok(self.data()?.quality.rejects_csv())
    }
}
