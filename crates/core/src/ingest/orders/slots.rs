//! [`Slots`]: an open-addressing hash table of string numbers, keyed by the strings' 32-bit hashes. The
//! strings themselves live elsewhere (an [`Interner`](super::intern::Interner)'s texts), so the table asks its
//! caller whether a candidate number is the string sought. Unlike a general hash table, it tells where a hash's
//! look-up will start ([`Slots::first`]), so that a loop can prefetch it a few rows ahead.

/// A string's number and its 32-bit hash: the hash rules out almost every other string probed without
/// reading its text, and lets the table grow without reading any text.
#[derive(Clone, Copy)]
pub(super) struct Slot {
    pub n: u32,
    pub hash: u32,
}

const EMPTY: Slot = Slot {
    n: u32::MAX,
    hash: 0,
};

impl Slot {
    fn is_empty(self) -> bool {
        self.n == u32::MAX
    }
}

/// Numbers found by hash, with linear probing; at most half full, so a look-up mostly reads one cache line.
pub(super) struct Slots {
    slots: Vec<Slot>,
    /// Bits of a slot's index: `slots.len() == 1 << bits`.
    bits: u32,
    len: usize,
}

impl Default for Slots {
    fn default() -> Self {
        Slots::with_capacity(0)
    }
}

impl Slots {
    /// A table with room for `n` numbers before it grows.
    pub fn with_capacity(n: usize) -> Slots {
        let bits = (n.max(8) * 2).next_power_of_two().trailing_zeros();
        Slots {
            slots: vec![EMPTY; 1 << bits],
            bits,
            len: 0,
        }
    }

    /// Where the look-up of `hash` starts: the high bits of a multiplicative (Fibonacci) hash of it.
    #[inline]
    fn home(&self, hash: u32) -> usize {
        (u64::from(hash.wrapping_mul(0x9E37_79B9)) << 32 >> (64 - self.bits)) as usize
    }

    /// The slot where the look-up of `hash` starts, to prefetch it.
    #[inline]
    pub fn first(&self, hash: u32) -> &Slot {
        &self.slots[self.home(hash)]
    }

    /// The number of the string with this hash for which `is(n)` holds, if there is one.
    pub fn find(&self, hash: u32, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot.is_empty() {
                return None;
            }
            if slot.hash == hash && is(slot.n) {
                return Some(slot.n);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `n` under `hash`; the caller knows it is not there yet.
    pub fn insert_unique(&mut self, hash: u32, n: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(Slot { n, hash });
        self.len += 1;
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = self.home(slot.hash);
        while !self.slots[i].is_empty() {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    fn grow(&mut self) {
        self.bits += 1;
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; 1 << self.bits]);
        for slot in old.into_iter().filter(|s| !s.is_empty()) {
            self.place(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_number_through_collisions_and_growth() {
        let mut slots = Slots::default();
        // Hashes 0..3000 (spread) and 500 numbers all under one hash (one long probe run).
        for n in 0..3000u32 {
            slots.insert_unique(n.wrapping_mul(2_654_435_761), n);
        }
        for n in 3000..3500u32 {
            slots.insert_unique(7, n);
        }
        assert!(slots.slots.len() >= 2 * 3500);
        for n in 0..3000u32 {
            assert_eq!(
                slots.find(n.wrapping_mul(2_654_435_761), |m| m == n),
                Some(n)
            );
        }
        for n in 3000..3500u32 {
            assert_eq!(slots.find(7, |m| m == n), Some(n));
        }
        assert_eq!(slots.find(7, |m| m == 99_999), None);
        assert_eq!(slots.find(8, |_| true), None);
    }
}
