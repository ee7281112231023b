//! Customers tables (one row per customer): read with their rejects, and giving the per-customer figures
//! that the orders they sum up give.

use kokyaku_core::analysis::cpm::{cpm, CpmParams};
use kokyaku_core::analysis::ltv::summary::{calibration_summary, SummaryParams};
use kokyaku_core::analysis::rfm::{rfm, RfmParams};
use kokyaku_core::ingest::{
    ingest_files, CellSink, CustomerTableReader, CustomerValue, FiguresProblem, IngestErrorKind,
    RejectReason,
};
use kokyaku_core::{Dataset, IngestOptions, Ingested};

/// Five customers' orders: a buys three times on two days, b twice, c once, d (a guest) once, e twice on
/// one day.
const ORDERS: &str = "order_id,order_date,customer_id,email,order_total,product_name,channel\n\
    1,2024-01-05,A1,a@example.jp,1000,Tea,web\n\
    2,2024-03-01,A1,a@example.jp,500,Miso,web\n\
    3,2024-03-01,A1,a@example.jp,700,Tea,web\n\
    4,2024-02-10,B2,b@example.jp,3000,Miso,line\n\
    5,2024-06-20,B2,b@example.jp,2500,Tea,line\n\
    6,2024-04-01,C3,c@example.jp,800,Tea,\n\
    7,2024-05-05,,Guest@Example.jp,1200,Honey,web\n\
    8,2024-06-29,E5,e@example.jp,400,Tea,web\n\
    9,2024-06-29,E5,e@example.jp,600,Miso,web\n";

/// The same customers summed up by hand, in another order, the guest keyed by the e-mail as written.
const CUSTOMERS: &str = "customer_key,first_order_date,last_order_date,orders,revenue,order_days,first_day_revenue,first_product,email,channel\n\
    C3,2024-04-01,2024-04-01,1,800,1,800,Tea,c@example.jp,\n\
    A1,2024-01-05,2024-03-01,3,2200,2,1000,Tea,a@example.jp,web\n\
    B2,2024-02-10,2024-06-20,2,5500,2,3000,Miso,b@example.jp,line\n\
    Guest@Example.jp,2024-05-05,2024-05-05,1,1200,1,1200,Honey,guest@example.jp,web\n\
    E5,2024-06-29,2024-06-29,2,1000,1,1000,Tea,e@example.jp,web\n";

fn customers(csv: &str) -> Ingested {
    let mut reader = CustomerTableReader::new(IngestOptions::default()).unwrap();
    reader.begin_file("customers.csv").unwrap();
    // In small chunks, as a file streams.
    for chunk in csv.as_bytes().chunks(7) {
        reader.push(chunk).unwrap();
    }
    reader.finish().unwrap()
}

fn orders() -> Dataset {
    ingest_files(
        IngestOptions::default(),
        [("orders.csv", ORDERS.as_bytes())],
    )
    .unwrap()
    .dataset
}

/// A customer's key in a dataset.
fn key(ds: &Dataset, c: u32) -> String {
    ds.customer_keys[c as usize].to_string()
}

