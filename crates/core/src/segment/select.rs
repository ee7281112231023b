//! Applying a [`Query`] to a [`CustomerTable`]: the literals are bound to the data (amounts to the currency's
//! minor units, product ids or names to products), then every row is tested.

use std::borrow::Cow;

use serde::Serialize;

use super::field::{Field, Kind};
use super::literal::{parse_month, parse_probability};
use super::message::{Message, Warning, WarningKind};
use super::query::{Clause, Op, Query};
use super::table::{CustomerRow, CustomerTable};
use crate::date::Day;
use crate::model::Dataset;
use crate::words::Words;

/// The customers a query selects.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Selection {
    /// Indexes into [`CustomerTable::rows`], in table order.
    #[serde(skip)]
    pub rows: Vec<usize>,
    /// Number of customers selected.
    pub customers: u64,
    /// Their total order value, in minor units.
    pub revenue_minor: i64,
    /// `revenue_minor` / the table's total (`None` when the total is 0).
    pub revenue_share: Option<f64>,
    /// Customers in the table.
    pub of_customers: u64,
    /// Things the user should know: a product no order holds, for instance.
    pub warnings: Vec<Warning>,
}

/// Why a query cannot be applied to this data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectError(pub Message);

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SelectError {}

/// A condition with its literals bound to the data.
enum Test {
    Int(fn(&CustomerRow) -> i64, Op, Vec<i64>),
    Real(fn(&CustomerRow) -> Option<f64>, Op, Vec<f64>),
    Text(Field, Op, Vec<String>),
    /// Whether the row's products include any of these (negated for `!=` / `not in`).
    Products(fn(&CustomerRow) -> &[u32], bool, Vec<u32>),
    Choice(fn(&CustomerRow) -> &'static str, bool, Vec<String>),
}

fn compare<T: PartialOrd>(value: T, op: Op, values: &[T]) -> bool {
    match op {
        Op::Eq | Op::In => values.contains(&value),
        Op::Ne | Op::NotIn => values.iter().all(|v| value != *v),
        Op::Lt => value < values[0],
        Op::Le => value <= values[0],
        Op::Gt => value > values[0],
        Op::Ge => value >= values[0],
        Op::Contains => false,
    }
}

impl Test {
    fn holds(&self, row: &CustomerRow, ds: &Dataset) -> bool {
        match self {
            Test::Int(get, op, values) => compare(get(row), *op, values),
            // A customer without a prediction matches no test on it.
            Test::Real(get, op, values) => get(row).is_some_and(|v| compare(v, *op, values)),
            Test::Text(field, op, values) => {
                let text = text_of(*field, row, ds);
                let text: &str = &text;
                match op {
                    Op::Contains => text.contains(values[0].as_str()),
                    _ => compare(
                        text,
                        *op,
                        &values.iter().map(String::as_str).collect::<Vec<_>>(),
                    ),
                }
            }
            Test::Products(get, negated, wanted) => {
                let have = get(row);
                wanted.iter().any(|p| have.binary_search(p).is_ok()) != *negated
            }
            // An empty choice is a missing prediction: it matches no test, `!=` included.
            Test::Choice(get, negated, ids) => {
                let value = get(row);
                !value.is_empty() && ids.iter().any(|id| id == value) != *negated
            }
        }
    }
}

/// The text of a text field (empty when the customer has none).
pub(super) fn text_of<'d>(field: Field, row: &CustomerRow, ds: &'d Dataset) -> Cow<'d, str> {
    let c = row.customer as usize;
    let text = match field {
        Field::Name => return ds.contacts.name(c).unwrap_or_default(),
        Field::NameFamily => ds.contacts.name_family(c),
        Field::NameGiven => ds.contacts.name_given(c),
        Field::FirstChannel => ds.first_channel(row.customer),
        Field::FirstCoupon => ds.order_coupon(ds.customer_orders(row.customer).start),
        _ => Some(contact_of(field, row, ds)),
    };
    Cow::Borrowed(text.unwrap_or(""))
}

/// The customer's e-mail or phone for those fields, else their key (empty when they have none).
pub(super) fn contact_of<'d>(field: Field, row: &CustomerRow, ds: &'d Dataset) -> &'d str {
    let c = row.customer as usize;
    match field {
        Field::Email => ds.contacts.email(c).unwrap_or(""),
        Field::Phone => ds.contacts.phone(c).unwrap_or(""),
        _ => &ds.customer_keys[c],
    }
}

