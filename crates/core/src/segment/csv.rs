//! Writing a selection as CSV for spreadsheets and for mail and messaging tools: UTF-8 (with a BOM when the
//! file has a header row, which Excel needs) or Shift_JIS (`sjis`), CRLF line ends, cells neutralised against
//! formula injection, phone numbers in the chosen form (`phone`).

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::options::{Encoding, ExportOptions, LayoutKind, PhoneForm};
use super::phone::{e164, national, usable_phone};
use super::select::{contact_of, text_of, Selection};
use super::sjis::{encode_lines, ExportError, Replacements};
use super::table::{CustomerRow, CustomerTable, Outlook};
use crate::analysis::cohort::Granularity;
use crate::export::csv_cell;
use crate::model::Dataset;
use crate::money::minor_to_decimal;
use crate::table::push_cell;

/// Which columns an export has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A header of field names, then one row per customer.
    Fields(Vec<Field>),
    /// The distinct e-mail addresses, one per line, no header: the audience-upload form of mail tools.
    EmailList,
    /// The distinct phone numbers, one per line, no header: the audience-upload form of LINE 公式アカウント
    /// and SMS tools.
    PhoneList,
}

impl LayoutKind {
    /// The layout of this kind; `fields` are its columns when it has any.
    pub fn with_fields(self, fields: Vec<Field>) -> Layout {
        match self {
            LayoutKind::Fields => Layout::Fields(fields),
            LayoutKind::EmailList => Layout::EmailList,
            LayoutKind::PhoneList => Layout::PhoneList,
        }
    }
}

impl Layout {
    /// The fields of a full export: every field, the LTV ones and the names only when the table has them.
    pub fn all_fields(table: &CustomerTable) -> Layout {
        Layout::Fields(
            Field::ALL
                .into_iter()
                .filter(|f| (table.has_ltv || !f.needs_ltv()) && (table.has_names || !f.is_name()))
                .collect(),
        )
    }
}

/// One field of one customer as a cell: ids for choices, `YYYY-MM-DD` dates, amounts in currency units,
/// products as `id` (or name) joined by ` | `, phone numbers in their national form ([`national`]).
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
        Field::Customer
        | Field::Email
        | Field::Name
        | Field::NameFamily
        | Field::NameGiven
        | Field::FirstChannel
        | Field::FirstCoupon => text_of(field, row, ds).into_owned(),
        Field::Phone => national(contact_of(field, row, ds)),
        Field::Recency => row.recency_days.to_string(),
        Field::Frequency => row.frequency.to_string(),
        Field::Monetary => minor_to_decimal(row.monetary_minor, decimals),
        Field::Aov => minor_to_decimal(row.aov_minor, decimals),
        Field::RScore => row.r_score.to_string(),
        Field::FScore => row.f_score.to_string(),
        Field::MScore => row.m_score.to_string(),
        Field::RfmSegment => row.rfm_segment.id().to_string(),
        Field::CpmGroup => row.cpm_group.id().to_string(),
        Field::RfmSegmentAtFrom => row.rfm_segment_at_from_id().to_string(),
        Field::CpmGroupAtFrom => row.cpm_group_at_from_id().to_string(),
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
        Field::Clv => row.clv_minor.map_or(String::new(), |c| {
            minor_to_decimal(c.round() as i64, decimals)
        }),
        _ => outlook_cell(field, row.outlook.as_deref()),
    }
}

/// A look-ahead field's cell: empty without a prediction.
fn outlook_cell(field: Field, outlook: Option<&Outlook>) -> String {
    let Some(o) = outlook else {
        return String::new();
    };
    let orders = |e: Option<f64>| e.map_or(String::new(), |e| format!("{e:.3}"));
    match field {
        Field::PAlive30 => format!("{:.4}", o.ahead.p_alive_ahead[0]),
        Field::PAlive90 => format!("{:.4}", o.ahead.p_alive_ahead[1]),
        Field::ExpectedOrders30 => orders(o.ahead.expected[0]),
        Field::ExpectedOrders90 => orders(o.ahead.expected[1]),
        Field::ExpectedOrders365 => orders(o.ahead.expected[2]),
        Field::NextOrderFrom => o.next_order[0].map_or(String::new(), |d| d.to_string()),
        Field::NextOrderTo => o.next_order[1].map_or(String::new(), |d| d.to_string()),
        Field::ChurnRisk => o.ahead.churn_risk.id().to_string(),
        _ => String::new(),
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
    /// A phone list in E.164: customers whose number cannot be written so (see [`e164`]).
    pub not_e164: u64,
    /// The first [`SKIPPED_NAMED`] customers skipped as missing, unusable or without an E.164 form: customer
    /// key, and the value (empty when missing).
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

/// An export's records before encoding: each one's text without its line end, and the customer on it.
struct Records {
    /// The lines, each ended by CRLF: in UTF-8, the file itself (after its byte-order mark).
    text: String,
    /// Where each line ends in `text`, before its CRLF.
    ends: Vec<usize>,
    /// The customer of each line; `None` for the header.
    customers: Vec<Option<u32>>,
    list: Option<ListReport>,
    not_e164: Skipped,
}

impl Records {
    /// Ends the line written into `text`, of `customer` (`None` for the header).
    fn end_line(&mut self, customer: Option<u32>) {
        self.ends.push(self.text.len());
        self.text.push_str("\r\n");
        self.customers.push(customer);
    }

    /// The lines, without their CRLF.
    fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e + 2));
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start..end])
    }
}

