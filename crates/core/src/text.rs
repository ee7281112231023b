//! Small text normalisations shared by the readers of dates, amounts and customer keys.

/// Maps a full-width ASCII variant (`１`, `／`, `：`, `－`, `＠`, full-width space) to its ASCII form; other
/// characters are returned unchanged.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `s` without leading and trailing white space, as `str::trim`; a string that starts and ends with visible
/// ASCII (most cells) is returned without decoding any character.
#[inline]
pub fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    match (visible(s.as_bytes().first()), visible(s.as_bytes().last())) {
        (true, true) => s,
        _ => s.trim(),
    }
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
        ] {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
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
