//! The page's Web Workers. A dedicated worker (started from a `blob:` URL whose script imports `worker.js`,
//! see [`spawn`]) loads this same wasm module, whose `main` sees that it has no window and calls [`serve`]
//! instead of rendering the page. A worker does one of two jobs for the page: model fits
//! ([`crate::fit_worker`]) and reading files ([`crate::read_worker`]).
//!
//! Protocol: the worker posts `"ready"` (JSON text, like all its messages but the read batches) once it
//! listens; it posts `{"failed": …}` if `worker.js` or the module cannot start. The page posts objects
//! `{message: <JSON of ToWorker>, file?: File, spare?: ArrayBuffer}`. Fits answer with `{"progress": …}` per
//! likelihood evaluation and `{"done": …}`. Reading: the page sends the file (`Read`), then asks for each batch
//! (`Next`); the worker reads the file's slices itself and answers each `Next` with a batch of rows as bytes
//! (a `Uint8Array` at the start of its buffer), the file's end with a last batch. The page gives the buffers of
//! batches it has read back to the worker (`spare`, with a later `Next`), which writes later batches into them:
//! a batch then costs a copy, not a fresh buffer whose memory the system must first hand out. JSON round-trips
//! floats exactly (serde_json's `float_roundtrip`).

use kokyaku_core::analysis::ltv::{FitInput, FitProgress, ModelFits};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, ErrorEvent, Event, MessageEvent, Url,
    Worker, WorkerOptions, WorkerType,
};

use crate::read_worker::ReadRequest;

/// The worker's script, one of the app's files (see [`crate::assets`]).
const SCRIPT: &str = "worker.js";

/// The script a worker starts from (`{script}`: the JSON string of `worker.js`'s absolute URL). It imports the
/// app's worker script, or tells the page why it could not, as `worker.js` does when the module fails.
const START: &str = concat!(
    "import({script}).catch((e) => ",
    "postMessage(JSON.stringify({ failed: 'the worker could not start: ' + e })));"
);

/// What the page asks of a worker.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// Fit the models to this input.
    Fit(FitInput),
    /// Start reading the `file` sent with this message.
    Read(ReadRequest),
    /// Send the file's next batch of rows.
    Next,
    /// Read the made-up export of [`crate::practice`] and send its batch, as for a file.
    Practice,
}

/// What a worker tells the page (besides read batches, which are bytes).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    Ready,
    Progress(FitProgress),
    Done(ModelFits),
    Failed(String),
}

/// The value at `key` of a message's data, if there is one of type `T`.
fn field<T: JsCast>(data: &JsValue, key: &str) -> Option<T> {
    js_sys::Reflect::get(data, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.dyn_into::<T>().ok())
}

/// Posts a message to the page (from the worker).
pub fn reply(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    let text = serde_json::to_string(message).expect("worker messages serialise");
    // Posting a string to the page cannot fail.
    let _ = scope.post_message(&JsValue::from_str(&text));
}

/// Runs in the worker: answers the page's messages.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if let Some(spare) = field::<js_sys::ArrayBuffer>(&data, "spare") {
            crate::read_worker::keep_spare(spare);
        }
        let message = js_sys::Reflect::get(&data, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .ok_or_else(|| "the page sent no message".to_string())
            .and_then(|t| serde_json::from_str::<ToWorker>(&t).map_err(|e| e.to_string()));
        match message {
            Ok(ToWorker::Fit(input)) => crate::fit_worker::answer(&replies, &input),
            Ok(ToWorker::Read(request)) => match field::<web_sys::File>(&data, "file") {
                Some(file) => crate::read_worker::begin(&replies, request, file),
                None => reply(
                    &replies,
                    &FromWorker::Failed("the page sent no file".into()),
                ),
            },
            Ok(ToWorker::Next) => crate::read_worker::next(),
            Ok(ToWorker::Practice) => {
                crate::read_worker::post_batch(&replies, &crate::practice::read())
            }
            Err(why) => reply(&replies, &FromWorker::Failed(format!("bad request: {why}"))),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    reply(&scope, &FromWorker::Ready);
}

/// A worker the page started, with its listeners. Dropping it detaches them and stops the worker: no
/// listener runs after that.
pub struct Listened {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Listened {
    /// Listens to `worker`: `on_message` hears each of its messages (read with [`received`]), `on_error` why
    /// the worker failed.
    pub fn new(
        worker: Worker,
        mut on_message: impl FnMut(Result<Received, String>) + 'static,
        mut on_error: impl FnMut(String) + 'static,
    ) -> Listened {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on_message(received(&e))
        });
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| on_error(failure(&e)));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Listened {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        }
    }

    /// The worker, to post requests to.
    pub fn worker(&self) -> &Worker {
        &self.worker
    }
}

