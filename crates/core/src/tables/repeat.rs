//! Repeat tables: F2 conversion, days to the second and third order, conversion by first product, and
//! subscription retention.

use super::{float_cell, Table};
use crate::analysis::repeat::Repeat;

/// F2 conversion: `window_days, eligible, converted, rate` (rate empty when nobody is eligible).
pub fn f2(r: &Repeat) -> Table {
    Table::new(&["window_days", "eligible", "converted", "rate"]).with_rows(r.f2.iter().map(|f| {
        vec![
            f.window_days.to_string(),
            f.eligible.to_string(),
            f.converted.to_string(),
            float_cell(f.rate),
        ]
    }))
}

/// The histograms of days to the second and third order: `order, from_days, to_days, customers` (`to_days`
/// empty for the open last bin).
pub fn days_to_next(r: &Repeat) -> Table {
    let rows = [(2, &r.days_to_second), (3, &r.days_to_third)]
        .into_iter()
        .flat_map(|(n, d)| {
            d.histogram.iter().map(move |b| {
                vec![
                    n.to_string(),
                    b.from_days.to_string(),
                    b.to_days.map(|t| t.to_string()).unwrap_or_default(),
                    b.customers.to_string(),
                ]
            })
        });
    Table::new(&["order", "from_days", "to_days", "customers"]).with_rows(rows)
}

/// F2 conversion by first-order product: `product_id, product_name, customers, eligible, converted, rate`.
pub fn products(r: &Repeat) -> Table {
    Table::new(&[
        "product_id",
        "product_name",
        "customers",
        "eligible",
        "converted",
        "rate",
    ])
    .with_rows(r.products.rows.iter().map(|p| {
        vec![
            p.product_id.clone(),
            p.name.clone(),
            p.customers.to_string(),
            p.eligible.to_string(),
            p.converted.to_string(),
            float_cell(p.rate),
        ]
    }))
}

/// Subscription retention (定期推移表): `start_month, subscribers, order, reached, share`, one row per start
/// month and subscription order (1st, 2nd, …).
pub fn subscriptions(r: &Repeat) -> Table {
    let rows = r.subscriptions.cohorts.iter().flat_map(|c| {
        c.reached
            .iter()
            .zip(&c.share)
            .enumerate()
            .map(|(i, (n, s))| {
                vec![
                    c.start_month.clone(),
                    c.subscribers.to_string(),
                    (i + 1).to_string(),
                    n.to_string(),
                    float_cell(Some(*s)),
                ]
            })
    });
    Table::new(&["start_month", "subscribers", "order", "reached", "share"]).with_rows(rows)
}
