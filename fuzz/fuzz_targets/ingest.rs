//! Ingestion of arbitrary bytes, split into arbitrary chunks, with every encoding and preset choice; then the
//! summary, every analysis and a segment export of the result. Nothing may panic, and the reports must agree
//! with each other. The same bytes read by `push_reader` (blocks of whole lines parsed on two threads) must
//! give the same dataset and report, or the same error. The file cut off at a byte the seed picks must read
//! too, up to the cut.
//!
//! Input: byte 0 chooses the options (bits 0–1 encoding, 2–4 preset, 5 "read the file twice", 6 "choose
//! JPY"), byte 1 seeds the chunk sizes (0: one chunk), the rest is the file.

#![no_main]

use kokyaku_core::analysis::{cohort, cpm, history, ltv, repeat, rfm, summary};
use kokyaku_core::ingest::parse::is_plausible_order_date;
use kokyaku_core::ingest::{
    quality::MAX_REJECT_DETAILS, EncodingChoice, Field, IngestErrorKind, IngestOptions, Ingested,
    PresetChoice, PresetId,
};
use kokyaku_core::segment::{self, CustomerTable, Layout, TableParams};
use kokyaku_core::table::CsvStyle;
use kokyaku_core::tables;
use kokyaku_core::{Dataset, Ingestor, Lang, Words};
use libfuzzer_sys::fuzz_target;

const PRESETS: [PresetId; 6] = [
    PresetId::Shopify,
    PresetId::EcCube,
    PresetId::Rakuten,
    PresetId::Base,
    PresetId::Ecforce,
    PresetId::Generic,
];

fn options(control: u8) -> IngestOptions {
    let encoding = match control & 3 {
        1 => EncodingChoice::Utf8,
        2 => EncodingChoice::ShiftJis,
        _ => EncodingChoice::Auto,
    };
    let preset = match (control >> 2) & 7 {
        n @ 1..=6 => PresetChoice::Named(PRESETS[n as usize - 1]),
        _ => PresetChoice::Auto,
    };
    IngestOptions {
        encoding,
        preset,
        mapping: Vec::new(),
        currency: (control & 0x40 != 0).then(|| "JPY".to_string()),
        ..IngestOptions::default()
    }
}

/// Chunk sizes from a small xorshift generator, so one input explores one split of the bytes.
fn chunks(bytes: &[u8], seed: u8) -> Vec<&[u8]> {
    if seed == 0 {
        return vec![bytes];
    }
    let mut state = u32::from(seed).wrapping_mul(0x9E37_79B9) | 1;
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let size = 1 + (state % if seed & 1 == 0 { 7 } else { 300 }) as usize;
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        out.push(chunk);
        rest = tail;
    }
    out
}

/// The files pushed in chunks from `seed`: the dataset and report, or the error's message.
fn ingest(options: &IngestOptions, files: &[(&str, &[u8])], seed: u8) -> Result<Ingested, String> {
    let mut ingestor = Ingestor::new(options.clone()).expect("JPY is a currency");
    for (name, bytes) in files {
        ingestor.begin_file(name).expect("begin_file never fails");
        for chunk in chunks(bytes, seed) {
            if let Err(e) = ingestor.push(chunk) {
                return Err(checked_error(&e, name));
            }
        }
        if let Err(e) = ingestor.end_file() {
            return Err(checked_error(&e, name));
        }
    }
    ingestor.finish().map_err(|e| {
        // Only what needs every file's orders stops at the end: currencies, date order, sums.
        assert!(
            matches!(
                e.kind,
                IngestErrorKind::MixedCurrencies(_)
                    | IngestErrorKind::CurrencyNeeded { .. }
                    | IngestErrorKind::DateOrderNeeded { .. }
                    | IngestErrorKind::DateOrderMixed { .. }
                    | IngestErrorKind::SumTooLarge { .. }
            ),
            "{e}"
        );
        e.to_string()
    })
}

/// The file read by `push_reader` in blocks of about `chunk` bytes: the dataset and report, or the error.
fn ingest_in_blocks(
    options: &IngestOptions,
    file: &[u8],
    chunk: usize,
) -> Result<Ingested, String> {
    let mut ingestor = Ingestor::new(options.clone()).expect("JPY is a currency");
    ingestor
        .begin_file("a.csv")
        .expect("begin_file never fails");
    ingestor
        .push_reader(&mut &file[..], chunk)
        .map_err(|e| e.to_string())?;
    ingestor.end_file().map_err(|e| e.to_string())?;
    ingestor.finish().map_err(|e| e.to_string())
}

