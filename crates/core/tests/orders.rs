//! One order is one order: rows of an order that disagree, amount columns that are per line, order ids that
//! several stores reuse, and refunds, on small exports whose figures are worked out by hand in the comments.

use kokyaku_core::ingest::{ingest_files, IngestOptions, Ingested};
use kokyaku_core::Lang;

fn read(files: &[(&str, &str)]) -> Ingested {
    ingest_files(
        IngestOptions::default(),
        files.iter().map(|(name, text)| (*name, text.as_bytes())),
    )
    .unwrap()
}

/// Each valid order as (customer key, date, value in minor units), sorted.
fn orders(data: &Ingested) -> Vec<(String, String, i64)> {
    let ds = &data.dataset;
    let mut out: Vec<(String, String, i64)> = (0..ds.orders.date.len())
        .map(|o| {
            let customer = ds.orders.customer[o] as usize;
            (
                ds.customer_keys[customer].to_string(),
                ds.orders.date[o].to_string(),
                ds.orders.value[o],
            )
        })
        .collect();
    out.sort();
    out
}

fn owned(rows: &[(&str, &str, i64)]) -> Vec<(String, String, i64)> {
    rows.iter()
        .map(|(k, d, v)| (k.to_string(), d.to_string(), *v))
        .collect()
}

/// Conflict examples with what they disagree on in English words, as the notes and the JSON give it.
fn english(
    examples: &[(
        String,
        u64,
        u64,
        kokyaku_core::ingest::order_notes::Disagreement,
    )],
) -> Vec<(String, u64, u64, String)> {
    examples
        .iter()
        .map(|(file, first, line, what)| (file.clone(), *first, *line, what.to_string()))
        .collect()
}

#[test]
fn an_amount_column_that_is_per_line_is_summed_and_a_repeated_total_is_not() {
    // Items report: order 1 has lines of 1000 and 500 (1500), order 2 lines of 300 and 300 (600: the file's
    // column is per line, since order 1's rows differ: one of two orders with several rows, at least a
    // fifth), order 3 one line of 700.
    let items = "order_id,order_date,email,amount\n\
                 1,2024-01-05,a@x.jp,1000\n1,2024-01-05,a@x.jp,500\n\
                 2,2024-01-06,b@x.jp,300\n2,2024-01-06,b@x.jp,300\n\
                 3,2024-01-07,c@x.jp,700\n";
    let data = read(&[("items.csv", items)]);
    assert_eq!(
        orders(&data),
        owned(&[
            ("a@x.jp", "2024-01-05", 1500),
            ("b@x.jp", "2024-01-06", 600),
            ("c@x.jp", "2024-01-07", 700)
        ])
    );
    let notes = &data.quality.files[0].notes_in(Lang::En);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("differs between the rows of 1 of the 2 orders")),
        "{notes:?}"
    );
    assert_eq!(data.quality.order_checks.conflicts, 0);

    // An order export that repeats the order's total on each of its lines: the same total on every row.
    // Order 1 is 1500 on two rows, order 2 is 800 on three rows, orders 4 to 7 are 100 on two rows each, and
    // order 3 is 900 on two rows but its second row says 950 (an edit): one order of six with several rows
    // differs, less than a fifth, so the column is per order and order 3 is a conflict, read with its first
    // row's 900.
    let mut repeated = "order_id,order_date,email,order_total,product_name\n\
                        1,2024-01-05,a@x.jp,1500,tea\n1,2024-01-05,a@x.jp,1500,cup\n\
                        2,2024-01-06,b@x.jp,800,tea\n2,2024-01-06,b@x.jp,800,pot\n2,2024-01-06,b@x.jp,800,cup\n\
                        3,2024-01-07,c@x.jp,900,tea\n3,2024-01-07,c@x.jp,950,cup\n"
        .to_string();
    for o in 4..=7 {
        repeated.push_str(&format!(
            "{o},2024-01-08,d@x.jp,100,tea\n{o},2024-01-08,d@x.jp,100,cup\n"
        ));
    }
    let data = read(&[("orders.csv", &repeated)]);
    let mut expected = vec![
        ("a@x.jp", "2024-01-05", 1500),
        ("b@x.jp", "2024-01-06", 800),
        ("c@x.jp", "2024-01-07", 900),
    ];
    expected.extend([("d@x.jp", "2024-01-08", 100); 4]);
    assert_eq!(orders(&data), owned(&expected));
    let q = &data.quality.order_checks;
    assert_eq!(q.conflicts, 1);
    assert_eq!(
        english(&q.conflict_examples),
        [("orders.csv".to_string(), 7, 8, "another total".to_string())]
    );
}

