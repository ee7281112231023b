//! A Parquet file gives the same dataset and the same rejects as the CSV of the same table, with rows
//! numbered from 1, and says when its dates are UTC dates.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, TimestampSecondArray};
use bytes::Bytes;
use kokyaku_core::ingest::{ingest_files, FileNote, IngestErrorKind, Threads};
use kokyaku_core::{IngestOptions, Ingested, Ingestor};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// One order row: id, date as days since 1970-01-01 (or none), e-mail, total in yen, cancelled.
type Row = (&'static str, Option<i32>, &'static str, i128, bool);

/// 2024-01-05 as days since 1970-01-01.
const JAN_5: i32 = 19_727;

const ROWS: [Row; 5] = [
    ("1", Some(JAN_5), "a@example.jp", 1200, false),
    ("2", Some(JAN_5 + 27), "A@Example.jp ", 800, false),
    ("3", None, "b@example.jp", 500, false),
    ("4", Some(JAN_5 + 40), "b@example.jp", 3000, true),
    ("5", Some(JAN_5 + 41), "c@example.jp", 4500, false),
];

/// The rows as Parquet (a date column, a decimal total, a boolean flag), in row groups of `group` rows.
fn parquet(rows: &[Row], group: usize) -> Vec<u8> {
    let (mut id, mut date, mut email) = (
        StringBuilder::new(),
        Date32Builder::new(),
        StringBuilder::new(),
    );
    let mut total = Decimal128Builder::new()
        .with_precision_and_scale(12, 0)
        .unwrap();
    let mut cancelled = BooleanBuilder::new();
    for (i, d, e, t, c) in rows {
        id.append_value(i);
        date.append_option(*d);
        email.append_value(e);
        total.append_value(*t);
        cancelled.append_value(*c);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("order_id", Arc::new(id.finish())),
        ("order_date", Arc::new(date.finish())),
        ("email", Arc::new(email.finish())),
        ("order_total", Arc::new(total.finish())),
        ("cancelled_at", Arc::new(cancelled.finish())),
    ];
    write(RecordBatch::try_from_iter(columns).unwrap(), group)
}

fn write(batch: RecordBatch, group: usize) -> Vec<u8> {
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(group))
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    out
}

/// The same rows as CSV, written by hand.
const CSV: &str = "order_id,order_date,email,order_total,cancelled_at\n\
    1,2024-01-05,a@example.jp,1200,false\n\
    2,2024-02-01,A@Example.jp ,800,false\n\
    3,,b@example.jp,500,false\n\
    4,2024-02-14,b@example.jp,3000,true\n\
    5,2024-02-15,c@example.jp,4500,false\n";

fn read(bytes: Vec<u8>) -> Ingested {
    read_on(bytes, Threads::Two)
}

fn read_on(bytes: Vec<u8>, threads: Threads) -> Ingested {
    let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
    kokyaku_parquet::read(&mut ingestor, "orders.parquet", Bytes::from(bytes), threads).unwrap();
    ingestor.finish().unwrap()
}

#[test]
fn a_parquet_file_gives_the_dataset_of_the_same_table_as_csv() {
    let from_csv =
        ingest_files(IngestOptions::default(), [("orders.csv", CSV.as_bytes())]).unwrap();
    for (group, threads) in [(1, Threads::Two), (2, Threads::One), (5, Threads::Two)] {
        let from_parquet = read_on(parquet(&ROWS, group), threads);
        assert_eq!(
            from_parquet.dataset, from_csv.dataset,
            "row groups of {group}"
        );
        // Two customers (a, c) with valid orders: b's first order has no date, and b's other is cancelled.
        let ds = &from_parquet.dataset;
        let buying = (0..ds.customer_count() as u32)
            .filter(|&c| !ds.customer_orders(c).is_empty())
            .count();
        assert_eq!(buying, 2);
        assert_eq!(from_parquet.dataset.orders.value, [1200, 800, 4500]);
        let q = &from_parquet.quality;
        assert_eq!(
            (q.rows_read, q.orders_rejected, q.cancelled_orders),
            (5, 1, 1)
        );
    }
}

#[test]
fn rejected_rows_are_named_by_their_row_number_from_one() {
    let q = read(parquet(&ROWS, 2)).quality;
    let csv = ingest_files(IngestOptions::default(), [("orders.csv", CSV.as_bytes())])
        .unwrap()
        .quality;
    // The order without a date is the third row: line 4 of the CSV (after its header), row 3 of the
    // Parquet file; the same reason.
    assert_eq!(q.rejects.len(), 1);
    assert_eq!(q.rejects[0].line, 3);
    assert_eq!(csv.rejects[0].line, 4);
    assert_eq!(q.rejects[0].reason, csv.rejects[0].reason);
    let file = &q.files[0];
    assert!(file.notes.contains(&FileNote::Parquet));
    assert!(file.bytes > 0);
}

#[test]
fn utc_timestamps_are_read_as_their_utc_dates_and_said_to_be() {
    // 2024-01-05 20:00:00 UTC, which is already 2024-01-06 in Japan.
    let at = i64::from(JAN_5) * 86_400 + 20 * 3600;
    let stamps = TimestampSecondArray::from(vec![at]).with_timezone("UTC");
    let batch = RecordBatch::try_from_iter(vec![
        (
            "order_id",
            Arc::new(arrow_array::StringArray::from(vec!["1"])) as ArrayRef,
        ),
        ("created_at", Arc::new(stamps)),
        (
            "email",
            Arc::new(arrow_array::StringArray::from(vec!["a@example.jp"])),
        ),
        ("total", Arc::new(arrow_array::Int64Array::from(vec![900]))),
    ])
    .unwrap();
    let ingested = read(write(batch, 10));
    assert_eq!(ingested.dataset.orders.date[0].0, JAN_5);
    assert!(ingested.quality.files[0]
        .notes
        .contains(&FileNote::UtcInstants {
            column: "created_at".into()
        }));
}

#[test]
fn a_file_that_is_not_parquet_is_an_error_naming_it() {
    let mut bytes = parquet(&ROWS, 5);
    bytes.truncate(bytes.len() / 2);
    let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
    let e = kokyaku_parquet::read(
        &mut ingestor,
        "cut.parquet",
        Bytes::from(bytes),
        Threads::Two,
    )
    .unwrap_err();
    assert_eq!(e.file, "cut.parquet");
    assert!(matches!(e.kind, IngestErrorKind::Parquet(_)), "{e}");
    assert!(e
        .to_string()
        .starts_with("cut.parquet: the Parquet file cannot be read: "));
}

#[test]
fn missing_columns_fail_as_a_csv_header_does() {
    let batch = RecordBatch::try_from_iter(vec![(
        "note",
        Arc::new(arrow_array::StringArray::from(vec!["x"])) as ArrayRef,
    )])
    .unwrap();
    let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
    let e = kokyaku_parquet::read(
        &mut ingestor,
        "x.parquet",
        Bytes::from(write(batch, 1)),
        Threads::Two,
    )
    .unwrap_err();
    assert!(matches!(e.kind, IngestErrorKind::Mapping(_)), "{e}");
}
