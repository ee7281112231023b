//! A file's [`Mapping`] of columns onto the canonical fields, and reading a row's cells through it.
//!
//! [`resolve`] (in `resolve.rs`) picks the preset from the header row (or takes the user's), applies the user's
//! mapping on top, and fails naming the required fields still unmapped; [`suggest`] does the same without
//! failing, for the mapping screen.

use std::borrow::Cow;

use super::field::Field;
use super::file_note::FileNote;
use super::options::{DateOrder, Separator};
use super::presets::{
    spec, PresetId, ProductLineRule, SubscriptionRule, CANCEL_WORDS, INCOMPLETE_WORDS,
    UNPAID_STATUSES, UNPAID_WORDS,
};
use super::records::Record;
use super::row::MappedHeader;
use super::statuses::{StatusChoice, StatusClass};
use crate::money::Currency;

mod resolve;

use resolve::columns_of;
pub use resolve::{
    is_column_number, missing_required, numbered_columns, resolve, resolve_headerless, suggest,
    Suggestion,
};
pub(super) use resolve::{normalise_header, suggest_sources};

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Source {
    Column(usize),
    /// Several columns joined (楽天's phone number in three parts).
    Concat(Vec<usize>),
}

/// The resolved mapping of one file's columns.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// The preset in use.
    pub preset: PresetId,
    sources: Vec<Option<Source>>,
    /// Each field's column as [`Mapping::get`] reads it every row: a column number, [`UNMAPPED`] or
    /// [`JOINED`] (see `sources`).
    cells: [u32; Field::ALL.len()],
    headers: Vec<String>,
    product_line_column: Option<(usize, &'static [&'static str])>,
    /// The fields that can key a customer, in order of preference: the preset's, after a customer id column
    /// when the file has one the preset does not use (mapped by the user).
    keys: Vec<Field>,
    /// The currency suggested by the total column's header (`amount_usd`, `金額(円)`).
    pub currency_hint: Option<Currency>,
    /// Notes for the data-quality report (fallbacks, key choices).
    pub notes: Vec<FileNote>,
    /// The statuses the user counts or leaves out.
    pub statuses: StatusChoice,
    /// The currency the user chose, if any: amounts with a sign that fits it are in it.
    pub chosen_currency: Option<String>,
    /// The order of day and month the user chose for dates written with the year last.
    pub date_order: Option<DateOrder>,
    /// The file has no header row: its columns are `column 1`, `column 2`, … and its first row is data.
    pub headerless: bool,
}

/// Whether `needle` occurs in `haystack`, ASCII letters compared case-insensitively (runs once per row, so it
/// does not allocate a lower-cased copy).
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// A status as [`UNPAID_STATUSES`] are written: lower case, `_` and `-` as spaces, without a `wc-` prefix.
fn payment_status(status: &str) -> String {
    let lower = status.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("wc-").unwrap_or(&lower);
    lower.replace(['_', '-'], " ")
}

/// Whether a cell is how a database dump writes "no value": `NULL`, `null`, `\N`, `(null)`. It reads as
/// empty, in every column.
#[inline(always)]
pub(super) fn is_null(cell: &str) -> bool {
    // Every cell is asked: most are ruled out by their length or first byte.
    match (cell.len(), cell.as_bytes().first()) {
        (2 | 4 | 6, Some(b'N' | b'n' | b'\\' | b'(')) => is_null_text(cell),
        _ => false,
    }
}

#[cold]
#[inline(never)]
fn is_null_text(cell: &str) -> bool {
    cell.eq_ignore_ascii_case("null") || cell == "\\N" || cell.eq_ignore_ascii_case("(null)")
}

/// The cells of `columns`, trimmed, one after the other (a field some presets read from several columns).
#[inline(never)]
fn concat(record: &Record<'_>, columns: &[usize]) -> String {
    columns
        .iter()
        .map(|i| crate::text::trim(record.get(*i).unwrap_or("")))
        .filter(|cell| !is_null(cell))
        .collect()
}

/// In [`Mapping::cells`]: the field has no column.
const UNMAPPED: u32 = u32::MAX;
/// In [`Mapping::cells`]: the field joins several columns.
const JOINED: u32 = u32::MAX - 1;

/// The table of [`Mapping::cells`] for these sources.
fn cells_of(sources: &[Option<Source>]) -> [u32; Field::ALL.len()] {
    let mut cells = [UNMAPPED; Field::ALL.len()];
    for (cell, source) in cells.iter_mut().zip(sources) {
        *cell = match source {
            None => UNMAPPED,
            Some(Source::Column(i)) => u32::try_from(*i).unwrap_or(UNMAPPED).min(JOINED - 1),
            Some(Source::Concat(_)) => JOINED,
        };
    }
    cells
}

