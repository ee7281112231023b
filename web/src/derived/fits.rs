//! The model fits of one [`Derived`]: one fit per input, shared by every view that asks for it. A view asks
//! with [`use_fit`]; the first to ask for a [`FitKey`] starts the fit in a worker ([`FitJob`]), and every view
//! that asks for it while it runs or after hears the same progress and gets the same result.
//!
//! A fit runs while a view listens to it and is stopped (its worker terminated) when the last one leaves
//! before it is done, as when its inputs change; a fit done is kept, its worker stopped once no view shows it,
//! so that a view opened again, or another view asking for the same input, finds it at once.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use kokyaku_core::analysis::ltv::optimize::FitOptions;
use kokyaku_core::analysis::ltv::summary::SummaryParams;
use kokyaku_core::analysis::ltv::{
    FitInput, FitProgress, LtvParams, ModelFits, TransactionModelKind,
};
use yew::prelude::*;

use super::Derived;
use crate::workers::fit::page::FitJob;

/// What a fit depends on besides the data and the as-of date (those of its [`Derived`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FitKey {
    summary: SummaryParams,
    model: TransactionModelKind,
    options: FitOptions,
}

impl FitKey {
    /// The fit the predictions with `params` need (the CLV options do not enter the fit).
    pub fn of(params: &LtvParams) -> FitKey {
        FitKey {
            summary: params.summary.clone(),
            model: params.model,
            options: params.fit.clone(),
        }
    }

    fn params(&self) -> LtvParams {
        LtvParams {
            summary: self.summary.clone(),
            model: self.model,
            fit: self.options.clone(),
            ..LtvParams::default()
        }
    }
}

/// Where a fit stands.
#[derive(Clone, PartialEq)]
pub enum FitState {
    /// No fit was asked for.
    Idle,
    Running(Option<FitProgress>),
    Done(Rc<ModelFits>),
    Failed(String),
}

/// Fits done that are kept while no view shows them.
const KEPT: usize = 8;

/// The fits asked for, by key.
#[derive(Default)]
pub(super) struct Fits(Rc<RefCell<Store>>);

#[derive(Default)]
struct Store {
    entries: Vec<Entry>,
    /// The number of the next listener.
    next: u64,
}

struct Entry {
    key: FitKey,
    state: FitState,
    /// The fit's worker, kept while a view listens.
    job: Option<FitJob>,
    /// The views listening: each one's number and how to have it render again.
    listeners: Vec<(u64, Callback<()>)>,
}

/// A view listening to a fit; dropping it stops listening.
struct Listening {
    store: Weak<RefCell<Store>>,
    key: FitKey,
    id: u64,
}

impl Fits {
    /// The state of the fit for `key`, if one was asked for.
    fn state(&self, key: &FitKey) -> Option<FitState> {
        let store = self.0.borrow();
        let entry = store.entries.iter().find(|e| e.key == *key)?;
        Some(entry.state.clone())
    }

    /// Listens to the fit for `key`, started with `input()` when there is none or the last one failed and no
    /// view listens to it; `notify` is called when its state changes.
    fn listen(
        &self,
        key: FitKey,
        input: impl FnOnce() -> FitInput,
        notify: Callback<()>,
    ) -> Listening {
        let mut store = self.0.borrow_mut();
        let id = store.next;
        store.next += 1;
        let at = store.entries.iter().position(|e| e.key == key);
        let restart = at.is_some_and(|i| {
            let entry = &store.entries[i];
            matches!(entry.state, FitState::Failed(_)) && entry.listeners.is_empty()
        });
        if let Some(i) = at.filter(|_| restart) {
            store.entries.remove(i);
        }
        if at.is_none() || restart {
            let (job, state) = match self.start(&key, input()) {
                Ok(job) => (Some(job), FitState::Running(None)),
                Err(why) => (None, FitState::Failed(why)),
            };
            store.entries.push(Entry {
                key: key.clone(),
                state,
                job,
                listeners: Vec::new(),
            });
            // The view rendered before the fit started: it renders the new state.
            notify.emit(());
        }
        if let Some(entry) = store.entries.iter_mut().find(|e| e.key == key) {
            entry.listeners.push((id, notify));
        }
        Listening {
            store: Rc::downgrade(&self.0),
            key,
            id,
        }
    }

    /// Starts the fit in a worker; its progress and result go to the store's entry for `key`.
    fn start(&self, key: &FitKey, input: FitInput) -> Result<FitJob, String> {
        let on_progress = {
            let (store, key) = (Rc::downgrade(&self.0), key.clone());
            Callback::from(move |p| set(&store, &key, FitState::Running(Some(p))))
        };
        let on_done = {
            let (store, key) = (Rc::downgrade(&self.0), key.clone());
            Callback::from(move |r: Result<ModelFits, String>| {
                let state = match r {
                    Ok(fits) => FitState::Done(Rc::new(fits)),
                    Err(why) => FitState::Failed(why),
                };
                set(&store, &key, state)
            })
        };
        FitJob::start(input, on_progress, on_done)
    }
}

/// Sets the state of the fit for `key` and tells the views listening.
fn set(store: &Weak<RefCell<Store>>, key: &FitKey, state: FitState) {
    let Some(store) = store.upgrade() else { return };
    let listeners: Vec<Callback<()>> = {
        let mut store = store.borrow_mut();
        let Some(entry) = store.entries.iter_mut().find(|e| e.key == *key) else {
            return;
        };
        entry.state = state;
        entry.listeners.iter().map(|(_, l)| l.clone()).collect()
    };
    for listener in listeners {
        listener.emit(());
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let Some(store) = self.store.upgrade() else {
            return;
        };
        let mut store = store.borrow_mut();
        let Some(at) = store.entries.iter().position(|e| e.key == self.key) else {
            return;
        };
        let entry = &mut store.entries[at];
        entry.listeners.retain(|(id, _)| *id != self.id);
        if entry.listeners.is_empty() {
            match entry.state {
                // Nobody waits for it: stopped, as its inputs changed or its view closed.
                FitState::Running(_) => drop(store.entries.remove(at)),
                // Kept, without its worker.
                _ => entry.job = None,
            }
        }
        // The oldest fits no view shows go past the few kept.
        while store
            .entries
            .iter()
            .filter(|e| e.listeners.is_empty())
            .count()
            > KEPT
        {
            if let Some(oldest) = store.entries.iter().position(|e| e.listeners.is_empty()) {
                store.entries.remove(oldest);
            }
        }
    }
}

/// The fit for `key` in the context's data and as-of date (`None`: no fit wanted), started if no view asked
/// for it yet. The view renders again as the fit's state changes.
#[hook]
pub fn use_fit(derived: &Derived, key: Option<FitKey>) -> FitState {
    let update = use_force_update();
    use_effect_with((derived.clone(), key.clone()), move |(derived, key)| {
        let listening = key.clone().map(|key| {
            let input = || {
                let params = key.params();
                FitInput::new(&derived.calibration(&params.summary), &params)
            };
            let notify = Callback::from(move |()| update.force_update());
            derived.0.fits.listen(key.clone(), input, notify)
        });
        move || drop(listening)
    });
    match key {
        None => FitState::Idle,
        // Not asked for yet: the effect above starts it after this render.
        Some(key) => derived
            .0
            .fits
            .state(&key)
            .unwrap_or(FitState::Running(None)),
    }
}
