//! Streaming CSV records over decoded text, with `csv-core` (the engine of the `csv` crate).
//!
//! `csv-core` is push-based: text arrives in chunks of any size and records come out whole, however they are
//! split. Quoted fields, embedded newlines, CRLF and blank lines are handled there; this module keeps the
//! buffers between chunks and the line number where each record starts.
//!
//! Most lines of an export have no quotes. Between records, a complete line without a quote or an inner
//! carriage return is split here at its commas, borrowed from the input rather than copied through
//! `csv-core`: the same record `csv-core` would give (a randomised test compares the two), in about half the
//! time.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use crate::text::count_byte;

pub use super::options::Separator;

pub use super::error::SplitError;

/// The largest record accepted, in bytes of UTF-8; a larger one usually means an unbalanced quote.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// One CSV record, borrowed from the splitter's buffers.
pub struct Record<'a> {
    /// 1-based line of the file where the record starts.
    pub line: u64,
    /// The record is the file's last and no line break ends it.
    pub unterminated: bool,
    /// The file ends inside one of the record's quoted fields: its quote is never closed.
    pub open_quote: bool,
    /// The record held NUL bytes, which were left out of its fields.
    pub nul: bool,
    text: &'a str,
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start in `text`: 1 for a line split at its commas,
    /// 0 for fields laid end to end (`csv-core`'s output).
    gap: usize,
}

impl<'a> Record<'a> {
    /// A record over `text` whose fields end at the byte offsets `ends` (for rows that were never CSV).
    pub(super) fn from_parts(line: u64, text: &'a str, ends: &'a [usize]) -> Record<'a> {
        Record {
            line,
            unterminated: false,
            open_quote: false,
            nul: false,
            text,
            ends,
            gap: 0,
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The record runs to the end of the file inside a quoted field that is never closed and holds line
    /// breaks: the quote swallowed every line after it.
    pub fn unclosed_quote(&self) -> bool {
        self.open_quote && self.multi_line_field().is_some()
    }

    /// 1-based line where the record ends: `line` unless a quoted field holds line breaks.
    pub fn end_line(&self) -> u64 {
        self.line + line_breaks(self.text.trim_end_matches(['\r', '\n']).as_bytes())
    }

    /// The index of the first field holding a line break.
    pub fn multi_line_field(&self) -> Option<usize> {
        self.iter().position(|f| f.contains(['\n', '\r']))
    }

    /// Field `i`, if the record has it.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        self.text.get(start..end)
    }

    /// All fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }
}

/// Splits decoded text into CSV records as chunks arrive.
pub struct RecordSplitter {
    reader: Reader,
    separator: Separator,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Double quotes in the current record's text as written: an odd count in the record that the end of the
    /// file ends means its quote was never closed.
    quotes: u64,
    /// NUL bytes in the current record's text as written, which are left out of its fields.
    nuls: u64,
    /// `csv-core` is between records (it has read the file's first record, so a byte order mark is no longer
    /// its concern): a line without quotes or carriage returns inside can be split here without it.
    between_records: bool,
    /// The field ends of a line split here.
    plain_ends: Vec<usize>,
    /// Whether plain lines are split here (always, but in the test that compares with `csv-core` alone).
    split_plain: bool,
    /// The text fed so far ended with a carriage return that `csv-core` read: whether it ends a line on its own
    /// (classic Mac OS line ends) or the first half of a CRLF depends on the text that comes next.
    pending_cr: bool,
}

/// Line breaks in `bytes`: each `\n`, and each `\r` that no `\n` follows (a carriage return at the end
/// counts), so that CRLF is one line break and a lone carriage return, the line end of classic Mac OS, is one
/// too.
pub fn line_breaks(bytes: &[u8]) -> u64 {
    count_byte(b'\n', bytes) + lone_crs(bytes, true)
}

/// Carriage returns in `bytes` that no `\n` follows; one at the very end counts when `end_counts`.
fn lone_crs(bytes: &[u8], end_counts: bool) -> u64 {
    memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| match bytes.get(i + 1) {
            Some(&next) => next != b'\n',
            None => end_counts,
        })
        .count() as u64
}

impl Default for RecordSplitter {
    fn default() -> Self {
        RecordSplitter::new(Separator::Comma)
    }
}

