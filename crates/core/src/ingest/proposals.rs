//! Columns proposed when reading cannot start because required fields have no column: for the order id, the
//! customer keys and the missing fields, from the header's words or the first rows' values. The proposal is
//! a guess shown to the user (in the error, and on the page's mapping screen), never applied by itself.

use super::error::MappingError;
use super::field::Field;
use super::mapping::{
    is_column_number, is_null, normalise_header, numbered_columns, suggest_sources, Source,
};
use super::presets::PresetChoice;

/// `err` with the columns [`propose`] finds for the fields without one, when it is an error of missing
/// fields: `records` are the file's first records, from its header row (or, without one, its first row). A
/// header row that [`looks_like_data`] is said to.
pub fn with_proposals(
    err: MappingError,
    records: &[Vec<String>],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> MappingError {
    match err {
        MappingError::Missing {
            preset,
            fields,
            headers,
            ..
        } => {
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let rows = records.get(1..).unwrap_or_default();
            let proposed = propose(&refs, rows, false, choice, user);
            MappingError::Missing {
                preset,
                fields,
                header_is_data: looks_like_data(&refs),
                headers,
                proposed,
            }
        }
        MappingError::Headerless {
            fields,
            first_row,
            line,
            mapped_any,
            ..
        } => {
            let names = numbered_columns(first_row.len());
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let proposed = propose(&refs, records, true, choice, user);
            MappingError::Headerless {
                fields,
                first_row,
                line,
                mapped_any,
                proposed,
            }
        }
        other => other,
    }
}

/// How many of a file's first rows [`propose`] looks at.
pub const PROPOSAL_ROWS: usize = 20;

/// The fields a proposal is made for, in the order they are guessed (the surest first): the customer keys,
/// the order id, and the required fields.
const PROPOSED: [Field; 6] = [
    Field::Email,
    Field::Phone,
    Field::OrderId,
    Field::CustomerId,
    Field::OrderDate,
    Field::OrderTotal,
];

/// Words that name a field in a header, normalised as [`normalise_header`] does.
fn header_words(field: Field) -> &'static [&'static str] {
    match field {
        Field::Email => &["mail", "メール"],
        Field::Phone => &["phone", "tel", "電話", "携帯"],
        Field::OrderId => &[
            "order id",
            "orderid",
            "order no",
            "order number",
            "order #",
            "order code",
            "注文番号",
            "注文id",
            "注文no",
            "受注番号",
            "受注id",
            "伝票番号",
        ],
        Field::CustomerId => &["customer", "member", "client", "顧客", "会員", "お客様"],
        Field::OrderDate => &[
            "date",
            "日付",
            "日時",
            "注文日",
            "受注日",
            "購入日",
            "created",
        ],
        Field::OrderTotal => &["total", "amount", "合計", "金額", "支払"],
        _ => &[],
    }
}

