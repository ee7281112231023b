//! Resolving a header row into a [`Mapping`]: the preset (detected, or the user's), then the user's own
//! `field=column` choices on top. Columns are found by header name, never by position (shops reorder and drop
//! columns); a file without a header row names its columns by number.

use super::super::error::MappingError;
use super::super::field::Field;
use super::super::file_note::FileNote;
use super::super::presets::{spec, PresetChoice, PresetId, ProductLineRule, SPECS};
use super::super::statuses::StatusChoice;
use super::{cells_of, Mapping, Source};
use crate::money::Currency;

pub(in crate::ingest) fn normalise_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{FEFF}')
        .to_lowercase()
        .replace(['_', '-'], " ")
}

/// The columns found for each field of a header row, before checking that the required ones are there.
pub(in crate::ingest) struct Suggested {
    preset: PresetId,
    pub(in crate::ingest) headers: Vec<String>,
    pub(in crate::ingest) sources: Vec<Option<Source>>,
    notes: Vec<FileNote>,
    pub(in crate::ingest) missing: Vec<Field>,
    product_line_column: Option<(usize, &'static [&'static str])>,
}

/// The 0-based column a mapping's column names by number (`3`, 1-based), if it is all digits.
fn column_number(column: &str) -> Option<usize> {
    let column = column.trim();
    match column.bytes().all(|b| b.is_ascii_digit()) {
        true => column.parse::<usize>().ok()?.checked_sub(1),
        false => None,
    }
}

/// Whether a mapping's column is a column number (all digits).
pub fn is_column_number(column: &str) -> bool {
    column_number(column).is_some()
}

/// The names a file without a header row gives its columns: `column 1`, `column 2`, …
pub fn numbered_columns(count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("column {i}")).collect()
}

/// The fields reading needs that `mapped` lacks: the order date; the order total, unless there is a line
/// price to sum; and a customer key (customer id, e-mail or phone), named as `customer_id`.
pub fn missing_required(mapped: &[Field]) -> Vec<Field> {
    let has = |f: Field| mapped.contains(&f);
    let mut missing = Vec::new();
    if !has(Field::OrderDate) {
        missing.push(Field::OrderDate);
    }
    if !has(Field::OrderTotal) && !has(Field::LinePrice) {
        missing.push(Field::OrderTotal);
    }
    if ![Field::CustomerId, Field::Email, Field::Phone]
        .into_iter()
        .any(has)
    {
        missing.push(Field::CustomerId);
    }
    missing
}

/// What [`resolve`] would map, also when required fields are missing: the preset, each field's column
/// (`a + b` for joined columns) and the required fields without one. Fails only when the user's mapping
/// names a column the file does not have.
pub fn suggest(
    headers: &[&str],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Suggestion, MappingError> {
    let s = suggest_sources(headers, choice, user)?;
    Ok(Suggestion {
        preset: s.preset,
        columns: columns_of(&s.sources, &s.headers),
        missing: s.missing,
    })
}

/// What [`suggest`] found for a header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The preset detected (or chosen).
    pub preset: PresetId,
    /// The column of each field that has one (joined columns as `a + b`).
    pub columns: Vec<(Field, String)>,
    /// Required fields without a column.
    pub missing: Vec<Field>,
}

pub(in crate::ingest) fn suggest_sources(
    headers: &[&str],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Suggested, MappingError> {
    let headers: Vec<String> = headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{FEFF}').to_string())
        .collect();
    let find_exact = |name: &str| headers.iter().position(|h| h == name);
    let mut notes = Vec::new();
    let preset = match choice {
        PresetChoice::Named(id) => id,
        PresetChoice::Auto => SPECS
            .iter()
            .filter(|s| {
                !s.signature.is_empty() && s.signature.iter().all(|h| find_exact(h).is_some())
            })
            .max_by_key(|s| s.signature.len())
            .map(|s| s.id)
            .unwrap_or_else(|| {
                if user.is_empty() {
                    notes.push(FileNote::Generic);
                }
                PresetId::Generic
            }),
    };
    let spec = spec(preset);
    let generic = preset == PresetId::Generic;
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let find = |name: &str| -> Option<usize> {
        if generic {
            // `amount` also matches `amount_usd` / `Amount (JPY)`: a name followed by a currency.
            let name = normalise_header(name);
            normalised.iter().position(|h| *h == name).or_else(|| {
                normalised.iter().position(|h| {
                    h.strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.starts_with([' ', '(']))
                        && currency_in_header(h).is_some()
                })
            })
        } else {
            find_exact(name)
        }
    };
    let mut sources: Vec<Option<Source>> = vec![None; Field::ALL.len()];
    for (field, alternatives) in spec.columns {
        sources[field.index()] = alternatives.iter().find_map(|alt| {
            if alt.contains('+') {
                let parts: Option<Vec<usize>> = alt.split('+').map(&find).collect();
                parts.map(Source::Concat)
            } else {
                find(alt).map(Source::Column)
            }
        });
    }
    for (field, column) in user {
        if column.trim().is_empty() {
            sources[field.index()] = None;
            continue;
        }
        let i = find_exact(column.trim())
            .or_else(|| {
                normalised
                    .iter()
                    .position(|h| *h == normalise_header(column))
            })
            .or_else(|| column_number(column).filter(|&i| i < headers.len()))
            .ok_or_else(|| MappingError::NoSuchColumn {
                field: *field,
                column: column.clone(),
                headers: headers.clone(),
            })?;
        sources[field.index()] = Some(Source::Column(i));
    }
    let mapped: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| sources[f.index()].is_some())
        .collect();
    let missing = missing_required(&mapped);
    let product_line_column = match spec.product_lines {
        ProductLineRule::ColumnIs(names, values) => {
            names.iter().find_map(|n| find(n)).map(|i| (i, values))
        }
        _ => None,
    };
    Ok(Suggested {
        preset,
        headers,
        sources,
        notes,
        missing,
        product_line_column,
    })
}

