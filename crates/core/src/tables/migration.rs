//! The segment migration table.

use super::Table;
use crate::analysis::migration::Migration;

/// `from_segment, to_segment, customers, revenue_between` (minor units), one row per pair with customers.
pub fn migration(m: &Migration) -> Table {
    Table::new(&["from_segment", "to_segment", "customers", "revenue_between"]).with_rows(
        m.rows.iter().map(|r| {
            vec![
                r.from.to_string(),
                r.to.to_string(),
                r.customers.to_string(),
                r.revenue_between_minor.to_string(),
            ]
        }),
    )
}
