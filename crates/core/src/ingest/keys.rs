//! Customer keys as read from a cell: a member id, an e-mail address or a phone number, normalised so that
//! the same customer written in different ways (after Excel, a copy from a web page, a `+81` form) gives the
//! same key, and placeholders (`0`, `-`, `none`, a phone of one repeated digit) read as no key at all.
//!
//! The rules are in docs/formats.md, "Customer key".

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::text::{halfwidth, trim};

/// Which kind of key identifies a customer, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KeyKind {
    /// The cart's member (customer) id.
    Member,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

/// What a key cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key<'a> {
    /// Nothing.
    Absent,
    /// A value that stands for "no value" (`0`, `-`, `none`, an address without `@`, `0000000000`): not a
    /// key, and never one customer shared by every row that has it.
    Placeholder,
    /// A key, normalised.
    Usable {
        /// The normalised key.
        key: Cow<'a, str>,
        /// The text was more than trimmed and lower-cased (a `mailto:`, a full-width or zero-width character, a
        /// `+81` or a leading 0 restored).
        changed: bool,
    },
}

impl<'a> Key<'a> {
    /// The key, if the cell holds one.
    pub fn usable(self) -> Option<Cow<'a, str>> {
        match self {
            Key::Usable { key, .. } => Some(key),
            _ => None,
        }
    }

    /// The same key, owning its text.
    pub fn into_static(self) -> Key<'static> {
        match self {
            Key::Absent => Key::Absent,
            Key::Placeholder => Key::Placeholder,
            Key::Usable { key, changed } => Key::Usable {
                key: Cow::Owned(key.into_owned()),
                changed,
            },
        }
    }
}

/// Texts that stand for "no value" in member id and e-mail cells, compared case-insensitively.
const PLACEHOLDERS: &[&str] = &[
    "-",
    "--",
    "—",
    "ー",
    "null",
    "(null)",
    "none",
    "n/a",
    "na",
    "nil",
    "guest",
    "ゲスト",
    "非会員",
    "なし",
    "無し",
    "不明",
    "unknown",
];

/// Reads a member id. Ids made only of zeros (`0`, `000`) and the `PLACEHOLDERS` are placeholders. (An id
/// of digits only that lost its leading zeros in one export, as Excel drops them, is joined to the same id
/// with them when the customers are linked.)
pub fn member_key(text: &str) -> Key<'_> {
    let t = trim(text);
    let usable = Key::Usable {
        key: Cow::Borrowed(t),
        changed: false,
    };
    match t.as_bytes().first() {
        None => Key::Absent,
        // Most member ids are numbers; one of zeros only is a placeholder.
        Some(b'1'..=b'9') => usable,
        _ if is_placeholder(t) || t.bytes().all(|b| b == b'0') => Key::Placeholder,
        _ => usable,
    }
}

/// Whether `text` is one of the [`PLACEHOLDERS`].
fn is_placeholder(text: &str) -> bool {
    // Every placeholder starts with one of these bytes (the others start with a multi-byte character):
    // most keys are ruled out without comparing.
    match text.as_bytes().first() {
        Some(b'-' | b'(' | b'n' | b'N' | b'g' | b'G' | b'u' | b'U' | 0xE2..=0xE9) => {
            PLACEHOLDERS.iter().any(|p| text.eq_ignore_ascii_case(p))
        }
        _ => false,
    }
}

/// A key of digits only without its leading zeros (`00123` is `123`), which Excel drops from one export and
/// not another; `None` for any other key.
pub fn digits_without_leading_zeros(key: &str) -> Option<&str> {
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()))
        .then(|| key.trim_start_matches('0'))
}

