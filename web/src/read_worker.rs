//! Reading files with a worker (see [`crate::worker`]): the worker decodes and parses the rows while the page
//! groups them into orders, the two halves of ingestion on two threads as natively (`Ingestor::push_reader`),
//! with the same result (`RowBatch` round trips, tested in the core).
//!
//! The page sends the file to the worker, which reads it in [`CHUNK`]-byte slices (the next [`READ_AHEAD`]
//! already being read while it parses one), runs the core's `RowReader` on each and posts the batch of rows back as bytes.
//! The worker reads a slice only when the page asks for a batch, and the page asks for at most [`WINDOW`]
//! batches ahead of the one it groups, so neither side piles up data in memory. Reading the file in the
//! worker keeps the browser's work of handing over the file's bytes off the page, the busier of the two.

use std::cell::RefCell;

use futures::channel::{mpsc, oneshot};
use futures::StreamExt;
use kokyaku_core::ingest::{Field, RowBatch, RowReader};
use kokyaku_core::IngestOptions;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::DedicatedWorkerGlobalScope;

use crate::worker::{self, FromWorker, Listened, Received, ToWorker};

/// Batches the page may have asked for and not yet received.
const WINDOW: u64 = 3;

/// Slices the worker reads ahead of the one it parses: the browser hands a file's bytes over in many small
/// pieces, so a read takes about as long as parsing a slice.
const READ_AHEAD: usize = 3;

/// Bytes per slice.
pub const CHUNK: u64 = 4 * 1024 * 1024;

/// How to read a file: the ingestion options (with whether this file has a header row), and the file's own
/// column mapping if it has one.
#[derive(Serialize, Deserialize)]
pub struct ReadRequest {
    pub options: IngestOptions,
    pub mapping: Option<Vec<(Field, String)>>,
}

thread_local! {
    /// Where the page's asks for the next batch go, while a file is being read.
    static ASKED: RefCell<Option<mpsc::UnboundedSender<()>>> = const { RefCell::new(None) };
    /// Buffers the page gave back, for the worker's next batches.
    static SPARE: RefCell<Vec<js_sys::ArrayBuffer>> = const { RefCell::new(Vec::new()) };
}

/// Runs in the worker: keeps a buffer the page gave back for a later batch.
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

/// Runs in the worker: starts reading `file`, one slice for each [`next`].
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
        let failed = |why: String| worker::reply(&scope, &FromWorker::Failed(why));
        let (name, size) = (file.name(), file.size() as u64);
        // Slices being read ahead of the page's asks, in order, and where the next one starts.
        let mut ahead = std::collections::VecDeque::new();
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

/// Runs in the worker: the page asks for the next batch of the file being read.
pub fn next() {
    ASKED.with(|a| {
        if let Some(asks) = a.borrow().as_ref() {
            let _ = asks.unbounded_send(());
        }
    });
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

/// Runs in the worker: posts a batch to the page, in a buffer the page gave back if one is large enough.
pub fn post_batch(scope: &DedicatedWorkerGlobalScope, batch: &RowBatch) {
    let bytes = batch.to_bytes();
    // Batches are far below 4 GiB (a slice's rows, whose records are at most 64 MB).
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let buffer = buffer_for(len);
    let encoded = js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, 0, len);
    encoded.copy_from(&bytes);
    if let Err(e) = scope.post_message_with_transfer(&encoded, &js_sys::Array::of1(&buffer)) {
        let why = format!("the reading worker could not send rows: {e:?}");
        worker::reply(scope, &FromWorker::Failed(why));
    }
}

/// What the page receives from its reading worker.
enum Arrived {
    Ready,
    Batch(Vec<u8>, js_sys::ArrayBuffer),
    Failed(String),
}

/// The page's reading worker between reads.
enum Idle {
    /// Being started by [`prepare`]: it comes through the channel once it has practised (or the channel
    /// closes if it cannot start).
    Preparing(oneshot::Receiver<ReadWorker>),
    Ready(ReadWorker),
}

thread_local! {
    static IDLE: RefCell<Option<Idle>> = const { RefCell::new(None) };
}

/// Starts the reading worker of the page's first read ahead of it, so that the read does not wait for the
/// worker to load the app's module, and has it and the page practise (see [`crate::practice`]). Does nothing
/// when a worker is kept already or none can start.
pub fn prepare() {
    if IDLE.with(|w| w.borrow().is_some()) {
        return;
    }
    let Ok(mut worker) = ReadWorker::spawn() else {
        return;
    };
    let (ready, preparing) = oneshot::channel();
    IDLE.with(|w| *w.borrow_mut() = Some(Idle::Preparing(preparing)));
    wasm_bindgen_futures::spawn_local(async move {
        if worker.listening().await.is_err() {
            return;
        }
        match worker.practise().await {
            Ok(batch) => crate::practice::rehearse(batch),
            Err(_) => return,
        }
        let _ = ready.send(worker);
    });
}

