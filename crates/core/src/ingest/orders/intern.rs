//! Interning strings (order ids, customer keys, contacts) into one growing buffer, numbered in the order they
//! are first seen, without a heap allocation per string: a million orders cost a few large buffers instead
//! of two million small boxes, which is less memory and far less work for the allocator.
//!
//! Exports usually list orders by id, ascending or descending, so a new order id is beyond every id before
//! it. An interner made with [`Interner::ordered`] takes such strings without a hash look-up (which, for a
//! million ids, is mostly cache misses) and builds its hash table only when a string falls inside the range
//! seen so far; from then on it looks every string up.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use super::slots::Slots;
use crate::prefetch::prefetch;
use crate::texts::Texts;

/// Distinct strings, each with a dense `u32` number.
pub(in crate::ingest) struct Interner {
    /// The strings, by number.
    texts: Texts,
    /// The strings' numbers, found by hash; `None` while every string came beyond the range before it.
    table: Option<Slots>,
    /// The numbers of the least and the greatest string so far in [`shortlex`] order, while `table` is `None`.
    range: Option<(u32, u32)>,
}

/// Appends `s` and returns its number.
fn push(texts: &mut Texts, s: &str) -> u32 {
    let n = u32::try_from(texts.len()).unwrap_or(u32::MAX);
    texts.push(s);
    n
}

impl Default for Interner {
    fn default() -> Self {
        Interner::with_table()
    }
}

