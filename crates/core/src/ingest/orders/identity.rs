//! One customer is one customer: customers numbered by different keys are linked into one when they share an
//! e-mail address or a phone number. A guest's first order (keyed by its e-mail) and the same person's later
//! orders as a member (keyed by the member id, with that e-mail on the row) become one customer; so do two
//! guest keys that appeared with the same phone. Two different member ids are never joined: a shared
//! address or number (a family, a company) leaves them apart and is counted.
//!
//! A customer's kept e-mail and phone are known to the book, and so are the other ones it had (as hashes in
//! `links`), so linking needs no pass over the rows. It costs nothing when every customer has a member id.

use rustc_hash::FxHashMap;

use super::super::keys::{digits_without_leading_zeros, KeyKind, KeyNotes};
use super::book::OrderBook;
use super::draft::{key_hash, ContactSlot};

/// Linked sets of customers. A set holds at most one member id, and a set that holds one has that member
/// as its root (so the set is keyed by the member id).
struct Sets<'k> {
    parent: Vec<u32>,
    /// The kind of each customer's key.
    kinds: &'k [KeyKind],
}

impl Sets<'_> {
    fn is_member(&self, c: u32) -> bool {
        self.kinds[c as usize] == KeyKind::Member
    }

    fn find(&mut self, mut c: u32) -> u32 {
        while self.parent[c as usize] != c {
            let up = self.parent[self.parent[c as usize] as usize];
            self.parent[c as usize] = up;
            c = up;
        }
        c
    }

    /// Joins the sets of `a` and `b`, unless each holds a different member: then returns those members.
    /// The joined set's root is its member, else its first customer.
    fn join(&mut self, a: u32, b: u32) -> Result<(), (u32, u32)> {
        let (ra, rb) = (self.find(a), self.find(b));
        let root = match (self.is_member(ra), self.is_member(rb)) {
            _ if ra == rb => return Ok(()),
            (true, true) => return Err((ra, rb)),
            (true, false) => ra,
            (false, true) => rb,
            (false, false) => ra.min(rb),
        };
        let other = if root == ra { rb } else { ra };
        self.parent[other as usize] = root;
        Ok(())
    }

    /// Joins the sets of two member ids that are one member written two ways, keeping `first`'s root.
    fn join_same_member(&mut self, first: u32, again: u32) {
        let (root, other) = (self.find(first), self.find(again));
        self.parent[other as usize] = root;
    }
}

/// An e-mail address or phone number a customer had: one kept in its contact (the text's number) or another
/// one (its [`key_hash`], from `links`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Kept(u32),
    Other(u64),
}

/// The top 32 bits of the hashes of the guests' e-mails and phones, as a bit array small enough to stay in
/// the cache: most members' values are ruled out by one bit, without reading their text.
struct GuestBits {
    bits: Vec<u64>,
    /// `32 − log2(bits)`: a value's top bits pick its bit.
    shift: u32,
}

impl GuestBits {
    fn new(tops: impl ExactSizeIterator<Item = u32>) -> GuestBits {
        // About 16 bits per value (one false positive in 16), 2^16 to 2^26 bits.
        let bits = (tops.len() * 16)
            .next_power_of_two()
            .clamp(1 << 16, 1 << 26);
        let shift = 32 - bits.trailing_zeros();
        let mut array = vec![0u64; bits / 64];
        for top in tops {
            let i = (top >> shift) as usize;
            array[i / 64] |= 1 << (i % 64);
        }
        GuestBits { bits: array, shift }
    }