/// Customers whose value an export left out, counted, the first [`SKIPPED_NAMED`] named with their value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// How many customers.
    pub count: u64,
    /// The first of them: customer key and value.
    pub named: Vec<(String, String)>,
}

impl Skipped {
    fn add(&mut self, row: &CustomerRow, value: &str, ds: &Dataset) {
        self.count += 1;
        if self.named.len() < SKIPPED_NAMED {
            let key = &ds.customer_keys[row.customer as usize];
            self.named.push((key.to_string(), value.to_string()));
        }
    }
}

/// The records of the selected customers in `layout`, and for a list what it skipped.
fn records(
    layout: &Layout,
    form: PhoneForm,
    selection: &Selection,
    table: &CustomerTable,
    ds: &Dataset,
) -> Records {
    let mut out = Records {
        text: String::new(),
        ends: Vec::with_capacity(selection.rows.len() + 1),
        customers: Vec::with_capacity(selection.rows.len() + 1),
        list: None,
        not_e164: Skipped::default(),
    };
    let rows = selection.rows.iter().map(|&i| &table.rows[i]);
    match layout {
        Layout::Fields(fields) => {
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.text.push(',');
                }
                push_cell(&mut out.text, f.name());
            }
            out.end_line(None);
            for row in rows {
                let line = &mut out.text;
                for (i, &f) in fields.iter().enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    let phone = contact_of(Field::Phone, row, ds);
                    if f != Field::Phone || form == PhoneForm::National || phone.is_empty() {
                        push_cell(line, &cell(f, row, ds));
                    } else if let Some(number) = e164(phone) {
                        // `+` and digits, which no spreadsheet runs as a formula: written as it is.
                        line.push_str(&number);
                    } else {
                        out.not_e164.add(row, phone, ds);
                    }
                }
                out.end_line(Some(row.customer));
            }
        }
        Layout::EmailList | Layout::PhoneList => {
            let phones = *layout == Layout::PhoneList;
            let mut report = ListReport::default();
            let mut seen = rustc_hash::FxHashSet::default();
            for row in rows {
                let (value, usable) = if phones {
                    let value = contact_of(Field::Phone, row, ds);
                    (value, usable_phone(value))
                } else {
                    let value = contact_of(Field::Email, row, ds);
                    (value, usable_email(value))
                };
                // A list's phone number is its digits, or in E.164 `+` and digits, written as it is.
                let written = match (usable, phones, form) {
                    (false, _, _) => None,
                    (true, true, PhoneForm::E164) => e164(value),
                    (true, _, _) => Some(csv_cell(value)),
                };
                let skipped = if value.is_empty() {
                    &mut report.missing
                } else if !usable {
                    &mut report.unusable
                } else if let Some(written) = written {
                    if seen.insert(value) {
                        report.written += 1;
                        out.text.push_str(&written);
                        out.end_line(Some(row.customer));
                    } else {
                        report.repeated += 1;
                    }
                    continue;
                } else {
                    &mut report.not_e164
                };
                *skipped += 1;
                if report.skipped.len() < SKIPPED_NAMED {
                    let key = &ds.customer_keys[row.customer as usize];
                    report.skipped.push((key.to_string(), value.to_string()));
                }
            }
            out.list = Some(report);
        }
    }
    out
}

/// An export's bytes, and what it left out or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The file's bytes, in the chosen encoding.
    pub bytes: Vec<u8>,
    /// For an e-mail or phone list, what it wrote and skipped; `None` for the fields layout.
    pub list: Option<ListReport>,
    /// The fields layout in E.164: the customers whose phone cell is empty because their number has no
    /// E.164 form ([`e164`]).
    pub phones_not_e164: Skipped,
    /// In Shift_JIS with a replacement chosen: the characters replaced, by line; `None` when none was.
    pub replaced: Option<Replacements>,
}

/// The selected customers as CSV bytes with the default options and `encoding` ([`export`] without its
/// reports).
pub fn export_csv(
    layout: &Layout,
    encoding: Encoding,
    selection: &Selection,
    table: &CustomerTable,
    ds: &Dataset,
) -> Result<Vec<u8>, ExportError> {
    export(layout, &encoding.into(), selection, table, ds).map(|e| e.bytes)
}

/// The selected customers as CSV as `options` say; an e-mail or phone list has one usable value per line
/// and reports the customers it skipped. Shift_JIS cannot hold every character (emoji, some accented
/// letters): then the export fails naming the first such character, its line and customer, unless the
/// options replace such characters, which are then reported.
pub fn export(
    layout: &Layout,
    options: &ExportOptions,
    selection: &Selection,
    table: &CustomerTable,
    ds: &Dataset,
) -> Result<Export, ExportError> {
    let records = records(layout, options.phone_form, selection, table, ds);
    let (bytes, replaced) = match options.encoding {
        Encoding::Utf8Bom => {
            // Excel needs the mark to read UTF-8; a list's tool would read it as part of the first value.
            // The lines are the file: the mark goes in front, in place (a file of millions of lines is not
            // held twice).
            let mut text = records.text;
            if matches!(layout, Layout::Fields(_)) {
                text.insert(0, '\u{FEFF}');
            }
            (text.into_bytes(), None)
        }
        Encoding::ShiftJis => {
            let key = |i: usize| {
                records.customers[i]
                    .map_or_else(String::new, |c| ds.customer_keys[c as usize].to_string())
            };
            encode_lines(records.lines(), key, options.unmappable)?
        }
    };
    Ok(Export {
        bytes,
        list: records.list,
        phones_not_e164: records.not_e164,
        replaced,
    })
}

#[cfg(test)]
mod tests {
    use super::usable_email;

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
    }
}
