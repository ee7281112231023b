//! Repeat tables: F2 conversion, days to the second and third order, conversion by first product, and
//! subscription retention.

use super::{col, Cell, Column, Table};
use crate::analysis::repeat::Repeat;

/// The columns of a product.
pub(super) const PRODUCT_ID: Column = col("product_id", "商品コード", "Product ID");
/// The column of a product's name.
pub(super) const PRODUCT_NAME: Column = col("product_name", "商品名", "Product name");

/// F2 conversion: `window_days, eligible, converted, rate` (rate empty when nobody is eligible).
pub fn f2(r: &Repeat) -> Table {
    Table::new(&[
        col("window_days", "期間（日）", "Window (days)"),
        col("eligible", "対象顧客", "Eligible"),
        col("converted", "2回目購入", "Converted"),
        col("rate", "F2転換率", "F2 rate"),
    ])
    .with_rows(r.f2.iter().map(|f| {
        vec![
            Cell::int(f.window_days),
            Cell::int(f.eligible),
            Cell::int(f.converted),
            Cell::rate(f.rate),
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
                    Cell::int(n),
                    Cell::int(b.from_days),
                    b.to_days.map_or(Cell::Empty, Cell::int),
                    Cell::int(b.customers),
                ]
            })
        });
    Table::new(&[
        col("order", "何回目", "Order"),
        col("from_days", "日数（から）", "From (days)"),
        col("to_days", "日数（まで）", "To (days)"),
        col("customers", "顧客数", "Customers"),
    ])
    .with_rows(rows)
}

/// F2 conversion by first-order product: `product_id, product_name, customers, eligible, converted, rate`.
pub fn products(r: &Repeat) -> Table {
    Table::new(&[
        PRODUCT_ID,
        PRODUCT_NAME,
        col("customers", "初回購入者", "First buyers"),
        col("eligible", "対象顧客", "Eligible"),
        col("converted", "2回目購入", "Converted"),
        col("rate", "F2転換率", "F2 rate"),
    ])
    .with_rows(r.products.rows.iter().map(|p| {
        vec![
            Cell::text(p.product_id.clone()),
            Cell::text(p.name.clone()),
            Cell::int(p.customers),
            Cell::int(p.eligible),
            Cell::int(p.converted),
            Cell::rate(p.rate),
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
                    Cell::text(c.start_month.clone()),
                    Cell::int(c.subscribers),
                    Cell::int(i + 1),
                    Cell::int(*n),
                    Cell::Rate(*s),
                ]
            })
    });
    Table::new(&[
        col("start_month", "開始月", "Start month"),
        col("subscribers", "定期顧客", "Subscribers"),
        col("order", "定期回数", "Subscription order"),
        col("reached", "到達顧客", "Reached"),
        col("share", "継続率", "Share"),
    ])
    .with_rows(rows)
}
