//! A file cut off anywhere (a download or copy that stopped early) is read up to its last complete row: the
//! cut row is rejected, the file is marked as cut off, and nothing panics. Checked at every cut offset of a
//! small export in UTF-8 and in Shift_JIS, in three ways of reading (push in whole and in small chunks, the
//! two-thread block reader), and at random offsets of a file larger than the encoding sniffer's prefix.
//!
//! The expected figures come from the table the file is written from, not from the reader: a row counts when
//! the cut leaves its closing quote, and the revenue is the sum of the totals of those rows.

use encoding_rs::SHIFT_JIS;
use kokyaku_core::ingest::decode::SNIFF_LEN;
use kokyaku_core::ingest::{ingest_files, IngestOptions, Ingested, Ingestor};
use kokyaku_core::Lang;

/// One row of the export: order id, date, e-mail, total in yen, product name (always quoted, so that a cut
/// anywhere inside a row leaves it short of fields, inside a quote or inside a character).
struct Row {
    id: u32,
    total: i64,
    name: String,
}

fn rows(n: u32) -> Vec<Row> {
    let names = [
        "珈琲豆 200g",
        "抹茶, 缶入り",
        "ﾃｽﾄ商品",
        "Tea \"Gyokuro\" 50g",
        "紅茶",
    ];
    (1..=n)
        .map(|id| Row {
            id,
            total: 500 + i64::from(id * 37 % 4000),
            name: names[id as usize % names.len()].to_string(),
        })
        .collect()
}

/// Where a row ends in the file's bytes.
struct Ends {
    /// Where a cut leaves a row that reads as whole: just past its last comma (the last field empty), and
    /// just past the first quote of each doubled quote in the name (which then reads as a closing quote).
    whole_at: Vec<usize>,
    /// Just past its closing quote.
    quote: usize,
}

/// The file's bytes in `encode`'s encoding, and where each row ends.
fn export(rows: &[Row], encode: fn(&str) -> Vec<u8>) -> (Vec<u8>, Vec<Ends>) {
    let mut bytes = encode("注文番号,注文日,メールアドレス,合計金額,商品名\r\n");
    let mut ends = Vec::new();
    for r in rows {
        let start = format!(
            "{},2024-{:02}-{:02},c{}@example.jp,{},",
            r.id,
            r.id % 12 + 1,
            r.id % 28 + 1,
            r.id % 7,
            r.total,
        );
        bytes.extend(encode(&start));
        let mut whole_at = vec![bytes.len()];
        bytes.push(b'"');
        for part in r.name.split_inclusive('"') {
            bytes.extend(encode(part));
            if part.ends_with('"') {
                whole_at.push(bytes.len());
                bytes.push(b'"');
            }
        }
        bytes.push(b'"');
        ends.push(Ends {
            whole_at,
            quote: bytes.len(),
        });
        bytes.extend(b"\r\n");
    }
    (bytes, ends)
}