impl RecordSplitter {
    /// A splitter of text whose fields are separated by `separator`, from the start of a file.
    pub fn new(separator: Separator) -> RecordSplitter {
        let reader = match separator {
            // The default's tables are built with the comma known at compile time, a little faster.
            Separator::Comma => Reader::new(),
            _ => ReaderBuilder::new().delimiter(separator.byte()).build(),
        };
        RecordSplitter::with_reader(reader, separator)
    }

    /// A splitter with `csv-core`'s `reader` (whose tables take a while to build) for `separator`.
    fn with_reader(reader: Reader, separator: Separator) -> RecordSplitter {
        RecordSplitter {
            reader,
            separator,
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 256],
            ends_len: 0,
            quotes: 0,
            nuls: 0,
            between_records: false,
            plain_ends: Vec::new(),
            split_plain: true,
            pending_cr: false,
        }
    }
}

/// The length of `input`'s first line without its terminator, and with it, when the line is complete and
/// plain: no quote, no NUL byte and no carriage return but one before the `\n`. Such a line is its fields split at
/// its separators `S` (a comma, tab or semicolon), exactly as `csv-core` would read it: `ends` gets where each
/// field ends (each separator's offset, then the line's length). One pass over the line, eight bytes at a time.
fn plain_line<const S: u8>(input: &[u8], ends: &mut Vec<usize>) -> Option<(usize, usize)> {
    ends.clear();
    let mut at = 0;
    while let Some(word) = input.get(at..at + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        // A newline, quote, carriage return or NUL is a byte below `#`; most words have none of those.
        let stops = match has_byte_below(w, b'#') {
            false => 0,
            true => stop_bytes(w),
        };
        let commas = bytes_equal(w, S);
        let before_stop = match stops {
            0 => u64::MAX,
            s => (1u64 << s.trailing_zeros()).wrapping_sub(1),
        };
        let mut m = commas & before_stop;
        while m != 0 {
            ends.push(at + m.trailing_zeros() as usize / 8);
            m &= m - 1;
        }
        if stops != 0 {
            return line_end(input, at + stops.trailing_zeros() as usize / 8, ends);
        }
        at += 8;
    }
    while let Some(&b) = input.get(at) {
        match b {
            b'\n' | b'"' | b'\r' | 0 => return line_end(input, at, ends),
            b if b == S => ends.push(at),
            _ => {}
        }
        at += 1;
    }
    None
}

/// The line's lengths (see [`plain_line`]) when the first newline, quote, carriage return or NUL in `input` is at
/// `at` and ends a plain line.
fn line_end(input: &[u8], at: usize, ends: &mut Vec<usize>) -> Option<(usize, usize)> {
    let consumed = match (input[at], input.get(at + 1)) {
        (b'\n', _) => at + 1,
        (b'\r', Some(b'\n')) => at + 2,
        _ => return None,
    };
    ends.push(at);
    Some((at, consumed))
}

/// Whether a byte of `w` is below `n` (at most 128).
#[inline]
fn has_byte_below(w: u64, n: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    w.wrapping_sub(ONES * u64::from(n)) & !w & (ONES * 0x80) != 0
}

/// A word with the high bit of each byte of `w` that is a newline, quote, carriage return or NUL set, and no
/// other bit: [`bytes_equal`] of the four, sharing its last steps.
#[inline]
fn stop_bytes(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // A byte of `t(x)` has its high bit clear exactly where the byte of `x` is zero.
    let t = |x: u64| ((x & LOW7) + LOW7) | x;
    let ones = 0x0101_0101_0101_0101_u64;
    !((t(w)
        & t(w ^ (ones * u64::from(b'\n')))
        & t(w ^ (ones * u64::from(b'"')))
        & t(w ^ (ones * u64::from(b'\r'))))
        | LOW7)
}

/// A word with the high bit of each byte of `w` that equals `b` set, and no other bit.
#[inline]
fn bytes_equal(w: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !((((x & LOW7) + LOW7) | x) | LOW7)
}

impl RecordSplitter {
    /// A splitter that starts at the start of `line`, at the start of a record that may start with a byte
    /// order mark (a file's header row, after the lines before it were skipped).
    pub fn starting_at(line: u64, separator: Separator) -> RecordSplitter {
        let mut splitter = RecordSplitter::new(separator);
        splitter.reader.set_line(line);
        splitter
    }

