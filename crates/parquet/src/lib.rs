//! Parquet files read into Kokyaku's core: a data warehouse's export of orders (BigQuery, Snowflake, Spark,
//! DuckDB), read batch by batch with bounded memory.
//!
//! Each batch of rows is formatted into texts, column by column, and handed to the core as
//! [`CellRows`] under the file's column names, so the presets, the user's mapping and every rule of reading
//! apply as they do to a CSV export. A date stays a date (`2024-01-05`), a decimal keeps its scale, a null is
//! an empty cell. Native only: the page reads CSV.

use std::fmt::Write as _;

use arrow_array::RecordBatch;
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, Schema};
use kokyaku_core::ingest::{CellRows, CellSink, FileNote, IngestError, IngestErrorKind, Threads};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::reader::ChunkReader;

pub use bytes::Bytes;

/// The bytes a Parquet file starts (and ends) with.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Reads a Parquet file given whole, as bytes (read from standard input), as [`read`] does.
pub fn read_bytes(
    ingestor: &mut impl CellSink,
    name: &str,
    bytes: Vec<u8>,
    threads: Threads,
) -> Result<(), IngestError> {
    read(ingestor, name, bytes::Bytes::from(bytes), threads)
}

/// The column names of the Parquet file `source`, or why it cannot be read.
pub fn column_names<R: ChunkReader + 'static>(source: R) -> Result<Vec<String>, String> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(source).map_err(|e| e.to_string())?;
    Ok(builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect())
}

/// Rows formatted and handed to the core at a time: small enough that a batch's texts stay a few MB.
const BATCH_ROWS: usize = 16 * 1024;

/// Whether `start`, a file's first bytes, is the start of a Parquet file.
pub fn is_parquet(start: &[u8]) -> bool {
    start.starts_with(MAGIC)
}

/// Reads the Parquet file `source` into `ingestor` (the core's reader of orders, or of customers tables) as a
/// file named `name`: begins the file, feeds every row and ends it. `source` is a [`std::fs::File`], or the
/// whole file as [`bytes::Bytes`] (from standard input). With two `threads`, one thread decodes and formats
/// the batches while the other reads them into the core.
pub fn read<R: ChunkReader + Send + 'static>(
    ingestor: &mut impl CellSink,
    name: &str,
    source: R,
    threads: Threads,
) -> Result<(), IngestError> {
    let unreadable = |e: &dyn std::fmt::Display| IngestError {
        file: name.to_string(),
        kind: IngestErrorKind::Parquet(e.to_string()),
    };
    let bytes = source.len();
    ingestor.begin_file(name)?;
    ingestor.note_file(FileNote::Parquet)?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(source).map_err(|e| unreadable(&e))?;
    let schema = builder.schema().clone();
    for column in utc_instants(&schema) {
        ingestor.note_file(FileNote::UtcInstants { column })?;
    }
    let columns: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| unreadable(&e))?;
    // The file's size counts once, with its first rows (or with none, for a file without rows).
    let mut unsent = bytes;
    let mut add = |cells: &CellRows| -> Result<(), IngestError> {
        ingestor.push_cells(&columns, cells, std::mem::take(&mut unsent))
    };
    // Each batch formatted into rows of cells, numbered on from the batch before.
    let mut first_row = 1;
    let batches = reader.map(move |batch| {
        let batch = batch.map_err(|e| e.to_string())?;
        let mut cells = CellRows::default();
        cells.clear(first_row);
        format_rows(&batch, &mut cells).map_err(|e| e.to_string())?;
        first_row = cells.next_row();
        Ok::<CellRows, String>(cells)
    });
    if threads.two() {
        std::thread::scope(|scope| {
            let (sender, formatted) = std::sync::mpsc::sync_channel(2);
            scope.spawn(move || {
                for cells in batches {
                    let failed = cells.is_err();
                    if sender.send(cells).is_err() || failed {
                        return;
                    }
                }
            });
            // Dropping `formatted` on an error stops the formatting thread at its next batch.
            for cells in formatted {
                add(&cells.map_err(|e| unreadable(&e))?)?;
            }
            Ok::<(), IngestError>(())
        })?;
    } else {
        for cells in batches {
            add(&cells.map_err(|e| unreadable(&e))?)?;
        }
    }
    if unsent > 0 {
        let mut cells = CellRows::default();
        cells.clear(1);
        ingestor.push_cells(&columns, &cells, unsent)?;
    }
    ingestor.end_file()?;
    Ok(())
}

/// Writes `batch`'s rows into `cells`, every value as its text (a null as an empty cell).
fn format_rows(batch: &RecordBatch, cells: &mut CellRows) -> Result<(), arrow_schema::ArrowError> {
    let options = FormatOptions::new();
    let formatters = batch
        .columns()
        .iter()
        .map(|column| ArrayFormatter::try_new(column.as_ref(), &options))
        .collect::<Result<Vec<_>, _>>()?;
    for row in 0..batch.num_rows() {
        for formatter in &formatters {
            write!(cells.cell(), "{}", formatter.value(row))
                .map_err(|e| arrow_schema::ArrowError::ComputeError(e.to_string()))?;
            cells.end_cell();
        }
        cells.end_row();
    }
    Ok(())
}

/// The columns of timestamps kept as instants in UTC, whose dates are UTC dates rather than the shop's.
fn utc_instants(schema: &Schema) -> Vec<String> {
    schema
        .fields()
        .iter()
        .filter(|f| match f.data_type() {
            DataType::Timestamp(_, Some(tz)) => {
                matches!(
                    &**tz,
                    "UTC" | "utc" | "Z" | "+00:00" | "+0000" | "Etc/UTC" | "GMT"
                )
            }
            _ => false,
        })
        .map(|f| f.name().to_string())
        .collect()
}
