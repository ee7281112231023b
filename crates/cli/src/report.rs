//! `kokyaku report`: every analysis from one read, each table written to its own CSV file in a folder (the
//! file names the page's downloads use), with the summary as JSON and text, for batch jobs. Every analysis
//! runs with its default parameters, as of one date.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use kokyaku_core::analysis::acquisition::{acquisition, AcquisitionBy, AcquisitionParams};
use kokyaku_core::analysis::basket::{basket, BasketParams};
use kokyaku_core::analysis::cohort::{cohorts, Granularity};
use kokyaku_core::analysis::cpm::{cpm, CpmParams};
use kokyaku_core::analysis::dashboard::{dashboard_with, DashboardParams};
use kokyaku_core::analysis::history::{history, HistoryParams};
use kokyaku_core::analysis::ltv::optimize::FitOptions;
use kokyaku_core::analysis::ltv::report::{ltv_report, LtvReport};
use kokyaku_core::analysis::ltv::LtvParams;
use kokyaku_core::analysis::repeat::{repeat, RepeatParams};
use kokyaku_core::analysis::rfm::{rfm, RfmParams};
use kokyaku_core::ingest::Threads;
use kokyaku_core::report::SummaryReport;
use kokyaku_core::table::TableStream;
use kokyaku_core::{tables, Dataset, Day};

use crate::output;
use crate::{input, CliError, InputArgs};

/// Arguments of `kokyaku report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Every analysis is as of this day: orders on or after it are left out (default: the day after the latest
    /// order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// The folder to write into (made if missing; files of the same names in it are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Leave out the predictive-LTV model fits (the slowest step on large files).
    #[arg(long)]
    pub no_ltv: bool,
}

/// Runs the command.
pub fn run(args: &ReportArgs) -> Result<(), CliError> {
    let data = input::load_writing(&args.input, Some(("--out", &args.out)))?;
    input::need_orders(&data.dataset, "report")?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| CliError::io(format!("cannot make {}", args.out.display()), e))?;
    let ds = &data.dataset;
    let as_of = args.as_of;
    let out = Folder {
        dir: &args.out,
        decimals: ds.currency.decimals,
    };
    // On two threads (the default) the predictive-LTV analysis, the slowest, runs on one while the other
    // writes every table that does not need it (without the analysis, each thread writes half of them);
    // then the tables made from its predictions are written on both.
    let threads = args.input.threads;
    let (written, ltv) = match (threads, args.no_ltv) {
        (Threads::One, _) | (Threads::Two, true) => (
            plain_tables(ds, as_of, &out, threads),
            Ok((!args.no_ltv).then(|| ltv_report(ds, as_of, &ltv_params(threads)))),
        ),
        (Threads::Two, false) => std::thread::scope(|s| {
            let ltv = s.spawn(|| Some(ltv_report(ds, as_of, &ltv_params(threads))));
            let written = plain_tables(ds, as_of, &out, Threads::One);
            (written, ltv.join().map_err(|_| thread_failed()))
        }),
    };
    let ltv = ltv?;
    let mut written = written?;
    written.extend(predicted_tables(ds, as_of, &out, ltv.as_ref(), threads)?);
    let summary = SummaryReport::new(&data, as_of);
    if !data.quality.rejects.is_empty() {
        let path = args.out.join("rejects.csv");
        to_file(&path, |out| {
            out.write_all(data.quality.rejects_csv(output::lang()).as_bytes())
        })?;
        written.push(path);
    }
    let path = args.out.join("summary.json");
    to_file(&path, |out| output::json(out, &summary))?;
    written.push(path);
    let path = args.out.join("summary.txt");
    to_file(&path, |out| crate::summary::write_text(out, &summary))?;
    written.push(path);
    let l = output::lang();
    eprintln!(
        "kokyaku: {}",
        match l {
            kokyaku_core::Lang::Ja => format!(
                "{} に {} 個のファイルを書き出しました",
                args.out.display(),
                written.len()
            ),
            kokyaku_core::Lang::En =>
                format!("{} files written to {}", written.len(), args.out.display()),
        }
    );
    Ok(())
}

/// The folder the report writes into, and the currency's decimals its tables are written with.
struct Folder<'a> {
    dir: &'a Path,
    decimals: u32,
}

impl Folder<'_> {
    /// Writes `table` as `name`.csv; returns its path.
    fn table(&self, name: &str, table: TableStream<'_>) -> Result<PathBuf, CliError> {
        let path = self.dir.join(format!("{name}.csv"));
        to_file(&path, |out| output::csv(out, table, self.decimals))?;
        Ok(path)
    }
}

/// The error of a thread that panicked.
fn thread_failed() -> CliError {
    CliError::io("the report", io::Error::other("a thread failed"))
}

/// The LTV analysis's parameters: the defaults, with the fits' sums on the threads the report was given.
fn ltv_params(threads: Threads) -> LtvParams {
    LtvParams {
        fit: FitOptions {
            threads,
            ..FitOptions::default()
        },
        ..LtvParams::default()
    }
}

