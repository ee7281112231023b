//! The columns a preview offers to map a field to: a header row's names or, for a file without a header row,
//! the column numbers `1`, `2`, … (shown as 列1 / Column 1 with the first row's value); the choice each field
//! starts with; and the user's mapping made of the choices.

use kokyaku_core::ingest::{Field, Preview};

use crate::i18n::Lang;
use crate::mapping::UserMapping;

/// The value of each column as a choice: its header, or without a header row its number from 1.
pub fn values(preview: &Preview) -> Vec<String> {
    match preview.headerless {
        true => (1..=preview.headers.len()).map(|i| i.to_string()).collect(),
        false => preview.headers.clone(),
    }
}

/// The choice for a column as a mapping names it. With a header row the name is the choice (a joined column,
/// `a + b`, too). Without one a column is named by its number, or by the core's name for it (`column 3`);
/// a number beyond the columns is no choice.
pub fn value_of(preview: &Preview, column: &str) -> Option<String> {
    if !preview.headerless {
        return Some(column.to_string());
    }
    let n = preview.headers.len();
    match column.trim().parse::<usize>() {
        Ok(i) if (1..=n).contains(&i) => Some(i.to_string()),
        Ok(_) => None,
        Err(_) => preview
            .headers
            .iter()
            .position(|h| h == column)
            .map(|i| (i + 1).to_string()),
    }
}

/// The name of the `i`-th column (from 0) of a file without a header row: 列1, Column 1.
pub fn numbered(l: Lang, i: usize) -> String {
    match l {
        Lang::Ja => format!("列{}", i + 1),
        Lang::En => format!("Column {}", i + 1),
    }
}

/// The label of the `i`-th column (from 0) as a choice: its header, or its number with its value in the first
/// row (`列3（a@example.jp）`).
pub fn label(l: Lang, preview: &Preview, i: usize) -> String {
    if !preview.headerless {
        return preview.headers[i].clone();
    }
    let first: String = preview
        .rows
        .first()
        .and_then(|r| r.get(i))
        .map(|v| v.trim().chars().take(30).collect())
        .unwrap_or_default();
    match (first.is_empty(), l) {
        (true, _) => numbered(l, i),
        (false, Lang::Ja) => format!("{}（{first}）", numbered(l, i)),
        (false, Lang::En) => format!("{} ({first})", numbered(l, i)),
    }
}

/// The column each field starts with, as a choice: the user's (`user`), else the one the format found.
pub fn initial(preview: &Preview, user: &UserMapping) -> Vec<String> {
    Field::ALL
        .iter()
        .map(|f| {
            let find = |m: &UserMapping| m.iter().find(|(g, _)| g == f).map(|(_, c)| c.clone());
            find(user)
                .or_else(|| find(&preview.mapping))
                .and_then(|c| value_of(preview, &c))
                .unwrap_or_default()
        })
        .collect()
}

/// The user's mapping out of the choices, one per field in [`Field::ALL`]'s order. With a header row only
/// what differs from the format's own mapping is the user's (an empty choice unmaps a field the format
/// found); the rest the reader finds itself. Without one every column chosen is the user's, by number.
pub fn user_mapping(preview: &Preview, chosen: &[String]) -> UserMapping {
    let pairs = Field::ALL.into_iter().zip(chosen.iter());
    if preview.headerless {
        return pairs
            .filter(|(_, c)| !c.is_empty())
            .map(|(f, c)| (f, c.clone()))
            .collect();
    }
    let found = |f: Field| {
        preview
            .mapping
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, c)| c.as_str())
    };
    pairs
        .filter(|(f, c)| {
            let own = preview.headers.contains(c) && found(*f) != Some(c.as_str());
            own || (c.is_empty() && found(*f).is_some())
        })
        .map(|(f, c)| (f, c.clone()))
        .collect()
}
