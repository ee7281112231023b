//! The acquisition table: customers by their first order's channel or coupon code, one row per group and
//! horizon.

use super::history::{ltv_cells, with_ltv};
use super::{col, Cell, Table};
use crate::analysis::acquisition::{Acquisition, AcquisitionBy};

/// `channel` (or `coupon`), `customers, share, repeat_customers, repeat_rate, f2_eligible, f2_converted,
/// f2_rate, revenue, clv_customers, mean_clv`, then `horizon_days, eligible, total, mean`. The group is empty
/// (words: (none)) for first orders without one.
pub fn acquisition(a: &Acquisition) -> Table {
    let group = match a.params.by {
        AcquisitionBy::Channel => col("channel", "初回の流入経路", "First-order channel"),
        AcquisitionBy::Coupon => col("coupon", "初回のクーポンコード", "First-order coupon"),
    };
    let columns = with_ltv(&[
        group,
        col("customers", "顧客数", "Customers"),
        col("share", "構成比", "Share"),
        col("repeat_customers", "リピート顧客", "Repeat customers"),
        col("repeat_rate", "リピート率", "Repeat rate"),
        col("f2_eligible", "F2対象顧客", "F2 eligible"),
        col("f2_converted", "F2転換顧客", "F2 converted"),
        col("f2_rate", "F2転換率", "F2 rate"),
        col("revenue", "売上", "Revenue"),
        col("clv_customers", "予測LTVのある顧客", "Customers with CLV"),
        col("mean_clv", "平均予測LTV", "Mean predicted CLV"),
    ]);
    let rows = a.rows.iter().flat_map(|r| {
        r.ltv.iter().map(move |x| {
            let mut row = vec![
                match &r.group {
                    Some(g) => Cell::text(g.clone()),
                    None => Cell::choice("", ("（なし）", "(none)")),
                },
                Cell::int(r.customers),
                Cell::Rate(r.share),
                Cell::int(r.repeat_customers),
                Cell::Rate(r.repeat_rate),
                Cell::int(r.f2_eligible),
                Cell::int(r.f2_converted),
                Cell::rate(r.f2_rate),
                Cell::Money(r.revenue_minor),
                Cell::int(r.clv_customers),
                Cell::mean_money(r.mean_clv_minor),
            ];
            row.extend(ltv_cells(x));
            row
        })
    });
    Table::new(&columns).with_rows(rows)
}
