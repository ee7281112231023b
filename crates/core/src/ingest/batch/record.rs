//! [`RowRecord`]: an accepted row at fixed width, as a batch holds it. Its fields are plain numbers, so a
//! batch's rows are copied as they lie in memory when the batch travels as bytes, and a row takes 144 bytes
//! instead of the 240 of its typed form.

use bytemuck::{Pod, Zeroable};

use super::Span;
use crate::date::Day;
use crate::ingest::keys::KeyKind;
use crate::ingest::parse::DateHint;
use crate::ingest::row::{LineDraft, RowValues};

/// The texts of a row, in a record's `texts`.
const ORDER_ID: usize = 0;
const KEY: usize = 1;
const EMAIL: usize = 2;
const PHONE: usize = 3;
const NAME: usize = 4;
const GIVEN_NAME: usize = 5;
const CURRENCY: usize = 6;
const CHANNEL: usize = 7;
const COUPON: usize = 8;
const PRODUCT_ID: usize = 9;
const PRODUCT_NAME: usize = 10;
const TEXTS: usize = 11;

/// The bits of a record's `flags`.
const CANCELLED: u16 = 1;
const INCOMPLETE: u16 = 1 << 1;
const EXCLUDED: u16 = 1 << 2;
const HAS_DATE: u16 = 1 << 3;
const HAS_TOTAL: u16 = 1 << 4;
const HAS_REFUNDED: u16 = 1 << 5;
const HAS_LINE_VALUE: u16 = 1 << 6;
const HAS_LINE: u16 = 1 << 7;
const LINE_SUBSCRIPTION: u16 = 1 << 8;

/// An accepted row at fixed width: a value that may be missing has a bit in `flags` (a text, in `texts_present`).
#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
pub(in crate::ingest) struct RowRecord {
    line: u64,
    total: i64,
    refunded: i64,
    line_value: i64,
    quantity: i64,
    texts: [Span; TEXTS],
    date: i32,
    flags: u16,
    texts_present: u16,
    date_hint: u8,
    key_kind: u8,
    _padding: [u8; 6],
}

impl RowRecord {
    /// The record of the row on `line`.
    pub(super) fn new(line: u64, row: &RowValues<Span>) -> RowRecord {
        let mut texts = [Span::default(); TEXTS];
        let mut texts_present = 0u16;
        let mut text = |at: usize, span: Option<Span>| {
            if let Some(span) = span {
                texts[at] = span;
                texts_present |= 1 << at;
            }
        };
        text(ORDER_ID, row.order_id);
        text(KEY, row.key);
        text(EMAIL, row.email);
        text(PHONE, row.phone);
        text(NAME, row.name);
        text(GIVEN_NAME, row.given_name);
        text(CURRENCY, row.currency);
        text(CHANNEL, row.channel);
        text(COUPON, row.coupon);
        text(PRODUCT_ID, row.line.map(|l| l.product_id));
        text(PRODUCT_NAME, row.line.map(|l| l.product_name));
        let flag = |set: bool, bit: u16| if set { bit } else { 0 };
        let line_draft = row.line.as_ref();
        RowRecord {
            line,
            total: row.total.unwrap_or(0),
            refunded: row.refunded.unwrap_or(0),
            line_value: row.line_value.unwrap_or(0),
            quantity: line_draft.map_or(0, |l| l.quantity),
            texts,
            date: row.date.map_or(0, |d| d.0),
            flags: flag(row.cancelled, CANCELLED)
                | flag(row.incomplete, INCOMPLETE)
                | flag(row.excluded, EXCLUDED)
                | flag(row.date.is_some(), HAS_DATE)
                | flag(row.total.is_some(), HAS_TOTAL)
                | flag(row.refunded.is_some(), HAS_REFUNDED)
                | flag(row.line_value.is_some(), HAS_LINE_VALUE)
                | flag(line_draft.is_some(), HAS_LINE)
                | flag(
                    line_draft.is_some_and(|l| l.subscription),
                    LINE_SUBSCRIPTION,
                ),
            texts_present,
            date_hint: row.date_hint as u8,
            key_kind: row.key_kind as u8,
            _padding: [0; 6],
        }
    }

    /// The file line the row was read from.
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    /// The customer key's text, if the row has one.
    pub(super) fn key(&self) -> Option<Span> {
        self.text(KEY)
    }

    fn text(&self, at: usize) -> Option<Span> {
        (self.texts_present & (1 << at) != 0).then_some(self.texts[at])
    }

    /// Whether every field holds a value a row can have (a record from bytes may not).
    pub(super) fn is_valid(&self) -> bool {
        date_hint(self.date_hint).is_some() && key_kind(self.key_kind).is_some()
    }

    /// The row back. (Of a record that is not valid, the date hint and key kind are the defaults.)
    pub(super) fn row(&self) -> RowValues<Span> {
        let has = |bit: u16| self.flags & bit != 0;
        let line = has(HAS_LINE).then(|| LineDraft {
            product_id: self.texts[PRODUCT_ID],
            product_name: self.texts[PRODUCT_NAME],
            quantity: self.quantity,
            subscription: has(LINE_SUBSCRIPTION),
        });
        RowValues {
            order_id: self.text(ORDER_ID),
            date: has(HAS_DATE).then_some(Day(self.date)),
            date_hint: date_hint(self.date_hint).unwrap_or_default(),
            total: has(HAS_TOTAL).then_some(self.total),
            refunded: has(HAS_REFUNDED).then_some(self.refunded),
            line_value: has(HAS_LINE_VALUE).then_some(self.line_value),
            cancelled: has(CANCELLED),
            incomplete: has(INCOMPLETE),
            excluded: has(EXCLUDED),
            key: self.text(KEY),
            key_kind: key_kind(self.key_kind).unwrap_or(KeyKind::Member),
            email: self.text(EMAIL),
            phone: self.text(PHONE),
            name: self.text(NAME),
            given_name: self.text(GIVEN_NAME),
            currency: self.text(CURRENCY),
            channel: self.text(CHANNEL),
            coupon: self.text(COUPON),
            line,
        }
    }
}

fn date_hint(n: u8) -> Option<DateHint> {
    Some(match n {
        0 => DateHint::Settled,
        1 => DateHint::Ambiguous,
        2 => DateHint::DayFirst,
        3 => DateHint::MonthFirst,
        _ => return None,
    })
}

fn key_kind(n: u8) -> Option<KeyKind> {
    Some(match n {
        0 => KeyKind::Member,
        1 => KeyKind::Email,
        2 => KeyKind::Phone,
        _ => return None,
    })
}
