//! How `kokyaku summary` fails, and what it writes besides the report: exit codes, messages naming the file,
//! overlapping files, the rejects CSV, stdin and directories.

mod common;

use common::{generate, kokyaku, kokyaku_json, Scratch};
use kokyaku_gen::Format;

/// A small export in the generic layout: 2 customers, 3 valid orders worth ¥7,700, one bad row, one order
/// without a total.
///
/// Line 2, 4: a@example.jp buys for 3,850 and 2,200; line 3: guest@example.jp for 1,650 (3,850 + 1,650 +
/// 2,200 = 7,700). Line 5's date does not exist (a rejected row); order 9 on line 6 has no total (a rejected
/// order).
const SMALL: &str = "order_id,order_date,email,order_total\n\
1,2024-01-05 13:45:00,a@example.jp,\"3,850\"\n\
2,2024-01-06 10:00:00,Guest@Example.jp,1650\n\
3,2024-02-01 10:00:00,a@example.jp,2200\n\
4,2024-02-30 10:00:00,b@example.jp,1000\n\
9,2024-02-03 10:00:00,c@example.jp,\n";

#[test]
fn a_missing_file_exits_1_naming_it() {
    let scratch = Scratch::new("missing");
    let path = scratch.path("no-such-export.csv");
    let run = kokyaku(&["summary".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.starts_with("kokyaku: "), "{}", run.stderr);
    assert!(run.stderr.contains("no-such-export.csv"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn an_empty_file_exits_1_saying_so() {
    let scratch = Scratch::new("empty");
    let path = scratch.write("empty.csv", "");
    let run = kokyaku(&["summary".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("empty.csv: the file is empty"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_header_exits_1_naming_the_unmapped_fields() {
    let scratch = Scratch::new("unknown");
    let path = scratch.write("mystery.csv", "foo,bar\n1,2\n");
    let run = kokyaku(&["summary".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("mystery.csv"), "{}", run.stderr);
    assert!(
        run.stderr.contains("order_date, order_total, customer_id"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("foo, bar"), "{}", run.stderr);
}

#[test]
fn a_mapping_to_a_column_the_file_lacks_exits_1() {
    let scratch = Scratch::new("nocolumn");
    let path = scratch.write("small.csv", SMALL);
    let run = kokyaku(&[
        "summary".as_ref(),
        path.as_os_str(),
        "--map".as_ref(),
        "order_total=amount".as_ref(),
    ]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("order_total=amount"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let scratch = Scratch::new("usage");
    let path = scratch.write("small.csv", SMALL);
    let file = path.to_str().unwrap();
    for (args, expected) in [
        (
            vec!["summary", file, "--map", "nope=x"],
            "unknown field 'nope'",
        ),
        (
            vec!["summary", file, "--map", "order_total"],
            "field=column",
        ),
        (
            vec!["summary", file, "--preset", "magento"],
            "unknown preset 'magento'",
        ),
        (
            vec!["summary", file, "--encoding", "latin1"],
            "unknown encoding 'latin1'",
        ),
        (vec!["summary", file, "--as-of", "2024-02-30"], "YYYY-MM-DD"),
        (
            vec!["summary", file, "--currency", "US$"],
            "not a currency code",
        ),
        (vec!["summary"], "FILE"),
    ] {
        let run = kokyaku(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    // The list of valid field names comes with the error.
    let run = kokyaku(&["summary", file, "--map", "nope=x"]);
    assert!(
        run.stderr
            .contains("order_id, order_date, customer_id, email"),
        "{}",
        run.stderr
    );
}

#[test]
fn rejects_csv_has_a_bom_a_header_and_one_line_per_rejected_row_and_order() {
    let scratch = Scratch::new("rejects");
    let path = scratch.write("small.csv", SMALL);
    let rejects = scratch.path("rejects.csv");
    let r = kokyaku_json(&[
        "summary".as_ref(),
        path.as_os_str(),
        "--json".as_ref(),
        "--rejects-csv".as_ref(),
        rejects.as_os_str(),
    ]);
    assert_eq!(
        (r["rows_rejected"].as_u64(), r["orders_rejected"].as_u64()),
        (Some(1), Some(1))
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.starts_with("\u{FEFF}file,line,field,reason\r\n"),
        "{text}"
    );
    let expected =
        1 + r["rows_rejected"].as_u64().unwrap() + r["orders_rejected"].as_u64().unwrap();
    assert_eq!(text.lines().count() as u64, expected, "{text}");
    assert!(text.contains(",5,order_date,"), "{text}");
    assert!(text.contains(",6,order_total,"), "{text}");
}

#[test]
fn the_readable_report_shows_customers_revenue_and_rejects() {
    let scratch = Scratch::new("text");
    let path = scratch.write("small.csv", SMALL);
    let run = kokyaku(&["summary".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = &run.stdout;
    for expected in [
        "small.csv",
        "encoding UTF-8, read as Generic CSV",
        "5 rows read, 1 rejected",
        "As of 2024-02-02",
        "Customers:                   2",
        "Orders:                      3",
        "Revenue:                     ¥7,700",
        "Average order value:         ¥2,567",
        "Orders per customer:         1.50",
        "Repeat rate:                 50.0%",
        "Order dates:                 2024-01-05 to 2024-02-01",
        "small.csv:5: order_date: cannot read '2024-02-30 10:00:00' as a date",
        "small.csv:6: order_total: order 9 has no order total",
        "Cancelled orders:            0",
        "Orders without customer key: 0",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn the_readable_report_lists_twenty_rejects_and_counts_the_rest() {
    let mut text =
        String::from("order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,100\n");
    for i in 0..25 {
        text.push_str(&format!("x{i},not a date,a@example.jp,100\n"));
    }
    let scratch = Scratch::new("many");
    let path = scratch.write("many.csv", text);
    let run = kokyaku(&["summary".as_ref(), path.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("cannot read 'not a date'").count(),
        20,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("many.csv:22: order_date:"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("many.csv:23:"), "{}", run.stdout);
    assert!(run.stdout.contains("... and 5 more"), "{}", run.stdout);
}

#[test]
fn stdin_and_directories_are_read() {
    let scratch = Scratch::new("dir");
    // Split SMALL's data rows over two files; the directory reads them in name order, ignoring non-CSV files.
    let mut lines = SMALL.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    scratch.write("b.csv", format!("{header}\n{}\n", rows[2..].join("\n")));
    scratch.write("a.CSV", format!("{header}\n{}\n", rows[..2].join("\n")));
    scratch.write("notes.txt", "not an export");
    let r = kokyaku_json(&[
        "summary".as_ref(),
        scratch.dir().as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(
        (
            r["customers"].as_u64(),
            r["orders"].as_u64(),
            r["revenue_minor"].as_i64()
        ),
        (Some(2), Some(3), Some(7700))
    );
    let names: Vec<&str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(
        names[0].ends_with("a.CSV") && names[1].ends_with("b.csv"),
        "{names:?}"
    );

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kokyaku"))
        // The tests read English, whatever the locale they run in.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["summary", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SMALL.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let r: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(r["revenue_minor"], 7700);
    assert_eq!(r["files"][0]["name"], "<stdin>");
}

#[test]
fn an_empty_directory_exits_1() {
    let scratch = Scratch::new("emptydir");
    let run = kokyaku(&["summary".as_ref(), scratch.dir().as_os_str()]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("no *.csv or *.parquet files"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_same_export_twice_counts_each_order_once() {
    let scratch = Scratch::new("overlap");
    for format in Format::ALL {
        let (path, truth) = generate(&scratch, format, 1_000, 11);
        let once = kokyaku_json(&["summary".as_ref(), path.as_os_str(), "--json".as_ref()]);
        let twice = kokyaku_json(&[
            "summary".as_ref(),
            path.as_os_str(),
            path.as_os_str(),
            "--json".as_ref(),
        ]);
        let name = format.name();
        for key in [
            "customers",
            "orders",
            "revenue_minor",
            "repeat_customers",
            "cancelled_orders",
            "incomplete_orders",
        ] {
            assert_eq!(twice[key], once[key], "{name}: {key}");
        }
        assert_eq!(twice["orders"], truth.valid_orders, "{name}");
        // Every order with an id is found again in the second file: the valid, cancelled, incomplete, fully
        // refunded and key-less ones (malformed rows never make an order: they are rejected again, row by row).
        let with_id = truth.valid_orders
            + truth.cancelled_orders
            + truth.incomplete_orders
            + truth.fully_refunded_orders
            + truth.orders_without_customer;
        assert_eq!(twice["duplicate_orders"], with_id, "{name}");
        assert_eq!(
            twice["rows_read"].as_u64(),
            Some(2 * truth.rows_written),
            "{name}"
        );
        assert_eq!(
            twice["rows_rejected"].as_u64(),
            Some(2 * truth.rejected_rows),
            "{name}"
        );
        let skipped = twice["files"][1]["duplicate_rows"].as_u64();
        assert_eq!(
            skipped,
            Some(truth.rows_written - truth.rejected_rows),
            "{name}"
        );
    }
}

#[test]
fn rejects_csv_of_a_generated_export_lists_every_malformed_row() {
    let scratch = Scratch::new("genrejects");
    let (path, truth) = generate(&scratch, Format::Shopify, 3_000, 7);
    let rejects = scratch.path("rejects.csv");
    let r = kokyaku_json(&[
        "summary".as_ref(),
        path.as_os_str(),
        "--json".as_ref(),
        "--rejects-csv".as_ref(),
        rejects.as_os_str(),
    ]);
    assert!(truth.rejected_rows > 0);
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.starts_with("\u{FEFF}file,line,field,reason\r\n"),
        "{text}"
    );
    let expected =
        1 + r["rows_rejected"].as_u64().unwrap() + r["orders_rejected"].as_u64().unwrap();
    assert_eq!(text.lines().count() as u64, expected, "{text}");
    assert_eq!(expected, 1 + truth.rejected_rows);
}

#[test]
fn an_output_path_that_is_an_input_file_is_refused_and_the_file_left_alone() {
    let scratch = Scratch::new("overwrite");
    let orders = scratch.write("orders.csv", SMALL);
    // The same file named another way (through its folder and `..`) is still the input.
    let again = scratch.path("sub/../orders.csv");
    std::fs::create_dir_all(scratch.path("sub")).unwrap();
    for args in [
        vec![
            "summary".as_ref(),
            orders.as_os_str(),
            "--rejects-csv".as_ref(),
            again.as_os_str(),
        ],
        vec![
            "segment".as_ref(),
            orders.as_os_str(),
            "--out".as_ref(),
            orders.as_os_str(),
        ],
        vec![
            "segment".as_ref(),
            scratch.path("").as_os_str(),
            "--out".as_ref(),
            orders.as_os_str(),
        ],
    ] {
        let run = kokyaku(&args);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("is one of the files to read, which writing would overwrite"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read_to_string(&orders).unwrap(), SMALL);
    }
    // Another path is written as before.
    let rejects = scratch.path("rejects.csv");
    let run = kokyaku(&[
        "summary".as_ref(),
        orders.as_os_str(),
        "--rejects-csv".as_ref(),
        rejects.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(std::fs::read_to_string(&rejects)
        .unwrap()
        .contains("2024-02-30"));
}

#[test]
fn map_with_no_column_unmaps_a_field_the_preset_found() {
    // customer_id is read by default; unmapped, the e-mail keys the customers: 2 customers instead of 1.
    let scratch = Scratch::new("unmap");
    let csv = "order_id,order_date,customer_id,email,order_total\n\
               1,2024-01-05,C1,a@example.jp,100\n\
               2,2024-01-06,C1,b@example.jp,200\n";
    let file = scratch.write("orders.csv", csv);
    let file = file.to_str().unwrap();
    assert_eq!(kokyaku_json(&["summary", file, "--json"])["customers"], 1);
    let unmapped = kokyaku_json(&["summary", file, "--map", "customer_id=", "--json"]);
    assert_eq!(unmapped["customers"], 2);
}

#[test]
fn a_rejects_csv_that_cannot_hold_every_reject_says_so_on_stderr_and_in_the_file() {
    // 100,003 rows with a date that does not exist: 100,000 are listed, the note says how many there were,
    // and so does the file's last row.
    let scratch = Scratch::new("many-rejects");
    let mut csv =
        String::from("order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,100\n");
    for i in 0..100_003 {
        csv.push_str(&format!("{},2024-13-01,a@example.jp,100\n", i + 2));
    }
    let file = scratch.write("orders.csv", csv);
    let rejects = scratch.path("rejects.csv");
    let run = kokyaku(&[
        "summary".as_ref(),
        file.as_os_str(),
        "--rejects-csv".as_ref(),
        rejects.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(written.matches("\r\n").count(), 1 + 100_000 + 1);
    let rows: Vec<&str> = written.split("\r\n").collect();
    // The 100,000th reject is on line 100,002 (the header and one valid row come first).
    assert!(
        rows[100_000].contains(",100002,order_date,cannot read '2024-13-01' as a date"),
        "{}",
        rows[100_000]
    );
    assert_eq!(
        rows[100_001],
        ",,,the list stopped at 100000 of 100003 rejected rows and orders; the rest are counted but not listed"
    );
    assert!(
        run.stderr
            .contains("lists the first 100000 of 100003 rejected rows and orders"),
        "{}",
        run.stderr
    );
}
