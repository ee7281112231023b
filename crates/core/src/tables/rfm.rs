//! RFM tables: per customer, the R×F grid, and per segment.

use super::{col, key, Cell, Column, Table, TableStream};
use crate::analysis::rfm::{Rfm, Segment};
use crate::Dataset;

/// The column of a customer's key.
pub(super) const CUSTOMER: Column = col("customer_key", "顧客キー", "Customer key");

/// A segment as a cell: its id, or its name.
fn segment(s: Segment) -> Cell {
    Cell::choice(s.id(), s.names())
}

/// Per customer: `customer_key, recency_days, frequency, monetary, r_score, f_score, m_score, segment`.
pub fn customers<'a>(ds: &'a Dataset, r: &'a Rfm) -> TableStream<'a> {
    TableStream::new(
        &[
            CUSTOMER,
            col(
                "recency_days",
                "最終購入からの日数",
                "Days since last order",
            ),
            col("frequency", "購入回数", "Orders"),
            col("monetary", "購入額（M）", "Spend (M)"),
            col("r_score", "Rスコア", "R score"),
            col("f_score", "Fスコア", "F score"),
            col("m_score", "Mスコア", "M score"),
            col("segment", "セグメント", "Segment"),
        ],
        r.customers.iter().map(|c| {
            vec![
                key(ds, c.customer),
                Cell::int(c.recency_days),
                Cell::int(c.frequency),
                Cell::Money(c.monetary_minor),
                Cell::int(c.r_score),
                Cell::int(c.f_score),
                Cell::int(c.m_score),
                segment(c.segment),
            ]
        }),
    )
}

/// The R×F grid of customer counts: `r_score, f1, …, f5`, R5 first (as the heat map shows it).
pub fn grid(r: &Rfm) -> Table {
    Table::new(&[
        col("r_score", "Rスコア", "R score"),
        col("f1", "F1", "F1"),
        col("f2", "F2", "F2"),
        col("f3", "F3", "F3"),
        col("f4", "F4", "F4"),
        col("f5", "F5", "F5"),
    ])
    .with_rows((1..=5).rev().map(|score| {
        let mut row = vec![Cell::int(score)];
        row.extend(r.grid[score as usize - 1].iter().map(|n| Cell::int(*n)));
        row
    }))
}

/// Per segment: `segment, customers, revenue, revenue_share, mean_recency_days, mean_frequency,
/// mean_monetary`.
pub fn segments(r: &Rfm) -> Table {
    Table::new(&[
        col("segment", "セグメント", "Segment"),
        col("customers", "顧客数", "Customers"),
        col("revenue", "売上", "Revenue"),
        col("revenue_share", "売上構成比", "Revenue share"),
        col(
            "mean_recency_days",
            "平均経過日数",
            "Mean days since last order",
        ),
        col("mean_frequency", "平均購入回数", "Mean orders"),
        col("mean_monetary", "平均購入額", "Mean spend"),
    ])
    .with_rows(r.segments.iter().map(|s| {
        vec![
            segment(s.segment),
            Cell::int(s.customers),
            Cell::Money(s.revenue_minor),
            Cell::rate(s.revenue_share),
            Cell::decimal(s.mean_recency_days, 1),
            Cell::decimal(s.mean_frequency, 2),
            Cell::mean_money(s.mean_monetary_minor),
        ]
    }))
}
