//! Text encodings of order exports: detection from the bytes and streaming conversion to UTF-8.
//!
//! Japanese carts write Shift_JIS (in practice Windows-31J/CP932, which `encoding_rs::SHIFT_JIS` decodes),
//! others UTF-8, often with a byte-order mark; Excel's "Unicode text" is UTF-16 (little-endian, with or
//! without a byte-order mark). The encoding is detected from the first [`SNIFF_LEN`] bytes
//! unless the user names it; bytes that are not valid in the chosen encoding stop the file with an error that
//! says where, rather than producing mojibake.

use encoding_rs::{Decoder, DecoderResult, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

pub use super::error::{DecodeError, FileKind};
pub use super::options::{Encoding, EncodingChoice};

/// How many leading bytes the detector looks at.
pub const SNIFF_LEN: usize = 64 * 1024;

/// What kind of file other than CSV `start` (a file's first bytes) is, when it is one users drop by mistake.
pub fn file_kind(start: &[u8]) -> Option<FileKind> {
    let text = start.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(start);
    let text = &text[text.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let opens = |tag: &[u8]| text.len() >= tag.len() && text[..tag.len()].eq_ignore_ascii_case(tag);
    if start.starts_with(b"PK\x03\x04") {
        Some(FileKind::Workbook)
    } else if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(FileKind::OldWorkbook)
    } else if start.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if start.starts_with(b"PAR1") {
        Some(FileKind::Parquet)
    } else if opens(b"<!doctype html") || opens(b"<html") {
        Some(FileKind::WebPage)
    } else {
        None
    }
}

/// Detects the encoding of a file from its first bytes. `complete` says the sample is the whole file.
pub fn detect(sample: &[u8], complete: bool) -> Result<Encoding, DecodeError> {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Encoding::Utf8Bom);
    }
    if let Some(utf16) = utf16_bom(sample) {
        return Ok(utf16);
    }
    if sample.contains(&0) {
        if let Some(utf16) = utf16_without_bom(sample) {
            return Ok(utf16);
        }
        if !text_with_nuls(sample) {
            return Err(DecodeError::Binary);
        }
    }
    let valid_utf8 = match std::str::from_utf8(sample) {
        Ok(_) => return Ok(Encoding::Utf8),
        // A multi-byte character cut by the end of the sample is still UTF-8, and so is a file cut off inside
        // one (the decoder reports the cut).
        Err(e) if e.error_len().is_none() => return Ok(Encoding::Utf8),
        Err(e) => e.valid_up_to(),
    };
    let first_bad_line = line_at(&sample[..valid_utf8]);
    // Shift_JIS text stops being UTF-8 within its first few non-ASCII characters, so a line with Japanese that
    // reads as UTF-8 is UTF-8 — and a file that also has lines that are not mixes encodings, even where
    // Shift_JIS would decode the lot into mojibake.
    let complete_lines = if complete {
        sample
    } else {
        &sample[..sample.len() - last_line_len(sample)]
    };
    let mut start = 0;
    let mut utf8_line = None;
    for (i, l) in complete_lines.split(|&b| b == b'\n').enumerate() {
        let last = start + l.len() == complete_lines.len();
        if is_utf8_text(l) && !(last && cut_shift_jis(l)) {
            utf8_line = Some((i as u64 + 1, start));
            break;
        }
        start += l.len() + 1;
    }
    let unknown = DecodeError::Unknown {
        offset: valid_utf8 as u64,
        line: first_bad_line,
    };
    match utf8_line {
        Some((line, _)) if line < first_bad_line => Err(DecodeError::Mixed {
            line: first_bad_line,
            utf8_first: true,
        }),
        Some((line, start)) if is_shift_jis(&sample[..start], true) => Err(DecodeError::Mixed {
            line,
            utf8_first: false,
        }),
        Some(_) => Err(unknown),
        // Not `complete`: a file cut off inside a character is still Shift_JIS (the decoder reports the cut).
        None if is_shift_jis(sample, false) => Ok(Encoding::ShiftJis),
        None => Err(unknown),
    }
}

