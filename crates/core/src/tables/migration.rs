//! The segment migration table.

use super::{col, Cell, Table};
use crate::analysis::migration::{state_names, Migration};

/// A segment or group by its id, with its names; `none` for no order yet.
fn state(id: &'static str) -> Cell {
    Cell::choice(id, state_names(id))
}

/// `from_segment, to_segment, customers, revenue_between`, one row per pair with customers.
pub fn migration(m: &Migration) -> Table {
    Table::new(&[
        col("from_segment", "比較元のセグメント", "From segment"),
        col("to_segment", "比較先のセグメント", "To segment"),
        col("customers", "顧客数", "Customers"),
        col("revenue_between", "期間中の売上", "Revenue between"),
    ])
    .with_rows(m.rows.iter().map(|r| {
        vec![
            state(r.from),
            state(r.to),
            Cell::int(r.customers),
            Cell::Money(r.revenue_between_minor),
        ]
    }))
}
