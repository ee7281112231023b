//! Streaming ingestion: bytes of one or more order exports in, a [`Dataset`](crate::model::Dataset) and a
//! [`Quality`] report out.
//!
//! The modules form a one-way pipeline, declared below in its order; none imports one further down (a test
//! checks it). The first ones are what every stage shares: the canonical fields, the preset tables, the user's
//! options, the errors and the typed row.
//!
//! ```text
//! bytes ─ decode (UTF-8 / Shift_JIS / UTF-16) ─ records (CSV, csv-core) ─ mapping (header → fields, with a
//!       preset) ─ shape (header row and separator found) ─ typed_row (dates, amounts, keys) ─ batch ─ reader (one file) ─ orders (grouped, validated, laid
//!       out) ─ ingestor (files → Dataset + Quality)
//! ```
//! Feed each file with [`Ingestor::begin_file`], any number of [`Ingestor::push`] calls with chunks of any
//! size, and [`Ingestor::end_file`]; then [`Ingestor::finish`]. Nothing in here panics on bad input: a file
//! that cannot be read at all is an [`IngestError`] naming the file and the place; a row or an order that
//! cannot be used is a counted [`Reject`] with its line and reason.

// Shared by every stage: the canonical fields, the preset tables, the user's options, the errors and reject
// reasons, the typed row and the cell readers (customer keys apart).
pub mod field;
pub mod presets;
pub mod statuses;
pub mod options;
mod error;
mod error_ja;
pub mod file_note;
pub mod notes_ja;
mod reject_ja;
mod reject_reason;
pub mod parse;
pub mod keys;
mod row;
// Bytes to text, text to CSV records.
pub mod decode;
pub mod records;
pub mod cells;
// The header row mapped onto the fields (and a preview of a file's start for the mapping screen).
pub mod mapping;
pub mod proposals;
pub mod shape;
pub mod preview;
// Each record read into a typed row, gathered in a batch, by one file's reader.
mod typed_row;
mod batch;
mod reader;
#[cfg(not(target_arch = "wasm32"))]
mod blocks;
// Rows grouped into orders, counted in the quality report, laid out as the dataset.
pub mod order_notes;
pub mod quality;
mod orders;
// Files in, dataset out; orders given as values instead of CSV.
mod ingestor;
pub mod values;
// Customers tables (one row per customer) instead of orders.
pub mod customer_columns;
mod customer_table;

pub use crate::join::Threads;
pub use batch::RowBatch;
pub use cells::{CellRows, CellSink};
pub use customer_columns::{is_customer_header, CustomerColumn};
pub use customer_table::{starts_customer_table, CustomerTableReader};
pub use decode::{Encoding, EncodingChoice};
pub use error::{DecodeError, IngestError, IngestErrorKind, MappingError, PushError, SplitError};
pub use field::Field;
pub use file_note::FileNote;
pub use ingestor::{Ingested, Ingestor};
pub use options::IngestOptions;
pub use options::Separator;
pub use order_notes::OrderNotes;
pub use presets::{PresetChoice, PresetId};
pub use preview::{preview, preview_headerless, Preview};
pub use quality::{FileReport, MaxRejectRate, Quality, Reject};
pub use reader::RowReader;
pub use reject_reason::{CustomerValue, FiguresProblem, RejectReason};
pub use statuses::{StatusChoice, StatusClass, StatusCount, StatusTally};
pub use values::{LineValues, OrderValues};

