//! Reading one file on two threads that share the work (natively; see [`Ingestor::push_reader`]).
//!
//! The file is cut into blocks that end at a line break. Either thread takes the next block and parses it
//! with a reader resumed at the block's first line, guessing that the block starts a record; the grouping
//! thread adds the blocks in file order and checks each guess: it holds when the reader of the block before
//! ended between two records. When it does not (a quoted field ran over the cut), the block is parsed again,
//! on from that reader, exactly as one reader going through the file would. Either way the rows, their line
//! numbers and every error are those of one reader.
//!
//! [`Ingestor::push_reader`]: super::Ingestor::push_reader

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

use super::batch::RowBatch;
use super::reader::RowReader;
use crate::text::count_byte;

/// Blocks cut but not yet taken to be added: while one is added, the other thread parses the next one and
/// this one, done adding, the one after.
const MAX_AHEAD: usize = 4;

/// A part of the file.
pub(super) struct Block {
    /// The block's bytes are `buffer[..len]`.
    buffer: Vec<u8>,
    len: usize,
    /// 1-based line where the block starts.
    pub line: u64,
    /// Bytes of the file before it.
    pub offset: u64,
    /// Whether the block starts at a line's start (it does unless the block before had no line break).
    pub starts_line: bool,
}

impl Block {
    pub fn bytes(&self) -> &[u8] {
        &self.buffer[..self.len]
    }

    /// The block's memory, for another block.
    pub fn into_buffer(self) -> Vec<u8> {
        self.buffer
    }
}

/// Cuts a source into blocks of about `chunk` bytes that end at a line break, in order.
struct Cutter<'s, R> {
    source: &'s mut R,
    chunk: usize,
    /// The start of the line the last block's bytes ended in.
    carry: Vec<u8>,
    line: u64,
    offset: u64,
    starts_line: bool,
    done: bool,
}

impl<R: Read> Cutter<'_, R> {
    /// The next block, in the memory of `buffer` (another block's, whose bytes are written over: only its
    /// growth is zeroed); `None` at the end of the source.
    fn next(&mut self, mut buffer: Vec<u8>) -> Option<std::io::Result<Block>> {
        if self.done {
            return None;
        }
        let mut len = self.carry.len();
        if buffer.len() < len {
            buffer.resize(len, 0);
        }
        buffer[..len].copy_from_slice(&self.carry);
        self.carry.clear();
        let mut cut_at_break = true;
        loop {
            if buffer.len() < len + self.chunk {
                buffer.resize(len + self.chunk, 0);
            }
            match self.source.read(&mut buffer[len..len + self.chunk]) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(n) => {
                    let end = match memchr::memrchr(b'\n', &buffer[len..len + n]) {
                        Some(i) => len + i + 1,
                        // A line longer than a chunk: more of it, up to a few chunks, then cut anywhere.
                        None if len + n < 4 * self.chunk => {
                            len += n;
                            continue;
                        }
                        None => {
                            cut_at_break = false;
                            len + n
                        }
                    };
                    self.carry.extend_from_slice(&buffer[end..len + n]);
                    len = end;
                    break;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        if len == 0 {
            return None;
        }
        let block = Block {
            buffer,
            len,
            line: self.line,
            offset: self.offset,
            starts_line: self.starts_line,
        };
        self.line += count_byte(b'\n', block.bytes());
        self.offset += len as u64;
        self.starts_line = cut_at_break;
        Some(Ok(block))
    }
}

/// A block with what the thread that took it read from it: its batch and the reader after it, unless the
/// block does not start a line (only a reader going on from the block before reads it then).
pub(super) struct Parsed {
    pub block: Block,
    pub read: Option<(RowBatch, RowReader)>,
}

/// What both threads share.
struct State<'s, R> {
    cutter: Cutter<'s, R>,
    /// Blocks cut so far, and added so far.
    cut: usize,
    added: usize,
    parsed: BTreeMap<usize, Parsed>,
    /// The read error that ended the source, and the number the next block would have had.
    failed: Option<(usize, std::io::Error)>,
    /// The grouping thread stopped (an error): the other one stops too.
    stop: bool,
    /// The parsing thread panicked (a bug that its join passes on): the block it took will not come.
    parser_gone: bool,
    /// Emptied buffers and batches, for the next blocks.
    buffers: Vec<Vec<u8>>,
    batches: Vec<RowBatch>,
    /// Readers' buffers of decoded text.
    texts: Vec<String>,
    /// Readers done with, whose parts the next blocks' readers take.
    spares: Vec<RowReader>,
}