fn int_getter(field: Field) -> fn(&CustomerRow) -> i64 {
    match field {
        Field::Recency => |r| r.recency_days,
        Field::Frequency => |r| i64::from(r.frequency),
        Field::Monetary => |r| r.monetary_minor,
        Field::Aov => |r| r.aov_minor,
        Field::RScore => |r| i64::from(r.r_score),
        Field::FScore => |r| i64::from(r.f_score),
        Field::MScore => |r| i64::from(r.m_score),
        Field::Cohort => |r| i64::from(r.cohort),
        Field::FirstOrder => |r| i64::from(r.first_order.0),
        Field::LastOrder => |r| i64::from(r.last_order.0),
        Field::DaysSinceFirst => |r| r.days_since_first,
        _ => |r| i64::from(r.subscription_orders),
    }
}

fn real_getter(field: Field) -> fn(&CustomerRow) -> Option<f64> {
    match field {
        Field::PAlive => |r| r.p_alive,
        Field::ExpectedOrders => |r| r.expected_orders,
        Field::PAlive30 => |r| r.outlook.as_ref().map(|o| o.ahead.p_alive_ahead[0]),
        Field::PAlive90 => |r| r.outlook.as_ref().map(|o| o.ahead.p_alive_ahead[1]),
        Field::ExpectedOrders30 => |r| r.outlook.as_ref().and_then(|o| o.ahead.expected[0]),
        Field::ExpectedOrders90 => |r| r.outlook.as_ref().and_then(|o| o.ahead.expected[1]),
        Field::ExpectedOrders365 => |r| r.outlook.as_ref().and_then(|o| o.ahead.expected[2]),
        // Predicted dates as day numbers.
        Field::NextOrderFrom => |r| {
            r.outlook
                .as_ref()
                .and_then(|o| o.next_order[0])
                .map(|d| f64::from(d.0))
        },
        Field::NextOrderTo => |r| {
            r.outlook
                .as_ref()
                .and_then(|o| o.next_order[1])
                .map(|d| f64::from(d.0))
        },
        _ => |r| r.clv_minor,
    }
}

fn choice_getter(field: Field) -> fn(&CustomerRow) -> &'static str {
    match field {
        Field::RfmSegment => |r| r.rfm_segment.id(),
        Field::CpmGroup => |r| r.cpm_group.id(),
        Field::RfmSegmentAtFrom => CustomerRow::rfm_segment_at_from_id,
        Field::CpmGroupAtFrom => CustomerRow::cpm_group_at_from_id,
        // Empty without a prediction, which no condition matches.
        Field::ChurnRisk => |r| r.outlook.as_ref().map_or("", |o| o.ahead.churn_risk.id()),
        _ => |r| r.subscription.id(),
    }
}

