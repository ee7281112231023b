//! Reading the user's files (or the bundled sample) into the core, chunk by chunk, with progress.
//!
//! A file is read as `File.slice` pieces of [`CHUNK`] bytes, so a file of any size never needs to be in
//! memory as a whole: in a worker that decodes and parses them into batches of rows (see
//! [`crate::workers::read`]) while the page groups the rows into orders, or, where no worker starts, by the page
//! alone. The page gets a turn to repaint the progress bar at least every [`Pace::TURN_MS`].

use gloo::file::{futures::read_as_bytes, File};
use kokyaku_core::ingest::StatusChoice;
use kokyaku_core::ingest::{Field, IngestError, IngestErrorKind, PushError, RowBatch};
use kokyaku_core::segment::Message;
use kokyaku_core::{IngestOptions, Ingested, Ingestor};
use yew::Callback;

use crate::workers::protocol::{ReadRequest, CHUNK};
use crate::workers::read::page::ReadWorker;

/// Where the bundled sample export is, relative to the page.
pub const SAMPLE_URL: &str = "sample/sample-orders-ec-cube.csv";

/// One input to read.
#[derive(Clone)]
pub enum Input {
    /// A file the user chose or dropped.
    File(File),
    /// The bundled sample, fetched from the page's own folder.
    Sample,
}

/// How one file of a read finds its columns when not as the options say: the user's mapping for it, and
/// whether it has no header row (its first row is data, its columns mapped by number).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileColumns {
    /// The user's `field → column` mapping for the file (columns by number when it has no header row).
    pub mapping: Vec<(Field, String)>,
    /// The file has no header row.
    pub no_header: bool,
}

/// Why the files could not be read, and the choice that would let them be read, if one would.
#[derive(Clone, Debug, PartialEq)]
pub struct Failed {
    pub message: Message,
    pub choice: Option<Choice>,
}

/// What the user can choose for files that stopped for want of it.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// The currency: the ones the files mix, or, for amounts with decimals in files that name none, the
    /// common ones.
    Currency(Vec<String>),
    /// Whether dates with the year last are day first or month first.
    DateOrder,
}

/// Currencies offered for files that name none.
const COMMON_CURRENCIES: [&str; 8] = ["USD", "EUR", "GBP", "CAD", "AUD", "CNY", "KRW", "JPY"];

impl From<Message> for Failed {
    fn from(message: Message) -> Failed {
        Failed {
            message,
            choice: None,
        }
    }
}

/// A failure the core does not type (the browser's, the worker's): its English words, introduced in Japanese.
impl From<String> for Failed {
    fn from(why: String) -> Failed {
        let ja = format!("ブラウザでの読み込み中にエラーが起きました（{why}）");
        Message::new(why, ja).into()
    }
}

impl From<PushError> for Failed {
    fn from(e: PushError) -> Failed {
        match e {
            PushError::Ingest(e) => e.into(),
            io => Message::of(&io).into(),
        }
    }
}

impl From<IngestError> for Failed {
    fn from(e: IngestError) -> Failed {
        let choice = match &e.kind {
            IngestErrorKind::MixedCurrencies(used) => Some(Choice::Currency(
                used.iter().map(|(code, _)| code.clone()).collect(),
            )),
            IngestErrorKind::CurrencyNeeded { .. } => Some(Choice::Currency(
                COMMON_CURRENCIES.iter().map(|c| c.to_string()).collect(),
            )),
            IngestErrorKind::DateOrderNeeded { .. } | IngestErrorKind::DateOrderMixed { .. } => {
                Some(Choice::DateOrder)
            }
            _ => None,
        };
        Failed {
            message: Message::of(&e),
            choice,
        }
    }
}

/// How far reading has come.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Progress {
    pub file: String,
    pub done: u64,
    pub total: u64,
}

/// A finished read, with how long it took.
pub struct Loaded {
    pub data: Ingested,
    /// The statuses the user chose to count or leave out for this read.
    pub statuses: StatusChoice,
    pub names: Vec<String>,
    pub elapsed_ms: f64,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

async fn fetch_sample() -> Result<Vec<u8>, String> {
    let response = gloo::net::http::Request::get(SAMPLE_URL)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("{SAMPLE_URL}: HTTP {}", response.status()));
    }
    response.binary().await.map_err(|e| e.to_string())
}

/// The name shown for an input.
pub fn name(input: &Input) -> String {
    match input {
        Input::File(f) => f.name(),
        Input::Sample => SAMPLE_URL
            .rsplit('/')
            .next()
            .unwrap_or(SAMPLE_URL)
            .to_string(),
    }
}

/// The first `len` bytes of a file, and whether they are the whole file.
pub async fn head(file: &File, len: u64) -> Result<(Vec<u8>, bool), String> {
    let end = file.size().min(len);
    let bytes = read_as_bytes(&file.slice(0, end))
        .await
        .map_err(|e| format!("{}: {e}", file.name()))?;
    Ok((bytes, end == file.size()))
}

async fn yield_to_browser() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

/// The most CSV bytes the page reads at once. Memory grows with the orders read (about 470 bytes per order);
/// 1.09 GB of 13-column order lines took the tab to 2.9 GB, and WebAssembly's memory stops at 4 GB.
const MAX_TOTAL_BYTES: u64 = 1_500_000_000;

