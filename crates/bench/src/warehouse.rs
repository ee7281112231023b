//! `kokyaku-bench --warehouse`: the paths for data past one machine's order exports, measured as whole
//! `kokyaku` commands (the CLI built next to this harness) with their peak memory.
//!
//! 1. An export of `--lines` order lines read as CSV and as Parquet (DuckDB writes the Parquet file from the
//!    CSV, typing each column as a raw load would: `bench/warehouse.py orders`): `kokyaku summary --json` on
//!    each, with the figures checked equal.
//! 2. A customers table of `--customers` customers (one row each, generated here), as CSV and as Parquet
//!    (`bench/warehouse.py customers`): `kokyaku rfm --csv` and `kokyaku ltv --csv` on each.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kokyaku_core::Day;
use kokyaku_gen::Format;
use serde_json::Value;

use crate::args::{parse_count, parse_repeat, parse_seed, walk_options};
use crate::child;
use crate::compare::{cli, load, python_with_duckdb, write_file};
use crate::ltv;
use crate::measure::Error;
use crate::report::{group, in_folder, machine_line, mb, today};

/// The `--warehouse` mode's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseArgs {
    /// Order lines of the export read as CSV and as Parquet.
    pub lines: usize,
    /// Customers of the customers table.
    pub customers: usize,
    /// Runs of each command; the best time is kept.
    pub repeat: usize,
    /// The generator's seed.
    pub seed: u64,
    /// Where the files are written (default: a folder in the temporary directory, removed after).
    pub dir: Option<PathBuf>,
    /// Python with duckdb, which writes the Parquet files.
    pub python: Option<PathBuf>,
}

impl Default for WarehouseArgs {
    fn default() -> Self {
        WarehouseArgs {
            lines: 5_000_000,
            customers: 10_000_000,
            repeat: 3,
            seed: 1,
            dir: None,
            python: None,
        }
    }
}

/// The `--warehouse --help` text.
pub const USAGE: &str = "\
usage: kokyaku-bench --warehouse [--lines N] [--customers N] [--repeat R] [--seed S] [--dir DIR] [--python PATH]

  --lines      order lines of the export read as CSV and as Parquet (default 5M)
  --customers  customers of the customers table (default 10M)
  --repeat     runs of each command; the best time is reported (default 3)
  --seed       generator seed (default 1)
  --dir        where the files are written and kept (default: a temporary folder, removed after)
  --python     Python with duckdb, which writes the Parquet files (default: as --ltv finds it, with
               duckdb installed by pip when missing)

Needs the CLI built next to this harness: cargo build --release -p kokyaku-cli -p kokyaku-bench";

/// Parses the mode's arguments (without `--warehouse`). `Ok(None)` means `--help` was asked for.
pub fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<WarehouseArgs>, String> {
    let mut parsed = WarehouseArgs::default();
    let go_on = walk_options(args, |o| {
        match o.name.as_str() {
            "--lines" => parsed.lines = parse_count(&o.value()?)?,
            "--customers" => parsed.customers = parse_count(&o.value()?)?,
            "--repeat" => parsed.repeat = parse_repeat(&o.value()?)?,
            "--seed" => parsed.seed = parse_seed(&o.value()?)?,
            "--dir" => parsed.dir = Some(PathBuf::from(o.value()?)),
            "--python" => parsed.python = Some(PathBuf::from(o.value()?)),
            _ => return Err(o.unknown()),
        }
        Ok(())
    })?;
    Ok(go_on.then_some(parsed))
}

/// Runs the mode.
pub fn run(args: &WarehouseArgs) -> Result<(), Error> {
    let kokyaku = cli().ok_or("build the CLI first: cargo build --release -p kokyaku-cli")?;
    let python = match &args.python {
        Some(p) => p.clone(),
        None => python_with_duckdb(ltv::find_python()?)?,
    };
    in_folder(args.dir.as_deref(), "warehouse", |dir| {
        run_in(args, &kokyaku, &python, dir)
    })
}

fn run_in(args: &WarehouseArgs, kokyaku: &Path, python: &Path, dir: &Path) -> Result<(), Error> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/warehouse.py");
    println!("kokyaku-bench {} --warehouse", env!("CARGO_PKG_VERSION"));
    println!();
    println!("{}", machine_line());
    println!(
        "- date: {} (UTC); load average at start: {}",
        today(),
        load()
    );
    println!(
        "- times: whole `kokyaku` processes, best of {} run(s); peak RSS of each from wait4 (ru_maxrss)",
        args.repeat
    );
    println!();

    let csv = dir.join(format!("orders-{}.csv", args.lines));
    let parquet = csv.with_extension("parquet");
    eprintln!(
        "kokyaku-bench: writing {} order lines…",
        group(args.lines as u64)
    );
    let (rows, _, _) = write_file(&csv, args.lines, Format::Generic, args.seed)?;
    eprintln!("kokyaku-bench: DuckDB writing them as Parquet…");
    convert(python, &script, "orders", &csv, &parquet)?;
    println!(
        "#### An export of {} order lines, CSV and Parquet",
        group(rows)
    );
    println!();
    header();
    let mut figures = Vec::new();
    for path in [&csv, &parquet] {
        let (run, stdout) = best(args.repeat, || {
            let mut c = Command::new(kokyaku);
            c.arg("summary").arg("--json").arg(path);
            c
        })?;
        row("summary", path, run)?;
        let json: Value = serde_json::from_str(&stdout)?;
        figures.push(
            ["customers", "orders", "revenue_minor", "rows_rejected"].map(|k| json[k].clone()),
        );
    }
    println!();
    match figures[0] == figures[1] {
        true => println!("- equal figures from both: customers, orders, revenue, rows rejected"),
        false => println!(
            "- WARNING: the figures differ: CSV {:?}, Parquet {:?}",
            figures[0], figures[1]
        ),
    }
    println!();

    let table = dir.join(format!("customers-{}.csv", args.customers));
    let table_parquet = table.with_extension("parquet");
    eprintln!(
        "kokyaku-bench: writing a customers table of {} customers…",
        group(args.customers as u64)
    );
    write_customers(&table, args.customers, args.seed)?;
    eprintln!("kokyaku-bench: DuckDB writing it as Parquet…");
    convert(python, &script, "customers", &table, &table_parquet)?;
    println!(
        "#### A customers table of {} customers, CSV and Parquet",
        group(args.customers as u64)
    );
    println!();
    header();
    for command in ["rfm", "ltv"] {
        for path in [&table, &table_parquet] {
            let (run, _) = best(args.repeat, || {
                let mut c = Command::new(kokyaku);
                c.arg(command).arg("--csv").arg(path);
                c
            })?;
            row(command, path, run)?;
        }
    }
    Ok(())
}