fn bind(
    field: Field,
    op: Op,
    values: &[String],
    table: &CustomerTable,
    ds: &Dataset,
    warnings: &mut Vec<Warning>,
) -> Result<Test, SelectError> {
    // A condition on a field that is empty for everyone would select no one without saying why.
    if let Some(n) = table.not_fitted(field) {
        return Err(SelectError(Message::new(
            format!(
                "{} comes from the {} model, which could not be fitted on this data ({}), so no customer has it",
                field.name(),
                n.name,
                n.failure
            ),
            format!(
                "{} は {} モデルの値ですが、このデータではモデルを推定できませんでした（{}）。どの顧客にも値がありません",
                field.name(),
                n.name,
                n.failure.ja()
            ),
        )));
    }
    if field.needs_ltv() && !table.has_ltv {
        return Err(SelectError(Message::new(
            format!(
                "{} comes from the predictive-LTV model, which has not been fitted on this data",
                field.name()
            ),
            format!(
                "{} は予測LTVモデルの値ですが、このデータではまだ推定されていません",
                field.name()
            ),
        )));
    }
    let negated = matches!(op, Op::Ne | Op::NotIn);
    let amount = |v: &str| -> Result<i64, SelectError> {
        let milli = crate::amount::parse_amount(v).map_err(|e| {
            SelectError(Message::new(
                format!("{}: '{v}' is {e}", field.name()),
                format!("{}: 「{v}」は金額として読めません", field.name()),
            ))
        })?;
        ds.currency.to_minor(milli).ok_or_else(|| {
            SelectError(Message::new(
                format!(
                    "{}: {v} has more decimals than {} has",
                    field.name(),
                    ds.currency.code
                ),
                format!(
                    "{}: {v} は {} の最小単位より細かい金額です",
                    field.name(),
                    ds.currency.code
                ),
            ))
        })
    };
    let ints = |read: &dyn Fn(&str) -> Result<i64, SelectError>| -> Result<Vec<i64>, SelectError> {
        values.iter().map(|v| read(v.trim())).collect()
    };
    // The parser has checked every literal's form; the `unwrap_or` fallbacks are never taken.
    Ok(match field.kind() {
        Kind::Count => Test::Int(
            int_getter(field),
            op,
            ints(&|v| Ok(v.parse().unwrap_or(0)))?,
        ),
        Kind::Date if field.needs_ltv() => Test::Real(
            real_getter(field),
            op,
            ints(&|v| Ok(i64::from(v.parse::<Day>().map_or(0, |d| d.0))))?
                .into_iter()
                .map(|d| d as f64)
                .collect(),
        ),
        Kind::Date => Test::Int(
            int_getter(field),
            op,
            ints(&|v| Ok(i64::from(v.parse::<Day>().map_or(0, |d| d.0))))?,
        ),
        Kind::Month => Test::Int(
            int_getter(field),
            op,
            ints(&|v| Ok(i64::from(parse_month(v).unwrap_or(0))))?,
        ),
        Kind::Money if field == Field::Clv => Test::Real(
            real_getter(field),
            op,
            ints(&amount)?.into_iter().map(|m| m as f64).collect(),
        ),
        Kind::Money => Test::Int(int_getter(field), op, ints(&amount)?),
        Kind::Probability | Kind::Number => Test::Real(
            real_getter(field),
            op,
            values
                .iter()
                .map(|v| {
                    let v = v.trim();
                    parse_probability(v)
                        .or_else(|| v.parse().ok())
                        .unwrap_or(f64::NAN)
                })
                .collect(),
        ),
        Kind::Text => Test::Text(
            field,
            op,
            values
                .iter()
                .map(|v| match field {
                    Field::Email => v.trim().to_lowercase(),
                    Field::Phone => v.chars().filter(char::is_ascii_digit).collect(),
                    _ => v.trim().to_string(),
                })
                .collect(),
        ),
        Kind::Choice(_) => Test::Choice(
            choice_getter(field),
            negated,
            values.iter().map(|v| v.trim().to_string()).collect(),
        ),
        Kind::Products => {
            let mut wanted = Vec::new();
            for v in values {
                let v = v.trim();
                let before = wanted.len();
                wanted.extend(
                    ds.products
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.id == v || p.name == v)
                        .map(|(i, _)| i as u32),
                );
                if wanted.len() == before {
                    warnings.push(Warning {
                        kind: WarningKind::UnknownProduct,
                        values: vec![v.to_string()],
                        message: Message::new(
                            format!("no product has the id or name '{v}'"),
                            format!("「{v}」という商品IDや商品名はありません"),
                        ),
                    });
                }
            }
            let get: fn(&CustomerRow) -> &[u32] = if field == Field::FirstProduct {
                |r| &r.first_products
            } else {
                |r| &r.products
            };
            Test::Products(get, negated, wanted)
        }
    })
}

/// The customers of `table` for whom every clause of `query` holds. `ds` is the dataset the table was built
/// from (it holds the keys, contacts and products).
pub fn select(
    query: &Query,
    table: &CustomerTable,
    ds: &Dataset,
) -> Result<Selection, SelectError> {
    let mut warnings = Vec::new();
    let clauses: Vec<Vec<Test>> = query
        .clauses
        .iter()
        .map(|Clause { field, any }| {
            any.iter()
                .map(|c| bind(*field, c.op, &c.values, table, ds, &mut warnings))
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let rows: Vec<usize> = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            clauses
                .iter()
                .all(|any| any.iter().any(|t| t.holds(row, ds)))
        })
        .map(|(i, _)| i)
        .collect();
    let revenue_minor: i64 = rows.iter().map(|&i| table.rows[i].monetary_minor).sum();
    Ok(Selection {
        customers: rows.len() as u64,
        revenue_minor,
        revenue_share: (table.revenue_minor != 0)
            .then(|| revenue_minor as f64 / table.revenue_minor as f64),
        of_customers: table.rows.len() as u64,
        rows,
        warnings,
    })
}
