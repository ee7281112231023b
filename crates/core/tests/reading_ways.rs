//! `Ingestor::push_reader` (rows parsed on a second thread) and a separate `RowReader` whose batches travel as
//! bytes (the page's reading worker) give exactly what `push` gives, chunk for chunk: the same dataset, the
//! same data-quality report and the same errors, on every broken file of `tests/hostile`, on multi-file
//! batches with re-exported orders, and on the CDNOW sample. Being told a file's size (`expect_bytes`, right or
//! far off) changes nothing either.

use std::path::{Path, PathBuf};

use kokyaku_core::ingest::{IngestOptions, Ingestor, RowBatch, RowReader};

/// How the chunks reach the ingestor.
#[derive(Clone, Copy, Debug)]
enum Way {
    /// `Ingestor::push`, reading and grouping in turn.
    Push,
    /// `Ingestor::push_reader`, reading on a second thread, told the file's size.
    Thread,
    /// A `RowReader` of its own, each batch sent as bytes to `Ingestor::add_batch`, told 50 times the size.
    Bytes,
}

/// Reads `bytes` with a reader of its own, passing each batch through its byte form.
fn add_as_bytes(ingestor: &mut Ingestor, bytes: &[u8], chunk: usize) -> Result<(), String> {
    let mut reader = RowReader::new(&IngestOptions::default(), None);
    let pieces = bytes.chunks(chunk).map(|p| (p, false));
    for (piece, last) in pieces.chain([(&[][..], true)]) {
        let mut batch = RowBatch::default();
        reader.push(piece, last, &mut batch);
        let mut sent = RowBatch::from_bytes(&batch.to_bytes()).ok_or("unreadable batch")?;
        ingestor.add_batch(&mut sent).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Outcome of ingesting `files` in one of the ways, as comparable text.
fn ingest(files: &[(String, Vec<u8>)], chunk: usize, way: Way) -> String {
    let run = || -> Result<String, String> {
        let mut ingestor = Ingestor::new(IngestOptions::default()).map_err(|e| e.to_string())?;
        for (name, bytes) in files {
            ingestor.begin_file(name).map_err(|e| e.to_string())?;
            match way {
                Way::Push => {
                    for piece in bytes.chunks(chunk) {
                        ingestor.push(piece).map_err(|e| e.to_string())?;
                    }
                }
                Way::Thread => {
                    ingestor.expect_bytes(bytes.len() as u64);
                    ingestor
                        .push_reader(&mut &bytes[..], chunk)
                        .map_err(|e| e.to_string())?
                }
                Way::Bytes => {
                    ingestor.expect_bytes(bytes.len() as u64 * 50 + 1);
                    add_as_bytes(&mut ingestor, bytes, chunk)?
                }
            }
            ingestor.end_file().map_err(|e| e.to_string())?;
        }
        let done = ingestor.finish().map_err(|e| e.to_string())?;
        Ok(format!("{:?}\n{:?}", done.dataset, done.quality))
    };
    match run() {
        Ok(text) => text,
        Err(e) => format!("error: {e}"),
    }
}

/// Asserts the other ways agree with `push` in a chunking.
fn assert_same_in(files: &[(String, Vec<u8>)], chunk: usize) -> String {
    let sequential = ingest(files, chunk, Way::Push);
    for way in [Way::Thread, Way::Bytes] {
        let other = ingest(files, chunk, way);
        assert!(
            sequential == other,
            "{:?} in chunks of {chunk}, {way:?}:\n{sequential}\n---\n{other}",
            files.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
    }
    sequential
}

/// Asserts every way agrees in every chunking; returns whether the files were read (rather than refused).
fn assert_same(files: &[(String, Vec<u8>)]) -> bool {
    let mut read = false;
    for chunk in [1, 7, 4096, 1 << 20] {
        read = !assert_same_in(files, chunk).starts_with("error");
    }
    read
}

fn read(path: PathBuf) -> (String, Vec<u8>) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read(&path).unwrap())
}

#[test]
fn every_hostile_file_reads_the_same_every_way() {
    let dir = repo().join("tests/hostile");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("csv" | "bin" | "png")
            )
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 15, "{} files", paths.len());
    let mut accepted = 0;
    for path in paths {
        // The 10 MB field is read in big chunks only (one byte at a time takes minutes without telling more).
        let file = read(path);
        if file.1.len() > 1 << 20 {
            assert_same_in(std::slice::from_ref(&file), 1 << 16);
            continue;
        }
        accepted += usize::from(assert_same(&[file]));
    }
    // Most are read with rejects and notes; the rest are refused with an error.
    assert!(accepted >= 10, "{accepted} files read");
}

#[test]
fn batches_with_re_exported_orders_read_the_same_every_way() {
    let dir = repo().join("tests/hostile");
    let first = read(dir.join("duplicates.csv"));
    let second = read(dir.join("duplicates-reexport.csv"));
    assert!(assert_same(&[first.clone(), second.clone()]));
    assert!(assert_same(&[second, first.clone(), first]));
}

#[test]
fn the_cdnow_sample_reads_the_same_every_way() {
    let dir = repo().join("tests/data/cdnow");
    let csv = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let file = read(csv);
    for chunk in [4096, 1 << 20] {
        let sequential = assert_same_in(std::slice::from_ref(&file), chunk);
        assert!(sequential.contains("customer_keys"), "{sequential:.200}");
    }
}
