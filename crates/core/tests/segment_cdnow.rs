//! Segments over the predicted fields on the CDNOW sample: the conditions on P(alive), expected orders and
//! CLV select exactly the customers whose predictions (from `predictive_ltv`, fitted to convergence) meet
//! them, with amounts read in dollars and compared in cents.

use kokyaku_core::analysis::ltv::{predictive_ltv, LtvParams, PredictiveLtv};
use kokyaku_core::ingest::{ingest_files, Field as Column, IngestOptions};
use kokyaku_core::segment::{select, CustomerTable, TableParams};
use kokyaku_core::Dataset;

const CDNOW: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/cdnow/cdnow_sample_orders.csv"
);

fn dataset() -> Dataset {
    let bytes = std::fs::read(CDNOW).expect("the CDNOW sample in tests/data");
    let options = IngestOptions {
        mapping: vec![(Column::OrderTotal, "amount_usd".into())],
        ..Default::default()
    };
    ingest_files(options, [("cdnow.csv", bytes.as_slice())])
        .unwrap()
        .dataset
}

fn count(
    ltv: &PredictiveLtv,
    keep: impl Fn(&kokyaku_core::analysis::ltv::CustomerLtv) -> bool,
) -> u64 {
    ltv.customers.iter().filter(|c| keep(c)).count() as u64
}

#[test]
fn predicted_fields_select_the_customers_their_predictions_put_there() {
    let ds = dataset();
    let ltv = predictive_ltv(&ds, None, &LtvParams::default());
    assert!(ltv.transactions.converged() && ltv.spend.converged());
    let table = CustomerTable::new(&ds, None, &TableParams::default(), Some(&ltv));
    assert!(table.has_ltv);
    assert_eq!(table.rows.len(), 2357);
    let selected = |q: &str| select(&q.parse().unwrap(), &table, &ds).unwrap().customers;

    let low = selected("p_alive < 30%");
    assert_eq!(low, count(&ltv, |c| c.p_alive.is_some_and(|p| p < 0.3)));
    assert!(low > 100 && low < 2357, "{low}");
    assert_eq!(
        selected("p_alive >= 0.3"),
        count(&ltv, |c| c.p_alive.is_some_and(|p| p >= 0.3))
    );
    assert_eq!(
        selected("clv >= 49.99"),
        count(&ltv, |c| c.clv_minor.is_some_and(|v| v >= 4999.0))
    );
    assert_eq!(
        selected("expected_orders > 1.5 and frequency >= 3"),
        ltv.customers
            .iter()
            .zip(&table.rows)
            .filter(|(c, r)| c.expected_transactions.is_some_and(|e| e > 1.5) && r.frequency >= 3)
            .count() as u64
    );
}
