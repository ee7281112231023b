//! [`Same`]: shared values compared by identity, as hook dependencies (the data read, a fit's result), where
//! comparing by value would walk a whole dataset on every render.

use std::rc::Rc;

/// A shared value compared by identity. Holding the `Rc` keeps the value alive, so a later value cannot
/// reuse its address and compare equal by accident.
#[derive(Clone)]
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
