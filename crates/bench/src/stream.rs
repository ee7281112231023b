//! `kokyaku-bench --stream FILE`: Kokyaku's side of the comparison, run as a child process so that its peak
//! memory is that of the real streaming path (the file read from disk in 256 KiB chunks, as the CLI reads it),
//! not of a file held in memory.
//!
//! It ingests the file, runs every analysis with its default parameters (summary, RFM, CPM, monthly cohorts,
//! repeat, historical LTV) and prints one JSON object: the time of each step, the figures the other engines
//! are checked against (customers, valid orders, RFM segment counts, monthly cohort sizes) and its own peak
//! RSS. The parent also reads the peak from `wait4`.

use std::collections::BTreeMap;
use std::fs::File;
use std::hint::black_box;
use std::time::Instant;

use kokyaku_core::analysis::{cohort, cpm, history, repeat, rfm, summary};
use kokyaku_core::{IngestOptions, Ingestor};
use serde_json::json;

use crate::measure::{proc_status_bytes, Error, CHUNK_SIZE};

/// Runs the streaming measurement on `path` and prints its JSON line.
pub fn run(path: &str) -> Result<(), Error> {
    let start = Instant::now();
    let mut file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut ingestor = Ingestor::new(IngestOptions::default())?;
    ingestor.begin_file(path)?;
    if let Ok(meta) = file.metadata() {
        ingestor.expect_bytes(meta.len());
    }
    // As the CLI reads: blocks of the file parsed on both threads while this one groups their rows into orders.
    ingestor
        .push_reader(&mut file, CHUNK_SIZE)
        .map_err(|e| format!("{path}: {e}"))?;
    ingestor.end_file()?;
    let ingested = ingestor.finish()?;
    let ingest_s = start.elapsed().as_secs_f64();
    let ds = &ingested.dataset;

    let t = Instant::now();
    let summary = black_box(summary::summarize(ds, None));
    let summary_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let rfm = black_box(rfm::rfm(ds, None, &rfm::RfmParams::default()));
    let rfm_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let cohorts = black_box(cohort::cohorts(ds, None, cohort::Granularity::Month));
    let cohorts_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    black_box(cpm::cpm(ds, None, &cpm::CpmParams::default()));
    black_box(repeat::repeat(ds, None, &repeat::RepeatParams::default()));
    black_box(history::history(
        ds,
        None,
        &history::HistoryParams::default(),
    ));
    let others_s = t.elapsed().as_secs_f64();
    let total_s = start.elapsed().as_secs_f64();

    let segments: BTreeMap<&str, u64> = rfm
        .segments
        .iter()
        .filter(|s| s.customers > 0)
        .map(|s| (s.segment.id(), s.customers))
        .collect();
    let cohort_sizes: BTreeMap<&str, u64> = cohorts
        .by_cohort()
        .filter_map(|rows| rows.first().map(|r| (r.cohort.as_str(), r.customers)))
        .collect();
    let out = json!({
        "engine": "kokyaku",
        "version": env!("CARGO_PKG_VERSION"),
        "read_s": ingest_s,
        "summary_s": summary_s,
        "rfm_s": rfm_s,
        "cohorts_s": cohorts_s,
        "others_s": others_s,
        "rfm_cohorts_s": ingest_s + rfm_s + cohorts_s,
        "total_s": total_s,
        "peak_rss_bytes": proc_status_bytes("VmHWM"),
        "customers": ds.customer_count(),
        "orders": ds.order_count(),
        "revenue_minor": summary.revenue_minor,
        "segments": segments,
        "cohort_sizes": cohort_sizes,
    });
    println!("{out}");
    Ok(())
}
