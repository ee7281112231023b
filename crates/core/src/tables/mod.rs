//! The analyses as [`Table`]s, one module per analysis: what the CLI writes with `--csv` and what the page
//! offers as CSV downloads. Money is in minor units, rates and shares as fractions, floats unrounded
//! ([`float_cell`]), so the tables can be recomputed from.

pub mod cohort;
pub mod cpm;
pub mod history;
pub mod ltv;
pub mod repeat;
pub mod rfm;

pub use crate::table::{float_cell, Table};

/// The customer key of dense customer number `customer`.
fn key(ds: &crate::Dataset, customer: u32) -> String {
    ds.customer_keys
        .get(customer as usize)
        .cloned()
        .unwrap_or_default()
}