/// Maps a header row onto the canonical fields.
///
/// `user` mappings (`field`, `column`) take precedence over the preset's; an empty `column` unmaps the field. With [`PresetChoice::Auto`] the named
/// preset whose signature headers are all present is used; failing that, the generic preset matches common
/// header names, and the notes say so.
pub fn resolve(
    headers: &[&str],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Mapping, MappingError> {
    let Suggested {
        preset,
        headers,
        sources,
        mut notes,
        missing,
        product_line_column,
    } = suggest_sources(headers, choice, user)?;
    let spec = spec(preset);
    if !missing.is_empty() {
        return Err(MappingError::Missing {
            preset,
            fields: missing,
            headers,
            proposed: Vec::new(),
            header_is_data: false,
        });
    }
    if preset == PresetId::Generic {
        // Names only go to segment exports: a file without them lacks nothing the analyses need.
        let unmapped: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| sources[f.index()].is_none() && !f.is_name())
            .collect();
        if !unmapped.is_empty() {
            notes.push(FileNote::Unmapped { fields: unmapped });
        }
    }
    if sources[Field::OrderId.index()].is_none() {
        notes.push(FileNote::NoOrderId);
    }
    if sources[Field::OrderTotal.index()].is_none() {
        notes.push(FileNote::NoOrderTotal);
    }
    if spec.relay_emails {
        notes.push(FileNote::RelayEmails);
    }
    notes.extend(same_names(&sources, &headers));
    let currency_hint = match &sources[Field::OrderTotal.index()] {
        Some(Source::Column(i)) => currency_in_header(&headers[*i]),
        _ => None,
    };
    let mut keys = spec.keys.to_vec();
    if !keys.contains(&Field::CustomerId) && sources[Field::CustomerId.index()].is_some() {
        keys.insert(0, Field::CustomerId);
    }
    Ok(Mapping {
        preset,
        cells: cells_of(&sources),
        sources,
        headers,
        product_line_column,
        keys,
        currency_hint,
        notes,
        statuses: StatusChoice::default(),
        chosen_currency: None,
        date_order: None,
        headerless: false,
    })
}

/// Maps the columns of a file without a header row, whose first row (on `line`) is `first_row`: its
/// columns are named `column 1`, `column 2`, …, and the user's mapping names them by number (`2`) or by
/// those names. Fails when the user maps nothing (the columns cannot be found by name), naming the first
/// row's cells by number.
pub fn resolve_headerless(
    first_row: &[&str],
    line: u64,
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Mapping, MappingError> {
    let names = numbered_columns(first_row.len());
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let headerless = |fields: Vec<Field>, mapped_any: bool| MappingError::Headerless {
        fields,
        first_row: first_row.iter().map(|c| c.to_string()).collect(),
        line,
        mapped_any,
        proposed: Vec::new(),
    };
    if user.iter().all(|(_, c)| c.trim().is_empty()) {
        return Err(headerless(missing_required(&[]), false));
    }
    match resolve(&refs, choice, user) {
        Ok(mut m) => {
            m.headerless = true;
            Ok(m)
        }
        Err(MappingError::Missing { fields, .. }) => Err(headerless(fields, true)),
        Err(e) => Err(e),
    }
}

/// A note for each field read from a column whose header another column also has: the first such column is
/// the one read (as it is for the preset's own columns), and the note names both.
fn same_names(sources: &[Option<Source>], headers: &[String]) -> Vec<FileNote> {
    let names: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let mut notes = Vec::new();
    for field in Field::ALL {
        let Some(Source::Column(i)) = sources[field.index()] else {
            continue;
        };
        let same: Vec<usize> = (0..headers.len())
            .filter(|&j| names[j] == names[i])
            .map(|j| j + 1)
            .collect();
        if same.len() > 1 {
            notes.push(FileNote::SameNames {
                columns: same,
                header: headers[i].trim().to_string(),
                field,
            });
        }
    }
    notes
}

/// The header of each field with a column; joined columns as `a + b`.
pub(super) fn columns_of(sources: &[Option<Source>], headers: &[String]) -> Vec<(Field, String)> {
    Field::ALL
        .into_iter()
        .filter_map(|f| {
            let name = match sources[f.index()].as_ref()? {
                Source::Column(i) => headers[*i].clone(),
                Source::Concat(cols) => cols
                    .iter()
                    .map(|i| headers[*i].as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
            };
            Some((f, name))
        })
        .collect()
}

/// A currency named in a header such as `amount_usd` or `金額(円)`.
fn currency_in_header(header: &str) -> Option<Currency> {
    const CODES: &[&str] = &[
        "jpy", "usd", "eur", "gbp", "cny", "krw", "twd", "hkd", "aud", "cad", "sgd",
    ];
    if header.contains('円') {
        return Some(Currency::jpy());
    }
    header
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| CODES.contains(w))
        .and_then(Currency::from_code)
}
