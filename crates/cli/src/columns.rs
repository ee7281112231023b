//! Lining up the text reports by terminal columns: a kanji or kana takes two, so `{:>9}`, which counts
//! characters, would push Japanese headings and names out of line.

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

/// The terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// `text` followed by spaces up to `width` terminal columns; longer text is left whole.
pub fn left(text: &str, width: usize) -> String {
    format!(
        "{text}{}",
        " ".repeat(width.saturating_sub(self::width(text)))
    )
}

/// `text` after spaces up to `width` terminal columns; longer text is left whole.
pub fn right(text: &str, width: usize) -> String {
    format!(
        "{}{text}",
        " ".repeat(width.saturating_sub(self::width(text)))
    )
}

/// `text` fitted to exactly `width` terminal columns: padded with spaces on the right, or cut with `…`.
pub fn fit(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return left(text, width);
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

/// The columns of a text table: their headings and widths, and how many of them, from the left, line up on
/// the left (the rest line up on the right). Cells are separated by one space.
pub struct Columns {
    headings: Vec<String>,
    widths: Vec<usize>,
    left: usize,
}

impl Columns {
    /// Columns headed by `headings`, separated by `|`, each at least `widths` wide and as wide as its heading;
    /// the first `left` of them lined up on the left.
    pub fn new(headings: &str, widths: &[usize], left: usize) -> Columns {
        let headings: Vec<String> = headings.split('|').map(str::to_string).collect();
        let widths = widths
            .iter()
            .zip(&headings)
            .map(|(&w, h)| w.max(width(h)))
            .collect();
        Columns {
            headings,
            widths,
            left,
        }
    }

    /// The line of headings.
    pub fn heading(&self) -> String {
        self.line(&self.headings)
    }

    /// One line of the table: each cell padded to its column.
    pub fn line<S: AsRef<str>>(&self, cells: &[S]) -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&self.widths)
            .enumerate()
            .map(|(i, (cell, &w))| match i < self.left {
                true => left(cell.as_ref(), w),
                false => right(cell.as_ref(), w),
            })
            .collect();
        padded.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_text_takes_its_width_in_terminal_columns() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("有機煎茶 100g", 16), "有機煎茶 100g   ");
        assert_eq!(fit("有機煎茶 100g", 8), "有機煎… ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("", 2), "  ");
    }

    #[test]
    fn padding_counts_wide_characters_twice_and_never_cuts() {
        assert_eq!(width("顧客数 12"), 9);
        assert_eq!(right("顧客数", 9), "   顧客数");
        assert_eq!(left("売上", 5), "売上 ");
        assert_eq!(right("1234567", 3), "1234567");
    }

    #[test]
    fn columns_widen_for_their_headings() {
        let en = Columns::new("segment|customers", &[10, 9], 1);
        assert_eq!(en.heading(), "segment    customers");
        assert_eq!(
            en.line(&["new".to_string(), 3.to_string()]),
            format!("{:<10} {:>9}", "new", 3)
        );
        let ja = Columns::new("セグメント|F2転換率", &[8, 7], 1);
        assert_eq!(ja.heading(), "セグメント F2転換率");
        assert_eq!(ja.line(&["新規顧客", "12.5%"]), "新規顧客      12.5%");
    }
}