    /// Whether a value whose hash's top 32 bits are `top` may be a guest's (false: it is not).
    fn may_contain(&self, top: u32) -> bool {
        let i = (top >> self.shift) as usize;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The top 32 bits of a hash.
fn top(h: u64) -> u32 {
    (h >> 32) as u32
}

impl OrderBook {
    /// The customer each customer is kept as once customers that are one person are linked (see the module
    /// doc); links refused between two members are counted in `notes`.
    pub(super) fn find_roots(&self, notes: &mut KeyNotes) -> Vec<u32> {
        let n = self.kinds.len();
        let mut sets = Sets {
            parent: (0..n as u32).collect(),
            kinds: &self.kinds,
        };
        self.join_padded_ids(&mut sets);
        self.join_shared_contacts(&mut sets, notes);
        (0..n as u32).map(|c| sets.find(c)).collect()
    }

    /// Merges the contacts of each linked customer into the customer it is kept as (`roots`, from
    /// [`find_roots`](OrderBook::find_roots)), and counts the links in `notes`.
    pub(super) fn merge_linked(&mut self, roots: &[u32], notes: &mut KeyNotes) {
        for (c, &root) in roots.iter().enumerate() {
            if root as usize != c {
                notes.link(self.customers.text(c as u32), self.customers.text(root));
                self.merge_contact(c, root as usize);
            }
        }
    }

    /// Joins member ids of digits only that differ only in leading zeros (`00123` and `123`: Excel drops
    /// them from one export and not another); the set keeps the id as first read.
    fn join_padded_ids(&self, sets: &mut Sets) {
        let digits = |c: u32| {
            let key = self.customers.text(c);
            (self.kinds[c as usize] == KeyKind::Member)
                .then(|| digits_without_leading_zeros(key).map(|number| (key, number)))
                .flatten()
        };
        let n = self.kinds.len() as u32;
        if !(0..n).any(|c| digits(c).is_some_and(|(key, number)| key != number)) {
            return;
        }
        let mut first: FxHashMap<&str, u32> = FxHashMap::default();
        for c in 0..n {
            if let Some((_, number)) = digits(c) {
                let at = *first.entry(number).or_insert(c);
                if at != c {
                    sets.join_same_member(at, c);
                }
            }
        }
    }

    /// Joins the customers that share an e-mail address or a phone number, where that does not join two
    /// different members (those are counted in `notes`). Only a guest's keys can link: so the members' are
    /// looked at only when a guest has them too, and not at all when every customer is a member.
    fn join_shared_contacts(&self, sets: &mut Sets, notes: &mut KeyNotes) {
        let n = self.kinds.len() as u32;
        let guest = |c: u32| self.kinds[c as usize] != KeyKind::Member;
        if (0..n).all(|c| !guest(c)) {
            return;
        }
        // Every value a customer had is kept in its contact or is in `links`: a guest's key is one of them.
        // Candidates are found by the top bits of their hashes (kept in the contact slots, so no text is
        // read), and only values whose top bits a guest's value shares are compared exactly.
        let mut candidates: Vec<(u32, u32, Value)> = Vec::new();
        let kept = |c: u32| {
            let contact = self.contacts[c as usize];
            [contact.email, contact.phone]
                .into_iter()
                .filter_map(move |slot| Some((slot.top, c, Value::Kept(slot.kept()?))))
        };
        let others = |of_guest: bool| {
            self.links
                .iter()
                .filter(move |&&(_, c)| guest(c) == of_guest)
                .map(|&(h, c)| (top(h), c, Value::Other(h)))
        };
        for c in (0..n).filter(|&c| guest(c)) {
            candidates.extend(kept(c));
        }
        candidates.extend(others(true));
        let bits = GuestBits::new(candidates.iter().map(|x| x.0));
        for c in (0..n).filter(|&c| !guest(c)) {
            candidates.extend(kept(c).filter(|x| bits.may_contain(x.0)));
        }
        candidates.extend(others(false).filter(|x| bits.may_contain(x.0)));
        candidates.sort_unstable();
        candidates.dedup();
        let hash = |v: Value| match v {
            Value::Kept(t) => key_hash(&self.contact_text[t as usize]),
            Value::Other(h) => h,
        };
        for run in candidates.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 || !run.iter().any(|x| guest(x.1)) {
                continue;
            }
            let mut exact: Vec<(u64, u32)> = run.iter().map(|x| (hash(x.2), x.1)).collect();
            exact.sort_unstable();
            exact.dedup();
            for same in exact.chunk_by(|a, b| a.0 == b.0) {
                if !same.iter().any(|x| guest(x.1)) {
                    continue;
                }
                for &(_, c) in &same[1..] {
                    if let Err((a, b)) = sets.join(same[0].1, c) {
                        notes.ambiguous(self.customers.text(a), self.customers.text(b));
                    }
                }
            }
        }
    }

    /// Keeps in customer `into_c`'s contact the later of its e-mail (phone, name) and customer `from_c`'s.
    fn merge_contact(&mut self, from_c: usize, into_c: usize) {
        let from = self.contacts[from_c];
        let into = &mut self.contacts[into_c];
        for (slot, other) in [(&mut into.email, from.email), (&mut into.phone, from.phone)] {
            later(slot, other);
        }
        let name = self.names.get(from_c).copied();
        if let Some(other) = name.filter(|n| n.kept().is_some()) {
            if self.names.len() <= into_c {
                self.names
                    .resize(self.contacts.len(), ContactSlot::default());
            }
            later(&mut self.names[into_c], other);
        }
    }
}

/// Keeps in `slot` the later of its value and `other`.
fn later(slot: &mut ContactSlot, other: ContactSlot) {
    if other.kept().is_some() && (slot.kept().is_none() || other.day > slot.day) {
        *slot = other;
    }
}
