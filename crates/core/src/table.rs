//! Tables for spreadsheets: columns and rows of typed cells, written as CSV for people (UTF-8 with a
//! byte-order mark, CRLF line ends, text cells neutralised against formula injection by
//! [`crate::export::csv_cell`]).
//!
//! A cell keeps its value exact (money in minor units, rates as fractions); writing it decides how a person
//! reads it: money in currency units with the currency's decimals, rates and means rounded, and, in a
//! language, the headings and the names of segments and groups in that language instead of their ids. The
//! CLI's `--csv` and the page's CSV downloads both write [`Table`]s built by [`crate::tables`], so with the
//! same [`CsvStyle`] they are the same bytes. The JSON outputs stay exact.

use crate::words::Lang;

/// A column: its id (the heading tools read) and its headings in Japanese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The stable id, `snake_case`.
    pub id: &'static str,
    /// The heading in Japanese.
    pub ja: &'static str,
    /// The heading in English.
    pub en: &'static str,
}

/// A column from its id and its two headings.
pub const fn col(id: &'static str, ja: &'static str, en: &'static str) -> Column {
    Column { id, ja, en }
}

/// A cell's value, kept exact until it is written.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing (a value that is undefined, such as a rate of nobody).
    Empty,
    /// Text as it is: customer keys, product names, months.
    Text(String),
    /// One of a fixed set of values: its id, and its names in Japanese and English.
    Choice {
        /// The id tools read (`at_risk`).
        id: &'static str,
        /// The name in Japanese.
        ja: &'static str,
        /// The name in English.
        en: &'static str,
    },
    /// A whole number: a count, days, a score.
    Int(i64),
    /// Money in minor units, written in currency units.
    Money(i64),
    /// A mean of money in minor units, written in currency units to the currency's decimals, half a minor unit
    /// rounded away from zero.
    MeanMoney(f64),
    /// A fraction (a rate, a share, a probability), written to four decimals.
    Rate(f64),
    /// Another real number, written to this many decimals.
    Decimal(f64, u8),
}

impl Cell {
    /// Text as it is.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A whole number.
    pub fn int(n: impl TryInto<i64>) -> Cell {
        n.try_into().map_or(Cell::Empty, Cell::Int)
    }

    /// A mean of money, empty for `None`.
    pub fn mean_money(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::MeanMoney)
    }

    /// A fraction, empty for `None`.
    pub fn rate(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Rate)
    }

    /// A real number to `places` decimals, empty for `None`.
    pub fn decimal(x: Option<f64>, places: u8) -> Cell {
        x.map_or(Cell::Empty, |x| Cell::Decimal(x, places))
    }

    /// A choice from its id and names (`(ja, en)`).
    pub fn choice(id: &'static str, (ja, en): (&'static str, &'static str)) -> Cell {
        Cell::Choice { id, ja, en }
    }

    /// A yes-or-no value, `true`/`false` by id.
    pub fn flag(
        yes: bool,
        (ja, en): (&'static str, &'static str),
        (no_ja, no_en): (&'static str, &'static str),
    ) -> Cell {
        match yes {
            true => Cell::choice("true", (ja, en)),
            false => Cell::choice("false", (no_ja, no_en)),
        }
    }
}

/// How a table is written: the headings and choices as ids or in a language, and the currency's decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    /// `None`: the ids tools read; else headings and choice names in this language.
    pub lang: Option<Lang>,
    /// The decimals of the currency's minor unit (0 for JPY).
    pub decimals: u32,
}

impl CsvStyle {
    /// Ids, for a currency with these decimals.
    pub fn ids(decimals: u32) -> CsvStyle {
        CsvStyle {
            lang: None,
            decimals,
        }
    }
}

