//! `kokyaku-bench --compare`: Kokyaku against DuckDB SQL and pandas on the same generated files, and its
//! model fits against `lifetimes`, in one run.
//!
//! For each size an export is generated and written to disk; then each engine reads that file in its own
//! child process and builds the same tables (summary, RFM, CPM, monthly cohorts, repeat, historical LTV):
//! Kokyaku through `kokyaku-bench --stream` (the file read in 256 KiB chunks, as the CLI does), DuckDB and
//! pandas through `bench/duckdb_tables.py` and `bench/pandas_tables.py`. Each child times its own reading and
//! computing (process start-up excluded) and the parent reads each child's peak RSS from `wait4`. The RFM
//! segment counts, monthly cohort sizes, customers, orders and revenue of DuckDB and pandas are checked
//! against Kokyaku's, and a difference makes the run fail after printing everything (`scripts/pandas-check.sh`
//! runs it with pandas alone on a small file, as part of the tests). Finally the BG/NBD and Gamma-Gamma fits
//! run on the file's calibration summary next to `lifetimes` ([`crate::ltv::bench_one`]); [`print`] prints
//! the tables.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kokyaku_core::analysis::ltv::summary::{calibration_summary, SummaryParams};
use kokyaku_gen::{generate, Format, GenOptions};
use serde_json::Value;

use crate::args::{parse_count, parse_counts, parse_repeat, parse_seed, walk_options};
use crate::child;
use crate::ltv::{self, LtvArgs};
use crate::measure::{orders_for_lines, Error};
use crate::report::{group, in_folder, machine_line, mb, today};

mod commands;
pub(crate) use commands::cli;
mod print;

use print::{differences, print_file, print_summary};

/// The DuckDB release installed into the venv when the interpreter lacks it.
const DUCKDB: &str = "duckdb==2.0.1";

/// The Python scripts, by engine.
const SCRIPTS: [(Engine, &str); 2] = [
    (
        Engine::DuckDb,
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/duckdb_tables.py"),
    ),
    (
        Engine::Pandas,
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/pandas_tables.py"),
    ),
];

/// An engine that builds the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Kokyaku,
    DuckDb,
    Pandas,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Kokyaku => "Kokyaku",
            Engine::DuckDb => "DuckDB",
            Engine::Pandas => "pandas",
        }
    }
}

/// The arguments of the `--compare` mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareArgs {
    /// Approximate data rows (order lines) per file.
    pub lines: Vec<usize>,
    pub format: Format,
    pub seed: u64,
    /// Runs of each engine per size; the best time and the highest peak are kept.
    pub repeat: usize,
    /// Above this many lines the Python engines and lifetimes run once.
    pub python_repeat_limit: usize,
    /// Whether DuckDB and pandas run.
    pub tables: bool,
    /// Whether DuckDB runs with pandas (`--no-duckdb`: pandas alone, and DuckDB is not installed).
    pub duckdb: bool,
    /// Whether the model fits run (Kokyaku and lifetimes).
    pub fits: bool,
    /// Where the files go (kept); default: a temporary directory, removed at the end.
    pub dir: Option<PathBuf>,
    /// The Python interpreter; default: the one `--ltv` uses, given DuckDB if it lacks it.
    pub python: Option<PathBuf>,
}

impl Default for CompareArgs {
    fn default() -> Self {
        CompareArgs {
            lines: vec![100_000, 1_000_000, 5_000_000],
            format: Format::Generic,
            seed: 1,
            repeat: 3,
            python_repeat_limit: 1_000_000,
            tables: true,
            duckdb: true,
            fits: true,
            dir: None,
            python: None,
        }
    }
}

