//! What the page and a worker say to each other: the messages, and how each travels. Both sides use this
//! module and it uses neither.
//!
//! The worker posts [`FromWorker::Ready`] (JSON text, like all its messages but the read batches) once it
//! listens; `worker.js` posts `{"failed": …}` if the module cannot start. The page posts objects
//! `{message: <JSON of ToWorker>, file?: File, spare?: ArrayBuffer}` ([`Request`]). Fits answer with
//! [`FromWorker::Progress`] per likelihood evaluation and [`FromWorker::Done`]. Reading: the page sends the
//! file ([`ToWorker::Read`]), then asks for each batch ([`ToWorker::Next`]); the worker reads the file's
//! slices of [`CHUNK`] bytes itself and answers each `Next` with a batch of rows as bytes (a `Uint8Array` at
//! the start of its buffer, [`Received::Batch`]), the file's end with a last batch. The page gives the buffers
//! of batches it has read back to the worker (`spare`, with a later `Next`), which writes later batches into
//! them: a batch then costs a copy, not a fresh buffer whose memory the system must first hand out. JSON
//! round-trips floats exactly (serde_json's `float_roundtrip`).

use kokyaku_core::analysis::ltv::{FitInput, FitProgress, ModelFits};
use kokyaku_core::ingest::{Field, RowBatch};
use kokyaku_core::IngestOptions;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Bytes per slice of a file: the worker reads and parses a file a slice at a time and sends a batch of rows
/// for each, then one for the file's end, so a read has `size.div_ceil(CHUNK) + 1` batches.
pub const CHUNK: u64 = 4 * 1024 * 1024;

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
    /// Read the made-up export the page practises on (see [`crate::practice`]) and send its batch, as for a
    /// file.
    Practice,
}

/// How to read a file: the ingestion options (with whether this file has a header row), and the file's own
/// column mapping if it has one.
#[derive(Serialize, Deserialize)]
pub struct ReadRequest {
    pub options: IngestOptions,
    pub mapping: Option<Vec<(Field, String)>>,
}

/// What a worker tells the page (besides read batches, which are bytes).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker listens.
    Ready,
    /// The fit has evaluated a likelihood once more.
    Progress(FitProgress),
    /// The fit is done.
    Done(Box<ModelFits>),
    /// Why the worker cannot do what it was asked.
    Failed(String),
}

/// A request as posted: the message, and what travels beside it.
pub struct Request<'a> {
    pub message: ToWorker,
    /// The file to read, with [`ToWorker::Read`].
    pub file: Option<&'a web_sys::File>,
    /// A buffer given back for later batches (transferred), with [`ToWorker::Next`].
    pub spare: Option<js_sys::ArrayBuffer>,
}

impl Request<'_> {
    /// A request with nothing beside its message.
    pub fn only(message: ToWorker) -> Request<'static> {
        Request {
            message,
            file: None,
            spare: None,
        }
    }

    /// The object to post and the list of what it transfers.
    pub fn encode(&self) -> Result<(js_sys::Object, js_sys::Array), String> {
        let text = serde_json::to_string(&self.message).map_err(|e| e.to_string())?;
        let object = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&object, &JsValue::from_str(key), value).map(|_| ())
        };
        let transfer = js_sys::Array::new();
        set("message", &JsValue::from_str(&text))
            .and_then(|()| self.file.map_or(Ok(()), |f| set("file", f)))
            .and_then(|()| match &self.spare {
                Some(buffer) => {
                    transfer.push(buffer);
                    set("spare", buffer)
                }
                None => Ok(()),
            })
            .map_err(|e| format!("the request could not be written: {e:?}"))?;
        Ok((object, transfer))
    }
}

/// A request as the worker received it.
pub struct Incoming {
    /// The message, or why it could not be read.
    pub message: Result<ToWorker, String>,
    pub file: Option<web_sys::File>,
    pub spare: Option<js_sys::ArrayBuffer>,
}

impl Incoming {
    /// Reads the data of a message event the worker received.
    pub fn decode(data: &JsValue) -> Incoming {
        let message = js_sys::Reflect::get(data, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .ok_or_else(|| "the page sent no message".to_string())
            .and_then(|t| serde_json::from_str::<ToWorker>(&t).map_err(|e| e.to_string()));
        Incoming {
            message,
            file: field(data, "file"),
            spare: field(data, "spare"),
        }
    }
}

/// The value at `key` of a message's data, if there is one of type `T`.
fn field<T: JsCast>(data: &JsValue, key: &str) -> Option<T> {
    js_sys::Reflect::get(data, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.dyn_into::<T>().ok())
}

/// A reply as posted: its JSON text.
pub fn encode_reply(message: &FromWorker) -> JsValue {
    let text = serde_json::to_string(message).expect("worker messages serialise");
    JsValue::from_str(&text)
}

/// A batch of rows as posted: its byte form ([`RowBatch::to_bytes`]) copied to the start of the buffer
/// `buffer_for` gives for its length, and the view of them to post, which transfers that buffer.
pub fn encode_batch(
    batch: &RowBatch,
    buffer_for: impl FnOnce(u32) -> js_sys::ArrayBuffer,
) -> js_sys::Uint8Array {
    let bytes = batch.to_bytes();
    // Batches are far below 4 GiB (a slice's rows, whose records are at most 64 MB).
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let view = js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer_for(len), 0, len);
    view.copy_from(&bytes);
    view
}

/// The batch of rows the page received ([`Received::Batch`]); `None` if its bytes are not one.
pub fn decode_batch(view: &js_sys::Uint8Array) -> Option<RowBatch> {
    let len = view.length();
    RowBatch::from_byte_source(len as usize, |range, into| {
        let (start, end) = (
            u32::try_from(range.start).ok()?,
            u32::try_from(range.end).ok()?,
        );
        (end <= len && into.len() == range.len()).then(|| view.subarray(start, end).copy_to(into))
    })
}

/// A worker's message to the page: JSON text, or a read batch's bytes.
pub enum Received {
    Message(FromWorker),
    /// A batch of rows, read with [`decode_batch`], at the start of its buffer (which the page gives back to
    /// the worker with a later `Next`).
    Batch(js_sys::Uint8Array),
}

impl Received {
    /// Reads the data of a message event the page received from a worker.
    pub fn decode(data: &JsValue) -> Result<Received, String> {
        if let Some(view) = data.dyn_ref::<js_sys::Uint8Array>() {
            return Ok(Received::Batch(view.clone()));
        }
        data.as_string()
            .and_then(|t| serde_json::from_str::<FromWorker>(&t).ok())
            .map(Received::Message)
            .ok_or_else(|| "the worker sent an unreadable message".into())
    }
}