fn utf8(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Reads `bytes` pushed in chunks of `chunk` bytes.
fn pushed(bytes: &[u8], chunk: usize) -> Result<Ingested, String> {
    let mut ingestor = Ingestor::new(IngestOptions::default()).map_err(|e| e.to_string())?;
    ingestor.begin_file("cut.csv").map_err(|e| e.to_string())?;
    for piece in bytes.chunks(chunk) {
        ingestor.push(piece).map_err(|e| e.to_string())?;
    }
    ingestor.end_file().map_err(|e| e.to_string())?;
    ingestor.finish().map_err(|e| e.to_string())
}

/// Reads `bytes` with the two-thread block reader, in blocks of about `chunk` bytes.
fn threaded(bytes: &[u8], chunk: usize) -> Result<Ingested, String> {
    let mut ingestor = Ingestor::new(IngestOptions::default()).map_err(|e| e.to_string())?;
    ingestor.begin_file("cut.csv").map_err(|e| e.to_string())?;
    ingestor
        .push_reader(&mut &bytes[..], chunk)
        .map_err(|e| e.to_string())?;
    ingestor.end_file().map_err(|e| e.to_string())?;
    ingestor.finish().map_err(|e| e.to_string())
}

/// Checks the file cut at `cut` against the rows it still holds whole.
fn check_cut(bytes: &[u8], ends: &[Ends], rows: &[Row], cut: usize, chunks: &[usize]) {
    let kept = &bytes[..cut];
    let header_len = bytes.windows(2).position(|w| w == b"\r\n").unwrap_or(0) + 2;
    let whole = ends
        .iter()
        .filter(|e| e.quote <= cut || e.whole_at.contains(&cut))
        .count();
    // The row the cut falls in, when it falls inside one (after its first byte, before its closing quote,
    // and not where it reads as whole).
    let starts = |i: usize| {
        if i == 0 {
            header_len
        } else {
            ends[i - 1].quote + 2
        }
    };
    let inside = (whole < rows.len() && cut > starts(whole)).then_some(whole);
    // A file that ends after a row that reads as whole but before its line break is read whole, with a
    // note. (A carriage return is a line break of its own.)
    let unterminated =
        inside.is_none() && cut > header_len && !kept.ends_with(b"\n") && !kept.ends_with(b"\r");
    let mut outcomes = vec![
        ingest_files(IngestOptions::default(), [("cut.csv", kept)]).map_err(|e| e.to_string())
    ];
    for &chunk in chunks {
        outcomes.push(pushed(kept, chunk));
        outcomes.push(threaded(kept, chunk));
    }
    for (way, outcome) in outcomes.into_iter().enumerate() {
        let context = format!("cut at byte {cut} of {}, way {way}", bytes.len());
        if cut < header_len {
            // The header row itself is cut (or the file is empty): an error that says so, or the header's
            // start read as a header without rows; never a panic.
            match outcome {
                Err(e) => assert!(
                    e.contains("cut off")
                        || e.contains("empty")
                        || e.contains("no column was found"),
                    "{context}: {e}"
                ),
                Ok(data) => assert_eq!(data.quality.rows_read, 0, "{context}"),
            }
            continue;
        }
        let data = outcome.unwrap_or_else(|e| panic!("{context}: {e}"));
        let file = &data.quality.files[0];
        let revenue: i64 = rows[..whole].iter().map(|r| r.total).sum();
        assert_eq!(data.dataset.order_count(), whole, "{context}");
        assert_eq!(
            data.dataset.orders.value.iter().sum::<i64>(),
            revenue,
            "{context}"
        );
        match inside {
            Some(i) => {
                // Line 1 is the header; row i is on line i + 2.
                let line = i as u64 + 2;
                assert_eq!(file.cut_at_line, Some(line), "{context}");
                assert_eq!(data.quality.rows_rejected, 1, "{context}");
                assert_eq!(data.quality.rejects[0].line, line, "{context}");
                assert!(
                    data.quality.rejects[0]
                        .reason
                        .to_string()
                        .contains("cut off"),
                    "{context}: {}",
                    data.quality.rejects[0].reason
                );
                assert!(file
                    .notes_in(Lang::En)
                    .iter()
                    .any(|n| n.contains("looks cut off")));
            }
            None => {
                assert_eq!(file.cut_at_line, None, "{context}");
                assert_eq!(
                    data.quality.rows_rejected, 0,
                    "{context}: {:?}",
                    data.quality.rejects
                );
                let warned = file
                    .notes_in(Lang::En)
                    .iter()
                    .any(|n| n.contains("does not end with a line break"));
                assert_eq!(
                    warned,
                    unterminated,
                    "{context}: {:?}",
                    file.notes_in(Lang::En)
                );
            }
        }
    }
}

#[test]
fn a_small_export_cut_at_every_byte_keeps_its_complete_rows_in_utf8_and_shift_jis() {
    let rows = rows(12);
    for encode in [utf8 as fn(&str) -> Vec<u8>, shift_jis] {
        let (bytes, ends) = export(&rows, encode);
        for cut in 0..=bytes.len() {
            check_cut(&bytes, &ends, &rows, cut, &[3]);
        }
    }
}

#[test]
fn a_large_export_cut_past_the_sniffed_prefix_keeps_its_complete_rows() {
    let rows = rows(3000);
    for encode in [utf8 as fn(&str) -> Vec<u8>, shift_jis] {
        let (bytes, ends) = export(&rows, encode);
        assert!(bytes.len() > 2 * SNIFF_LEN);
        // Every byte of the last row, and pseudo-random offsets anywhere else.
        let tail = ends[ends.len() - 2].quote;
        let mut offsets: Vec<usize> = (tail..=bytes.len()).collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..30 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            offsets.push(SNIFF_LEN / 2 + (state % (bytes.len() - SNIFF_LEN / 2) as u64) as usize);
        }
        for cut in offsets {
            check_cut(&bytes, &ends, &rows, cut, &[4096]);
        }
    }
}