/// Whether `id` is a number Excel wrote in scientific notation (`1.23457E+11`): the digits it dropped cannot
/// be recovered.
pub fn is_scientific_notation(id: &str) -> bool {
    let t = trim(id).as_bytes();
    if !t.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    // Ids are short: a plain loop beats a vectorised search's set-up.
    let Some(e) = t.iter().position(|&b| b | 0x20 == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (&t[..e], &t[e + 1..]);
    let exponent = exponent.strip_prefix(b"+").unwrap_or(exponent);
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let mantissa_ok = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => digits(&mantissa[..dot]) && digits(&mantissa[dot + 1..]),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// Reads an e-mail address: trimmed (no-break and zero-width spaces too), without a `mailto:` prefix,
/// full-width characters made half-width, lower-cased. A text without an `@` between other characters is a
/// placeholder. Borrows when the address is already in that form (the common case).
pub fn email_key(text: &str) -> Key<'_> {
    let t = trim(text);
    if t.is_empty() {
        return Key::Absent;
    }
    // Most addresses are printable ASCII (so without spaces), most of them in lower case already.
    let (graphic, upper) = ascii_graphic_and_upper(t.as_bytes());
    if graphic && !is_mailto(t) {
        return ascii_email_key(t, upper);
    }
    cleaned_email_key(t)
}

/// [`email_key`] of a trimmed address that is not empty, cleaned character by character: the way for any
/// text, taken by those beyond printable ASCII or with a `mailto:`.
#[cold]
#[inline(never)]
fn cleaned_email_key(t: &str) -> Key<'_> {
    let cleaned: String = t
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(halfwidth)
        .collect::<String>()
        .trim()
        .to_lowercase();
    let cleaned = match cleaned.strip_prefix("mailto:") {
        Some(rest) => rest.trim().to_string(),
        None => cleaned,
    };
    if !is_address(&cleaned) {
        return match cleaned.is_empty() {
            true => Key::Absent,
            false => Key::Placeholder,
        };
    }
    // Only case and outer spaces differ: the address as the shop wrote it, not a repair.
    let changed = cleaned != t.to_lowercase();
    Key::Usable {
        key: Cow::Owned(cleaned),
        changed,
    }
}

/// Whether every byte of `t` is printable ASCII other than a space, and whether one is an upper-case letter:
/// one pass over every byte, without branches to leave early, which the compiler can vectorise.
#[inline]
fn ascii_graphic_and_upper(t: &[u8]) -> (bool, bool) {
    t.iter().fold((true, false), |(graphic, upper), &b| {
        (
            graphic & b.is_ascii_graphic(),
            upper | b.is_ascii_uppercase(),
        )
    })
}

/// Whether `t` starts with `mailto:` in any case.
#[inline]
fn is_mailto(t: &str) -> bool {
    t.as_bytes()
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"mailto:"))
}

/// [`email_key`] of a trimmed address of printable ASCII without a `mailto:`: itself, lower-cased when it
/// has an upper-case letter (`upper`), which is not a change worth noting.
#[inline]
fn ascii_email_key(t: &str, upper: bool) -> Key<'_> {
    // An `@` with something before and after it (`is_address`, here without spaces).
    let at = t.bytes().position(|b| b == b'@');
    if !at.is_some_and(|at| at > 0 && at + 1 < t.len()) {
        return Key::Placeholder;
    }
    Key::Usable {
        key: match upper {
            false => Cow::Borrowed(t),
            true => Cow::Owned(t.to_ascii_lowercase()),
        },
        changed: false,
    }
}

/// Whether `text` has an `@` with something before and after it, and no space.
fn is_address(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// No-break spaces, zero-width characters and the byte-order mark, which copies from web pages and
/// spreadsheets leave in addresses.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Reads a phone number into its digits. A Japanese number is written with its leading 0: `+81 90-…` and
/// `0081…` become `090…`, and a number of 9 or 10 digits without a leading 0 or a `+` (Excel drops the 0 of
/// a number it takes for an integer) gets it back. Other international numbers keep their country code.
/// Fewer than 8 digits, or one digit repeated, is a placeholder.
pub fn phone_key(text: &str) -> Key<'_> {
    if is_plain_phone(text) {
        return Key::Usable {
            key: Cow::Borrowed(text),
            changed: false,
        };
    }
    let mut scratch = String::new();
    match phone_key_in(text, &mut scratch) {
        Key::Usable { key, changed } => Key::Usable {
            key: Cow::Owned(key.into_owned()),
            changed,
        },
        Key::Absent => Key::Absent,
        Key::Placeholder => Key::Placeholder,
    }
}

/// Whether `text` is already a phone key: digits only, one leading 0 and at least 10 digits, not one digit
/// repeated.
fn is_plain_phone(text: &str) -> bool {
    text.len() >= 10
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.starts_with('0')
        && !text.starts_with("00")
}

