//! The CLI's analysis tables against independent reference tables computed with pandas
//! (`tests/reference/reference.py`, outputs checked in under `tests/reference/golden/`), on the real CDNOW
//! sample and on a generated generic export. Counts and money must be equal; rates and means to the decimals
//! the CSV writes.

mod common;

use std::path::{Path, PathBuf};

use common::{kokyaku, kokyaku_json, Scratch};
use serde_json::Value;

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/reference/golden")
        .join(name)
}

fn cdnow() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/cdnow/cdnow_sample_orders.csv")
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

/// Runs an analysis with `--csv` and compares it with a golden table (see [`assert_table_matches_golden`]).
fn assert_matches_golden(args: &[&str], golden_name: &str) {
    let run = kokyaku(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with('\u{FEFF}'),
        "the CSV of {golden_name} starts with a BOM"
    );
    assert_table_matches_golden(&run.stdout, golden_name);
}

/// The decimals of the currency of a golden table's data: CDNOW's dollars have cents, the generated
/// export's yen none.
fn decimals_of(golden_name: &str) -> i32 {
    match golden_name.starts_with("cdnow.") {
        true => 2,
        false => 0,
    }
}

/// Compares a CSV for people with an exact golden table cell by cell. The golden table keeps money in minor
/// units, in columns named `…_minor` or `revenue_between` (and, in the dashboard's key figures, in the rows
/// of figures named so);
/// the CSV has the column without `_minor`, in currency units. Numbers must agree to the decimals the CSV
/// writes (half a unit of its last digit), everything else exactly.
fn assert_table_matches_golden(csv: &str, golden_name: &str) {
    let ours = table(csv);
    let theirs = table(&std::fs::read_to_string(golden(golden_name)).expect("golden file"));
    let plain = |h: &str| h.strip_suffix("_minor").unwrap_or(h).to_string();
    let header: Vec<String> = theirs[0].iter().map(|h| plain(h)).collect();
    assert_eq!(ours[0], header, "header of {golden_name}");
    assert_eq!(ours.len(), theirs.len(), "row count of {golden_name}");
    // The migration's `revenue_between` is in minor units in the reference too, without the suffix.
    let minor_column: Vec<bool> = theirs[0]
        .iter()
        .map(|h| h.ends_with("_minor") || h == "revenue_between")
        .collect();
    let unit = 10f64.powi(decimals_of(golden_name));
    for (a, b) in ours.iter().zip(&theirs).skip(1) {
        assert_eq!(
            a.len(),
            b.len(),
            "{golden_name}: ours {a:?} vs reference {b:?}"
        );
        let minor_row = b[0].ends_with("_minor");
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            let close = match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(p), Ok(q)) => {
                    // A change is a ratio, never money, in any row.
                    let money = minor_column[i]
                        || (minor_row
                            && matches!(header[i].as_str(), "value" | "previous" | "year_ago"));
                    let expected = if money { q / unit } else { q };
                    let places = x.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
                    (p - expected).abs()
                        <= 0.5 * 10f64.powi(-places) + 1e-9 * expected.abs().max(1.0)
                }
                _ => *x == plain(y),
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

/// The arguments of an analysis of the CDNOW sample: the command, the file, the column mapping, then `extra`.
fn cdnow_args<'a>(command: &'a str, file: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![command, file.to_str().unwrap()];
    args.extend(CDNOW_MAP);
    args.extend(extra);
    args
}

#[test]
fn cpm_matches_pandas_on_cdnow() {
    let file = cdnow();
    assert_matches_golden(&cdnow_args("cpm", &file, &["--csv"]), "cdnow.cpm.csv");
}

#[test]
fn cpm_with_a_low_value_threshold_matches_pandas_on_cdnow() {
    // USD 100 = 10,000 cents: unlike the default USD 70,000, this puts CDNOW customers in trendy and loyal.
    let file = cdnow();
    let golden_name = "cdnow.cpm-value-threshold-100.csv";
    assert_matches_golden(
        &cdnow_args("cpm", &file, &["--value-threshold", "100", "--csv"]),
        golden_name,
    );
    let text = std::fs::read_to_string(golden(golden_name)).unwrap();
    // Not trendy_active: every CDNOW customer's first order is in 1997-Q1, so anyone active as of 1998-07-01
    // (latest order after 1997-11-02) has a tenure of over 210 days.
    for group in ["trendy_lapsed", "loyal_active", "loyal_lapsed"] {
        assert!(text.contains(group), "{golden_name} exercises {group}");
    }
}

#[test]
fn cpm_matches_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-cpm");
    let file = generated(&scratch);
    assert_matches_golden(
        &["cpm", file.to_str().unwrap(), "--csv"],
        "generated-generic.cpm.csv",
    );
}

#[test]
fn monthly_cohorts_match_pandas_on_cdnow() {
    let file = cdnow();
    assert_matches_golden(
        &cdnow_args("cohorts", &file, &["--csv"]),
        "cdnow.cohorts.csv",
    );
}

