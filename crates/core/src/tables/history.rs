//! Historical LTV tables: overall, by acquisition cohort and by first-order product.

use super::repeat::{PRODUCT_ID, PRODUCT_NAME};
use super::{col, Cell, Column, Table};
use crate::analysis::history::{History, LtvAt};

/// The columns of one horizon's LTV.
const LTV: [Column; 4] = [
    col("horizon_days", "期間（日）", "Horizon (days)"),
    col("eligible", "対象顧客", "Eligible"),
    col("total", "累計売上", "Total revenue"),
    col("mean", "1人あたりLTV", "LTV per customer"),
];

/// `columns` then the LTV's.
pub(super) fn with_ltv(columns: &[Column]) -> Vec<Column> {
    columns.iter().chain(&LTV).copied().collect()
}

/// Overall: `horizon_days, eligible, total, mean` (mean empty when nobody is eligible).
pub fn overall(h: &History) -> Table {
    Table::new(&LTV).with_rows(h.overall.iter().map(ltv_cells))
}

/// By cohort month: `cohort, customers, horizon_days, eligible, total, mean`.
pub fn by_cohort(h: &History) -> Table {
    let rows = h.by_cohort.iter().flat_map(|c| {
        c.ltv.iter().map(|x| {
            let mut row = vec![Cell::text(c.month.clone()), Cell::int(c.customers)];
            row.extend(ltv_cells(x));
            row
        })
    });
    let columns = with_ltv(&[
        col("cohort", "コホート", "Cohort"),
        col("customers", "顧客数", "Customers"),
    ]);
    Table::new(&columns).with_rows(rows)
}

/// By first-order product: `product_id, product_name, customers, horizon_days, eligible, total, mean`.
pub fn by_first_product(h: &History) -> Table {
    let rows = h.by_first_product.iter().flat_map(|p| {
        p.ltv.iter().map(|x| {
            let mut row = vec![
                Cell::text(p.product_id.clone()),
                Cell::text(p.name.clone()),
                Cell::int(p.customers),
            ];
            row.extend(ltv_cells(x));
            row
        })
    });
    let columns = with_ltv(&[
        PRODUCT_ID,
        PRODUCT_NAME,
        col("customers", "初回購入者", "First buyers"),
    ]);
    Table::new(&columns).with_rows(rows)
}

/// The cells of one horizon's LTV.
pub(super) fn ltv_cells(x: &LtvAt) -> Vec<Cell> {
    vec![
        Cell::int(x.horizon_days),
        Cell::int(x.eligible),
        Cell::Money(x.total_minor),
        Cell::mean_money(x.mean_minor),
    ]
}