impl Mapping {
    /// The value of `field` in a record, trimmed; empty when unmapped or missing. Every row asks for every
    /// field, so this is inlined and reads a flat table.
    #[inline(always)]
    pub fn get<'r>(&self, record: &Record<'r>, field: Field) -> Cow<'r, str> {
        match self.cells[field.index()] {
            UNMAPPED => Cow::Borrowed(""),
            JOINED => Cow::Owned(self.joined(record, field)),
            i => {
                let cell = crate::text::trim(record.get(i as usize).unwrap_or(""));
                Cow::Borrowed(if is_null(cell) { "" } else { cell })
            }
        }
    }

    /// The cells of a field read from several columns, joined.
    #[cold]
    fn joined(&self, record: &Record<'_>, field: Field) -> String {
        match &self.sources[field.index()] {
            Some(Source::Concat(cols)) => concat(record, cols),
            _ => String::new(),
        }
    }

    /// The header of column `i`.
    pub fn header(&self, i: usize) -> Option<&str> {
        self.headers.get(i).map(String::as_str)
    }

    /// The field read from column `i` alone, if one is.
    pub fn field_of_column(&self, i: usize) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| matches!(self.sources[f.index()], Some(Source::Column(c)) if c == i))
    }

    /// Number of columns in the header row.
    pub fn columns_len(&self) -> usize {
        self.headers.len()
    }

    /// Whether the customer's name has a column: checked on every row before reading names, so that a file
    /// without them pays three table reads.
    #[inline(always)]
    pub fn reads_names(&self) -> bool {
        [Field::NameFamily, Field::NameGiven, Field::Name]
            .iter()
            .any(|f| self.cells[f.index()] != UNMAPPED)
    }

    /// Whether `field` has a column.
    pub fn has(&self, field: Field) -> bool {
        self.sources[field.index()].is_some()
    }

    /// The header of each mapped field, for the report.
    pub fn columns(&self) -> Vec<(Field, String)> {
        columns_of(&self.sources, &self.headers)
    }

    /// The fields identifying the customer, in order of preference.
    pub fn key_fields(&self) -> &[Field] {
        &self.keys
    }

    /// The currency the total column's header or else the preset implies, if any.
    pub fn implied_currency(&self) -> Option<Currency> {
        self.currency_hint
            .clone()
            .or_else(|| self.default_currency())
    }

    /// What grouping the rows into orders needs to know of the mapped header.
    pub(super) fn mapped_header(&self) -> MappedHeader {
        MappedHeader {
            preset: self.preset,
            columns: self.columns(),
            notes: self.notes.clone(),
            currency: self.implied_currency(),
            separator: Separator::Comma,
        }
    }

    /// The preset's default currency, if it has one.
    pub fn default_currency(&self) -> Option<Currency> {
        spec(self.preset)
            .default_currency
            .and_then(Currency::from_code)
    }

    /// Whether a status value means the order was cancelled (or returned).
    pub fn is_cancelled_status(&self, status: &str) -> bool {
        let spec = spec(self.preset);
        CANCEL_WORDS
            .iter()
            .any(|w| contains_ignore_ascii_case(status, w))
            || spec.cancel_codes.contains(&status)
            || (spec.payment_statuses && payment_status(status) == "refunded")
    }

    /// What a status value makes of its order: the user's choice, else cancelled, never completed or a
    /// purchase as the preset reads it.
    pub fn status_class(&self, status: &str) -> StatusClass {
        if let Some(class) = self.statuses.class_of(status) {
            class
        } else if self.is_cancelled_status(status) {
            StatusClass::Cancelled
        } else if self.is_incomplete_status(status) {
            StatusClass::Incomplete
        } else {
            StatusClass::Purchase
        }
    }

    /// Whether a status value means the order never completed (or, where the preset reads payment statuses,
    /// that no money was taken).
    pub fn is_incomplete_status(&self, status: &str) -> bool {
        INCOMPLETE_WORDS.iter().any(|w| status.contains(w))
            || (spec(self.preset).payment_statuses
                && (UNPAID_WORDS.iter().any(|w| status.contains(w))
                    || UNPAID_STATUSES.contains(&payment_status(status).as_str())))
    }

    /// Whether the subscription cell marks a subscription line.
    pub fn is_subscription(&self, value: &str) -> bool {
        match spec(self.preset).subscription {
            SubscriptionRule::Truthy => super::parse::is_truthy(value),
            SubscriptionRule::Contains(word) => value.to_lowercase().contains(word),
        }
    }

    /// Whether a row is a product line (not shipping, a fee or an option row).
    pub fn is_product_line(&self, record: &Record<'_>) -> bool {
        match spec(self.preset).product_lines {
            ProductLineRule::All => true,
            ProductLineRule::ColumnIs(..) => match self.product_line_column {
                Some((i, values)) => values.contains(&record.get(i).unwrap_or("").trim()),
                None => true,
            },
            ProductLineRule::NameNotPrefix(prefix) => {
                !self.get(record, Field::ProductName).starts_with(prefix)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::MappingError;
    use super::super::presets::PresetChoice;
    use super::*;

    #[test]
    fn detects_each_cart_from_its_real_header_row() {
        let shopify = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Cancelled at,Refunded Amount,Id,Tags,Phone";
        let eccube = "注文ID,注文番号,会員ID,メールアドレス,TEL,合計,支払合計,対応状況(ID),対応状況(名称),受注日,商品名,商品コード,価格,個数,明細区分(ID),明細区分(名称)";
        let rakuten = "受注番号,受注ステータス,注文日時,合計金額(-99999=無効値),注文者電話番号１,注文者電話番号２,注文者電話番号３,メールアドレス,商品名,商品番号,単価,個数";
        let base = "注文ID,注文日時,電話番号(請求先),メールアドレス(請求先),商品名,価格,数量,合計金額,送料,発送状況,商品ID";
        let ecforce = "受注ID,受注番号,顧客番号,購入URL,購入オファー,定期受注番号,メールアドレス,小計,支払い合計,受注日";
        for (header, id) in [
            (shopify, PresetId::Shopify),
            (eccube, PresetId::EcCube),
            (rakuten, PresetId::Rakuten),
            (base, PresetId::Base),
            (ecforce, PresetId::Ecforce),
        ] {
            let cols: Vec<&str> = header.split(',').collect();
            let m = resolve(&cols, PresetChoice::Auto, &[]).unwrap();
            assert_eq!(m.preset, id);
        }
    }

    #[test]
    fn unknown_headers_fall_back_to_generic_by_name() {
        let m = resolve(
            &["Order Number", "Order Date", "Customer ID", "Amount"],
            PresetChoice::Auto,
            &[],
        )
        .unwrap();
        assert_eq!(m.preset, PresetId::Generic);
        let cols: Vec<String> = m
            .columns()
            .into_iter()
            .map(|(f, c)| format!("{}={c}", f.name()))
            .collect();
        assert_eq!(
            cols,
            [
                "order_id=Order Number",
                "order_date=Order Date",
                "customer_id=Customer ID",
                "order_total=Amount"
            ]
        );
        assert!(m.notes[0].to_string().contains("generic"));
        assert!(
            m.notes[1]
                .to_string()
                .contains("email, phone, refunded, status"),
            "{:?}",
            m.notes
        );
    }

    #[test]
    fn missing_fields_are_named_with_the_columns_found() {
        let err = resolve(
            &["customer_id", "when", "paid_usd"],
            PresetChoice::Auto,
            &[],
        )
        .unwrap_err();
        let MappingError::Missing { fields, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(fields, &[Field::OrderDate, Field::OrderTotal]);
        assert!(err.to_string().contains("order_date, order_total"), "{err}");
        assert!(
            err.to_string().contains("customer_id, when, paid_usd"),
            "{err}"
        );
    }

    #[test]
    fn user_mapping_completes_a_generic_file_and_names_the_currency() {
        let user = vec![
            (Field::OrderDate, "when".to_string()),
            (Field::OrderTotal, "amount_usd".to_string()),
        ];
        let m = resolve(
            &["customer_id", "when", "amount_usd"],
            PresetChoice::Named(PresetId::Generic),
            &user,
        )
        .unwrap();
        assert_eq!(m.currency_hint.unwrap().code, "USD");
        let unmapped = vec![(Field::Status, String::new())];
        let m = resolve(
            &["customer_id", "order_date", "total", "status"],
            PresetChoice::Auto,
            &unmapped,
        )
        .unwrap();
        assert!(m.has(Field::OrderTotal) && !m.has(Field::Status));
        let bad = vec![(Field::OrderDate, "nope".to_string())];
        assert!(matches!(
            resolve(&["customer_id"], PresetChoice::Auto, &bad),
            Err(MappingError::NoSuchColumn {
                field: Field::OrderDate,
                ..
            })
        ));
    }

    #[test]
    fn cancelled_statuses_are_found_in_any_case_and_script() {
        let m = resolve(
            &["order_date", "email", "order_total"],
            PresetChoice::Auto,
            &[],
        )
        .unwrap();
        for yes in [
            "Cancelled",
            "CANCELED",
            "voided",
            "注文取消し",
            "キャンセル確定",
            "返品",
            // The generic preset reads payment statuses: a whole "refunded" is a return.
            "refunded",
        ] {
            assert!(m.is_cancelled_status(yes), "{yes}");
        }
        for no in ["paid", "発送済み", "partially_refunded", "新規受付"] {
            assert!(!m.is_cancelled_status(no), "{no}");
        }
    }

    #[test]
    fn preset_names_parse() {
        assert_eq!(
            "ec-cube".parse::<PresetChoice>(),
            Ok(PresetChoice::Named(PresetId::EcCube))
        );
        assert_eq!("auto".parse::<PresetChoice>(), Ok(PresetChoice::Auto));
        assert!("magento"
            .parse::<PresetChoice>()
            .unwrap_err()
            .contains("shopify"));
    }
}
