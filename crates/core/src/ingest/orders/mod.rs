//! Orders: rows grouped into orders across files, then the valid orders laid out as the columnar
//! [`Dataset`](crate::model::Dataset).
//!
//! ```text
//! draft (an order or contact being filled in) → book (rows grouped by order id; customers and products
//! numbered) → grouping (a batch added in file order, look-ups prefetched) → identity (customers sharing an
//! e-mail or phone linked into one) → layout (the dataset's columns) → refunds (refund orders netted against
//! purchases) → validate (currency settled, customers linked, exclusions, rejects and refunds, then the layout)
//! ```
//! Order ids and customer keys are numbered by `intern` over `slots`' open-addressing table.

mod slots;
mod intern;
mod draft;
mod book;
mod agreement;
mod grouping;
mod identity;
mod layout;
mod tags;
mod refunds;
mod validate;

pub(super) use book::{Added, Held, OrderBook};
pub(super) use grouping::Grouped;
pub(super) use intern::Interner;
