//! `kokyaku ltv` on the CDNOW sample (the data set of Fader, Hardie & Lee's BG/NBD paper) against the published
//! estimates, and on data the models cannot be fitted to.
//!
//! Calibration through 1997-09-30, holdout 1997-10-01..1998-06-30, time in weeks, as in the papers. The
//! published figures and the independent holdout count are those of crates/core/tests/ltv_cdnow.rs.

mod common;

use common::{kokyaku, kokyaku_json, Scratch};
use serde_json::Value;

/// The CDNOW sample in tests/data.
fn cdnow_path() -> String {
    format!(
        "{}/../../tests/data/cdnow/cdnow_sample_orders.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `kokyaku ltv` on CDNOW with the papers' calibration and holdout periods, plus `extra`.
fn cdnow_args(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "ltv",
        &cdnow_path(),
        "--map",
        "order_total=amount_usd",
        "--calibration-end",
        "1997-09-30",
        "--holdout-end",
        "1998-06-30",
        "--unit",
        "week",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// `value` rounded to three significant digits.
fn sig3(value: f64) -> f64 {
    let magnitude = 10f64.powi(2 - value.abs().log10().floor() as i32);
    (value * magnitude).round() / magnitude
}

fn number(v: &Value, name: &str) -> f64 {
    v[name]
        .as_f64()
        .unwrap_or_else(|| panic!("{name} is not a number in {v}"))
}

#[test]
fn bgnbd_and_gamma_gamma_on_cdnow_match_the_published_estimates() {
    let r = kokyaku_json(&cdnow_args(&["--json"]));
    let t = &r["transactions"];
    assert_eq!(t["model"], "bg_nbd");
    assert_eq!(t["status"], "converged");
    assert!(t.get("reason").is_none());
    // Fader, Hardie & Lee (2005), Marketing Science 24(2): r = 0.243, α = 4.414, a = 0.793, b = 2.426,
    // LL = −9582.4.
    for (name, published) in [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)] {
        let got = number(&t["params"], name);
        assert_eq!(sig3(got), sig3(published), "{name}: {got}");
    }
    let ll = number(t, "log_likelihood");
    assert!((ll + 9582.4).abs() < 0.05, "LL {ll}");

    // Fader, Hardie & Lee (2005), JMR 42(4): p = 6.25, q = 3.74, γ = 15.44 dollars; γ is reported in currency
    // units, as the papers give it (the report's other money is in minor units).
    let s = &r["spend"];
    assert_eq!(s["status"], "converged");
    assert!(s["log_likelihood"].is_f64());
    assert_eq!(
        (r["currency"].as_str(), r["currency_decimals"].as_u64()),
        (Some("USD"), Some(2))
    );
    let p = &s["params"];
    assert_eq!(sig3(number(p, "p")), 6.25);
    assert_eq!(sig3(number(p, "q")), 3.74);
    assert_eq!(sig3(number(p, "gamma")), 15.4);
    assert!((number(p, "gamma") - 15.44).abs() < 0.005);
    // Its standard error in dollars: 4.159423, `lifetimes`' se(coef) for v (crates/core/tests/ltv_cdnow.rs).
    assert!((number(&s["standard_errors"], "gamma") / 4.159423 - 1.0).abs() < 1e-3);
    // The log-likelihood in dollars, −4055.9177 (CLVTools' test_correctness_gg.R).
    assert!((number(s, "log_likelihood") + 4055.9177).abs() < 1e-3);

    // The JSON of the holdout verdict, the tracking and the totals (values checked in crates/core/tests).
    assert_eq!(
        r["holdout"]["verdict"],
        serde_json::json!({"kind": "under_predicts", "percent": 12.1})
    );
    let tracking = &r["tracking"];
    assert_eq!(tracking["period_days"], 7);
    assert_eq!(tracking["points"][38]["day"], "1997-09-30");
    assert_eq!(tracking["points"][77]["actual"], 4339);
    let clv = &r["totals"]["clv_minor"];
    assert!(
        (number(clv, "standard_error") / 372_455.22 - 1.0).abs() < 1e-3,
        "{clv}"
    );
    assert_eq!(
        r["transactions"]["log_covariance"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // The `lifetimes` Quickstart's frequency/value correlation: 0.113884.
    assert!((number(&r, "frequency_value_correlation") - 0.113884).abs() < 5e-6);
    assert_eq!(r["calibration_end"], "1997-09-30");
    assert_eq!(r["params"]["summary"]["holdout_end"], "1998-06-30");
    assert_eq!(r["params"]["summary"]["unit"], "week");

    // An independent Python count (crates/core/tests/ltv_cdnow.rs): 1,882 holdout transactions of 2,357
    // customers, 1,411 of them with x = 0.
    let h = &r["holdout"];
    assert_eq!(h["holdout_end"], "1998-06-30");
    assert_eq!(h["actual_transactions"], 1882);
    assert_eq!(h["customers"], 2357);
    assert_eq!(h["holdout_length"], 39.0);
    let rows = h["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0]["customers"], 1411);
    assert_eq!(rows[7]["and_more"], true);
    // `lifetimes` 0.11.3 predicts 1653.41 holdout transactions with these parameters.
    assert!((number(h, "predicted_transactions") - 1653.41).abs() < 0.01);

    let customers = r["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 2357);
    // Customer 00004 (the first, id 0): x = 2, t_x = 30.43, T = 38.86 weeks, mean repeat value $22.345.
    let c = &customers[0];
    assert_eq!(c["customer"], 0);
    assert_eq!(c["x"], 2);
    assert!((number(c, "t_x") - 30.43).abs() < 0.005 && (number(c, "t_cal") - 38.86).abs() < 0.005);
    assert_eq!(c["mean_repeat_value_minor"], 2234.5);
    assert!(number(c, "clv_minor") > 0.0);
    // What the page shows of it: every customer in one tenth of P(alive), CLV by segment and by cohort.
    let bins: Vec<u64> = r["p_alive_histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!((bins.len(), bins.iter().sum::<u64>()), (10, 2357));
    let in_groups = |key: &str| -> u64 {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["customers"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        (in_groups("clv_by_segment"), in_groups("clv_by_cohort")),
        (2357, 2357)
    );
    assert_eq!(r["clv_by_cohort"][0]["cohort"], "1997-01");
    // BG/NBD: P(alive) = 1 for every customer without repeat transactions.
    assert!(customers
        .iter()
        .filter(|c| c["x"] == 0)
        .all(|c| c["p_alive"] == 1.0));
}

#[test]
fn mbgnbd_on_cdnow_matches_btydplus() {
    let r = kokyaku_json(&cdnow_args(&["--json", "--model", "mbg-nbd"]));
    let t = &r["transactions"];
    assert_eq!(t["model"], "mbg_nbd");
    assert_eq!(t["status"], "converged");
    // BTYDplus's estimates, as `lifetimes`' test_params_out_is_close_to_BTYDplus asserts them.
    for (name, published) in [("r", 0.525), ("alpha", 6.183), ("a", 0.891), ("b", 1.614)] {
        let got = number(&t["params"], name);
        assert!((got - published).abs() < 5e-4, "{name}: {got}");
    }
    // Customers without repeat purchases can have dropped out.
    assert!(r["customers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["x"] == 0 && number(c, "p_alive") < 1.0));
}

#[test]
fn paretonbd_on_cdnow_matches_the_published_estimates() {
    let r = kokyaku_json(&cdnow_args(&["--json", "--model", "pareto-nbd"]));
    let t = &r["transactions"];
    assert_eq!(t["model"], "pareto_nbd");
    assert_eq!(t["status"], "converged");
    // Fader, Hardie & Lee (2005) and the BTYD vignette: r = 0.553, α = 10.578, s = 0.606, β = 11.669,
    // LL = −9594.98.
    for (name, published) in [
        ("r", 0.553),
        ("alpha", 10.578),
        ("s", 0.606),
        ("beta", 11.669),
    ] {
        let got = number(&t["params"], name);
        assert_eq!(sig3(got), sig3(published), "{name}: {got}");
    }
    assert_eq!(t["params"].as_object().unwrap().len(), 4);
    let ll = number(t, "log_likelihood");
    assert!((ll + 9594.98).abs() < 0.01, "LL {ll}");
    // The holdout check as `lifetimes` 0.11.3's ParetoNBDFitter predicts it with these estimates (1665.51 of
    // 1,882 transactions; crates/core/tests/ltv_cdnow.rs checks the published parameters' predictions).
    let h = &r["holdout"];
    assert!((number(h, "predicted_transactions") - 1665.51).abs() < 0.01);
    assert!((number(h, "total_relative_error") + 0.115).abs() < 5e-4);
    assert!((number(h, "mean_absolute_error") - 0.7545).abs() < 5e-4);
    // A customer without repeat purchases can have dropped out.
    assert!(r["customers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["x"] == 0 && number(c, "p_alive") < 1.0));

    // The text report names the model's own parameters and gives what compares it with BG/NBD.
    let run = kokyaku(&cdnow_args(&["--model", "pareto-nbd"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for needle in [
        "Transaction model: Pareto/NBD (Schmittlein, Morrison & Colombo 1987)",
        "r = 0.5533, alpha = 10.58, s = 0.6062, beta = 11.67",
        "log-likelihood -9594.98",
        "compare its log-likelihood (higher fits better) and holdout error with --model bg-nbd",
        "Holdout error: predicted total -11.5% against actual, mean absolute error 0.755 transactions per customer",
    ] {
        assert!(run.stdout.contains(needle), "{needle} not in\n{}", run.stdout);
    }
}

#[test]
fn the_csv_has_one_row_per_customer() {
    let run = kokyaku(&cdnow_args(&["--csv"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let body = run.stdout.strip_prefix('\u{FEFF}').expect("a BOM");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "customer_key",
            "x",
            "t_x",
            "T",
            "mean_value",
            "p_alive",
            "expected_transactions",
            "expected_value",
            "clv"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2357);
    for row in &rows {
        let p: f64 = row[5].parse().unwrap();
        assert!((0.0..=1.0).contains(&p), "{row:?}");
        // Dollars and cents: a customer almost surely gone has a CLV that rounds to 0.00.
        let clv: f64 = row[8].parse().unwrap();
        assert!(
            clv >= 0.0 && row[8].split_once('.').unwrap().1.len() == 2,
            "{row:?}"
        );
        // mean_value is empty exactly for x = 0.
        assert_eq!(row[4].is_empty(), &row[1] == "0", "{row:?}");
    }
    assert_eq!(&rows[0][0], "00004");
}

#[test]
fn the_text_report_names_the_parameters_and_the_holdout_table() {
    let run = kokyaku(&cdnow_args(&[]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = &run.stdout;
    for needle in [
        "r = 0.2426, alpha = 4.414, a = 0.7929, b = 2.426",
        "log-likelihood -9582.43",
        "p = 6.250, q = 3.744, gamma = 15.44 USD",
        "Frequency/value correlation (x ≥ 1): 0.114",
        "|r| < 0.3",
        "--model mbg-nbd removes that artefact",
        "7+",
        "Holdout error: predicted total -12.1% against actual, mean absolute error 0.785 transactions per customer",
        "The model under-predicts the holdout by 12.1%",
        // The tracking and the totals, as tests/reference/ltv_trust.py computes them with `lifetimes`.
        "2457 / 2494.0 at the calibration end (1997-09-30), 4339 / 4160.6 at 1998-06-30",
        "2095.1 (95% interval 1885.0–2305.2) repeat transactions",
        "predicted CLV $71,550.16 (95% interval $64,250.",
        "Top 20 customers by CLV",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    let all = text.lines().find(|l| l.starts_with("all")).unwrap();
    assert!(all.contains("2357") && all.contains("1882"), "{all}");
}

#[test]
fn data_without_repeat_purchases_cannot_be_fitted_but_the_command_succeeds() {
    let scratch = Scratch::new("ltv-once");
    let path = scratch.write(
        "once.csv",
        "order_id,order_date,email,order_total\n\
         1,2024-01-01,a@shop.jp,100\n2,2024-01-05,b@shop.jp,200\n3,2024-02-01,c@shop.jp,300\n4,2024-02-01,c@shop.jp,50\n",
    );
    let path = path.to_str().unwrap();
    let r = kokyaku_json(&["ltv", path, "--json"]);
    for model in ["transactions", "spend"] {
        let m = &r[model];
        assert_eq!(m["status"], "not_converged", "{m}");
        assert!(!m["reason"].as_str().unwrap().is_empty(), "{m}");
        assert!(m.get("log_likelihood").is_none(), "{m}");
        assert!(m.get("params").is_none(), "{m}");
    }
    assert!(r["clv_by_segment"].as_array().unwrap().is_empty());
    assert!(r["transactions"]["reason"]
        .as_str()
        .unwrap()
        .contains("no customer has a repeat transaction"));
    assert_eq!(r["customers"].as_array().unwrap().len(), 3);
    assert!(r["customers"][0]["clv_minor"].is_null());

    let run = kokyaku(&["ltv", path]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("could not fit the model: no customer has a repeat transaction"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("No CLV"), "{}", run.stdout);

    let run = kokyaku(&["ltv", path, "--csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 4);
}

#[test]
fn bad_options_are_usage_errors_and_unreadable_files_fail() {
    let path = cdnow_path();
    for bad in [
        &["--unit", "year"][..],
        &["--model", "pnbd"],
        &["--discount", "-0.1"],
        &["--margin", "x"],
        &["--margin", "NaN"],
        &["--horizon-months", "0"],
        &["--horizon-months", "1201"],
        &["--json", "--csv"],
        &["--holdout-end", "1998-06-30"],
    ] {
        let mut args = vec!["ltv", path.as_str()];
        args.extend_from_slice(bad);
        let run = kokyaku(&args);
        assert_eq!(run.code, Some(2), "{bad:?}: {}", run.stderr);
    }
    let run = kokyaku(&["ltv", "/nonexistent/orders.csv"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.starts_with("kokyaku:"), "{}", run.stderr);
    // A holdout period that does not end after the calibration end is a usage error, found before any file is
    // read.
    let run = kokyaku(&[
        "ltv",
        "/nonexistent/orders.csv",
        "--calibration-end",
        "1997-09-30",
        "--holdout-end",
        "1997-09-30",
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("the holdout end 1997-09-30 must be after the calibration end 1997-09-30"),
        "{}",
        run.stderr
    );
}
