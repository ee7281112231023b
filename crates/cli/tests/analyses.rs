//! `kokyaku cpm`, `cohorts`, `repeat` and `history` end to end on a small hand-made export: the three output
//! formats, the parameters reaching the core, and usage errors. The figures themselves are checked against
//! pandas in `reference.rs` and against hand computations in the core's tests.

mod common;

use common::{kokyaku, kokyaku_json, Scratch};

/// Four customers, as of 2024-07-01 by default (the day after the latest order):
/// a: 2024-01-10 ¥40,000, 2024-04-20 ¥40,000 (tenure 101 days, idle 72); b: 2024-06-30 ¥1,000 only;
/// c: 2023-09-01 ¥5,000, 2023-09-11 ¥500 (idle 294); d: 2024-02-05 ¥2,000, 2024-06-01 ¥2,500.
const SHOP: &str = "order_id,order_date,email,order_total\n\
                    1,2024-01-10,a@example.jp,40000\n2,2024-04-20,a@example.jp,40000\n\
                    3,2024-06-30,b@example.jp,1000\n\
                    4,2023-09-01,c@example.jp,5000\n5,2023-09-11,c@example.jp,500\n\
                    6,2024-02-05,d@example.jp,2000\n7,2024-06-01,d@example.jp,2500\n";