    /// A splitter like this one that starts at the start of `line`, between two records of a file (a byte
    /// order mark there is text). It takes the `csv-core` reader of `spare`, a splitter done with, when that
    /// has the same separator: building one costs about a quarter million instructions, once per block (a
    /// clone would not do: csv-core copies only one of its tables).
    pub fn resumed_at(&self, line: u64, spare: Option<RecordSplitter>) -> RecordSplitter {
        let mut splitter = match spare {
            Some(mut spare) if spare.separator == self.separator => {
                spare.reader.reset();
                RecordSplitter::with_reader(spare.reader, self.separator)
            }
            _ => RecordSplitter::new(self.separator),
        };
        // `csv-core` skips a byte order mark at the start of its first read only, and a blank line in any.
        let _ = splitter.reader.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        splitter.reader.set_line(line);
        splitter.between_records = true;
        splitter
    }

    /// Whether the text fed so far ended between two records: what follows starts a record, as it does for
    /// [`resumed_at`](RecordSplitter::resumed_at).
    pub fn at_record_boundary(&self) -> bool {
        self.between_records && self.out_len == 0 && self.ends_len == 0 && !self.pending_cr
    }

    /// Feeds text; calls `on_record` for each complete record. With `last`, the text ends here and a final
    /// record without a line break is emitted too.
    pub fn feed<E>(
        &mut self,
        text: &str,
        last: bool,
        on_record: impl FnMut(Record<'_>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<SplitError>,
    {
        match self.separator {
            Separator::Comma => self.feed_split::<b',', E>(text, last, on_record),
            Separator::Tab => self.feed_split::<b'\t', E>(text, last, on_record),
            Separator::Semicolon => self.feed_split::<b';', E>(text, last, on_record),
        }
    }

    /// [`feed`](RecordSplitter::feed) with the separator `S`.
    fn feed_split<const S: u8, E>(
        &mut self,
        text: &str,
        last: bool,
        mut on_record: impl FnMut(Record<'_>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<SplitError>,
    {
        // `csv-core` takes empty input for the end of the text, which would end the record it is reading:
        // a chunk that decoded to nothing (a part of a character) is not fed to it.
        if text.is_empty() && !last {
            return Ok(());
        }
        let mut input = text.as_bytes();
        if std::mem::take(&mut self.pending_cr) && !input.starts_with(b"\n") {
            // The carriage return that ended the text before was a line break of its own.
            self.reader.set_line(self.reader.line() + 1);
        }
        loop {
            // Most lines have no quotes: split them directly, without copying them through `csv-core`.
            while self.between_records && self.split_plain {
                let Some((len, consumed)) = plain_line::<S>(input, &mut self.plain_ends) else {
                    break;
                };
                let at = text.len() - input.len();
                input = &input[consumed..];
                let line = self.reader.line();
                self.reader.set_line(line + 1);
                if len == 0 {
                    continue; // a blank line, which `csv-core` skips too
                }
                let record = &text[at..at + len];
                on_record(Record {
                    line,
                    unterminated: false,
                    open_quote: false,
                    nul: false,
                    text: record,
                    ends: &self.plain_ends,
                    gap: 1,
                })?;
            }
            if !input.is_empty() {
                // `csv-core` reads the next record, whatever it takes, before a line is split here again.
                self.between_records = false;
            }
            let (result, read, written, ended) = self.reader.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            let consumed = &input[..read];
            let ended_by_cr = consumed.last() == Some(&b'\r');
            let ended_by_break = ended_by_cr || consumed.last() == Some(&b'\n');
            // `csv-core` counts the `\n`s it reads as lines; a carriage return without one after it is a line
            // break too. One at the end of the text is told by the text that comes next.
            let cr_after = match input.get(read) {
                Some(&next) => ended_by_cr && next != b'\n',
                None => {
                    self.pending_cr |= ended_by_cr;
                    false
                }
            };
            let mut lone = u64::from(cr_after);
            // Carriage returns (in CRLF files, one a line) and NUL bytes are looked for once.
            if memchr::memchr2(b'\r', 0, consumed).is_some() {
                lone += lone_crs(consumed, false);
                self.nuls += count_byte(0, consumed);
            }
            if lone > 0 {
                self.reader.set_line(self.reader.line() + lone);
            }
            // Whether the record's own line break is counted in the line `csv-core` is on now.
            let ended_by_newline = consumed.last() == Some(&b'\n') || cr_after;
            self.quotes += count_byte(b'"', consumed);
            input = &input[read..];
            self.out_len += written;
            self.ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty if input.is_empty() && !last => return Ok(()),
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if self.out.len() >= MAX_RECORD_BYTES {
                        return Err(SplitError::RecordTooLarge {
                            line: self.start_line(false),
                        }
                        .into());
                    }
                    let grown = (self.out.len() * 2).min(MAX_RECORD_BYTES);
                    self.out.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                ReadRecordResult::Record => {
                    let line = self.start_line(ended_by_newline);
                    if self.nuls > 0 && self.leave_out_nuls() {
                        // A line of NUL bytes alone (a file padded with them) is a blank line.
                        self.out_len = 0;
                        self.ends_len = 0;
                        self.quotes = 0;
                        self.nuls = 0;
                        self.between_records = true;
                        continue;
                    }
                    let text = std::str::from_utf8(&self.out[..self.out_len]).unwrap_or("");
                    let at_end = last && input.is_empty() && !ended_by_break;
                    let outcome = on_record(Record {
                        line,
                        unterminated: at_end,
                        open_quote: at_end && self.quotes % 2 == 1,
                        nul: self.nuls > 0,
                        text,
                        ends: &self.ends[..self.ends_len],
                        gap: 0,
                    });
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.quotes = 0;
                    self.nuls = 0;
                    self.between_records = true;
                    outcome?;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Leaves the NUL bytes out of the current record's fields. A NUL is no character of any text a cart
    /// writes: where one is (padding from a database, a damaged copy), the field's text is the rest.
    /// Returns whether nothing else was left: the record was NUL bytes only.
    #[cold]
    fn leave_out_nuls(&mut self) -> bool {
        let (mut read, mut written) = (0, 0);
        for end in &mut self.ends[..self.ends_len] {
            while read < *end {
                let b = self.out[read];
                if b != 0 {
                    self.out[written] = b;
                    written += 1;
                }
                read += 1;
            }
            *end = written;
        }
        self.out_len = written;
        written == 0 && self.ends_len == 1
    }

    /// The 1-based line that the next text fed starts on.
    pub fn line(&self) -> u64 {
        self.reader.line()
    }

    /// The line where the current record starts. `csv-core` counts every `\n` consumed, including the
    /// record's own terminator (for LF endings; with CRLF the `\n` is consumed with the next record) and
    /// the line breaks inside quoted fields, which the record's text still holds.
    fn start_line(&self, ended_by_newline: bool) -> u64 {
        // Only a quoted field can hold a line break.
        let inner = match self.quotes {
            0 => 0,
            _ => line_breaks(&self.out[..self.out_len]),
        };
        self.reader
            .line()
            .saturating_sub(inner + u64::from(ended_by_newline))
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` fed in chunks of `chunk` characters: line and fields.
    fn split(text: &str, chunk: usize) -> Vec<(u64, Vec<String>)> {
        records(text, chunk, true)
            .into_iter()
            .map(|(line, _, _, fields)| (line, fields))
            .collect()
    }

    /// Every record of `text` fed in chunks of `chunk` characters: line, end line, unclosed flag, fields.
    fn records(text: &str, chunk: usize, split_plain: bool) -> Vec<(u64, u64, bool, Vec<String>)> {
        let mut splitter = RecordSplitter {
            split_plain,
            ..RecordSplitter::default()
        };
        let chars: Vec<char> = text.chars().collect();
        let chunks: Vec<String> = chars.chunks(chunk).map(|c| c.iter().collect()).collect();
        let mut records = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            splitter
                .feed::<SplitError>(c, i + 1 == chunks.len(), |r| {
                    let fields = r.iter().map(str::to_owned).collect();
                    records.push((r.line, r.end_line(), r.unclosed_quote(), fields));
                    Ok(())
                })
                .unwrap();
        }
        records
    }

    #[test]
    fn plain_lines_split_here_read_as_csv_core_reads_them() {
        // Random texts over the characters that matter (quotes, CR, LF, commas, a BOM-like character, multi-byte
        // text), in random chunkings: the same records with and without the plain-line path.
        let alphabet = [
            'a', 'b', ',', ',', '"', '\n', '\n', '\r', ' ', '顧', '\u{feff}',
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for case in 0..6000 {
            let len = next(200);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let chunk = 1 + next(12);
            assert_eq!(
                records(&text, chunk, true),
                records(&text, chunk, false),
                "case {case}: {text:?} in chunks of {chunk}"
            );
        }
    }

    #[test]
    fn empty_chunks_between_others_change_nothing() {
        // A chunk of bytes that ends inside a character decodes to no text at all.
        let text = "id,name\n1,\"two\nlines\"\n2,長い名前\n3,x";
        let mut splitter = RecordSplitter::default();
        let mut got = Vec::new();
        let chars: Vec<String> = text.chars().map(String::from).collect();
        for (i, c) in chars.iter().enumerate() {
            for piece in ["", c.as_str(), ""] {
                splitter
                    .feed::<SplitError>(piece, false, |r| {
                        got.push((r.line, r.iter().map(str::to_owned).collect::<Vec<_>>()));
                        Ok(())
                    })
                    .unwrap();
            }
            assert!(i + 1 < chars.len() || got.len() == 3);
        }
        splitter
            .feed::<SplitError>("", true, |r| {
                got.push((r.line, r.iter().map(str::to_owned).collect::<Vec<_>>()));
                Ok(())
            })
            .unwrap();
        assert_eq!(got, split(text, 1000));
    }

    #[test]
    fn records_keep_their_starting_line_in_any_chunking() {
        let text = "\n\nid,name\n\n1,\"two\nlines\"\r\n2,\"a \"\"quote\"\"\",\r\n3,長い名前\nlast,no newline";
        let expected = vec![
            (3, vec!["id".to_string(), "name".into()]),
            (5, vec!["1".into(), "two\nlines".into()]),
            (7, vec!["2".into(), "a \"quote\"".into(), "".into()]),
            (8, vec!["3".into(), "長い名前".into()]),
            (9, vec!["last".into(), "no newline".into()]),
        ];
        for chunk in [1, 2, 3, 5, 1000] {
            assert_eq!(split(text, chunk), expected, "chunk {chunk}");
        }
    }

    #[test]
    fn a_quote_never_closed_is_flagged_on_the_record_it_swallows_the_file_into() {
        // Line 2's stray quote is a literal character; line 3's opens a field that never closes.
        let text = "id,name\n0,Tea 12\" tin\n1,\"Tea 12 tin\n2,Tea\n3,Tea\n";
        for chunk in [1, 4, 1000] {
            let records: Vec<(u64, u64, bool, usize)> = records(text, chunk, true)
                .into_iter()
                .map(|(line, end, unclosed, fields)| (line, end, unclosed, fields.len()))
                .collect();
            assert_eq!(
                records,
                vec![(1, 1, false, 2), (2, 2, false, 2), (3, 5, true, 2)],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn a_closed_multi_line_field_is_not_flagged() {
        let mut splitter = RecordSplitter::default();
        let mut records = Vec::new();
        splitter
            .feed::<SplitError>("id,name\n1,\"two\nlines\"\n2,x", true, |r| {
                records.push((r.line, r.end_line(), r.unclosed_quote()));
                Ok(())
            })
            .unwrap();
        assert_eq!(records, vec![(1, 1, false), (2, 3, false), (4, 4, false)]);
    }

    #[test]
    fn crlf_files_count_lines_like_lf_files() {
        let lines: Vec<u64> = split("a,b\r\nc,d\r\n\r\ne,f\r\n", 4)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    #[test]
    fn lone_carriage_returns_end_lines_as_classic_mac_files_have_them() {
        let text = "a,b\rc,d\r\re,\"two\rlines\"\rf,g\r\nh,i\r";
        for chunk in [1, 2, 3, 1000] {
            let got: Vec<(u64, u64, Vec<String>)> = records(text, chunk, true)
                .into_iter()
                .map(|(line, end, _, fields)| (line, end, fields))
                .collect();
            let lines: Vec<(u64, u64)> = got.iter().map(|(l, e, _)| (*l, *e)).collect();
            assert_eq!(
                lines,
                [(1, 1), (2, 2), (4, 5), (6, 6), (7, 7)],
                "chunk {chunk}"
            );
            assert_eq!(got[2].2, ["e", "two\rlines"]);
        }
    }

    #[test]
    fn an_unbalanced_quote_is_reported_at_the_record_start() {
        let mut splitter = RecordSplitter::default();
        let chunk = "x".repeat(1 << 20);
        let mut result = splitter.feed::<SplitError>("a\n\"", false, |_| Ok(()));
        for _ in 0..80 {
            result = result.and_then(|_| splitter.feed::<SplitError>(&chunk, false, |_| Ok(())));
        }
        assert_eq!(result, Err(SplitError::RecordTooLarge { line: 2 }));
    }
}
