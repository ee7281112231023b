//! The shape of a file's start: where its header row is and what separates its fields.
//!
//! Files as users have them do not always start with their header row: Excel writes a `sep=;` line, reports
//! carry a title line or two, exports saved by hand start with blank lines. And not every "CSV" is
//! comma-separated: Excel's "Unicode text" is tab-separated, and spreadsheets where the comma is the decimal
//! mark write semicolons. [`find_header`] looks at the first lines of a file's text and finds its header row
//! (the first that the preset, or the generic preset, recognises) and its separator (the one the header row
//! uses most), so that the reader (`reader.rs`) and the preview (`preview.rs`) start at the same row.

use super::field::Field;
use super::file_note::FileNote;
use super::mapping;
use super::options::Separator;
use super::presets::PresetChoice;
use super::records::{line_breaks, RecordSplitter, SplitError};

/// How many lines that are not blank are looked at for the header row (a `sep=` line apart).
pub const HEADER_LINES: usize = 10;

/// How much text is looked at for the header row: the lines that end within it.
pub const HEADER_TEXT: usize = 1 << 20;

/// Where a file's header row is and what separates its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// The separator: set by a `sep=` line, else the one the header row has most of.
    pub separator: Separator,
    /// The file's first line was Excel's `sep=` line, which set the separator.
    pub sep_line: bool,
    /// The 1-based line where the header row starts.
    pub header_line: u64,
    /// The byte offset in the text where the header row starts.
    pub start: usize,
    /// The lines before the header row that are not blank (title lines), with their text.
    pub skipped: Vec<(u64, String)>,
}

impl Default for Shape {
    /// A comma-separated file whose header row is its first line.
    fn default() -> Shape {
        Shape {
            separator: Separator::Comma,
            sep_line: false,
            header_line: 1,
            start: 0,
            skipped: Vec::new(),
        }
    }
}

impl Shape {
    /// The notes for the data-quality report: the separator when it is not a comma, and the lines skipped
    /// before the header row.
    pub fn notes(&self) -> Vec<FileNote> {
        let mut notes = Vec::new();
        if self.separator != Separator::Comma || self.sep_line {
            notes.push(FileNote::Separated {
                separator: self.separator,
                sep_line: self.sep_line,
            });
        }
        if !self.skipped.is_empty() {
            notes.push(FileNote::SkippedBeforeHeader {
                header_line: self.header_line,
                skipped: self
                    .skipped
                    .iter()
                    .map(|(line, text)| (*line, shortened(text)))
                    .collect(),
            });
        }
        notes
    }
}

/// At most 40 characters of `text`, `…` after them when there were more.
fn shortened(text: &str) -> String {
    let mut chars = text.chars();
    let mut short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        short.push('…');
    }
    short
}

/// One record of the file's start, found by its line breaks outside quotes.
struct Candidate<'t> {
    line: u64,
    start: usize,
    text: &'t str,
}

