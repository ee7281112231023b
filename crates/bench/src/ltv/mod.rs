//! `kokyaku-bench --ltv`: Kokyaku's BG/NBD and Gamma-Gamma fits against the Python `lifetimes` package's
//! (`BetaGeoFitter`, `GammaGammaFitter`) on the same calibration summaries, in one run.
//!
//! For CDNOW and for summaries drawn from the models ([`crate::simulate`]) it writes the summary as a CSV
//! (`frequency,recency,T,monetary_value`, weeks) to a temporary directory, times Kokyaku's fits on it (best
//! of `--repeat`), runs `bench/lifetimes_fit.py` on the CSV and prints both times, their ratio and both
//! parameter sets.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kokyaku_core::analysis::ltv::bgnbd::{fit_bgnbd, BgNbdParams};
use kokyaku_core::analysis::ltv::gamma_gamma::{fit_gamma_gamma, GammaGammaParams};
use kokyaku_core::analysis::ltv::optimize::{FitOptions, Fitted};
use kokyaku_core::analysis::ltv::summary::{
    calibration_summary, CalibrationSummary, SummaryParams, TimeUnit,
};
use kokyaku_core::analysis::ltv::TransactionModel;
use kokyaku_core::ingest::{ingest_files, Field, IngestOptions};
use kokyaku_core::Day;

use crate::args::{parse_count, parse_counts, parse_repeat, parse_seed, walk_options};
use crate::measure::Error;
use crate::report::group;
use crate::simulate;

mod lifetimes;

pub(crate) use lifetimes::find_python;
use lifetimes::run_lifetimes;

/// The CDNOW sample (1/10 of the customers of the CDNOW data set, as in the papers and in `lifetimes`).
const CDNOW: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/cdnow/cdnow_sample_orders.csv"
);

/// Above this many customers `lifetimes` fits once instead of `--repeat` times (each fit takes seconds).
const LIFETIMES_REPEAT_LIMIT: usize = 100_000;

/// The arguments of the `--ltv` mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LtvArgs {
    /// Sizes of the generated summaries, in customers.
    pub customers: Vec<usize>,
    /// Whether CDNOW is fitted too.
    pub cdnow: bool,
    pub seed: u64,
    /// Kokyaku's fits are run this many times (the best is kept); lifetimes' too up to 100k customers.
    pub repeat: usize,
    /// lifetimes is not run on summaries with more customers than this.
    pub skip_lifetimes_above: Option<usize>,
    /// The Python interpreter; default: found or set up by [`find_python`].
    pub python: Option<PathBuf>,
}

impl Default for LtvArgs {
    fn default() -> Self {
        LtvArgs {
            customers: vec![10_000, 100_000, 1_000_000],
            cdnow: true,
            seed: 1,
            repeat: 5,
            skip_lifetimes_above: None,
            python: None,
        }
    }
}

pub const USAGE: &str = "\
usage: kokyaku-bench --ltv [--customers N[,N...]] [--no-cdnow] [--seed S] [--repeat R]
                           [--skip-lifetimes-above N] [--python PATH]

  --customers             customers of the generated summaries, comma-separated; k and M suffixes allowed
                          (default 10000,100000,1000000)
  --no-cdnow              do not fit the CDNOW sample
  --seed                  seed of the generated summaries (default 1)
  --repeat                runs of each fit, best kept (default 5; lifetimes runs once above 100k customers)
  --skip-lifetimes-above  do not run lifetimes on summaries with more customers than N
  --python                Python interpreter with lifetimes (default: python3 if it has lifetimes, else the
                          venv target/bench-venv, created and given lifetimes 0.11.3 if missing)";

/// Parses the arguments after `--ltv`. `Ok(None)` means `--help`.
pub fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<LtvArgs>, String> {
    let mut parsed = LtvArgs::default();
    let go_on = walk_options(args, |o| {
        match o.name.as_str() {
            "--customers" => {
                parsed.customers = parse_counts(&o.value()?)?;
            }
            "--no-cdnow" => parsed.cdnow = false,
            "--seed" => parsed.seed = parse_seed(&o.value()?)?,
            "--repeat" => parsed.repeat = parse_repeat(&o.value()?)?,
            "--skip-lifetimes-above" => {
                parsed.skip_lifetimes_above = Some(parse_count(&o.value()?)?)
            }
            "--python" => parsed.python = Some(PathBuf::from(o.value()?)),
            _ => return Err(o.unknown()),
        }
        Ok(())
    })?;
    if !go_on {
        return Ok(None);
    }
    Ok(Some(parsed))
}

