//! Sums of money never wrap. Each order is at most 10^12 currency units, but many of them can add up to more
//! minor units than an `i64` holds (92,234 orders of a trillion dollars do): ingestion then stops with an error
//! that says so, and below that bound every analysis sums exactly (run in debug builds, whose overflow checks
//! would panic on any wrap).

use kokyaku_core::analysis::{cohort, cpm, history, ltv, repeat, rfm, summary};
use kokyaku_core::ingest::{ingest_files, IngestOptions};
use kokyaku_core::segment::{self, CustomerTable, TableParams};

/// `n` USD orders of $999,999,999,999.99 each (10^14 − 1 cents), from 1,000 customers over two years.
fn big_orders(n: u64) -> String {
    let mut csv =
        String::from("order_id,order_date,customer_id,order_total,currency,product_name\n");
    for i in 0..n {
        let month = i % 24;
        csv.push_str(&format!(
            "{i},{}-{:02}-{:02},c{},999999999999.99,USD,Yacht\n",
            2023 + month / 12,
            month % 12 + 1,
            i % 28 + 1,
            i % 1000
        ));
    }
    csv
}

const ORDER_MINOR: i64 = 99_999_999_999_999;

#[test]
fn orders_whose_values_add_up_past_i64_are_an_error_not_a_wrapped_sum() {
    // 92,234 × (10^14 − 1) = 9,223,399,999,999,907,766 > i64::MAX = 9,223,372,036,854,775,807.
    let csv = big_orders(92_234);
    let error = ingest_files(IngestOptions::default(), [("big.csv", csv.as_bytes())]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "big.csv: the orders' values add up to more than $92,233,720,368,547,758.07, more than can be summed exactly; check the amount columns, or read fewer files at once"
    );
}

#[test]
fn orders_that_add_up_just_below_i64_are_summed_exactly_by_every_analysis() {
    // 92,233 × (10^14 − 1) = 9,223,299,999,999,907,767, which fits.
    let n = 92_233;
    let csv = big_orders(n);
    let data = ingest_files(IngestOptions::default(), [("big.csv", csv.as_bytes())]).unwrap();
    let ds = &data.dataset;
    let total = 9_223_299_999_999_907_767_i64;
    assert_eq!(i128::from(total), i128::from(ORDER_MINOR) * i128::from(n));

    let s = summary::summarize(ds, None);
    assert_eq!((s.orders, s.revenue_minor), (n, total));
    let r = rfm::rfm(ds, None, &Default::default());
    assert_eq!(r.customers.len(), 1000);
    // Customers c0–c232 have 93 orders, the others 92.
    let top = r.customers.iter().map(|c| c.monetary_minor).max().unwrap();
    assert_eq!(top, 93 * ORDER_MINOR);
    let g = cpm::cpm(ds, None, &Default::default());
    assert_eq!(g.groups.iter().map(|g| g.revenue_minor).sum::<i64>(), total);
    let c = cohort::cohorts(ds, None, cohort::Granularity::Month);
    assert_eq!(c.rows.iter().map(|r| r.revenue_minor).sum::<i64>(), total);
    repeat::repeat(ds, None, &Default::default());
    history::history(ds, None, &Default::default());
    let l = ltv::predictive_ltv(ds, None, &Default::default());
    let table = CustomerTable::new(ds, None, &TableParams::default(), Some(&l));
    let everyone = segment::select(&Default::default(), &table, ds).unwrap();
    assert_eq!(everyone.revenue_minor, total);
}
