//! The CLI's analysis tables against independent reference tables computed with pandas
//! (`tests/reference/reference.py`, outputs checked in under `tests/reference/golden/`), on the real CDNOW
//! sample and on a generated generic export. Counts and money must be equal; rates within 1e-9.

mod common;

use std::path::{Path, PathBuf};

use common::{kokyaku, Scratch};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/reference/golden")
        .join(name)
}

fn cdnow() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cdnow/cdnow_sample_orders.csv")
}

/// The generated export the reference script reads (the generator is deterministic).
fn generated(scratch: &Scratch) -> PathBuf {
    common::generate(scratch, kokyaku_gen::Format::Generic, 20_000, 42).0
}

/// A CSV as rows of cells, header first, BOM removed, data rows sorted for comparison.
fn table(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect();
    rows[1..].sort();
    rows
}

/// Runs an analysis with `--csv` and compares it with a golden table cell by cell; cells that parse as
/// floats with a fractional part are compared to 1e-9, everything else exactly.
fn assert_matches_golden(args: &[&str], golden_name: &str) {
    let run = kokyaku(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let ours = table(&run.stdout);
    let theirs = table(&std::fs::read_to_string(golden(golden_name)).expect("golden file"));
    assert_eq!(ours[0], theirs[0], "header of {golden_name}");
    assert_eq!(ours.len(), theirs.len(), "row count of {golden_name}");
    for (a, b) in ours.iter().zip(&theirs).skip(1) {
        for (x, y) in a.iter().zip(b) {
            let close = match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(p), Ok(q)) if x.contains('.') || y.contains('.') => (p - q).abs() <= 1e-9,
                _ => x == y,
            };
            assert!(close, "{golden_name}: ours {a:?} vs reference {b:?}");
        }
    }
}

const CDNOW_MAP: [&str; 2] = ["--map", "order_total=amount_usd"];

#[test]
fn rfm_matches_pandas_on_cdnow() {
    let file = cdnow();
    let mut args = vec!["rfm", file.to_str().unwrap()];
    args.extend(CDNOW_MAP);
    args.push("--csv");
    assert_matches_golden(&args, "cdnow.rfm.csv");
}

#[test]
fn rfm_matches_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-rfm");
    let file = generated(&scratch);
    assert_matches_golden(
        &["rfm", file.to_str().unwrap(), "--csv"],
        "generated-generic.rfm.csv",
    );
}
