//! The reading worker's side: reads the file the page sent a slice at a time, the next [`READ_AHEAD`] slices
//! already being read while it parses one, runs the core's `RowReader` on each and posts the batch of rows
//! back as bytes. It reads a slice only when the page asks for a batch.

use std::cell::RefCell;
use std::collections::VecDeque;

use futures::channel::mpsc;
use futures::StreamExt;
use kokyaku_core::ingest::{RowBatch, RowReader};
use kokyaku_core::IngestOptions;
use kokyaku_gen::{Format, GenOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::DedicatedWorkerGlobalScope;

use crate::timing;
use crate::workers::protocol::{encode_batch, FromWorker, ReadRequest, CHUNK};
use crate::workers::serve::reply;

/// Slices the worker reads ahead of the one it parses: the browser hands a file's bytes over in many small
/// pieces, so a read takes about as long as parsing a slice.
const READ_AHEAD: usize = 3;

/// Orders of the made-up export the worker reads to practise: enough for the browser to find the hot
/// functions (about 29,000 lines, 4 MB).
const PRACTICE_ORDERS: usize = 20_000;

thread_local! {
    /// Where the page's asks for the next batch go, while a file is being read.
    static ASKED: RefCell<Option<mpsc::UnboundedSender<()>>> = const { RefCell::new(None) };
    /// Buffers the page gave back, for the worker's next batches.
    static SPARE: RefCell<Vec<js_sys::ArrayBuffer>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a buffer the page gave back for a later batch.
pub fn keep_spare(buffer: js_sys::ArrayBuffer) {
    SPARE.with(|s| s.borrow_mut().push(buffer));
}

/// A buffer of at least `len` bytes: a spare one if one is large enough, else a new one with room for
/// somewhat larger batches (so that it can be used again). Spares too small for this batch are let go, so
/// that they do not pile up while batches grow.
fn buffer_for(len: u32) -> js_sys::ArrayBuffer {
    let spare = SPARE.with(|s| {
        let mut spare = s.borrow_mut();
        spare.retain(|b| b.byte_length() >= len);
        spare.pop()
    });
    spare.unwrap_or_else(|| {
        const ROUNDING: u32 = 1 << 16;
        let room = len.saturating_add(len / 4).div_ceil(ROUNDING) * ROUNDING;
        js_sys::ArrayBuffer::new(room)
    })
}

/// Starts reading `file`, one slice for each [`next`].
pub fn begin(scope: &DedicatedWorkerGlobalScope, request: ReadRequest, file: web_sys::File) {
    let mut reader = RowReader::new(&request.options, request.mapping);
    // Each slice is read into this batch, emptied after it is sent: its buffers keep their size from one
    // slice to the next instead of growing again for each.
    let mut batch = RowBatch::default();
    let (asks, mut asked) = mpsc::unbounded::<()>();
    // Replacing the sender of an earlier file's reading ends it.
    ASKED.with(|a| *a.borrow_mut() = Some(asks));
    let scope = scope.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let failed = |why: String| reply(&scope, &FromWorker::Failed(why));
        let (name, size) = (file.name(), file.size() as u64);
        // Slices being read ahead of the page's asks, in order, and where the next one starts.
        let mut ahead = VecDeque::new();
        let mut start = 0;
        while asked.next().await.is_some() {
            while ahead.len() < READ_AHEAD {
                match read_slice(&file, start, size) {
                    Ok(Some((reading, end))) => {
                        ahead.push_back(reading);
                        start = end;
                    }
                    Ok(None) => break,
                    Err(why) => return failed(why),
                }
            }
            let Some(reading) = ahead.pop_front() else {
                return read(&scope, &mut reader, &mut batch, None);
            };
            match reading.await {
                Ok(slice) => read(&scope, &mut reader, &mut batch, Some(slice.unchecked_ref())),
                Err(e) => return failed(format!("{name}: the file could not be read: {e:?}")),
            }
        }
    });
}

/// The page asks for the next batch of the file being read.
pub fn next() {
    ASKED.with(|a| {
        if let Some(asks) = a.borrow().as_ref() {
            let _ = asks.unbounded_send(());
        }
    });
}

/// Reads the made-up export of the page's practice (see [`crate::practice`]) as the user's files are read, and
/// posts its batch: a generic export from the project's generator of realistic exports (returning customers,
/// multi-line orders, cancellations, a few malformed rows).
pub fn practise(scope: &DedicatedWorkerGlobalScope) {
    let options = GenOptions {
        format: Format::Generic,
        orders: PRACTICE_ORDERS,
        seed: 1,
    };
    let mut csv = Vec::new();
    // Writing to a `Vec` cannot fail.
    let _ = kokyaku_gen::generate(&options, &mut csv);
    let mut batch = RowBatch::default();
    RowReader::new(&IngestOptions::default(), None).push(&csv, true, &mut batch);
    post_batch(scope, &batch);
}

/// Reads the next slice of the file (`None`: the file ended) into `batch` and posts it.
fn read(
    scope: &DedicatedWorkerGlobalScope,
    reader: &mut RowReader,
    batch: &mut RowBatch,
    slice: Option<&js_sys::ArrayBuffer>,
) {
    let bytes = slice.map_or_else(Vec::new, |s| js_sys::Uint8Array::new(s).to_vec());
    batch.clear();
    reader.push(&bytes, slice.is_none(), batch);
    post_batch(scope, batch);
}

/// Posts a batch to the page, in a buffer the page gave back if one is large enough.
/// Each batch's encoding is measured (`kokyaku:batch-encode`, its length as the detail, see [`timing`]).
fn post_batch(scope: &DedicatedWorkerGlobalScope, batch: &RowBatch) {
    let start = timing::now();
    let view = encode_batch(batch, buffer_for);
    timing::measure("kokyaku:batch-encode", start, view.length());
    if let Err(e) = scope.post_message_with_transfer(&view, &js_sys::Array::of1(&view.buffer())) {
        let why = format!("the reading worker could not send rows: {e:?}");
        reply(scope, &FromWorker::Failed(why));
    }
}

/// Starts reading the slice of `file` from `start` (of at most [`CHUNK`] bytes): the read, which goes on
/// whether or not it is awaited, and where the slice ends; `None` past the end of the file.
fn read_slice(
    file: &web_sys::File,
    start: u64,
    size: u64,
) -> Result<Option<(JsFuture, u64)>, String> {
    if start >= size {
        return Ok(None);
    }
    let end = (start + CHUNK).min(size);
    let slice = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|e| format!("{}: {e:?}", file.name()))?;
    Ok(Some((JsFuture::from(slice.array_buffer()), end)))
}
