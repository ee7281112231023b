//! Rows out: a table of reusable cells, CSV quoting, line endings, encoding and buffered output.
//!
//! A [`Table`] holds one `String` per column that keeps its capacity across rows, so writing millions of rows
//! allocates nothing once the first few are out. [`Sink`] renders a row with RFC 4180 quoting (a field is
//! quoted when it contains a comma, a double quote, CR or LF, and embedded quotes are doubled), encodes it
//! (UTF-8 as is, or Shift_JIS through `encoding_rs`) and writes in 64 KiB blocks.

use std::fmt::Write as _;
use std::io::{self, Write};

/// Column index of a header name, evaluated at compile time (a missing name fails the build).
pub(crate) const fn col(headers: &[&str], name: &str) -> usize {
    col_nth(headers, name, 0)
}

/// Column index of the `nth` (0-based) column with this header name: EC-CUBE's header has `送料` twice.
pub(crate) const fn col_nth(headers: &[&str], name: &str, nth: usize) -> usize {
    let mut i = 0;
    let mut seen = 0;
    while i < headers.len() {
        if str_eq(headers[i], name) {
            if seen == nth {
                return i;
            }
            seen += 1;
        }
        i += 1;
    }
    panic!("no such column in the header list");
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The cells of the row being written.
pub(crate) struct Table {
    cells: Vec<String>,
}

impl Table {
    /// A table of `n` empty cells.
    pub fn new(n: usize) -> Table {
        Table {
            cells: vec![String::new(); n],
        }
    }

    /// Empties every cell.
    pub fn clear(&mut self) {
        for c in &mut self.cells {
            c.clear();
        }
    }

    /// The emptied cell of column `c`, to write into.
    pub fn cell(&mut self, c: usize) -> &mut String {
        let cell = &mut self.cells[c];
        cell.clear();
        cell
    }

    /// Sets column `c` to a text.
    pub fn set(&mut self, c: usize, value: &str) {
        self.cell(c).push_str(value);
    }

    /// Sets column `c` to an integer.
    pub fn int(&mut self, c: usize, value: i64) {
        let _ = write!(self.cell(c), "{value}");
    }

    /// Sets column `c` to an amount with two decimals (`1280.00`), as Shopify writes money.
    pub fn money2(&mut self, c: usize, value: i64) {
        let _ = write!(self.cell(c), "{value}.00");
    }

    /// Sets column `c` from format arguments.
    pub fn fmt(&mut self, c: usize, args: std::fmt::Arguments<'_>) {
        let _ = self.cell(c).write_fmt(args);
    }

    /// Sets column `c` to a copy of column `from`.
    pub fn copy(&mut self, c: usize, from: usize) {
        if c == from {
            return;
        }
        let (a, b) = if c < from {
            let (lo, hi) = self.cells.split_at_mut(from);
            (&mut lo[c], &hi[0])
        } else {
            let (lo, hi) = self.cells.split_at_mut(c);
            (&mut hi[0], &lo[from])
        };
        a.clear();
        a.push_str(b);
    }

    /// Empties column `c`.
    pub fn blank(&mut self, c: usize) {
        self.cells[c].clear();
    }
}

/// Text encoding of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

const FLUSH_AT: usize = 1 << 16;

/// Buffered, encoding CSV output.
pub(crate) struct Sink<'w, W: Write> {
    out: &'w mut W,
    buf: Vec<u8>,
    /// Scratch space for quoting a field.
    line: String,
    crlf: bool,
    encoder: Option<SjisEncoder>,
    rows: u64,
}