/// The error's message, checked to name the file and say more than that.
fn checked_error(e: &kokyaku_core::IngestError, name: &str) -> String {
    assert_eq!(e.file, name);
    let text = e.to_string();
    assert!(text.starts_with(&format!("{name}: ")), "{text}");
    assert!(text.len() > name.len() + 10, "{text}");
    text
}

fuzz_target!(|data: &[u8]| {
    let [control, seed, file @ ..] = data else {
        return;
    };
    let options = options(*control);
    let once = ingest(&options, &[("a.csv", file)], *seed);
    // Blocks of 1 to 64 bytes, so that short inputs are cut into several.
    match (
        &once,
        ingest_in_blocks(&options, file, 1 + usize::from(*seed % 64)),
    ) {
        (Ok(once), Ok(blocks)) => {
            assert_eq!(blocks.dataset, once.dataset);
            assert_eq!(blocks.quality, once.quality);
        }
        (Err(once), Err(blocks)) => assert_eq!(&blocks, once),
        (once, blocks) => panic!(
            "push's error: {:?}; push_reader's: {:?}",
            once.as_ref().err(),
            blocks.err()
        ),
    }
    let Ok(once) = once else {
        return;
    };
    check_quality(&once, &[file]);
    check_dataset(&once.dataset);
    run_analyses(&once.dataset);

    // The file cut off at a byte the seed picks (a download that stopped early) reads without panicking; its
    // records are the whole file's up to the cut, and at most one more: the row the cut falls in.
    let cut = &file[..(usize::from(*seed) * 7919) % (file.len() + 1)];
    if let Ok(part) = ingest(&options, &[("a.csv", cut)], *seed) {
        check_quality(&part, &[cut]);
        check_dataset(&part.dataset);
        run_analyses(&part.dataset);
        assert!(part.quality.rows_read <= once.quality.rows_read + 1);
        // The cut row is rejected on its line (orders rejected at the end are listed after it).
        if let Some(line) = part.quality.files[0].cut_at_line {
            assert!(part
                .quality
                .rejects
                .iter()
                .any(|r| r.line == line && r.reason.to_string().contains("cut off")));
        }
    }

    if control & 0x20 != 0 {
        let twice = ingest(&options, &[("a.csv", file), ("b.csv", file)], *seed)
            .expect("a file that reads alone reads twice");
        check_quality(&twice, &[file, file]);
        assert_eq!(twice.quality.rows_read, 2 * once.quality.rows_read);
        let has_order_id = once.quality.files[0]
            .columns
            .iter()
            .any(|(f, _)| *f == Field::OrderId);
        if has_order_id {
            // Every order of the second copy is a re-export of the first: counted once.
            assert_eq!(twice.dataset, once.dataset);
        } else {
            // One order per row, nothing deduplicated.
            assert_eq!(
                twice.dataset.customer_count(),
                once.dataset.customer_count()
            );
            assert_eq!(twice.dataset.order_count(), 2 * once.dataset.order_count());
        }
    }
});

fn check_quality(ingested: &Ingested, files: &[&[u8]]) {
    let q = &ingested.quality;
    assert_eq!(q.files.len(), files.len());
    assert_eq!(
        q.rows_read,
        q.files.iter().map(|f| f.rows_read).sum::<u64>()
    );
    assert_eq!(
        q.rows_rejected,
        q.files.iter().map(|f| f.rows_rejected).sum::<u64>()
    );
    assert!(q.rows_rejected <= q.rows_read);
    let listed = (q.rows_rejected + q.orders_rejected).min(MAX_REJECT_DETAILS as u64);
    assert_eq!(q.rejects.len() as u64, listed);
    for r in &q.rejects {
        let index = q
            .files
            .iter()
            .position(|f| f.name == r.file)
            .expect("a reject names its file");
        // LF, CRLF and a lone CR each end a line (in UTF-16 this counts more than there are, never fewer).
        let lines = kokyaku_core::ingest::records::line_breaks(files[index]) + 1;
        assert!(
            (1..=lines).contains(&r.line),
            "line {} of {lines}: {}",
            r.line,
            r.reason
        );
        let words = r.reason.to_string();
        assert!(
            !words.is_empty() && !words.contains(['\n', '\r']),
            "{words:?}"
        );
        assert_eq!(r.field, r.reason.field(), "{words}");
        // And in Japanese, on one line too.
        let ja = r.reason.ja();
        assert!(!ja.is_empty() && !ja.contains(['\n', '\r']), "{ja:?}");
    }
    for lang in [Lang::En, Lang::Ja] {
        let csv = q.rejects_csv(lang);
        // A header, the kept rejects, and a row saying where the list stopped when it did.
        assert_eq!(
            csv.matches("\r\n").count(),
            q.rejects.len() + 1 + usize::from(q.rejects_truncated())
        );
    }
    for file in &q.files {
        assert_eq!(file.notes_in(Lang::Ja).len(), file.notes.len());
    }
}