impl<R> State<'_, R> {
    /// Whether a block may be cut: the source goes on and not too many blocks wait to be added.
    fn can_cut(&self) -> bool {
        !self.cutter.done && self.cut - self.added < MAX_AHEAD
    }
}

/// The blocks of one file and the two threads' way to them.
pub(super) struct Blocks<'s, R> {
    state: Mutex<State<'s, R>>,
    changed: Condvar,
    /// The reader every block's reader is resumed from, once the header row is read: until then the grouping
    /// thread reads each block on from the one before.
    template: OnceLock<RowReader>,
}

/// What [`Blocks::next_to_add`] gives the grouping thread.
pub(super) enum Next {
    Block(Box<Parsed>),
    Failed(std::io::Error),
    End,
}

impl<'s, R: Read + Send> Blocks<'s, R> {
    /// The blocks of `source`, cut into about `chunk` bytes each.
    pub fn new(source: &'s mut R, chunk: usize) -> Self {
        Blocks {
            state: Mutex::new(State {
                cutter: Cutter {
                    source,
                    chunk: chunk.max(1),
                    carry: Vec::new(),
                    line: 1,
                    offset: 0,
                    starts_line: true,
                    done: false,
                },
                cut: 0,
                added: 0,
                parsed: BTreeMap::new(),
                failed: None,
                stop: false,
                parser_gone: false,
                buffers: Vec::new(),
                batches: Vec::new(),
                texts: Vec::new(),
                spares: Vec::new(),
            }),
            changed: Condvar::new(),
            template: OnceLock::new(),
        }
    }

