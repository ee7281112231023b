//! Interning strings (order ids, customer keys, contacts) into one growing buffer, numbered in the order they
//! are first seen, without a heap allocation per string: a million orders cost a few large buffers instead
//! of two million small boxes, which is less memory and far less work for the allocator.

use std::hash::Hasher;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHasher;

/// Distinct strings, each with a dense `u32` number.
#[derive(Default)]
pub(super) struct Interner {
    /// Every string's bytes, one after the other.
    text: String,
    /// Where each string ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// The strings' numbers, found by hash.
    table: HashTable<Slot>,
}

/// A string's number and its 32-bit hash: the hash rules out almost every other string in the same bucket
/// without reading its text, and lets the table grow without reading any text.
#[derive(Clone, Copy)]
struct Slot {
    n: u32,
    hash: u32,
}

fn hash(s: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    let h = h.finish();
    (h >> 32) as u32 ^ h as u32
}

/// The table's 64-bit hash of a 32-bit one: bucket index from the low bits, control tag from the high ones.
fn widen(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

/// String `n` of `text` cut at `ends`.
fn span<'t>(text: &'t str, ends: &[usize], n: u32) -> &'t str {
    let n = n as usize;
    let start = if n == 0 { 0 } else { ends[n - 1] };
    &text[start..ends[n]]
}

impl Interner {
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
        let (text, ends) = (&self.text, &self.ends);
        self.table
            .find(widen(h), |slot| {
                slot.hash == h && span(text, ends, slot.n) == s
            })
            .map(|slot| slot.n)
    }

    fn intern_hashed(&mut self, s: &str, h: u32) -> (u32, bool) {
        let Interner { text, ends, table } = self;
        let entry = table.entry(
            widen(h),
            |slot| slot.hash == h && span(text, ends, slot.n) == s,
            |slot| widen(slot.hash),
        );
        match entry {
            Entry::Occupied(found) => (found.get().n, false),
            Entry::Vacant(vacant) => {
                let n = u32::try_from(ends.len()).unwrap_or(u32::MAX);
                text.push_str(s);
                ends.push(text.len());
                vacant.insert(Slot { n, hash: h });
                (n, true)
            }
        }
    }

    /// The string numbered `n`.
    pub fn text(&self, n: u32) -> &str {
        span(&self.text, &self.ends, n)
    }

    /// The number of distinct strings.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
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
