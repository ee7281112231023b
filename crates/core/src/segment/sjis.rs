//! Writing an export in Shift_JIS as Windows does (code page 932), and what becomes of a character it cannot
//! hold.
//!
//! `encoding_rs` encodes WHATWG's Shift_JIS, whose table is CP932's in the decoding direction: byte `0x8160`
//! reads as U+FF5E ～, not as JIS's U+301C 〜. Its encoder then has no bytes for the characters that JIS X 0208
//! and CP932 map differently, though Japanese text (and text typed on a Mac) is full of them: 〜 U+301C,
//! ‖ U+2016, − U+2212, ¢ £ ¬, — U+2014 and ¦. They are written with the bytes CP932 gives their full-width or
//! Windows forms, which is what a Windows user's tools read back. Reading Shift_JIS files is not affected.

use serde::Serialize;

use super::csv::SKIPPED_NAMED;
use super::options::Unmappable;
use crate::words::Words;

/// Characters WHATWG's encoder has no bytes for, and the character whose CP932 bytes Windows writes for them.
pub const CP932_FORMS: [(char, char); 8] = [
    ('\u{301C}', '\u{FF5E}'), // 〜 WAVE DASH → ～ (0x8160)
    ('\u{2016}', '\u{2225}'), // ‖ DOUBLE VERTICAL LINE → ∥ (0x8161)
    ('\u{2212}', '\u{FF0D}'), // − MINUS SIGN → － (0x817C)
    ('\u{00A2}', '\u{FFE0}'), // ¢ → ￠ (0x8191)
    ('\u{00A3}', '\u{FFE1}'), // £ → ￡ (0x8192)
    ('\u{00AC}', '\u{FFE2}'), // ¬ → ￢ (0x81CA)
    ('\u{2014}', '\u{2015}'), // — EM DASH → ― (0x815C)
    ('\u{00A6}', '\u{FFE4}'), // ¦ BROKEN BAR → ￤ (0xFA55)
];

/// `c` as CP932 holds it: its Windows form when it has one, else itself.
fn cp932_form(c: char) -> char {
    CP932_FORMS
        .iter()
        .find(|(from, _)| *from == c)
        .map_or(c, |(_, to)| *to)
}

/// Why an export could not be written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportError {
    /// A character Shift_JIS cannot hold, and no replacement was chosen.
    Unmappable {
        /// The export's line, counting from 1 (the header is line 1 of the fields layout).
        line: u64,
        /// The key of the customer on that line (empty for the header).
        customer: String,
        /// The character.
        character: char,
    },
}

impl ExportError {
    /// The kind (`unmappable`) and its values as data, for a program in any language.
    pub fn kind_and_values(&self) -> (String, serde_json::Value) {
        crate::tagged::kind_and_values(self)
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Unmappable {
                line,
                customer,
                character,
            } => {
                write!(f, "line {line} of the export")?;
                if !customer.is_empty() {
                    write!(f, " (customer {customer})")?;
                }
                write!(
                    f,
                    " has '{character}' (U+{:04X}), which Shift_JIS cannot hold; export in UTF-8, or \
                     replace such characters with 〓 or ?",
                    *character as u32
                )
            }
        }
    }
}

impl std::error::Error for ExportError {}

impl Words for ExportError {
    fn ja(&self) -> String {
        match self {
            ExportError::Unmappable {
                line,
                customer,
                character,
            } => {
                let whose = match customer.is_empty() {
                    true => String::new(),
                    false => format!("（顧客 {customer}）"),
                };
                format!(
                    "書き出しの{line}行目{whose}の「{character}」(U+{:04X}) は Shift_JIS で表せません。\
                     UTF-8 で書き出すか、〓 または ? に置き換えてください。",
                    *character as u32
                )
            }
        }
    }
}

/// A line of an export whose characters Shift_JIS cannot hold were replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplacedLine {
    /// The export's line, counting from 1.
    pub line: u64,
    /// The key of the customer on that line (empty for the header).
    pub customer: String,
    /// The characters replaced, in the order they appear.
    pub characters: String,
}

/// What a Shift_JIS export replaced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Replacements {
    /// The character written in their place (`〓` or `?`).
    pub with: String,
    /// Lines with a replaced character.
    pub lines: u64,
    /// Characters replaced, in all.
    pub characters: u64,
    /// The first [`SKIPPED_NAMED`] lines changed.
    pub named: Vec<ReplacedLine>,
}

/// `lines` in Shift_JIS (CP932), each ended by CRLF; `customer(i)` is the key of the customer on line `i`
/// (0-based). A character Shift_JIS cannot hold stops the export or is replaced as `unmappable` says; the
/// replacements are returned when there were any.
pub fn encode_lines<'a>(
    lines: impl Iterator<Item = &'a str>,
    customer: impl Fn(usize) -> String,
    unmappable: Unmappable,
) -> Result<(Vec<u8>, Option<Replacements>), ExportError> {
    let mut bytes = Vec::new();
    let mut report = Replacements::default();
    let mut line_text = String::new();
    for (i, line) in lines.enumerate() {
        line_text.clear();
        line_text.extend(line.chars().map(cp932_form));
        let (encoded, _, bad) = encoding_rs::SHIFT_JIS.encode(&line_text);
        if !bad {
            bytes.extend_from_slice(&encoded);
        } else {
            let replaced =
                encode_replacing(&line_text, unmappable, &mut bytes).map_err(|character| {
                    ExportError::Unmappable {
                        line: i as u64 + 1,
                        customer: customer(i),
                        character,
                    }
                })?;
            report.lines += 1;
            report.characters += replaced.chars().count() as u64;
            if report.named.len() < SKIPPED_NAMED {
                report.named.push(ReplacedLine {
                    line: i as u64 + 1,
                    customer: customer(i),
                    characters: replaced,
                });
            }
        }
        bytes.extend_from_slice(b"\r\n");
    }
    let replaced = (report.lines > 0).then(|| Replacements {
        with: unmappable
            .replacement()
            .map(String::from)
            .unwrap_or_default(),
        ..report
    });
    Ok((bytes, replaced))
}

