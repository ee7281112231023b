//! One customer is one customer: guest orders and member orders of the same person, keys written in
//! different ways, placeholders and Excel's damage, on small exports whose figures are worked out by hand in
//! the comments.

use kokyaku_core::analysis::summary::summarize;
use kokyaku_core::ingest::{ingest_files, IngestOptions, Ingested};

fn read(files: &[(&str, &str)]) -> Ingested {
    ingest_files(
        IngestOptions::default(),
        files.iter().map(|(name, text)| (*name, text.as_bytes())),
    )
    .unwrap()
}

/// Each customer's key, order count and revenue, in key order.
fn customers(data: &Ingested) -> Vec<(String, usize, i64)> {
    let ds = &data.dataset;
    let mut out: Vec<(String, usize, i64)> = (0..ds.customer_count() as u32)
        .map(|c| {
            let orders = ds.customer_orders(c);
            let revenue = ds.orders.value[orders.clone()].iter().sum();
            (
                ds.customer_keys[c as usize].to_string(),
                orders.len(),
                revenue,
            )
        })
        .collect();
    out.sort();
    out
}

const HEADER: &str = "order_id,order_date,customer_id,email,phone,order_total\n";

#[test]
fn a_guest_becomes_the_member_with_the_same_e_mail_or_phone_and_placeholders_are_no_key() {
    let csv = format!(
        "{HEADER}\
         1,2024-01-05,,hanako@example.jp,,1000\n\
         2,2024-02-01,7,hanako@example.jp,090-1111-2222,2000\n\
         3,2024-03-01,7,,,3000\n\
         4,2024-03-05,,taro@example.jp,+81 90 1111 2222,500\n\
         5,2024-03-06,0,jiro@example.jp,,700\n\
         6,2024-03-07,0,saburo@example.jp,,800\n\
         7,2024-03-08,-,N/A,0000000000,900\n\
         8,2024-03-09,,MAILTO:Jiro@Example.jp\u{200B},,100\n"
    );
    let data = read(&[("shop.csv", &csv)]);
    // Order 1 (a guest) shares hanako@ with member 7 (order 2); order 4 (a guest) shares 090-1111-2222,
    // written +81, with member 7: orders 1–4 are member 7's, ¥6,500. Member id 0 is a placeholder, so orders
    // 5 and 6 are keyed by their e-mails (not one customer "0"), and order 8's cleaned address is jiro@'s.
    // Order 7 has only placeholders: no customer.
    assert_eq!(
        customers(&data),
        [
            ("7".to_string(), 4, 6500),
            ("jiro@example.jp".to_string(), 2, 800),
            ("saburo@example.jp".to_string(), 1, 800),
        ]
    );
    let s = summarize(&data.dataset, None);
    assert_eq!((s.customers, s.orders, s.revenue_minor), (3, 7, 8100));
    let q = &data.quality;
    assert_eq!(
        (q.orders_without_customer, q.revenue_without_customer_minor),
        (1, 900)
    );
    // The latest e-mail and phone of the linked customer: taro@ from order 4 (2024-03-05).
    let seven = data
        .dataset
        .customer_keys
        .iter()
        .position(|k| k == "7")
        .unwrap();
    assert_eq!(data.dataset.contacts.email(seven), Some("taro@example.jp"));
    assert_eq!(data.dataset.contacts.phone(seven), Some("09011112222"));
    // What was done, counted: customer_id 0 twice and - once, e-mail N/A, phone 0000000000 (read as
    // order 7's last key to try); one key cleaned; two guest keys linked.
    let k = &q.keys;
    assert_eq!(k.placeholder_cells, 5);
    assert_eq!(
        k.placeholders,
        [
            ("customer_id".to_string(), "0".to_string(), 2),
            // Order 7's e-mail is read before its customer id.
            ("email".into(), "N/A".into(), 1),
            ("customer_id".into(), "-".into(), 1),
            ("phone".into(), "0000000000".into(), 1),
        ]
    );
    assert_eq!(k.normalised_rows, 1);
    assert_eq!(
        k.normalised[0],
        (
            "email".to_string(),
            "MAILTO:Jiro@Example.jp\u{200B}".to_string(),
            "jiro@example.jp".to_string()
        )
    );
    assert_eq!(k.linked, 2);
    assert_eq!(
        k.linked_examples,
        [
            ("hanako@example.jp".to_string(), "7".to_string()),
            ("taro@example.jp".into(), "7".into())
        ]
    );
    assert_eq!(k.ambiguous, 0);
    let notes = k.notes();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[2].starts_with("2 customer keys were linked into another customer"));
}

