//! Printing an analysis: pretty JSON (`--json`), CSV (`--csv`, UTF-8 with BOM, cells neutralised against
//! formula injection), or a text table for people.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::CliError;

/// The output format an analysis command was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

impl Format {
    /// From the `--json` / `--csv` flags (clap makes them exclusive).
    pub fn from_flags(json: bool, csv: bool) -> Format {
        match (json, csv) {
            (true, _) => Format::Json,
            (_, true) => Format::Csv,
            _ => Format::Text,
        }
    }
}

/// A CSV table: a header and rows of already-formatted cells.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Writes the table as CSV with a BOM, text cells neutralised (`kokyaku_core::export::csv_cell`); plain
    /// numbers such as `-1250` or `-0.5` are written as they are, since a spreadsheet reads them as numbers,
    /// not formulas.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all("\u{FEFF}".as_bytes())?;
        write!(out, "{}\r\n", self.header.join(","))?;
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    if is_plain_number(c) {
                        c.clone()
                    } else {
                        kokyaku_core::export::csv_cell(c)
                    }
                })
                .collect();
            write!(out, "{}\r\n", cells.join(","))?;
        }
        Ok(())
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

/// A percentage with one decimal (`12.5%`), `—` for `None`.
pub fn percent(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |x| format!("{:.1}%", x * 100.0))
}

/// The columns `c` takes on a terminal: 2 for East Asian wide and full-width characters (kanji, kana, hangul,
/// full-width forms), else 1. An approximation of Unicode's East Asian Width that is right for shop data.
fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// `text` fitted to exactly `width` terminal columns: padded with spaces on the right, or cut with `…`.
pub fn fit(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(char_width).sum();
    if total <= width {
        return format!("{text}{}", " ".repeat(width - total));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + char_width(c) + 1 > width {
            break;
        }
        used += char_width(c);
        out.push(c);
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width - used));
    out
}

/// Runs `write` on a buffered stdout and turns failures into a [`CliError`].
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("cannot write the output", e))
}

/// Prints `value` as pretty JSON.
pub fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_they_are_and_text_is_neutralised() {
        let table = Table {
            header: vec!["a", "b", "c"],
            rows: vec![
                vec!["-1250".into(), "-0.5".into(), "=1+2".into()],
                vec!["-1+2".into(), "-".into(), "x,y".into()],
                vec!["1.".into(), ".5".into(), "12".into()],
            ],
        };
        let mut out = Vec::new();
        table.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{FEFF}a,b,c\r\n-1250,-0.5,'=1+2\r\n'-1+2,'-,\"x,y\"\r\n1.,.5,12\r\n"
        );
    }

    #[test]
    fn float_cells_use_the_shortest_round_trip_form() {
        assert_eq!(float_cell(Some(1.0)), "1");
        assert_eq!(float_cell(Some(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(float_cell(None), "");
        assert_eq!(percent(Some(0.125)), "12.5%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn fitted_text_takes_its_width_in_terminal_columns() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("有機煎茶 100g", 16), "有機煎茶 100g   ");
        assert_eq!(fit("有機煎茶 100g", 8), "有機煎… ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("", 2), "  ");
    }
}
