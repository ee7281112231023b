//! The model fits off the main thread. A dedicated worker (`worker.js`) loads this same wasm module, whose
//! `main` sees that it has no window and calls [`serve`] instead of rendering the page; the page starts a
//! [`FitJob`] per fit and drops it (terminating the worker) when the inputs change.
//!
//! Protocol, JSON text over `postMessage` (exact: serde_json round-trips floats): the worker posts `"ready"`
//! once it listens; the page posts one [`FitInput`]; the worker posts a `{"progress": …}` per likelihood
//! evaluation and then `{"done": …}` with the [`ModelFits`]. `worker.js` posts `{"failed": …}` if the
//! module cannot start.

use kokyaku_core::analysis::ltv::{fit_models, FitInput, FitProgress, ModelFits};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    DedicatedWorkerGlobalScope, ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType,
};

use yew::prelude::*;

/// The worker's script, one of the app's files (see [`crate::assets`]).
const SCRIPT: &str = "worker.js";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum FromWorker {
    Ready,
    Progress(FitProgress),
    Done(ModelFits),
    Failed(String),
}

/// Runs in the worker: answers each [`FitInput`] with progress messages and the fits.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let post = |m: &FromWorker| {
            let text = serde_json::to_string(m).expect("fit messages serialise");
            // Posting a string to the page cannot fail.
            let _ = replies.post_message(&JsValue::from_str(&text));
        };
        let input = e
            .data()
            .as_string()
            .ok_or_else(|| "the page sent no text".to_string())
            .and_then(|t| serde_json::from_str::<FitInput>(&t).map_err(|e| e.to_string()));
        match input {
            Ok(input) => {
                let fits = fit_models(&input, &mut |p| post(&FromWorker::Progress(p)));
                post(&FromWorker::Done(fits));
            }
            Err(why) => post(&FromWorker::Failed(format!("bad fit request: {why}"))),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = serde_json::to_string(&FromWorker::Ready).expect("fit messages serialise");
    let _ = scope.post_message(&JsValue::from_str(&ready));
}

/// A fit running in its own worker. Dropping it stops the worker; no callback fires after that.
pub struct FitJob {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl FitJob {
    /// Starts a worker and sends it `input` once it is ready. `on_progress` hears every likelihood
    /// evaluation; `on_done` is called once, with the fits or with why there are none.
    pub fn start(
        input: &FitInput,
        on_progress: Callback<FitProgress>,
        on_done: Callback<Result<ModelFits, String>>,
    ) -> Result<FitJob, String> {
        let request = serde_json::to_string(input).map_err(|e| e.to_string())?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&crate::assets::url(SCRIPT), &options)
            .map_err(|e| format!("the fit worker could not start: {e:?}"))?;
        let sender = worker.clone();
        let done = on_done.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let message = e
                .data()
                .as_string()
                .and_then(|t| serde_json::from_str::<FromWorker>(&t).ok());
            match message {
                Some(FromWorker::Ready) => {
                    if let Err(e) = sender.post_message(&JsValue::from_str(&request)) {
                        done.emit(Err(format!("the fit worker refused the data: {e:?}")));
                    }
                }
                Some(FromWorker::Progress(p)) => on_progress.emit(p),
                Some(FromWorker::Done(fits)) => done.emit(Ok(fits)),
                Some(FromWorker::Failed(why)) => done.emit(Err(why)),
                None => done.emit(Err("the fit worker sent an unreadable message".into())),
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            on_done.emit(Err(format!("the fit worker failed: {}", e.message())));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(FitJob {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for FitJob {
    fn drop(&mut self) {
        // Detach first: messages already queued must not reach the closures freed with this job.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// A shared value compared by identity. Holding the `Rc` keeps the value alive, so a later value cannot
/// reuse its address and compare equal by accident.
#[derive(Clone)]
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
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
