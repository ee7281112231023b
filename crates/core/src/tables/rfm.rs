//! RFM tables: per customer, the R×F grid, and per segment.

use super::{float_cell, key, Table};
use crate::analysis::rfm::Rfm;
use crate::Dataset;

/// Per customer: `customer_key, recency_days, frequency, monetary_minor, r_score, f_score, m_score, segment`.
pub fn customers(ds: &Dataset, r: &Rfm) -> Table {
    Table::new(&[
        "customer_key",
        "recency_days",
        "frequency",
        "monetary_minor",
        "r_score",
        "f_score",
        "m_score",
        "segment",
    ])
    .with_rows(r.customers.iter().map(|c| {
        vec![
            key(ds, c.customer),
            c.recency_days.to_string(),
            c.frequency.to_string(),
            c.monetary_minor.to_string(),
            c.r_score.to_string(),
            c.f_score.to_string(),
            c.m_score.to_string(),
            c.segment.id().to_string(),
        ]
    }))
}

/// The R×F grid of customer counts: `r_score, f1, …, f5`, R5 first (as the heat map shows it).
pub fn grid(r: &Rfm) -> Table {
    Table::new(&["r_score", "f1", "f2", "f3", "f4", "f5"]).with_rows((1..=5).rev().map(|score| {
        let mut row = vec![score.to_string()];
        row.extend(r.grid[score - 1].iter().map(u64::to_string));
        row
    }))
}

/// Per segment: `segment, customers, revenue_minor, revenue_share, mean_recency_days, mean_frequency,
/// mean_monetary_minor`.
pub fn segments(r: &Rfm) -> Table {
    Table::new(&[
        "segment",
        "customers",
        "revenue_minor",
        "revenue_share",
        "mean_recency_days",
        "mean_frequency",
        "mean_monetary_minor",
    ])
    .with_rows(r.segments.iter().map(|s| {
        vec![
            s.segment.id().to_string(),
            s.customers.to_string(),
            s.revenue_minor.to_string(),
            float_cell(s.revenue_share),
            float_cell(s.mean_recency_days),
            float_cell(s.mean_frequency),
            float_cell(s.mean_monetary_minor),
        ]
    }))
}
