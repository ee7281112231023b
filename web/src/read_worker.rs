//! Reading files with a worker (see [`crate::worker`]): the worker decodes and parses the rows while the page
//! groups them into orders, the two halves of ingestion on two threads as natively (`Ingestor::push_reader`),
//! with the same result (`RowBatch` round trips, tested in the core).
//!
//! The page reads the file in [`CHUNK`]-byte slices and sends each slice's buffer to the worker (transferred,
//! not copied); the worker runs the core's `RowReader` on it and posts the batch of rows back as bytes. The page
//! keeps at most [`WINDOW`] slices with the worker, so neither side piles up data in memory.

use std::cell::RefCell;

use futures::channel::mpsc;
use futures::StreamExt;
use kokyaku_core::ingest::{Field, RowBatch, RowReader};
use kokyaku_core::IngestOptions;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::DedicatedWorkerGlobalScope;

use crate::worker::{self, FromWorker, Listened, Received, ToWorker};

/// Slices the worker may hold that the page has not had back as batches.
const WINDOW: usize = 2;

/// Bytes per slice.
pub const CHUNK: u64 = 4 * 1024 * 1024;

/// How to read a file: the ingestion options, and the file's own column mapping if it has one.
#[derive(Serialize, Deserialize)]
pub struct ReadRequest {
    pub options: IngestOptions,
    pub mapping: Option<Vec<(Field, String)>>,
}

thread_local! {
    /// The reader of the file being read, in the worker.
    static READER: RefCell<Option<RowReader>> = const { RefCell::new(None) };
}

/// Runs in the worker: starts reading a file.
pub fn begin(request: ReadRequest) {
    let reader = RowReader::new(&request.options, request.mapping);
    READER.with(|r| *r.borrow_mut() = Some(reader));
}

/// Runs in the worker: reads the next slice of the file (`None`: the file ended) and posts its batch.
pub fn read(scope: &DedicatedWorkerGlobalScope, slice: Option<&js_sys::ArrayBuffer>) {
    let bytes = slice.map_or_else(Vec::new, |s| js_sys::Uint8Array::new(s).to_vec());
    let mut batch = RowBatch::default();
    let read = READER.with(|r| match r.borrow_mut().as_mut() {
        Some(reader) => {
            reader.push(&bytes, slice.is_none(), &mut batch);
            true
        }
        None => false,
    });
    if !read {
        worker::reply(
            scope,
            &FromWorker::Failed("a slice came before its file".into()),
        );
        return;
    }
    let encoded = js_sys::Uint8Array::from(batch.to_bytes().as_slice());
    let transfer = js_sys::Array::of1(&encoded.buffer());
    if let Err(e) = scope.post_message_with_transfer(&encoded, &transfer) {
        let why = format!("the reading worker could not send rows: {e:?}");
        worker::reply(scope, &FromWorker::Failed(why));
    }
}

/// What the page receives from its reading worker.
enum Arrived {
    Ready,
    Batch(Vec<u8>),
    Failed(String),
}

/// A worker reading files for the page, one after the other. Dropping it stops the worker.
pub struct ReadWorker {
    worker: Listened,
    arrived: mpsc::UnboundedReceiver<Arrived>,
}

impl ReadWorker {
    /// Starts a worker and waits until it listens.
    pub async fn start() -> Result<ReadWorker, String> {
        let (sender, arrived) = mpsc::unbounded();
        let on_message = {
            let sender = sender.clone();
            move |message| {
                let arrived = match message {
                    Ok(Received::Batch(bytes)) => Arrived::Batch(bytes),
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
        let mut started = ReadWorker {
            worker: Listened::new(worker::spawn()?, on_message, on_error),
            arrived,
        };
        // The first message says the worker listens (or why it cannot).
        match started.arrived.next().await {
            Some(Arrived::Ready) => Ok(started),
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
        worker::send(self.worker.worker(), &ToWorker::Read(request))?;
        let size = file.size() as u64;
        let (mut offset, mut with_worker, mut ended) = (0, 0, false);
        loop {
            while with_worker < WINDOW && !ended {
                match offset < size {
                    true => {
                        let end = (offset + CHUNK).min(size);
                        let slice = fetch(file, offset, end).await?;
                        worker::send_slice(self.worker.worker(), Some(&slice))?;
                        offset = end;
                    }
                    false => {
                        worker::send_slice(self.worker.worker(), None)?;
                        ended = true;
                    }
                }
                with_worker += 1;
            }
            if with_worker == 0 {
                return Ok(());
            }
            let bytes = match self.arrived.next().await {
                Some(Arrived::Batch(bytes)) => bytes,
                Some(Arrived::Failed(why)) => return Err(why),
                Some(Arrived::Ready) => return Err("the reading worker started twice".into()),
                None => return Err("the reading worker stopped".into()),
            };
            with_worker -= 1;
            let batch = RowBatch::from_bytes(&bytes)
                .ok_or_else(|| format!("{name}: the reading worker sent unreadable rows"))?;
            // A batch with the error that stopped the reader is the last one: `add` returns that error.
            add(batch).await?;
        }
    }
}

/// The bytes of a slice of `file`.
async fn fetch(file: &web_sys::File, start: u64, end: u64) -> Result<js_sys::ArrayBuffer, String> {
    let slice = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|e| format!("{}: {e:?}", file.name()))?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|e| format!("{}: the file could not be read: {e:?}", file.name()))?;
    Ok(buffer.unchecked_into())
}
