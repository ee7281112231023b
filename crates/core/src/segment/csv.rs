//! Writing a selection as CSV for spreadsheets and for mail and messaging tools: UTF-8 with BOM (Excel opens it
//! correctly) or Shift_JIS, CRLF line ends, cells neutralised against formula injection.

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::message::Message;
use super::select::{text_of, Selection};
use super::table::{CustomerRow, CustomerTable};
use crate::analysis::cohort::Granularity;
use crate::export::csv_cell;
use crate::model::Dataset;
use crate::params::ParamError;
use crate::table::Table;

/// The text encoding of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 with a byte-order mark.
    #[default]
    Utf8Bom,
    /// Shift_JIS (Windows code page 932), for older Japanese tools.
    ShiftJis,
}

/// Which columns an export has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A header of field names, then one row per customer.
    Fields(Vec<Field>),
    /// The distinct e-mail addresses, one per line, no header: the audience-upload form of mail tools.
    EmailList,
    /// The distinct phone numbers (digits only), one per line, no header: the audience-upload form of
    /// LINE 公式アカウント and SMS tools.
    PhoneList,
}

/// The kind of [`Layout`], without its fields: what a command line, a form or JS options choose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutKind {
    /// A header and the chosen fields, one row per customer.
    #[default]
    Fields,
    /// The distinct usable e-mail addresses, one per line, for mail tools.
    EmailList,
    /// The distinct usable phone numbers, one per line, for SMS and LINE tools.
    PhoneList,
}

impl LayoutKind {
    /// Every kind, with its id (`fields`, `email-list`, `phone-list`).
    pub const ALL: [LayoutKind; 3] = [
        LayoutKind::Fields,
        LayoutKind::EmailList,
        LayoutKind::PhoneList,
    ];

    /// The id used on the command line, in forms and in JS options.
    pub fn id(self) -> &'static str {
        match self {
            LayoutKind::Fields => "fields",
            LayoutKind::EmailList => "email-list",
            LayoutKind::PhoneList => "phone-list",
        }
    }

    /// The layout of this kind; `fields` are its columns when it has any.
    pub fn with_fields(self, fields: Vec<Field>) -> Layout {
        match self {
            LayoutKind::Fields => Layout::Fields(fields),
            LayoutKind::EmailList => Layout::EmailList,
            LayoutKind::PhoneList => Layout::PhoneList,
        }
    }
}

impl std::str::FromStr for LayoutKind {
    type Err = ParamError;

    /// Reads an [`id`](LayoutKind::id), case-insensitively.
    fn from_str(s: &str) -> Result<LayoutKind, ParamError> {
        let id = s.trim().to_ascii_lowercase();
        LayoutKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| ParamError::Layout { text: s.into() })
    }
}

impl std::str::FromStr for Encoding {
    type Err = ParamError;

    /// `utf-8` (also `utf8`, `utf8-bom`) or `shift-jis` (also `sjis`, `cp932`), any case, `_` as `-`.
    fn from_str(s: &str) -> Result<Encoding, ParamError> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" | "utf8-bom" => Ok(Encoding::Utf8Bom),
            "shift-jis" | "sjis" | "cp932" => Ok(Encoding::ShiftJis),
            _ => Err(ParamError::OutEncoding { text: s.into() }),
        }
    }
}

impl Layout {
    /// The fields of a full export: every field, the LTV ones only when the table has them.
    pub fn all_fields(table: &CustomerTable) -> Layout {
        Layout::Fields(
            Field::ALL
                .into_iter()
                .filter(|f| table.has_ltv || !f.needs_ltv())
                .collect(),
        )
    }
}

/// Why an export could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportError(pub Message);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ExportError {}

/// Minor units as a decimal amount in currency units: `123456` yen → `123456`, `1250` cents → `12.50`.
fn amount(minor: i64, decimals: u32) -> String {
    if decimals == 0 {
        return minor.to_string();
    }
    let scale = 10_i64.pow(decimals);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    let s = scale as u64;
    format!(
        "{sign}{}.{:0width$}",
        m / s,
        m % s,
        width = decimals as usize
    )
}

