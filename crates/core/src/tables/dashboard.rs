//! Dashboard tables: the key figures of the last complete month compared, and the monthly series.

use super::{col, Cell, Table};
use crate::analysis::dashboard::{Compared, Dashboard, Kpis};

/// The row of one key figure: its id and names, and its cells made by `cell`.
fn figure<T: Copy>(
    k: &Kpis,
    kpi: &'static str,
    names: (&'static str, &'static str),
    c: &Compared<T>,
    cell: fn(T) -> Cell,
) -> Vec<Cell> {
    let value = |x: Option<T>| x.map_or(Cell::Empty, cell);
    vec![
        Cell::choice(kpi, names),
        Cell::text(k.month.clone()),
        value(c.value),
        Cell::text(k.previous_month.clone()),
        value(c.previous),
        Cell::rate(c.change),
        Cell::text(k.year_ago_month.clone()),
        value(c.year_ago),
        Cell::rate(c.change_vs_year_ago),
    ]
}

/// The key figures: `kpi, month, value, previous_month, previous, change, year_ago_month, year_ago,
/// change_vs_year_ago`, one row per figure (`active_customers`, `new_customers`, `orders`, `revenue`,
/// `average_order_value`, `repeat_share`); empty cells where a figure is missing. No rows for an empty
/// dataset. A change is relative, but the repeat share's is a difference of shares.
pub fn kpis(d: &Dashboard) -> Table {
    let table = Table::new(&[
        col("kpi", "指標", "Figure"),
        col("month", "月", "Month"),
        col("value", "値", "Value"),
        col("previous_month", "前月", "Previous month"),
        col("previous", "前月の値", "Previous"),
        col("change", "前月比", "Change"),
        col("year_ago_month", "前年同月", "Year-ago month"),
        col("year_ago", "前年同月の値", "Year ago"),
        col("change_vs_year_ago", "前年同月比", "Change vs year ago"),
    ]);
    let Some(k) = &d.kpis else {
        return table;
    };
    let count = |n: u64| Cell::int(n);
    table.with_rows([
        figure(
            k,
            "active_customers",
            ("購入者数", "Active customers"),
            &k.active_customers,
            count,
        ),
        figure(
            k,
            "new_customers",
            ("新規顧客数", "New customers"),
            &k.new_customers,
            count,
        ),
        figure(k, "orders", ("注文数", "Orders"), &k.orders, count),
        figure(
            k,
            "revenue",
            ("売上", "Revenue"),
            &k.revenue_minor,
            Cell::Money,
        ),
        figure(
            k,
            "average_order_value",
            ("平均注文額", "Average order value"),
            &k.average_order_value_minor,
            Cell::MeanMoney,
        ),
        figure(
            k,
            "repeat_share",
            ("既存顧客の割合", "Repeat-customer share"),
            &k.repeat_share,
            Cell::Rate,
        ),
    ])
}

/// The monthly series: `month, active_customers, new_customers, returning_customers, orders, revenue,
/// new_revenue, repeat_revenue, average_order_value, repeat_share, f2_eligible, f2_converted, f2_rate`, one row
/// per complete month, oldest first.
pub fn months(d: &Dashboard) -> Table {
    Table::new(&[
        col("month", "月", "Month"),
        col("active_customers", "購入者数", "Active customers"),
        col("new_customers", "新規顧客数", "New customers"),
        col("returning_customers", "既存顧客数", "Returning customers"),
        col("orders", "注文数", "Orders"),
        col("revenue", "売上", "Revenue"),
        col("new_revenue", "新規顧客の売上", "New customers' revenue"),
        col(
            "repeat_revenue",
            "既存顧客の売上",
            "Repeat customers' revenue",
        ),
        col("average_order_value", "平均注文額", "Average order value"),
        col("repeat_share", "既存顧客の割合", "Repeat-customer share"),
        col("f2_eligible", "F2対象顧客", "F2 eligible"),
        col("f2_converted", "F2転換顧客", "F2 converted"),
        col("f2_rate", "F2転換率", "F2 rate"),
    ])
    .with_rows(d.months.iter().map(|m| {
        vec![
            Cell::text(m.month.clone()),
            Cell::int(m.active_customers),
            Cell::int(m.new_customers),
            Cell::int(m.returning_customers),
            Cell::int(m.orders),
            Cell::Money(m.revenue_minor),
            Cell::Money(m.new_revenue_minor),
            Cell::Money(m.repeat_revenue_minor),
            Cell::mean_money(m.average_order_value_minor),
            Cell::rate(m.repeat_share),
            Cell::int(m.f2_eligible),
            Cell::int(m.f2_converted),
            Cell::rate(m.f2_rate),
        ]
    }))
}
