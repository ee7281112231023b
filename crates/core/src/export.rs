//! Writing cells for spreadsheets: CSV quoting and neutralisation of formula injection.

/// Quotes a CSV cell when needed, and neutralises a cell that a spreadsheet would run as a formula (one that
/// starts with `=`, `+`, `-`, `@`, tab or carriage return) by prefixing a single quote, as docs/analyses.md
/// ("CSV files") requires. Numbers written by Kokyaku itself never start with those characters except negative
/// amounts, which callers write without this function.
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

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
}
