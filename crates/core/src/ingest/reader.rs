//! [`RowReader`]: the reading half of ingestion for one file — decoding, CSV records, the header's mapping and
//! each row's typed values — writing what it reads into a [`RowBatch`].

use super::batch::{Item, RowBatch};
use super::decode::{EncodingChoice, StreamDecoder};
use super::preset::{self, Field, Mapping, PresetChoice};
use super::records::RecordSplitter;
use super::{read_row, IngestErrorKind, RowMemo};

/// Reads one file's bytes into typed rows.
pub struct RowReader {
    decoder: StreamDecoder,
    splitter: RecordSplitter,
    preset: PresetChoice,
    /// The user's `field → column` mapping for this file.
    user_mapping: Vec<(Field, String)>,
    mapping: Option<Mapping>,
    memo: RowMemo,
    /// The current chunk, decoded.
    text: String,
}

impl RowReader {
    pub(super) fn new(
        encoding: EncodingChoice,
        preset: PresetChoice,
        user_mapping: Vec<(Field, String)>,
    ) -> RowReader {
        RowReader {
            decoder: StreamDecoder::new(encoding),
            splitter: RecordSplitter::default(),
            preset,
            user_mapping,
            mapping: None,
            memo: RowMemo::default(),
            text: String::new(),
        }
    }

    /// Reads the next chunk of the file into `batch` (with `last`, the file ends after it). On an error,
    /// `batch` holds what was read before it.
    pub(super) fn push(
        &mut self,
        bytes: &[u8],
        last: bool,
        batch: &mut RowBatch,
    ) -> Result<(), IngestErrorKind> {
        batch.bytes += bytes.len() as u64;
        self.text.clear();
        self.decoder
            .push(bytes, last, &mut self.text)
            .map_err(IngestErrorKind::Decode)?;
        batch.encoding = self.decoder.encoding();
        let RowReader {
            splitter,
            preset,
            user_mapping,
            mapping,
            memo,
            text,
            ..
        } = self;
        splitter.feed(text, last, |record| -> Result<(), IngestErrorKind> {
            match mapping {
                None => {
                    let headers: Vec<&str> = record.iter().collect();
                    let m = preset::resolve(&headers, *preset, user_mapping)
                        .map_err(IngestErrorKind::Mapping)?;
                    batch.items.push(Item::Header(Box::new(m.clone())));
                    *mapping = Some(m);
                }
                Some(m) => match read_row(m, &record, memo) {
                    Ok(row) => batch.push_row(record.line, row),
                    Err((field, reason)) => batch.items.push(Item::Reject {
                        line: record.line,
                        field,
                        reason,
                    }),
                },
            }
            Ok(())
        })
    }
}