/// The UTF-16 encoding whose byte-order mark `start` begins with, if it does.
fn utf16_bom(start: &[u8]) -> Option<Encoding> {
    match start {
        [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
        _ => None,
    }
}

/// The UTF-16 encoding `sample` is written in without a byte-order mark, when the bytes clearly are UTF-16
/// text: the high byte of at least a third of its code units is zero (ASCII digits, separators, line breaks)
/// and the low byte of few of them, and they decode as UTF-16 into text with line breaks or separators.
fn utf16_without_bom(sample: &[u8]) -> Option<Encoding> {
    let units = sample.len() / 2;
    let (mut zero_first, mut zero_second) = (0, 0);
    for unit in sample.chunks_exact(2) {
        zero_first += usize::from(unit[0] == 0);
        zero_second += usize::from(unit[1] == 0);
    }
    let (encoding, decoder) = if zero_second * 3 >= units && zero_first * 10 < zero_second {
        (Encoding::Utf16Le, UTF_16LE)
    } else if zero_first * 3 >= units && zero_second * 10 < zero_first {
        (Encoding::Utf16Be, UTF_16BE)
    } else {
        return None;
    };
    let mut decoder = decoder.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(sample.len() * 2);
    // As if more followed: a file cut off inside a code unit or a surrogate pair is still UTF-16 (the decoder
    // reports the cut).
    let (result, _) = decoder.decode_to_string_without_replacement(sample, &mut text, false);
    let separated = text.contains(['\n', '\r', '\t', ',', ';']);
    (result == DecoderResult::InputEmpty && separated).then_some(encoding)
}

/// Whether `sample`, which has NUL bytes, is text all the same: it has other bytes than NULs and white space,
/// and no control character but tab, line feed, vertical tab, form feed, carriage return, escape and DOS's end
/// of file (`^Z`), where images, archives and other binary files have many. (The NULs are left out of the
/// fields they are in, by the record splitter.)
fn text_with_nuls(sample: &[u8]) -> bool {
    let control = |b: u8| matches!(b, 0x01..=0x08 | 0x0E..=0x19 | 0x1C..=0x1F);
    !sample.iter().any(|&b| control(b))
        && sample.iter().any(|&b| b != 0 && !b.is_ascii_whitespace())
}

/// Whether a line is UTF-8 text with Japanese (or other non-ASCII) in it: two non-ASCII characters that read as
/// UTF-8 are never Shift_JIS in practice, which stops being valid UTF-8 within its first few such characters.
fn is_utf8_text(line: &[u8]) -> bool {
    // A Shift_JIS line fails the UTF-8 check at its first non-ASCII byte, usually a few bytes in.
    std::str::from_utf8(line).is_ok_and(|t| t.chars().filter(|c| !c.is_ascii()).nth(1).is_some())
}

/// Whether `line` is Shift_JIS cut off inside a character. The start of a cut Shift_JIS line can be valid
/// UTF-8 (ﾃｽﾄ商 cut after 商's first byte is `C3 BD C4 8F`, "½ď"), so the file's last line is not taken for
/// a UTF-8 line when it ends like this: the file was more likely cut off there.
fn cut_shift_jis(line: &[u8]) -> bool {
    !is_shift_jis(line, true) && is_shift_jis(line, false)
}

/// Watches the lines of a file detected as Shift_JIS for one that is UTF-8 text: past the sniffed prefix, such
/// a line would decode into mojibake without any error.
#[derive(Default)]
struct Utf8Lines {
    /// The start of the line the last chunk ended in.
    partial: Vec<u8>,
    /// That line grew past [`SNIFF_LEN`] and is not checked.
    too_long: bool,
    /// Lines ended so far.
    lines: u64,
}

impl Utf8Lines {
    /// Checks the lines that end in `bytes` (and, with `last`, the final one).
    fn check(&mut self, bytes: &[u8], last: bool) -> Result<(), DecodeError> {
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes) {
            self.end_line(&bytes[start..end])?;
            start = end + 1;
        }
        let rest = &bytes[start..];
        if last {
            if !rest.is_empty() || !self.partial.is_empty() {
                self.partial.extend_from_slice(rest);
                if cut_shift_jis(&self.partial) {
                    self.partial.clear();
                    self.too_long = true;
                }
                self.end_line(&[])?;
            }
        } else if self.partial.len() + rest.len() > SNIFF_LEN {
            self.partial.clear();
            self.too_long = true;
        } else {
            self.partial.extend_from_slice(rest);
        }
        Ok(())
    }

    fn end_line(&mut self, end: &[u8]) -> Result<(), DecodeError> {
        self.lines += 1;
        let utf8 = match (self.too_long, self.partial.is_empty()) {
            (true, _) => false,
            (false, true) => is_utf8_text(end),
            (false, false) => {
                self.partial.extend_from_slice(end);
                is_utf8_text(&self.partial)
            }
        };
        self.partial.clear();
        self.too_long = false;
        match utf8 {
            true => Err(DecodeError::Mixed {
                line: self.lines,
                utf8_first: false,
            }),
            false => Ok(()),
        }
    }
}

