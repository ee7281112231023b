//! What the order rules did, for the quality report: order ids reused for different orders, rows of one order
//! that disagree, and refunds netted against purchases.

use serde::{Serialize, Serializer};

use super::keys::plural;
use crate::money::{format_money, Currency};

/// How many examples of each kind are kept.
const EXAMPLES: usize = 5;

/// What a row of an order disagrees with the order's first row (or with its copy in another file) on. It
/// serialises as its English words (`another date`), as the notes say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Disagreement {
    /// Another order date.
    Date,
    /// Another customer.
    Customer,
    /// Another total.
    Total,
    /// Another total than the same order's copy in `file`.
    CopyTotal {
        /// The file of the copy.
        file: String,
    },
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Disagreement::Date => f.write_str("another date"),
            Disagreement::Customer => f.write_str("another customer"),
            Disagreement::Total => f.write_str("another total"),
            Disagreement::CopyTotal { file } => write!(f, "another total than its copy in {file}"),
        }
    }
}

impl Serialize for Disagreement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What was decided about orders whose rows or copies did not agree, and about refunds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrderNotes {
    /// Order ids found again in a later file on an order with another date or customer: read as a different
    /// order (several stores, or a cart that reuses numbers), not as a re-export.
    pub reused_ids: u64,
    /// The first few: the order id, the file of the first order, the file of the other one.
    pub reused_examples: Vec<(String, String, String)>,
    /// Orders whose rows disagree on the date, the customer or the total (within a file, or between a file
    /// and its re-export): read as one order, with the first row's value.
    pub conflicts: u64,
    /// The first few: the file, the line of the first row, the line that disagrees, and on what.
    pub conflict_examples: Vec<(String, u64, u64, Disagreement)>,
    /// Orders whose refunds equal their total: no money was kept, so they are not purchases.
    pub fully_refunded: u64,
    /// Refunds exported as orders of their own (a negative value), netted against the customer's purchases.
    pub refunds_netted: u64,
    /// Their total, in minor units, as a positive amount.
    pub refunds_netted_minor: i64,
    /// Purchases that a refund brought to zero, no longer counted as purchases.
    pub purchases_refunded: u64,
    /// Refunds (or the part of one) with no earlier purchase of the customer to net against, left out.
    pub refunds_unmatched: u64,
    /// Their amount left out, in minor units, as a positive amount.
    pub refunds_unmatched_minor: i64,
}

impl OrderNotes {
    /// Lists, while there is room, an order id read as a different order in `later` than in `first`.
    pub(super) fn reused_example(&mut self, id: &str, first: &str, later: &str) {
        if self.reused_examples.len() < EXAMPLES {
            self.reused_examples
                .push((id.into(), first.into(), later.into()));
        }
    }

    /// Lists, while there is room, an order whose line `line` disagrees with its first row, at `first_line`,
    /// on `what`.
    pub(super) fn conflict_example(
        &mut self,
        file: &str,
        first_line: u64,
        line: u64,
        what: Disagreement,
    ) {
        if self.conflict_examples.len() < EXAMPLES {
            self.conflict_examples
                .push((file.into(), first_line, line, what));
        }
    }

    /// The notes in words, amounts in `currency`.
    pub fn notes(&self, currency: &Currency) -> Vec<String> {
        let money = |minor: i64| format_money(minor, &currency.code, currency.decimals);
        let mut notes = Vec::new();
        if self.reused_ids > 0 {
            let seen: Vec<String> = self
                .reused_examples
                .iter()
                .map(|(id, a, b)| format!("{id} in {a} and {b}"))
                .collect();
            notes.push(format!(
                "{} order id{} came again in a later file with another date or customer, so {} read as different orders, not as re-exports (e.g. {}).",
                self.reused_ids,
                plural(self.reused_ids),
                if self.reused_ids == 1 { "it was" } else { "they were" },
                seen.join("; ")
            ));
        }
        if self.conflicts > 0 {
            let seen: Vec<String> = self
                .conflict_examples
                .iter()
                .map(|(file, first, line, what)| {
                    format!("{file} line {line} against line {first}: {what}")
                })
                .collect();
            notes.push(format!(
                "{} order{} had rows that disagree; each was read as one order with its first row's values ({}).",
                self.conflicts,
                plural(self.conflicts),
                seen.join("; ")
            ));
        }
        if self.fully_refunded > 0 {
            notes.push(format!(
                "{} order{} refunded in full, not counted as purchases.",
                self.fully_refunded,
                if self.fully_refunded == 1 {
                    " was"
                } else {
                    "s were"
                },
            ));
        }
        if self.refunds_netted > 0 {
            let mut note = format!(
                "{} refund{} (order{} worth less than nothing, {} in all) {} netted against the same customer's earlier purchases",
                self.refunds_netted,
                plural(self.refunds_netted),
                plural(self.refunds_netted),
                money(self.refunds_netted_minor),
                if self.refunds_netted == 1 { "was" } else { "were" },
            );
            if self.purchases_refunded > 0 {
                note.push_str(&format!(
                    "; {} purchase{} refunded to zero no longer count{} as {}",
                    self.purchases_refunded,
                    plural(self.purchases_refunded),
                    if self.purchases_refunded == 1 {
                        "s"
                    } else {
                        ""
                    },
                    if self.purchases_refunded == 1 {
                        "a purchase"
                    } else {
                        "purchases"
                    },
                ));
            }
            note.push('.');
            notes.push(note);
        }
        if self.refunds_unmatched > 0 {
            notes.push(format!(
                "{} refund{} ({}) had no earlier purchase of the same customer to net against, so {} left out of every figure.",
                self.refunds_unmatched,
                plural(self.refunds_unmatched),
                money(self.refunds_unmatched_minor),
                if self.refunds_unmatched == 1 { "it was" } else { "they were" },
            ));
        }
        notes
    }
}