/// Columns proposed for the fields a file's mapping leaves without a column, when reading cannot start:
/// the order id, the customer keys (customer id, e-mail, phone) and the missing required fields, each as
/// `field=column` (the header, or the column number when the file has no header row or the header is empty
/// or repeated). A column is proposed when its header names the field (`注文番号`, `E-mail address`), or
/// else when its values in `rows`, the file's first rows, look like it: e-mail addresses, phone numbers or
/// dates (four values in five); order ids (`#1001`, or ids each on adjacent rows, some on more than one: an
/// order's lines); an order total (the one column of amounts other than small whole numbers). A column is
/// proposed once, and never one already mapped.
pub fn propose(
    headers: &[&str],
    rows: &[Vec<String>],
    headerless: bool,
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Vec<(Field, String)> {
    let Ok(s) = suggest_sources(headers, choice, user) else {
        return Vec::new();
    };
    let mut taken = vec![false; s.headers.len()];
    for source in s.sources.iter().flatten() {
        match source {
            Source::Column(i) => taken[*i] = true,
            Source::Concat(columns) => columns.iter().for_each(|i| taken[*i] = true),
        }
    }
    let wanted: Vec<Field> = PROPOSED
        .into_iter()
        .filter(|f| s.sources[f.index()].is_none())
        .filter(|f| *f != Field::OrderTotal || s.missing.contains(f))
        .collect();
    let names: Vec<String> = s.headers.iter().map(|h| normalise_header(h)).collect();
    let mut chosen: Vec<(Field, usize)> = Vec::new();
    if !headerless {
        for field in &wanted {
            let found = (0..names.len()).find(|&i| {
                !taken[i]
                    && !chosen.iter().any(|(_, c)| *c == i)
                    && header_words(*field).iter().any(|w| names[i].contains(w))
                    && !(*field == Field::CustomerId
                        && (names[i].contains("name") || names[i].contains('名')))
            });
            if let Some(i) = found {
                chosen.push((*field, i));
            }
        }
    }
    let rows: Vec<&Vec<String>> = rows.iter().take(PROPOSAL_ROWS).collect();
    let values = |i: usize| -> Vec<&str> {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| crate::text::trim(c))
            .filter(|c| !c.is_empty() && !is_null(c))
            .collect()
    };
    let columns: Vec<Vec<&str>> = (0..s.headers.len()).map(values).collect();
    for field in &wanted {
        if chosen.iter().any(|(f, _)| f == field) {
            continue;
        }
        let free: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                !taken[i] && !chosen.iter().any(|(_, c)| *c == i) && !columns[i].is_empty()
            })
            .collect();
        let all = |i: usize, test: fn(&str) -> bool| columns[i].iter().all(|v| test(v));
        // Four values in five: a bad row among the first ones does not hide its column.
        let mostly = |i: usize, test: fn(&str) -> bool| {
            columns[i].iter().filter(|v| test(v)).count() * 5 >= columns[i].len() * 4
        };
        let found = match field {
            Field::Email => free.iter().copied().find(|&i| mostly(i, looks_like_email)),
            Field::Phone => free.iter().copied().find(|&i| mostly(i, looks_like_phone)),
            Field::OrderDate => free.iter().copied().find(|&i| mostly(i, looks_like_date)),
            Field::OrderId => free
                .iter()
                .copied()
                .find(|&i| all(i, |v| v.len() > 1 && v.starts_with('#')))
                .or_else(|| {
                    free.iter()
                        .copied()
                        .filter_map(|i| lines_of_orders(&columns[i]).map(|n| (i, n)))
                        .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))
                        .map(|(i, _)| i)
                }),
            Field::OrderTotal => {
                let amounts: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|&i| {
                        all(i, |v| {
                            crate::amount::read_amount(v).is_ok() && !looks_like_date(v)
                        }) && !all(i, |v| v.parse::<u8>().is_ok_and(|n| n < 100))
                    })
                    .collect();
                match amounts[..] {
                    [i] => Some(i),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(i) = found {
            chosen.push((*field, i));
        }
    }
    let unique =
        |i: usize| !names[i].is_empty() && names.iter().filter(|n| **n == names[i]).count() == 1;
    Field::ALL
        .into_iter()
        .filter_map(|f| chosen.iter().find(|(g, _)| *g == f))
        .map(|&(f, i)| {
            let column = match headerless || !unique(i) || is_column_number(&s.headers[i]) {
                true => (i + 1).to_string(),
                false => s.headers[i].clone(),
            };
            (f, column)
        })
        .collect()
}

/// Whether a header row looks like a row of data rather than column names, as the first row of a file
/// without a header row does: one of its cells is an e-mail address, a phone number or a date, or more than
/// half of the cells that are not empty are amounts. Said when reading cannot start, so that such a file is
/// read with `no_header`; never decided by itself.
pub fn looks_like_data(headers: &[&str]) -> bool {
    let cells: Vec<&str> = headers
        .iter()
        .map(|h| crate::text::trim(h.trim_start_matches('\u{FEFF}')))
        .filter(|c| !c.is_empty() && !is_null(c))
        .collect();
    let values = |test: fn(&str) -> bool| cells.iter().filter(|c| test(c)).count();
    let amount = |v: &str| crate::amount::read_amount(v).is_ok();
    values(looks_like_email) + values(looks_like_phone) + values(looks_like_date) > 0
        || values(amount) * 2 > cells.len()
}

fn looks_like_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(char::is_whitespace)
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains(['@', ' '])
        }
        None => false,
    }
}

fn looks_like_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    (v.starts_with('0') || v.starts_with('+'))
        && (10..=13).contains(&digits)
        && v.chars().all(|c| c.is_ascii_digit() || "+-() ".contains(c))
}

fn looks_like_date(v: &str) -> bool {
    super::parse::read_order_date(v, None).is_some()
}

/// When a column's values look like the order ids of an order-lines file (ids without spaces, each on
/// adjacent rows, some on more than one row, at least two of them), how many ids it has.
fn lines_of_orders(values: &[&str]) -> Option<usize> {
    let id_like = |v: &&str| {
        v.len() <= 40
            && v.chars().any(|c| c.is_ascii_digit())
            && !v.contains(char::is_whitespace)
            && !looks_like_email(v)
            && !looks_like_phone(v)
            && !looks_like_date(v)
            && !v.contains(['.', ','])
    };
    if values.len() < 2 || !values.iter().all(id_like) {
        return None;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut repeated = false;
    for (i, v) in values.iter().enumerate() {
        if i > 0 && values[i - 1] == *v {
            repeated = true;
        } else if seen.contains(v) {
            return None;
        } else {
            seen.push(v);
        }
    }
    (repeated && seen.len() >= 2).then_some(seen.len())
}