/// Whether `bytes` are Shift_JIS text (`complete`: nothing follows them).
fn is_shift_jis(bytes: &[u8], complete: bool) -> bool {
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut out, complete);
    result == DecoderResult::InputEmpty
}

/// The 1-based line at the end of `bytes`, the first bytes of a file.
fn line_at(bytes: &[u8]) -> u64 {
    Breaks::default().count(bytes) + 1
}

/// Counts line breaks as the records' splitter does, chunk after chunk: `\n`, `\r\n` and a lone `\r` (classic
/// Mac OS) each end a line.
#[derive(Clone, Copy, Default)]
struct Breaks {
    /// The last chunk ended with `\r`, counted as a break: a `\n` starting the next one is part of it.
    after_cr: bool,
}

impl Breaks {
    /// The line breaks in `bytes`, which follow the bytes counted so far.
    fn count(&mut self, bytes: &[u8]) -> u64 {
        let mut breaks = crate::text::count_byte(b'\n', bytes);
        let returns = crate::text::count_byte(b'\r', bytes);
        if returns > 0 {
            let pairs = memchr::memmem::find_iter(bytes, b"\r\n").count() as u64;
            breaks += returns - pairs;
        }
        if self.after_cr && bytes.first() == Some(&b'\n') {
            breaks -= 1;
        }
        if let Some(&last) = bytes.last() {
            self.after_cr = last == b'\r';
        }
        breaks
    }
}

/// The length of the last, unfinished line of `bytes`.
fn last_line_len(bytes: &[u8]) -> usize {
    bytes.iter().rev().take_while(|&&b| b != b'\n').count()
}

/// Decodes the first bytes of a file (the whole file when `complete`), detecting the encoding from them alone.
/// A character cut by the end of an incomplete prefix is left out.
pub fn decode_prefix(
    bytes: &[u8],
    complete: bool,
    choice: EncodingChoice,
) -> Result<(Encoding, String), DecodeError> {
    let mut decoder = StreamDecoder::new(choice);
    decoder.pending.extend_from_slice(bytes);
    let mut text = String::new();
    decoder.start(complete, &mut text)?;
    Ok((decoder.encoding().unwrap_or(Encoding::Utf8), text))
}

/// Converts a file's bytes to UTF-8 text chunk by chunk, keeping characters split across chunks intact.
pub struct StreamDecoder {
    choice: EncodingChoice,
    pending: Vec<u8>,
    state: Option<(Encoding, Decoder)>,
    offset: u64,
    /// Line breaks decoded so far, to say on which line a bad byte is.
    lines: u64,
    breaks: Breaks,
    /// For a detected Shift_JIS file, the watch for UTF-8 lines.
    utf8_lines: Option<Utf8Lines>,
    /// The file ended inside a multi-byte character: it was cut off (see [`StreamDecoder::ends_cut`]).
    cut: bool,
}

