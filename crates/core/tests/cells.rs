//! Cells as database dumps, Excel and Japanese back offices write them: `NULL` for no value, two columns of
//! the same name, dates in the Japanese era.

use kokyaku_core::analysis::summary::summarize;
use kokyaku_core::ingest::{ingest_files, IngestOptions, Ingested};
use kokyaku_core::Lang;

fn read(csv: &str) -> Ingested {
    ingest_files(IngestOptions::default(), [("cells.csv", csv.as_bytes())]).unwrap()
}

#[test]
fn null_cells_of_sql_dumps_are_empty_in_every_column() {
    // Without that, NULL in the refunded column would reject rows 1 and 2 as unreadable amounts, and the
    // customer id NULL would be counted as a placeholder: here the e-mails key the customers, nothing is
    // refunded, and nothing is rejected. ¥1,000 + ¥2,000 + ¥500.
    let csv = "order_id,order_date,customer_id,email,order_total,refunded,product_name\n\
               1,2024-01-05,NULL,a@example.jp,1000,NULL,Tea\n\
               2,2024-01-06,\\N,b@example.jp,2000,\\N,Tea\n\
               3,2024-01-07,(null),a@example.jp,500,null,(NULL)\n";
    let data = read(csv);
    assert_eq!(data.quality.rows_rejected, 0, "{:?}", data.quality.rejects);
    assert_eq!(data.quality.keys.placeholder_cells, 0);
    let s = summarize(&data.dataset, None);
    assert_eq!((s.customers, s.orders, s.revenue_minor), (2, 3, 3500));
    assert_eq!(data.dataset.customer_keys[0].to_string(), "a@example.jp");
}

#[test]
fn two_columns_of_one_name_are_read_from_the_first_and_noted() {
    // The second 'email' column (a shipping address's) is not the customer's: the first one is read.
    let csv = "order_id,order_date,email,order_total,email\n\
               1,2024-01-05,buyer@example.jp,1000,gift@example.jp\n\
               2,2024-01-06,buyer@example.jp,500,other@example.jp\n";
    let data = read(csv);
    assert_eq!(data.dataset.customer_count(), 1);
    assert_eq!(
        data.dataset.customer_keys[0].to_string(),
        "buyer@example.jp"
    );
    assert!(data.quality.files[0].notes_in(Lang::En).contains(
        &"Columns 3, 5 are all named 'email': email is read from column 3, the first of them."
            .to_string()
    ));
}

#[test]
fn japanese_era_dates_are_read_as_their_gregorian_day() {
    let csv = "order_id,order_date,email,order_total\n\
               1,令和6年1月5日,a@example.jp,1000\n\
               2,R6.2.1,a@example.jp,1000\n\
               3,H31.4.30 10:00,b@example.jp,1000\n\
               4,平成元年5月1日,b@example.jp,1000\n";
    let data = read(csv);
    // 平成元年 is 1989, before the first plausible order date (1990-01-01): rejected as such.
    assert_eq!(data.quality.rows_rejected, 1);
    assert!(data.quality.rejects[0]
        .reason
        .to_string()
        .contains("1989-05-01"));
    let s = summarize(&data.dataset, None);
    assert_eq!(s.first_order_date.unwrap().to_string(), "2019-04-30");
    assert_eq!(s.last_order_date.unwrap().to_string(), "2024-02-01");
    assert_eq!(s.orders, 3);
}

#[test]
fn orders_whose_payment_failed_or_is_pending_are_not_purchases_in_a_generic_export() {
    // WooCommerce- and Stripe-style statuses: orders 1 (completed) and 6 (partially refunded, ¥300 kept of
    // ¥800) count: 2 orders, ¥1,300 for a@. Failed, pending, on-hold and 未入金 orders never completed (4);
    // the fully refunded order 7 is a return (1 cancelled). A status that merely contains "pending" in
    // another word is not one of them: order 8 counts for b@.
    let csv = "order_id,order_date,email,order_total,refunded,status\n\
               1,2024-01-05,a@example.jp,1000,,wc-completed\n\
               2,2024-01-06,a@example.jp,2000,,Failed\n\
               3,2024-01-07,a@example.jp,3000,,Pending payment\n\
               4,2024-01-08,a@example.jp,4000,,wc-on-hold\n\
               5,2024-01-09,a@example.jp,5000,,未入金\n\
               6,2024-01-10,a@example.jp,800,500,partially_refunded\n\
               7,2024-01-11,a@example.jp,700,700,refunded\n\
               8,2024-01-12,b@example.jp,900,,shipped (was pending review)\n";
    let data = read(csv);
    let s = summarize(&data.dataset, None);
    assert_eq!((s.customers, s.orders, s.revenue_minor), (2, 3, 2200));
    assert_eq!(
        (
            data.quality.incomplete_orders,
            data.quality.cancelled_orders
        ),
        (4, 1)
    );
}

#[test]
fn uci_online_retail_and_stripe_headers_are_recognised() {
    // The UCI Online Retail layout: one row per invoice line, InvoiceNo groups them; Quantity × UnitPrice
    // values an invoice without a total: 536365 is 2 × 2.55 + 1 × 3.39 = 8.49 (GBP, chosen).
    let uci = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
               536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-01 08:26,2.55,17850,United Kingdom\n\
               536365,71053,WHITE METAL LANTERN,1,2010-12-01 08:26,3.39,17850,United Kingdom\n";
    let options = IngestOptions {
        currency: Some("GBP".into()),
        ..IngestOptions::default()
    };
    let data = ingest_files(options, [("online-retail.csv", uci.as_bytes())]).unwrap();
    let s = summarize(&data.dataset, None);
    assert_eq!((s.customers, s.orders, s.revenue_minor), (1, 1, 849));
    assert_eq!(data.dataset.products[0].id, "85123A");

    // Stripe's payments export: a refunded amount lowers the value; a failed payment is not a purchase.
    let stripe =
        "id,Created date (UTC),Amount,Amount Refunded,Currency,Customer ID,Customer Email,Status\n\
                  ch_1,2024-03-01 10:00,20.00,5.00,usd,cus_A,a@example.com,Paid\n\
                  ch_2,2024-03-02 10:00,30.00,0.00,usd,cus_A,a@example.com,Failed\n";
    let data = read(stripe);
    let s = summarize(&data.dataset, None);
    assert_eq!((s.customers, s.orders, s.revenue_minor), (1, 1, 1500));
    assert_eq!(data.quality.incomplete_orders, 1);
}

#[test]
fn a_cancellation_column_of_flags_cancels_only_where_it_says_yes() {
    // A warehouse's boolean column mapped as the cancellation: `false` and `0` are not cancellations; a date
    // and `true` are. Counted: orders 1 and 3, ¥1,000 + ¥300.
    let csv = "order_id,order_date,email,order_total,cancelled_at\n\
               1,2024-01-05,a@example.jp,1000,false\n\
               2,2024-01-06,b@example.jp,2000,2024-01-07\n\
               3,2024-01-07,a@example.jp,300,0\n\
               4,2024-01-08,c@example.jp,500,true\n";
    let data = read(csv);
    assert_eq!(data.dataset.orders.value, [1000, 300]);
    assert_eq!(data.quality.cancelled_orders, 2);
}
