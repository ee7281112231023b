//! Tables for spreadsheets: a header and rows of formatted cells, written as CSV (UTF-8 with a byte-order mark,
//! CRLF line ends, text cells neutralised against formula injection by [`crate::export::csv_cell`]).
//!
//! The CLI's `--csv` and the page's CSV downloads both write [`Table`]s built by [`crate::tables`], so they
//! are the same bytes.

/// A table: a header and rows of already-formatted cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with this header.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table with these rows.
    pub fn with_rows(mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Table {
        self.rows.extend(rows);
        self
    }

    /// The table as CSV: a BOM, then the header and each row ending in CRLF. Text cells are neutralised
    /// (`csv_cell`); plain numbers such as `-1250` or `-0.5` are written as they are, since a spreadsheet
    /// reads them as numbers, not formulas.
    pub fn to_csv(&self) -> String {
        format!("\u{FEFF}{}", self.body_csv())
    }

    /// [`Table::to_csv`] without the byte-order mark, for encodings that have none.
    pub fn body_csv(&self) -> String {
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_cell(out, c);
            }
            out.push_str("\r\n");
        };
        line(&mut out, &self.header);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }

    /// Writes [`Table::to_csv`] to `out`.
    pub fn write_csv(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(self.to_csv().as_bytes())
    }
}

/// Appends one cell as every table writes it: a plain number as it is, any other text through
/// [`crate::export::csv_cell`].
pub(crate) fn push_cell(out: &mut String, cell: &str) {
    if is_plain_number(cell) {
        out.push_str(cell);
    } else {
        out.push_str(&crate::export::csv_cell(cell));
    }
}

/// Whether `s` is an optional minus sign, digits, and optionally a point and more digits (`-1250`, `0.25`).
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// A float cell: Rust's shortest round-trip formatting (`0.25`, `1`), empty for `None`.
pub fn float_cell(x: Option<f64>) -> String {
    x.map_or(String::new(), |x| x.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_they_are_and_text_is_neutralised() {
        let table = Table::new(&["a", "b", "c"]).with_rows([
            vec!["-1250".into(), "-0.5".into(), "=1+2".into()],
            vec!["-1+2".into(), "-".into(), "x,y".into()],
            vec!["1.".into(), ".5".into(), "12".into()],
        ]);
        assert_eq!(
            table.to_csv(),
            "\u{FEFF}a,b,c\r\n-1250,-0.5,'=1+2\r\n'-1+2,'-,\"x,y\"\r\n1.,.5,12\r\n"
        );
        let mut bytes = Vec::new();
        table.write_csv(&mut bytes).unwrap();
        assert_eq!(bytes, table.to_csv().into_bytes());
    }

    #[test]
    fn float_cells_use_the_shortest_round_trip_form() {
        assert_eq!(float_cell(Some(1.0)), "1");
        assert_eq!(float_cell(Some(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(float_cell(None), "");
    }
}
