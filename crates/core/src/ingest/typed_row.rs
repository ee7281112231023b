//! The typed row: a record's cells read, with the file's mapping, into dates, exact amounts, flags and
//! normalised customer keys ([`read_row`]), or the reason the row cannot be used.

use std::borrow::Cow;

use super::field::Field;
use super::keys::{self, Key, KeyKind, KeyNotes};
use super::mapping::Mapping;
use super::parse::{self, DateHint};
use super::records::Record;
use super::reject_reason::{clip, RejectReason};
use super::row::{LineDraft, RowValues};
use super::statuses::{StatusClass, StatusTally};
use crate::amount::{read_amount, Amount, RoundedAmounts, Symbol};
use crate::money::Currency;

/// The last row's status and subscription cells and what they were read as: most rows repeat the row before
/// them, and the next row with the same cell skips the word matching.
#[derive(Default)]
pub(super) struct RowMemo {
    /// What the status cell made of its order.
    status: LastCell<StatusClass>,
    /// Accepted rows with the memo's status since it was last counted in a tally.
    status_rows: u64,
    /// The last e-mail and member id cells, when each was its own key as written (rows of an order repeat
    /// them).
    plain_email: PlainKey,
    plain_member: PlainKey,
    subscription: LastCell<bool>,
    date: parse::DateMemo,
}

/// A key column's last cell, when it was its own key as written: a cell that repeats it is that key again
/// without being read (no note is made of such a key, so none is missed).
#[derive(Default)]
struct PlainKey(String);

impl PlainKey {
    /// The key in `cell`, a cell of `field`, as [`key_of_cell`] reads it: the cell itself when it repeats
    /// the remembered one, else read and remembered when it is its own key.
    #[inline]
    fn read<'r>(
        &mut self,
        cell: Cow<'r, str>,
        field: Field,
        notes: &mut KeyNotes,
    ) -> Result<Option<Cow<'r, str>>, RejectReason> {
        if let Cow::Borrowed(text) = cell {
            if !text.is_empty() && self.0 == text {
                return Ok(Some(Cow::Borrowed(text)));
            }
        }
        let key = key_of_cell(cell.clone(), field, notes)?;
        self.0.clear();
        if let (Cow::Borrowed(text), Some(Cow::Borrowed(k))) = (&cell, &key) {
            if k.as_ptr() == text.as_ptr() && k.len() == text.len() {
                self.0.push_str(text);
            }
        }
        Ok(key)
    }
}

/// One column's last cell and what it was read as.
struct LastCell<T> {
    text: String,
    /// `None` until a cell is read.
    value: Option<T>,
}

impl<T> Default for LastCell<T> {
    fn default() -> Self {
        LastCell {
            text: String::new(),
            value: None,
        }
    }
}

impl<T: Copy> LastCell<T> {
    /// What `cell` reads as: the last value when the cell repeats the last one, else `read(cell)`.
    fn read(&mut self, cell: &str, read: impl FnOnce(&str) -> T) -> T {
        match self.last(cell) {
            Some(value) => value,
            None => self.keep(cell, read(cell)),
        }
    }

    /// The last value, when `cell` repeats the last cell.
    fn last(&self, cell: &str) -> Option<T> {
        self.value.filter(|_| self.text == cell)
    }

    /// Remembers `value` as what `cell` reads as, and returns it.
    fn keep(&mut self, cell: &str, value: T) -> T {
        self.text.clear();
        self.text.push_str(cell);
        self.value = Some(value);
        value
    }
}

impl RowMemo {
    /// What `status` makes of its order. When the status is another than the last one, the last one's
    /// rows are counted in `statuses` first.
    #[inline]
    fn status(&mut self, m: &Mapping, status: &str, statuses: &mut StatusTally) -> StatusClass {
        if let Some(class) = self.status.last(status) {
            return class;
        }
        self.count_statuses(statuses);
        self.status.keep(status, m.status_class(status))
    }