impl Drop for Listened {
    fn drop(&mut self) {
        // Detach first: messages already queued must not reach the closures freed with this handle.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Why a worker failed, from its `error` event: an `ErrorEvent` when its script threw, a plain `Event` when the
/// script could not be loaded or the page's policy did not allow the worker.
fn failure(e: &Event) -> String {
    match e.dyn_ref::<ErrorEvent>() {
        Some(e) => e.message(),
        None => "it could not load its script or was not allowed to start".into(),
    }
}

/// Starts a worker running [`serve`], bound by the page's Content-Security-Policy.
///
/// A worker started from the URL of `worker.js` would take its policy from the headers of that response, and
/// a static host sends none: it could connect anywhere. A worker started from a `blob:` URL inherits the
/// policy of the document that creates it (CSP Level 3), so each worker starts from a `blob:` URL of
/// [`START`], which imports `worker.js` by its absolute URL. The import is dynamic: a module worker's static
/// imports are fetched as the worker itself is, under `worker-src`, which the page allows for `blob:` only
/// (so that no worker can run without its policy); a dynamic one is a script, under `script-src 'self'`.
pub fn spawn() -> Result<Worker, String> {
    let failed = |e: JsValue| format!("the worker could not start: {e:?}");
    let script = serde_json::to_string(&crate::assets::url(SCRIPT)).map_err(|e| e.to_string())?;
    let source = START.replace("{script}", &script);
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&source));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&url, &options).map_err(failed);
    // The constructor has resolved the URL to the blob already; the worker needs the URL no more.
    let _ = Url::revoke_object_url(&url);
    worker
}

/// Posts a request to a worker (from the page).
pub fn send(worker: &Worker, message: &ToWorker) -> Result<(), String> {
    post(worker, message, None, None)
}

/// Asks a reading worker (from the page) to read `file`.
pub fn send_read(
    worker: &Worker,
    request: ReadRequest,
    file: &web_sys::File,
) -> Result<(), String> {
    post(worker, &ToWorker::Read(request), Some(file), None)
}

/// Asks a reading worker (from the page) for its next batch, giving it a spare buffer for its batches if the
/// page has one (transferred).
pub fn send_next(worker: &Worker, spare: Option<&js_sys::ArrayBuffer>) -> Result<(), String> {
    post(worker, &ToWorker::Next, None, spare)
}

fn post(
    worker: &Worker,
    message: &ToWorker,
    file: Option<&web_sys::File>,
    spare: Option<&js_sys::ArrayBuffer>,
) -> Result<(), String> {
    let text = serde_json::to_string(message).map_err(|e| e.to_string())?;
    let object = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value).map(|_| ())
    };
    let transfer = js_sys::Array::new();
    let posted = set("message", &JsValue::from_str(&text))
        .and_then(|()| file.map_or(Ok(()), |f| set("file", f)))
        .and_then(|()| match spare {
            Some(buffer) => {
                transfer.push(buffer);
                set("spare", buffer)
            }
            None => Ok(()),
        })
        .and_then(|()| worker.post_message_with_transfer(&object, &transfer));
    posted.map_err(|e| format!("the worker refused the request: {e:?}"))
}

/// A worker's message to the page: JSON text, or a read batch's bytes.
pub enum Received {
    Message(FromWorker),
    /// A batch's bytes, and the buffer they came in (to give back to the worker with a later `Next`).
    Batch {
        bytes: Vec<u8>,
        buffer: js_sys::ArrayBuffer,
    },
}

/// Reads a message the page received from a worker.
fn received(e: &MessageEvent) -> Result<Received, String> {
    let data = e.data();
    if let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(Received::Batch {
            bytes: bytes.to_vec(),
            buffer: bytes.buffer(),
        });
    }
    data.as_string()
        .and_then(|t| serde_json::from_str::<FromWorker>(&t).ok())
        .map(Received::Message)
        .ok_or_else(|| "the worker sent an unreadable message".into())
}
