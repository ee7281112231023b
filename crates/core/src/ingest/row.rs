//! The typed row: what reading makes of one CSV record (or one order given as values) and what grouping takes
//! in, with the mapped header row grouping needs. `S` is a row's text: cells borrowed from the record, or
//! places in a batch while the row travels to where it is grouped.

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::file_note::FileNote;
use super::keys::KeyKind;
use super::options::Separator;
use super::parse::DateHint;
use super::presets::PresetId;
use crate::date::Day;
use crate::money::{Currency, Milli};

/// What grouping needs to know of a file's header row once it is mapped.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct MappedHeader {
    pub preset: PresetId,
    /// The header of each mapped field, for the report.
    pub columns: Vec<(Field, String)>,
    /// The mapping's notes for the report.
    pub notes: Vec<FileNote>,
    /// The currency the header or the preset implies, if any.
    pub currency: Option<Currency>,
    /// What separates the file's fields.
    pub separator: Separator,
}

/// The separator between the family and the given name in a customer's kept name.
pub(super) use crate::model::NAME_PARTS;

/// The typed values of one accepted row; `S` is its text: cells borrowed from the record as read, or places
/// in a `RowBatch` while the row waits to be added.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(super) struct RowValues<S> {
    pub order_id: Option<S>,
    #[serde(with = "day_number")]
    pub date: Option<Day>,
    /// What the date says about the order of day and month (`05/01/2024`).
    pub date_hint: DateHint,
    pub total: Option<Milli>,
    pub refunded: Option<Milli>,
    /// Line price × quantity, when the row has a price.
    pub line_value: Option<Milli>,
    pub cancelled: bool,
    pub incomplete: bool,
    /// Its status is one the user leaves out.
    pub excluded: bool,
    pub key: Option<S>,
    /// What kind of key `key` is (meaningless without one).
    pub key_kind: KeyKind,
    /// The e-mail address, normalised as for keys, and the phone number as written (its digits are kept), when
    /// the row has them.
    pub email: Option<S>,
    pub phone: Option<S>,
    /// The customer's name, when the row has one: the family name when the export has family and given
    /// names apart (then `given_name` is `Some`, either may be empty), else the full name as written.
    pub name: Option<S>,
    /// The given name, when the export has family and given names apart and the row has either.
    pub given_name: Option<S>,
    /// The currency code (three letters, any case), when the row names one.
    pub currency: Option<S>,
    /// The order's channel and coupon code as written, when the row has them (an order's first row gives
    /// them).
    pub channel: Option<S>,
    pub coupon: Option<S>,
    /// The product line the row carries, if it is one.
    pub line: Option<LineDraft<S>>,
}

impl<S> RowValues<S> {
    /// The same values with each text turned by `f`.
    pub fn map<T>(self, mut f: impl FnMut(S) -> T) -> RowValues<T> {
        RowValues {
            order_id: self.order_id.map(&mut f),
            date: self.date,
            date_hint: self.date_hint,
            total: self.total,
            refunded: self.refunded,
            line_value: self.line_value,
            cancelled: self.cancelled,
            incomplete: self.incomplete,
            excluded: self.excluded,
            key: self.key.map(&mut f),
            key_kind: self.key_kind,
            email: self.email.map(&mut f),
            phone: self.phone.map(&mut f),
            name: self.name.map(&mut f),
            given_name: self.given_name.map(&mut f),
            currency: self.currency.map(&mut f),
            channel: self.channel.map(&mut f),
            coupon: self.coupon.map(&mut f),
            line: self.line.map(|l| LineDraft {
                product_id: f(l.product_id),
                product_name: f(l.product_name),
                quantity: l.quantity,
                subscription: l.subscription,
            }),
        }
    }
}

/// A row's date as its day number in a batch's bytes (a [`Day`] is otherwise written as text).
mod day_number {
    use super::Day;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(day: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
        day.map(|d| d.0).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
        Ok(Option::<i32>::deserialize(d)?.map(Day))
    }
}

/// A product line as read.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(super) struct LineDraft<S> {
    pub product_id: S,
    pub product_name: S,
    pub quantity: i64,
    pub subscription: bool,
}
