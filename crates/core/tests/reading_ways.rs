//! `Ingestor::push_reader` (blocks of the file parsed on two threads) and a separate `RowReader` whose
//! batches travel as bytes (the page's reading worker) give exactly what `push` gives, chunk for chunk: the
//! same dataset, the same data-quality report and the same errors, on every broken file of `tests/hostile`
//! (as they are, and with their rows moved past the sniffed prefix, which the decoder holds back), on files
//! of awkward records, on multi-file batches with re-exported orders, and on the CDNOW sample. Being told a
//! file's size (`expect_bytes`, right or far off) changes nothing either.

use std::path::{Path, PathBuf};

mod common;

use common::add_as_bytes;
use kokyaku_core::ingest::decode::SNIFF_LEN;
use kokyaku_core::ingest::{IngestOptions, Ingestor};

/// How the chunks reach the ingestor.
#[derive(Clone, Copy, Debug)]
enum Way {
    /// `Ingestor::push`, reading and grouping in turn.
    Push,
    /// `Ingestor::push_reader`, parsing blocks on two threads, told the file's size.
    Thread,
    /// A `RowReader` of its own, each batch sent as bytes to `Ingestor::add_batch`, told 50 times the size.
    Bytes,
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
                    add_as_bytes(&mut ingestor, &IngestOptions::default(), bytes, chunk)?
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

/// `file` with enough blank lines after its first line for its other rows to come after the sniffed prefix:
/// the decoder holds text back until it has seen that much, so a short file reaches the reader in one piece.
fn past_the_sniffed_prefix((name, bytes): &(String, Vec<u8>)) -> (String, Vec<u8>) {
    let first = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    let blank: &[u8] = if bytes[..first].ends_with(b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut padded = bytes[..first].to_vec();
    while padded.len() < first + SNIFF_LEN + 100 {
        padded.extend_from_slice(blank);
    }
    padded.extend_from_slice(&bytes[first..]);
    (name.clone(), padded)
}

#[test]
fn every_hostile_file_read_past_the_sniffed_prefix_reads_the_same_every_way() {
    let dir = repo().join("tests/hostile");
    let mut read_files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let small = std::fs::metadata(&path).unwrap().len() < 1 << 20;
        if path.extension().is_some_and(|e| e == "csv") && small {
            let file = past_the_sniffed_prefix(&read(path));
            for chunk in [7, 4096, 1 << 20] {
                read_files += usize::from(
                    !assert_same_in(std::slice::from_ref(&file), chunk).starts_with("error"),
                );
            }
        }
    }
    assert!(read_files >= 30, "{read_files}");
}

/// A file of `rows` rows (with a header) in which every few rows is one of the forms that splitting records
/// must get right: quoted fields with commas, line breaks (LF and CRLF) and doubled quotes, a stray quote
/// inside an unquoted field, lone carriage returns, blank lines, a byte order mark at a record's start, too
/// few or too many fields, an unreadable date.
fn awkward_file(rows: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut text = String::from("order_id,order_date,email,order_total,product_name\n");
    for i in 0..rows {
        let (day, customer, total) = (1 + next() % 28, next() % 500, 100 + next() % 9000);
        let row = format!("{i},2024-03-{day:02},c{customer}@example.jp,{total}");
        let line = match next() % 14 {
            0 => format!("{row},\"Tea, green\"\n"),
            1 => format!("{row},\"Tea\nin two lines\"\n"),
            2 => format!("{row},\"Tea\r\nin two CRLF lines\"\r\n"),
            3 => format!("{row},\"The \"\"best\"\" tea\"\n"),
            4 => format!("{row},Tea \"Sencha\" 100g\n"),
            5 => format!("{row},Tea\r"),
            6 => format!("\n{row},Tea\n\n"),
            // The previous row's order id after the mark: a row of that order if the mark were dropped.
            7 => format!(
                "\u{feff}{},2024-03-{day:02},c{customer}@example.jp,{total},\"Tea\"\n",
                i.saturating_sub(1)
            ),
            8 => format!("{row}\n"),
            9 => format!("{row},Tea,surplus\n"),
            10 => format!("{i},2024-02-30,c{customer}@example.jp,{total},Tea\n"),
            11 => format!("{row},\"Tea\"\r\n"),
            _ => format!("{row},Tea\n"),
        };
        text.push_str(&line);
    }
    text.into_bytes()
}

#[test]
fn awkward_records_past_the_sniffed_prefix_read_the_same_every_way() {
    for seed in 1..=2 {
        let file = ("awkward.csv".to_string(), awkward_file(3000, seed));
        assert!(file.1.len() > 2 * SNIFF_LEN);
        // One byte at a time once: it cuts every record into a slice of its own.
        let chunks: &[usize] = if seed == 1 {
            &[1, 61, 4096, 1 << 20]
        } else {
            &[7, 1 << 20]
        };
        for &chunk in chunks {
            let sequential = assert_same_in(std::slice::from_ref(&file), chunk);
            assert!(sequential.contains("rows_rejected: "), "{sequential:.300}");
        }
    }
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

#[test]
fn a_byte_order_mark_at_a_records_start_mid_file_is_the_records_however_the_file_is_cut() {
    // Past the sniffed prefix, the first row is order 5 behind a byte order mark and in quotes: the mark is
    // kept, so it is another order than the plain order 5 after it (were it dropped, the two would be one).
    let mut text = String::from("order_id,order_date,email,order_total,product_name\n");
    while text.len() < SNIFF_LEN + 100 {
        text.push('\n');
    }
    text.push_str("\u{feff}5,2024-03-02,c5@example.jp,200,\"Tea\"\n");
    for i in 0..100 {
        text.push_str(&format!("{i},2024-03-01,c{i}@example.jp,100,Tea\n"));
    }
    let file = ("bom.csv".to_string(), text.into_bytes());
    for chunk in [7, 4096, 1 << 20] {
        let sequential = assert_same_in(std::slice::from_ref(&file), chunk);
        assert!(sequential.contains("rows_read: 101"), "{sequential}");
        assert_eq!(sequential.matches("Day(").count(), 101, "{sequential}");
    }
}