/// Why the inputs are too large for a browser tab, if they are.
fn too_large(total: u64) -> Option<Message> {
    (total > MAX_TOTAL_BYTES).then(|| {
        let gb = total as f64 / 1e9;
        Message::new(
            format!(
                "These files total {gb:.2} GB, more than a browser tab can hold (about 1.5 GB of CSV). \
                 Split the export by period, or use the kokyaku command line, which reads files of any size."
            ),
            format!(
                "合計 {gb:.2} GB はブラウザのタブで扱える大きさ（CSV で約 1.5 GB）を超えています。\
                 期間を分けて書き出すか、kokyaku コマンドをお使いください。"
            ),
        )
    })
}

/// Progress reporting while reading, with a turn for the page to repaint now and then.
struct Pace {
    done: u64,
    total: u64,
    progress: Callback<Progress>,
    last_turn: f64,
}

impl Pace {
    /// Longest the page goes without a turn to repaint, in ms.
    const TURN_MS: f64 = 50.0;

    async fn advance(&mut self, file: &str, bytes: u64) {
        self.done += bytes;
        self.progress.emit(Progress {
            file: file.to_string(),
            done: self.done,
            total: self.total,
        });
        if now_ms() - self.last_turn > Self::TURN_MS {
            yield_to_browser().await;
            self.last_turn = now_ms();
        }
    }
}

/// Reads a file with a worker, adding each batch of rows it sends to `ingestor`'s current file.
async fn read_in_worker(
    worker: &mut ReadWorker,
    file: &File,
    request: ReadRequest,
    ingestor: &mut Ingestor,
    pace: &mut Pace,
) -> Result<(), Failed> {
    let name = file.name();
    let add = async |mut batch: RowBatch| -> Result<(), Failed> {
        let read = batch.bytes();
        ingestor.add_batch(&mut batch)?;
        pace.advance(&name, read).await;
        Ok(())
    };
    worker.read(file.as_ref(), request, add).await
}

/// Reads a file on the page's own thread, chunk by chunk.
async fn read_here(file: &File, ingestor: &mut Ingestor, pace: &mut Pace) -> Result<(), Failed> {
    let (name, size) = (file.name(), file.size());
    let mut offset = 0;
    while offset < size {
        let end = (offset + CHUNK).min(size);
        let bytes = read_as_bytes(&file.slice(offset, end))
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        ingestor.push(&bytes)?;
        pace.advance(&name, end - offset).await;
        offset = end;
    }
    Ok(())
}

/// Reads every input into one dataset with the given options, reporting progress after each chunk. An input
/// with `Some` at its position in `columns` is read with that column mapping, with or without a header row,
/// instead of as the options say. Files are read in a worker while the page groups the rows into orders;
/// where no worker can start, the page reads them itself.
pub async fn load(
    inputs: Vec<Input>,
    options: IngestOptions,
    columns: Vec<Option<FileColumns>>,
    progress: Callback<Progress>,
) -> Result<Loaded, Failed> {
    let started = now_ms();
    let mut sample = None;
    if inputs.iter().any(|i| matches!(i, Input::Sample)) {
        sample = Some(fetch_sample().await?);
    }
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::File(f) => f.size(),
            Input::Sample => sample.as_ref().map_or(0, |s| s.len() as u64),
        })
        .sum();
    if let Some(why) = too_large(total) {
        return Err(why.into());
    }
    let mut worker = match inputs.iter().any(|i| matches!(i, Input::File(_))) {
        true => ReadWorker::take().await,
        false => None,
    };
    let mut ingestor = Ingestor::new(options.clone())?;
    let mut pace = Pace {
        done: 0,
        total,
        progress,
        last_turn: now_ms(),
    };
    let mut names = Vec::new();
    let mut columns = columns.into_iter();
    for input in inputs {
        let name = name(&input);
        let (mapping, no_header) = match columns.next().flatten() {
            Some(own) => (Some(own.mapping), own.no_header),
            None => (None, options.no_header),
        };
        ingestor.begin_file_as(&name, mapping.clone(), no_header)?;
        if let Input::File(file) = &input {
            ingestor.expect_bytes(file.size());
        }
        match (input, worker.as_mut()) {
            (Input::File(file), Some(worker)) => {
                let options = IngestOptions {
                    no_header,
                    ..options.clone()
                };
                let request = ReadRequest { options, mapping };
                read_in_worker(worker, &file, request, &mut ingestor, &mut pace).await?;
            }
            (Input::File(file), None) => read_here(&file, &mut ingestor, &mut pace).await?,
            (Input::Sample, _) => {
                for chunk in sample.as_deref().unwrap_or_default().chunks(CHUNK as usize) {
                    ingestor.push(chunk)?;
                    pace.advance(&name, chunk.len() as u64).await;
                }
            }
        }
        ingestor.end_file()?;
        names.push(name);
    }
    // Every read ended: the worker can serve the next load.
    if let Some(worker) = worker {
        worker.keep();
    }
    let data = ingestor.finish()?;
    Ok(Loaded {
        data,
        statuses: options.statuses,
        names,
        elapsed_ms: now_ms() - started,
    })
}
