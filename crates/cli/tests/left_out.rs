//! What every command that reads orders says about the rows and orders it could not use: one line on stderr
//! with the data-quality report's counts, and `--max-reject-rate`, which fails with exit code 3 when too many
//! rows were rejected.

mod common;

use common::{kokyaku, kokyaku_json, Scratch};

/// Seven rows, hand-counted: line 3 has a date that does not exist (a rejected row); order 3 is cancelled,
/// order 4 has no customer key, order 5 has no total (a rejected order), order 7's payment is pending
/// (incomplete). Orders 1 and 6 are A's, the only valid ones.
const ORDERS: &str = "order_id,order_date,customer_id,order_total,status\n\
                      1,2024-01-05,A,1000,\n\
                      2,2024-13-01,A,500,\n\
                      3,2024-02-01,B,700,cancelled\n\
                      4,2024-02-02,,800,\n\
                      5,2024-02-03,C,,\n\
                      6,2024-02-04,A,300,\n\
                      7,2024-02-05,D,400,pending\n";

const LINE: &str =
    "kokyaku: 1 of 7 rows rejected; 4 orders left out (1 rejected, 1 cancelled, 1 incomplete, \
                    1 without a customer key); kokyaku summary lists them";

/// Every command that reads orders, with the arguments it needs besides the file.
const COMMANDS: [&[&str]; 8] = [
    &["summary", "--json"],
    &["rfm", "--csv"],
    &["cpm", "--json"],
    &["cohorts", "--csv"],
    &["repeat", "--json"],
    &["history", "--csv"],
    &["ltv", "--json"],
    &["segment"],
];

fn run(command: &[&str], file: &std::path::Path, more: &[&str]) -> common::Run {
    use std::ffi::OsStr;
    let mut args: Vec<&OsStr> = vec![OsStr::new(command[0]), file.as_os_str()];
    args.extend(command[1..].iter().map(OsStr::new));
    args.extend(more.iter().map(OsStr::new));
    kokyaku(&args)
}

#[test]
fn every_analysis_command_says_what_it_left_out_in_one_line() {
    let scratch = Scratch::new("left-out");
    let file = scratch.write("orders.csv", ORDERS);
    // The counts are the data-quality report's, as the summary has them.
    let report = kokyaku_json(&["summary".as_ref(), file.as_os_str(), "--json".as_ref()]);
    let counts: Vec<u64> = [
        "rows_read",
        "rows_rejected",
        "orders_rejected",
        "cancelled_orders",
        "incomplete_orders",
        "orders_without_customer",
    ]
    .iter()
    .map(|k| report[k].as_u64().unwrap())
    .collect();
    assert_eq!(counts, [7, 1, 1, 1, 1, 1]);
    for command in &COMMANDS[1..] {
        let r = run(command, &file, &[]);
        assert_eq!(r.code, Some(0), "{command:?}: {}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines[0], LINE, "{command:?}");
        assert_eq!(
            lines.iter().filter(|l| l.contains("rejected")).count(),
            1,
            "{command:?}: {}",
            r.stderr
        );
    }
    // The summary's own report has these figures: no line repeats them.
    let r = run(COMMANDS[0], &file, &[]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
}

#[test]
fn nothing_left_out_means_no_line() {
    let scratch = Scratch::new("nothing-left-out");
    let file = scratch.write(
        "orders.csv",
        "order_id,order_date,customer_id,order_total\n1,2024-01-05,A,1000\n2,2024-02-04,A,300\n",
    );
    for command in &COMMANDS[1..6] {
        let r = run(command, &file, &[]);
        assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""), "{command:?}");
    }
    // Only what there is is named: two cancelled orders and nothing else.
    let file = scratch.write(
        "cancelled.csv",
        "order_id,order_date,customer_id,order_total,status\n1,2024-01-05,A,1000,\n\
         2,2024-01-06,A,10,キャンセル\n3,2024-01-07,B,10,cancelled\n",
    );
    let r = run(&["rfm"], &file, &[]);
    assert_eq!(
        r.stderr,
        "kokyaku: 2 orders left out (2 cancelled); kokyaku summary lists them\n"
    );
}

#[test]
fn more_rejected_rows_than_the_maximum_rate_fail_with_exit_code_3() {
    let scratch = Scratch::new("max-reject-rate");
    let file = scratch.write("orders.csv", ORDERS);
    // 1 of 7 rows is 14.3%: over 0.14, within 0.15 and 1/7 itself (not more than it).
    let reason = "kokyaku: 1 of 7 rows rejected (14.3%), more than --max-reject-rate 0.14 allows; \
                  kokyaku summary --rejects-csv FILE lists them";
    for command in COMMANDS {
        let r = run(command, &file, &["--max-reject-rate", "0.14"]);
        assert_eq!(r.code, Some(3), "{command:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().last(), Some(reason), "{command:?}");
        assert!(r.stdout.is_empty(), "{command:?}: {}", r.stdout);
        for fits in ["0.15", "0.14285714285714285", "1"] {
            let r = run(command, &file, &["--max-reject-rate", fits]);
            assert_eq!(r.code, Some(0), "{command:?} {fits}: {}", r.stderr);
        }
    }
    // Rejects but no rows rejected: the rate is of rows.
    let file = scratch.write(
        "no-total.csv",
        "order_id,order_date,customer_id,order_total\n1,2024-01-05,A,1000\n2,2024-01-06,B,\n",
    );
    let r = run(&["rfm"], &file, &["--max-reject-rate", "0"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn summary_writes_the_rejects_before_failing_on_the_rate() {
    let scratch = Scratch::new("max-reject-rate-summary");
    let file = scratch.write("orders.csv", ORDERS);
    let rejects = scratch.path("rejects.csv");
    let r = kokyaku(&[
        "summary".as_ref(),
        file.as_os_str(),
        "--rejects-csv".as_ref(),
        rejects.as_os_str(),
        "--max-reject-rate".as_ref(),
        "0".as_ref(),
    ]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let written = std::fs::read_to_string(&rejects).unwrap();
    // The bad date and the order without a total.
    assert_eq!(written.lines().count(), 3, "{written}");
    assert!(
        written.contains(",3,order_date,cannot read '2024-13-01'"),
        "{written}"
    );
}

#[test]
fn a_reject_rate_that_is_not_a_share_is_a_usage_error() {
    let scratch = Scratch::new("bad-rate");
    let file = scratch.write("orders.csv", ORDERS);
    for (bad, says) in [
        ("1.5", "'1.5' is not a number from 0 to 1"),
        ("-0.1", "'-0.1' is not a number from 0 to 1"),
        ("lots", "'lots' is not a number from 0 to 1"),
        ("NaN", "'NaN' is not a number from 0 to 1"),
        ("5%", "write a share of the rows, 0.05 for 5%"),
    ] {
        let r = run(&["cohorts"], &file, &["--max-reject-rate", bad]);
        assert_eq!(r.code, Some(2), "{bad}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{bad}: {}", r.stderr);
    }
}

#[test]
fn help_lists_the_exit_codes() {
    for args in [&["--help"][..], &["rfm", "--help"], &["segment", "--help"]] {
        let r = kokyaku(args);
        assert_eq!(r.code, Some(0));
        assert!(
            r.stdout
                .contains("3  more rows were rejected than --max-reject-rate allows"),
            "{args:?}: {}",
            r.stdout
        );
    }
    // The segment help keeps its condition language before them.
    let r = kokyaku(&["segment", "--help"]);
    assert!(r.stdout.contains("Conditions:"), "{}", r.stdout);
}
