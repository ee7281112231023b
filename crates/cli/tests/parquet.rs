//! Parquet input: a file DuckDB wrote from a generated export (`tests/data/parquet/orders-300.parquet`, from
//! `orders-300.csv` by `COPY (SELECT * FROM read_csv('orders-300.csv', header = true)) TO
//! 'orders-300.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100)`, which typed its columns
//! as DATE, BIGINT and VARCHAR) gives the same tables as the CSV it came from, from a path, a folder or
//! standard input.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{kokyaku, kokyaku_json, Scratch};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/parquet")
        .join(name)
}

#[test]
fn every_table_of_the_parquet_file_equals_the_csv_one() {
    let (csv, parquet) = (data("orders-300.csv"), data("orders-300.parquet"));
    for command in [
        &["rfm", "--csv"][..],
        &["cpm", "--csv"],
        &["cohorts", "--csv"],
        &["repeat", "--csv"],
        &["basket", "--csv"],
    ] {
        let of = |file: &PathBuf| {
            let run = kokyaku(&[command, &[file.to_str().unwrap()]].concat());
            assert_eq!(run.code, Some(0), "{command:?}: {}", run.stderr);
            run.stdout
        };
        let from_csv = of(&csv);
        assert!(from_csv.lines().count() > 3, "{command:?}: {from_csv}");
        assert_eq!(of(&parquet), from_csv, "{command:?}");
    }
}

#[test]
fn the_quality_report_numbers_parquet_rows_from_one_and_says_so() {
    let csv = kokyaku_json(&[
        "summary",
        "--json",
        data("orders-300.csv").to_str().unwrap(),
    ]);
    let parquet = kokyaku_json(&[
        "summary",
        "--json",
        data("orders-300.parquet").to_str().unwrap(),
    ]);
    let quality = |v: &serde_json::Value, key: &str| v[key].clone();
    for key in [
        "rows_read",
        "rows_rejected",
        "orders_rejected",
        "cancelled_orders",
    ] {
        assert_eq!(quality(&parquet, key), quality(&csv, key), "{key}");
    }
    // The CSV's header is its line 1, so each of its rows is on the line after its row number.
    let lines = |v: &serde_json::Value| -> Vec<u64> {
        v["rejects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect()
    };
    let csv_lines = lines(&csv);
    assert!(!csv_lines.is_empty());
    let shifted: Vec<u64> = csv_lines.iter().map(|l| l - 1).collect();
    assert_eq!(lines(&parquet), shifted);
    let notes = parquet["files"][0]["notes"].to_string();
    assert!(notes.contains("row number in the file (from 1)"), "{notes}");
}

#[test]
fn parquet_files_are_read_from_folders_and_standard_input_too() {
    let scratch = Scratch::new("parquet-ways");
    let bytes = std::fs::read(data("orders-300.parquet")).unwrap();
    scratch.write("orders.parquet", &bytes);
    let expected = kokyaku(&["rfm", "--csv", data("orders-300.csv").to_str().unwrap()]).stdout;
    let folder = kokyaku(&["rfm", "--csv", scratch.dir().to_str().unwrap()]);
    assert_eq!(folder.code, Some(0), "{}", folder.stderr);
    assert_eq!(folder.stdout, expected);

    let mut child = Command::new(env!("CARGO_BIN_EXE_kokyaku"))
        .args(["rfm", "--csv", "-"])
        .env_remove("LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn a_damaged_parquet_file_is_an_error_naming_it() {
    let scratch = Scratch::new("parquet-cut");
    let bytes = std::fs::read(data("orders-300.parquet")).unwrap();
    let cut = scratch.write("cut.parquet", &bytes[..bytes.len() / 2]);
    let run = kokyaku(&["summary", cut.to_str().unwrap()]);
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr
            .contains("cut.parquet: the Parquet file cannot be read"),
        "{}",
        run.stderr
    );
}
