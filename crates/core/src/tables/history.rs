//! Historical LTV tables: overall, by acquisition cohort and by first-order product.

use super::{float_cell, Table};
use crate::analysis::history::{History, LtvAt};

/// Overall: `horizon_days, eligible, total_minor, mean_minor` (mean empty when nobody is eligible).
pub fn overall(h: &History) -> Table {
    Table::new(&["horizon_days", "eligible", "total_minor", "mean_minor"])
        .with_rows(h.overall.iter().map(ltv_cells))
}

/// By cohort month: `cohort, customers, horizon_days, eligible, total_minor, mean_minor`.
pub fn by_cohort(h: &History) -> Table {
    let rows = h.by_cohort.iter().flat_map(|c| {
        c.ltv.iter().map(|x| {
            let mut row = vec![c.month.clone(), c.customers.to_string()];
            row.extend(ltv_cells(x));
            row
        })
    });
    Table::new(&[
        "cohort",
        "customers",
        "horizon_days",
        "eligible",
        "total_minor",
        "mean_minor",
    ])
    .with_rows(rows)
}

/// By first-order product: `product_id, product_name, customers, horizon_days, eligible, total_minor,
/// mean_minor`.
pub fn by_first_product(h: &History) -> Table {
    let rows = h.by_first_product.iter().flat_map(|p| {
        p.ltv.iter().map(|x| {
            let mut row = vec![
                p.product_id.clone(),
                p.name.clone(),
                p.customers.to_string(),
            ];
            row.extend(ltv_cells(x));
            row
        })
    });
    Table::new(&[
        "product_id",
        "product_name",
        "customers",
        "horizon_days",
        "eligible",
        "total_minor",
        "mean_minor",
    ])
    .with_rows(rows)
}

fn ltv_cells(x: &LtvAt) -> Vec<String> {
    vec![
        x.horizon_days.to_string(),
        x.eligible.to_string(),
        x.total_minor.to_string(),
        float_cell(x.mean_minor),
    ]
}