/// The tables that do not need the LTV predictions, in two halves, on two threads if `threads` says so.
fn plain_tables(
    ds: &Dataset,
    as_of: Option<Day>,
    out: &Folder,
    threads: Threads,
) -> Result<Vec<PathBuf>, CliError> {
    let (mut written, other) = match threads {
        Threads::One => (
            customer_tables(ds, as_of, out),
            order_tables(ds, as_of, out),
        ),
        Threads::Two => std::thread::scope(|s| {
            let orders = s.spawn(|| order_tables(ds, as_of, out));
            let customers = customer_tables(ds, as_of, out);
            (
                customers,
                orders.join().unwrap_or_else(|_| Err(thread_failed())),
            )
        }),
    };
    if let Ok(w) = &mut written {
        w.extend(other?);
    }
    written
}

/// The dashboard's, RFM's and repeat's tables.
fn customer_tables(
    ds: &Dataset,
    as_of: Option<Day>,
    out: &Folder,
) -> Result<Vec<PathBuf>, CliError> {
    let r = rfm(ds, as_of, &RfmParams::default());
    let c = cpm(ds, as_of, &CpmParams::default());
    let d = dashboard_with(ds, as_of, &DashboardParams::default(), &r, &c);
    let mut written = vec![
        out.table("dashboard-kpis", tables::dashboard::kpis(&d).into())?,
        out.table("dashboard-months", tables::dashboard::months(&d).into())?,
        out.table("rfm-customers", tables::rfm::customers(ds, &r))?,
        out.table("rfm-grid", tables::rfm::grid(&r).into())?,
        out.table("rfm-segments", tables::rfm::segments(&r).into())?,
    ];
    let rep = repeat(ds, as_of, &RepeatParams::default());
    written.push(out.table("repeat-f2", tables::repeat::f2(&rep).into())?);
    written.push(out.table(
        "repeat-days-between",
        tables::repeat::days_to_next(&rep).into(),
    )?);
    written.push(out.table("repeat-products", tables::repeat::products(&rep).into())?);
    if rep.subscriptions.has_subscriptions {
        written.push(out.table(
            "repeat-subscriptions",
            tables::repeat::subscriptions(&rep).into(),
        )?);
    }
    Ok(written)
}

/// CPM's, cohorts', historical LTV's and basket's tables.
fn order_tables(ds: &Dataset, as_of: Option<Day>, out: &Folder) -> Result<Vec<PathBuf>, CliError> {
    // CPM again here (a few milliseconds) so that its customers' table is written on this thread: the two
    // tables per customer take most of the writing.
    let c = cpm(ds, as_of, &CpmParams::default());
    let cohorts = cohorts(ds, as_of, Granularity::Month);
    let h = history(ds, as_of, &HistoryParams::default());
    let mut written = vec![
        out.table("cpm-customers", tables::cpm::customers(ds, &c))?,
        out.table("cpm-groups", tables::cpm::groups(&c).into())?,
        out.table("cohorts", tables::cohort::cohorts(&cohorts).into())?,
        out.table("history-ltv-overall", tables::history::overall(&h).into())?,
        out.table(
            "history-ltv-by-cohort",
            tables::history::by_cohort(&h).into(),
        )?,
        out.table(
            "history-ltv-by-product",
            tables::history::by_first_product(&h).into(),
        )?,
    ];
    if !ds.products.is_empty() {
        let b = basket(ds, as_of, &BasketParams::default());
        written.push(out.table("basket-pairs", tables::basket::pairs(&b).into())?);
        written.push(out.table(
            "basket-next-products",
            tables::basket::next_products(&b).into(),
        )?);
    }
    Ok(written)
}

/// The tables made with the LTV predictions (`ltv`, unless left out): acquisition's (with predicted CLV by
/// channel and coupon when there are predictions) and, with predictions, the per-customer table and
/// `ltv.json` (the figures without the per-customer rows, which are in the table). On two threads the
/// per-customer table is written on one, the rest on the other.
fn predicted_tables(
    ds: &Dataset,
    as_of: Option<Day>,
    out: &Folder,
    ltv: Option<&LtvReport>,
    threads: Threads,
) -> Result<Vec<PathBuf>, CliError> {
    let per_customer = || {
        ltv.map(|report| out.table("ltv-customers", tables::ltv::customers(ds, &report.ltv)))
            .transpose()
    };
    let rest = || -> Result<Vec<PathBuf>, CliError> {
        let mut written = Vec::new();
        for (by, name) in [
            (AcquisitionBy::Channel, "acquisition-channel"),
            (AcquisitionBy::Coupon, "acquisition-coupon"),
        ] {
            let params = AcquisitionParams {
                by,
                ..AcquisitionParams::default()
            };
            let a = acquisition(ds, as_of, &params, ltv.map(|l| &l.ltv));
            if a.has_values {
                written.push(out.table(name, tables::acquisition::acquisition(&a).into())?);
            }
        }
        if let Some(report) = ltv {
            let path = out.dir.join("ltv.json");
            to_file(&path, |w| output::json(w, &report.figures()))?;
            written.push(path);
        }
        Ok(written)
    };
    let (table, written) = match threads {
        Threads::One => (per_customer(), rest()),
        Threads::Two => std::thread::scope(|s| {
            let table = s.spawn(per_customer);
            let written = rest();
            (
                table.join().unwrap_or_else(|_| Err(thread_failed())),
                written,
            )
        }),
    };
    let mut written = written?;
    written.extend(table?);
    Ok(written)
}

/// Writes a file through `write`, buffered.
fn to_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), CliError> {
    let cannot = |e| CliError::io(format!("cannot write {}", path.display()), e);
    let mut out = BufWriter::new(File::create(path).map_err(cannot)?);
    write(&mut out).and_then(|()| out.flush()).map_err(cannot)
}
