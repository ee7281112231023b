//! The fit worker's page side: a [`FitJob`] is one fit in a worker of its own, stopped (the worker
//! terminated) when the job is dropped, as the fit cannot be interrupted otherwise.

use kokyaku_core::analysis::ltv::{FitInput, FitProgress, ModelFits};
use yew::Callback;

use crate::workers::page::{post, spawn, Listened};
use crate::workers::protocol::{FromWorker, Received, Request, ToWorker};

/// A fit running in its own worker. Dropping it stops the worker; no callback fires after that.
pub struct FitJob {
    _worker: Listened,
}

impl FitJob {
    /// Starts a worker and sends it `input` once it is ready. `on_progress` hears every likelihood
    /// evaluation; `on_done` is called once, with the fits or with why there are none.
    pub fn start(
        input: FitInput,
        on_progress: Callback<FitProgress>,
        on_done: Callback<Result<ModelFits, String>>,
    ) -> Result<FitJob, String> {
        let request = Request::only(ToWorker::Fit(input));
        let worker = spawn()?;
        let sender = worker.clone();
        let done = on_done.clone();
        let on_message = move |message| match message {
            Ok(Received::Message(FromWorker::Ready)) => {
                if let Err(why) = post(&sender, &request) {
                    done.emit(Err(why));
                }
            }
            Ok(Received::Message(FromWorker::Progress(p))) => on_progress.emit(p),
            Ok(Received::Message(FromWorker::Done(fits))) => done.emit(Ok(*fits)),
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