/// Finds the header row in `text`, a file's text from its start: the first of its first [`HEADER_LINES`]
/// lines that are not blank that `preset` (with the user's mapping `user`) finds every required field in,
/// split at its separator; when none is, the first of them with the most cells that are not empty (title
/// lines usually have one). The separator is the one of `,`, tab and `;` the line has most of outside quotes
/// (a comma on a tie, then a tab), unless the file's first line is Excel's `sep=` line, which sets it and is
/// skipped.
///
/// `complete`: `text` is the whole file. `None` when more text is needed to tell; with `decide`, no more text
/// will come and the lines at hand are enough.
///
/// A mapping to a column number does not make a line a header row (any line has a third column); with
/// `no_header` there is none: the first line that is not blank is the first row, and its separator the one it
/// has most of. Its first lines are still waited for, so that what is said of them does not depend on how
/// the file came in chunks.
pub fn find_header(
    text: &str,
    complete: bool,
    decide: bool,
    preset: PresetChoice,
    user: &[(Field, String)],
    no_header: bool,
) -> Option<Shape> {
    let named: Vec<(Field, String)> = user
        .iter()
        .filter(|(_, c)| !mapping::is_column_number(c))
        .cloned()
        .collect();
    let limited = !complete && text.len() >= HEADER_TEXT;
    let text = match limited {
        true => &text[..floor_char_boundary(text, HEADER_TEXT)],
        false => text,
    };
    let mut candidates = Candidates {
        text,
        complete,
        at: 0,
        line: 1,
    };
    let mut fixed = None;
    let mut sep_line = false;
    let mut looked_at = Vec::new();
    let mut ended = false;
    loop {
        let Some(candidate) = candidates.next() else {
            ended = true;
            break;
        };
        let trimmed = candidate
            .text
            .trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if trimmed.is_empty() {
            continue;
        }
        if looked_at.is_empty() && fixed.is_none() {
            if let Some(sep) = sep_line_separator(candidate.text) {
                fixed = Some(sep);
                sep_line = true;
                continue;
            }
        }
        let separator = fixed.unwrap_or_else(|| most_used(candidate.text));
        let cells = split(candidate.text, separator);
        let recognised = !no_header && cells.len() >= 2 && {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            mapping::suggest(&refs, preset, &named).is_ok_and(|s| s.missing.is_empty())
        };
        let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
        looked_at.push((
            candidate.line,
            candidate.start,
            candidate.text,
            separator,
            filled,
        ));
        if recognised {
            return Some(shape(&looked_at, looked_at.len() - 1, sep_line));
        }
        if looked_at.len() == HEADER_LINES {
            break;
        }
    }
    // More lines may come: the header row may be among them.
    if ended && !complete && !decide && !limited {
        return None;
    }
    let best = match no_header {
        true => (!looked_at.is_empty()).then_some(0),
        false => looked_at
            .iter()
            .enumerate()
            .max_by_key(|(i, l)| (l.4, std::cmp::Reverse(*i)))
            .map(|(i, _)| i),
    };
    match best {
        Some(i) => Some(shape(&looked_at, i, sep_line)),
        // No line but blank ones (or the `sep=` line): the reader finds no header row there.
        None => Some(Shape {
            separator: fixed.unwrap_or_default(),
            sep_line,
            ..Shape::default()
        }),
    }
}

type LookedAt<'t> = (u64, usize, &'t str, Separator, usize);

/// The shape with the header row at `looked_at[header]`.
fn shape(looked_at: &[LookedAt<'_>], header: usize, sep_line: bool) -> Shape {
    let (line, start, _, separator, _) = looked_at[header];
    Shape {
        separator,
        sep_line,
        header_line: line,
        start,
        skipped: looked_at[..header]
            .iter()
            .map(|l| (l.0, l.2.trim().to_string()))
            .collect(),
    }
}

/// The records of the text's start, each up to a line break outside quotes; the last one only if the text is
/// complete. Line breaks are counted as the record splitter counts them.
struct Candidates<'t> {
    text: &'t str,
    complete: bool,
    at: usize,
    line: u64,
}

impl<'t> Candidates<'t> {
    fn next(&mut self) -> Option<Candidate<'t>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        let mut quoted = false;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' if !quoted => break,
                _ => {}
            }
            i += 1;
        }
        let end = i;
        let next = match bytes.get(end) {
            None if self.complete => end,
            None => return None,
            Some(b'\r') => match bytes.get(end + 1) {
                Some(b'\n') => end + 2,
                Some(_) => end + 1,
                // CR or CRLF: the text that comes next tells.
                None if !self.complete => return None,
                None => end + 1,
            },
            Some(_) => end + 1,
        };
        let candidate = Candidate {
            line: self.line,
            start,
            text: &self.text[start..end],
        };
        self.line += line_breaks(&bytes[start..next]);
        self.at = next;
        Some(candidate)
    }
}

/// The separator Excel's `sep=` line names (`sep=;`, `sep=,`, `sep=` and a tab), if `line` is one.
fn sep_line_separator(line: &str) -> Option<Separator> {
    let rest = line.trim_start_matches('\u{FEFF}').strip_prefix("sep=")?;
    let mut chars = rest.trim_end_matches(['\0', ' ']).chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Separator::of(c),
        _ => None,
    }
}