    /// Counts the accepted rows of the memo's status in `statuses` (at the end of a batch, and when the
    /// status changes): one tally update per run of rows, not per row.
    pub(super) fn count_statuses(&mut self, statuses: &mut StatusTally) {
        if let (Some(class), n @ 1..) = (self.status.value, self.status_rows) {
            statuses.count_rows(&self.status.text, class, n);
        }
        self.status_rows = 0;
    }

    /// Whether the subscription cell marks a subscription line.
    fn subscription(&mut self, m: &Mapping, cell: &str) -> bool {
        self.subscription.read(cell, |c| m.is_subscription(c))
    }
}

pub(super) fn read_row<'r>(
    m: &Mapping,
    record: &Record<'r>,
    memo: &mut RowMemo,
    notes: &mut KeyNotes,
    statuses: &mut StatusTally,
    rounded: &mut RoundedAmounts,
) -> Result<RowValues<Cow<'r, str>>, RejectReason> {
    let header_len = m.columns_len();
    if record.unclosed_quote() {
        let column = record.multi_line_field().unwrap_or(0);
        return Err(RejectReason::UnclosedQuote {
            field: m.field_of_column(column),
            column: match m.headerless {
                true => String::new(),
                false => clip(m.header(column).unwrap_or("")),
            },
            column_number: column + 1,
            headerless: m.headerless,
            first_line: record.line,
            last_line: record.end_line(),
        });
    }
    if record.len() != header_len
        && !(record.len() > header_len && record.iter().skip(header_len).all(str::is_empty))
    {
        return Err(RejectReason::FieldCount {
            fields: record.len(),
            expected: header_len,
            headerless: m.headerless,
            first_line: record.line,
            last_line: record.end_line(),
        });
    }
    let order_id = if m.has(Field::OrderId) {
        let id = m.get(record, Field::OrderId);
        if id.is_empty() {
            return Err(RejectReason::EmptyOrderId);
        }
        Some(order_key(id)?)
    } else {
        None
    };
    let date_text = m.get(record, Field::OrderDate);
    let mut date_hint = DateHint::Settled;
    let date = match date_text.as_ref() {
        "" => None,
        t => {
            let (day, hint) = memo
                .date
                .read(t, m.date_order)
                .ok_or_else(|| RejectReason::UnreadableDate { cell: clip(t) })?;
            if !parse::is_plausible_order_date(day) {
                return Err(RejectReason::ImplausibleDate {
                    date: day,
                    earliest: parse::FIRST_ORDER_DATE.to_string(),
                    latest: parse::LAST_ORDER_DATE.to_string(),
                });
            }
            date_hint = hint;
            Some(day)
        }
    };
    let total = amount(m, record, Field::OrderTotal, rounded)?;
    let refunded = amount(m, record, Field::Refunded, rounded)?;
    let price = amount(m, record, Field::LinePrice, rounded)?;
    let signed = [
        (Field::OrderTotal, total),
        (Field::Refunded, refunded),
        (Field::LinePrice, price),
    ]
    .into_iter()
    .find_map(|(field, a)| Some((field, a?.symbol?)));
    let (total, refunded, price) = (
        total.map(|a| a.milli),
        refunded.map(|a| a.milli),
        price.map(|a| a.milli),
    );
    let quantity_text = m.get(record, Field::Quantity);
    let quantity =
        parse::parse_quantity(&quantity_text).ok_or_else(|| RejectReason::UnreadableQuantity {
            cell: clip(&quantity_text),
        })?;
    let status = m.get(record, Field::Status);
    let class = if status.is_empty() {
        StatusClass::Purchase
    } else {
        memo.status(m, &status, statuses)
    };
    // A cancellation date or flag: `false`, `0` and the like (a warehouse's boolean column) are no.
    let cancelled =
        class == StatusClass::Cancelled || parse::is_truthy(&m.get(record, Field::CancelledAt));
    let email = memo
        .plain_email
        .read(m.get(record, Field::Email), Field::Email, notes)?;
    let mut key = None;
    for &field in m.key_fields() {
        let found = match field {
            Field::Email => email.clone().map(|e| (e, KeyKind::Email)),
            Field::CustomerId => memo
                .plain_member
                .read(m.get(record, field), field, notes)?
                .map(|k| (k, KeyKind::Member)),
            _ => read_key(m, record, field, notes)?.map(|k| (k, KeyKind::Phone)),
        };
        if found.is_some() {
            key = found;
            break;
        }
    }
    let (key, key_kind) = match key {
        Some((k, kind)) => (Some(k), kind),
        None => (None, KeyKind::Member),
    };
    // Reduced to its digits where it is kept (`OrderBook::add_row`), without an allocation per row.
    let phone = Some(m.get(record, Field::Phone)).filter(|p| !p.is_empty());
    let currency_text = m.get(record, Field::Currency);
    let currency = match currency_text {
        Cow::Borrowed("") => match signed {
            Some((field, symbol)) => currency_of_sign(m, field, symbol)?,
            None => None,
        },
        Cow::Borrowed("円" | "¥" | "￥") => Some(Cow::Borrowed("JPY")),
        t if Currency::is_code(&t) => Some(t),
        t => return Err(RejectReason::UnknownCurrency { cell: clip(&t) }),
    };
    let product_id = m.get(record, Field::ProductId);
    let product_name = m.get(record, Field::ProductName);
    let line = (m.is_product_line(record) && !(product_id.is_empty() && product_name.is_empty()))
        .then(|| LineDraft {
            product_id,
            product_name,
            quantity,
            subscription: memo.subscription(m, &m.get(record, Field::Subscription)),
        });
    if !status.is_empty() {
        memo.status_rows += 1;
    }
    let (name, given_name) = match m.reads_names() {
        true => read_name(m, record),
        false => (None, None),
    };
    let channel = optional_text(m, record, Field::Channel);
    let coupon = optional_text(m, record, Field::Coupon);
    Ok(RowValues {
        order_id,
        date,
        date_hint,
        total,
        refunded,
        line_value: price.map(|p| p.saturating_mul(quantity)),
        cancelled,
        incomplete: class == StatusClass::Incomplete,
        excluded: class == StatusClass::Excluded,
        key,
        key_kind,
        email,
        phone,
        name,
        given_name,
        currency,
        channel,
        coupon,
        line,
    })
}

