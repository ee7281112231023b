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

#[cfg(test)]
mod tests {
    #[test]
    fn maps_full_width_forms() {
        let s: String = "２０２４／０１－０５　ａ＠Ｂ"
            .chars()
            .map(super::halfwidth)
            .collect();
        assert_eq!(s, "2024/01-05 a@B");
    }
}