/// [`phone_key`] without allocating: the key is `text` itself when it is already one, else written into
/// `scratch`.
pub fn phone_key_in<'a>(text: &'a str, scratch: &'a mut String) -> Key<'a> {
    if is_plain_phone(text) {
        return Key::Usable {
            key: Cow::Borrowed(text),
            changed: false,
        };
    }
    scratch.clear();
    let international = trim(text).starts_with(['+', '＋']);
    if text.is_ascii() {
        scratch.extend(text.bytes().filter(u8::is_ascii_digit).map(char::from));
    } else {
        scratch.extend(text.chars().map(halfwidth).filter(char::is_ascii_digit));
    }
    if scratch.is_empty() {
        return Key::Absent;
    }
    if one_digit(scratch) {
        return Key::Placeholder;
    }
    let mut changed = false;
    if international || scratch.starts_with("00") {
        let national = scratch.trim_start_matches('0');
        if let Some(rest) = national.strip_prefix("81") {
            let rest = rest.trim_start_matches('0').to_string();
            scratch.clear();
            scratch.push('0');
            scratch.push_str(&rest);
            changed = true;
        } else if !international {
            // 00 and another country code: the number with its code, as a + would write it.
            let national = national.to_string();
            scratch.clear();
            scratch.push_str(&national);
        }
    } else if !scratch.starts_with('0') && (9..=10).contains(&scratch.len()) {
        scratch.insert(0, '0');
        changed = true;
    }
    if scratch.len() < 8 {
        return Key::Placeholder;
    }
    Key::Usable {
        key: Cow::Borrowed(scratch.as_str()),
        changed,
    }
}

/// Whether every character of `digits` is the same.
fn one_digit(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.iter().all(|&d| d == b[0])
}

/// How many examples of each kind the report keeps.
const EXAMPLES: usize = 5;

/// What was done to customer keys, for the data-quality report: placeholders read as no key, keys
/// normalised, customers linked into one, and keys that could not be linked because several members share
/// them. Counts are complete; examples are the first few.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyNotes {
    /// Member id, e-mail and phone cells that held a placeholder.
    pub placeholder_cells: u64,
    /// The placeholders seen (field name and value) and on how many rows each, the first few.
    pub placeholders: Vec<(String, String, u64)>,
    /// Rows whose key was normalised beyond trimming and lower case.
    pub normalised_rows: u64,
    /// The first few: field name, the cell as written, the key it was read as.
    pub normalised: Vec<(String, String, String)>,
    /// Customer keys linked into another customer (a guest's e-mail or phone that a member or another guest
    /// also had, or keys that appeared together on a row).
    pub linked: u64,
    /// The first few: the key, and the key of the customer it joined.
    pub linked_examples: Vec<(String, String)>,
    /// Links not made because the key would join two different member ids.
    pub ambiguous: u64,
    /// The first few: the two member ids a shared e-mail or phone would have joined.
    pub ambiguous_examples: Vec<(String, String)>,
}

impl KeyNotes {
    /// Counts a placeholder in a `field` cell.
    #[cold]
    pub fn placeholder(&mut self, field: &str, text: &str) {
        self.placeholder_cells += 1;
        self.count_placeholder(field, trim(text), 1);
    }

    /// Adds `rows` to the count of a placeholder value, listing it while there is room.
    fn count_placeholder(&mut self, field: &str, text: &str, rows: u64) {
        let listed = &mut self.placeholders;
        match listed.iter().position(|(f, t, _)| f == field && t == text) {
            Some(i) => listed[i].2 += rows,
            None if listed.len() < 2 * EXAMPLES => listed.push((field.into(), text.into(), rows)),
            None => {}
        }
    }

    /// Counts a key normalised from `written` to `key`.
    #[cold]
    pub fn normalised(&mut self, field: &str, written: &str, key: &str) {
        self.normalised_rows += 1;
        keep(
            &mut self.normalised,
            [(field.into(), trim(written).into(), key.into())],
        );
    }

