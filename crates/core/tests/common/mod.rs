//! Reading a file every way the product reads one, for the integration tests: whole and in small chunks with
//! `push` on one thread, in blocks on two threads (`push_reader`), and by a `RowReader` of its own whose
//! batches travel as bytes (the page's reading worker). Every way must give the same dataset and the same
//! report.

// Each test file uses only some of these helpers.
#![allow(dead_code)]

use kokyaku_core::ingest::{IngestOptions, Ingested, Ingestor, RowBatch, RowReader, Threads};

/// Ingests one file named `name`, `chunk` bytes at a time, in one of the ways (0: `push` on one thread, 1:
/// `push_reader` on two, 2: batches as bytes).
pub fn ingest_way(
    options: &IngestOptions,
    name: &str,
    bytes: &[u8],
    chunk: usize,
    way: u8,
) -> Result<Ingested, String> {
    let options = match way {
        0 => IngestOptions {
            threads: Threads::One,
            ..options.clone()
        },
        _ => options.clone(),
    };
    let options = &options;
    let mut ingestor = Ingestor::new(options.clone()).map_err(|e| e.to_string())?;
    ingestor.begin_file(name).map_err(|e| e.to_string())?;
    match way {
        0 => {
            for piece in bytes.chunks(chunk) {
                ingestor.push(piece).map_err(|e| e.to_string())?;
            }
        }
        1 => ingestor
            .push_reader(&mut &bytes[..], chunk)
            .map_err(|e| e.to_string())?,
        _ => add_as_bytes(&mut ingestor, options, bytes, chunk)?,
    }
    ingestor.end_file().map_err(|e| e.to_string())?;
    ingestor.finish().map_err(|e| e.to_string())
}

/// Reads `bytes` into the ingestor's current file with a `RowReader` of its own, `chunk` bytes at a time,
/// passing each batch through its byte form (as the page's reading worker does).
pub fn add_as_bytes(
    ingestor: &mut Ingestor,
    options: &IngestOptions,
    bytes: &[u8],
    chunk: usize,
) -> Result<(), String> {
    let mut reader = RowReader::new(options, None);
    let pieces = bytes.chunks(chunk).map(|p| (p, false));
    for (piece, last) in pieces.chain([(&[][..], true)]) {
        let mut batch = RowBatch::default();
        reader.push(piece, last, &mut batch);
        let mut sent = RowBatch::from_bytes(&batch.to_bytes()).ok_or("unreadable batch")?;
        ingestor.add_batch(&mut sent).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Reads `bytes` every way in chunks of 1 to 4096 bytes, checks that all agree (errors too), and returns the
/// result of reading it whole.
pub fn read_every_way(
    options: &IngestOptions,
    name: &str,
    bytes: &[u8],
) -> Result<Ingested, String> {
    let shown = |r: &Result<Ingested, String>| match r {
        Ok(d) => format!("{:?}\n{:?}", d.dataset, d.quality),
        Err(e) => format!("error: {e}"),
    };
    let whole = ingest_way(options, name, bytes, bytes.len().max(1), 0);
    let expected = shown(&whole);
    for chunk in [1, 2, 3, 5, 7, 64, 4096] {
        for way in 0..3 {
            let got = shown(&ingest_way(options, name, bytes, chunk, way));
            assert!(
                got == expected,
                "{name}, way {way}, chunks of {chunk}:\n{got}\n--- whole:\n{expected}"
            );
        }
    }
    whole
}

/// The figures a user sees: orders, customers, revenue in minor units, and the rejected lines.
pub fn figures(data: &Ingested) -> (usize, usize, i64, Vec<u64>) {
    let ds = &data.dataset;
    let revenue = ds.orders.value.iter().sum();
    let lines = data.quality.rejects.iter().map(|r| r.line).collect();
    (ds.order_count(), ds.customer_count(), revenue, lines)
}
