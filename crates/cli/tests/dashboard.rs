//! `kokyaku dashboard` end to end: the CSV contract on a hand-made export, the text report and the errors. The
//! figures are checked against pandas in `reference.rs` and by hand in the core's tests.

mod common;

use common::{kokyaku, kokyaku_json, Scratch};

/// a: 2024-01-10 ¥1,000, 2024-02-05 ¥2,000; b: 2024-02-20 ¥500; c: 2023-02-01 ¥300, 2024-02-25 ¥400.
const SHOP: &str = "order_id,order_date,email,order_total\n\
                    1,2024-01-10,a@x.jp,1000\n2,2024-02-05,a@x.jp,2000\n3,2024-02-20,b@x.jp,500\n\
                    4,2023-02-01,c@x.jp,300\n5,2024-02-25,c@x.jp,400\n";

#[test]
fn the_last_complete_month_as_csv() {
    let scratch = Scratch::new("dashboard-csv");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    // As of 2024-03-10, February 2024 is the last complete month: a and c back (2,000 + 400), b new (500).
    // January: a new (1,000). February 2023: c new (300).
    let run = kokyaku(&[
        "dashboard",
        file,
        "--as-of",
        "2024-03-10",
        "--csv",
        "--table",
        "kpis",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "\u{FEFF}kpi,month,value,previous_month,previous,change,year_ago_month,year_ago,change_vs_year_ago",
            "active_customers,2024-02,3,2024-01,1,2.0000,2023-02,1,2.0000",
            "new_customers,2024-02,1,2024-01,1,0.0000,2023-02,1,0.0000",
            "orders,2024-02,3,2024-01,1,2.0000,2023-02,1,2.0000",
            "revenue,2024-02,2900,2024-01,1000,1.9000,2023-02,300,8.6667",
        ]
    );
    // Average order value 2,900 / 3 against 1,000 and 300; repeat share 2/3 against 0 and 0 (points).
    let cells = |line: &str| -> Vec<f64> {
        line.split(',')
            .filter_map(|c| c.parse::<f64>().ok())
            .collect()
    };
    let aov = cells(lines[5]);
    // Yen to the yen, changes and shares to four decimals.
    let close = |x: f64, y: f64, within: f64| (x - y).abs() <= within;
    assert!(lines[5].starts_with("average_order_value,"));
    assert!(
        close(aov[0], 2900.0 / 3.0, 0.5)
            && close(aov[1], 1000.0, 0.5)
            && close(aov[2], 2900.0 / 3000.0 - 1.0, 0.5e-4)
            && close(aov[3], 300.0, 0.5)
            && close(aov[4], 2900.0 / 900.0 - 1.0, 0.5e-4),
        "{aov:?}"
    );
    assert!(lines[6].starts_with("repeat_share,"));
    let share = cells(lines[6]);
    let expected = [2.0 / 3.0, 0.0, 2.0 / 3.0, 0.0, 2.0 / 3.0];
    assert!(
        share
            .iter()
            .zip(expected)
            .all(|(x, y)| close(*x, y, 0.5e-4)),
        "{share:?}"
    );

    // Two months, F2 within 30 days: a's second order 26 days after the first; b's first is 19 days back.
    let run = kokyaku(&[
        "dashboard",
        file,
        "--as-of",
        "2024-03-10",
        "--months",
        "2",
        "--f2-window",
        "30",
        "--csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}month,active_customers,new_customers,returning_customers,orders,revenue,new_revenue,\
         repeat_revenue,average_order_value,repeat_share,f2_eligible,f2_converted,f2_rate\r\n\
         2024-01,1,1,0,1,1000,1000,0,1000,0.0000,1,1,1.0000\r\n\
         2024-02,3,1,2,3,2900,500,2400,967,0.6667,0,0,\r\n"
    );
}

#[test]
fn the_json_states_the_as_of_date_and_the_text_compares_the_months() {
    let scratch = Scratch::new("dashboard-json");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    let json = kokyaku_json(&["dashboard", file, "--json"]);
    // Default as-of: the day after the last order, 2024-02-26; February is not over, so January is compared.
    assert_eq!(json["as_of"], "2024-02-26");
    assert_eq!(json["kpis"]["month"], "2024-01");
    assert_eq!(json["kpis"]["revenue_minor"]["value"], 1000);
    assert_eq!(
        json["kpis"]["revenue_minor"]["year_ago"],
        serde_json::Value::Null
    );
    assert_eq!(json["months"].as_array().unwrap().len(), 12);
    let customers: u64 = json["rfm_segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(customers, 3);
    let run = kokyaku(&["dashboard", file, "--as-of", "2024-03-10"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("2024-02 against 2024-01 and 2023-02"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+190.0%"), "{}", run.stdout);
}

#[test]
fn parameters_outside_the_rules_are_usage_errors() {
    let scratch = Scratch::new("dashboard-errors");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    let run = kokyaku(&["dashboard", file, "--months", "0"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("invalid value for --months: months is 0; at least 1"),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["dashboard", file, "--table", "rfm", "--csv"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}