pub const USAGE: &str = "\
usage: kokyaku-bench --compare [--lines N[,N...]] [--format FORMAT] [--seed S] [--repeat R]
                               [--python-repeat-limit N] [--kokyaku-only] [--no-duckdb] [--no-fits]
                               [--dir DIR] [--python PATH]

  --lines                approximate data rows (order lines) per file; k and M suffixes allowed
                         (default 100000,1000000,5000000)
  --format               export format of the files (default generic: UTF-8, 13 columns)
  --seed                 generator seed (default 1)
  --repeat               runs of each engine per file; best time and highest peak kept (default 3)
  --python-repeat-limit  DuckDB, pandas and lifetimes run once on files with more lines (default 1000000)
  --kokyaku-only         only Kokyaku's streaming run (memory of big files); no DuckDB, pandas or fits
  --no-duckdb            pandas alone against Kokyaku (Python needs only pandas)
  --no-fits              no BG/NBD and Gamma-Gamma fits
  --dir                  write the files there and keep them (default: a temporary directory, removed)
  --python               Python with pandas, duckdb and lifetimes (default: as --ltv finds it; DuckDB
                         2.0.1 is installed into it when missing)

Exits with 1 when DuckDB's or pandas' customers, orders, revenue, RFM segment counts or monthly cohort sizes
differ from Kokyaku's (after printing everything).";