#[test]
fn monthly_cohorts_match_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-cohorts");
    let file = generated(&scratch);
    assert_matches_golden(
        &[
            "cohorts",
            file.to_str().unwrap(),
            "--granularity",
            "month",
            "--csv",
        ],
        "generated-generic.cohorts.csv",
    );
}

/// Both default as-of dates fall on the 1st of a month, so every monthly period above is complete; in the
/// middle of a month the last one is not.
#[test]
fn monthly_cohorts_as_of_the_middle_of_a_month_match_pandas() {
    let file = cdnow();
    let golden_name = "cdnow.cohorts.as-of-1998-03-15.csv";
    assert_matches_golden(
        &cdnow_args("cohorts", &file, &["--as-of", "1998-03-15", "--csv"]),
        golden_name,
    );
    let scratch = Scratch::new("reference-cohorts-as-of");
    let file = generated(&scratch);
    assert_matches_golden(
        &[
            "cohorts",
            file.to_str().unwrap(),
            "--as-of",
            "2025-06-18",
            "--csv",
        ],
        "generated-generic.cohorts.as-of-2025-06-18.csv",
    );
    let text = std::fs::read_to_string(golden(golden_name)).unwrap();
    assert!(
        text.contains(",false"),
        "{golden_name} has incomplete periods"
    );
}

#[test]
fn weekly_cohorts_match_pandas_on_cdnow() {
    let file = cdnow();
    assert_matches_golden(
        &cdnow_args("cohorts", &file, &["--granularity", "week", "--csv"]),
        "cdnow.cohorts-week.csv",
    );
}

#[test]
fn weekly_cohorts_match_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-cohorts-week");
    let file = generated(&scratch);
    assert_matches_golden(
        &[
            "cohorts",
            file.to_str().unwrap(),
            "--granularity",
            "week",
            "--csv",
        ],
        "generated-generic.cohorts-week.csv",
    );
}

#[test]
fn f2_conversion_matches_pandas_on_cdnow() {
    let file = cdnow();
    assert_matches_golden(
        &cdnow_args("repeat", &file, &["--csv"]),
        "cdnow.repeat-f2.csv",
    );
}

#[test]
fn f2_conversion_matches_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-repeat");
    let file = generated(&scratch);
    assert_matches_golden(
        &["repeat", file.to_str().unwrap(), "--csv"],
        "generated-generic.repeat-f2.csv",
    );
}

/// The days to the second and third order from `repeat --json`, as the CSV the reference script writes:
/// `nth, customers, min_days, q1_days, median_days, q3_days, max_days, mean_days`, empty cells for nulls.
fn days_to_nth_csv(repeat: &Value) -> String {
    let mut csv =
        String::from("nth,customers,min_days,q1_days,median_days,q3_days,max_days,mean_days\n");
    for (nth, key) in [(2, "days_to_second"), (3, "days_to_third")] {
        let d = &repeat[key];
        let cells: Vec<String> = [
            "customers",
            "min_days",
            "q1_days",
            "median_days",
            "q3_days",
            "max_days",
            "mean_days",
        ]
        .iter()
        .map(|field| match &d[field] {
            Value::Null => String::new(),
            Value::Number(n) => n.to_string(),
            other => panic!("{key}.{field} is not a number: {other}"),
        })
        .collect();
        csv.push_str(&format!("{nth},{}\n", cells.join(",")));
    }
    csv
}

#[test]
fn days_to_second_and_third_match_pandas_on_cdnow() {
    let file = cdnow();
    let repeat = kokyaku_json(&cdnow_args("repeat", &file, &["--json"]));
    assert_table_matches_golden(&days_to_nth_csv(&repeat), "cdnow.days-to-nth.csv");
}

#[test]
fn days_to_second_and_third_match_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-days");
    let file = generated(&scratch);
    let repeat = kokyaku_json(&["repeat", file.to_str().unwrap(), "--json"]);
    assert_table_matches_golden(
        &days_to_nth_csv(&repeat),
        "generated-generic.days-to-nth.csv",
    );
}

#[test]
fn historical_ltv_matches_pandas_on_cdnow() {
    let file = cdnow();
    assert_matches_golden(
        &cdnow_args("history", &file, &["--csv"]),
        "cdnow.history.csv",
    );
}

#[test]
fn historical_ltv_matches_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-history");
    let file = generated(&scratch);
    assert_matches_golden(
        &["history", file.to_str().unwrap(), "--csv"],
        "generated-generic.history.csv",
    );
}

/// The `--where` text of each segment the reference script computes with pandas (`SEGMENTS_TESTED`).
const SEGMENT_CONDITIONS: [(&str, &str); 2] = [
    (
        "win-back",
        "rfm_segment in (at_risk, cant_lose_them) and m_score >= 3",
    ),
    (
        "new-spenders",
        "(cpm_group = first_active or cpm_group = beginner_active) and recency <= 60 and monetary >= 100",
    ),
];

