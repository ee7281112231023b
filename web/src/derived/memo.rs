//! [`Last`]: the latest result of a computation and what it was computed from, for results several views
//! share.

use std::cell::RefCell;
use std::rc::Rc;

/// The latest result of one computation, with the inputs it was computed from. It keeps one result only: a
/// view that asks for other inputs replaces it.
pub struct Last<K, V>(RefCell<Option<(K, Rc<V>)>>);

impl<K, V> Default for Last<K, V> {
    fn default() -> Self {
        Last(RefCell::new(None))
    }
}

impl<K: PartialEq + Clone, V> Last<K, V> {
    /// The result kept for `key`, or `compute`'s, which then replaces it.
    pub fn get(&self, key: &K, compute: impl FnOnce() -> V) -> Rc<V> {
        if let Some((_, value)) = self.0.borrow().as_ref().filter(|(k, _)| k == key) {
            return value.clone();
        }
        let value = Rc::new(compute());
        *self.0.borrow_mut() = Some((key.clone(), value.clone()));
        value
    }
}
