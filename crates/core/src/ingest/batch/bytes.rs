//! A batch's byte form, which carries it from the reading worker to the page: the rows' records copied as
//! they lie in memory, and everything else (the other items with their places, the rows' text, the tallies)
//! in postcard's format.
//!
//! Layout: the postcard part's length (u32, little-endian), the postcard part, zero bytes up to a multiple of
//! 8, then the records. Both ends are the same WebAssembly module, so a record's layout is the same on both.

use std::ops::Range;

use bytemuck::Zeroable;
use serde::{Deserialize, Serialize};

use super::record::RowRecord;
use super::{Item, RowBatch, Span};
use crate::amount::RoundedAmounts;
use crate::ingest::error::IngestErrorKind;
use crate::ingest::keys::KeyNotes;
use crate::ingest::options::Encoding;
use crate::ingest::statuses::StatusTally;

/// The postcard part as written: the items that are not rows, each with its place among all the items.
#[derive(Serialize)]
struct Written<'a> {
    bytes: u64,
    encoding: Option<Encoding>,
    rows: u32,
    others: &'a [(u32, Item<Span>)],
    #[serde(with = "utf8_bytes")]
    text: &'a str,
    error: &'a Option<IngestErrorKind>,
    keys: &'a KeyNotes,
    statuses: &'a StatusTally,
    rounded: &'a RoundedAmounts,
}

/// The postcard part as read: [`Written`]'s fields in the same order.
#[derive(Deserialize)]
struct Read {
    bytes: u64,
    encoding: Option<Encoding>,
    rows: u32,
    others: Vec<(u32, Item<Span>)>,
    #[serde(with = "utf8_bytes")]
    text: String,
    error: Option<IngestErrorKind>,
    keys: KeyNotes,
    statuses: StatusTally,
    rounded: RoundedAmounts,
}

/// A batch's text in its byte form: its bytes, checked as UTF-8 when read back with `simdutf8`, which uses the
/// processor's vector instructions (WebAssembly's too) and is several times faster than the standard library's
/// check that deserialising a `String` runs. Building the `String` without the standard library's second check
/// is the one unsafe call, hence the module's `allow`.
#[allow(unsafe_code)]
mod utf8_bytes {
    use serde::de::Error;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        serde_bytes::serialize(text.as_bytes(), s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let bytes: Vec<u8> = serde_bytes::deserialize(d)?;
        if simdutf8::basic::from_utf8(&bytes).is_err() {
            return Err(D::Error::custom("the rows' text is not UTF-8"));
        }
        // SAFETY: `from_utf8_unchecked` needs valid UTF-8, and `simdutf8` checked these very bytes just above
        // (its basic check accepts exactly what `std::str::from_utf8` accepts).
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    }
}

const RECORD: usize = std::mem::size_of::<RowRecord>();

/// `len` rounded up to a multiple of 8, where the records start.
fn records_start(len: usize) -> usize {
    len.div_ceil(8) * 8
}

