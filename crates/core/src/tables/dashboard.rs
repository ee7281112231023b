//! Dashboard tables: the key figures of the last complete month compared, and the monthly series.

use super::{float_cell, Table};
use crate::analysis::dashboard::{Compared, Dashboard, Kpis};

/// A cell of a figure that may be missing: whole numbers as they are, floats in their shortest form
/// ([`float_cell`]), empty for `None`.
fn cell<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map_or(String::new(), T::to_string)
}

/// The row of one key figure.
fn figure<T: ToString>(k: &Kpis, kpi: &str, c: &Compared<T>) -> Vec<String> {
    vec![
        kpi.to_string(),
        k.month.clone(),
        cell(&c.value),
        k.previous_month.clone(),
        cell(&c.previous),
        float_cell(c.change),
        k.year_ago_month.clone(),
        cell(&c.year_ago),
        float_cell(c.change_vs_year_ago),
    ]
}

/// The key figures: `kpi, month, value, previous_month, previous, change, year_ago_month, year_ago,
/// change_vs_year_ago`, one row per figure (`active_customers`, `new_customers`, `orders`, `revenue_minor`,
/// `average_order_value_minor`, `repeat_share`); empty cells where a figure is missing. No rows for an empty
/// dataset.
pub fn kpis(d: &Dashboard) -> Table {
    let table = Table::new(&[
        "kpi",
        "month",
        "value",
        "previous_month",
        "previous",
        "change",
        "year_ago_month",
        "year_ago",
        "change_vs_year_ago",
    ]);
    let Some(k) = &d.kpis else {
        return table;
    };
    table.with_rows([
        figure(k, "active_customers", &k.active_customers),
        figure(k, "new_customers", &k.new_customers),
        figure(k, "orders", &k.orders),
        figure(k, "revenue_minor", &k.revenue_minor),
        figure(k, "average_order_value_minor", &k.average_order_value_minor),
        figure(k, "repeat_share", &k.repeat_share),
    ])
}

/// The monthly series: `month, active_customers, new_customers, returning_customers, orders, revenue_minor,
/// new_revenue_minor, repeat_revenue_minor, average_order_value_minor, repeat_share, f2_eligible,
/// f2_converted, f2_rate`, one row per complete month, oldest first.
pub fn months(d: &Dashboard) -> Table {
    Table::new(&[
        "month",
        "active_customers",
        "new_customers",
        "returning_customers",
        "orders",
        "revenue_minor",
        "new_revenue_minor",
        "repeat_revenue_minor",
        "average_order_value_minor",
        "repeat_share",
        "f2_eligible",
        "f2_converted",
        "f2_rate",
    ])
    .with_rows(d.months.iter().map(|m| {
        vec![
            m.month.clone(),
            m.active_customers.to_string(),
            m.new_customers.to_string(),
            m.returning_customers.to_string(),
            m.orders.to_string(),
            m.revenue_minor.to_string(),
            m.new_revenue_minor.to_string(),
            m.repeat_revenue_minor.to_string(),
            float_cell(m.average_order_value_minor),
            float_cell(m.repeat_share),
            m.f2_eligible.to_string(),
            m.f2_converted.to_string(),
            float_cell(m.f2_rate),
        ]
    }))
}