    /// Adds what `other` counted.
    pub fn add(&mut self, other: &KeyNotes) {
        self.placeholder_cells += other.placeholder_cells;
        for (field, text, rows) in &other.placeholders {
            self.count_placeholder(field, text, *rows);
        }
        self.normalised_rows += other.normalised_rows;
        keep(&mut self.normalised, other.normalised.iter().cloned());
        self.linked += other.linked;
        keep(
            &mut self.linked_examples,
            other.linked_examples.iter().cloned(),
        );
        self.ambiguous += other.ambiguous;
        keep(
            &mut self.ambiguous_examples,
            other.ambiguous_examples.iter().cloned(),
        );
    }

    /// Counts a customer key linked into the customer keyed `into`.
    pub fn link(&mut self, key: &str, into: &str) {
        self.linked += 1;
        keep(&mut self.linked_examples, [(key.into(), into.into())]);
    }

    /// Counts a link not made between two member ids.
    pub fn ambiguous(&mut self, a: &str, b: &str) {
        self.ambiguous += 1;
        keep(&mut self.ambiguous_examples, [(a.into(), b.into())]);
    }

    /// The report's notes, in words.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.placeholder_cells > 0 {
            let seen: Vec<String> = self
                .placeholders
                .iter()
                .map(|(f, t, n)| format!("{f} '{t}' ({n})"))
                .collect();
            notes.push(format!(
                "{} cell{} held a placeholder instead of a customer key, read as no key: {}.",
                self.placeholder_cells,
                plural(self.placeholder_cells),
                seen.join(", ")
            ));
        }
        if self.normalised_rows > 0 {
            let seen: Vec<String> = self
                .normalised
                .iter()
                .map(|(f, w, k)| format!("{f} '{w}' → {k}"))
                .collect();
            notes.push(format!(
                "{} row{} had a customer key written differently from its usual form, matched as that form (e.g. {}).",
                self.normalised_rows,
                plural(self.normalised_rows),
                seen.join("; ")
            ));
        }
        if self.linked > 0 {
            let seen: Vec<String> = self
                .linked_examples
                .iter()
                .map(|(k, into)| format!("{k} → {into}"))
                .collect();
            notes.push(format!(
                "{} customer key{} linked into another customer with the same e-mail or phone (e.g. {}).",
                self.linked,
                if self.linked == 1 { " was" } else { "s were" },
                seen.join("; ")
            ));
        }
        if self.ambiguous > 0 {
            let seen: Vec<String> = self
                .ambiguous_examples
                .iter()
                .map(|(a, b)| format!("{a} and {b}"))
                .collect();
            notes.push(format!(
                "{} e-mail address{} or phone number{} shared by different member ids did not link them (e.g. {}): members stay apart.",
                self.ambiguous,
                if self.ambiguous == 1 { "" } else { "es" },
                plural(self.ambiguous),
                seen.join("; ")
            ));
        }
        notes
    }
}

/// Adds `more` to `examples` while they are fewer than [`EXAMPLES`].
fn keep<T>(examples: &mut Vec<T>, more: impl IntoIterator<Item = T>) {
    let room = EXAMPLES.saturating_sub(examples.len());
    examples.extend(more.into_iter().take(room));
}

