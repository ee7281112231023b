//! # kokyaku-core
//!
//! The analysis core of Kokyaku, customer analytics for online shops that runs in the browser. It reads shop
//! order exports (Shopify, EC-CUBE, 楽天RMS, BASE, ecforce or any CSV with a column mapping) in UTF-8 or
//! Shift_JIS, streams them into a columnar [`Dataset`], and computes the analyses defined in the project's
//! `docs/analyses.md` as pure functions of that dataset.
//!
//! It has no I/O, DOM or wasm dependency: the browser (through `kokyaku-wasm` and the Yew app) and the CLI
//! feed it bytes in chunks and render what it returns.
//!
//! ```
//! use kokyaku_core::{analysis::summary, ingest};
//!
//! let csv = "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n2,2024-02-01,a@example.jp,800\n";
//! let data = ingest::ingest_files(Default::default(), [("orders.csv", csv.as_bytes())]).unwrap();
//! let s = summary::summarize(&data.dataset, None);
//! assert_eq!((s.customers, s.orders, s.revenue_minor), (1, 2, 2000));
//! assert_eq!(s.as_of.unwrap().to_string(), "2024-02-02");
//! ```

pub mod amount;
pub mod analysis;
pub mod date;
pub mod export;
pub mod ingest;
mod join;
pub mod model;
pub mod money;
pub mod params;
mod params_ja;
mod prefetch;
mod tagged;
pub mod report;
pub mod segment;
pub mod table;
pub mod tables;
mod text;
pub mod texts;
pub mod words;

pub use date::Day;
pub use ingest::{IngestError, IngestOptions, Ingested, Ingestor};
pub use model::Dataset;
pub use words::{Lang, Words};