/// The byte form of `batch`.
pub(super) fn write(batch: &RowBatch) -> Vec<u8> {
    let written = Written {
        bytes: batch.bytes,
        encoding: batch.encoding,
        // A batch has far fewer than 2^32 rows (a chunk's records).
        rows: batch.rows.len() as u32,
        others: &batch.others,
        text: &batch.text,
        error: &batch.error,
        keys: &batch.keys,
        statuses: &batch.statuses,
        rounded: &batch.rounded,
    };
    // Every field serialises, and a `Vec` takes any length: postcard cannot fail here.
    let part = postcard::to_allocvec(&written).unwrap_or_default();
    let start = records_start(4 + part.len());
    let mut bytes = Vec::with_capacity(start + batch.rows.len() * RECORD);
    bytes.extend_from_slice(&(part.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&part);
    bytes.resize(start, 0);
    bytes.extend_from_slice(bytemuck::cast_slice(&batch.rows));
    bytes
}

/// The batch of [`write`]'s bytes; `None` when they are not one.
pub(super) fn read(bytes: &[u8]) -> Option<RowBatch> {
    read_from(bytes.len(), |range, into| {
        into.copy_from_slice(bytes.get(range)?);
        Some(())
    })
}

/// The batch of [`write`]'s bytes held elsewhere (in a JavaScript buffer, say): `len` of them, of which
/// `copy(range, into)` copies those in `range` into `into` (as long as it). Each byte is copied once, the
/// records straight into their place.
pub(super) fn read_from(
    len: usize,
    mut copy: impl FnMut(Range<usize>, &mut [u8]) -> Option<()>,
) -> Option<RowBatch> {
    let mut head = [0u8; 4];
    copy(0..4, &mut head)?;
    let part_len = u32::from_le_bytes(head) as usize;
    let start = records_start(4usize.checked_add(part_len)?);
    if start > len {
        return None;
    }
    let mut part = vec![0u8; part_len];
    copy(4..4 + part_len, &mut part)?;
    let read: Read = postcard::from_bytes(&part).ok()?;
    drop(part);
    let rows = read.rows as usize;
    if len - start != rows.checked_mul(RECORD)? {
        return None;
    }
    let mut records = vec![RowRecord::zeroed(); rows];
    copy(start..len, bytemuck::cast_slice_mut(&mut records))?;
    let others_in_order = read.others.iter().enumerate().all(|(i, (place, item))| {
        !matches!(item, Item::Row { .. })
            && read.others.get(i + 1).is_none_or(|(next, _)| next > place)
            && (*place as usize) <= rows + i
    });
    if !others_in_order || !records.iter().all(RowRecord::is_valid) {
        return None;
    }
    Some(RowBatch {
        bytes: read.bytes,
        encoding: read.encoding,
        rows: records,
        others: read.others,
        text: read.text,
        error: read.error,
        keys: read.keys,
        statuses: read.statuses,
        rounded: read.rounded,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::batch_of;
    use super::*;
    use crate::ingest::keys::KeyKind;
    use crate::ingest::parse::DateHint;
    use crate::ingest::row::RowValues;

    /// The batch's items, drained, in postcard's form (which writes every field of every item), and their
    /// kinds.
    fn drained(batch: &mut RowBatch) -> (Vec<u8>, Vec<&'static str>) {
        let items: Vec<Item<&str>> = batch.drain().collect();
        let kinds = items
            .iter()
            .map(|i| match i {
                Item::Header(_) => "header",
                Item::Row { .. } => "row",
                Item::CutRow { .. } => "cut",
                Item::Reject { .. } => "reject",
                Item::Unterminated { .. } => "unterminated",
                Item::Nul { .. } => "nul",
            })
            .collect();
        (postcard::to_allocvec(&items).unwrap(), kinds)
    }

    #[test]
    fn every_item_and_tally_comes_back_as_it_went() {
        // A header, rows with and without products, quantities and currencies, a cancelled order, a row
        // with an amount that is not one (rejected), member, e-mail and phone keys, and a last row cut off
        // inside quotes.
        let mut batch = batch_of(
            "order_id,order_date,customer_id,email,phone,order_total,currency,status,product_id,product_name,quantity\n\
             1,2024-01-05,M1,a@example.jp,090-1234-5678,1200,JPY,shipped,P1,珈琲豆 200g,2\n\
             1,2024-01-05,M1,a@example.jp,,1200,JPY,shipped,P2,\"Mug, blue\",1\n\
             2,05/01/2024,,b@example.jp,,800.5,USD,cancelled,,,\n\
             3,2024-01-09,M3,,,abc,,shipped,P1,珈琲豆 200g,1\n\
             4,2024-02-01,,,03-1111-2222,700,,,,,\n\
             5,2024-02-02,M5,,,900,,,P9,\"never closed\n",
        );
        let mut back = read(&write(&batch)).expect("a batch's own bytes");
        assert_eq!(back.text, batch.text);
        assert_eq!(back.bytes, batch.bytes);
        assert_eq!(back.encoding, batch.encoding);
        assert_eq!(
            postcard::to_allocvec(&(&back.error, &back.keys, &back.statuses, &back.rounded))
                .unwrap(),
            postcard::to_allocvec(&(&batch.error, &batch.keys, &batch.statuses, &batch.rounded))
                .unwrap()
        );
        let (items, kinds) = drained(&mut batch);
        assert_eq!(
            kinds,
            ["header", "row", "row", "row", "reject", "row", "cut"],
            "the fixture has every kind of item it means to"
        );
        assert_eq!(drained(&mut back), (items, kinds));
        // Drained, the batch is empty.
        assert_eq!(drained(&mut batch).1, Vec::<&str>::new());
    }

    #[test]
    fn every_date_hint_and_key_kind_comes_back() {
        let mut base =
            batch_of("order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,100\n");
        let row: RowValues<Span> = base.rows[0].row();
        for hint in [
            DateHint::Settled,
            DateHint::Ambiguous,
            DateHint::DayFirst,
            DateHint::MonthFirst,
        ] {
            for kind in [KeyKind::Member, KeyKind::Email, KeyKind::Phone] {
                let row = RowValues {
                    date_hint: hint,
                    key_kind: kind,
                    ..row
                };
                let record = RowRecord::new(7, &row);
                assert!(record.is_valid());
                assert_eq!(
                    postcard::to_allocvec(&record.row()).unwrap(),
                    postcard::to_allocvec(&row).unwrap()
                );
            }
        }
        assert_eq!(drained(&mut base).1, ["header", "row"]);
    }

    #[test]
    fn bytes_that_are_not_a_batch_are_refused() {
        let batch =
            batch_of("order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,100\n");
        let bytes = write(&batch);
        assert!(read(&bytes).is_some());
        // Cut anywhere, or a record short or long.
        for cut in [0, 3, 10, bytes.len() - 1] {
            assert!(read(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0; RECORD]);
        assert!(read(&longer).is_none());
        // A key kind no row has, in the one record (the last bytes: key kind, then padding).
        let mut odd = bytes.clone();
        let kind_at = odd.len() - 7;
        odd[kind_at] = 9;
        assert!(read(&odd).is_none());
    }
}