/// The text of an optional field's cell, when the file maps the field and the cell is not empty.
#[inline]
fn optional_text<'r>(m: &Mapping, record: &Record<'r>, field: Field) -> Option<Cow<'r, str>> {
    if !m.has(field) {
        return None;
    }
    let text = m.get(record, field);
    (!text.is_empty()).then_some(text)
}

/// The customer's name on a row, as [`RowValues::name`] and [`RowValues::given_name`] hold it: the family and
/// given names when the export has either column, else the full name; `(None, None)` when the row has none.
/// Kept out of `read_row`, which most files (without names) run without it.
#[inline(never)]
fn read_name<'r>(m: &Mapping, record: &Record<'r>) -> (Option<Cow<'r, str>>, Option<Cow<'r, str>>) {
    if m.has(Field::NameFamily) || m.has(Field::NameGiven) {
        let family = m.get(record, Field::NameFamily);
        let given = m.get(record, Field::NameGiven);
        if !family.is_empty() || !given.is_empty() {
            return (Some(family), Some(given));
        }
    }
    let full = m.get(record, Field::Name);
    match full.is_empty() {
        true => (None, None),
        false => (Some(full), None),
    }
}

/// The customer key in `field`'s cell (member id, e-mail or phone), normalised and borrowed from the record
/// where it can be; placeholders and normalisations are counted in `notes`. A member id that Excel wrote in
/// scientific notation rejects the row.
fn read_key<'r>(
    m: &Mapping,
    record: &Record<'r>,
    field: Field,
    notes: &mut KeyNotes,
) -> Result<Option<Cow<'r, str>>, RejectReason> {
    key_of_cell(m.get(record, field), field, notes)
}