#[test]
fn rows_of_one_order_with_another_date_or_customer_are_noted_with_their_lines() {
    // Order 1's third row (line 4) has another date; order 2's second row (line 6) another e-mail. Each is
    // read as one order with its first row's values; order 3's guest row under a member is no conflict.
    let csv = "order_id,order_date,customer_id,email,order_total\n\
               1,2024-01-05,,a@x.jp,1000\n1,2024-01-05,,a@x.jp,1000\n1,2024-01-09,,a@x.jp,1000\n\
               2,2024-01-06,,b@x.jp,400\n2,2024-01-06,,z@x.jp,400\n\
               3,2024-01-07,M7,c@x.jp,600\n3,2024-01-07,,c@x.jp,600\n";
    let data = read(&[("shop.csv", csv)]);
    assert_eq!(data.dataset.orders.date.len(), 3);
    let q = &data.quality.order_checks;
    assert_eq!(q.conflicts, 2);
    assert_eq!(
        english(&q.conflict_examples),
        [
            ("shop.csv".to_string(), 2, 4, "another date".to_string()),
            ("shop.csv".to_string(), 5, 6, "another customer".to_string())
        ]
    );
    let summary = kokyaku_core::report::SummaryReport::new(&data, None);
    assert!(
        summary.order_notes[0].starts_with("2 orders had rows that disagree"),
        "{:?}",
        summary.order_notes
    );
}

#[test]
fn order_ids_that_other_stores_reuse_are_different_orders_and_only_copies_count_once() {
    // Store A and store B both have an order #1113 with other dates and customers: two orders. Order #1114
    // is in both files with the same date and customer (a re-export): once, as A had it, although B's
    // total differs (noted). Order #1115 in B has member id 42 where A had 00042 (Excel dropped the zeros):
    // the same customer, so a copy.
    let a = "order_id,order_date,customer_id,order_total\n\
             #1113,2024-01-05,10,1000\n#1114,2024-01-06,11,2000\n#1115,2024-01-07,00042,3000\n";
    let b = "order_id,order_date,customer_id,order_total\n\
             #1113,2024-02-10,20,5000\n#1114,2024-01-06,11,2100\n#1115,2024-01-07,42,3000\n\
             #1113,2024-02-10,20,5000\n";
    let data = read(&[("store-a.csv", a), ("store-b.csv", b)]);
    assert_eq!(
        orders(&data),
        owned(&[
            ("00042", "2024-01-07", 3000),
            ("10", "2024-01-05", 1000),
            ("11", "2024-01-06", 2000),
            ("20", "2024-02-10", 5000)
        ])
    );
    // B's last row rejoins B's own #1113 (a repeated row), not A's.
    assert_eq!(data.quality.duplicate_orders, 2);
    assert_eq!(data.quality.files[1].duplicate_rows, 2);
    let q = &data.quality.order_checks;
    assert_eq!(q.reused_ids, 1);
    assert_eq!(
        q.reused_examples,
        [(
            "#1113".to_string(),
            "store-a.csv".to_string(),
            "store-b.csv".to_string()
        )]
    );
    assert_eq!(
        english(&q.conflict_examples),
        [(
            "store-b.csv".to_string(),
            3,
            3,
            "another total than its copy in store-a.csv".to_string()
        )]
    );
    // A third file with A's #1113 again is a copy of A's, not of B's.
    let c = "order_id,order_date,customer_id,order_total\n#1113,2024-01-05,10,1000\n";
    let data = read(&[("store-a.csv", a), ("store-b.csv", b), ("again.csv", c)]);
    assert_eq!(data.dataset.orders.date.len(), 4);
    assert_eq!(data.quality.files[2].duplicate_rows, 1);
}

#[test]
fn refunds_are_not_purchases_and_net_against_revenue() {
    // a: purchases 3000 (Jan 10) and 2000 (Feb 10); R1, a credit note of −2000 on Feb 20, returns the Feb
    // order in full, so a has one purchase of 3000. b: 1000 refunded 1500 is worth −500 with no earlier
    // purchase of b: left out. c: 800 refunded 800 is refunded in full: not a purchase. d: 5000 then a
    // partial return of −1200 (R2): one purchase of 3800.
    let csv = "order_id,order_date,email,order_total,refunded\n\
               1,2024-01-10,a@x.jp,3000,\n2,2024-02-10,a@x.jp,2000,\nR1,2024-02-20,a@x.jp,-2000,\n\
               3,2024-01-10,b@x.jp,1000,1500\n\
               4,2024-03-01,c@x.jp,800,800\n\
               5,2024-01-15,d@x.jp,5000,\nR2,2024-03-02,d@x.jp,-1200,\n";
    let data = read(&[("refunds.csv", csv)]);
    assert_eq!(
        orders(&data),
        owned(&[
            ("a@x.jp", "2024-01-10", 3000),
            ("d@x.jp", "2024-01-15", 3800)
        ])
    );
    let q = &data.quality.order_checks;
    assert_eq!(q.fully_refunded, 1);
    assert_eq!((q.refunds_netted, q.refunds_netted_minor), (3, 3700));
    assert_eq!(q.purchases_refunded, 1);
    assert_eq!((q.refunds_unmatched, q.refunds_unmatched_minor), (1, 500));
    let summary = kokyaku_core::report::SummaryReport::new(&data, None);
    assert_eq!(
        summary.order_notes,
        [
            "1 order was refunded in full, not counted as purchases.",
            "3 refunds (orders worth less than nothing, ¥3,700 in all) were netted against the same customer's earlier purchases; 1 purchase refunded to zero no longer counts as a purchase.",
            "1 refund (¥500) had no earlier purchase of the same customer to net against, so it was left out of every figure."
        ]
    );
}
