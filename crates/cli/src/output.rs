//! Printing an analysis: pretty JSON (`--json`), CSV (`--csv`, UTF-8 with BOM, cells neutralised against
//! formula injection), or a text table for people.

use std::io::{self, BufWriter, IsTerminal, Write};

use std::sync::OnceLock;

use kokyaku_core::table::{CsvStyle, TableStream};
use kokyaku_core::{Day, Lang};
use serde::Serialize;

use crate::CliError;

/// The language messages, reasons, notes and text reports are written in, set once at start.
static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language, from `--lang` or else the environment's locale.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language messages, reasons, notes and text reports are written in.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The language `--csv` writes headings and names in: only one given with `--lang`; otherwise the ids tools
/// read, whatever the locale.
static CSV_LANG: OnceLock<Option<Lang>> = OnceLock::new();

/// Sets the language of the CSV tables, `--lang` as given.
pub fn set_csv_lang(lang: Option<Lang>) {
    let _ = CSV_LANG.set(lang);
}

/// Writes `table` as CSV for a currency with `decimals`: amounts in currency units, rates rounded, headings
/// and names as ids (or in the language `--lang` gave).
pub fn csv<'a>(
    out: &mut dyn Write,
    table: impl Into<TableStream<'a>>,
    decimals: u32,
) -> io::Result<()> {
    let style = CsvStyle {
        lang: CSV_LANG.get().copied().flatten(),
        decimals,
    };
    table.into().write_csv(&style, out)
}

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

/// A percentage with one decimal (`12.5%`), `—` for `None`.
pub fn percent(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |x| format!("{:.1}%", x * 100.0))
}

/// What a report says instead of its figures when no valid order has a customer key.
pub fn no_orders(l: Lang) -> &'static str {
    l.t(
        "顧客キーのある有効な注文がありません。",
        "No valid orders with a customer key were found.",
    )
}

/// The as-of date in a Japanese report's heading: `基準日 2024-03-10（この日より前の注文を集計）`.
pub fn as_of_ja(day: Day) -> String {
    format!("基準日 {day}（この日より前の注文を集計）")
}

/// Says how many more products the report did not list.
pub fn more_products(l: Lang, more: usize) -> String {
    match l {
        Lang::Ja => format!("  … ほか{more}商品（すべて --json に出力）"),
        Lang::En => format!("  ... and {more} more products (--json lists them all)"),
    }
}

/// Says that no first order had product lines.
pub fn no_products(l: Lang) -> &'static str {
    l.t(
        "  初回注文に商品がありません",
        "  no products in first orders",
    )
}

/// Runs `write` on a buffered stdout and turns failures into a [`CliError`]. On a terminal, control
/// characters from the data are shown escaped (see [`TerminalSafe`]).
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    let result = if terminal {
        let mut safe = TerminalSafe::new(&mut out);
        write(&mut safe).and_then(|()| safe.finish())
    } else {
        write(&mut out)
    };
    result
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("cannot write the output", e))
}

/// `text` for standard error: control characters escaped when it is a terminal (see [`TerminalSafe`]).
pub fn for_stderr(text: &str) -> String {
    if !io::stderr().is_terminal() {
        return text.to_string();
    }
    let mut out = Vec::new();
    let mut safe = TerminalSafe::new(&mut out);
    // Writing to a Vec cannot fail.
    let _ = safe.write_all(text.as_bytes()).and_then(|()| safe.finish());
    String::from_utf8_lossy(&out).into_owned()
}

/// A writer that shows control characters escaped (`\u{1b}`) instead of passing them on: an order export's
/// cell holding an escape sequence must not move the cursor, recolour or retitle the user's terminal. Line
/// breaks and tabs pass; carriage returns, which can overwrite a line, do not. Files and pipes get the bytes
/// as they are.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The lead byte of a two-byte character that the last write ended with.
    lead: Option<u8>,
}

impl<W: Write> TerminalSafe<W> {
    /// Escapes what is written to `inner`.
    pub fn new(inner: W) -> TerminalSafe<W> {
        TerminalSafe { inner, lead: None }
    }

    /// Writes a lead byte the last write ended with.
    pub fn finish(&mut self) -> io::Result<()> {
        if let Some(lead) = self.lead.take() {
            self.inner.write_all(&[lead])?;
        }
        Ok(())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let (mut start, mut i) = (0, 0);
        if let Some(lead) = self.lead.take() {
            match buf.first() {
                Some(&b @ 0x80..=0x9F) => {
                    write!(self.inner, "\\u{{{b:x}}}")?;
                    (start, i) = (1, 1);
                }
                Some(_) => self.inner.write_all(&[lead])?,
                None => {
                    self.lead = Some(lead);
                    return Ok(0);
                }
            }
        }
        while i < buf.len() {
            // C1 controls (U+0080–U+009F) are 0xC2 and 0x80–0x9F in UTF-8.
            let escape = match buf[i] {
                b'\n' | b'\t' => None,
                b @ (0x00..=0x1F | 0x7F) => Some((i + 1, b)),
                0xC2 => match buf.get(i + 1) {
                    Some(&b @ 0x80..=0x9F) => Some((i + 2, b)),
                    Some(_) => None,
                    None => {
                        self.inner.write_all(&buf[start..i])?;
                        self.lead = Some(0xC2);
                        return Ok(buf.len());
                    }
                },
                _ => None,
            };
            match escape {
                Some((next, code)) => {
                    self.inner.write_all(&buf[start..i])?;
                    write!(self.inner, "\\u{{{code:x}}}")?;
                    (start, i) = (next, next);
                }
                None => i += 1,
            }
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Prints `value` as pretty JSON.
pub fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_reach_a_terminal_escaped_in_any_chunking() {
        let text = "顧客\x1b[31mred\x1b]0;title\x07\r\nline\ttab\u{9b}2J\u{a0}ok\x7f";
        let expected =
            "顧客\\u{1b}[31mred\\u{1b}]0;title\\u{7}\\u{d}\nline\ttab\\u{9b}2J\u{a0}ok\\u{7f}";
        let bytes = text.as_bytes();
        for size in [1, 2, 3, bytes.len()] {
            let mut out = Vec::new();
            let mut safe = TerminalSafe::new(&mut out);
            for piece in bytes.chunks(size) {
                safe.write_all(piece).unwrap();
            }
            safe.finish().unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected,
                "chunks of {size}"
            );
        }
    }

    use super::*;

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(Some(0.125)), "12.5%");
        assert_eq!(percent(None), "—");
    }
}
