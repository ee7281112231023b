//! `kokyaku-bench`: times Kokyaku's ingestion and every analysis on generated exports.
//!
//! ```text
//! cargo run --release -p kokyaku-bench -- [--lines 10000,100000,1000000] [--format ec-cube] [--seed 1] [--repeat 3]
//! ```
//!
//! For each requested size it generates an export in memory with `kokyaku-gen` (about that many data rows),
//! ingests it the way the CLI does (256 KiB chunks into an [`kokyaku_core::Ingestor`]), runs each analysis with
//! its default parameters, and prints the best of `--repeat` timings, the dataset's shape and the process's
//! peak memory. A final table compares the time per row of the largest and the smallest size for each step,
//! so that a step which is not a linear pass (or one sort) stands out.
//!
//! It only measures and prints: there are no timed assertions. It exits non-zero on bad arguments and on I/O
//! or ingest errors only.
//!
//! `kokyaku-bench --ltv [...]` instead times the predictive-LTV model fits against the Python `lifetimes`
//! package (see [`ltv`] and `bench/README.md`); `kokyaku-bench --compare [...]` compares Kokyaku with DuckDB,
//! pandas and lifetimes on the same files on disk (see [`compare`]); `kokyaku-bench --warehouse [...]` times
//! Parquet against CSV and the customers-table path (see [`warehouse`]).

mod args;
mod child;
mod compare;
mod ltv;
mod measure;
mod report;
mod simulate;
mod stream;
mod warehouse;

use std::process::ExitCode;

use kokyaku_gen::Format;

use args::{parse_counts, parse_repeat, parse_seed, walk_options};

/// The command-line arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Args {
    /// The approximate numbers of data rows (order lines) to generate, one run per size.
    lines: Vec<usize>,
    /// The export format to generate.
    format: Format,
    /// The generator's seed.
    seed: u64,
    /// How many times each size is measured; the best time of each step is kept.
    repeat: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            lines: vec![10_000, 100_000, 1_000_000],
            format: Format::EcCube,
            seed: 1,
            repeat: 3,
        }
    }
}

/// The `--help` text.
const USAGE: &str = "\
usage: kokyaku-bench [--lines N[,N...]] [--format FORMAT] [--seed S] [--repeat R]
       kokyaku-bench --ltv [--help | ...]       (model fits against Python's lifetimes)
       kokyaku-bench --compare [--help | ...]   (against DuckDB, pandas and lifetimes on files on disk)
       kokyaku-bench --warehouse [--help | ...] (Parquet vs CSV, and customers tables)

  --lines   approximate data rows (order lines) per size, comma-separated; k and M suffixes
            allowed (default 10000,100000,1000000)
  --format  shopify, ec-cube, rakuten, base, ecforce or generic (default ec-cube)
  --seed    generator seed (default 1)
  --repeat  runs per size; the best time of each step is reported (default 3)";

/// Parses the command line (without the program name). `Ok(None)` means `--help` was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args::default();
    let go_on = walk_options(args, |o| {
        match o.name.as_str() {
            "--lines" => parsed.lines = parse_counts(&o.value()?)?,
            "--format" => parsed.format = o.value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => parsed.seed = parse_seed(&o.value()?)?,
            "--repeat" => parsed.repeat = parse_repeat(&o.value()?)?,
            _ => return Err(o.unknown()),
        }
        Ok(())
    })?;
    if !go_on {
        return Ok(None);
    }
    Ok(Some(parsed))
}

/// Runs a mode (`--ltv`, `--compare`, `--warehouse`): parses its arguments, prints its help when asked, and
/// runs it.
fn mode_main<I, A>(
    args: I,
    parse: impl FnOnce(I) -> Result<Option<A>, String>,
    usage: &str,
    run: impl FnOnce(&A) -> Result<(), measure::Error>,
) -> ExitCode {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{usage}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("kokyaku-bench: {message}\n\n{usage}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kokyaku-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The `--stream FILE` child of `--compare`.
fn stream_main(mut args: impl Iterator<Item = String>) -> ExitCode {
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("kokyaku-bench: --stream takes one file");
        return ExitCode::from(2);
    };
    match stream::run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kokyaku-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let mut raw = std::env::args().skip(1).peekable();
    match raw.peek().map(String::as_str) {
        Some("--ltv") => {
            raw.next();
            return mode_main(raw, ltv::parse_args, ltv::USAGE, ltv::run);
        }
        Some("--compare") => {
            raw.next();
            return mode_main(raw, compare::parse_args, compare::USAGE, compare::run);
        }
        Some("--warehouse") => {
            raw.next();
            return mode_main(raw, warehouse::parse_args, warehouse::USAGE, warehouse::run);
        }
        Some("--stream") => {
            raw.next();
            return stream_main(raw);
        }
        _ => {}
    }
    let args = match parse_args(raw) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("kokyaku-bench: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    report::print_header(&args);
    let mut results = Vec::new();
    for &lines in &args.lines {
        match measure::run_size(lines, args.format, args.seed, args.repeat) {
            Ok(result) => {
                report::print_size(&result);
                results.push(result);
            }
            Err(e) => {
                eprintln!("kokyaku-bench: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    report::print_scaling(&results);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse(&[]).unwrap().unwrap(), Args::default());
        let a = parse(&[
            "--lines",
            "1M,10k",
            "--format=generic",
            "--seed",
            "7",
            "--repeat",
            "1",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.lines, vec![10_000, 1_000_000]);
        assert_eq!((a.format, a.seed, a.repeat), (Format::Generic, 7, 1));
        assert_eq!(parse(&["--help"]).unwrap(), None);
    }

    #[test]
    fn bad_values() {
        assert!(parse(&["--lines", "0"]).is_err());
        assert!(parse(&["--lines"]).is_err());
        assert!(parse(&["--format", "csv"]).is_err());
        assert!(parse(&["--repeat", "0"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
