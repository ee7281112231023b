//! Generating an export, timing ingestion and each analysis on it, and reading memory figures.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kokyaku_core::analysis::{basket, cohort, cpm, history, repeat, rfm, summary};
use kokyaku_core::{Dataset, IngestOptions, Ingested, Ingestor};
use kokyaku_gen::{generate, Format, GenOptions, Truth};

/// The chunk size the CLI reads files with (`kokyaku-cli`'s `CHUNK_SIZE`): ingestion is fed this much at a time.
pub const CHUNK_SIZE: usize = 1 << 18;

/// The name the generated export is ingested under.
const FILE_NAME: &str = "bench.csv";

/// A measured step: ingestion, then each analysis with its default parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Decoding, CSV splitting, preset mapping, grouping rows into orders and building the dataset.
    Ingest,
    /// `summary::summarize`.
    Summary,
    /// `rfm::rfm` with `RfmParams::default()`.
    Rfm,
    /// `cpm::cpm` with `CpmParams::default()`.
    Cpm,
    /// `cohort::cohorts` by month.
    Cohorts,
    /// `repeat::repeat` with `RepeatParams::default()`.
    Repeat,
    /// `history::history` with `HistoryParams::default()`.
    History,
    /// `basket::basket` with `BasketParams::default()`.
    Basket,
}

/// How many steps are timed.
pub const STEPS: usize = 8;

impl Step {
    /// Every step, in the order they are run.
    pub const ALL: [Step; STEPS] = [
        Step::Ingest,
        Step::Summary,
        Step::Rfm,
        Step::Cpm,
        Step::Cohorts,
        Step::Repeat,
        Step::History,
        Step::Basket,
    ];

    /// The step's name in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Step::Ingest => "ingest",
            Step::Summary => "summary",
            Step::Rfm => "rfm",
            Step::Cpm => "cpm",
            Step::Cohorts => "cohorts (month)",
            Step::Repeat => "repeat",
            Step::History => "history",
            Step::Basket => "basket",
        }
    }
}

/// The dataset's shape as ingested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Customers (distinct keys among valid orders).
    pub customers: usize,
    /// Valid orders in the dataset.
    pub orders: usize,
    /// Product lines of the valid orders.
    pub lines: usize,
    /// Distinct products.
    pub products: usize,
    /// Approximate columnar size in bytes (see [`columnar_bytes`]).
    pub columnar_bytes: usize,
}

/// Everything measured for one size.
#[derive(Debug, Clone)]
pub struct SizeResult {
    /// The number of data rows asked for.
    pub requested_lines: usize,
    /// The generated format.
    pub format: Format,
    /// Orders written by the generator (every kind: valid, cancelled, malformed, …).
    pub generated_orders: usize,
    /// Data rows written (the header excluded).
    pub rows: u64,
    /// Size of the generated file.
    pub bytes: usize,
    /// How long generating the file took (not part of the total).
    pub generate_time: Duration,
    /// The dataset's shape.
    pub shape: Shape,
    /// Best time of each step, in [`Step::ALL`]'s order.
    pub best: [Duration; STEPS],
    /// Best time of a whole run (ingestion and every analysis).
    pub best_total: Duration,
    /// Resident memory just before the first ingestion (mostly the generated file), in bytes, if known.
    pub rss_before: Option<u64>,
    /// The process's peak resident memory (`VmHWM`) in bytes, if known.
    pub peak: Option<u64>,
    /// Whether the peak was reset after generation, so that it covers ingestion and the analyses only.
    pub peak_is_per_size: bool,
    /// Differences between what was read and the generator's ground truth (expected to be empty).
    pub warnings: Vec<String>,
}

/// A failure that ends the benchmark.
pub type Error = Box<dyn std::error::Error>;

/// Generates an export of about `lines` data rows, then measures ingestion and the analyses `repeat` times.
pub fn run_size(
    lines: usize,
    format: Format,
    seed: u64,
    repeat: usize,
) -> Result<SizeResult, Error> {
    let generate_start = Instant::now();
    let orders = orders_for_lines(lines, format, seed)?;
    let mut bytes = Vec::new();
    let truth = generate(
        &GenOptions {
            format,
            orders,
            seed,
        },
        &mut bytes,
    )?;
    bytes.shrink_to_fit();
    let generate_time = generate_start.elapsed();

    // From here on the peak covers the file held in memory, ingestion and the analyses, not generation.
    let peak_is_per_size = reset_peak();
    let rss_before = proc_status_bytes("VmRSS");

    let mut best = [Duration::MAX; STEPS];
    let mut best_total = Duration::MAX;
    let mut shape = None;
    let mut warnings = Vec::new();
    for _ in 0..repeat {
        let mut times = [Duration::ZERO; STEPS];
        let start = Instant::now();
        let ingested = ingest(&bytes)?;
        times[0] = start.elapsed();
        let ds = &ingested.dataset;
        times[1] = timed(|| summary::summarize(ds, None));
        times[2] = timed(|| rfm::rfm(ds, None, &rfm::RfmParams::default()));
        times[3] = timed(|| cpm::cpm(ds, None, &cpm::CpmParams::default()));
        times[4] = timed(|| cohort::cohorts(ds, None, cohort::Granularity::Month));
        times[5] = timed(|| repeat::repeat(ds, None, &repeat::RepeatParams::default()));
        times[6] = timed(|| history::history(ds, None, &history::HistoryParams::default()));
        times[7] = timed(|| basket::basket(ds, None, &basket::BasketParams::default()));
        for (b, t) in best.iter_mut().zip(times) {
            *b = (*b).min(t);
        }
        best_total = best_total.min(times.iter().sum());
        if shape.is_none() {
            shape = Some(shape_of(ds));
            warnings = check_truth(&ingested, &truth);
        }
    }
    Ok(SizeResult {
        requested_lines: lines,
        format,
        generated_orders: orders,
        rows: truth.rows_written,
        bytes: bytes.len(),
        generate_time,
        shape: shape.expect("repeat is at least 1"),
        best,
        best_total,
        rss_before,
        peak: proc_status_bytes("VmHWM"),
        peak_is_per_size,
        warnings,
    })
}

