//! The page's side of every worker: starting one under the page's Content-Security-Policy ([`spawn`]),
//! listening to it ([`Listened`]) and posting requests to it ([`post`]).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, ErrorEvent, Event, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};

use super::protocol::{Received, Request};

/// The worker's script, one of the app's files (see [`crate::assets`]).
const SCRIPT: &str = "worker.js";

/// The script a worker starts from (`{script}`: the JSON string of `worker.js`'s absolute URL). It imports the
/// app's worker script, or tells the page why it could not, as `worker.js` does when the module fails.
const START: &str = concat!(
    "import({script}).catch((e) => ",
    "postMessage(JSON.stringify({ failed: 'the worker could not start: ' + e })));"
);

/// Starts a worker running the app's module, bound by the page's Content-Security-Policy.
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

/// Posts a request to a worker.
pub fn post(worker: &Worker, request: &Request) -> Result<(), String> {
    let (object, transfer) = request.encode()?;
    worker
        .post_message_with_transfer(&object, &transfer)
        .map_err(|e| format!("the worker refused the request: {e:?}"))
}

/// A worker the page started, with its listeners. Dropping it detaches them and stops the worker: no
/// listener runs after that.
pub struct Listened {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Listened {
    /// Listens to `worker`: `on_message` hears each of its messages, `on_error` why the worker failed.
    pub fn new(
        worker: Worker,
        mut on_message: impl FnMut(Result<Received, String>) + 'static,
        mut on_error: impl FnMut(String) + 'static,
    ) -> Listened {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on_message(Received::decode(&e.data()))
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

    /// Posts a request to the worker.
    pub fn post(&self, request: &Request) -> Result<(), String> {
        post(&self.worker, request)
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