/// Runs the `--ltv` mode.
pub fn run(args: &LtvArgs) -> Result<(), Error> {
    crate::report::in_folder(None, "ltv-bench", |dir| run_in(args, dir))
}

fn run_in(args: &LtvArgs, dir: &Path) -> Result<(), Error> {
    let python = match &args.python {
        Some(p) => p.clone(),
        None => find_python()?,
    };
    println!("kokyaku-bench {} --ltv", env!("CARGO_PKG_VERSION"));
    println!();
    println!("{}", crate::report::machine_line());
    println!("- date: {} (UTC)", crate::report::today());
    println!(
        "- Kokyaku: best of {} run(s) of each fit (release build); time = grouping/filtering the summary + the fit",
        args.repeat
    );
    println!(
        "- lifetimes via `{}`: best of {} run(s) up to {} customers, one run above; time = the `.fit(...)` call",
        python.display(),
        args.repeat,
        group(LIFETIMES_REPEAT_LIMIT as u64)
    );
    println!("- seed {} for the generated summaries", args.seed);
    println!();

    let mut skipped = Vec::new();
    let mut rows = Vec::new();
    let mut goals = Vec::new();
    if args.cdnow {
        let summary = cdnow_summary()?;
        let name = "CDNOW sample".to_string();
        let r = bench_one(&name, &summary, None, args, &python, dir, &mut skipped)?;
        rows.push(r.row);
    }
    let end: Day = "2024-12-31".parse().expect("a valid date");
    for &n in &args.customers {
        let summary = simulate::summary(n, args.seed, end);
        let name = format!("generated, {} customers", group(n as u64));
        let truth = Some((simulate::TRUE_BGNBD, simulate::TRUE_GAMMA_GAMMA));
        let r = bench_one(&name, &summary, truth, args, &python, dir, &mut skipped)?;
        rows.push(r.row);
        if let Some(l) = r.lifetimes {
            goals.push((n, r.kokyaku.as_secs_f64(), l.as_secs_f64()));
        }
    }

    println!("#### Summary");
    println!();
    println!("| dataset | customers | BG/NBD Kokyaku (ms) | BG/NBD lifetimes (ms) | ratio | Gamma-Gamma Kokyaku (ms) | Gamma-Gamma lifetimes (ms) | ratio | max rel. param. diff. |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        println!("{row}");
    }
    println!();
    if skipped.is_empty() {
        println!("lifetimes was run on every dataset.");
    } else {
        println!("lifetimes was not run on: {}.", skipped.join(", "));
    }
    println!();
    for (n, k, l) in goals {
        crate::report::print_goal(
            &format!(
                "model fits (BG/NBD + Gamma-Gamma), {} customers",
                group(n as u64)
            ),
            "≥ 50× faster than lifetimes",
            &format!(
                "{:.1} ms vs {:.1} ms: {:.0}× faster",
                k * 1e3,
                l * 1e3,
                l / k
            ),
            l >= 50.0 * k,
        );
    }
    Ok(())
}

/// CDNOW as `kokyaku-core`'s tests read it: amount_usd as the order total, calibration through 1997-09-30,
/// weeks. Its spend observations (and the CSV written for `lifetimes`) give mean repeat values in dollars,
/// the unit `lifetimes`' CDNOW figures use.
fn cdnow_summary() -> Result<CalibrationSummary, Error> {
    let bytes = std::fs::read(CDNOW).map_err(|e| format!("{CDNOW}: {e}"))?;
    let options = IngestOptions {
        mapping: vec![(Field::OrderTotal, "amount_usd".into())],
        ..Default::default()
    };
    let ds = ingest_files(options, [("cdnow.csv", bytes.as_slice())])?.dataset;
    let params = SummaryParams {
        calibration_end: Some("1997-09-30".parse().expect("a valid date")),
        holdout_end: None,
        unit: TimeUnit::Week,
    };
    let summary = calibration_summary(&ds, None, &params);
    Ok(summary)
}

