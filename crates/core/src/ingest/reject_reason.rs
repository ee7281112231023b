//! Why a row or an order is rejected: [`RejectReason`], one kind per rule with the values it names (the cell,
//! the field, the lines, the limit …). Its `Display` is the English the data-quality report, the rejects CSV
//! and the command line write; the JSON reports and the JS API give the kind and its values beside it, so
//! that a front end can word each kind in another language.

use serde::{Deserialize, Serialize};

use super::field::Field;
use crate::amount::AmountError;
use crate::date::Day;
use crate::money::group_thousands;

/// Why a row (a CSV record, or an entry of orders given as values) or a whole order cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// A quote opened in a column is never closed, so the lines from `first_line` to `last_line` were read as
    /// one row. `column` is the column's header (empty without a header row), `column_number` its number
    /// from 1, `field` the field read from it, if one is.
    UnclosedQuote {
        /// The field read from the column, if one is.
        field: Option<Field>,
        /// The column's header, empty without a header row.
        column: String,
        /// The column's number, from 1.
        column_number: usize,
        /// Whether the file has no header row.
        headerless: bool,
        /// The line the row starts on.
        first_line: u64,
        /// The line the row ends on.
        last_line: u64,
    },
    /// The row has `fields` fields and the header row (the first row, without one) `expected`; a quoted field
    /// holds line breaks when `last_line` is after `first_line`.
    FieldCount {
        /// The number of fields in the row.
        fields: usize,
        /// The number of fields in the header row (the first row, without one).
        expected: usize,
        /// Whether the file has no header row.
        headerless: bool,
        /// The line the row starts on.
        first_line: u64,
        /// The line the row ends on.
        last_line: u64,
    },
    /// The order id cell is empty.
    EmptyOrderId,
    /// The order date cell is not a date.
    UnreadableDate {
        /// The cell as written.
        cell: String,
    },
    /// The order date lies outside `earliest`..=`latest`, the plausible order dates.
    ImplausibleDate {
        /// The date read.
        date: Day,
        /// The earliest plausible order date.
        earliest: String,
        /// The latest plausible order date.
        latest: String,
    },
    /// An amount cell of `field` is not an amount, for `problem`.
    UnreadableAmount {
        /// The field the cell is read for.
        field: Field,
        /// The cell as written.
        cell: String,
        /// Why the cell is not an amount.
        problem: AmountError,
    },
    /// The quantity cell is not a whole number.
    UnreadableQuantity {
        /// The cell as written.
        cell: String,
    },
    /// The currency cell is not a currency code.
    UnknownCurrency {
        /// The cell as written.
        cell: String,
    },
    /// An id of `field` is a number Excel wrote in scientific notation, which lost its last digits.
    ScientificNotation {
        /// The field the id is read for.
        field: Field,
        /// The cell as written.
        cell: String,
    },
    /// An amount of `field` is written with the currency sign `sign`, not in `chosen`, the currency chosen.
    OtherSign {
        /// The field the amount is read for.
        field: Field,
        /// The currency sign the amount is written with.
        sign: String,
        /// The currency chosen.
        chosen: String,
    },
    /// The file ends inside the first character of this line (a file cut off).
    CutInFirstCharacter,
    /// The file ends inside a character of this row.
    CutInCharacter,
    /// The file ends inside a quoted field of this row.
    CutInQuotedField,
    /// The file ends after `fields` of this row's `expected` fields.
    CutAfterFields {
        /// The number of fields read before the file ends.
        fields: usize,
        /// The number of fields the row should have.
        expected: usize,
    },
    /// An entry of orders given as values is not an order object: it is `found` (`string`, `an array`, …).
    NotAnOrder {
        /// What the entry is instead (`string`, `an array`, …).
        found: String,
    },
    /// The entry's `products` is not an array.
    ProductsNotAList {
        /// What `products` is instead.
        found: String,
    },
    /// The entry's product at `index` (from 0) is not a product object.
    NotAProduct {
        /// The product's index in `products`, from 0.
        index: usize,
        /// What the product is instead.
        found: String,
    },
    /// The entry's property `name` could not be read.
    UnreadableProperty {
        /// The property's name.
        name: String,
    },
    /// The entry's property `name` is a number that cannot be read (`NaN`, `Infinity`).
    NotAFiniteNumber {
        /// The property's name.
        name: String,
        /// The number as written (`NaN`, `Infinity`).
        value: String,
    },
    /// The entry's property `name` is an invalid date.
    InvalidDateValue {
        /// The property's name.
        name: String,
    },
    /// The entry's property `name` is neither text nor a number.
    NotText {
        /// The property's name.
        name: String,
        /// What the property is instead.
        found: String,
    },
    /// The entry's property `name` is neither true nor false.
    NotAFlag {
        /// The property's name.
        name: String,
        /// What the property is instead.
        found: String,
    },
    /// The order (`order`: its id, when it has one) is in `currency`, not in `chosen`, the currency chosen.
    OtherCurrency {
        /// The order's id, when it has one.
        order: Option<String>,
        /// The order's currency.
        currency: String,
        /// The currency chosen.
        chosen: String,
    },
    /// No row of the order has an order date.
    NoOrderDate {
        /// The order's id, when it has one.
        order: Option<String>,
    },
    /// No row of the order has an order total (nor prices).
    NoOrderTotal {
        /// The order's id, when it has one.
        order: Option<String>,
    },
    /// The order's value (`value` in `currency`, in currency units) is over `limit` units.
    ImplausibleValue {
        /// The order's id, when it has one.
        order: Option<String>,
        /// The order's value, in currency units.
        value: String,
        /// The order's currency.
        currency: String,
        /// The largest value accepted, in currency units.
        limit: u64,
    },
    /// A cell of a customers table is empty or not the value its column needs.
    CustomerCell {
        /// The column's header.
        column: String,
        /// The cell as written (empty for an empty cell).
        cell: String,
        /// What the column needs.
        expected: CustomerValue,
    },
    /// A customers table's row whose figures contradict each other.
    CustomerFigures {
        /// How they do.
        problem: FiguresProblem,
    },
    /// A customers table's row of a customer key that an earlier row already has.
    DuplicateCustomer {
        /// The key.
        key: String,
        /// The line of the earlier row.
        first_line: u64,
    },
    /// The order's amount has more decimals than its currency has.
    TooManyDecimals {
        /// The order's id, when it has one.
        order: Option<String>,
        /// The amount as written.
        amount: String,
        /// The order's currency.
        currency: String,
    },
}