fn shop(scratch: &Scratch) -> String {
    scratch
        .write("shop.csv", SHOP)
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs a command, asserts success and returns its standard output.
fn stdout(args: &[&str]) -> String {
    let run = kokyaku(args);
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    run.stdout
}

/// The CSV output without its BOM, as lines.
fn csv_lines(args: &[&str]) -> Vec<String> {
    let out = stdout(args);
    let body = out
        .strip_prefix('\u{FEFF}')
        .expect("the CSV starts with a BOM");
    body.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn cpm_prints_groups_grid_and_json_with_the_parameters_used() {
    let scratch = Scratch::new("cpm");
    let file = shop(&scratch);
    // Defaults: a trendy (tenure 101 in 90..210, ¥80,000 ≥ ¥70,000); b first-time; c beginner (tenure 10),
    // lapsed (idle 294 ≥ 240); d steady (tenure 117, ¥4,500).
    let mut lines = csv_lines(&["cpm", &file, "--csv"]);
    assert_eq!(lines[0], "customer_key,cpm_group");
    lines[1..].sort();
    assert_eq!(
        lines[1..],
        [
            "a@example.jp,trendy_active",
            "b@example.jp,first_active",
            "c@example.jp,beginner_lapsed",
            "d@example.jp,steady_active"
        ]
    );
    // A lapse window of 60 days makes a lapsed (idle 72); with tenure thresholds 10,100 and a value threshold
    // of ¥6,000, a (101 days, ¥80,000) is loyal, c (10 days, ¥5,500) and d (117 days, ¥4,500) steady.
    let json = kokyaku_json(&[
        "cpm",
        &file,
        "--lapse-days",
        "60",
        "--tenure-days",
        "10,100",
        "--value-threshold",
        "6000",
        "--json",
    ]);
    assert_eq!(json["as_of"], "2024-07-01");
    assert_eq!(json["params"]["lapse_days"], 60);
    assert_eq!(json["params"]["tenure_days"][1], 100);
    assert_eq!(json["value_threshold_minor"], 6000);
    let groups: Vec<&str> = json["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["group"].as_str().unwrap())
        .collect();
    let mut groups = groups;
    groups.sort();
    assert_eq!(
        groups,
        [
            "first_active",
            "loyal_lapsed",
            "steady_active",
            "steady_lapsed"
        ]
    );

    let text = stdout(&["cpm", &file, "--as-of", "2024-06-30"]);
    assert!(text.contains("CPM as of 2024-06-30"), "{text}");
    assert!(
        text.contains("240 days") && text.contains("90 and 210 days") && text.contains("¥70,000"),
        "{text}"
    );
    assert!(
        text.contains("First-time") && text.contains("Lapsed (離脱)"),
        "{text}"
    );
    // As of 2024-06-30, b's order is not counted: three customers.
    assert!(text.contains(": 3 customers"), "{text}");
}

#[test]
fn cohorts_print_a_triangle_csv_and_json() {
    let scratch = Scratch::new("cohorts");
    let file = shop(&scratch);
    let lines = csv_lines(&["cohorts", &file, "--csv"]);
    assert_eq!(
        lines[0],
        "cohort,period,customers,active_customers,retention,revenue,\
         cumulative_revenue_per_customer,complete"
    );
    // The September 2023 cohort (c) runs to June 2024: periods 0..=9; as of 2024-07-01 June is complete.
    assert_eq!(lines[1], "2023-09,0,1,1,1.0000,5500,5500,true");
    assert_eq!(lines[10], "2023-09,9,1,0,0.0000,0,5500,true");
    // January 2024 (a): April is period 3.
    assert!(
        lines.contains(&"2024-01,3,1,1,1.0000,40000,80000,true".to_string()),
        "{lines:?}"
    );
    // As of 2024-06-15 June is incomplete (d's order of 2024-06-01 is in it).
    let lines = csv_lines(&["cohorts", &file, "--as-of", "2024-06-15", "--csv"]);
    assert!(
        lines.contains(&"2024-02,4,1,1,1.0000,2500,4500,false".to_string()),
        "{lines:?}"
    );

    let json = kokyaku_json(&["cohorts", &file, "--granularity", "week", "--json"]);
    assert_eq!(json["granularity"], "week");
    // 2023-09-01 was a Friday: its week starts on Monday 2023-08-28.
    assert_eq!(json["rows"][0]["cohort"], "2023-08-28");

    let text = stdout(&["cohorts", &file]);
    assert!(text.contains("Cohorts as of 2024-07-01"), "{text}");
    assert!(text.contains("4 customers in 4 cohorts by month"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("2023-09         1 100.0%")),
        "{text}"
    );
}

#[test]
fn repeat_prints_the_f2_table_as_csv_and_everything_as_json() {
    let scratch = Scratch::new("repeat");
    let file = shop(&scratch);
    // Ages as of 2024-07-01: a 173, b 1, c 304, d 147. Days to second: a 101, c 10, d 117.
    let lines = csv_lines(&["repeat", &file, "--windows", "1,10,105,400", "--csv"]);
    assert_eq!(
        lines,
        [
            "window_days,eligible,converted,rate",
            "1,4,0,0.0000",
            "10,3,1,0.3333",
            "105,3,2,0.6667",
            "400,0,0,"
        ]
    );
    let json = kokyaku_json(&["repeat", &file, "--product-window", "30", "--json"]);
    assert_eq!(json["params"]["product_window"], 30);
    assert_eq!(json["days_to_second"]["customers"], 3);
    assert_eq!(json["days_to_second"]["median_days"], 101.0);
    assert_eq!(json["products"]["first_orders_without_products"], 4);

    let text = stdout(&["repeat", &file, "--min-customers", "2"]);
    for expected in [
        "Repeat behaviour as of 2024-07-01",
        "Windows 30, 60, 90, 180, 365 days; product window 90 days; minimum customers per product 2.",
        "F2 conversion",
        "転換日数",
        "商品転換率",
        "定期推移表",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn history_prints_the_overall_table_as_csv_and_everything_as_json() {
    let scratch = Scratch::new("history");
    let file = shop(&scratch);
    // As of 2024-07-01: a 173 days old (¥40,000 within 100 days, ¥80,000 within 101), c 304 (¥5,500 within 10),
    // d 147 (¥2,000 until day 117).
    let lines = csv_lines(&["history", &file, "--horizons", "100,101,200", "--csv"]);
    assert_eq!(
        lines,
        [
            "horizon_days,eligible,total,mean",
            "100,3,47500,15833",
            "101,3,87500,29167",
            "200,1,5500,5500"
        ]
    );
    let json = kokyaku_json(&["history", &file, "--as-of", "2024-05-01", "--json"]);
    assert_eq!(json["as_of"], "2024-05-01");
    assert_eq!(json["params"]["horizons"][0], 30);
    assert_eq!(json["by_cohort"][0]["month"], "2023-09");
    let text = stdout(&["history", &file]);
    assert!(text.contains("Historical LTV as of 2024-07-01"), "{text}");
    assert!(text.contains("D = 30, 90, 180, 365 days"), "{text}");
}

#[test]
fn a_refund_larger_than_its_order_is_not_a_purchase() {
    // ¥1,000 refunded ¥1,500 is worth −¥500: a refund with no earlier purchase of the customer to net
    // against, so no customer, and the summary says why.
    let scratch = Scratch::new("negative");
    let file = scratch.write(
        "refund.csv",
        "order_id,order_date,email,order_total,refunded\n1,2024-01-10,a@x,1000,1500\n2,2024-01-11,b@x,700,\n",
    );
    let lines = csv_lines(&["cohorts", file.to_str().unwrap(), "--csv"]);
    assert_eq!(lines[1], "2024-01,0,1,1,1.0000,700,700,false");
    let json = kokyaku_json(&["summary", file.to_str().unwrap(), "--json"]);
    assert_eq!(json["customers"], 1);
    assert_eq!(json["order_checks"]["refunds_unmatched_minor"], 500);
}

#[test]
fn analysis_usage_errors_exit_2() {
    let scratch = Scratch::new("analysis-usage");
    let file = shop(&scratch);
    for (args, expected) in [
        (
            vec!["cpm", &file, "--tenure-days", "210,90"],
            "invalid value for --tenure-days: tenure_days must be ascending, not 210,90",
        ),
        (vec!["cpm", &file, "--tenure-days", "90"], "90,210"),
        (vec!["cpm", &file, "--lapse-days=-5"], "--lapse-days"),
        (
            vec!["cpm", &file, "--value-threshold", "7e4"],
            "--value-threshold",
        ),
        (vec!["cpm", &file, "--json", "--csv"], "cannot be used with"),
        (vec!["cohorts", &file, "--granularity", "day"], "'day'"),
        (vec!["repeat", &file, "--windows", "30,x"], "30,60,90"),
        (
            vec!["repeat", &file, "--product-window=-1"],
            "--product-window",
        ),
        (vec!["history", &file, "--horizons=-30"], "--horizons"),
        (vec!["history"], "FILE"),
    ] {
        let run = kokyaku(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn statuses_are_listed_and_the_user_decides_which_count() {
    // paid ¥1,000 and ¥600 count; pending ¥2,000 (no payment taken) does not, unless included; refunded is a
    // return.
    let scratch = Scratch::new("statuses");
    let file = scratch.write(
        "st.csv",
        "order_id,order_date,email,order_total,status\n1,2024-01-05,a@x,1000,paid\n\
         2,2024-01-06,b@x,2000,pending\n3,2024-01-07,c@x,3000,refunded\n4,2024-01-08,d@x,600,paid\n",
    );
    let file = file.to_str().unwrap();
    let text = stdout(&["summary", file]);
    assert!(text.contains("Statuses (rows)\n  paid             2  counted\n  pending          1  not counted: never completed or not paid\n  refunded         1  not counted: cancelled or returned\n"), "{text}");
    let json = kokyaku_json(&["summary", file, "--include-status", "PENDING", "--json"]);
    assert_eq!(
        (json["orders"].as_u64(), json["revenue_minor"].as_i64()),
        (Some(3), Some(3600))
    );
    assert_eq!(json["statuses"]["seen"][1]["class"], "included");
    let json = kokyaku_json(&[
        "rfm",
        file,
        "--exclude-status",
        "paid,refunded",
        "--include-status",
        "pending",
        "--json",
    ]);
    assert_eq!(json["customers"].as_array().map(Vec::len), Some(1));
}
