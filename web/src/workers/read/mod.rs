//! Reading files with a worker: the worker decodes and parses the rows while the page groups them into
//! orders, the two halves of ingestion on two threads as natively (`Ingestor::push_reader`), with the same
//! result (`RowBatch` round trips, tested in the core). Reading the file in the worker keeps the browser's work
//! of handing over the file's bytes off the page, the busier of the two. The page's side ([`page`]) and the
//! worker's ([`worker`]).

pub mod page;
pub mod worker;
