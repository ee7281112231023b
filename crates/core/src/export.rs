//! Writing cells for spreadsheets: CSV quoting and neutralisation of formula injection.

/// Quotes a CSV cell when needed, and neutralises a cell that a spreadsheet would run as a formula (one that
/// starts with `=`, `+`, `-`, `@`, tab or carriage return) by prefixing a single quote, as docs/analyses.md
/// ("CSV files") requires. Numbers written by Kokyaku itself never start with those characters except negative
/// amounts, which callers write without this function.
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains(NEEDS_QUOTES) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// Appends `text` to `out` as [`csv_cell`] writes it, without a copy of its own when it needs no change.
pub fn push_csv_cell(out: &mut String, text: &str) {
    if text.starts_with(FORMULA_STARTS) || text.contains(NEEDS_QUOTES) {
        out.push_str(&csv_cell(text));
    } else {
        out.push_str(text);
    }
}

/// A cell starting with one of these is run by spreadsheets as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell holding one of these is quoted.
const NEEDS_QUOTES: [char; 4] = [',', '"', '\r', '\n'];

#[cfg(test)]
mod tests {
    use super::{csv_cell, push_csv_cell};

    #[test]
    fn neutralises_formulas_and_quotes_when_needed() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+81"), "'+81");
        assert_eq!(csv_cell("@sum"), "'@sum");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("line 2"), "line 2");
        assert_eq!(csv_cell("山田"), "山田");
    }

    #[test]
    fn appending_writes_what_csv_cell_gives() {
        for text in [
            "=HYPERLINK(\"x\")",
            "+81",
            "@sum",
            "\tx",
            "a,b",
            "line\n2",
            "山田",
            "",
            "-1",
        ] {
            let mut out = String::from(">");
            push_csv_cell(&mut out, text);
            assert_eq!(out, format!(">{}", csv_cell(text)), "{text:?}");
        }
    }
}