    /// Sets the reader the blocks' readers are resumed from, once its header row is read (later calls do
    /// nothing).
    pub fn set_template(&self, reader: &RowReader) {
        if self.template.get().is_none() {
            if let Some(template) = reader.resumed_at(1, 0, None) {
                let _ = self.template.set(template);
                // Under the lock, so that the other thread is either still to look or already waiting.
                let _state = self.lock();
                self.changed.notify_all();
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<'s, R>> {
        // A panic while the lock is held is a bug that the thread's join passes on.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Cuts the next block if there is one and it is not too far ahead, and parses it without the lock.
    /// Returns whether it did.
    fn take_and_parse(&self, mut state: MutexGuard<'_, State<'s, R>>) -> bool {
        if state.stop || !state.can_cut() {
            return false;
        }
        let buffer = state.buffers.pop().unwrap_or_default();
        let number = state.cut;
        let block = match state.cutter.next(buffer) {
            None => {
                drop(state);
                self.changed.notify_all();
                return true;
            }
            Some(Err(e)) => {
                state.failed = Some((number, e));
                drop(state);
                self.changed.notify_all();
                return true;
            }
            Some(Ok(block)) => block,
        };
        state.cut += 1;
        let mut batch = state.batches.pop().unwrap_or_default();
        let text = state.texts.pop().unwrap_or_default();
        let spare = state.spares.pop();
        drop(state);
        let resumed = match (block.starts_line, self.template.get()) {
            (true, Some(template)) => template.resumed_at(block.line, block.offset, spare),
            _ => None,
        };
        let (read, text) = match resumed {
            Some(mut reader) => {
                reader.swap_buffer(text);
                reader.push(block.bytes(), false, &mut batch);
                let text = reader.swap_buffer(String::new());
                (Some((batch, reader)), text)
            }
            None => (None, text),
        };
        let mut state = self.lock();
        state.parsed.insert(number, Parsed { block, read });
        state.texts.push(text);
        drop(state);
        self.changed.notify_all();
        true
    }

    /// The other thread's work: parse blocks until there are none or the grouping stops.
    pub fn parse_ahead(&self) {
        let _gone = ParserGone(self);
        loop {
            let state = self.lock();
            if state.stop || state.cutter.done {
                return;
            }
            if self.template.get().is_none() {
                // Until the header row is read, the grouping thread reads each block on from the one before.
                drop(self.changed.wait(state));
                continue;
            }
            if !self.take_and_parse(state) {
                let state = self.lock();
                if !state.stop && !state.cutter.done && !state.can_cut() {
                    // Far enough ahead: wait for the grouping thread to add a block.
                    drop(self.changed.wait(state));
                }
            }
        }
    }

    /// The grouping thread's next block in file order, parsing blocks itself while the next one is not ready.
    pub fn next_to_add(&self) -> Next {
        loop {
            let mut state = self.lock();
            let number = state.added;
            if let Some(parsed) = state.parsed.remove(&number) {
                state.added += 1;
                drop(state);
                self.changed.notify_all();
                return Next::Block(Box::new(parsed));
            }
            if state.failed.as_ref().is_some_and(|(n, _)| *n == number) {
                let (_, e) = state.failed.take().expect("checked just above");
                return Next::Failed(e);
            }
            if state.cutter.done && state.cut == number {
                return Next::End;
            }
            if !self.take_and_parse(state) {
                let state = self.lock();
                if state.parser_gone && !state.parsed.contains_key(&state.added) {
                    return Next::End;
                }
                let ready = state.parsed.contains_key(&state.added)
                    || state.failed.is_some()
                    || state.cutter.done && state.cut == state.added
                    || state.can_cut();
                if !ready {
                    // The other thread is parsing the next block.
                    drop(self.changed.wait(state));
                }
            }
        }
    }

    /// Gives back a block's buffer, its emptied batch and a reader done with, for the next blocks.
    pub fn recycle(&self, bytes: Vec<u8>, batch: RowBatch, spare: Option<RowReader>) {
        let mut state = self.lock();
        state.buffers.push(bytes);
        state.batches.push(batch);
        state.spares.extend(spare);
    }

    /// Stops the other thread (the grouping ended early).
    pub fn stop(&self) {
        self.lock().stop = true;
        self.changed.notify_all();
    }
}

/// Stops the parsing thread when dropped: however the grouping thread leaves [`Blocks::next_to_add`]'s loop
/// (a panic included), the other thread does not wait for it forever.
pub(super) struct StopParsing<'b, 's, R: Read + Send>(pub &'b Blocks<'s, R>);

impl<R: Read + Send> Drop for StopParsing<'_, '_, R> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Tells the grouping thread, when the parsing thread panics, that the block it took will not come, so that it
/// does not wait for it forever.
struct ParserGone<'b, 's, R: Read + Send>(&'b Blocks<'s, R>);

impl<R: Read + Send> Drop for ParserGone<'_, '_, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().parser_gone = true;
            self.0.changed.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Yields `bytes` at most `piece` bytes per read, interrupted once before the first, and failing at
    /// `fail_at` bytes if given.
    struct Source {
        bytes: Vec<u8>,
        at: usize,
        piece: usize,
        interrupted: bool,
        fail_at: Option<usize>,
        /// Panic once at `fail_at` instead of failing, then read on.
        panics: bool,
    }

    impl Source {
        fn new(text: &str, piece: usize) -> Source {
            Source {
                bytes: text.as_bytes().to_vec(),
                at: 0,
                piece,
                interrupted: false,
                fail_at: None,
                panics: false,
            }
        }
    }

    impl Read for Source {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if !self.interrupted {
                self.interrupted = true;
                return Err(ErrorKind::Interrupted.into());
            }
            if self.fail_at.is_some_and(|f| self.at >= f) {
                if self.panics {
                    // Once: the other thread reads on.
                    self.panics = false;
                    panic!("a reader with a bug");
                }
                return Err(std::io::Error::other("the disk went away"));
            }
            let end = self.bytes.len().min(self.at + self.piece.min(buf.len()));
            let n = end - self.at;
            buf[..n].copy_from_slice(&self.bytes[self.at..end]);
            self.at = end;
            Ok(n)
        }
    }

    fn cut(source: &mut Source, chunk: usize) -> Vec<(Vec<u8>, u64, u64, bool)> {
        let mut cutter = Cutter {
            source,
            chunk,
            carry: Vec::new(),
            line: 1,
            offset: 0,
            starts_line: true,
            done: false,
        };
        let mut blocks = Vec::new();
        // Each block in the memory of the one before, as blocks' buffers go round.
        let mut buffer = vec![b'#'; 3];
        while let Some(block) = cutter.next(buffer) {
            let block = block.expect("the source does not fail");
            blocks.push((
                block.bytes().to_vec(),
                block.line,
                block.offset,
                block.starts_line,
            ));
            buffer = block.into_buffer();
        }
        blocks
    }

    #[test]
    fn blocks_end_at_line_breaks_and_know_their_line_and_offset() {
        let text =
            "id,名前\n1,\"さくら\nもち\"\r\n\n2,x\n3,a long line of forty-odd bytes in all\nend";
        for (chunk, piece) in [(1, 1), (3, 2), (5, 64), (16, 7), (1000, 1000)] {
            let blocks = cut(&mut Source::new(text, piece), chunk);
            let joined: Vec<u8> = blocks.iter().flat_map(|b| b.0.clone()).collect();
            assert_eq!(joined, text.as_bytes(), "chunk {chunk}");
            let mut offset = 0;
            for (i, (bytes, line, at, starts_line)) in blocks.iter().enumerate() {
                let before = &text.as_bytes()[..offset];
                assert_eq!(*at, offset as u64);
                assert_eq!(
                    *line,
                    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
                );
                // A block starts a line exactly when the one before ended with a line break.
                assert_eq!(
                    *starts_line,
                    i == 0 || before.ends_with(b"\n"),
                    "chunk {chunk}, block {i}"
                );
                let last = i + 1 == blocks.len();
                assert!(last || bytes.ends_with(b"\n") || bytes.len() >= 4 * chunk);
                offset += bytes.len();
            }
        }
    }

    #[test]
    fn a_line_longer_than_four_chunks_is_cut_where_they_end_and_the_next_block_does_not_start_a_line(
    ) {
        let text = format!("{}\nb\n", "x".repeat(100));
        let blocks = cut(&mut Source::new(&text, 8), 8);
        let lens: Vec<usize> = blocks.iter().map(|b| b.0.len()).collect();
        assert_eq!(lens, [32, 32, 32, 7]);
        let starts: Vec<bool> = blocks.iter().map(|b| b.3).collect();
        assert_eq!(starts, [true, false, false, false]);
        assert_eq!(blocks[3].0, b"xxxx\nb\n");
    }

    #[test]
    fn a_read_error_ends_the_file_after_the_rows_before_it() {
        use crate::ingest::{IngestOptions, Ingestor, PushError};
        let mut text = String::from("order_id,order_date,email,order_total\n");
        for i in 0..5000 {
            text.push_str(&format!("{i},2024-01-05,c{i}@example.jp,1200\n"));
        }
        // Past the start of the file that is held back until its encoding is known, at the end of a read.
        let fail_at = 64 * 1500;
        let mut source = Source::new(&text, 64);
        source.fail_at = Some(fail_at);
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        ingestor.begin_file("orders.csv").unwrap();
        match ingestor.push_reader(&mut source, 64) {
            Err(PushError::Io(e)) => assert_eq!(e.to_string(), "the disk went away"),
            other => panic!("expected the read error, got {other:?}"),
        }
        // Every whole line read before the error was added, and nothing after it.
        let lines = text.as_bytes()[..fail_at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        assert_eq!(ingestor.quality().files[0].rows_read, lines - 1);
    }

    #[test]
    fn a_source_that_panics_ends_the_reading_in_that_panic() {
        use crate::ingest::{IngestOptions, Ingestor};
        let mut text = String::from("order_id,order_date,email,order_total\n");
        for i in 0..5000 {
            text.push_str(&format!("{i},2024-01-05,c{i}@example.jp,1200\n"));
        }
        // Whichever thread cuts the block that reaches the bug panics, once; the other reads on, and the
        // reading ends in that panic rather than in a result.
        for fail_at in [64 * 1500, 64 * 1501, 64 * 1600, 64 * 2000] {
            let mut source = Source::new(&text, 64);
            source.fail_at = Some(fail_at);
            source.panics = true;
            let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
            ingestor.begin_file("orders.csv").unwrap();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                ingestor.push_reader(&mut source, 64)
            }));
            let message = outcome.expect_err("the panic is passed on");
            assert_eq!(message.downcast_ref::<&str>(), Some(&"a reader with a bug"));
        }
    }

    #[test]
    fn a_panic_on_the_grouping_thread_stops_the_parsing_thread() {
        // The parsing thread waits for the header row, which the grouping thread never reads here: without
        // being stopped it would wait for ever, and the scope with it.
        let mut source = Source::new("order_id,order_date\n1,2024-01-05\n", 64);
        let blocks = Blocks::new(&mut source, 64);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::thread::scope(|scope| {
                scope.spawn(|| blocks.parse_ahead());
                let _stop = StopParsing(&blocks);
                panic!("a bug while grouping");
            })
        }));
        let message = outcome.expect_err("the panic is passed on");
        assert_eq!(
            message.downcast_ref::<&str>(),
            Some(&"a bug while grouping")
        );
    }
}
