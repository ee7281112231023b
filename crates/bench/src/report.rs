//! Printing: the machine and date, one table per size, and the scaling table. The output is Markdown (its
//! headings at level 4) so that it can be pasted under a heading of `bench/README.md` as it is. MB are 10^6
//! bytes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kokyaku_core::Day;

use crate::measure::{SizeResult, Step, CHUNK_SIZE};
use crate::Args;

/// How far a step's per-row time ratio (largest size over smallest) may exceed that of an n·log n step before
/// it is marked as possibly non-linear: a linear pass or one sort stays below, a quadratic step is far above.
const NON_LINEAR_MARGIN: f64 = 1.25;

/// Prints what was run, on what machine, and when.
pub fn print_header(args: &Args) {
    println!("kokyaku-bench {}", env!("CARGO_PKG_VERSION"));
    println!();
    println!("{}", machine_line());
    println!("- date: {} (UTC)", today());
    println!(
        "- format: {}, seed {}, best of {} run{}, input read in {} KiB chunks, parsed on both threads; MB = 10^6 bytes",
        args.format,
        args.seed,
        args.repeat,
        if args.repeat == 1 { "" } else { "s" },
        CHUNK_SIZE >> 10
    );
    println!();
}

/// The line of every report that says what machine it ran on.
pub(crate) fn machine_line() -> String {
    format!(
        "- machine: {} ({} {})",
        machine(),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Runs `run` in the folder `dir`, or, without one, in a new folder of the temporary directory named after
/// `name` and the process, removed afterwards.
pub(crate) fn in_folder(
    dir: Option<&std::path::Path>,
    name: &str,
    run: impl FnOnce(&std::path::Path) -> Result<(), crate::measure::Error>,
) -> Result<(), crate::measure::Error> {
    let (dir, remove) = match dir {
        Some(d) => (d.to_path_buf(), false),
        None => (
            std::env::temp_dir().join(format!("kokyaku-{name}-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run(&dir);
    if remove {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

/// The CPU model from `/proc/cpuinfo` (or "unknown CPU") and the number of threads available.
pub(crate) fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, m)| m.trim().to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let threads = std::thread::available_parallelism()
        .map_or_else(|_| "? threads".to_string(), |n| format!("{n} threads"));
    format!("{model}, {threads}")
}

/// Today's date in UTC, as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Day((secs / 86_400) as i32).to_string()
}

/// Prints the input, dataset and memory figures and the timing table of one size.
pub fn print_size(r: &SizeResult) {
    let s = &r.shape;
    println!(
        "#### {}, ~{} lines",
        r.format,
        group(r.requested_lines as u64)
    );
    println!();
    println!(
        "- input: {} orders in {} data rows, {} MB (generated in {} ms incl. calibration, not timed below)",
        group(r.generated_orders as u64),
        group(r.rows),
        mb(r.bytes as u64),
        ms(r.generate_time)
    );
    println!(
        "- dataset: {} customers, {} valid orders, {} lines, {} products; columnar ≈ {} MB",
        group(s.customers as u64),
        group(s.orders as u64),
        group(s.lines as u64),
        group(s.products as u64),
        mb(s.columnar_bytes as u64)
    );
    let peak_scope = if r.peak_is_per_size {
        "ingestion and analyses of this size"
    } else {
        "whole process so far"
    };
    println!(
        "- memory: peak RSS (VmHWM, {peak_scope}) {} MB, incl. the {} MB input held in memory; RSS before ingestion {} MB",
        r.peak.map_or("n/a".to_string(), mb),
        mb(r.bytes as u64),
        r.rss_before.map_or("n/a".to_string(), mb)
    );
    for w in &r.warnings {
        println!("- WARNING: {w}");
    }
    println!();
    println!("| step | time (ms) | MB/s | rows/s |");
    println!("|---|---:|---:|---:|");
    for (step, t) in Step::ALL.iter().zip(r.best) {
        if *step == Step::Ingest {
            let secs = t.as_secs_f64().max(1e-9);
            println!(
                "| {} | {} | {:.1} | {} |",
                step.name(),
                ms(t),
                r.bytes as f64 / 1e6 / secs,
                group((r.rows as f64 / secs) as u64)
            );
        } else {
            println!("| {} | {} | | |", step.name(), ms(t));
        }
    }
    println!("| **total** | **{}** | | |", ms(r.best_total));
    println!();
}

/// Prints, for each step, the time per data row of the smallest and the largest size, their ratio (marked when
/// it is well above what one sort would give) and the implied exponent `log(t_large / t_small) / log(rows_large / rows_small)` (1 for a linear step, slightly above
/// 1 for a sort). Nothing is printed with fewer than two sizes.
pub fn print_scaling(results: &[SizeResult]) {
    let (Some(small), Some(large)) = (results.first(), results.last()) else {
        return;
    };
    if results.len() < 2 || large.rows <= small.rows {
        return;
    }
    println!(
        "#### Scaling: time per row, {} vs {} rows",
        group(large.rows),
        group(small.rows)
    );
    println!();
    println!(
        "| step | ns/row at {} | ns/row at {} | ratio | exponent |",
        group(small.rows),
        group(large.rows)
    );
    println!("|---|---:|---:|---:|---:|");
    let row_ratio = large.rows as f64 / small.rows as f64;
    // The per-row ratio of an n·log n step: log(n_large) / log(n_small).
    let sort_ratio = (large.rows as f64).ln() / (small.rows.max(2) as f64).ln();
    let per_row = |t: Duration, rows: u64| t.as_secs_f64() * 1e9 / rows as f64;
    let rows = Step::ALL
        .iter()
        .map(|s| (s.name(), small.best[*s as usize], large.best[*s as usize]))
        .chain([("total", small.best_total, large.best_total)]);
    for (name, t_small, t_large) in rows {
        let (a, b) = (per_row(t_small, small.rows), per_row(t_large, large.rows));
        let ratio = b / a.max(1e-12);
        let exponent =
            (t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-12)).ln() / row_ratio.ln();
        let mark = if ratio > sort_ratio * NON_LINEAR_MARGIN {
            " ← non-linear?"
        } else {
            ""
        };
        println!("| {name} | {a:.1} | {b:.1} | {ratio:.2}{mark} | {exponent:.2} |");
    }
    println!();
    println!(
        "A ratio near 1 (exponent near 1) is a linear step; a sort of n items gives at most about \
         {sort_ratio:.2} (log n_large / log n_small); steps above {:.2} are marked. Steps of a few \
         microseconds at the smallest size are noisy, and larger sizes no longer fit in the CPU caches.",
        sort_ratio * NON_LINEAR_MARGIN
    );
}

/// Milliseconds with three decimals.
fn ms(t: Duration) -> String {
    format!("{:.3}", t.as_secs_f64() * 1e3)
}

/// Bytes as MB (10^6) with one decimal.
/// Prints a goal's line, which `bench/goals.sh` gathers from every bench into one table: the goal, its
/// target, what was measured and whether the target is met.
pub(crate) fn print_goal(goal: &str, target: &str, measured: &str, met: bool) {
    let met = if met { "yes" } else { "no" };
    println!("goal | {goal} | {target} | {measured} | {met} |");
}

pub(crate) fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// A whole number with `,` between groups of three digits.
pub(crate) fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }
}