/// [`read_key`] of a cell already taken from its record.
#[inline]
fn key_of_cell<'r>(
    cell: Cow<'r, str>,
    field: Field,
    notes: &mut KeyNotes,
) -> Result<Option<Cow<'r, str>>, RejectReason> {
    if cell.is_empty() {
        return Ok(None);
    }
    if field == Field::CustomerId && keys::is_scientific_notation(&cell) {
        return Err(excel_number(field, &cell));
    }
    let (key, written) = match cell {
        Cow::Borrowed(text) => (key_in(field, text), Cow::Borrowed(text)),
        // A key joined from several columns (楽天's phone number in three parts).
        Cow::Owned(text) => (key_in(field, &text).into_static(), Cow::Owned(text)),
    };
    Ok(match key {
        Key::Usable { key, changed } => {
            if changed {
                notes.normalised(field.name(), &written, &key);
            }
            Some(key)
        }
        Key::Placeholder => {
            notes.placeholder(field.name(), &written);
            None
        }
        Key::Absent => None,
    })
}

/// The key `text` holds as a cell of `field` (e-mail, phone, else member id).
#[inline]
fn key_in(field: Field, text: &str) -> Key<'_> {
    match field {
        Field::Email => keys::email_key(text),
        Field::Phone => keys::phone_key(text),
        _ => keys::member_key(text),
    }
}

/// An order id as a key: digits only are compared without leading zeros (Excel drops them from one export
/// and not another); one in scientific notation rejects the row.
fn order_key(id: Cow<'_, str>) -> Result<Cow<'_, str>, RejectReason> {
    let digits = id.bytes().all(|b| b.is_ascii_digit());
    // Scientific notation has an `E`: an id of digits only (most are) is not looked at again.
    if !digits && keys::is_scientific_notation(&id) {
        return Err(excel_number(Field::OrderId, &id));
    }
    Ok(match id {
        Cow::Borrowed(t) if digits && t.len() > 1 && t.starts_with('0') => {
            let kept = t.trim_start_matches('0');
            Cow::Borrowed(if kept.is_empty() { "0" } else { kept })
        }
        other => other,
    })
}

/// The reason for rejecting an id that Excel wrote in scientific notation.
fn excel_number(field: Field, id: &str) -> RejectReason {
    RejectReason::ScientificNotation {
        field,
        cell: clip(id),
    }
}

#[inline]
fn amount(
    m: &Mapping,
    record: &Record<'_>,
    field: Field,
    rounded: &mut RoundedAmounts,
) -> Result<Option<Amount>, RejectReason> {
    let text = m.get(record, field);
    // 楽天 writes -99999 for "no value".
    if text.is_empty() || text == "-99999" {
        return Ok(None);
    }
    let amount = read_amount(&text).map_err(|problem| RejectReason::UnreadableAmount {
        field,
        cell: clip(&text),
        problem,
    })?;
    if amount.rounded {
        rounded.add(&text);
    }
    Ok(Some(amount))
}

/// The currency of a row whose amounts carry a currency sign and that has no currency cell: none when the
/// sign fits the currency the user chose or the header names (the file's currency applies), else the sign's.
/// A sign that does not fit the chosen currency rejects the row: dollars are not read as yen.
fn currency_of_sign(
    m: &Mapping,
    field: Field,
    symbol: Symbol,
) -> Result<Option<Cow<'static, str>>, RejectReason> {
    if let Some(chosen) = &m.chosen_currency {
        return match symbol.fits(chosen) {
            true => Ok(None),
            false => Err(RejectReason::OtherSign {
                field,
                sign: symbol.sign().to_string(),
                chosen: chosen.clone(),
            }),
        };
    }
    if m.currency_hint
        .as_ref()
        .is_some_and(|c| symbol.fits(&c.code))
    {
        return Ok(None);
    }
    Ok(Some(Cow::Borrowed(symbol.code())))
}
