//! The hostile-input corpus of `tests/hostile/` through the CLI: every file gives the outcome its manifest
//! (`expected.json`, explained in `tests/hostile/README.md`) states — exit code, exact messages naming file,
//! line and field, every rejected row listed, the valid rows counted — and nothing panics. Then what a
//! spreadsheet would run as a formula is neutralised in every CSV the CLI writes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, Scratch};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// Runs `kokyaku` in `dir`, so that messages name the files as given.
fn kokyaku_in(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_kokyaku"))
        // The tests read English, whatever the locale they run in.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the kokyaku binary runs")
        .into()
}

/// Tomorrow in UTC, the bound of the CLI's note about orders in the future.
fn tomorrow_utc() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    kokyaku_core::Day(days as i32 + 1).to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().replace("{tomorrow}", &tomorrow_utc()))
        .collect()
}

/// The notes of every file, without the two that only say how a generic file's columns were found.
fn notes(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["notes"].as_array().unwrap().iter())
        .map(|n| n.as_str().unwrap().to_string())
        .filter(|n| {
            !n.starts_with("The header row matches no known")
                && !n.starts_with("Fields without a column")
        })
        .collect()
}

#[test]
fn every_corpus_file_gives_the_outcome_in_its_manifest() {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("expected.json")).unwrap())
            .unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 29);
    for case in cases {
        let name = case["case"].as_str().unwrap();
        let mut args: Vec<&str> = case["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let exit = case["exit"].as_i64().unwrap() as i32;
        if exit == 0 {
            args.push("--json");
        }
        let run = kokyaku_in(&corpus(), &args);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert_eq!(run.code, Some(exit), "{name}: {}", run.stderr);
        let stderr: Vec<String> = run.stderr.lines().map(str::to_string).collect();
        assert_eq!(stderr, strings(&case["stderr"]), "{name}");
        if exit != 0 {
            assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
            continue;
        }
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        for (key, expected) in case["figures"].as_object().unwrap() {
            assert_eq!(&report[key], expected, "{name}: {key}");
        }
        let rejects: Vec<Value> = report["rejects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| serde_json::json!([r["file"], r["line"], r["field"], r["reason"]]))
            .collect();
        assert_eq!(&Value::Array(rejects), &case["rejects"], "{name}: rejects");
        assert_eq!(notes(&report), strings(&case["notes"]), "{name}: notes");
        // Every rejected row and order is listed: nothing is dropped without a line.
        let listed =
            report["rows_rejected"].as_u64().unwrap() + report["orders_rejected"].as_u64().unwrap();
        assert_eq!(
            report["rejects"].as_array().unwrap().len() as u64,
            listed,
            "{name}"
        );
    }
}

#[test]
fn every_corpus_file_reads_without_panicking_in_every_encoding_and_preset() {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".json") && !n.ends_with(".py"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 25, "{files:?}");
    for file in &files {
        for encoding in ["auto", "utf-8", "shift-jis"] {
            for preset in [
                "auto", "shopify", "ec-cube", "rakuten", "base", "ecforce", "generic",
            ] {
                let run = kokyaku_in(
                    &corpus(),
                    &["summary", file, "--encoding", encoding, "--preset", preset],
                );
                assert!(
                    matches!(run.code, Some(0 | 1)) && !run.stderr.contains("panicked"),
                    "{file} {encoding} {preset}: {:?} {}",
                    run.code,
                    run.stderr
                );
                if run.code == Some(1) {
                    assert!(
                        run.stderr.starts_with(&format!("kokyaku: {file}: ")),
                        "{}",
                        run.stderr
                    );
                }
            }
        }
    }
}