impl StreamDecoder {
    /// A decoder for one file.
    pub fn new(choice: EncodingChoice) -> StreamDecoder {
        StreamDecoder {
            choice,
            pending: Vec::new(),
            state: None,
            offset: 0,
            lines: 0,
            breaks: Breaks::default(),
            utf8_lines: None,
            cut: false,
        }
    }

    /// The encoding in use, once known.
    pub fn encoding(&self) -> Option<Encoding> {
        self.state.as_ref().map(|(e, _)| *e)
    }

    /// A decoder of the same file in the same encoding that starts at a line's start, `offset` bytes into the
    /// file after `lines` line breaks, as this one is when it has decoded exactly those bytes; `None` while the
    /// encoding is not known yet. (A byte order mark there is text, as it is in the middle of a file.)
    pub fn resumed(&self, offset: u64, lines: u64) -> Option<StreamDecoder> {
        let (encoding, _) = self.state.as_ref()?;
        let decoder = match encoding {
            Encoding::ShiftJis => SHIFT_JIS.new_decoder_without_bom_handling(),
            Encoding::Utf8 | Encoding::Utf8Bom => UTF_8.new_decoder_without_bom_handling(),
            // A byte `\n` is not a line's end in UTF-16: a UTF-16 file is read by one reader from its start.
            Encoding::Utf16Le | Encoding::Utf16Be => return None,
        };
        Some(StreamDecoder {
            choice: self.choice,
            pending: Vec::new(),
            state: Some((*encoding, decoder)),
            offset,
            lines,
            breaks: Breaks::default(),
            utf8_lines: self.utf8_lines.as_ref().map(|_| Utf8Lines {
                lines,
                ..Utf8Lines::default()
            }),
            cut: false,
        })
    }

    /// Whether the file ended inside a multi-byte character, which was left out: a download or copy cut off
    /// there. Known once the last bytes are pushed.
    pub fn ends_cut(&self) -> bool {
        self.cut
    }

    /// Decodes `bytes` and appends the text to `out`. With `last`, the file ends after these bytes.
    pub fn push(&mut self, bytes: &[u8], last: bool, out: &mut String) -> Result<(), DecodeError> {
        if self.state.is_none() {
            self.pending.extend_from_slice(bytes);
            if self.pending.len() < SNIFF_LEN && !last {
                return Ok(());
            }
            return self.start(last, out);
        }
        self.decode(bytes, last, out)
    }

    /// Detects the encoding from the bytes held so far and decodes them.
    fn start(&mut self, last: bool, out: &mut String) -> Result<(), DecodeError> {
        if let Some(kind) = file_kind(&self.pending) {
            return Err(DecodeError::NotCsv(kind));
        }
        let encoding = match self.choice {
            // A UTF-16 byte-order mark says what the file is, whatever was chosen.
            _ if utf16_bom(&self.pending).is_some() => detect(&self.pending, last)?,
            EncodingChoice::Auto => detect(&self.pending, last)?,
            EncodingChoice::Utf8 if self.pending.starts_with(&[0xEF, 0xBB, 0xBF]) => {
                Encoding::Utf8Bom
            }
            EncodingChoice::Utf8 => Encoding::Utf8,
            EncodingChoice::ShiftJis => Encoding::ShiftJis,
        };
        let decoder = match encoding {
            Encoding::ShiftJis => SHIFT_JIS.new_decoder_without_bom_handling(),
            Encoding::Utf8 | Encoding::Utf8Bom => UTF_8.new_decoder_with_bom_removal(),
            Encoding::Utf16Le => UTF_16LE.new_decoder_with_bom_removal(),
            Encoding::Utf16Be => UTF_16BE.new_decoder_with_bom_removal(),
        };
        self.state = Some((encoding, decoder));
        if encoding == Encoding::ShiftJis && self.choice == EncodingChoice::Auto {
            self.utf8_lines = Some(Utf8Lines::default());
        }
        let pending = std::mem::take(&mut self.pending);
        self.decode(&pending, last, out)
    }

    fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) -> Result<(), DecodeError> {
        if let Some(watch) = self.utf8_lines.as_mut() {
            watch.check(bytes, last)?;
        }
        // Decoded as if more followed, so that a character cut by the end of the file stays in the decoder
        // instead of being reported as malformed; the end is then told to the decoder on its own.
        self.decode_more(bytes, out)?;
        if last {
            if let Some((_, decoder)) = self.state.as_mut() {
                let (result, _) = decoder.decode_to_string_without_replacement(&[], out, true);
                self.cut = matches!(result, DecoderResult::Malformed(..));
            }
        }
        Ok(())
    }

    /// Decodes `bytes`, not the file's last.
    fn decode_more(&mut self, mut bytes: &[u8], out: &mut String) -> Result<(), DecodeError> {
        let Some((encoding, decoder)) = self.state.as_mut() else {
            return Ok(());
        };
        loop {
            out.reserve(
                decoder
                    .max_utf8_buffer_length(bytes.len())
                    .unwrap_or(bytes.len() * 3)
                    .min(1 << 20),
            );
            let written = out.len();
            let (result, read) = decoder.decode_to_string_without_replacement(bytes, out, false);
            let bytes_before = bytes;
            bytes = &bytes[read..];
            self.offset += read as u64;
            // Each byte `\n` of UTF-8 and Shift_JIS is a line break; in UTF-16 it is half of one or part of
            // another character, so there the text is counted (and so it is before a malformed sequence).
            let text = &out.as_bytes()[written..];
            let mut counter = self.breaks;
            let breaks = match (*encoding, &result) {
                (_, DecoderResult::Malformed(..)) | (Encoding::Utf16Le | Encoding::Utf16Be, _) => {
                    counter.count(text)
                }
                _ => counter.count(&bytes_before[..read]),
            };
            if !matches!(result, DecoderResult::Malformed(..)) {
                self.lines += breaks;
                self.breaks = counter;
            }
            match result {
                DecoderResult::InputEmpty => return Ok(()),
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(bad, after) => {
                    // The text before the malformed sequence was written out; the sequence holds no line
                    // break.
                    let offset = self
                        .offset
                        .saturating_sub(u64::from(bad) + u64::from(after));
                    return Err(DecodeError::Invalid {
                        encoding: *encoding,
                        offset,
                        line: self.lines + breaks + 1,
                        chosen: self.choice != EncodingChoice::Auto,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_file_with_a_shift_jis_line_mixes_encodings() {
        let mut bytes = "注文ID,商品名\n1,コーヒー豆\n".as_bytes().to_vec();
        bytes.extend_from_slice(&SHIFT_JIS.encode("2,抹茶\n").0);
        assert_eq!(
            detect(&bytes, true),
            Err(DecodeError::Mixed {
                line: 3,
                utf8_first: true
            })
        );
        assert_eq!(
            detect(&bytes, true).unwrap_err().to_string(),
            "line 3: the lines before this one are UTF-8 and this one is not; the file mixes encodings — save it in one encoding or re-export it"
        );
    }

    #[test]
    fn a_shift_jis_file_with_a_utf8_line_mixes_encodings_rather_than_turning_it_into_mojibake() {
        let mut bytes = SHIFT_JIS
            .encode("注文ID,商品名\n1,コーヒー豆\n")
            .0
            .into_owned();
        bytes.extend_from_slice("2,抹茶ラテ\n".as_bytes());
        assert_eq!(
            detect(&bytes, true),
            Err(DecodeError::Mixed {
                line: 3,
                utf8_first: false
            })
        );
    }

    #[test]
    fn a_chosen_encoding_that_does_not_fit_says_it_was_chosen() {
        let bytes = SHIFT_JIS.encode("id,名前\n1,さくら\n").0;
        let mut d = StreamDecoder::new(EncodingChoice::Utf8);
        let err = d.push(&bytes, true, &mut String::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1: the bytes at offset 3 are not valid UTF-8, the encoding chosen; choose another encoding or automatic detection"
        );
    }

    #[test]
    fn half_width_katakana_in_shift_jis_is_not_taken_for_utf8() {
        // ﾃｽﾄ is C3 BD C4 in Shift_JIS: C3 BD alone is valid UTF-8 (½).
        let bytes = SHIFT_JIS.encode("名前\nﾃｽﾄ\n").0;
        assert_eq!(detect(&bytes, true), Ok(Encoding::ShiftJis));
    }

    fn decode_all(bytes: &[u8], chunk: usize) -> Result<(Encoding, String), DecodeError> {
        let mut d = StreamDecoder::new(EncodingChoice::Auto);
        let mut out = String::new();
        let chunks: Vec<&[u8]> = bytes.chunks(chunk.max(1)).collect();
        for (i, c) in chunks.iter().enumerate() {
            d.push(c, i + 1 == chunks.len(), &mut out)?;
        }
        if chunks.is_empty() {
            d.push(&[], true, &mut out)?;
        }
        Ok((d.encoding().unwrap(), out))
    }

    #[test]
    fn detects_utf8_bom_and_strips_it() {
        let (e, s) = decode_all("\u{FEFF}受注ID,x\n".as_bytes(), 2).unwrap();
        assert_eq!((e, s.as_str()), (Encoding::Utf8Bom, "受注ID,x\n"));
    }

    #[test]
    fn detects_shift_jis_and_keeps_characters_split_across_chunks() {
        let (bytes, _, _) = SHIFT_JIS.encode("注文ID,受注日,ソ表\n1,2024-01-05,ｱｲｳ\n");
        for chunk in [1, 2, 3, 7, 1000] {
            let (e, s) = decode_all(&bytes, chunk).unwrap();
            assert_eq!(e, Encoding::ShiftJis);
            assert_eq!(s, "注文ID,受注日,ソ表\n1,2024-01-05,ｱｲｳ\n");
        }
    }

    #[test]
    fn plain_utf8_japanese_is_utf8() {
        let (e, s) = decode_all("名前\nさくら\n".as_bytes(), 1).unwrap();
        assert_eq!((e, s.as_str()), (Encoding::Utf8, "名前\nさくら\n"));
    }

    #[test]
    fn workbooks_web_pages_and_pdfs_are_named_for_what_they_are() {
        let cases: [(&[u8], FileKind); 6] = [
            (b"PK\x03\x04\x14\x00\x06\x00", FileKind::Workbook),
            (b"PAR1\x15\x04\x15\x80", FileKind::Parquet),
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                FileKind::OldWorkbook,
            ),
            (b"%PDF-1.7\n", FileKind::Pdf),
            (
                b"\r\n  <!DOCTYPE html>\n<html><body>Login</body></html>",
                FileKind::WebPage,
            ),
            ("\u{FEFF}<HTML lang=ja>".as_bytes(), FileKind::WebPage),
        ];
        for (bytes, kind) in cases {
            for choice in [
                EncodingChoice::Auto,
                EncodingChoice::Utf8,
                EncodingChoice::ShiftJis,
            ] {
                let err = StreamDecoder::new(choice)
                    .push(bytes, true, &mut String::new())
                    .unwrap_err();
                assert_eq!(err, DecodeError::NotCsv(kind));
            }
        }
        let page = DecodeError::NotCsv(FileKind::WebPage).to_string();
        assert!(
            page.starts_with("this is a web page (HTML), not CSV"),
            "{page}"
        );
        // A CSV whose first cell mentions html is a CSV.
        assert_eq!(file_kind(b"html_id,order_date\n"), None);
        assert_eq!(file_kind(b"order_id,order_date\n1,2024-01-01\n"), None);
    }

    #[test]
    fn reads_utf16_and_rejects_binary_and_garbage() {
        assert_eq!(
            detect(b"PK\x03\x04\x00\x00", true),
            Err(DecodeError::Binary)
        );
        assert_eq!(detect(&[0xFF, 0xFE, b'a', 0], true), Ok(Encoding::Utf16Le));
        assert_eq!(
            detect(&[b'a', b'\n', b'b', 0x80, 0x80, 0xFF], true),
            Err(DecodeError::Unknown { offset: 3, line: 2 })
        );
    }

    #[test]
    fn utf8_lines_after_the_sniffed_prefix_of_a_shift_jis_file_are_an_error_not_mojibake() {
        let mut text = String::from("注文ID,商品名\n");
        let mut line = 1;
        while text.len() < SNIFF_LEN + 5000 {
            text.push_str("1,コーヒー豆 深煎り\r\n");
            line += 1;
        }
        let mut bytes = SHIFT_JIS.encode(&text).0.into_owned();
        let clean = bytes.clone();
        bytes.extend_from_slice("2,抹茶\r\n".as_bytes());
        for chunk in [1, 7, 4096, 1 << 20] {
            assert_eq!(
                decode_all(&bytes, chunk),
                Err(DecodeError::Mixed {
                    line: line + 1,
                    utf8_first: false
                }),
                "chunk {chunk}"
            );
            // The same without the UTF-8 line: Shift_JIS throughout, read as such.
            let (encoding, decoded) = decode_all(&clean, chunk).unwrap();
            assert_eq!((encoding, decoded.len()), (Encoding::ShiftJis, text.len()));
        }
        // One ending the file without a line break, and one in the middle.
        let mut last = clean.clone();
        last.extend_from_slice("2,抹茶".as_bytes());
        assert!(matches!(
            decode_all(&last, 4096),
            Err(DecodeError::Mixed { .. })
        ));
        let mut middle = clean.clone();
        middle.extend_from_slice("2,抹茶\n".as_bytes());
        middle.extend_from_slice(&clean[clean.len() - 40..]);
        assert_eq!(
            decode_all(&middle, 4096),
            Err(DecodeError::Mixed {
                line: line + 1,
                utf8_first: false
            })
        );
    }

    #[test]
    fn shift_jis_bytes_after_the_sniffed_prefix_are_an_error_not_mojibake() {
        let mut bytes = vec![b'a'; SNIFF_LEN + 10];
        bytes.push(b'\n');
        bytes.extend_from_slice(&SHIFT_JIS.encode("注文").0);
        let err = decode_all(&bytes, 4096).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Invalid {
                encoding: Encoding::Utf8,
                offset: SNIFF_LEN as u64 + 11,
                line: 2,
                chosen: false,
            }
        );
    }

    #[test]
    fn line_breaks_are_counted_as_the_splitter_counts_them_across_chunks() {
        let text = b"a\r\nb\rc\nd\r\r\ne\r";
        // Breaks: after a, b, c, d, the blank line, e.
        assert_eq!(Breaks::default().count(text), 6);
        for cut in 0..=text.len() {
            let mut breaks = Breaks::default();
            let (head, tail) = text.split_at(cut);
            assert_eq!(breaks.count(head) + breaks.count(tail), 6, "cut at {cut}");
        }
    }

    #[test]
    fn a_bad_byte_in_a_file_with_classic_mac_line_ends_is_on_the_line_an_editor_shows() {
        let mut bytes = vec![b'a'; SNIFF_LEN + 10];
        bytes.extend_from_slice(b"\rb\r\rc\r\n");
        bytes.extend_from_slice(&SHIFT_JIS.encode("注文").0);
        for chunk in [1, 7, 4096] {
            let err = decode_all(&bytes, chunk).unwrap_err();
            assert!(
                matches!(err, DecodeError::Invalid { line: 5, .. }),
                "chunk {chunk}: {err:?}"
            );
        }
        // In the sniffed prefix too.
        let mut bytes = b"id,name\r1,a\r".to_vec();
        bytes.push(0xFF);
        assert!(matches!(
            decode_all(&bytes, 4096).unwrap_err(),
            DecodeError::Unknown { line: 3, .. } | DecodeError::Invalid { line: 3, .. }
        ));
    }
}
