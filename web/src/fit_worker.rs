//! The model fits off the main thread, in a worker (see [`crate::worker`]): the page starts a [`FitJob`] per
//! fit and drops it (terminating the worker) when the inputs change.

use kokyaku_core::analysis::ltv::{fit_models, FitInput, FitProgress, ModelFits};
use std::rc::Rc;
use web_sys::DedicatedWorkerGlobalScope;

use yew::prelude::*;

use crate::worker::{self, FromWorker, Listened, Received, ToWorker};

/// Runs in the worker: answers a fit request with progress messages and the fits.
pub fn answer(scope: &DedicatedWorkerGlobalScope, input: &FitInput) {
    let fits = fit_models(input, &mut |p| {
        worker::reply(scope, &FromWorker::Progress(p))
    });
    worker::reply(scope, &FromWorker::Done(fits));
}

/// A fit running in its own worker. Dropping it stops the worker; no callback fires after that.
pub struct FitJob {
    _worker: Listened,
}

impl FitJob {
    /// Starts a worker and sends it `input` once it is ready. `on_progress` hears every likelihood
    /// evaluation; `on_done` is called once, with the fits or with why there are none.
    pub fn start(
        input: &FitInput,
        on_progress: Callback<FitProgress>,
        on_done: Callback<Result<ModelFits, String>>,
    ) -> Result<FitJob, String> {
        let request = ToWorker::Fit(input.clone());
        let worker = worker::spawn()?;
        let sender = worker.clone();
        let done = on_done.clone();
        let on_message = move |message| match message {
            Ok(Received::Message(FromWorker::Ready)) => {
                if let Err(why) = worker::send(&sender, &request) {
                    done.emit(Err(why));
                }
            }
            Ok(Received::Message(FromWorker::Progress(p))) => on_progress.emit(p),
            Ok(Received::Message(FromWorker::Done(fits))) => done.emit(Ok(fits)),
            Ok(Received::Message(FromWorker::Failed(why))) => done.emit(Err(why)),
            Ok(_) => done.emit(Err("the fit worker sent a read message".into())),
            Err(why) => done.emit(Err(why)),
        };
        let on_error = move |why| on_done.emit(Err(format!("the fit worker failed: {why}")));
        Ok(FitJob {
            _worker: Listened::new(worker, on_message, on_error),
        })
    }
}

/// Where a worker's fit stands, for the inputs it was started with.
#[derive(Clone, PartialEq)]
pub enum FitState {
    /// No fit was asked for.
    Idle,
    Running(Option<FitProgress>),
    Done(Rc<ModelFits>),
    Failed(String),
}

/// Runs the fit of `input()` in a worker, restarted (the old one stopped) whenever `key`, what the input
/// depends on, changes; no worker when `input()` is `None`. Returns the state of the fit for the current key,
/// never a stale one.
#[hook]
pub fn use_model_fit<K, F>(key: K, input: F) -> FitState
where
    K: PartialEq + Clone + 'static,
    F: FnOnce() -> Option<FitInput> + 'static,
{
    let fit = use_state(|| (key.clone(), FitState::Running(None)));
    {
        let fit = fit.clone();
        use_effect_with(key.clone(), move |key| {
            let job = input().map(|input| {
                fit.set((key.clone(), FitState::Running(None)));
                let on_progress = {
                    let (fit, key) = (fit.clone(), key.clone());
                    Callback::from(move |p| fit.set((key.clone(), FitState::Running(Some(p)))))
                };
                let on_done = {
                    let (fit, key) = (fit.clone(), key.clone());
                    Callback::from(move |r: Result<ModelFits, String>| {
                        let state = match r {
                            Ok(fits) => FitState::Done(Rc::new(fits)),
                            Err(why) => FitState::Failed(why),
                        };
                        fit.set((key.clone(), state));
                    })
                };
                let job = FitJob::start(&input, on_progress, on_done);
                if let Err(why) = &job {
                    fit.set((key.clone(), FitState::Failed(why.clone())));
                }
                job
            });
            if job.is_none() {
                fit.set((key.clone(), FitState::Idle));
            }
            move || drop(job)
        });
    }
    if fit.0 == key {
        fit.1.clone()
    } else {
        // The effect has not run for this key yet.
        FitState::Running(None)
    }
}
