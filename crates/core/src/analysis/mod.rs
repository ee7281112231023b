//! The analyses: pure functions of a [`crate::Dataset`] and their parameters.
//!
//! Each states its as-of date: by default the day after the latest valid order, so that the data is read "as
//! of the end of its last day". Orders on or after the as-of date are outside the analysis.

pub mod acquisition;
pub mod basket;
pub mod check_params;
pub mod cohort;
pub mod cpm;
pub mod customers;
pub mod dashboard;
#[cfg(test)]
mod fixtures;
pub mod history;
pub mod migration;
pub mod ltv;
pub mod read_params;
pub mod repeat;
pub mod rfm;
pub mod summary;

use crate::date::Day;
use crate::model::Dataset;

/// The default as-of date: the day after the latest valid order, `None` for an empty dataset. For a customers
/// table it is also the earliest: its figures cannot be cut at an earlier date.
pub fn default_as_of(ds: &Dataset) -> Option<Day> {
    match &ds.facts {
        Some(facts) => facts.last_order.iter().max().map(|d| d.next()),
        None => ds.orders.date.iter().max().map(|d| d.next()),
    }
}