fn header() {
    println!("| command | file | size (MB) | time (s) | peak RSS (MB) | peak / file |");
    println!("|---|---|---:|---:|---:|---:|");
}

/// One measured run's row.
fn row(command: &str, path: &Path, (seconds, peak): (f64, Option<u64>)) -> Result<(), Error> {
    let bytes = std::fs::metadata(path)?.len();
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    println!(
        "| {command} | {name} | {} | {seconds:.2} | {} | {} |",
        mb(bytes),
        peak.map_or("n/a".into(), mb),
        peak.map_or("n/a".into(), |p| format!("{:.2}", p as f64 / bytes as f64)),
    );
    Ok(())
}

/// Runs `python warehouse.py kind source target`.
fn convert(
    python: &Path,
    script: &Path,
    kind: &str,
    source: &Path,
    target: &Path,
) -> Result<(), Error> {
    let mut c = Command::new(python);
    c.arg(script).arg(kind).arg(source).arg(target);
    child::run_discarding_output(c)?;
    Ok(())
}

/// The best wall time over `repeat` runs, the highest peak, and the last run's standard output.
fn best(repeat: usize, make: impl Fn() -> Command) -> Result<((f64, Option<u64>), String), Error> {
    let (mut time, mut peak, mut stdout) = (f64::INFINITY, None, String::new());
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        let finished = child::run(make())?;
        time = time.min(started.elapsed().as_secs_f64());
        peak = peak.max(finished.peak_rss);
        stdout = finished.stdout;
    }
    Ok(((time, peak), stdout))
}

/// Writes a customers table of `customers` rows: first orders over four years, a geometric number of
/// orders, their days and the first day's value consistent with them.
fn write_customers(path: &Path, customers: usize, seed: u64) -> Result<(), Error> {
    let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    writeln!(out, "customer_key,first_order_date,last_order_date,orders,revenue,order_days,first_day_revenue,email")?;
    let start: Day = "2021-01-01".parse().map_err(|_| "bad start date")?;
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        // xorshift64*: reproducible for a seed, and fast enough for millions of rows.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for c in 0..customers {
        let first = start.0 + (next() % 1400) as i32;
        let mut orders = 1u64;
        while orders < 30 && next() % 100 < 45 {
            orders += 1;
        }
        let span = (1460 - (first - start.0)) as u64;
        let last = match orders {
            1 => first,
            _ => first + 1 + (next() % span.max(1)) as i32,
        };
        let days = orders.min((last - first) as u64 + 1);
        let each = 1000 + (next() % 150) * 100;
        let revenue = each * orders + (next() % 10) * 100;
        writeln!(
            out,
            "C{c:09},{},{},{orders},{revenue},{days},{each},c{c}@example.jp",
            Day(first),
            Day(last)
        )?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let parse = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
        assert_eq!(parse(&[]).unwrap().unwrap(), WarehouseArgs::default());
        let a = parse(&["--lines=100k", "--customers", "2M", "--repeat", "1"])
            .unwrap()
            .unwrap();
        assert_eq!((a.lines, a.customers, a.repeat), (100_000, 2_000_000, 1));
        assert!(parse(&["--bogus"]).is_err());
        assert_eq!(parse(&["--help"]).unwrap(), None);
    }

    #[test]
    fn the_customers_table_is_one_a_reader_takes_whole() {
        let dir =
            std::env::temp_dir().join(format!("kokyaku-warehouse-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("customers.csv");
        write_customers(&path, 2_000, 3).unwrap();
        let mut reader =
            kokyaku_core::ingest::CustomerTableReader::new(kokyaku_core::IngestOptions::default())
                .unwrap();
        use kokyaku_core::ingest::CellSink;
        reader.begin_file("customers.csv").unwrap();
        reader.push(&std::fs::read(&path).unwrap()).unwrap();
        let read = reader.finish().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        // Every generated row is consistent: none is rejected.
        assert_eq!(
            (read.quality.rows_read, read.quality.rows_rejected),
            (2_000, 0)
        );
        assert_eq!(read.dataset.customer_count(), 2_000);
    }
}
