//! What `--compare` prints: each file's table with the checks of the other engines' figures against
//! Kokyaku's, then the summary over every file.

use serde_json::Value;

use super::{Engine, EngineRun, FileResult};
use crate::report::{group, mb, print_goal};

/// Prints one file's table and the checks of DuckDB's and pandas' figures against Kokyaku's.
pub(super) fn print_file(r: &FileResult) {
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
    print_commands(r);
    print_every(r);
    print_goals(r);
    println!();
}

/// Every command of the CLI on the file, Kokyaku alone: time and memory against the file's size.
fn print_every(r: &FileResult) {
    if r.every.is_empty() {
        return;
    }
    println!();
    println!("Every command, process start to exit, output thrown away (`report` into a folder):");
    println!();
    println!("| command | time (s) | peak RSS (MB) | peak / file |");
    println!("|---|---:|---:|---:|");
    for (command, (time, peak)) in &r.every {
        println!(
            "| `{command}` | {time:.3} | {} | {} |",
            peak.map_or("n/a".to_string(), mb),
            peak.map_or("n/a".to_string(), |p| format!(
                "{:.2}×",
                p as f64 / r.bytes as f64
            ))
        );
    }
}

/// The goal lines of this file's figures (`bench/goals.sh` gathers them).
fn print_goals(r: &FileResult) {
    let size = format!("{} lines", group(r.lines));
    println!();
    for c in &r.commands {
        if let Some((d, _)) = c.duckdb {
            let k = c.kokyaku.0;
            print_goal(
                &format!("native `{} --csv`, {size}, whole process", c.command),
                "≤ 0.5× DuckDB (typed read_csv)",
                &format!("{k:.3} s vs {d:.3} s: {}", ratio(k, d)),
                k <= 0.5 * d,
            );
        }
    }
    let worst = r
        .every
        .iter()
        .filter_map(|(c, (_, p))| p.map(|p| (c, p)))
        .max_by_key(|(_, p)| *p);
    if let Some((command, peak)) = worst {
        let times = peak as f64 / r.bytes as f64;
        print_goal(
            &format!("native, every command's peak memory, {size}"),
            "≤ the file's size",
            &format!("highest: `{command}` {} MB, {times:.2}× the file", mb(peak)),
            times <= 1.0,
        );
    }
    let time_of = |prefix: &str| {
        r.every
            .iter()
            .find(|(c, _)| c.starts_with(prefix))
            .map(|(_, (t, _))| *t)
    };
    if let Some(reading) = time_of("summary") {
        for (label, prefix) in [
            ("every table", "report --out"),
            ("every table but the LTV fits", "report --no-ltv"),
        ] {
            if let Some(t) = time_of(prefix) {
                print_goal(
                    &format!("`kokyaku report`, {label}, {size}"),
                    "≤ 1.3× reading alone (`kokyaku summary`)",
                    &format!("{t:.3} s vs {reading:.3} s: {:.2}×", t / reading),
                    t <= 1.3 * reading,
                );
            }
        }
    }
    if let Some((k, Some(l))) = r.fits {
        let (k, l) = (k.as_secs_f64(), l.as_secs_f64());
        print_goal(
            &format!("model fits (BG/NBD + Gamma-Gamma) on the customers of {size}"),
            "≥ 50× faster than lifetimes",
            &format!("{k:.3} s vs {l:.3} s: {:.0}× faster", l / k),
            l >= 50.0 * k,
        );
    }
}

/// Whole commands, start to exit: Kokyaku's CLI against DuckDB doing the same job, with memory against the
/// file's size.
fn print_commands(r: &FileResult) {
    if r.commands.is_empty() {
        return;
    }
    let peak = |p: Option<u64>| match p {
        Some(p) => format!("{} ({:.2}×)", mb(p), p as f64 / r.bytes as f64),
        None => "n/a".to_string(),
    };
    println!();
    println!("Whole commands, process start to exit, CSV written (DuckDB: typed read_csv, COPY to CSV, in Python):");
    println!();
    println!("| command | Kokyaku (s) | peak RSS (MB, × file) | DuckDB (s) | peak RSS (MB, × file) | Kokyaku ÷ DuckDB, time |");
    println!("|---|---:|---:|---:|---:|---:|");
    for c in &r.commands {
        let (kt, kp) = c.kokyaku;
        let (dt, dp, k_d) = match c.duckdb {
            Some((dt, dp)) => (format!("{dt:.3}"), peak(dp), ratio(kt, dt)),
            None => ("–".to_string(), "–".to_string(), "–".to_string()),
        };
        println!(
            "| `{} --csv` | {kt:.3} | {} | {dt} | {dp} | {k_d} |",
            c.command,
            peak(kp)
        );
    }
}

/// Prints one line per file: every engine's time and memory and the ratios the goals are stated in.
pub(super) fn print_summary(results: &[FileResult]) {
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
pub(super) fn differences(kokyaku: &Value, other: &Value) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