/// A convenience for callers with whole files in memory: ingests `(name, bytes)` pairs.
pub fn ingest_files<'a>(
    options: IngestOptions,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Ingested, IngestError> {
    let mut ingestor = Ingestor::new(options)?;
    for (name, bytes) in files {
        ingestor.begin_file(name)?;
        for chunk in bytes.chunks(1 << 20) {
            ingestor.push(chunk)?;
        }
        ingestor.end_file()?;
    }
    ingestor.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pipeline's modules in their order, with their source.
    const PIPELINE: [(&str, &str); 42] = [
        ("field", include_str!("field.rs")),
        ("presets", include_str!("presets.rs")),
        ("statuses", include_str!("statuses.rs")),
        ("options", include_str!("options.rs")),
        ("error", include_str!("error.rs")),
        ("file_note", include_str!("file_note.rs")),
        ("reject_reason", include_str!("reject_reason.rs")),
        ("parse", include_str!("parse.rs")),
        ("keys", include_str!("keys.rs")),
        ("row", include_str!("row.rs")),
        ("decode", include_str!("decode.rs")),
        ("records", include_str!("records.rs")),
        ("cells", include_str!("cells.rs")),
        ("resolve", include_str!("mapping/resolve.rs")),
        ("mapping", include_str!("mapping/mod.rs")),
        ("proposals", include_str!("proposals.rs")),
        ("shape", include_str!("shape.rs")),
        ("preview", include_str!("preview.rs")),
        ("typed_row", include_str!("typed_row.rs")),
        ("batch", include_str!("batch.rs")),
        ("reader", include_str!("reader.rs")),
        ("blocks", include_str!("blocks.rs")),
        ("order_notes", include_str!("order_notes.rs")),
        ("quality", include_str!("quality.rs")),
        ("slots", include_str!("orders/slots.rs")),
        ("intern", include_str!("orders/intern.rs")),
        ("draft", include_str!("orders/draft.rs")),
        ("tags", include_str!("orders/tags.rs")),
        ("book", include_str!("orders/book.rs")),
        ("agreement", include_str!("orders/agreement.rs")),
        ("grouping", include_str!("orders/grouping.rs")),
        ("identity", include_str!("orders/identity.rs")),
        ("layout", include_str!("orders/layout.rs")),
        ("refunds", include_str!("orders/refunds.rs")),
        ("validate", include_str!("orders/validate.rs")),
        ("ingestor", include_str!("ingestor.rs")),
        ("values", include_str!("values.rs")),
        ("customer_columns", include_str!("customer_columns.rs")),
        ("customer_table", include_str!("customer_table.rs")),
        // The words of the errors and reasons, which nothing in the pipeline needs.
        ("error_ja", include_str!("error_ja.rs")),
        ("reject_ja", include_str!("reject_ja.rs")),
        ("notes_ja", include_str!("notes_ja.rs")),
    ];

    /// The modules a source file names after `super::` (or `super::super::`) outside comments and tests.
    fn imported(source: &str) -> Vec<String> {
        let code = [
            "#[cfg(test)]\nmod tests",
            "#[cfg(test)]\npub(crate) mod tests",
        ]
        .iter()
        .filter_map(|m| source.find(m))
        .min()
        .map_or(source, |end| &source[..end]);
        let mut names = Vec::new();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            let mut rest = line;
            while let Some(at) = rest.find("super::") {
                rest = &rest[at + "super::".len()..];
                if rest.starts_with("super::") {
                    continue;
                }
                let group = match rest.strip_prefix('{') {
                    Some(inner) => inner.split('}').next().unwrap_or(""),
                    None => rest,
                };
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    names.push(name);
                }
            }
        }
        names
    }

    #[test]
    fn no_module_of_the_pipeline_imports_one_further_down() {
        let position = |name: &str| PIPELINE.iter().position(|(n, _)| *n == name);
        for (i, (module, source)) in PIPELINE.iter().enumerate() {
            for name in imported(source) {
                if let Some(j) = position(&name) {
                    assert!(j < i, "{module} imports {name}, which comes after it");
                }
            }
        }
        // The orders stage as a whole comes after quality and before the ingestor.
        let orders = include_str!("orders/mod.rs");
        assert!(imported(orders).iter().all(|n| position(n).is_none()));
        // Every file of the folder is in the list.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ingest");
        for folder in [dir.clone(), dir.join("orders"), dir.join("mapping")] {
            for entry in std::fs::read_dir(folder).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                if let Some(module) = name.strip_suffix(".rs").filter(|m| *m != "mod") {
                    assert!(position(module).is_some(), "{name} is not in PIPELINE");
                }
            }
        }
    }

    #[test]
    fn the_latest_contact_is_kept_whether_short_or_long() {
        let long_old = "a.very.long.address.of.someone@example.co.jp";
        let long_new = "a.very.long.address.of.someone@newdomain.example.jp";
        let csv = format!(
            "order_id,order_date,customer_id,email,phone\n\
             1,2024-01-05,C1,{long_old},090-1111-2222\n\
             2,2024-03-01,C1,{long_new},\n\
             3,2024-02-01,C1,short@example.jp,03-0000-0000\n\
             4,2024-01-01,C2,c2@example.jp,\n\
             5,2024-02-01,C2,{long_old},\n"
        )
        .replace("\n", ",1000\n")
        .replacen("phone,1000", "phone,order_total", 1);
        let data = ingest_files(IngestOptions::default(), [("c.csv", csv.as_bytes())]).unwrap();
        let ds = &data.dataset;
        assert_eq!(ds.customer_keys, ["C1", "C2"]);
        // C1: the e-mail of the latest order (2024-03-01); the phone of the latest row that has one.
        assert_eq!(ds.contacts.email(0), Some(long_new));
        assert_eq!(ds.contacts.phone(0), Some("0300000000"));
        assert_eq!(ds.contacts.email(1), Some(long_old));
        assert_eq!(ds.contacts.phone(1), None);
    }

    #[test]
    fn a_contact_read_again_later_dates_from_its_latest_row() {
        // C1 has b@ on 03-01 and a@ on 01-05 and again on 04-01, read out of date order: a@ is the latest.
        let csv = "order_id,order_date,customer_id,email,order_total\n\
                   1,2024-01-05,C1,a@example.jp,1000\n\
                   2,2024-04-01,C1,a@example.jp,1000\n\
                   3,2024-03-01,C1,b@example.jp,1000\n";
        let data = ingest_files(IngestOptions::default(), [("c.csv", csv.as_bytes())]).unwrap();
        assert_eq!(data.dataset.contacts.email(0), Some("a@example.jp"));
    }

    #[test]
    fn files_of_one_batch_can_each_have_their_own_mapping() {
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        let known = "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n";
        let unknown = "伝票番号,受付日時,お客様番号,支払額\nA1,2024-02-01,a@example.jp,800\n";
        ingestor.begin_file("known.csv").unwrap();
        ingestor.push(known.as_bytes()).unwrap();
        ingestor.end_file().unwrap();
        let mapping = vec![
            (Field::OrderId, "伝票番号".to_string()),
            (Field::OrderDate, "受付日時".to_string()),
            (Field::Email, "お客様番号".to_string()),
            (Field::OrderTotal, "支払額".to_string()),
        ];
        ingestor
            .begin_file_mapped("unknown.csv", Some(mapping))
            .unwrap();
        ingestor.push(unknown.as_bytes()).unwrap();
        ingestor.end_file().unwrap();
        let data = ingestor.finish().unwrap();
        assert_eq!(data.dataset.customer_keys, ["a@example.jp"]);
        assert_eq!(data.quality.rows_read, 2);
        assert_eq!(data.dataset.order_count(), 2);
    }
}
