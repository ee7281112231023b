//! Orders and customers' contacts under construction: compact drafts that rows fill in as they come.

use crate::date::Day;
use crate::money::Milli;
use crate::texts::Texts;

use super::super::parse::DateHint;
use super::super::row::RowValues;

/// A 64-bit hash of a customer key: customers that share a key are found by it without keeping the text of
/// every key they ever had (64 bits make two different keys of one shop sharing a hash unheard of). Its
/// state is 64 bits on every target (a `usize` hasher would keep only 32 in WebAssembly, where a shop's
/// keys would then collide), so the page and the CLI link the same customers.
pub(super) fn key_hash(key: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = key.as_bytes();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    // MurmurHash3's 64-bit finisher, so that every bit of the result depends on every byte.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The file number of a draft that was not found again in another file.
pub(super) const NO_FILE: u16 = u16::MAX;

/// An order's values as read from its rows so far. Presence is a bit in `flags` rather than an `Option` per
/// field: a million drafts take 48 MB instead of 96.
pub(super) struct OrderDraft {
    pub(super) line: u64,
    /// The order total ([`TOTAL`]), else the sum of the line values read so far ([`LINES_VALUE`]).
    pub(super) gross: Milli,
    pub(super) refunded: Milli,
    pub(super) date: Day,
    /// The order id, numbered in `OrderBook::ids`.
    pub(super) label: u32,
    pub(super) customer: u32,
    /// How many of its rows had a total (in the padding the fields above leave).
    pub(super) total_rows: u32,
    pub(super) file: u16,
    pub(super) duplicate_in: u16,
    pub(super) currency: u16,
    pub(super) flags: u16,
}

pub(super) const LABEL: u16 = 1;
pub(super) const DATE: u16 = 1 << 1;
pub(super) const TOTAL: u16 = 1 << 2;
pub(super) const REFUNDED: u16 = 1 << 3;
pub(super) const LINES_VALUE: u16 = 1 << 4;
pub(super) const CUSTOMER: u16 = 1 << 5;
pub(super) const CURRENCY: u16 = 1 << 6;
pub(super) const CANCELLED: u16 = 1 << 7;
pub(super) const INCOMPLETE: u16 = 1 << 8;
pub(super) const SUBSCRIPTION: u16 = 1 << 9;
/// Its rows' totals are not all the same: the total column may be per line (see `OrderBook::add_row`).
pub(super) const TOTALS_DIFFER: u16 = 1 << 10;
/// A conflict between its rows was noted already.
pub(super) const CONFLICT_NOTED: u16 = 1 << 11;
/// A row's status is one the user leaves out.
pub(super) const EXCLUDED: u16 = 1 << 12;
/// Its date was read day first, but month first would be a date too (`05/01/2024`).
pub(super) const DATE_AMBIGUOUS: u16 = 1 << 13;
/// Its channel and coupon were taken (from its first row that has either).
pub(super) const TAGGED: u16 = 1 << 14;

impl OrderDraft {
    pub(super) fn new(file: u16, line: u64, label: Option<u32>) -> OrderDraft {
        OrderDraft {
            line,
            gross: 0,
            refunded: 0,
            date: Day(0),
            label: label.unwrap_or(0),
            customer: 0,
            total_rows: 0,
            file,
            duplicate_in: NO_FILE,
            currency: 0,
            flags: if label.is_some() { LABEL } else { 0 },
        }
    }

    pub(super) fn is(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    pub(super) fn label(&self) -> Option<u32> {
        self.is(LABEL).then_some(self.label)
    }

    pub(super) fn date(&self) -> Option<Day> {
        self.is(DATE).then_some(self.date)
    }

    /// The order's value before refunds: its total, else the sum of its lines.
    pub(super) fn gross(&self) -> Option<Milli> {
        (self.is(TOTAL) || self.is(LINES_VALUE)).then_some(self.gross)
    }

    pub(super) fn refunded(&self) -> Milli {
        if self.is(REFUNDED) {
            self.refunded
        } else {
            0
        }
    }

    pub(super) fn customer(&self) -> Option<u32> {
        self.is(CUSTOMER).then_some(self.customer)
    }

    pub(super) fn currency(&self) -> Option<u16> {
        self.is(CURRENCY).then_some(self.currency)
    }

    /// Takes a row's values: each order-level value from the first row that has it (the total too, noting
    /// when a later row's differs); flags from any row; the line value added up.
    pub(super) fn take<S>(
        &mut self,
        row: &RowValues<S>,
        customer: Option<u32>,
        currency: Option<u16>,
    ) {
        fn first<T>(flags: &mut u16, flag: u16, slot: &mut T, value: Option<T>) {
            if let (0, Some(v)) = (*flags & flag, value) {
                *slot = v;
                *flags |= flag;
            }
        }
        let flags = &mut self.flags;
        if *flags & DATE == 0 && row.date.is_some() && row.date_hint == DateHint::Ambiguous {
            *flags |= DATE_AMBIGUOUS;
        }
        first(flags, DATE, &mut self.date, row.date);
        if let Some(total) = row.total {
            if *flags & TOTAL == 0 {
                self.gross = total;
                *flags |= TOTAL;
            } else if total != self.gross {
                *flags |= TOTALS_DIFFER;
            }
            self.total_rows = self.total_rows.saturating_add(1);
        }
        first(flags, REFUNDED, &mut self.refunded, row.refunded);
        first(flags, CUSTOMER, &mut self.customer, customer);
        first(flags, CURRENCY, &mut self.currency, currency);
        if row.cancelled {
            *flags |= CANCELLED;
        }
        if row.incomplete {
            *flags |= INCOMPLETE;
        }
        if row.excluded {
            *flags |= EXCLUDED;
        }
        if row.line.as_ref().is_some_and(|l| l.subscription) {
            *flags |= SUBSCRIPTION;
        }
        if let (0, Some(v)) = (*flags & TOTAL, row.line_value) {
            self.gross = self.gross.saturating_add(v);
            *flags |= LINES_VALUE;
        }
    }
}

/// A customer's e-mail and phone as read so far.
#[derive(Clone, Copy, Default)]
pub(super) struct ContactDraft {
    pub(super) email: ContactSlot,
    pub(super) phone: ContactSlot,
}

/// A kept e-mail address or phone number: its number in `OrderBook::contact_text` and the date of the row
/// it was read on.
#[derive(Clone, Copy)]
pub(super) struct ContactSlot {
    /// [`NO_DAY`] when the row had no date.
    pub(super) day: Day,
    /// [`NO_TEXT`] while nothing is kept.
    pub(super) text: u32,
    /// The top 32 bits of the kept text's [`key_hash`]: enough to rule out most customers when looking for
    /// the ones sharing a key, without reading their texts.
    pub(super) top: u32,
}

/// Before every date, as `None` is before every `Some`.
pub(super) const NO_DAY: Day = Day(i32::MIN);
pub(super) const NO_TEXT: u32 = u32::MAX;

impl Default for ContactSlot {
    fn default() -> Self {
        ContactSlot {
            day: NO_DAY,
            text: NO_TEXT,
            top: 0,
        }
    }
}

impl ContactSlot {
    /// The number of the kept text, if one is kept.
    pub(super) fn kept(self) -> Option<u32> {
        (self.text != NO_TEXT).then_some(self.text)
    }

    /// Keeps `value` when nothing is kept yet or it was read on the same or a later date than the kept one
    /// (the kept text then dates from that row, even when it is the same text). Returns the [`key_hash`] of
    /// a value this customer had and that is not kept (`value`, from an older row, or the kept one it
    /// replaces): with the kept ones, every distinct value of a customer can link it to others.
    #[inline(always)]
    pub(super) fn offer(
        &mut self,
        date: Option<Day>,
        value: Option<&str>,
        texts: &mut Texts,
    ) -> Option<u64> {
        let value = value?;
        let day = date.unwrap_or(NO_DAY);
        let replaced = match self.kept() {
            Some(text) if texts.is(text as usize, value) => {
                if day >= self.day && day != NO_DAY {
                    self.day = day;
                }
                return None;
            }
            Some(_) if day < self.day || day == NO_DAY => return Some(key_hash(value)),
            Some(text) => Some(key_hash(&texts[text as usize])),
            None => None,
        };
        texts.push(value);
        *self = ContactSlot {
            day,
            text: u32::try_from(texts.len() - 1).unwrap_or(NO_TEXT),
            top: (key_hash(value) >> 32) as u32,
        };
        replaced
    }
}

/// A product line of an order, as read.
pub(super) struct LineRow {
    pub(super) order: u32,
    pub(super) product: u32,
    /// Below 10^9 in magnitude (see `parse_quantity`).
    pub(super) quantity: i32,
    pub(super) subscription: bool,
}

#[cfg(test)]
mod tests {
    use super::{key_hash, OrderDraft};

    #[test]
    fn a_draft_takes_48_bytes() {
        // A million orders are a million drafts: a field more must fit the padding or be weighed.
        assert_eq!(std::mem::size_of::<OrderDraft>(), 48);
    }

    #[test]
    fn key_hashes_of_a_million_similar_keys_differ_and_are_the_same_on_every_target() {
        let mut hashes: Vec<u64> = (0..500_000u32)
            .flat_map(|i| {
                [
                    key_hash(&format!("090{i:08}")),
                    key_hash(&format!("user{i}@example.jp")),
                ]
            })
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), 1_000_000);
        // Integer arithmetic on u64 only, so the page (WebAssembly) hashes as the CLI does: a value fixed here
        // fails if the hash comes to depend on the target's word size.
        assert_eq!(key_hash("hanako@example.jp"), 0xa941_285a_eb7f_1b13);
    }
}