/// The separator `line` has most of outside quotes; a comma on a tie, then a tab.
pub(super) fn most_used(line: &str) -> Separator {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b',' => counts[0] += 1,
            b'\t' => counts[1] += 1,
            b';' => counts[2] += 1,
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    Separator::ALL[best]
}

/// The cells of one record split at `separator`, as the record splitter reads them.
fn split(record: &str, separator: Separator) -> Vec<String> {
    let mut cells = Vec::new();
    let mut splitter = RecordSplitter::new(separator);
    let _ = splitter.feed::<SplitError>(record, true, |r| {
        if cells.is_empty() {
            cells = r.iter().map(str::to_owned).collect();
        }
        Ok(())
    });
    cells
}

/// The largest char boundary of `text` at or below `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notes in English.
    fn english(s: &Shape) -> Vec<String> {
        s.notes().iter().map(ToString::to_string).collect()
    }

    fn find(text: &str) -> Shape {
        find_header(text, true, true, PresetChoice::Auto, &[], false).unwrap()
    }

    #[test]
    fn a_header_on_the_first_line_is_where_it_always_was() {
        let s = find("order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,100\n");
        assert_eq!(
            (s.separator, s.header_line, s.start),
            (Separator::Comma, 1, 0)
        );
        assert!(s.notes().is_empty());
    }

    #[test]
    fn title_and_blank_lines_before_the_header_are_skipped_and_named() {
        let text = "注文一覧,,,\r\n\r\n出力日: 2024/03/01\r\norder_id,order_date,email,order_total\r\n1,2024-01-05,a@example.jp,100\r\n";
        let s = find(text);
        assert_eq!(s.header_line, 4);
        assert_eq!(&text[s.start..s.start + 8], "order_id");
        assert_eq!(
            english(&s),
            ["The header row is line 4; the lines before it, not a header row, were skipped: 1 (\"注文一覧,,,\"), 3 (\"出力日: 2024/03/01\")."]
        );
    }

    #[test]
    fn the_separator_is_the_one_the_header_row_uses_most() {
        assert_eq!(most_used("a\tb\tc,d"), Separator::Tab);
        assert_eq!(most_used("a;b;\"c;d;e,f\""), Separator::Semicolon);
        assert_eq!(most_used("a,b;c\td"), Separator::Comma);
        assert_eq!(most_used("a\tb;c"), Separator::Tab);
        let s = find("order_id;order_date;email;order_total\n1;2024-01-05;a@example.jp;100,50\n");
        assert_eq!(s.separator, Separator::Semicolon);
        assert_eq!(english(&s), ["Fields are separated by semicolons."]);
    }

    #[test]
    fn excel_sep_line_sets_the_separator_and_is_skipped() {
        let s =
            find("sep=;\norder_id;order_date;email;order_total\n1;2024-01-05;a@example.jp;100\n");
        assert_eq!(
            (s.separator, s.sep_line, s.header_line),
            (Separator::Semicolon, true, 2)
        );
        assert_eq!(
            english(&s),
            ["Fields are separated by semicolons (set by the file's first line, sep=;)."]
        );
        assert!(s.skipped.is_empty());
    }

    #[test]
    fn more_text_is_asked_for_until_ten_lines_or_a_header_are_seen() {
        let start = "Report\nmade 2024-03-01\n";
        assert_eq!(
            find_header(start, false, false, PresetChoice::Auto, &[], false),
            None
        );
        let s = find_header(start, false, true, PresetChoice::Auto, &[], false).unwrap();
        assert_eq!(s.header_line, 1);
        let more = format!("{start}order_id,order_date,email,order_total\n");
        let s = find_header(&more, false, false, PresetChoice::Auto, &[], false).unwrap();
        assert_eq!(s.header_line, 3);
        // An unrecognised header: the line with the most cells, once ten lines are seen.
        let unknown = format!("Report\n伝票,日付,客,額\n{}", "1,2,3,4\n".repeat(20));
        assert_eq!(find(&unknown).header_line, 2);
    }
}