#[test]
fn a_ten_megabyte_field_is_read_and_a_ten_megabyte_bad_amount_is_reported_briefly() {
    let scratch = Scratch::new("big-field");
    let name = format!("Tea, \"large\"\n{}", "x".repeat(10 << 20));
    let cell = format!("\"{}\"", name.replace('"', "\"\""));
    let csv = format!(
        "order_id,order_date,email,order_total,product_name\n1,2024-01-05,a@example.jp,1000,{cell}\n2,2024-01-06,b@example.jp,{},Tea\n3,2024-01-07,c@example.jp,500,Tea\n",
        "9".repeat(10 << 20)
    );
    let path = scratch.write("big.csv", csv);
    let run = kokyaku_in(scratch.dir(), &["summary", "big.csv", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (report["rows_read"].as_u64(), report["orders"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(
        report["rejects"],
        serde_json::json!([{
            "file": "big.csv",
            "line": 4,
            "field": "order_total",
            "reason": format!("cannot read '{}…' as an amount (too large)", "9".repeat(40)),
            "reason_ja": format!("「{}…」を金額として読めません（大きすぎます）", "9".repeat(40)),
            "reason_kind": "unreadable_amount",
            "reason_values": {
                "field": "order_total",
                "cell": format!("{}…", "9".repeat(40)),
                "problem": "too_large"
            },
        }])
    );
    // The whole name survives, into the segment export.
    let out = scratch.path("segment.csv");
    let run = kokyaku_in(
        scratch.dir(),
        &[
            "segment",
            path.to_str().unwrap(),
            "--fields",
            "customer,first_product",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(&format!("a@example.jp,{cell}\r\n")),
        "the product name is written whole and quoted"
    );
}

#[test]
fn analysis_csv_outputs_neutralise_formula_looking_customer_keys() {
    let rfm = kokyaku_in(&corpus(), &["rfm", "formulas.csv", "--csv"]);
    assert_eq!(rfm.code, Some(0), "{}", rfm.stderr);
    assert_eq!(
        rfm.stdout,
        "\u{FEFF}customer_key,recency_days,frequency,monetary,r_score,f_score,m_score,segment\r\n\
         \"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",4,1,1000,1,1,1,hibernating\r\n\
         '+81 90 1234 5678,3,1,2000,2,1,2,hibernating\r\n\
         '@SUM(A1:A9),2,1,3000,3,1,3,about_to_sleep\r\n\
         '-2+3,1,1,4000,4,1,4,promising\r\n"
    );
    let ltv = kokyaku_in(&corpus(), &["ltv", "formulas.csv", "--csv"]);
    let keys: Vec<&str> = ltv
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.rsplitn(9, ',').last().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"",
            "'+81 90 1234 5678",
            "'@SUM(A1:A9)",
            "'-2+3"
        ]
    );
    let cpm = kokyaku_in(&corpus(), &["cpm", "formulas.csv", "--csv"]);
    assert_eq!(
        cpm.stdout,
        "\u{FEFF}customer_key,cpm_group\r\n\
         \"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",first_active\r\n\
         '+81 90 1234 5678,first_active\r\n\
         '@SUM(A1:A9),first_active\r\n\
         '-2+3,first_active\r\n"
    );
}

#[test]
fn segment_exports_neutralise_formula_looking_keys_and_product_names() {
    let scratch = Scratch::new("formula-segment");
    let out = scratch.path("segment.csv");
    let run = kokyaku_in(
        &corpus(),
        &[
            "segment",
            "formulas.csv",
            "--where",
            "customer contains \"(\"",
            "--fields",
            "customer,email,phone,first_product",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        "\u{FEFF}customer,email,phone,first_product\r\n\
         \"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",a@example.jp,,'=1+2\r\n\
         '@SUM(A1:A9),,,'@SUM(1)\r\n"
            .as_bytes()
    );
    // To stdout, and in Shift_JIS, the same cells.
    let run = kokyaku_in(
        &corpus(),
        &[
            "segment",
            "formulas.csv",
            "--where",
            "orders = 1",
            "--fields",
            "customer",
            "--out-encoding",
            "shift-jis",
        ],
    );
    assert_eq!(
        run.stdout,
        "customer\r\n\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"\r\n'+81 90 1234 5678\r\n'@SUM(A1:A9)\r\n'-2+3\r\n"
    );
}

#[test]
fn the_rejects_csv_neutralises_file_names_and_reasons() {
    let scratch = Scratch::new("formula-rejects");
    scratch.write("=cmd.csv", "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,=1+2\n2,2024-01-06,b@example.jp,100\n");
    let rejects = scratch.path("rejects.csv");
    let run = kokyaku_in(
        scratch.dir(),
        &[
            "summary",
            "=cmd.csv",
            "--rejects-csv",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "\u{FEFF}file,line,field,reason\r\n'=cmd.csv,2,order_total,cannot read '=1+2' as an amount (not a number)\r\n"
    );
}