/// A table: columns and rows of cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// Rows of cells, each as long as the columns.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: &[Column]) -> Table {
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// The table with these rows.
    pub fn with_rows(mut self, rows: impl IntoIterator<Item = Vec<Cell>>) -> Table {
        self.rows.extend(rows);
        self
    }

    /// The columns' ids.
    pub fn ids(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.id).collect()
    }

    /// Each row's cells as `style` writes them into the CSV.
    pub fn written_rows(&self, style: &CsvStyle) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| row.iter().map(|c| written(c, style)).collect())
            .collect()
    }

    /// The table as CSV in `style`: a BOM, then the header and each row ending in CRLF. Text cells are
    /// neutralised (`csv_cell`); numbers are written as numbers, which a spreadsheet does not read as
    /// formulas.
    pub fn to_csv(&self, style: &CsvStyle) -> String {
        format!("{BOM}{}", self.body_csv(style))
    }

    /// [`Table::to_csv`] without the byte-order mark, for encodings that have none.
    pub fn body_csv(&self, style: &CsvStyle) -> String {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = write_lines(&self.columns, self.rows.iter(), style, &mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The byte-order mark every CSV starts with, so that Excel reads it as UTF-8.
const BOM: &str = "\u{FEFF}";

/// A table whose rows are made one at a time as they are written: a table with a row per customer is written
/// without holding every row (a million customers' cells take several times the memory of their orders).
pub struct TableStream<'a> {
    /// The columns.
    pub columns: Vec<Column>,
    rows: Box<dyn Iterator<Item = Vec<Cell>> + 'a>,
}

impl<'a> TableStream<'a> {
    /// A table with these columns whose rows `rows` makes, each as long as the columns.
    pub fn new(columns: &[Column], rows: impl Iterator<Item = Vec<Cell>> + 'a) -> TableStream<'a> {
        TableStream {
            columns: columns.to_vec(),
            rows: Box::new(rows),
        }
    }

    /// Every row made, as a [`Table`].
    pub fn into_table(self) -> Table {
        Table {
            columns: self.columns,
            rows: self.rows.collect(),
        }
    }

    /// Writes the table as [`Table::to_csv`] would, making each row as it goes.
    pub fn write_csv(self, style: &CsvStyle, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(BOM.as_bytes())?;
        write_lines(&self.columns, self.rows, style, out)
    }
}

impl From<Table> for TableStream<'static> {
    fn from(table: Table) -> Self {
        TableStream {
            columns: table.columns,
            rows: Box::new(table.rows.into_iter()),
        }
    }
}

/// Writes the header and `rows` in `style`, each line ending in CRLF.
fn write_lines<R: AsRef<[Cell]>>(
    columns: &[Column],
    rows: impl Iterator<Item = R>,
    style: &CsvStyle,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let heading = style.lang.map_or(c.id, |l| l.t(c.ja, c.en));
        line.push_str(&crate::export::csv_cell(heading));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())?;
    for row in rows {
        line.clear();
        for (i, cell) in row.as_ref().iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_written(&mut line, cell, style);
        }
        line.push_str("\r\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends one cell as every table writes it: a plain number as it is, any other text through
/// [`crate::export::csv_cell`].
pub(crate) fn push_cell(out: &mut String, cell: &str) {
    if is_plain_number(cell) {
        out.push_str(cell);
    } else {
        crate::export::push_csv_cell(out, cell);
    }
}

/// Whether `s` is an optional minus sign, digits, and optionally a point and more digits (`-1250`, `0.25`).
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// Appends a cell as CSV text, as [`written`] gives it, without a text of its own for the common cells.
fn push_written(line: &mut String, cell: &Cell, style: &CsvStyle) {
    use std::fmt::Write;
    match cell {
        Cell::Empty => {}
        Cell::Text(t) => crate::export::push_csv_cell(line, t),
        Cell::Choice { id, ja, en } => {
            crate::export::push_csv_cell(line, style.lang.map_or(*id, |l| l.t(ja, en)))
        }
        // Writing into a String cannot fail.
        Cell::Int(n) => {
            let _ = write!(line, "{n}");
        }
        Cell::Rate(x) => {
            let _ = write!(line, "{x:.4}");
        }
        Cell::Decimal(x, p) => {
            let _ = write!(line, "{x:.*}", *p as usize);
        }
        other => line.push_str(&written(other, style)),
    }
}

/// A cell as CSV text.
fn written(cell: &Cell, style: &CsvStyle) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => crate::export::csv_cell(s),
        Cell::Choice { id, ja, en } => {
            crate::export::csv_cell(style.lang.map_or(id, |l| l.t(ja, en)))
        }
        Cell::Int(n) => n.to_string(),
        Cell::Money(minor) => crate::money::minor_to_decimal(*minor, style.decimals),
        // Half a minor unit rounds away from zero, as money is rounded (¥900.5 → ¥901).
        Cell::MeanMoney(minor) => {
            crate::money::minor_to_decimal(minor.round() as i64, style.decimals)
        }
        Cell::Rate(x) => format!("{x:.4}"),
        Cell::Decimal(x, p) => format!("{x:.*}", *p as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table::new(&[
            col("segment", "セグメント", "Segment"),
            col("customers", "顧客数", "Customers"),
            col("revenue", "売上", "Revenue"),
            col("mean", "平均", "Mean"),
            col("share", "構成比", "Share"),
            col("lift", "リフト", "Lift"),
            col("name", "商品名", "Name"),
        ])
        .with_rows([
            vec![
                Cell::choice("at_risk", ("要注意", "At risk")),
                Cell::int(12u64),
                Cell::Money(-123_456),
                Cell::mean_money(Some(2_000.0 / 3.0)),
                Cell::rate(Some(1.0 / 3.0)),
                Cell::decimal(Some(2.0 / 3.0), 3),
                Cell::text("=cmd"),
            ],
            vec![
                Cell::choice("new", ("新規顧客", "New")),
                Cell::int(0u64),
                Cell::Money(5),
                Cell::mean_money(None),
                Cell::rate(None),
                Cell::decimal(None, 3),
                Cell::text("x,y"),
            ],
        ])
    }

    #[test]
    fn ids_and_currency_units_for_tools() {
        // USD: two decimals.
        assert_eq!(
            table().to_csv(&CsvStyle::ids(2)),
            "\u{FEFF}segment,customers,revenue,mean,share,lift,name\r\n\
             at_risk,12,-1234.56,6.67,0.3333,0.667,'=cmd\r\n\
             new,0,0.05,,,,\"x,y\"\r\n"
        );
        // Yen: whole numbers.
        assert!(table()
            .to_csv(&CsvStyle::ids(0))
            .contains("at_risk,12,-123456,667,0.3333,0.667,"));
    }

    #[test]
    fn plain_numbers_are_written_as_they_are_and_text_is_neutralised() {
        let mut out = String::new();
        for cell in ["-1250", "-0.5", "=1+2", "-1+2", "-", "x,y", "1.", ".5"] {
            push_cell(&mut out, cell);
            out.push('|');
        }
        assert_eq!(out, "-1250|-0.5|'=1+2|'-1+2|'-|\"x,y\"|1.|.5|");
    }

    #[test]
    fn headings_and_names_in_a_language() {
        let ja = CsvStyle {
            lang: Some(Lang::Ja),
            decimals: 0,
        };
        assert!(table().to_csv(&ja).starts_with(
            "\u{FEFF}セグメント,顧客数,売上,平均,構成比,リフト,商品名\r\n要注意,12,-123456,667,"
        ));
        let en = CsvStyle {
            lang: Some(Lang::En),
            decimals: 0,
        };
        assert!(table().to_csv(&en).contains("\r\nNew,0,5,"));
        let mut bytes = Vec::new();
        TableStream::from(table())
            .write_csv(&en, &mut bytes)
            .unwrap();
        assert_eq!(bytes, table().to_csv(&en).into_bytes());
    }

    #[test]
    fn a_stream_writes_what_the_whole_table_would() {
        let whole = table();
        let style = CsvStyle::ids(2);
        let mut made = 0;
        let rows = whole.rows.iter().cloned().inspect(|_| made += 1);
        let stream = TableStream::new(&whole.columns, rows);
        let mut bytes = Vec::new();
        stream.write_csv(&style, &mut bytes).unwrap();
        assert_eq!(made, 2);
        assert_eq!(String::from_utf8(bytes).unwrap(), whole.to_csv(&style));
        assert_eq!(TableStream::from(whole.clone()).into_table(), whole);
    }
}
