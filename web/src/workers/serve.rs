//! The worker's side of every worker: [`serve`] answers the page's requests, handing each to the reading
//! ([`super::read::worker`]) or the fitting ([`super::fit::worker`]) side.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::protocol::{encode_reply, FromWorker, Incoming, ToWorker};
use super::{fit, read};

/// Posts a message to the page.
pub fn reply(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    // Posting a string to the page cannot fail.
    let _ = scope.post_message(&encode_reply(message));
}

/// Runs in the worker: answers the page's messages, after saying that it listens.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let incoming = Incoming::decode(&e.data());
        if let Some(spare) = incoming.spare {
            read::worker::keep_spare(spare);
        }
        match incoming.message {
            Ok(ToWorker::Fit(input)) => fit::worker::answer(&replies, &input),
            Ok(ToWorker::Read(request)) => match incoming.file {
                Some(file) => read::worker::begin(&replies, request, file),
                None => reply(
                    &replies,
                    &FromWorker::Failed("the page sent no file".into()),
                ),
            },
            Ok(ToWorker::Next) => read::worker::next(),
            Ok(ToWorker::Practice) => read::worker::practise(&replies),
            Err(why) => reply(&replies, &FromWorker::Failed(format!("bad request: {why}"))),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    reply(&scope, &FromWorker::Ready);
}
