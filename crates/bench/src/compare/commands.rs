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
pub(super) fn cli() -> Option<PathBuf> {
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