fn check_dataset(ds: &Dataset) {
    let n = ds.order_count();
    let o = &ds.orders;
    assert_eq!(
        [
            o.customer.len(),
            o.value.len(),
            o.subscription.len(),
            o.first_line.len()
        ],
        [n; 4]
    );
    assert!(ds.customer_count() <= n, "customers ≤ orders");
    assert_eq!(ds.contacts.email.len(), ds.customer_count());
    assert_eq!(ds.contacts.phone.len(), ds.customer_count());
    // Names: none at all, or one (maybe empty) per customer.
    assert!(ds.contacts.name.is_empty() || ds.contacts.name.len() == ds.customer_count());
    assert_eq!(ds.customer_start.len(), ds.customer_count() + 1);
    assert_eq!(*ds.customer_start.last().unwrap() as usize, n);
    for c in 0..ds.customer_count() as u32 {
        let range = ds.customer_orders(c);
        assert!(!range.is_empty(), "every customer has an order");
        assert!(o.customer[range.clone()].iter().all(|&k| k == c));
        assert!(o.date[range].windows(2).all(|w| w[0] <= w[1]));
    }
    // Only plausible dates (1990–2099) and order values (at most 10^12 currency units) get in.
    assert!(o.date.iter().all(|d| is_plausible_order_date(*d)));
    let max_minor = 10i64.pow(12 + ds.currency.decimals);
    assert!(o.value.iter().all(|v| v.abs() <= max_minor));
    let lines = ds.lines.product.len();
    assert!(o.first_line.windows(2).all(|w| w[0] <= w[1]));
    assert!(o.first_line.iter().all(|&l| l as usize <= lines));
    assert!(ds
        .lines
        .product
        .iter()
        .all(|&p| (p as usize) < ds.products.len()));
}

fn run_analyses(ds: &Dataset) {
    let s = summary::summarize(ds, None);
    assert_eq!(s.customers as usize, ds.customer_count());
    assert_eq!(s.orders as usize, ds.order_count());
    let revenue = ds
        .orders
        .value
        .iter()
        .try_fold(0i64, |a, &v| a.checked_add(v));
    assert_eq!(Some(s.revenue_minor), revenue);
    assert!(s.repeat_customers <= s.customers);

    let r = rfm::rfm(ds, None, &Default::default());
    assert_eq!(r.customers.len(), ds.customer_count());
    for c in &r.customers {
        assert!([c.r_score, c.f_score, c.m_score]
            .iter()
            .all(|s| (1..=5).contains(s)));
    }
    let g = cpm::cpm(ds, None, &Default::default());
    assert_eq!(g.customers.len(), ds.customer_count());
    // The tables for people, in every style: a cell per column in every row (keys may hold line breaks, so
    // the rows are counted as written, not as lines).
    let decimals = ds.currency.decimals;
    let customers = tables::cpm::customers(ds, &g).into_table();
    for style in [
        CsvStyle::ids(decimals),
        CsvStyle {
            lang: Some(Lang::Ja),
            decimals,
        },
    ] {
        let rows = customers.written_rows(&style);
        assert_eq!(rows.len(), ds.customer_count());
        assert!(rows.iter().all(|r| r.len() == customers.columns.len()));
        assert!(customers.to_csv(&style).starts_with('\u{FEFF}'));
    }
    for granularity in [cohort::Granularity::Month, cohort::Granularity::Week] {
        let c = cohort::cohorts(ds, None, granularity);
        let cohort_customers: u64 = c
            .rows
            .iter()
            .filter(|r| r.period == 0)
            .map(|r| r.customers)
            .sum();
        assert_eq!(cohort_customers as usize, ds.customer_count());
    }
    repeat::repeat(ds, None, &Default::default());
    history::history(ds, None, &Default::default());
    let l = ltv::predictive_ltv(ds, None, &Default::default());

    let table = CustomerTable::new(ds, None, &TableParams::default(), Some(&l));
    assert_eq!(table.rows.len(), ds.customer_count());
    let everyone =
        segment::select(&Default::default(), &table, ds).expect("the empty query selects all");
    assert_eq!(everyone.customers as usize, table.rows.len());
    let layout = Layout::all_fields(&table);
    let bytes = segment::export_csv(&layout, segment::Encoding::Utf8Bom, &everyone, &table, ds)
        .expect("UTF-8 holds every character");
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    let _ = segment::export_csv(&layout, segment::Encoding::ShiftJis, &everyone, &table, ds);
    for list in [Layout::EmailList, Layout::PhoneList] {
        let _ = segment::export_csv(&list, segment::Encoding::Utf8Bom, &everyone, &table, ds);
    }
}
