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
use kokyaku_core::analysis::ltv::report::ltv_report;
use kokyaku_core::analysis::ltv::LtvParams;
use kokyaku_core::analysis::repeat::{repeat, RepeatParams};
use kokyaku_core::analysis::rfm::{rfm, RfmParams};
use kokyaku_core::report::SummaryReport;
use kokyaku_core::table::TableStream;
use kokyaku_core::{tables, Day};

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
    std::fs::create_dir_all(&args.out)
        .map_err(|e| CliError::io(format!("cannot make {}", args.out.display()), e))?;
    let ds = &data.dataset;
    let as_of = args.as_of;
    let decimals = ds.currency.decimals;
    let mut written = Vec::new();
    // Tables with a row per customer are written as their rows are made; the others are small.
    let mut write = |name: &str, table: TableStream<'_>| -> Result<(), CliError> {
        let path = args.out.join(format!("{name}.csv"));
        to_file(&path, |out| output::csv(out, table, decimals))?;
        written.push(path);
        Ok(())
    };

    let summary = SummaryReport::new(&data, as_of);
    let r = rfm(ds, as_of, &RfmParams::default());
    let c = cpm(ds, as_of, &CpmParams::default());
    let d = dashboard_with(ds, as_of, &DashboardParams::default(), &r, &c);
    write("dashboard-kpis", tables::dashboard::kpis(&d).into())?;
    write("dashboard-months", tables::dashboard::months(&d).into())?;
    write("rfm-customers", tables::rfm::customers(ds, &r))?;
    write("rfm-grid", tables::rfm::grid(&r).into())?;
    write("rfm-segments", tables::rfm::segments(&r).into())?;
    write("cpm-customers", tables::cpm::customers(ds, &c))?;
    write("cpm-groups", tables::cpm::groups(&c).into())?;
    write(
        "cohorts",
        tables::cohort::cohorts(&cohorts(ds, as_of, Granularity::Month)).into(),
    )?;
    let rep = repeat(ds, as_of, &RepeatParams::default());
    write("repeat-f2", tables::repeat::f2(&rep).into())?;
    write(
        "repeat-days-between",
        tables::repeat::days_to_next(&rep).into(),
    )?;
    write("repeat-products", tables::repeat::products(&rep).into())?;
    if rep.subscriptions.has_subscriptions {
        write(
            "repeat-subscriptions",
            tables::repeat::subscriptions(&rep).into(),
        )?;
    }
    let h = history(ds, as_of, &HistoryParams::default());
    write("history-ltv-overall", tables::history::overall(&h).into())?;
    write(
        "history-ltv-by-cohort",
        tables::history::by_cohort(&h).into(),
    )?;
    write(
        "history-ltv-by-product",
        tables::history::by_first_product(&h).into(),
    )?;
    if !ds.products.is_empty() {
        let b = basket(ds, as_of, &BasketParams::default());
        write("basket-pairs", tables::basket::pairs(&b).into())?;
        write(
            "basket-next-products",
            tables::basket::next_products(&b).into(),
        )?;
    }
    let ltv = (!args.no_ltv).then(|| ltv_report(ds, as_of, &LtvParams::default()));
    for (by, name) in [
        (AcquisitionBy::Channel, "acquisition-channel"),
        (AcquisitionBy::Coupon, "acquisition-coupon"),
    ] {
        let params = AcquisitionParams {
            by,
            ..AcquisitionParams::default()
        };
        let a = acquisition(ds, as_of, &params, ltv.as_ref().map(|l| &l.ltv));
        if a.has_values {
            write(name, tables::acquisition::acquisition(&a).into())?;
        }
    }
    if let Some(report) = &ltv {
        write("ltv-customers", tables::ltv::customers(ds, &report.ltv))?;
        let path = args.out.join("ltv.json");
        to_file(&path, |out| output::json(out, report))?;
        written.push(path);
    }
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

/// Writes a file through `write`, buffered.
fn to_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), CliError> {
    let cannot = |e| CliError::io(format!("cannot write {}", path.display()), e);
    let mut out = BufWriter::new(File::create(path).map_err(cannot)?);
    write(&mut out).and_then(|()| out.flush()).map_err(cannot)
}