/// Shorter strings first, then byte order: numeric ids of one width or prefix (`#999`, `#1000`) sort as
/// numbers.
fn shortlex(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The 32-bit hash the interner files `s` under.
pub(super) fn hash(s: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    let h = h.finish();
    (h >> 32) as u32 ^ h as u32
}

impl Interner {
    /// An interner for strings that usually come in order (order ids): see the module's documentation.
    pub fn ordered() -> Interner {
        Interner {
            table: None,
            ..Interner::with_table()
        }
    }

    /// An interner that looks every string up.
    pub fn with_table() -> Interner {
        Interner {
            texts: Texts::default(),
            table: Some(Slots::default()),
            range: None,
        }
    }

    /// The number of `s`, if it was interned.
    #[cfg(test)]
    pub fn get(&self, s: &str) -> Option<u32> {
        self.get_hashed(s, hash(s))
    }

    /// The number of `s`, interning it if it is new.
    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, hash(s)).0
    }

    /// The number of `s` and whether it was new, interning it if it is.
    pub fn intern_new(&mut self, s: &str) -> (u32, bool) {
        self.intern_hashed(s, hash(s))
    }

    #[cfg(test)]
    fn get_hashed(&self, s: &str, h: u32) -> Option<u32> {
        let texts = &self.texts;
        match &self.table {
            Some(table) => table.find(h, |n| texts.is(n as usize, s)),
            None => (0..texts.len() as u32).find(|&n| texts[n as usize] == *s),
        }
    }

    fn intern_hashed(&mut self, s: &str, h: u32) -> (u32, bool) {
        if self.table.is_none() {
            if let Some(n) = self.push_beyond_range(s) {
                return (n, true);
            }
            self.build_table();
        }
        let Interner { texts, table, .. } = self;
        let Some(table) = table else {
            unreachable!("the table was just built")
        };
        match table.find(h, |n| texts.is(n as usize, s)) {
            Some(n) => (n, false),
            None => {
                let n = push(texts, s);
                table.insert_unique(h, n);
                (n, true)
            }
        }
    }

    /// Appends `s` when it lies beyond the range of the strings so far (or is the first), widening the range.
    fn push_beyond_range(&mut self, s: &str) -> Option<u32> {
        use std::cmp::Ordering::{Greater, Less};
        let range = match self.range {
            None => None,
            Some((least, greatest)) => {
                let beyond = |n: u32, side| shortlex(s, &self.texts[n as usize]) == side;
                match (beyond(least, Less), beyond(greatest, Greater)) {
                    (true, _) => Some((true, greatest)),
                    (_, true) => Some((false, least)),
                    _ => return None,
                }
            }
        };
        let n = push(&mut self.texts, s);
        self.range = Some(match range {
            None => (n, n),
            Some((true, greatest)) => (n, greatest),
            Some((false, least)) => (least, n),
        });
        Some(n)
    }

    /// Indexes every string so far by hash.
    fn build_table(&mut self) {
        let mut table = Slots::with_capacity(self.texts.len());
        for n in 0..self.texts.len() as u32 {
            table.insert_unique(hash(&self.texts[n as usize]), n);
        }
        self.table = Some(table);
        self.range = None;
    }

    /// Starts loading the table slot where the look-up of a string with hash `h` starts.
    #[inline]
    pub fn prefetch_slot(&self, h: u32) {
        if let Some(table) = &self.table {
            prefetch(Some(table.first(h)));
        }
    }

    /// The number in the slot where the look-up of hash `h` starts, when that slot holds hash `h`: most likely
    /// the string sought, to prefetch what reading it will need (not checked: a hint only).
    #[inline]
    pub fn likely(&self, h: u32) -> Option<u32> {
        let slot = self.table.as_ref()?.first(h);
        (slot.hash == h).then_some(slot.n)
    }

    /// The strings, to prefetch them.
    pub fn texts(&self) -> &Texts {
        &self.texts
    }

    /// The strings, by number, for keeping.
    pub fn into_texts(self) -> Texts {
        self.texts
    }

    /// The string numbered `n`.
    pub fn text(&self, n: u32) -> &str {
        &self.texts[n as usize]
    }

    /// Bytes of the strings.
    pub fn text_bytes(&self) -> usize {
        self.texts.text_bytes()
    }

    /// Makes room for `strings` more strings of `bytes` bytes in all, if memory allows (the hash table, if
    /// there is one, grows as it does).
    pub fn try_reserve(&mut self, strings: usize, bytes: usize) {
        self.texts.try_reserve(strings, bytes);
    }

    /// Whether the string numbered `n` is `s`.
    #[inline]
    pub fn is(&self, n: u32, s: &str) -> bool {
        self.texts.is(n as usize, s)
    }

    /// The number of distinct strings.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.texts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_first_seen_order() {
        let mut i = Interner::default();
        assert_eq!(i.get("a"), None);
        assert_eq!(i.intern("b"), 0);
        assert_eq!(i.intern(""), 1);
        assert_eq!(i.intern("顧客"), 2);
        assert_eq!(i.intern("b"), 0);
        assert_eq!(i.get(""), Some(1));
        assert_eq!(i.get("顧客"), Some(2));
        assert_eq!(i.get("bb"), None);
        assert_eq!((i.text(0), i.text(1), i.text(2)), ("b", "", "顧客"));
        assert_eq!(i.len(), 3);
    }

    #[test]
    fn ordered_strings_are_numbered_like_looked_up_ones() {
        // Ascending, then below the least, then inside the range (which builds the table), then repeats.
        let ids = [
            "#999", "#1000", "#1001", "#998", "#1000", "#1002", "#0999", "#998", "#1003",
        ];
        let mut ordered = Interner::ordered();
        let mut hashed = Interner::with_table();
        for id in ids {
            assert_eq!(ordered.intern_new(id), hashed.intern_new(id), "{id}");
        }
        assert_eq!(ordered.intern_new("#1001"), (2, false));
        for n in 0..hashed.len() as u32 {
            assert_eq!(ordered.text(n), hashed.text(n));
            assert_eq!(ordered.get(hashed.text(n)), Some(n));
        }
        // Descending ids never need the table.
        let mut descending = Interner::ordered();
        for (n, id) in ["30", "29", "100", "28", "1000", "1"]
            .into_iter()
            .enumerate()
        {
            assert_eq!(descending.intern_new(id), (n as u32, true));
        }
        assert!(descending.table.is_none());
        assert_eq!(descending.get("28"), Some(3));
        assert_eq!(descending.intern_new("29"), (1, false));
        assert!(descending.table.is_some());
    }

    #[test]
    fn strings_sharing_a_hash_stay_apart() {
        let mut i = Interner::default();
        let keys: Vec<String> = (0..20_000).map(|n| format!("C{n:06}")).collect();
        for (n, k) in keys.iter().enumerate() {
            assert_eq!(i.intern(k), n as u32);
        }
        // Every string on one hash chain: lookups must still tell them apart.
        let mut chained = Interner::default();
        for (n, k) in keys[..50].iter().enumerate() {
            assert_eq!(chained.intern_hashed(k, 7), (n as u32, true));
        }
        for (n, k) in keys[..50].iter().enumerate() {
            assert_eq!(chained.intern_hashed(k, 7), (n as u32, false));
            assert_eq!(chained.get_hashed(k, 7), Some(n as u32));
        }
        assert_eq!(chained.get_hashed("C999999", 7), None);
        for (n, k) in keys.iter().enumerate() {
            assert_eq!(i.get(k), Some(n as u32));
            assert_eq!(i.text(n as u32), k);
        }
    }
}