/// One field of one customer as a cell: ids for choices, `YYYY-MM-DD` dates, amounts in currency units,
/// products as `id` (or name) joined by ` | `.
pub fn cell(field: Field, row: &CustomerRow, ds: &Dataset) -> String {
    let decimals = ds.currency.decimals;
    let products = |list: &[u32]| {
        list.iter()
            .map(|&p| {
                let p = &ds.products[p as usize];
                if p.id.is_empty() {
                    p.name.as_str()
                } else {
                    p.id.as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match field {
        Field::Customer | Field::Email | Field::Phone => text_of(field, row, ds).to_string(),
        Field::Recency => row.recency_days.to_string(),
        Field::Frequency => row.frequency.to_string(),
        Field::Monetary => amount(row.monetary_minor, decimals),
        Field::Aov => amount(row.aov_minor, decimals),
        Field::RScore => row.r_score.to_string(),
        Field::FScore => row.f_score.to_string(),
        Field::MScore => row.m_score.to_string(),
        Field::RfmSegment => row.rfm_segment.id().to_string(),
        Field::CpmGroup => row.cpm_group.id().to_string(),
        Field::Cohort => Granularity::Month.label(row.cohort),
        Field::FirstOrder => row.first_order.to_string(),
        Field::LastOrder => row.last_order.to_string(),
        Field::DaysSinceFirst => row.days_since_first.to_string(),
        Field::FirstProduct => products(&row.first_products),
        Field::Products => products(&row.products),
        Field::Subscription => row.subscription.id().to_string(),
        Field::SubscriptionOrders => row.subscription_orders.to_string(),
        Field::PAlive => row.p_alive.map_or(String::new(), |p| format!("{p:.4}")),
        Field::ExpectedOrders => row
            .expected_orders
            .map_or(String::new(), |e| format!("{e:.3}")),
        Field::Clv => row
            .clv_minor
            .map_or(String::new(), |c| amount(c.round() as i64, decimals)),
    }
}

/// How many skipped customers an e-mail or phone list names.
pub const SKIPPED_NAMED: usize = 5;

/// What an e-mail or phone list did with the selected customers: one line per distinct usable value, and the
/// customers it skipped, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListReport {
    /// Lines written: the distinct usable addresses or numbers.
    pub written: u64,
    /// Customers without a value: none in their orders, or only placeholders (`N/A`, `-`, `0000000000`),
    /// which reading takes for no value.
    pub missing: u64,
    /// Customers whose value is not one usable address or number (see [`usable_email`], [`usable_phone`]).
    pub unusable: u64,
    /// Customers whose value was already written for another customer.
    pub repeated: u64,
    /// The first [`SKIPPED_NAMED`] customers skipped as missing or unusable: customer key, and the value
    /// (empty when missing).
    pub skipped: Vec<(String, String)>,
}

/// Whether an e-mail address (as reading normalised it) can go on a mail tool's list as it is: one `@`,
/// a domain with a dot inside it, none of the characters that separate or quote addresses (`,;<>()[]"'`
/// and `\`), and no start a spreadsheet would run as a formula (`=`, `+`, `-`, `@`), which the Excel-safe
/// writer would have to change.
pub fn usable_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.starts_with(['=', '+', '-', '@'])
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || ",;<>()[]\"'\\".contains(c))
}

/// Whether a phone number (as reading normalised it: its digits) can go on a list as one number: 8 to 15
/// digits, the most a number has (E.164); more are several numbers written in one cell.
pub fn usable_phone(phone: &str) -> bool {
    (8..=15).contains(&phone.len()) && phone.bytes().all(|b| b.is_ascii_digit())
}

/// The CSV text (without BOM) of the selected customers in `layout`, and for a list what it skipped.
fn text(
    layout: &Layout,
    selection: &Selection,
    table: &CustomerTable,
    ds: &Dataset,
) -> (String, Option<ListReport>) {
    let mut out = String::new();
    let rows = selection.rows.iter().map(|&i| &table.rows[i]);
    match layout {
        Layout::Fields(fields) => {
            let header: Vec<&str> = fields.iter().map(|f| f.name()).collect();
            let table = Table::new(&header)
                .with_rows(rows.map(|row| fields.iter().map(|&f| cell(f, row, ds)).collect()));
            (table.body_csv(), None)
        }
        Layout::EmailList | Layout::PhoneList => {
            let (field, usable): (Field, fn(&str) -> bool) = if *layout == Layout::EmailList {
                (Field::Email, usable_email)
            } else {
                (Field::Phone, usable_phone)
            };
            let mut report = ListReport::default();
            let mut seen = rustc_hash::FxHashSet::default();
            for row in rows {
                let value = text_of(field, row, ds);
                let skipped = if value.is_empty() {
                    &mut report.missing
                } else if !usable(value) {
                    &mut report.unusable
                } else if seen.insert(value) {
                    report.written += 1;
                    out.push_str(&csv_cell(value));
                    out.push_str("\r\n");
                    continue;
                } else {
                    report.repeated += 1;
                    continue;
                };
                *skipped += 1;
                if report.skipped.len() < SKIPPED_NAMED {
                    let key = &ds.customer_keys[row.customer as usize];
                    report.skipped.push((key.to_string(), value.to_string()));
                }
            }
            (out, Some(report))
        }
    }
}

/// An export's bytes, and for an e-mail or phone list what it skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The file's bytes, in the chosen encoding.
    pub bytes: Vec<u8>,
    /// For an e-mail or phone list, what it wrote and skipped; `None` for the fields layout.
    pub list: Option<ListReport>,
}