#[test]
fn an_e_mail_shared_by_two_members_never_joins_them() {
    // Members 11 and 12 share family@ (a family address); the guest order with it goes to the member read
    // first, 11. Two customers, one refused link.
    let csv = format!(
        "{HEADER}\
         1,2024-01-01,11,family@example.jp,,100\n\
         2,2024-01-02,12,family@example.jp,,200\n\
         3,2024-01-03,,family@example.jp,,300\n"
    );
    let data = read(&[("family.csv", &csv)]);
    assert_eq!(
        customers(&data),
        [("11".to_string(), 2, 400), ("12".to_string(), 1, 200)]
    );
    let k = &data.quality.keys;
    assert_eq!((k.linked, k.ambiguous), (1, 1));
    assert_eq!(k.ambiguous_examples, [("11".to_string(), "12".to_string())]);
}

#[test]
fn guests_with_the_same_phone_are_one_customer_even_after_excel_dropped_its_zero() {
    // 03-1234-5678 and 312345678 (Excel took it for a number) are one number: one customer, keyed by the
    // first guest's address.
    let csv = format!(
        "{HEADER}\
         1,2024-01-01,,a@example.jp,03-1234-5678,100\n\
         2,2024-02-01,,b@example.jp,312345678,200\n\
         3,2024-03-01,,c@example.jp,,400\n"
    );
    let data = read(&[("guests.csv", &csv)]);
    assert_eq!(
        customers(&data),
        [
            ("a@example.jp".to_string(), 2, 300),
            ("c@example.jp".to_string(), 1, 400)
        ]
    );
}

#[test]
fn ids_that_lost_their_leading_zeros_in_one_export_still_match() {
    // The same orders and member in two overlapping exports, the second through Excel: order 00042 is
    // order 42 (counted once) and member 000123 is member 123, shown as first read.
    let first = format!("{HEADER}00041,2024-01-01,000123,,,100\n00042,2024-01-02,000123,,,200\n");
    let second = format!("{HEADER}42,2024-01-02,123,,,200\n43,2024-01-03,123,,,400\n");
    let data = read(&[("first.csv", &first), ("second.csv", &second)]);
    assert_eq!(customers(&data), [("000123".to_string(), 3, 700)]);
    assert_eq!(data.quality.duplicate_orders, 1);
}

#[test]
fn ids_in_excel_scientific_notation_are_rejected_with_the_reason() {
    let csv = format!(
        "{HEADER}\
         1.23457E+11,2024-01-01,5,,,100\n\
         2,2024-01-02,4.5E+12,,,200\n\
         3,2024-01-03,5,,,400\n"
    );
    let data = read(&[("excel.csv", &csv)]);
    assert_eq!(customers(&data), [("5".to_string(), 1, 400)]);
    let reasons: Vec<(u64, String)> = data
        .quality
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.to_string()))
        .collect();
    let reasons: Vec<(u64, &str)> = reasons.iter().map(|(l, r)| (*l, r.as_str())).collect();
    assert_eq!(
        reasons,
        [
            (2, "the order_id '1.23457E+11' is a number Excel wrote in scientific notation, which lost its last digits; export the file again and open it in Excel only with that column as text"),
            (3, "the customer_id '4.5E+12' is a number Excel wrote in scientific notation, which lost its last digits; export the file again and open it in Excel only with that column as text"),
        ]
    );
}

#[test]
fn a_customer_id_mapped_by_hand_is_used_by_every_preset() {
    // A Shopify export keys customers by e-mail; a customer id column the user maps is used first, and the
    // guest order with the member's address joins the member.
    let csv = "Name,Email,Financial Status,Created at,Lineitem name,Lineitem quantity,Lineitem price,Total,Customer ID\n\
               #1,a@example.jp,paid,2024-01-01 10:00:00 +0900,Tea,1,1000,1000,\n\
               #2,a@example.jp,paid,2024-02-01 10:00:00 +0900,Tea,1,1000,1000,77\n\
               #3,b@example.jp,paid,2024-03-01 10:00:00 +0900,Tea,1,500,500,77\n";
    let options = IngestOptions {
        mapping: vec![(
            kokyaku_core::ingest::Field::CustomerId,
            "Customer ID".to_string(),
        )],
        ..IngestOptions::default()
    };
    let data = ingest_files(options, [("shopify.csv", csv.as_bytes())]).unwrap();
    assert_eq!(customers(&data), [("77".to_string(), 3, 2500)]);
}
