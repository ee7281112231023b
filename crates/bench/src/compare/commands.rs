//! Whole commands as a user runs them: `kokyaku rfm FILE --csv` and `kokyaku cohorts FILE --csv` (the CLI
//! built next to this harness, its output thrown away) against DuckDB doing the same job in Python
//! (`bench/duckdb_tables.py FILE --export rfm|cohorts`: read the file with typed columns, build the table,
//! write it as CSV to /dev/null). Each is timed by this process from its start to its exit, so start-up and
//! imports count, with its peak RSS from `wait4`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::child;
use crate::measure::Error;

/// The commands compared, as the CLI names them.
pub(super) const COMMANDS: [&str; 2] = ["rfm", "cohorts"];

/// One command's best run per engine: seconds and peak RSS in bytes.
#[derive(Debug, Clone)]
pub(super) struct CommandRun {
    pub command: &'static str,
    pub kokyaku: (f64, Option<u64>),
    pub duckdb: Option<(f64, Option<u64>)>,
}

/// The `kokyaku` CLI beside this harness (`cargo build --release -p kokyaku-cli`), if it is built.
pub(crate) fn cli() -> Option<PathBuf> {
    let path = std::env::current_exe().ok()?.with_file_name("kokyaku");
    path.is_file().then_some(path)
}

/// Runs each command `repeat` times with each engine on the file; DuckDB only with a `python` given.
pub(super) fn run_commands(
    kokyaku: &Path,
    path: &Path,
    repeat: usize,
    duckdb: Option<(&Path, &str)>,
) -> Result<Vec<CommandRun>, Error> {
    COMMANDS
        .iter()
        .map(|&command| {
            eprintln!("kokyaku-bench: kokyaku {command} --csv, whole process ({repeat} run(s))…");
            let kokyaku = best(repeat, || {
                let mut c = Command::new(kokyaku);
                c.arg(command).arg(path).arg("--csv");
                c
            })?;
            let duckdb = match duckdb {
                Some((python, script)) => {
                    eprintln!("kokyaku-bench: DuckDB {command} to CSV, whole process…");
                    Some(best(repeat, || {
                        let mut c = Command::new(python);
                        c.arg(script).arg(path).arg("--export").arg(command);
                        c
                    })?)
                }
                None => None,
            };
            Ok(CommandRun {
                command,
                kokyaku,
                duckdb,
            })
        })
        .collect()
}

/// Every command of the CLI on the file, Kokyaku alone: each command's arguments and its best run.
pub(super) type EveryCommand = Vec<(String, (f64, Option<u64>))>;

/// The commands whose memory the goal bounds, with the arguments they are run with; `report` writes into
/// `out` (emptied before each run).
fn every_command(out: &Path) -> Vec<Vec<String>> {
    let out = out.display().to_string();
    let list: [&[&str]; 11] = [
        &["summary"],
        &["rfm", "--csv"],
        &["cpm", "--csv"],
        &["cohorts", "--csv"],
        &["repeat", "--csv"],
        &["history", "--csv"],
        &["basket", "--csv"],
        &["ltv", "--csv"],
        &["segment"],
        &["report", "--no-ltv", "--out", &out],
        &["report", "--out", &out],
    ];
    list.iter()
        .map(|a| a.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// Runs every command `repeat` times on the file, output thrown away (`report` into a folder of `dir`).
pub(super) fn run_every(
    kokyaku: &Path,
    path: &Path,
    repeat: usize,
    dir: &Path,
) -> Result<EveryCommand, Error> {
    let out = dir.join("report");
    every_command(&out)
        .into_iter()
        .map(|args| {
            let shown = args.join(" ").replace(&out.display().to_string(), "DIR");
            eprintln!("kokyaku-bench: kokyaku {shown} ({repeat} run(s))…");
            let run = best(repeat, || {
                let _ = std::fs::remove_dir_all(&out);
                let mut c = Command::new(kokyaku);
                c.args(&args).arg(path);
                c
            })?;
            Ok((shown, run))
        })
        .collect()
}

/// The best wall time and the highest peak over `repeat` runs of the command `make` builds.
fn best(repeat: usize, make: impl Fn() -> Command) -> Result<(f64, Option<u64>), Error> {
    let mut best: Option<(f64, Option<u64>)> = None;
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        let peak = child::run_discarding_output(make())?;
        let took = started.elapsed().as_secs_f64();
        best = Some(match best {
            None => (took, peak),
            Some((t, p)) => (t.min(took), p.max(peak)),
        });
    }
    best.ok_or_else(|| "repeat is at least 1".into())
}