/// Appends `text` in Shift_JIS to `out`, each character it cannot hold replaced; returns those characters, or
/// the first of them when `unmappable` refuses.
fn encode_replacing(text: &str, unmappable: Unmappable, out: &mut Vec<u8>) -> Result<String, char> {
    let mut replaced = String::new();
    let mut s = [0u8; 4];
    for c in text.chars() {
        let (encoded, _, bad) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut s));
        if !bad {
            out.extend_from_slice(&encoded);
            continue;
        }
        let with = unmappable.replacement().ok_or(c)?;
        replaced.push(c);
        let (encoded, _, _) = encoding_rs::SHIFT_JIS.encode(with.encode_utf8(&mut s));
        out.extend_from_slice(&encoded);
    }
    Ok(replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each character with its CP932 bytes, from Microsoft's cp932 table (CP932.TXT): 0x8160 is U+FF5E,
    /// 0x8161 U+2225, 0x817C U+FF0D, 0x8191 U+FFE0, 0x8192 U+FFE1, 0x81CA U+FFE2, 0x815C U+2015, 0xFA55 U+FFE4.
    const EXPECTED: [(char, [u8; 2]); 8] = [
        ('〜', [0x81, 0x60]),
        ('‖', [0x81, 0x61]),
        ('−', [0x81, 0x7C]),
        ('¢', [0x81, 0x91]),
        ('£', [0x81, 0x92]),
        ('¬', [0x81, 0xCA]),
        ('—', [0x81, 0x5C]),
        ('¦', [0xFA, 0x55]),
    ];

    fn encode(
        text: &str,
        unmappable: Unmappable,
    ) -> Result<(Vec<u8>, Option<Replacements>), ExportError> {
        encode_lines(text.split('\n'), |i| format!("C{i}"), unmappable)
    }

    #[test]
    fn characters_jis_and_cp932_map_differently_get_the_windows_bytes() {
        for (c, expected) in EXPECTED {
            let (bytes, replaced) = encode(&c.to_string(), Unmappable::Refuse).unwrap();
            assert_eq!(
                bytes,
                [&expected[..], b"\r\n"].concat(),
                "{c} U+{:04X}",
                c as u32
            );
            assert_eq!(replaced, None);
        }
        // Their Windows forms keep the same bytes, and ASCII and kana are untouched.
        let (bytes, _) = encode("～－ｱ a", Unmappable::Refuse).unwrap();
        assert_eq!(
            bytes,
            [0x81, 0x60, 0x81, 0x7C, 0xB1, 0x20, 0x61, 0x0D, 0x0A]
        );
    }

    #[test]
    fn a_character_shift_jis_cannot_hold_is_refused_or_replaced() {
        let text = "customer,monetary\n山田,1000\n髙橋😀,800\n𠮷野é,500";
        let e = encode(text, Unmappable::Refuse).unwrap_err();
        assert_eq!(
            e,
            ExportError::Unmappable {
                line: 3,
                customer: "C2".into(),
                character: '😀'
            }
        );
        assert_eq!(
            e.to_string(),
            "line 3 of the export (customer C2) has '😀' (U+1F600), which Shift_JIS cannot hold; export \
             in UTF-8, or replace such characters with 〓 or ?"
        );
        assert_eq!(
            e.kind_and_values(),
            (
                "unmappable".to_string(),
                serde_json::json!({ "line": 3, "customer": "C2", "character": "😀" })
            )
        );
        // 髙 (0xFB FC in CP932's IBM extensions) is held; 😀, 𠮷 and é are not. 〓 is 0x81 0xAC.
        let (bytes, replaced) = encode(text, Unmappable::Geta).unwrap();
        let line3 = [
            0xFB, 0xFC, 0x8B, 0xB4, 0x81, 0xAC, b',', b'8', b'0', b'0', b'\r', b'\n',
        ];
        let line4 = [
            0x81, 0xAC, 0x96, 0xEC, 0x81, 0xAC, b',', b'5', b'0', b'0', b'\r', b'\n',
        ];
        assert!(
            bytes.ends_with(&[&line3[..], &line4[..]].concat()),
            "{bytes:02X?}"
        );
        assert_eq!(
            replaced,
            Some(Replacements {
                with: "〓".into(),
                lines: 2,
                characters: 3,
                named: vec![
                    ReplacedLine {
                        line: 3,
                        customer: "C2".into(),
                        characters: "😀".into()
                    },
                    ReplacedLine {
                        line: 4,
                        customer: "C3".into(),
                        characters: "𠮷é".into()
                    },
                ],
            })
        );
        let (bytes, replaced) = encode("é", Unmappable::Question).unwrap();
        assert_eq!(bytes, b"?\r\n");
        assert_eq!(
            replaced.map(|r| (r.with, r.characters)),
            Some(("?".into(), 1))
        );
    }
}
