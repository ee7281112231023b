//! Small text helpers shared by the readers of bytes, dates, amounts and customer keys.

/// How many times `byte` occurs in `bytes`.
pub(crate) fn count_byte(byte: u8, bytes: &[u8]) -> u64 {
    memchr::memchr_iter(byte, bytes).count() as u64
}

/// Maps a full-width ASCII variant (`１`, `／`, `：`, `－`, `＠`, full-width space) to its ASCII form; other
/// characters are returned unchanged.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `s` without leading and trailing white space, as `str::trim`; without decoding any character when `s`
/// neither starts nor ends with one that could be white space (most cells: codes, amounts, Japanese names).
#[inline(always)]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last))
            if !may_be_space(first, || starts_with_wide_space(b))
                && !may_be_space(last, || ends_with_wide_space(b)) =>
        {
            s
        }
        _ => s.trim(),
    }
}

/// Whether the character at one end of a text, whose outermost byte is `b`, may be white space: an ASCII
/// byte that is not visible, or a byte of a multi-byte character that `wide` says is one.
#[inline]
fn may_be_space(b: u8, wide: impl FnOnce() -> bool) -> bool {
    match b {
        0x21..=0x7e => false,
        0x80.. => wide(),
        _ => true,
    }
}

/// Whether `b` starts with the UTF-8 of a white-space character beyond ASCII (U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000: those `char::is_whitespace` accepts).
fn starts_with_wide_space(b: &[u8]) -> bool {
    matches!(
        b,
        [0xc2, 0x85 | 0xa0, ..]
            | [0xe1, 0x9a, 0x80, ..]
            | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
            | [0xe2, 0x81, 0x9f, ..]
            | [0xe3, 0x80, 0x80, ..]
    )
}

/// Whether `b` ends with the UTF-8 of a white-space character beyond ASCII (see [`starts_with_wide_space`]).
fn ends_with_wide_space(b: &[u8]) -> bool {
    matches!(
        b,
        [.., 0xc2, 0x85 | 0xa0]
            | [.., 0xe1, 0x9a, 0x80]
            | [.., 0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf]
            | [.., 0xe2, 0x81, 0x9f]
            | [.., 0xe3, 0x80, 0x80]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn trims_like_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "ab",
            "\u{3000}顧客\u{3000}",
            "a b",
            "\ta\n",
            "顧客",
            "a\u{3000}",
            "~x~",
            "珈琲\u{3000}",
            "\u{3000}珈琲",
            "珈琲 ",
            "\u{a0}珈琲\u{85}",
            "珈 琲",
            "é",
        ] {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn trims_every_character_as_str_trim_does() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for s in [
                format!("{c}x"),
                format!("x{c}"),
                format!("{c}"),
                format!("{c}珈{c}"),
            ] {
                assert_eq!(super::trim(&s), s.trim(), "U+{:04X} in {s:?}", c as u32);
            }
        }
    }

    #[test]
    fn maps_full_width_forms() {
        let s: String = "２０２４／０１－０５　ａ＠Ｂ"
            .chars()
            .map(super::halfwidth)
            .collect();
        assert_eq!(s, "2024/01-05 a@B");
    }
}