#[test]
fn rfm_and_cpm_of_the_table_equal_those_of_its_orders() {
    let (table, ds) = (customers(CUSTOMERS).dataset, orders());
    assert!(table.is_customer_table());
    assert_eq!(table.customer_count(), 5);
    let rfm_of = |ds: &Dataset| {
        let mut rows: Vec<_> = rfm(ds, None, &RfmParams::default())
            .customers
            .into_iter()
            .map(|c| {
                let k = key(ds, c.customer);
                (k, c.recency_days, c.frequency, c.monetary_minor, c.segment)
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    assert_eq!(rfm_of(&table), rfm_of(&ds));
    // As of 2024-06-30, the day after the latest order: a's 2,200 yen over three orders, 121 days ago.
    assert!(rfm_of(&table).contains(&("A1".to_string(), 121, 3, 2200, rfm_of(&ds)[0].4)));
    let cpm_of = |ds: &Dataset| {
        let mut rows: Vec<_> = cpm(ds, None, &CpmParams::default())
            .customers
            .into_iter()
            .map(|c| (key(ds, c.customer), c.group, c.tenure_days, c.idle_days))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    assert_eq!(cpm_of(&table), cpm_of(&ds));
}

#[test]
fn the_models_see_the_same_transactions_and_repeat_values() {
    let (table, ds) = (customers(CUSTOMERS).dataset, orders());
    let summary_of = |ds: &Dataset| {
        let s = calibration_summary(ds, None, &SummaryParams::default());
        let mut rows: Vec<_> = s
            .customers
            .iter()
            .map(|c| {
                let k = key(ds, c.customer);
                (k, c.x, c.t_x, c.t_cal, c.mean_repeat_value_minor)
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    let (from_table, from_orders) = (summary_of(&table), summary_of(&ds));
    assert_eq!(from_table, from_orders);
    // a: one repeat day (2024-03-01, 1,200 yen); e: two orders on one day are one transaction, no repeat.
    let a = &from_table[0];
    assert_eq!((a.1, a.4), (1, Some(1200.0)));
    let e = from_table.iter().find(|r| r.0 == "E5").unwrap();
    assert_eq!((e.1, e.4), (0, None));
}

#[test]
fn without_the_optional_columns_every_order_is_a_transaction_and_the_spend_is_the_mean_order() {
    let csv = "customer_key,first_order_date,last_order_date,orders,revenue\n\
               A1,2024-01-05,2024-03-01,3,2200\n\
               E5,2024-06-29,2024-06-29,2,1000\n";
    let table = customers(csv).dataset;
    let facts = table.facts.as_deref().unwrap();
    assert_eq!(
        (facts.order_days.as_ref(), facts.first_day_revenue.as_ref()),
        (None, None)
    );
    let s = calibration_summary(&table, None, &SummaryParams::default());
    // a: 3 orders, 2 repeats, at 2,200 / 3 each; e: orders on one day are no repeat.
    assert_eq!(s.customers[0].x, 2);
    assert!((s.customers[0].mean_repeat_value_minor.unwrap() - 2200.0 / 3.0).abs() < 1e-9);
    assert_eq!(s.customers[1].x, 0);
}

#[test]
fn rows_that_cannot_be_used_are_rejected_with_their_line_and_reason() {
    let csv = "\u{FEFF}customer_key,first_order_date,last_order_date,orders,revenue,order_days\n\
               A1,2024-01-05,2024-03-01,3,2200,2\n\
               ,2024-01-05,2024-03-01,3,2200,2\n\
               B2,2024-13-05,2024-03-01,3,2200,2\n\
               C3,2024-01-05,2024-03-01,0,2200,1\n\
               D4,2024-01-05,2024-03-01,3,12.5,2\n\
               E5,2024-03-05,2024-03-01,3,2200,2\n\
               F6,2024-01-05,2024-03-01,3,2200,4\n\
               G7,2024-01-05,2024-01-05,3,2200,2\n\
               A1,2024-01-05,2024-03-01,3,2200,2\n";
    let read = customers(csv);
    let q = &read.quality;
    assert_eq!((q.rows_read, q.rows_rejected), (9, 8));
    assert_eq!(read.dataset.customer_count(), 1);
    let rejects: Vec<(u64, RejectReason)> = q
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect();
    let cell = |column: &str, cell: &str, expected| RejectReason::CustomerCell {
        column: column.into(),
        cell: cell.into(),
        expected,
    };
    let figures = |problem| RejectReason::CustomerFigures { problem };
    assert_eq!(
        rejects,
        [
            (3, cell("customer_key", "", CustomerValue::Key)),
            (
                4,
                cell("first_order_date", "2024-13-05", CustomerValue::Date)
            ),
            (5, cell("orders", "0", CustomerValue::Count)),
            // Yen have no decimals.
            (6, cell("revenue", "12.5", CustomerValue::Amount)),
            (7, figures(FiguresProblem::LastBeforeFirst)),
            (8, figures(FiguresProblem::MoreDaysThanOrders)),
            (9, figures(FiguresProblem::DaysOnOneDay)),
            (
                10,
                RejectReason::DuplicateCustomer {
                    key: "A1".into(),
                    first_line: 2
                }
            ),
        ]
    );
    assert_eq!(rejects[7].1.to_string(), "customer A1 is already on line 2");
}

#[test]
fn an_order_export_is_not_a_customers_table() {
    let mut reader = CustomerTableReader::new(IngestOptions::default()).unwrap();
    reader.begin_file("orders.csv").unwrap();
    let e = reader
        .push(ORDERS.as_bytes())
        .and_then(|_| reader.end_file())
        .unwrap_err();
    assert_eq!(e.file, "orders.csv");
    assert!(matches!(e.kind, IngestErrorKind::Mapping(_)), "{e}");
    assert!(
        e.to_string()
            .contains("has no column customer_key, first_order_date"),
        "{e}"
    );
}

#[test]
fn segment_fields_that_need_orders_are_empty_and_said_to_be() {
    use kokyaku_core::segment::{CustomerTable, Field, TableParams};
    let table = customers(CUSTOMERS).dataset;
    let rows = CustomerTable::new(&table, None, &TableParams::default(), None);
    assert_eq!(rows.rows.len(), 5);
    let b = rows
        .rows
        .iter()
        .find(|r| key(&table, r.customer) == "B2")
        .unwrap();
    assert_eq!(table.products[b.first_products[0] as usize].name, "Miso");
    assert!(b.products.is_empty());
    assert_eq!(table.first_channel(b.customer), Some("line"));
    let warnings = rows.empty_field_warnings(&[Field::Products, Field::Recency]);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].values, ["products"]);
}
