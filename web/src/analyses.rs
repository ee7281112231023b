//! Analyses several views show, computed once per dataset, as-of date and parameters: the RFM result (RFM
//! view, segment builder, LTV view) and the CPM result (CPM view, segment builder). Each keeps its latest
//! result only, and holds the data it was computed from weakly, so a newly read dataset frees the old one.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::thread::LocalKey;

use kokyaku_core::analysis::cpm::{cpm, Cpm, CpmParams};
use kokyaku_core::analysis::rfm::{rfm, Rfm, RfmParams};
use kokyaku_core::Day;

use crate::loader::Loaded;

/// A result and what it was computed from.
struct Cached<P, R> {
    data: Weak<Loaded>,
    as_of: Option<Day>,
    params: P,
    result: Rc<R>,
}

type Slot<P, R> = RefCell<Option<Cached<P, R>>>;

thread_local! {
    static RFM: Slot<RfmParams, Rfm> = const { RefCell::new(None) };
    static CPM: Slot<CpmParams, Cpm> = const { RefCell::new(None) };
}

/// The cached result for these inputs, or `compute`'s, which then replaces it.
fn cached<P: PartialEq + Clone, R>(
    slot: &'static LocalKey<Slot<P, R>>,
    data: &Rc<Loaded>,
    as_of: Option<Day>,
    params: &P,
    compute: impl FnOnce() -> R,
) -> Rc<R> {
    slot.with(|slot| {
        let same = |c: &Cached<P, R>| {
            std::ptr::eq(c.data.as_ptr(), Rc::as_ptr(data))
                && c.as_of == as_of
                && c.params == *params
        };
        if let Some(c) = slot.borrow().as_ref().filter(|c| same(c)) {
            return c.result.clone();
        }
        let result = Rc::new(compute());
        *slot.borrow_mut() = Some(Cached {
            data: Rc::downgrade(data),
            as_of,
            params: params.clone(),
            result: result.clone(),
        });
        result
    })
}

/// RFM of the data read, as of `as_of`.
pub fn rfm_of(data: &Rc<Loaded>, as_of: Option<Day>, params: &RfmParams) -> Rc<Rfm> {
    cached(&RFM, data, as_of, params, || {
        rfm(&data.data.dataset, as_of, params)
    })
}

/// CPM of the data read, as of `as_of`.
pub fn cpm_of(data: &Rc<Loaded>, as_of: Option<Day>, params: &CpmParams) -> Rc<Cpm> {
    cached(&CPM, data, as_of, params, || {
        cpm(&data.data.dataset, as_of, params)
    })
}
