//! One order is one order: which order a row belongs to (the previous row's, this file's with the id, a
//! re-export of an earlier file's, or a new one reusing the id), and the rows of one order that disagree on
//! the date, the customer or the total, noted with their lines (docs/formats.md, "Orders").

use std::ops::Deref;

use super::super::parse::DateHint;
use super::super::row::RowValues;
use super::book::{same_key, Added, Conflict, ConflictOn, DateHints, OrderBook, EXAMPLES};
use super::draft::{OrderDraft, CONFLICT_NOTED, TOTAL, TOTALS_DIFFER};
use crate::money::Milli;

impl OrderBook {
    /// The order a row with this id belongs to: the previous row's order (rows of an order are adjacent in
    /// every export, so this avoids most hash look-ups), else this file's order with this id, else a new one;
    /// or none, for a re-export of an earlier file's order.
    pub(super) fn order_for<S: Deref<Target = str>>(
        &mut self,
        file: u16,
        line: u64,
        id: &str,
        row: &RowValues<S>,
    ) -> Result<(u32, Added), Added> {
        if let Some(o) = self.last_order {
            let draft = &self.drafts[o as usize];
            if draft.file == file && draft.label().is_some_and(|l| self.ids.is(l, id)) {
                return Ok((o, Added::Row));
            }
        }
        let found = match self.ids.intern_new(id) {
            (n, true) => {
                let o = self.new_draft(file, line, Some(n));
                self.draft_of_id.push(o);
                (o, Added::Row)
            }
            (n, false) => self.order_with_id(n, file, line, row)?,
        };
        self.last_order = Some(found.0);
        Ok(found)
    }

    /// The order for a row whose id `n` was read before: this file's order with the id, else none when the
    /// row is the re-export of an earlier file's order with the same date and customer, else a new order that
    /// reuses the id.
    #[cold]
    pub(super) fn order_with_id<S: Deref<Target = str>>(
        &mut self,
        n: u32,
        file: u16,
        line: u64,
        row: &RowValues<S>,
    ) -> Result<(u32, Added), Added> {
        let mut o = self.draft_of_id[n as usize];
        let mut copy_of = None;
        loop {
            let draft = &self.drafts[o as usize];
            if draft.file == file {
                return Ok((o, Added::Rejoined));
            }
            if draft.duplicate_in == file {
                return Err(Added::Duplicate {
                    first_row_in_file: false,
                });
            }
            if copy_of.is_none() && self.same_order(draft, row) {
                copy_of = Some(o);
            }
            match self.same_id.get(&o) {
                Some(&next) => o = next,
                None => break,
            }
        }
        if let Some(copy) = copy_of {
            let draft = &mut self.drafts[copy as usize];
            draft.duplicate_in = file;
            if let (true, Some(total)) = (draft.is(TOTAL), row.total) {
                if total != draft.gross {
                    let (first_file, first_line) = (draft.file, draft.line);
                    self.note_conflict(file, first_line, line, ConflictOn::CopyTotal(first_file));
                }
            }
            return Err(Added::Duplicate {
                first_row_in_file: true,
            });
        }
        let first_file = self.drafts[o as usize].file;
        let reused = self.new_draft(file, line, Some(n));
        self.same_id.insert(o, reused);
        self.reused.0 += 1;
        if self.reused.1.len() < EXAMPLES {
            self.reused.1.push((n, first_file, file));
        }
        Ok((reused, Added::Row))
    }

    /// Whether a row of another file can be a copy of `draft`: nothing it has disagrees with the order's date
    /// or customer (a key of the same kind).
    pub(super) fn same_order<S: Deref<Target = str>>(
        &self,
        draft: &OrderDraft,
        row: &RowValues<S>,
    ) -> bool {
        if let (Some(a), Some(b)) = (draft.date(), row.date) {
            if a != b {
                return false;
            }
        }
        match (draft.customer(), row.key.as_deref()) {
            (Some(c), Some(key)) if self.kinds[c as usize] == row.key_kind => {
                same_key(self.customers.text(c), key)
            }
            _ => true,
        }
    }

    #[cold]
    pub(super) fn note_conflict(&mut self, file: u16, first_line: u64, line: u64, on: ConflictOn) {
        self.conflicts.0 += 1;
        if self.conflicts.1.len() < EXAMPLES {
            self.conflicts.1.push(Conflict {
                file,
                first_line,
                line,
                on,
            });
        }
    }

    /// Notes (once per order) a row that disagrees with its order's earlier rows on the date, or on the
    /// customer when both keys are of one kind (a guest row of a member's order is not a conflict).
    #[inline]
    pub(super) fn check_agreement<S>(
        &mut self,
        order: u32,
        line: u64,
        row: &RowValues<S>,
        customer: Option<u32>,
    ) {
        let draft = &self.drafts[order as usize];
        if draft.is(CONFLICT_NOTED) {
            return;
        }
        let on = match (draft.date(), row.date, draft.customer(), customer) {
            (Some(a), Some(b), ..) if a != b => ConflictOn::Date,
            (.., Some(a), Some(b))
                if a != b && self.kinds[a as usize] == self.kinds[b as usize] =>
            {
                ConflictOn::Customer
            }
            _ => return,
        };
        let (file, first_line) = (draft.file, draft.line);
        self.drafts[order as usize].flags |= CONFLICT_NOTED;
        self.note_conflict(file, first_line, line, on);
    }

    /// Counts, per file, the orders with a second row holding a total and those whose totals differ, and keeps
    /// the sum of the differing ones' totals (the file's total column may be per line).
    #[cold]
    pub(super) fn count_total(
        &mut self,
        order: u32,
        file: u16,
        line: u64,
        total: Milli,
        differed: bool,
    ) {
        let draft = &self.drafts[order as usize];
        let (rows, gross, differs) = (draft.total_rows, draft.gross, draft.is(TOTALS_DIFFER));
        if self.multi_row_totals.len() <= file as usize {
            self.multi_row_totals.resize(file as usize + 1, (0, 0));
        }
        let counts = &mut self.multi_row_totals[file as usize];
        if rows == 2 {
            counts.0 += 1;
        }
        if !differs {
            return;
        }
        if differed {
            if let Some(sum) = self.total_sums.get_mut(&order) {
                *sum = sum.saturating_add(total);
            }
        } else {
            counts.1 += 1;
            if counts.1 <= EXAMPLES as u64 {
                self.total_examples.push(Conflict {
                    file,
                    first_line: draft.line,
                    line,
                    on: ConflictOn::Total,
                });
            }
            // Every earlier row had the first total.
            let earlier = gross.saturating_mul(i64::from(rows - 1));
            self.total_sums.insert(order, earlier.saturating_add(total));
        }
    }

    #[cold]
    pub(super) fn note_date_hint(&mut self, file: u16, line: u64, hint: DateHint) {
        if self.date_hints.len() <= file as usize {
            self.date_hints
                .resize(file as usize + 1, DateHints::default());
        }
        let hints = &mut self.date_hints[file as usize];
        let first = match hint {
            DateHint::DayFirst => &mut hints.day_first,
            DateHint::MonthFirst => &mut hints.month_first,
            DateHint::Ambiguous => &mut hints.ambiguous,
            DateHint::Settled => return,
        };
        first.get_or_insert(line);
    }
}