/// Parses the arguments after `--compare`. `Ok(None)` means `--help`.
pub fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<CompareArgs>, String> {
    let mut parsed = CompareArgs::default();
    let go_on = walk_options(args, |o| {
        match o.name.as_str() {
            "--lines" => {
                parsed.lines = parse_counts(&o.value()?)?;
            }
            "--format" => parsed.format = o.value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => parsed.seed = parse_seed(&o.value()?)?,
            "--repeat" => parsed.repeat = parse_repeat(&o.value()?)?,
            "--python-repeat-limit" => parsed.python_repeat_limit = parse_count(&o.value()?)?,
            "--kokyaku-only" => {
                parsed.tables = false;
                parsed.fits = false;
            }
            "--no-duckdb" => parsed.duckdb = false,
            "--no-fits" => parsed.fits = false,
            "--dir" => parsed.dir = Some(PathBuf::from(o.value()?)),
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

/// One engine's best run on one file.
#[derive(Debug, Clone)]
pub(super) struct EngineRun {
    engine: Engine,
    runs: usize,
    /// Reading the file into valid orders (Kokyaku: ingestion).
    read: f64,
    /// Reading, RFM and monthly cohorts (the goal's comparison).
    rfm_cohorts: f64,
    /// Reading and every table.
    total: f64,
    /// The highest peak RSS over the runs, from `wait4`.
    peak: Option<u64>,
    /// The last run's JSON, for the checks.
    json: Value,
}

/// Everything measured on one file.
#[derive(Debug, Clone)]
pub(super) struct FileResult {
    lines: u64,
    bytes: u64,
    runs: Vec<EngineRun>,
    /// Kokyaku's and lifetimes' times for both fits.
    fits: Option<(Duration, Option<Duration>)>,
    /// Whole commands against DuckDB; empty when the CLI is not built.
    commands: Vec<commands::CommandRun>,
    /// Every command, Kokyaku alone; empty when the CLI is not built.
    every: commands::EveryCommand,
    load: String,
}

/// Runs the `--compare` mode.
pub fn run(args: &CompareArgs) -> Result<(), Error> {
    in_folder(args.dir.as_deref(), "compare", |dir| run_in(args, dir))
}

fn run_in(args: &CompareArgs, dir: &Path) -> Result<(), Error> {
    let python = if args.tables || args.fits {
        Some(match &args.python {
            Some(p) => p.clone(),
            None if args.tables && args.duckdb => python_with_duckdb(ltv::find_python()?)?,
            None => ltv::find_python()?,
        })
    } else {
        None
    };
    println!("kokyaku-bench {} --compare", env!("CARGO_PKG_VERSION"));
    println!();
    println!("{}", machine_line());
    println!(
        "- date: {} (UTC); load average at start: {}",
        today(),
        load()
    );
    println!(
        "- files: {} format, seed {}, written to disk and read from it (page cache warm) by every engine",
        args.format, args.seed
    );
    println!(
        "- times: measured inside each child process (start-up and imports excluded), best of {} run(s); \
         DuckDB, pandas and lifetimes once above {} lines; peak RSS of each child from wait4 (ru_maxrss)",
        args.repeat,
        group(args.python_repeat_limit as u64)
    );
    if let Some(p) = &python {
        println!("- Python: `{}`", p.display());
    }
    println!();

    let mut results = Vec::new();
    for &lines in &args.lines {
        let path = dir.join(format!("orders-{}-{lines}.csv", args.format));
        let (rows, bytes, took) = write_file(&path, lines, args.format, args.seed)?;
        eprintln!(
            "kokyaku-bench: wrote {} ({} rows, {} MB) in {:.1} s",
            path.display(),
            group(rows),
            mb(bytes),
            took.as_secs_f64()
        );
        let mut runs = vec![run_engine(Engine::Kokyaku, &path, args.repeat, None)?];
        if let (true, Some(py)) = (args.tables, &python) {
            let repeat = if lines > args.python_repeat_limit {
                1
            } else {
                args.repeat
            };
            for (engine, _) in SCRIPTS {
                if engine == Engine::DuckDb && !args.duckdb {
                    continue;
                }
                runs.push(run_engine(engine, &path, repeat, Some(py))?);
            }
        }
        let duckdb_script = SCRIPTS[0].1;
        let (commands, every) = match commands::cli() {
            Some(cli) => {
                let duckdb = python
                    .as_deref()
                    .filter(|_| args.tables && args.duckdb)
                    .map(|py| (py, duckdb_script));
                let repeat = if lines > args.python_repeat_limit {
                    1
                } else {
                    args.repeat
                };
                (
                    commands::run_commands(&cli, &path, repeat, duckdb)?,
                    commands::run_every(&cli, &path, args.repeat, dir)?,
                )
            }
            None => {
                eprintln!(
                    "kokyaku-bench: the kokyaku CLI is not built next to this harness \
                     (cargo build --release -p kokyaku-cli), so whole commands are not timed"
                );
                (Vec::new(), Vec::new())
            }
        };
        let fits = match (&python, args.fits) {
            (Some(py), true) => Some(fit(&path, lines, rows, args, py, dir)?),
            _ => None,
        };
        let result = FileResult {
            lines: rows,
            bytes,
            runs,
            fits,
            commands,
            every,
            load: load(),
        };
        print_file(&result);
        results.push(result);
    }
    print_summary(&results);
    let differing = results
        .iter()
        .flat_map(|r| {
            r.runs[1..]
                .iter()
                .filter(|o| !differences(&r.runs[0].json, &o.json).is_empty())
        })
        .count();
    if differing > 0 {
        return Err(format!(
            "{differing} run(s) of DuckDB or pandas gave other figures than Kokyaku (WARNING lines above)"
        )
        .into());
    }
    Ok(())
}

/// Writes a generated export of about `lines` data rows; returns its rows, bytes and how long it took.
pub(crate) fn write_file(
    path: &Path,
    lines: usize,
    format: Format,
    seed: u64,
) -> Result<(u64, u64, Duration), Error> {
    let start = Instant::now();
    let orders = orders_for_lines(lines, format, seed)?;
    let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let truth = generate(
        &GenOptions {
            format,
            orders,
            seed,
        },
        &mut out,
    )?;
    out.flush()?;
    let bytes = std::fs::metadata(path)?.len();
    Ok((truth.rows_written, bytes, start.elapsed()))
}

/// Runs one engine `repeat` times on the file: the best of each time, the highest peak.
fn run_engine(
    engine: Engine,
    path: &Path,
    repeat: usize,
    python: Option<&Path>,
) -> Result<EngineRun, Error> {
    eprintln!(
        "kokyaku-bench: {} on {} ({repeat} run(s))…",
        engine.name(),
        path.display()
    );
    let mut best: Option<EngineRun> = None;
    for _ in 0..repeat {
        let command = match (engine, python) {
            (Engine::Kokyaku, _) => {
                let mut c = Command::new(std::env::current_exe()?);
                c.arg("--stream").arg(path);
                c
            }
            (_, Some(py)) => {
                let script = SCRIPTS
                    .iter()
                    .find(|(e, _)| *e == engine)
                    .map(|(_, s)| *s)
                    .ok_or("no script for this engine")?;
                let mut c = Command::new(py);
                c.arg(script).arg(path);
                c
            }
            (_, None) => return Err("no Python interpreter".into()),
        };
        let done = child::run(command)?;
        let json = last_json(&done.stdout)?;
        let num = |key: &str| -> Result<f64, Error> {
            json.get(key)
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("{}: no number '{key}' in its output", engine.name()).into())
        };
        let run = EngineRun {
            engine,
            runs: repeat,
            read: num("read_s")?,
            rfm_cohorts: num("rfm_cohorts_s")?,
            total: num("total_s")?,
            peak: done.peak_rss,
            json: json.clone(),
        };
        best = Some(match best {
            None => run,
            Some(b) => EngineRun {
                read: b.read.min(run.read),
                rfm_cohorts: b.rfm_cohorts.min(run.rfm_cohorts),
                total: b.total.min(run.total),
                peak: b.peak.max(run.peak),
                ..run
            },
        });
    }
    best.ok_or_else(|| "repeat is at least 1".into())
}

/// The last line of `stdout` that is a JSON object.
fn last_json(stdout: &str) -> Result<Value, Error> {
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .ok_or_else(|| format!("no JSON in the output:\n{stdout}"))?;
    Ok(serde_json::from_str(line)?)
}

/// The BG/NBD and Gamma-Gamma fits on the file's calibration summary (every order, weeks), Kokyaku against
/// lifetimes.
fn fit(
    path: &Path,
    lines: usize,
    rows: u64,
    args: &CompareArgs,
    python: &Path,
    dir: &Path,
) -> Result<(Duration, Option<Duration>), Error> {
    let bytes = std::fs::read(path)?;
    let name = path.display().to_string();
    let ds = kokyaku_core::ingest::ingest_files(
        kokyaku_core::IngestOptions::default(),
        [(name.as_str(), bytes.as_slice())],
    )?
    .dataset;
    drop(bytes);
    let summary = calibration_summary(&ds, None, &SummaryParams::default());
    drop(ds);
    let ltv_args = LtvArgs {
        repeat: if lines > args.python_repeat_limit {
            1
        } else {
            args.repeat
        },
        ..LtvArgs::default()
    };
    let title = format!(
        "model fits on the {}-line {} file",
        group(rows),
        args.format
    );
    let mut skipped = Vec::new();
    let r = ltv::bench_one(&title, &summary, None, &ltv_args, python, dir, &mut skipped)?;
    Ok((r.kokyaku, r.lifetimes))
}

/// The 1-, 5- and 15-minute load averages from `/proc/loadavg` (`n/a` elsewhere).
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "n/a".to_string())
}

/// `python` if it can import duckdb and pandas; else `python` after `pip install duckdb==2.0.1`.
pub(crate) fn python_with_duckdb(python: PathBuf) -> Result<PathBuf, Error> {
    let has = |p: &Path| {
        Command::new(p)
            .args(["-c", "import duckdb, pandas"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has(&python) {
        return Ok(python);
    }
    let mut pip = Command::new(&python);
    pip.args(["-m", "pip", "install", "--quiet", DUCKDB]);
    eprintln!("kokyaku-bench: {pip:?}");
    if !pip.status()?.success() || !has(&python) {
        return Err(format!("{} cannot import duckdb and pandas", python.display()).into());
    }
    Ok(python)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let parse = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
        assert_eq!(parse(&[]).unwrap().unwrap(), CompareArgs::default());
        let a = parse(&["--lines=1M,100k", "--kokyaku-only", "--repeat", "1"])
            .unwrap()
            .unwrap();
        assert_eq!(a.lines, vec![100_000, 1_000_000]);
        assert!(!a.tables && !a.fits);
        assert!(!parse(&["--no-duckdb"]).unwrap().unwrap().duckdb);
        assert_eq!(a.repeat, 1);
        assert!(parse(&["--bogus"]).is_err());
        assert_eq!(parse(&["-h"]).unwrap(), None);
    }
}