/// Ingests the file as the CLI does: default options (encoding and format detected), read in [`CHUNK_SIZE`]
/// chunks and parsed on both threads.
fn ingest(bytes: &[u8]) -> Result<Ingested, Error> {
    let mut ingestor = Ingestor::new(IngestOptions::default())?;
    ingestor.begin_file(FILE_NAME)?;
    ingestor
        .push_reader(&mut &bytes[..], CHUNK_SIZE)
        .map_err(|e| e.to_string())?;
    ingestor.end_file()?;
    Ok(ingestor.finish()?)
}

/// Runs `f` once and returns how long it took; its result is kept opaque to the optimiser and dropped after
/// the clock is read.
fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let out = black_box(f());
    let elapsed = start.elapsed();
    drop(out);
    elapsed
}

/// The number of orders that makes a file of about `lines` data rows: rows per order is measured on a pilot
/// file of the same format and seed (at most 20,000 orders), since it depends on the format (EC-CUBE adds a
/// 送料 row per order, ecforce writes one row per order).
pub(crate) fn orders_for_lines(lines: usize, format: Format, seed: u64) -> Result<usize, Error> {
    let pilot = lines.clamp(1_000, 20_000);
    let truth = generate(
        &GenOptions {
            format,
            orders: pilot,
            seed,
        },
        &mut std::io::sink(),
    )?;
    let rows_per_order = truth.rows_written.max(1) as f64 / pilot as f64;
    Ok(((lines as f64 / rows_per_order).round() as usize).max(1))
}

/// The shape and approximate columnar size of a dataset.
fn shape_of(ds: &Dataset) -> Shape {
    Shape {
        customers: ds.customer_count(),
        orders: ds.order_count(),
        lines: ds.lines.product.len(),
        products: ds.products.len(),
        columnar_bytes: columnar_bytes(ds),
    }
}

/// The dataset's approximate size: the sum of each column's length × element size, plus the heap bytes of its
/// strings (customer keys, contacts, product ids and names). Spare capacity and allocator overhead are not
/// counted.
pub fn columnar_bytes(ds: &Dataset) -> usize {
    fn column<T>(v: &[T]) -> usize {
        std::mem::size_of_val(v)
    }
    let product_text: usize = ds.products.iter().map(|p| p.id.len() + p.name.len()).sum();
    let o = &ds.orders;
    let l = &ds.lines;
    ds.customer_keys.heap_bytes()
        + ds.contacts.email.heap_bytes()
        + ds.contacts.phone.heap_bytes()
        + column(&ds.customer_start)
        + column(&o.customer)
        + column(&o.date)
        + column(&o.value)
        + column(&o.subscription)
        + column(&o.first_line)
        + column(&l.product)
        + column(&l.quantity)
        + column(&l.subscription)
        + column(&ds.products)
        + product_text
}

/// Compares the ingested figures with the generator's ground truth; a difference is worth a line in the
/// output (the timings would be of the wrong work) but does not stop the benchmark.
fn check_truth(ingested: &Ingested, truth: &Truth) -> Vec<String> {
    let ds = &ingested.dataset;
    let q = &ingested.quality;
    let pairs = [
        ("data rows", q.rows_read, truth.rows_written),
        ("customers", ds.customer_count() as u64, truth.customers),
        ("valid orders", ds.order_count() as u64, truth.valid_orders),
    ];
    pairs
        .iter()
        .filter(|(_, read, expected)| read != expected)
        .map(|(what, read, expected)| {
            format!("{what}: read {read}, the generator wrote {expected}")
        })
        .collect()
}

/// Resets the process's peak resident memory (`VmHWM`) to the current RSS by writing `5` to
/// `/proc/self/clear_refs` (Linux 4.0 and later). Returns whether that worked.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A `kB` field of `/proc/self/status` (`VmHWM`, `VmRSS`) in bytes; `None` where there is no such file (not
/// Linux) or field.
pub fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        let kb: u64 = rest.trim().strip_suffix("kB")?.trim().parse().ok()?;
        Some(kb * 1024)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_run_matches_truth() {
        let r = run_size(2_000, Format::Generic, 3, 1).unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert!(r.rows > 1_500 && r.rows < 2_500, "{} rows", r.rows);
        assert!(r.shape.columnar_bytes > 0);
        assert!(r.best.iter().all(|t| *t < Duration::MAX));
    }
}
