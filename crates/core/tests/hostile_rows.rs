//! How ingestion treats implausible and broken rows: each case names the line, the field and the reason, and
//! keeps every valid row.

use kokyaku_core::analysis::summary::summarize;
use kokyaku_core::ingest::{ingest_files, Field, IngestOptions, Ingested, Reject};
use kokyaku_core::Ingestor;
use kokyaku_core::Lang;

fn read(csv: &str) -> Ingested {
    ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A reject as (file, line, field, reason in words).
type Listed = (String, u64, Option<Field>, String);

fn reject(line: u64, field: Option<Field>, reason: &str) -> Listed {
    ("t.csv".into(), line, field, reason.into())
}

/// The rejects of `data` as [`reject`] writes them.
fn listed(data: &Ingested) -> Vec<Listed> {
    data.quality
        .rejects
        .iter()
        .map(|r: &Reject| (r.file.clone(), r.line, r.field, r.reason.to_string()))
        .collect()
}

#[test]
fn dates_before_1990_or_after_2099_are_rejected_rows() {
    let data = read(
        "order_id,order_date,email,order_total\n\
         1,2024-01-05,a@x,100\n\
         2,1900-01-01,b@x,200\n\
         3,2150-01-01,c@x,300\n\
         4,1990-01-01,d@x,400\n",
    );
    let why = |d: &str| {
        format!(
            "the date {d} is outside 1990-01-01–2099-12-31; it is probably a placeholder or a typo"
        )
    };
    assert_eq!(
        listed(&data),
        [
            reject(3, Some(Field::OrderDate), &why("1900-01-01")),
            reject(4, Some(Field::OrderDate), &why("2150-01-01")),
        ]
    );
    let s = summarize(&data.dataset, None);
    assert_eq!((s.customers, s.orders, s.revenue_minor), (2, 2, 500));
    assert_eq!(s.first_order_date.unwrap().to_string(), "1990-01-01");
}

#[test]
fn an_order_worth_more_than_a_trillion_units_is_rejected_and_sums_stay_exact() {
    // Two orders of 900 trillion yen each would also overflow the sums of a few thousand such orders.
    let data = read(
        "order_id,order_date,email,order_total\n\
         1,2024-01-05,a@x,1000\n\
         2,2024-01-06,b@x,900000000000000\n\
         3,2024-01-07,b@x,-1000000000001\n\
         4,2024-01-08,c@x,1000000000000\n",
    );
    assert_eq!(
        listed(&data),
        [
            reject(
                3,
                Some(Field::OrderTotal),
                "order 2: the value 900000000000000 JPY is implausibly large (over 1,000,000,000,000); check the amount columns"
            ),
            reject(
                4,
                Some(Field::OrderTotal),
                "order 3: the value -1000000000001 JPY is implausibly large (over 1,000,000,000,000); check the amount columns"
            ),
        ]
    );
    assert_eq!(data.quality.orders_rejected, 2);
    let s = summarize(&data.dataset, None);
    assert_eq!((s.orders, s.revenue_minor), (2, 1_000_000_001_000));
}

#[test]
fn a_line_price_times_a_huge_quantity_is_rejected_not_saturated() {
    let data = read(
        "order_id,order_date,email,line_price,quantity\n\
         1,2024-01-05,a@x,999999999999,999999999\n\
         2,2024-01-05,a@x,10.5,2\n",
    );
    assert_eq!(data.quality.rejects.len(), 1);
    assert_eq!(data.quality.rejects[0].line, 2);
    assert!(data.quality.rejects[0]
        .reason
        .to_string()
        .starts_with("order 1: the value 9223372036854775.807 JPY is implausibly large"));
    assert_eq!(summarize(&data.dataset, None).revenue_minor, 21);
}

#[test]
fn a_quote_never_closed_rejects_the_row_it_swallows_and_says_which_lines() {
    let data = read(
        "order_id,order_date,email,order_total,product_name\n\
         1,2024-01-05,a@x,100,Tea 12\" tin\n\
         2,2024-01-06,b@x,200,\"Tea\n\
         3,2024-01-07,c@x,300,Tea\n\
         4,2024-01-08,d@x,400,Tea\n",
    );
    assert_eq!(
        listed(&data),
        [reject(
            3,
            Some(Field::ProductName),
            "a quote opened in column 'product_name' is never closed, so lines 3–5 were read as this one row; close the quote and read the file again"
        )]
    );
    assert_eq!((data.quality.rows_read, data.quality.rows_rejected), (2, 1));
    assert_eq!(data.dataset.products[0].name, "Tea 12\" tin");
}

#[test]
fn a_ragged_row_spanning_lines_says_so() {
    let data = read("order_id,order_date,email,order_total\n1,2024-01-05,\"a\nb\",100,x\n");
    assert_eq!(
        listed(&data),
        [reject(
            2,
            None,
            "the row has 5 fields but the header has 4 (lines 2–3: a quoted field holds line breaks)"
        )]
    );
}

#[test]
fn an_order_id_seen_again_apart_from_its_rows_is_noted_with_its_line() {
    let data = read(
        "order_id,order_date,email,order_total,product_name\n\
         1,2024-01-05,a@x,100,Tea\n\
         2,2024-01-06,b@x,200,Tea\n\
         1,2024-01-05,a@x,100,Tea\n",
    );
    assert!(data.quality.files[0].notes_in(Lang::En).contains(
        &"1 row (line 4) belongs to an order whose rows came earlier in the file, apart from it; it was read as another line of that order — check the file for a duplicated row.".to_string()
    ), "{:?}", data.quality.files[0].notes_in(Lang::En));
    let s = summarize(&data.dataset, None);
    assert_eq!((s.orders, s.revenue_minor), (2, 300));
}

#[test]
fn bytes_that_break_the_detected_encoding_late_in_the_file_name_the_line() {
    let mut bytes = b"order_id,order_date,email,order_total\n".to_vec();
    for i in 0..3000 {
        bytes.extend_from_slice(format!("{i},2024-01-05,a{i}@example.jp,1000\n").as_bytes());
    }
    bytes.extend_from_slice(
        &encoding_rs::SHIFT_JIS
            .encode("3000,2024-01-05,注文@example.jp,1\n")
            .0,
    );
    let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
    ingestor.begin_file("late.csv").unwrap();
    let error = bytes
        .chunks(4096)
        .try_for_each(|c| ingestor.push(c))
        .and_then(|_| ingestor.end_file().map(|_| ()))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "late.csv: line 3002: the bytes at offset {} are not valid UTF-8; the file may mix encodings — choose the encoding by hand or re-export it",
            bytes.len() - 18
        )
    );
}

#[test]
fn many_scattered_rows_are_noted_with_the_first_five_lines() {
    let mut csv = String::from("order_id,order_date,email,order_total,product_name\n");
    for i in 0..8 {
        csv.push_str(&format!("{},2024-01-05,a@x,100,Tea\n", i % 2));
    }
    let data = read(&csv);
    assert_eq!(
        data.quality.files[0].notes_in(Lang::En).last().unwrap(),
        "6 rows (lines 4, 5, 6, 7, 8, …) belong to orders whose rows came earlier in the file, apart from them; they were read as more lines of those orders — check the file for duplicated rows."
    );
    assert_eq!(summarize(&data.dataset, None).orders, 2);
}

#[test]
fn an_order_id_with_line_breaks_is_named_on_one_line() {
    // The id of order 2 is a quoted cell over two lines; the order has no total, so its reject names it.
    let csv = "order_id,order_date,email,order_total\n\
               1,2024-01-01,a@x,100\n\
               \"2\nB\",2024-01-02,b@x,\n";
    let data = read(csv);
    assert_eq!(
        listed(&data),
        [reject(
            3,
            Some(Field::OrderTotal),
            "order 2⏎B has no order total in any of its rows"
        )]
    );
}
