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
//! runs it with pandas alone on a small file, as part of the tests). Finally the BG/NBD and Gamma-Gamma fits run on the file's calibration summary next to
//! `lifetimes` ([`crate::ltv::bench_one`]).

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
use crate::report::{group, machine, today};

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
struct EngineRun {
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
struct FileResult {
    lines: u64,
    bytes: u64,
    runs: Vec<EngineRun>,
    /// Kokyaku's and lifetimes' times for both fits.
    fits: Option<(Duration, Option<Duration>)>,
    load: String,
}

/// Runs the `--compare` mode.
pub fn run(args: &CompareArgs) -> Result<(), Error> {
    let (dir, remove) = match &args.dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("kokyaku-compare-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run_in(args, &dir);
    if remove {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
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
    println!(
        "- machine: {} ({} {})",
        machine(),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
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
        let fits = match (&python, args.fits) {
            (Some(py), true) => Some(fit(&path, lines, rows, args, py, dir)?),
            _ => None,
        };
        let result = FileResult {
            lines: rows,
            bytes,
            runs,
            fits,
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
fn write_file(
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

/// Prints one file's table and the checks of DuckDB's and pandas' figures against Kokyaku's.
fn print_file(r: &FileResult) {
    println!("#### {} lines, {} MB", group(r.lines), mb(r.bytes));
    println!();
    let kokyaku = &r.runs[0];
    if let Some(j) = Some(&kokyaku.json) {
        println!(
            "- {} customers, {} valid orders; load average after the runs: {}",
            j["customers"], j["orders"], r.load
        );
    }
    for other in &r.runs[1..] {
        for w in differences(&kokyaku.json, &other.json) {
            println!(
                "- WARNING: {} differs from Kokyaku: {w}",
                other.engine.name()
            );
        }
        if differences(&kokyaku.json, &other.json).is_empty() {
            println!(
                "- {} {}: customers, orders, revenue, RFM segment counts and monthly cohort sizes equal Kokyaku's",
                other.engine.name(),
                other.json["version"].as_str().unwrap_or("?")
            );
        }
    }
    println!();
    println!("| engine | runs | read (s) | read + RFM + cohorts (s) | all tables (s) | peak RSS (MB) | peak / file | Kokyaku ÷ engine, RFM + cohorts | Kokyaku ÷ engine, all | Kokyaku ÷ engine, memory |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for run in &r.runs {
        let peak = run.peak.map_or("n/a".to_string(), mb);
        let per_file = run.peak.map_or("n/a".to_string(), |p| {
            format!("{:.2}×", p as f64 / r.bytes as f64)
        });
        let (a, b, c) = if run.engine == Engine::Kokyaku {
            ("–".to_string(), "–".to_string(), "–".to_string())
        } else {
            (
                ratio(kokyaku.rfm_cohorts, run.rfm_cohorts),
                ratio(kokyaku.total, run.total),
                match (kokyaku.peak, run.peak) {
                    (Some(k), Some(o)) => ratio(k as f64, o as f64),
                    _ => "n/a".to_string(),
                },
            )
        };
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {peak} | {per_file} | {a} | {b} | {c} |",
            run.engine.name(),
            run.runs,
            run.read,
            run.rfm_cohorts,
            run.total
        );
    }
    if let Some((k, l)) = r.fits {
        println!();
        println!(
            "BG/NBD + Gamma-Gamma fits on this file's customers: Kokyaku {:.3} s, lifetimes {}; Kokyaku ÷ lifetimes {}",
            k.as_secs_f64(),
            l.map_or("skipped".to_string(), |l| format!("{:.3} s", l.as_secs_f64())),
            l.map_or("–".to_string(), |l| ratio(k.as_secs_f64(), l.as_secs_f64()))
        );
    }
    println!();
}

/// Prints one line per file: every engine's time and memory and the ratios the goals are stated in.
fn print_summary(results: &[FileResult]) {
    println!("#### Summary");
    println!();
    println!(
        "| lines | file (MB) | read + RFM + cohorts: Kokyaku (s) | DuckDB (s) | K ÷ D | pandas (s) | K ÷ P \
         | all tables: Kokyaku (s) | DuckDB (s) | K ÷ D | pandas (s) | K ÷ P \
         | peak RSS: Kokyaku (MB) | DuckDB (MB) | pandas (MB) \
         | fits: Kokyaku (s) | lifetimes (s) | K ÷ L |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in results {
        let find = |e: Engine| r.runs.iter().find(|x| x.engine == e);
        let k = find(Engine::Kokyaku);
        let time = |e: Engine, f: fn(&EngineRun) -> f64| -> [String; 2] {
            match (find(e), k) {
                (Some(x), Some(k)) => [format!("{:.3}", f(x)), ratio(f(k), f(x))],
                _ => ["–".to_string(), "–".to_string()],
            }
        };
        let peak = |e: Engine| {
            find(e).and_then(|x| x.peak).map_or("–".to_string(), |p| {
                format!("{} ({:.2}×)", mb(p), p as f64 / r.bytes as f64)
            })
        };
        let fits = match r.fits {
            Some((k, Some(l))) => [
                format!("{:.3}", k.as_secs_f64()),
                format!("{:.3}", l.as_secs_f64()),
                ratio(k.as_secs_f64(), l.as_secs_f64()),
            ],
            Some((k, None)) => [
                format!("{:.3}", k.as_secs_f64()),
                "skipped".to_string(),
                "–".to_string(),
            ],
            None => ["–".to_string(), "–".to_string(), "–".to_string()],
        };
        let rc = |x: &EngineRun| x.rfm_cohorts;
        let all = |x: &EngineRun| x.total;
        let [k_rc, k_all] =
            [rc, all].map(|f| k.map_or("–".to_string(), |k| format!("{:.3}", f(k))));
        let [d_rc, d_rc_ratio] = time(Engine::DuckDb, rc);
        let [p_rc, p_rc_ratio] = time(Engine::Pandas, rc);
        let [d_all, d_all_ratio] = time(Engine::DuckDb, all);
        let [p_all, p_all_ratio] = time(Engine::Pandas, all);
        println!(
            "| {} | {} | {k_rc} | {d_rc} | {d_rc_ratio} | {p_rc} | {p_rc_ratio} | {k_all} | {d_all} | {d_all_ratio} \
             | {p_all} | {p_all_ratio} | {} | {} | {} | {} | {} | {} |",
            group(r.lines),
            mb(r.bytes),
            peak(Engine::Kokyaku),
            peak(Engine::DuckDb),
            peak(Engine::Pandas),
            fits[0],
            fits[1],
            fits[2]
        );
    }
    println!();
    println!(
        "K ÷ D, K ÷ P, K ÷ L: Kokyaku's time divided by DuckDB's, pandas' or lifetimes' (0.25× = Kokyaku takes a \
         quarter of the time). Peak RSS in brackets: as a multiple of the file's size. MB = 10^6 bytes."
    );
}

/// The figures of `other` that differ from Kokyaku's: customers, orders, revenue, RFM segment counts and
/// monthly cohort sizes.
fn differences(kokyaku: &Value, other: &Value) -> Vec<String> {
    [
        "customers",
        "orders",
        "revenue_minor",
        "segments",
        "cohort_sizes",
    ]
    .iter()
    .filter(|k| kokyaku[**k] != other[**k])
    .map(|k| format!("{k}: Kokyaku {}, other {}", kokyaku[*k], other[*k]))
    .collect()
}

/// `a / b` as a ratio such as `0.31×`.
fn ratio(a: f64, b: f64) -> String {
    if b <= 0.0 {
        return "n/a".to_string();
    }
    let r = a / b;
    if r < 0.1 {
        format!("{r:.3}×")
    } else {
        format!("{r:.2}×")
    }
}

/// Bytes as MB (10^6) with one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// The 1-, 5- and 15-minute load averages from `/proc/loadavg` (`n/a` elsewhere).
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "n/a".to_string())
}

/// `python` if it can import duckdb and pandas; else `python` after `pip install duckdb==2.0.1`.
fn python_with_duckdb(python: PathBuf) -> Result<PathBuf, Error> {
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
    use serde_json::json;

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

    #[test]
    fn checks() {
        let k = json!({"customers": 3, "orders": 4, "revenue_minor": 10,
            "segments": {"new": 2, "loyal": 1}, "cohort_sizes": {"2024-01": 3}});
        let mut o = k.clone();
        assert!(differences(&k, &o).is_empty());
        o["segments"]["new"] = json!(1);
        let d = differences(&k, &o);
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("segments"));
        assert_eq!(ratio(1.0, 4.0), "0.25×");
        assert_eq!(ratio(1.0, 50.0), "0.020×");
    }
}