impl RejectReason {
    /// The field at fault, if one is.
    pub fn field(&self) -> Option<Field> {
        use RejectReason::*;
        match self {
            UnclosedQuote { field, .. } => *field,
            EmptyOrderId => Some(Field::OrderId),
            UnreadableDate { .. } | ImplausibleDate { .. } | NoOrderDate { .. } => {
                Some(Field::OrderDate)
            }
            UnreadableAmount { field, .. }
            | ScientificNotation { field, .. }
            | OtherSign { field, .. } => Some(*field),
            UnreadableQuantity { .. } => Some(Field::Quantity),
            UnknownCurrency { .. } | OtherCurrency { .. } => Some(Field::Currency),
            NoOrderTotal { .. } | ImplausibleValue { .. } | TooManyDecimals { .. } => {
                Some(Field::OrderTotal)
            }
            FieldCount { .. }
            | CutInFirstCharacter
            | CutInCharacter
            | CutInQuotedField
            | CutAfterFields { .. }
            | NotAnOrder { .. }
            | ProductsNotAList { .. }
            | NotAProduct { .. }
            | UnreadableProperty { .. }
            | NotAFiniteNumber { .. }
            | InvalidDateValue { .. }
            | NotText { .. }
            | NotAFlag { .. }
            | CustomerCell { .. }
            | CustomerFigures { .. }
            | DuplicateCustomer { .. } => None,
        }
    }

