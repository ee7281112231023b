//! Practice before the first read. The browser runs WebAssembly first as quickly compiled baseline code and
//! compiles the functions that turn out to be hot into optimised code in the background: the first megabytes
//! of the first file read ran several times slower than the rest, and each view was slow the first time.
//! While the user picks a file, the reading worker reads a made-up export (`workers::read::worker::practise`)
//! and the page groups and analyses what it read ([`rehearse`]), so that the code reading and the views run
//! is optimised by the time a real file comes. The made-up data stays in memory only for that and is never
//! shown.

use std::hint::black_box;

use kokyaku_core::analysis::{cohort, cpm, history, repeat, rfm};
use kokyaku_core::ingest::RowBatch;
use kokyaku_core::report::SummaryReport;
use kokyaku_core::segment::{CustomerTable, TableParams};
use kokyaku_core::{IngestOptions, Ingestor};

/// Groups the reading worker's practice batch into a dataset and runs the views' analyses on it,
/// then drops it all.
pub fn rehearse(mut batch: RowBatch) {
    let mut ingestor = match Ingestor::new(IngestOptions::default()) {
        Ok(i) => i,
        Err(_) => return,
    };
    let read = ingestor
        .begin_file("practice.csv")
        .and_then(|()| ingestor.add_batch(&mut batch))
        .and_then(|()| ingestor.end_file().map(|_| ()))
        .and_then(|()| ingestor.finish());
    let Ok(data) = read else { return };
    let ds = &data.dataset;
    black_box(SummaryReport::new(&data, None));
    let params = TableParams::default();
    let rfm = rfm::rfm(ds, None, &params.rfm);
    let cpm = cpm::cpm(ds, None, &params.cpm);
    black_box(cohort::cohorts(ds, None, cohort::Granularity::Month));
    black_box(repeat::repeat(ds, None, &repeat::RepeatParams::default()));
    black_box(history::history(
        ds,
        None,
        &history::HistoryParams::default(),
    ));
    black_box(CustomerTable::from_analyses(ds, &rfm, &cpm, &params, None));
}