impl<'w, W: Write> Sink<'w, W> {
    /// A sink writing `encoding` with CRLF (`crlf`) or LF line endings.
    pub fn new(out: &'w mut W, encoding: Encoding, crlf: bool) -> Sink<'w, W> {
        let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
        if encoding == Encoding::Utf8Bom {
            buf.extend_from_slice("\u{FEFF}".as_bytes());
        }
        let encoder = (encoding == Encoding::ShiftJis).then(SjisEncoder::new);
        Sink {
            out,
            buf,
            line: String::with_capacity(256),
            crlf,
            encoder,
            rows: 0,
        }
    }

    /// Writes the header row (not counted as a data row).
    pub fn header(&mut self, headers: &[&str]) -> io::Result<()> {
        for (i, h) in headers.iter().enumerate() {
            self.field(i, h)?;
        }
        self.end_line()
    }

    /// Writes the table's cells as one data row.
    pub fn row(&mut self, table: &Table) -> io::Result<()> {
        for (i, c) in table.cells.iter().enumerate() {
            self.field(i, c)?;
        }
        self.rows += 1;
        self.end_line()
    }

    /// Data rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Appends field number `i` of a row: one pass over its bytes decides whether it needs quoting or
    /// encoding; plain ASCII (most cells) is copied straight into the output.
    fn field(&mut self, i: usize, text: &str) -> io::Result<()> {
        if i > 0 {
            self.buf.push(b',');
        }
        let (mut quote, mut ascii) = (false, true);
        for &b in text.as_bytes() {
            quote |= matches!(b, b',' | b'"' | b'\r' | b'\n');
            ascii &= b.is_ascii();
        }
        let text = if quote {
            self.line.clear();
            push_field(&mut self.line, text);
            self.line.as_str()
        } else {
            text
        };
        match &mut self.encoder {
            Some(encoder) if !ascii => encoder.encode(text, &mut self.buf),
            _ => {
                self.buf.extend_from_slice(text.as_bytes());
                Ok(())
            }
        }
    }

    fn end_line(&mut self) -> io::Result<()> {
        self.buf
            .extend_from_slice(if self.crlf { b"\r\n" } else { b"\n" });
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and flushes the writer.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

/// A Shift_JIS encoder that remembers each character's bytes.
///
/// `encoding_rs` encodes kanji by searching its index, which made Shift_JIS files several times slower to
/// write than UTF-8 ones; the generator uses a few hundred distinct characters, so each is encoded once by
/// `encoding_rs` and then looked up in a table indexed by code point.
struct SjisEncoder {
    /// Per BMP code point: 0 not seen yet, `UNMAPPABLE`, a single byte (< 0x100) or a byte pair.
    table: Vec<u16>,
}

const UNMAPPABLE: u16 = 0xFFFF;

impl SjisEncoder {
    fn new() -> SjisEncoder {
        SjisEncoder {
            table: vec![0; 0x1_0000],
        }
    }

    fn encode(&mut self, text: &str, out: &mut Vec<u8>) -> io::Result<()> {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII runs are copied as they are (Shift_JIS's single bytes below 0x80 are ASCII's).
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            out.extend_from_slice(&bytes[i..i + run]);
            i += run;
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            let code = c as usize;
            let mut mapped = self.table.get(code).copied().unwrap_or(UNMAPPABLE);
            if mapped == 0 {
                let mut utf8 = [0u8; 4];
                let (encoded, _, unmappable) =
                    encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut utf8));
                mapped = match (unmappable, encoded.len()) {
                    (false, 1) => u16::from(encoded[0]),
                    (false, 2) => u16::from_be_bytes([encoded[0], encoded[1]]),
                    _ => UNMAPPABLE,
                };
                self.table[code] = mapped;
            }
            match mapped {
                UNMAPPABLE => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{c:?} cannot be written in Shift_JIS"),
                    ))
                }
                single if single < 0x100 => out.push(single as u8),
                pair => out.extend_from_slice(&pair.to_be_bytes()),
            }
        }
        Ok(())
    }
}

/// Appends a field, quoted when it contains a comma, a double quote, CR or LF.
pub(crate) fn push_field(out: &mut String, field: &str) {
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push('"');
        for (i, part) in field.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        let mut s = String::new();
        for f in [
            "plain",
            " spaced ",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "有機ほうじ茶",
        ] {
            push_field(&mut s, f);
            s.push('|');
        }
        assert_eq!(
            s,
            "plain| spaced |\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|有機ほうじ茶|"
        );
    }

    #[test]
    fn finds_columns_at_compile_time() {
        const H: &[&str] = &["a", "送料", "b", "送料"];
        const FIRST: usize = col(H, "送料");
        const SECOND: usize = col_nth(H, "送料", 1);
        assert_eq!((FIRST, SECOND), (1, 3));
    }

    #[test]
    fn shift_jis_rows_are_encoded_and_unmappable_text_is_an_error() {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, Encoding::ShiftJis, true);
        let mut t = Table::new(2);
        t.set(0, "注文ID");
        t.set(1, "a,b");
        sink.row(&t).unwrap();
        t.set(1, "😀");
        assert!(sink.row(&t).is_err());
        sink.finish().unwrap();
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&out);
        assert!(!bad);
        assert!(text.starts_with("注文ID,\"a,b\"\r\n"));
    }
}