    /// The kind, as the JSON reports name it (`unreadable_date`), and its values as an object.
    pub fn kind_and_values(&self) -> (String, serde_json::Value) {
        crate::tagged::kind_and_values(self)
    }
}

/// What a column of a customers table needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerValue {
    /// A customer key: any text that is not empty.
    Key,
    /// A date.
    Date,
    /// A whole number of 1 or more.
    Count,
    /// An amount in the currency, with no more decimals than it has.
    Amount,
}

/// How a customers table's row contradicts itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FiguresProblem {
    /// The latest order is dated before the first.
    LastBeforeFirst,
    /// More days with orders than orders.
    MoreDaysThanOrders,
    /// Several days with orders between a first and a latest order on one day.
    DaysOnOneDay,
}

/// At most 40 characters of a cell for a message, `…` after them when there were more; line breaks as `⏎`,
/// which would otherwise split the message (and its CSV row) in two.
pub(super) fn clip(text: &str) -> String {
    const MAX: usize = 40;
    let one_line = text.replace(['\r', '\n'], "⏎");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        format!("{}…", one_line.chars().take(MAX).collect::<String>())
    }
}

/// How a message names an order: `order 1001`, or `the order` without an id.
struct OrderLabel<'a>(&'a Option<String>);

impl std::fmt::Display for OrderLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(id) => write!(f, "order {id}"),
            None => f.write_str("the order"),
        }
    }
}

