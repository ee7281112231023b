//! `--no-header` and columns by number through the CLI: a headerless export read with its columns mapped by
//! number (its figures computed by hand, the same from standard input), the error that shows the first row
//! numbered, and the columns proposed when a header row lacks required fields.

mod common;

use common::{kokyaku, kokyaku_json, Scratch};

/// A headerless order-lines export: order id, date, customer id, e-mail, product, quantity, line price.
///
/// Orders: 5001 (lines 1–2: 2 × 1,200 + 1 × 600 = 3,000) and 5003 (line 4: 1,500) of member M7; 5002
/// (line 3: 900) of member M8. Line 5's date does not exist; line 6 has eight fields where the first row
/// has seven. Orders 3, customers 2, revenue 3,000 + 900 + 1,500 = 5,400.
const EXPORT: &str = "5001,2024/04/01 10:00,M7,m7@example.jp,P-1,2,1200\n\
5001,2024/04/01 10:00,M7,m7@example.jp,P-2,1,600\n\
5002,2024/04/03 09:30,M8,m8@example.jp,P-1,1,900\n\
5003,2024/05/02 18:00,M7,m7@example.jp,P-3,1,1500\n\
5004,2024/02/30 12:00,M9,m9@example.jp,P-1,1,700\n\
5005,2024/05/03 12:00,M8,m8@example.jp,P-2,1,800,gift\n";

const MAP: [&str; 14] = [
    "--map",
    "order_id=1",
    "--map",
    "order_date=2",
    "--map",
    "customer_id=3",
    "--map",
    "email=4",
    "--map",
    "product_id=5",
    "--map",
    "quantity=6",
    "--map",
    "line_price=7",
];

#[test]
fn a_headerless_export_mapped_by_number_gives_its_figures() {
    let scratch = Scratch::new("headerless");
    let path = scratch.write("lines.csv", EXPORT);
    let mut args: Vec<&std::ffi::OsStr> = vec!["summary".as_ref(), path.as_os_str()];
    args.extend(["--no-header", "--json"].iter().map(std::ffi::OsStr::new));
    args.extend(MAP.iter().map(std::ffi::OsStr::new));
    let r = kokyaku_json(&args);
    assert_eq!(
        (
            r["orders"].as_u64(),
            r["customers"].as_u64(),
            r["revenue_minor"].as_i64()
        ),
        (Some(3), Some(2), Some(5400)),
        "{r}"
    );
    let quality = &r;
    let lines: Vec<u64> = quality["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [5, 6], "{quality}");
    let file = &quality["files"][0];
    assert_eq!(file["rows_read"], 6, "{file}");
    assert!(
        file["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c[0] == "order_date" && c[1] == "column 2"),
        "{file}"
    );

    // The same export from standard input.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kokyaku"))
        // The tests read English, whatever the locale they run in.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["summary", "-", "--no-header", "--json"])
        .args(MAP)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(EXPORT.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let s: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(s["revenue_minor"], 5400);
    assert_eq!(s["orders"], 3);
}

#[test]
fn a_headerless_export_without_a_mapping_exits_1_showing_its_first_row() {
    let scratch = Scratch::new("headerless-unmapped");
    let path = scratch.write("lines.csv", EXPORT);
    let run = kokyaku(&["summary".as_ref(), path.as_os_str(), "--no-header".as_ref()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("lines.csv: the file is read without a header row"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("The first row (line 1), numbered: 1 = 5001, 2 = 2024/04/01 10:00, 3 = M7, 4 = m7@example.jp, 5 = P-1, 6 = 2, 7 = 1200."),
        "{}",
        run.stderr
    );
    // Order ids on adjacent rows, dates (a bad one among them), e-mails, the one column of amounts that
    // are not small whole numbers.
    assert!(
        run.stderr.contains(
            "Proposed from the first rows: order_id=1, order_date=2, email=4, order_total=7."
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_header_without_required_columns_proposes_the_order_id_and_keys() {
    let scratch = Scratch::new("proposal");
    let path = scratch.write(
        "lines.csv",
        "受注No,購入日,顧客コード,品名,小計\n\
         R-1,2024-04-01,K1,A,1000\n\
         R-1,2024-04-01,K1,B,500\n\
         R-2,2024-04-02,K2,A,1000\n",
    );
    let run = kokyaku(&[
        "summary".as_ref(),
        path.as_os_str(),
        "--map".as_ref(),
        "order_date=購入日".as_ref(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no column was found for: order_total, customer_id."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "Proposed from the header names and the first rows: order_id=受注No, customer_id=顧客コード, order_total=小計. Map the order id too"
        ),
        "{}",
        run.stderr
    );
    // Mapped as proposed (and the total by number): two orders, 1,500 and 1,000.
    let r = kokyaku_json(&[
        "summary".as_ref(),
        path.as_os_str(),
        "--json".as_ref(),
        "--map".as_ref(),
        "order_date=購入日".as_ref(),
        "--map".as_ref(),
        "order_id=1".as_ref(),
        "--map".as_ref(),
        "customer_id=顧客コード".as_ref(),
        "--map".as_ref(),
        "line_price=5".as_ref(),
    ]);
    assert_eq!(
        (r["orders"].as_u64(), r["revenue_minor"].as_i64()),
        (Some(2), Some(2500)),
        "{r}"
    );
}
