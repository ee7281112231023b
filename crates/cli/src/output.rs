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
    fn percentages_have_one_decimal() {
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