/// What the cut rows' reasons end with.
const CUT_OFF: &str =
    "the file looks cut off here; download or copy the export again to read the rest";

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use RejectReason::*;
        match self {
            UnclosedQuote {
                column,
                column_number,
                headerless,
                first_line,
                last_line,
                ..
            } => {
                f.write_str("a quote opened in ")?;
                match headerless {
                    true => write!(f, "column {column_number}")?,
                    false => write!(f, "column '{column}'")?,
                }
                write!(
                    f,
                    " is never closed, so lines {first_line}–{last_line} were read as this one row; close the quote and read the file again"
                )
            }
            FieldCount {
                fields,
                expected,
                headerless,
                first_line,
                last_line,
            } => {
                let header = if *headerless { "first row" } else { "header" };
                write!(f, "the row has {fields} fields but the {header} has {expected}")?;
                if last_line > first_line {
                    write!(
                        f,
                        " (lines {first_line}–{last_line}: a quoted field holds line breaks)"
                    )?;
                }
                Ok(())
            }
            EmptyOrderId => f.write_str("the order id is empty"),
            UnreadableDate { cell } => write!(
                f,
                "cannot read '{cell}' as a date (expected e.g. 2024-01-05 13:45:00)"
            ),
            ImplausibleDate {
                date,
                earliest,
                latest,
            } => write!(
                f,
                "the date {date} is outside {earliest}–{latest}; it is probably a placeholder or a typo"
            ),
            UnreadableAmount {
                cell, problem, ..
            } => write!(f, "cannot read '{cell}' as an amount ({problem})"),
            UnreadableQuantity { cell } => write!(f, "cannot read '{cell}' as a whole quantity"),
            UnknownCurrency { cell } => write!(f, "'{cell}' is not a currency code"),
            ScientificNotation { field, cell } => write!(
                f,
                "the {} '{cell}' is a number Excel wrote in scientific notation, which lost its last digits; export the file again and open it in Excel only with that column as text",
                field.name()
            ),
            OtherSign { sign, chosen, .. } => write!(
                f,
                "the amount is written in {sign}, not in {chosen}, the currency chosen"
            ),
            CutInFirstCharacter => write!(
                f,
                "the file ends inside the first character of this line: {CUT_OFF}"
            ),
            CutInCharacter => write!(f, "the file ends inside a character of this row: {CUT_OFF}"),
            CutInQuotedField => write!(
                f,
                "the file ends inside a quoted field of this row: {CUT_OFF}"
            ),
            CutAfterFields { fields, expected } => write!(
                f,
                "the file ends after {fields} of this row's {expected} fields: {CUT_OFF}"
            ),
            NotAnOrder { found } => write!(f, "the entry is not an order object ({found})"),
            ProductsNotAList { found } => write!(f, "products: expected an array, found {found}"),
            NotAProduct { index, found } => {
                write!(f, "products[{index}] is not a product object ({found})")
            }
            UnreadableProperty { name } => write!(f, "{name} could not be read"),
            NotAFiniteNumber { name, value } => {
                write!(f, "{name}: {value} is not a number that can be read")
            }
            InvalidDateValue { name } => write!(f, "{name}: the Date is invalid"),
            NotText { name, found } => {
                write!(f, "{name}: expected a string or a number, found {found}")
            }
            NotAFlag { name, found } => write!(f, "{name}: expected true or false, found {found}"),
            OtherCurrency {
                order,
                currency,
                chosen,
            } => write!(
                f,
                "{} is in {currency}, not the chosen {chosen}",
                OrderLabel(order)
            ),
            NoOrderDate { order } => write!(
                f,
                "{} has no order date in any of its rows",
                OrderLabel(order)
            ),
            NoOrderTotal { order } => write!(
                f,
                "{} has no order total in any of its rows",
                OrderLabel(order)
            ),
            ImplausibleValue {
                order,
                value,
                currency,
                limit,
            } => write!(
                f,
                "{}: the value {value} {currency} is implausibly large (over {}); check the amount columns",
                OrderLabel(order),
                group_thousands(*limit)
            ),
            TooManyDecimals {
                order,
                amount,
                currency,
            } => write!(
                f,
                "{}: the amount {amount} has more decimals than {currency} has",
                OrderLabel(order)
            ),
            CustomerCell { column, cell, .. } if cell.is_empty() => write!(f, "{column} is empty"),
            CustomerCell { column, cell, expected } => write!(
                f,
                "{column}: '{cell}' is not {}",
                match expected {
                    CustomerValue::Key => "a customer key",
                    CustomerValue::Date => "a date",
                    CustomerValue::Count => "a whole number of 1 or more",
                    CustomerValue::Amount => "an amount in the currency (check its decimals)",
                }
            ),
            CustomerFigures { problem } => f.write_str(match problem {
                FiguresProblem::LastBeforeFirst => "the last order date is before the first order date",
                FiguresProblem::MoreDaysThanOrders => "order_days is more than orders",
                FiguresProblem::DaysOnOneDay => {
                    "order_days is more than 1, but the first and last orders are on one day"
                }
            }),
            DuplicateCustomer { key, first_line } => {
                write!(f, "customer {key} is already on line {first_line}")
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One reason of every kind, with its English words.
    pub(crate) fn every_kind() -> Vec<(RejectReason, &'static str)> {
        use RejectReason::*;
        let order = Some("1001".to_string());
        vec![
            (
                CustomerCell {
                    column: "orders".into(),
                    cell: "two".into(),
                    expected: CustomerValue::Count,
                },
                "orders: 'two' is not a whole number of 1 or more",
            ),
            (
                CustomerCell {
                    column: "customer_key".into(),
                    cell: String::new(),
                    expected: CustomerValue::Key,
                },
                "customer_key is empty",
            ),
            (
                CustomerFigures {
                    problem: FiguresProblem::LastBeforeFirst,
                },
                "the last order date is before the first order date",
            ),
            (
                DuplicateCustomer {
                    key: "C001".into(),
                    first_line: 2,
                },
                "customer C001 is already on line 2",
            ),
            (
                UnclosedQuote {
                    field: Some(Field::ProductName),
                    column: "商品名".into(),
                    column_number: 3,
                    headerless: false,
                    first_line: 4,
                    last_line: 9,
                },
                "a quote opened in column '商品名' is never closed, so lines 4–9 were read as this one row; close the quote and read the file again",
            ),
            (
                UnclosedQuote {
                    field: None,
                    column: String::new(),
                    column_number: 3,
                    headerless: true,
                    first_line: 4,
                    last_line: 9,
                },
                "a quote opened in column 3 is never closed, so lines 4–9 were read as this one row; close the quote and read the file again",
            ),
            (
                FieldCount {
                    fields: 3,
                    expected: 4,
                    headerless: false,
                    first_line: 5,
                    last_line: 5,
                },
                "the row has 3 fields but the header has 4",
            ),
            (
                FieldCount {
                    fields: 5,
                    expected: 4,
                    headerless: true,
                    first_line: 5,
                    last_line: 6,
                },
                "the row has 5 fields but the first row has 4 (lines 5–6: a quoted field holds line breaks)",
            ),
            (EmptyOrderId, "the order id is empty"),
            (
                UnreadableDate {
                    cell: "2024-13-01".into(),
                },
                "cannot read '2024-13-01' as a date (expected e.g. 2024-01-05 13:45:00)",
            ),
            (
                ImplausibleDate {
                    date: "1900-01-01".parse().unwrap(),
                    earliest: "1990-01-01".into(),
                    latest: "2099-12-31".into(),
                },
                "the date 1900-01-01 is outside 1990-01-01–2099-12-31; it is probably a placeholder or a typo",
            ),
            (
                UnreadableAmount {
                    field: Field::OrderTotal,
                    cell: "1x00".into(),
                    problem: AmountError::NotANumber,
                },
                "cannot read '1x00' as an amount (not a number)",
            ),
            (
                UnreadableQuantity { cell: "2.5".into() },
                "cannot read '2.5' as a whole quantity",
            ),
            (
                UnknownCurrency { cell: "YEN".into() },
                "'YEN' is not a currency code",
            ),
            (
                ScientificNotation {
                    field: Field::CustomerId,
                    cell: "1.23457E+11".into(),
                },
                "the customer_id '1.23457E+11' is a number Excel wrote in scientific notation, which lost its last digits; export the file again and open it in Excel only with that column as text",
            ),
            (
                OtherSign {
                    field: Field::LinePrice,
                    sign: "$".into(),
                    chosen: "JPY".into(),
                },
                "the amount is written in $, not in JPY, the currency chosen",
            ),
            (
                CutInFirstCharacter,
                "the file ends inside the first character of this line: the file looks cut off here; download or copy the export again to read the rest",
            ),
            (
                CutInCharacter,
                "the file ends inside a character of this row: the file looks cut off here; download or copy the export again to read the rest",
            ),
            (
                CutInQuotedField,
                "the file ends inside a quoted field of this row: the file looks cut off here; download or copy the export again to read the rest",
            ),
            (
                CutAfterFields {
                    fields: 2,
                    expected: 4,
                },
                "the file ends after 2 of this row's 4 fields: the file looks cut off here; download or copy the export again to read the rest",
            ),
            (
                NotAnOrder {
                    found: "string".into(),
                },
                "the entry is not an order object (string)",
            ),
            (
                ProductsNotAList {
                    found: "number".into(),
                },
                "products: expected an array, found number",
            ),
            (
                NotAProduct {
                    index: 1,
                    found: "null".into(),
                },
                "products[1] is not a product object (null)",
            ),
            (
                UnreadableProperty {
                    name: "total".into(),
                },
                "total could not be read",
            ),
            (
                NotAFiniteNumber {
                    name: "total".into(),
                    value: "NaN".into(),
                },
                "total: NaN is not a number that can be read",
            ),
            (
                InvalidDateValue {
                    name: "orderDate".into(),
                },
                "orderDate: the Date is invalid",
            ),
            (
                NotText {
                    name: "products[0].id".into(),
                    found: "boolean".into(),
                },
                "products[0].id: expected a string or a number, found boolean",
            ),
            (
                NotAFlag {
                    name: "cancelled".into(),
                    found: "string".into(),
                },
                "cancelled: expected true or false, found string",
            ),
            (
                OtherCurrency {
                    order: order.clone(),
                    currency: "USD".into(),
                    chosen: "JPY".into(),
                },
                "order 1001 is in USD, not the chosen JPY",
            ),
            (
                NoOrderDate { order: None },
                "the order has no order date in any of its rows",
            ),
            (
                NoOrderTotal {
                    order: order.clone(),
                },
                "order 1001 has no order total in any of its rows",
            ),
            (
                ImplausibleValue {
                    order: order.clone(),
                    value: "9000000000000".into(),
                    currency: "JPY".into(),
                    limit: 1_000_000_000_000,
                },
                "order 1001: the value 9000000000000 JPY is implausibly large (over 1,000,000,000,000); check the amount columns",
            ),
            (
                TooManyDecimals {
                    order,
                    amount: "12.5".into(),
                    currency: "JPY".into(),
                },
                "order 1001: the amount 12.5 has more decimals than JPY has",
            ),
        ]
    }

    /// The position of a reason's kind in the list of kinds; a new kind fails to compile here until it is
    /// given its place, and then the test until it has an example.
    fn kind_number(r: &RejectReason) -> usize {
        use RejectReason::*;
        match r {
            UnclosedQuote { .. } => 0,
            FieldCount { .. } => 1,
            EmptyOrderId => 2,
            UnreadableDate { .. } => 3,
            ImplausibleDate { .. } => 4,
            UnreadableAmount { .. } => 5,
            UnreadableQuantity { .. } => 6,
            UnknownCurrency { .. } => 7,
            ScientificNotation { .. } => 8,
            OtherSign { .. } => 9,
            CutInFirstCharacter => 10,
            CutInCharacter => 11,
            CutInQuotedField => 12,
            CutAfterFields { .. } => 13,
            NotAnOrder { .. } => 14,
            ProductsNotAList { .. } => 15,
            NotAProduct { .. } => 16,
            UnreadableProperty { .. } => 17,
            NotAFiniteNumber { .. } => 18,
            InvalidDateValue { .. } => 19,
            NotText { .. } => 20,
            NotAFlag { .. } => 21,
            OtherCurrency { .. } => 22,
            NoOrderDate { .. } => 23,
            NoOrderTotal { .. } => 24,
            ImplausibleValue { .. } => 25,
            TooManyDecimals { .. } => 26,
            CustomerCell { .. } => 27,
            CustomerFigures { .. } => 28,
            DuplicateCustomer { .. } => 29,
        }
    }

    #[test]
    fn every_kind_has_its_english_words() {
        let examples = every_kind();
        let mut seen = [false; 30];
        for (reason, english) in &examples {
            seen[kind_number(reason)] = true;
            assert_eq!(reason.to_string(), *english, "{reason:?}");
        }
        assert!(seen.iter().all(|s| *s), "a kind without an example");
    }

    #[test]
    fn kinds_and_values_are_data_and_survive_a_batch() {
        let (kind, values) = RejectReason::UnreadableAmount {
            field: Field::OrderTotal,
            cell: "1x00".into(),
            problem: AmountError::TooManyDecimals,
        }
        .kind_and_values();
        assert_eq!(kind, "unreadable_amount");
        assert_eq!(
            values,
            serde_json::json!({ "field": "order_total", "cell": "1x00", "problem": "too_many_decimals" })
        );
        assert_eq!(
            RejectReason::EmptyOrderId.kind_and_values(),
            ("empty_order_id".to_string(), serde_json::json!({}))
        );
        for (reason, _) in every_kind() {
            let bytes = postcard::to_allocvec(&reason).unwrap();
            assert_eq!(
                postcard::from_bytes::<RejectReason>(&bytes).unwrap(),
                reason
            );
        }
    }

    #[test]
    fn cells_are_clipped_to_one_line_of_forty_characters() {
        assert_eq!(clip("a\r\nb"), "a⏎⏎b");
        assert_eq!(clip(&"9".repeat(41)), format!("{}…", "9".repeat(40)));
    }
}