const SEGMENT_FIELDS: [&str; 2] = ["--fields", "customer,frequency,monetary,rfm_segment"];

#[test]
fn segments_match_pandas_on_cdnow() {
    let file = cdnow();
    for (name, condition) in SEGMENT_CONDITIONS {
        let mut extra = vec!["--where", condition];
        extra.extend(SEGMENT_FIELDS);
        assert_matches_golden(
            &cdnow_args("segment", &file, &extra),
            &format!("cdnow.segment.{name}.csv"),
        );
    }
}

#[test]
fn segments_match_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-segment");
    let file = generated(&scratch);
    for (name, condition) in SEGMENT_CONDITIONS {
        let mut args = vec!["segment", file.to_str().unwrap(), "--where", condition];
        args.extend(SEGMENT_FIELDS);
        let golden_name = format!("generated-generic.segment.{name}.csv");
        assert_matches_golden(&args, &golden_name);
        let rows = std::fs::read_to_string(golden(&golden_name))
            .unwrap()
            .lines()
            .count();
        assert!(
            rows > 100,
            "{golden_name} selects a real share of customers"
        );
    }
}

#[test]
fn basket_pairs_match_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-basket");
    let file = generated(&scratch);
    let file = file.to_str().unwrap();
    assert_matches_golden(&["basket", file, "--csv"], "generated-generic.basket.csv");
    assert_matches_golden(
        &["basket", file, "--csv", "--min-orders", "1"],
        "generated-generic.basket.min-orders-1.csv",
    );
}

#[test]
fn second_orders_by_first_product_match_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-basket-sequence");
    let file = generated(&scratch);
    assert_matches_golden(
        &["basket", file.to_str().unwrap(), "--csv", "--sequence"],
        "generated-generic.basket-sequence.csv",
    );
}

#[test]
fn segment_migration_matches_pandas_on_cdnow() {
    let file = cdnow();
    let dates = ["--from", "1997-10-01", "--to", "1998-04-01", "--csv"];
    assert_matches_golden(
        &cdnow_args("migration", &file, &dates),
        "cdnow.migration.csv",
    );
    let mut by_cpm = dates.to_vec();
    by_cpm.extend(["--by", "cpm"]);
    assert_matches_golden(
        &cdnow_args("migration", &file, &by_cpm),
        "cdnow.migration-cpm.csv",
    );
}

#[test]
fn segment_migration_matches_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-migration");
    let file = generated(&scratch);
    let args = [
        "migration",
        file.to_str().unwrap(),
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-18",
        "--csv",
    ];
    assert_matches_golden(&args, "generated-generic.migration.csv");
    let mut by_cpm = args.to_vec();
    by_cpm.extend(["--by", "cpm"]);
    assert_matches_golden(&by_cpm, "generated-generic.migration-cpm.csv");
}

/// The dashboard's tables (`--csv`: the months; `--table kpis`: the key figures) of a data set, read with
/// `input` (the file and its options), as of its default date and as of the middle of a month.
fn assert_dashboard_matches_golden(name: &str, input: &[&str], mid_month: &str) {
    let run = |extra: &[&str], golden_name: String| {
        let args = [&["dashboard"], input, extra, &["--csv"]].concat();
        assert_matches_golden(&args, &golden_name);
    };
    run(&[], format!("{name}.dashboard-months.csv"));
    run(&["--table", "kpis"], format!("{name}.dashboard-kpis.csv"));
    let as_of = ["--as-of", mid_month];
    run(
        &as_of,
        format!("{name}.dashboard-months.as-of-{mid_month}.csv"),
    );
    run(
        &[&as_of[..], &["--table", "kpis"]].concat(),
        format!("{name}.dashboard-kpis.as-of-{mid_month}.csv"),
    );
    run(
        &["--months", "6", "--f2-window", "30"],
        format!("{name}.dashboard-months.months-6-f2-30.csv"),
    );
}

#[test]
fn the_dashboard_matches_pandas_on_cdnow() {
    let file = cdnow();
    let mut input = vec![file.to_str().unwrap()];
    input.extend(CDNOW_MAP);
    assert_dashboard_matches_golden("cdnow", &input, "1998-03-15");
    // The figures are not trivial: a year-earlier month with figures, and F2 rates of the first months.
    let kpis = std::fs::read_to_string(golden("cdnow.dashboard-kpis.csv")).unwrap();
    assert!(
        kpis.contains("revenue_minor,1998-06,559087,1998-05,637814"),
        "{kpis}"
    );
    let months = std::fs::read_to_string(golden("cdnow.dashboard-months.csv")).unwrap();
    assert_eq!(months.lines().count(), 1 + 18, "{months}");
}

#[test]
fn the_dashboard_matches_pandas_on_generated_data() {
    let scratch = Scratch::new("reference-dashboard");
    let file = generated(&scratch);
    assert_dashboard_matches_golden("generated-generic", &[file.to_str().unwrap()], "2025-06-18");
}