/// `s` for a count other than one, for the report's notes.
pub(super) fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usable(key: Key<'_>) -> Option<(String, bool)> {
        match key {
            Key::Usable { key, changed } => Some((key.into_owned(), changed)),
            _ => None,
        }
    }

    #[test]
    fn every_placeholder_starts_with_a_byte_is_placeholder_looks_at() {
        for p in PLACEHOLDERS {
            assert!(is_placeholder(p), "{p}");
            assert!(is_placeholder(&p.to_uppercase()), "{p}");
        }
    }

    #[test]
    fn member_ids_are_trimmed_and_placeholders_are_no_key() {
        assert_eq!(
            usable(member_key(" 000123 ")),
            Some(("000123".into(), false))
        );
        assert_eq!(usable(member_key("123")), Some(("123".into(), false)));
        assert_eq!(usable(member_key("C-0012")), Some(("C-0012".into(), false)));
        for placeholder in [
            "0",
            "000",
            "-",
            "NULL",
            "none",
            "N/A",
            "guest",
            "ゲスト",
            "非会員",
        ] {
            assert_eq!(member_key(placeholder), Key::Placeholder, "{placeholder}");
        }
        assert_eq!(member_key("  "), Key::Absent);
    }

    #[test]
    fn scientific_notation_is_what_excel_makes_of_long_numbers() {
        for excel in ["1.23457E+11", "1.2E+15", "4E+11", "9.87654e10"] {
            assert!(is_scientific_notation(excel), "{excel}");
        }
        for id in [
            "123457000000",
            "E+11",
            "1.2E",
            "#1001",
            "A1E5",
            "1.2.3E+4",
            "R6E",
        ] {
            assert!(!is_scientific_notation(id), "{id}");
        }
    }

    #[test]
    fn e_mail_addresses_are_cleaned_of_what_copies_leave_in_them() {
        let same = "hanako@example.jp";
        for written in [
            "hanako@example.jp",
            "  Hanako@Example.JP ",
            "mailto:hanako@example.jp",
            "MAILTO: Hanako@example.jp",
            "hanako@example.jp\u{200B}",
            "\u{00A0}hanako@example.jp\u{00A0}",
            "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        ] {
            assert_eq!(
                usable(email_key(written)).map(|(k, _)| k).as_deref(),
                Some(same),
                "{written:?}"
            );
        }
        // Case and outer spaces are not a repair; the rest is.
        assert_eq!(
            usable(email_key(" A@B.jp ")),
            Some(("a@b.jp".into(), false))
        );
        assert_eq!(
            usable(email_key("mailto:a@b.jp")),
            Some(("a@b.jp".into(), true))
        );
        assert!(matches!(
            email_key("a@b.jp"),
            Key::Usable {
                key: Cow::Borrowed(_),
                ..
            }
        ));
        for placeholder in [
            "-", "N/A", "none", "なし", "no email", "@", "a@", "@b.jp", "a @b.jp",
        ] {
            assert_eq!(email_key(placeholder), Key::Placeholder, "{placeholder}");
        }
        assert_eq!(email_key(" \u{200B} "), Key::Absent);
    }

    #[test]
    fn printable_ascii_addresses_read_as_the_character_by_character_cleaning_reads_them() {
        for written in [
            "hanako@example.jp",
            "Hanako@Example.JP",
            "HANAKO@EXAMPLE.JP",
            "MailTo:Hanako@example.jp",
            "mailto:",
            "MAILTO:a",
            "a@",
            "@b",
            "@",
            "a@b",
            "A@B@C",
            "-",
            "N/A",
            "x",
        ] {
            let fast = email_key(written);
            let cleaned = cleaned_email_key(written);
            assert_eq!(fast, cleaned, "{written:?}");
        }
    }

    #[test]
    fn phone_numbers_match_with_or_without_their_leading_zero_or_country_code() {
        for written in [
            "090-1234-5678",
            "09012345678",
            "９０１２３４５６７８",
            "+81 90-1234-5678",
            "+81 (0)90 1234 5678",
            "0081-90-1234-5678",
            "9012345678",
            "（０９０）１２３４－５６７８",
        ] {
            assert_eq!(
                usable(phone_key(written)).map(|(k, _)| k).as_deref(),
                Some("09012345678"),
                "{written}"
            );
        }
        // A landline that lost its 0: 9 digits.
        assert_eq!(
            usable(phone_key("312345678")),
            Some(("0312345678".into(), true))
        );
        assert_eq!(
            usable(phone_key("03-1234-5678")),
            Some(("0312345678".into(), false))
        );
        // Other countries keep their code.
        assert_eq!(
            usable(phone_key("+1 415 555 0100")),
            Some(("14155550100".into(), false))
        );
        for placeholder in ["0000000000", "000-0000-0000", "9999999999", "123", "0"] {
            assert_eq!(phone_key(placeholder), Key::Placeholder, "{placeholder}");
        }
        assert_eq!(phone_key("--"), Key::Absent);
        // The allocation-free form reads every one alike, reusing its buffer.
        let mut scratch = String::from("stale");
        for text in [
            "090-1234-5678",
            "+81 90 1234 5678",
            "--",
            "",
            "0312345678",
            "0000000000",
        ] {
            let key = usable(phone_key_in(text, &mut scratch));
            assert_eq!(key, usable(phone_key(text)), "{text}");
        }
    }
}
