//! [`Texts`]: many short strings in one buffer.

use serde::{Serialize, Serializer};

use crate::prefetch::prefetch;

/// Strings stored one after another in one buffer and numbered from 0: two allocations however many strings
/// there are, where a `Vec<String>` of customer keys takes about three times the keys' text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    text: String,
    /// Where each string ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
}

impl Texts {
    /// Appends a string; its number is the previous [`len`](Texts::len).
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no strings.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Where string `i` lies in `text`, if there is one.
    #[inline]
    fn span(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(start..end)
    }

    /// String `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.text.get(self.span(i)?)
    }

    /// Whether string `i` is `s` (`false` when there is no string `i`). Cheaper than comparing `self[i]`:
    /// strings of another length are told apart without reading their text, and bytes are compared without
    /// checking where characters start.
    #[inline]
    pub fn is(&self, i: usize, s: &str) -> bool {
        self.span(i).is_some_and(|span| {
            span.len() == s.len()
                && self
                    .text
                    .as_bytes()
                    .get(span)
                    .is_some_and(|t| same_bytes(t, s.as_bytes()))
        })
    }

    /// Starts loading where string `i` lies (see [`crate::prefetch::prefetch`]).
    #[inline]
    pub(crate) fn prefetch_span(&self, i: usize) {
        prefetch(self.ends.get(i));
    }

    /// Starts loading the start of string `i`'s text, once its span is at hand.
    #[inline]
    pub(crate) fn prefetch_text(&self, i: usize) {
        if let Some(span) = self.span(i) {
            prefetch(self.text.as_bytes().get(span.start));
        }
    }

    /// The strings in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// Bytes of the strings.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// Makes room for `strings` more strings of `bytes` bytes in all, if memory allows.
    pub fn try_reserve(&mut self, strings: usize, bytes: usize) {
        let _ = self.ends.try_reserve_exact(strings);
        let _ = self.text.try_reserve_exact(bytes);
    }

    /// Bytes of text and offsets held.
    pub fn heap_bytes(&self) -> usize {
        self.text.len() + std::mem::size_of_val(self.ends.as_slice())
    }
}

/// Whether `a` and `b` are equal. Strings of up to 32 bytes (most keys, ids and addresses) are compared a word
/// at a time in line, which for such short strings is several times faster than a call to `memcmp`.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word =
        |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
    let half =
        |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or_default());
    match n {
        0..4 => a == b,
        4..8 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        // Whole words, then the last (overlapping) word.
        8..=32 => {
            (0..n - 8).step_by(8).all(|at| word(a, at) == word(b, at))
                && word(a, n - 8) == word(b, n - 8)
        }
        _ => a == b,
    }
}

impl std::ops::Index<usize> for Texts {
    type Output = str;

    /// String `i`; panics when there is none, as a slice does.
    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(s) => s,
            None => panic!("string {i} of {}", self.len()),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for Texts {
    fn from_iter<I: IntoIterator<Item = S>>(strings: I) -> Self {
        let mut texts = Texts::default();
        for s in strings {
            texts.push(s.as_ref());
        }
        texts
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Texts {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

/// A list of strings, as a `Vec<String>` would be.
impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn strings_keep_their_numbers_and_text() {
        let texts: Texts = ["b", "", "顧客"].into_iter().collect();
        assert_eq!(texts.len(), 3);
        assert_eq!((&texts[0], &texts[1], &texts[2]), ("b", "", "顧客"));
        assert_eq!(texts.get(3), None);
        assert_eq!(texts, ["b", "", "顧客"]);
        assert_ne!(texts, ["b", ""]);
        assert_eq!(serde_json::to_string(&texts).unwrap(), r#"["b","","顧客"]"#);
        assert_eq!(texts.heap_bytes(), 7 + 3 * std::mem::size_of::<usize>());
    }

    #[test]
    fn is_compares_whole_strings() {
        let texts: Texts = ["b", "", "顧客", "bb"].into_iter().collect();
        assert!(texts.is(0, "b") && texts.is(1, "") && texts.is(2, "顧客") && texts.is(3, "bb"));
        assert!(!texts.is(0, "bb") && !texts.is(0, "") && !texts.is(1, "b") && !texts.is(3, "b"));
        assert!(!texts.is(2, "顧") && !texts.is(2, "顧客b") && !texts.is(2, "顧宮"));
        assert!(!texts.is(4, "") && !texts.is(usize::MAX, "b"));
    }

    #[test]
    fn equal_strings_of_every_length_match_and_one_changed_byte_anywhere_does_not() {
        for n in 0..=40 {
            let s: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(super::same_bytes(s.as_bytes(), s.clone().as_bytes()), "{n}");
            for at in 0..n {
                let mut other = s.clone().into_bytes();
                other[at] = b'A';
                assert!(!super::same_bytes(s.as_bytes(), &other), "{n} {at}");
            }
            assert!(!super::same_bytes(s.as_bytes(), format!("{s}a").as_bytes()));
        }
    }
}