/// A worker reading files for the page, one after the other. Dropping it stops the worker.
pub struct ReadWorker {
    worker: Listened,
    arrived: mpsc::UnboundedReceiver<Arrived>,
}

impl ReadWorker {
    /// A reading worker for the next read: the one kept from the last read or started by [`prepare`], else a
    /// new one; `None` when no worker can start (the page then reads alone).
    pub async fn take() -> Option<ReadWorker> {
        let kept = match IDLE.with(|w| w.borrow_mut().take()) {
            Some(Idle::Ready(worker)) => Some(worker),
            Some(Idle::Preparing(preparing)) => preparing.await.ok(),
            None => None,
        };
        if kept.is_some() {
            return kept;
        }
        let mut worker = ReadWorker::spawn().ok()?;
        worker.listening().await.ok()?;
        Some(worker)
    }

    /// Keeps a worker whose reads all ended for the next read.
    pub fn keep(self) {
        IDLE.with(|w| *w.borrow_mut() = Some(Idle::Ready(self)));
    }

    /// Has the worker read the made-up export; its batch.
    async fn practise(&mut self) -> Result<RowBatch, String> {
        worker::send(self.worker.worker(), &ToWorker::Practice)?;
        match self.arrived.next().await {
            Some(Arrived::Batch(bytes, _)) => RowBatch::from_bytes(&bytes)
                .ok_or_else(|| "the reading worker sent unreadable rows".to_string()),
            Some(Arrived::Failed(why)) => Err(why),
            _ => Err("the reading worker did not practise".into()),
        }
    }

    /// Starts a worker, without waiting for it to listen.
    fn spawn() -> Result<ReadWorker, String> {
        let (sender, arrived) = mpsc::unbounded();
        let on_message = {
            let sender = sender.clone();
            move |message| {
                let arrived = match message {
                    Ok(Received::Batch { bytes, buffer }) => Arrived::Batch(bytes, buffer),
                    Ok(Received::Message(FromWorker::Ready)) => Arrived::Ready,
                    Ok(Received::Message(FromWorker::Failed(why))) => Arrived::Failed(why),
                    Ok(Received::Message(_)) => {
                        Arrived::Failed("the reading worker sent a fit message".into())
                    }
                    Err(why) => Arrived::Failed(why),
                };
                let _ = sender.unbounded_send(arrived);
            }
        };
        let on_error = move |why| {
            let why = format!("the reading worker failed: {why}");
            let _ = sender.unbounded_send(Arrived::Failed(why));
        };
        Ok(ReadWorker {
            worker: Listened::new(worker::spawn()?, on_message, on_error),
            arrived,
        })
    }

    /// Waits for the worker's first message, which says that it listens (or why it cannot).
    async fn listening(&mut self) -> Result<(), String> {
        match self.arrived.next().await {
            Some(Arrived::Ready) => Ok(()),
            Some(Arrived::Failed(why)) => Err(why),
            _ => Err("the reading worker did not start".into()),
        }
    }

    /// Reads `file` with the worker: `add` gets each batch of rows in order, the last one after the file's end.
    pub async fn read(
        &mut self,
        file: &web_sys::File,
        request: ReadRequest,
        mut add: impl AsyncFnMut(RowBatch) -> Result<(), String>,
    ) -> Result<(), String> {
        let name = file.name();
        worker::send_read(self.worker.worker(), request, file)?;
        // A batch per slice, then the file's end's.
        let batches = (file.size() as u64).div_ceil(CHUNK) + 1;
        let (mut asked, mut received) = (0, 0);
        // Buffers of batches read, given back to the worker for its next ones.
        let mut spare = Vec::new();
        loop {
            while asked < batches && asked - received < WINDOW {
                worker::send_next(self.worker.worker(), spare.pop().as_ref())?;
                asked += 1;
            }
            if received == batches {
                return Ok(());
            }
            let bytes = match self.arrived.next().await {
                Some(Arrived::Batch(bytes, buffer)) => {
                    spare.push(buffer);
                    bytes
                }
                Some(Arrived::Failed(why)) => return Err(why),
                Some(Arrived::Ready) => return Err("the reading worker started twice".into()),
                None => return Err("the reading worker stopped".into()),
            };
            received += 1;
            let batch = RowBatch::from_bytes(&bytes)
                .ok_or_else(|| format!("{name}: the reading worker sent unreadable rows"))?;
            // A batch with the error that stopped the reader is the last one: `add` returns that error.
            add(batch).await?;
        }
    }
}

/// Starts reading the slice of `file` from `start` (of at most [`CHUNK`] bytes), in the worker: the read,
/// which goes on whether or not it is awaited, and where the slice ends; `None` past the end of the file.
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