/// The selected customers as CSV bytes in `encoding` ([`export`] without the list's report).
pub fn export_csv(
    layout: &Layout,
    encoding: Encoding,
    selection: &Selection,
    table: &CustomerTable,
    ds: &Dataset,
) -> Result<Vec<u8>, ExportError> {
    export(layout, encoding, selection, table, ds).map(|e| e.bytes)
}

/// The selected customers as CSV in `encoding`; an e-mail or phone list has one usable value per line and
/// reports the customers it skipped. Shift_JIS cannot hold every character (emoji, some accented letters):
/// then the export fails naming the first such cell, rather than writing `?` in its place.
pub fn export(
    layout: &Layout,
    encoding: Encoding,
    selection: &Selection,
    table: &CustomerTable,
    ds: &Dataset,
) -> Result<Export, ExportError> {
    let (text, list) = text(layout, selection, table, ds);
    let bytes = encode(&text, encoding)?;
    Ok(Export { bytes, list })
}

/// `text` in `encoding`.
fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, ExportError> {
    match encoding {
        Encoding::Utf8Bom => {
            let mut bytes = Vec::with_capacity(text.len() + 3);
            bytes.extend_from_slice("\u{FEFF}".as_bytes());
            bytes.extend_from_slice(text.as_bytes());
            Ok(bytes)
        }
        Encoding::ShiftJis => {
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
            if !unmappable {
                return Ok(bytes.into_owned());
            }
            let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
            for (line_no, line) in text.split("\r\n").enumerate() {
                if let Some(ch) = line.chars().find(|c| encoder_cannot(&mut encoder, *c)) {
                    let shown: String = line.chars().take(80).collect();
                    return Err(ExportError(Message::new(
                        format!(
                            "line {} of the export has '{ch}' (U+{:04X}), which Shift_JIS cannot hold: {shown}. \
                             Export in UTF-8 instead.",
                            line_no + 1,
                            ch as u32,
                        ),
                        format!(
                            "書き出しの{}行目の「{ch}」(U+{:04X}) は Shift_JIS で表せません: {shown}。\
                             UTF-8 で書き出してください。",
                            line_no + 1,
                            ch as u32,
                        ),
                    )));
                }
            }
            Err(ExportError(Message::new(
                "the export has characters Shift_JIS cannot hold; export in UTF-8 instead",
                "Shift_JIS で表せない文字があります。UTF-8 で書き出してください。",
            )))
        }
    }
}

fn encoder_cannot(encoder: &mut encoding_rs::Encoder, ch: char) -> bool {
    let mut buf = [0u8; 16];
    let mut s = [0u8; 4];
    let (result, _, _) =
        encoder.encode_from_utf8_without_replacement(ch.encode_utf8(&mut s), &mut buf, false);
    matches!(result, encoding_rs::EncoderResult::Unmappable(_))
}

#[cfg(test)]
mod tests {
    use super::{amount, usable_email, usable_phone};

    #[test]
    fn list_values_are_one_address_or_number_each() {
        for ok in [
            "a@example.jp",
            "taro.yamada+shop@mail.example.co.jp",
            "x_1@a.b",
        ] {
            assert!(usable_email(ok), "{ok}");
        }
        for bad in [
            "a@example.jp;b@example.jp",
            "a@example.jp,b@example.jp",
            "a@b@example.jp",
            "a@localhost",
            "a@example.",
            "a@.jp",
            "=cmd@example.jp",
            "-a@example.jp",
            "\"a\"@example.jp",
            "<a@example.jp>",
            "@example.jp",
            "a",
        ] {
            assert!(!usable_email(bad), "{bad}");
        }
        assert!(usable_phone("09012345678") && usable_phone("14155550100"));
        assert!(!usable_phone("031234567809087654321"));
        assert!(!usable_phone("1234567") && !usable_phone(""));
    }

    #[test]
    fn writes_amounts_in_currency_units() {
        assert_eq!(amount(123_456, 0), "123456");
        assert_eq!(amount(1250, 2), "12.50");
        assert_eq!(amount(-5, 2), "-0.05");
        assert_eq!(amount(1_000_001, 3), "1000.001");
    }
}