/// Writes `summary` as lifetimes' summary CSV: frequency, recency, T, monetary_value (in currency units, as
/// Kokyaku fits them; 0 when frequency is 0).
/// Floats are printed in Rust's shortest round-trip form, so Python reads exactly the values Kokyaku fits.
fn write_csv(summary: &CalibrationSummary, path: &Path) -> Result<(), Error> {
    let mut text = String::with_capacity(summary.customers.len() * 40 + 40);
    text.push_str("frequency,recency,T,monetary_value\n");
    for c in &summary.customers {
        let _ = writeln!(
            text,
            "{},{},{},{}",
            c.x,
            c.t_x,
            c.t_cal,
            c.mean_repeat_value_minor.unwrap_or(0.0) / summary.minor_per_unit()
        );
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// What [`bench_one`] measured on one summary.
#[derive(Debug, Clone)]
pub(crate) struct FitResult {
    /// The summary table's row for this dataset.
    pub row: String,
    /// Kokyaku's best time for both fits.
    pub kokyaku: Duration,
    /// lifetimes' time for both fits, unless it was skipped.
    pub lifetimes: Option<Duration>,
}

/// Times Kokyaku's fits and lifetimes' on one summary and prints its table.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bench_one(
    name: &str,
    summary: &CalibrationSummary,
    truth: Option<(BgNbdParams, GammaGammaParams)>,
    args: &LtvArgs,
    python: &Path,
    dir: &Path,
    skipped: &mut Vec<String>,
) -> Result<FitResult, Error> {
    let n = summary.customers.len();
    let options = FitOptions::default();
    let groups = summary.rf_groups();
    let spend = summary.spend_observations();

    let (mut bg_time, mut gg_time) = (Duration::MAX, Duration::MAX);
    let (mut bg, mut gg) = (None, None);
    for _ in 0..args.repeat {
        let start = Instant::now();
        let fit = fit_bgnbd(black_box(&summary.rf_groups()), &options);
        bg_time = bg_time.min(start.elapsed());
        bg = Some(fit);
        let start = Instant::now();
        let fit = fit_gamma_gamma(black_box(&summary.spend_observations()), &options);
        gg_time = gg_time.min(start.elapsed());
        gg = Some(fit);
    }
    let bg = converged(bg.expect("repeat ≥ 1").into_result(), "BG/NBD", name)?;
    let gg = converged(gg.expect("repeat ≥ 1").into_result(), "Gamma-Gamma", name)?;

    let lifetimes = if args.skip_lifetimes_above.is_some_and(|limit| n > limit) {
        skipped.push(format!(
            "{name} (more than {} customers)",
            group(args.skip_lifetimes_above.unwrap_or(0) as u64)
        ));
        None
    } else {
        let csv = dir.join(format!("summary-{n}.csv"));
        write_csv(summary, &csv)?;
        let runs = if n > LIFETIMES_REPEAT_LIMIT {
            1
        } else {
            args.repeat
        };
        eprintln!("kokyaku-bench: {name}: running lifetimes ({runs} run(s) of each fit)…");
        Some(run_lifetimes(python, &csv, runs)?)
    };

    println!("#### {name}");
    println!();
    println!(
        "- {} customers, {} (x, t_x, T) groups, {} with a repeat transaction (Gamma-Gamma input)",
        group(n as u64),
        group(groups.len() as u64),
        group(spend.len() as u64)
    );
    if let Some(l) = &lifetimes {
        println!(
            "- lifetimes {} (pandas {}), best of {} run{}",
            l.version,
            l.pandas,
            l.runs,
            if l.runs == 1 { "" } else { "s" }
        );
    }
    println!(
        "- Kokyaku: BG/NBD {} iterations ({} evaluations), log-likelihood {:.3}; Gamma-Gamma {} iterations ({} \
         evaluations), log-likelihood {:.3}",
        bg.iterations,
        bg.evaluations,
        bg.log_likelihood,
        gg.iterations,
        gg.evaluations,
        gg.log_likelihood
    );
    if let Some(l) = &lifetimes {
        println!(
            "- Kokyaku's log-likelihood at lifetimes' parameters: BG/NBD {:.3}, Gamma-Gamma {:.3}",
            l.bg.log_likelihood(&groups),
            l.gg.log_likelihood(&spend)
        );
    }
    println!();
    println!("| | Kokyaku | lifetimes | ratio (lifetimes / Kokyaku) |");
    println!("|---|---:|---:|---:|");
    let cell = |d: Option<Duration>| d.map_or("skipped".to_string(), |d| format!("{} ms", ms(d)));
    let ratio = |k: Duration, l: Option<Duration>| {
        l.map_or("–".to_string(), |l| {
            let r = l.as_secs_f64() / k.as_secs_f64();
            if r < 10.0 {
                format!("{r:.1}×")
            } else {
                format!("{r:.0}×")
            }
        })
    };
    let l_bg_time = lifetimes.as_ref().map(|l| l.bgnbd);
    let l_gg_time = lifetimes.as_ref().map(|l| l.gg_time);
    println!(
        "| BG/NBD fit | {} ms | {} | {} |",
        ms(bg_time),
        cell(l_bg_time),
        ratio(bg_time, l_bg_time)
    );
    println!(
        "| Gamma-Gamma fit | {} ms | {} | {} |",
        ms(gg_time),
        cell(l_gg_time),
        ratio(gg_time, l_gg_time)
    );
    let total = bg_time + gg_time;
    let l_total = lifetimes.as_ref().map(|l| l.bgnbd + l.gg_time);
    println!(
        "| both | {} ms | {} | {} |",
        ms(total),
        cell(l_total),
        ratio(total, l_total)
    );
    println!();

    let k_params = params(&bg.params, &gg.params);
    let l_params = lifetimes.as_ref().map(|l| params(&l.bg, &l.gg));
    let t_params = truth.map(|(b, g)| params(&b, &g));
    print!("| parameter | Kokyaku | lifetimes | rel. diff. |");
    if t_params.is_some() {
        print!(" true | Kokyaku vs true |");
    }
    println!();
    println!(
        "|---|---:|---:|---:|{}",
        if t_params.is_some() { "---:|---:|" } else { "" }
    );
    let mut max_diff: Option<f64> = None;
    for (i, (label, k)) in k_params.iter().enumerate() {
        let l = l_params.as_ref().map(|l| l[i].1);
        let diff = l.map(|l| rel_diff(*k, l));
        if let Some(d) = diff {
            max_diff = Some(max_diff.map_or(d, |m| m.max(d)));
        }
        print!(
            "| {label} | {} | {} | {} |",
            sig(*k),
            l.map_or("–".to_string(), sig),
            diff.map_or("–".to_string(), |d| format!("{d:.1e}"))
        );
        if let Some(t) = &t_params {
            print!(
                " {} | {:+.1} % |",
                sig(t[i].1),
                100.0 * (k - t[i].1) / t[i].1
            );
        }
        println!();
    }
    println!();
    println!(
        "max relative parameter difference Kokyaku vs lifetimes: {}",
        max_diff.map_or("– (lifetimes skipped)".to_string(), |d| format!(
            "{d:.1e}"
        ))
    );
    println!();

    let row = format!(
        "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
        group(n as u64),
        ms(bg_time),
        l_bg_time.map_or("skipped".into(), ms),
        ratio(bg_time, l_bg_time),
        ms(gg_time),
        l_gg_time.map_or("skipped".into(), ms),
        ratio(gg_time, l_gg_time),
        max_diff.map_or("–".to_string(), |d| format!("{d:.1e}"))
    );
    Ok(FitResult {
        row,
        kokyaku: total,
        lifetimes: l_total,
    })
}

fn converged<P>(
    fit: Result<Fitted<P>, kokyaku_core::analysis::ltv::optimize::NotConverged>,
    model: &str,
    name: &str,
) -> Result<Fitted<P>, Error> {
    fit.map_err(|e| {
        format!(
            "{name}: Kokyaku's {model} fit did not converge: {}",
            e.reason
        )
        .into()
    })
}

/// The parameters in a fixed order, lifetimes' names in brackets where they differ.
fn params(bg: &BgNbdParams, gg: &GammaGammaParams) -> [(&'static str, f64); 7] {
    [
        ("BG/NBD r", bg.r),
        ("BG/NBD α (alpha)", bg.alpha),
        ("BG/NBD a", bg.a),
        ("BG/NBD b", bg.b),
        ("Gamma-Gamma p", gg.p),
        ("Gamma-Gamma q", gg.q),
        ("Gamma-Gamma γ (v)", gg.gamma),
    ]
}

/// |k − l| / |l|.
fn rel_diff(k: f64, l: f64) -> f64 {
    (k - l).abs() / l.abs()
}

/// Six significant digits.
fn sig(v: f64) -> String {
    let digits = (5 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.digits$}")
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let parse = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
        assert_eq!(parse(&[]).unwrap().unwrap(), LtvArgs::default());
        let a = parse(&[
            "--customers=1M,10k",
            "--no-cdnow",
            "--skip-lifetimes-above",
            "100k",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.customers, vec![10_000, 1_000_000]);
        assert!(!a.cdnow);
        assert_eq!(a.skip_lifetimes_above, Some(100_000));
        assert!(parse(&["--repeat", "0"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert_eq!(parse(&["--help"]).unwrap(), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(sig(0.2425934), "0.242593");
        assert_eq!(sig(1544.7748), "1544.77");
    }
}
