//! The reading worker's page side: the page sends the file to the worker and asks for its batches of rows, at
//! most [`WINDOW`] ahead of the one it groups into orders, so neither side piles up data in memory. The worker
//! is started ahead of the first read ([`prepare`]) and kept between reads.

use std::cell::RefCell;

use futures::channel::{mpsc, oneshot};
use futures::StreamExt;
use kokyaku_core::ingest::RowBatch;

use crate::timing;
use crate::workers::page::{spawn, Listened};
use crate::workers::protocol::{
    decode_batch, FromWorker, ReadRequest, Received, Request, ToWorker, CHUNK,
};

/// Batches the page may have asked for and not yet received.
const WINDOW: u64 = 3;

/// What the page receives from its reading worker.
enum Arrived {
    Ready,
    Batch(js_sys::Uint8Array),
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
        self.worker.post(&Request::only(ToWorker::Practice))?;
        match self.arrived.next().await {
            Some(Arrived::Batch(view)) => decode_batch(&view)
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
                    Ok(Received::Batch(view)) => Arrived::Batch(view),
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
            worker: Listened::new(spawn()?, on_message, on_error),
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
    pub async fn read<E: From<String>>(
        &mut self,
        file: &web_sys::File,
        request: ReadRequest,
        mut add: impl AsyncFnMut(RowBatch) -> Result<(), E>,
    ) -> Result<(), E> {
        let name = file.name();
        self.worker.post(&Request {
            message: ToWorker::Read(request),
            file: Some(file),
            spare: None,
        })?;
        // A batch per slice, then the file's end's.
        let batches = (file.size() as u64).div_ceil(CHUNK) + 1;
        let (mut asked, mut received) = (0, 0);
        // Buffers of batches read, given back to the worker for its next ones.
        let mut spare = Vec::new();
        loop {
            while asked < batches && asked - received < WINDOW {
                self.worker.post(&Request {
                    message: ToWorker::Next,
                    file: None,
                    spare: spare.pop(),
                })?;
                asked += 1;
            }
            if received == batches {
                return Ok(());
            }
            let view = match self.arrived.next().await {
                Some(Arrived::Batch(view)) => view,
                Some(Arrived::Failed(why)) => return Err(why.into()),
                Some(Arrived::Ready) => {
                    return Err(String::from("the reading worker started twice").into())
                }
                None => return Err(String::from("the reading worker stopped").into()),
            };
            received += 1;
            // Each batch's decoding is measured (`kokyaku:batch-decode`, its length as the detail).
            let start = timing::now();
            let batch = decode_batch(&view);
            timing::measure("kokyaku:batch-decode", start, view.length());
            // Read: its buffer can go back.
            spare.push(view.buffer());
            let batch =
                batch.ok_or_else(|| format!("{name}: the reading worker sent unreadable rows"))?;
            // A batch with the error that stopped the reader is the last one: `add` returns that error.
            add(batch).await?;
        }
    }
}
