//! Exports as they come from shops that write no header row, and exports whose columns reading cannot find:
//! a file read with `no_header` and its columns mapped by number, read whole and in small chunks every way
//! with the same figures; the error that shows a headerless file's first row numbered; column numbers in a
//! mapping of a file with a header; the columns proposed when required fields have none; a header row that
//! looks like data; the preview of a headerless file; and a drop of files with and without a header row.
//!
//! The fixtures are small and hand-made, their figures (orders, customers, revenue, rejected lines) computed
//! by hand.

mod common;

use common::figures;
use kokyaku_core::ingest::{
    preview, preview_headerless, EncodingChoice, Field, IngestOptions, Ingested, Ingestor,
    PresetChoice,
};

/// An order-lines export without a header row: order id, date, e-mail, product, quantity, order total.
/// Orders: #1001 (two lines, 1500) and #1003 (2000) of a@, #1002 (800) of b@; line 5's total cannot be read
/// and line 6 has five fields where the first row has six.
const LINES: &str = "#1001,2024-01-05,a@example.jp,SKU-1,2,1500\r\n\
                     #1001,2024-01-05,a@example.jp,SKU-2,1,1500\r\n\
                     #1002,2024-02-10,b@example.jp,SKU-1,1,800\r\n\
                     #1003,2024-03-01,a@example.jp,SKU-3,1,2000\r\n\
                     #1004,2024-03-02,c@example.jp,SKU-1,1,abc\r\n\
                     #1005,2024-03-05,b@example.jp,SKU-2,1\r\n";

fn map(pairs: &[(Field, &str)]) -> Vec<(Field, String)> {
    pairs.iter().map(|(f, c)| (*f, c.to_string())).collect()
}

fn lines_mapping() -> Vec<(Field, String)> {
    map(&[
        (Field::OrderId, "1"),
        (Field::OrderDate, "2"),
        (Field::Email, "3"),
        (Field::ProductId, "4"),
        (Field::Quantity, "5"),
        (Field::OrderTotal, "6"),
    ])
}

fn headerless(mapping: Vec<(Field, String)>) -> IngestOptions {
    IngestOptions {
        no_header: true,
        mapping,
        ..IngestOptions::default()
    }
}

/// Reads `bytes` every way (see `common::read_every_way`).
fn read_every_way(options: &IngestOptions, bytes: &[u8]) -> Result<Ingested, String> {
    common::read_every_way(options, "f.csv", bytes)
}

#[test]
fn a_headerless_file_mapped_by_number_reads_its_first_line_as_data() {
    let data = read_every_way(&headerless(lines_mapping()), LINES.as_bytes()).unwrap();
    assert_eq!(figures(&data), (3, 2, 1500 + 800 + 2000, vec![5, 6]));
    assert_eq!(data.quality.rows_read, 6);
    assert_eq!(data.quality.rows_rejected, 2);
    let file = &data.quality.files[0];
    assert_eq!(file.rows_read, 6);
    // The report names the columns by number.
    assert!(file
        .columns
        .contains(&(Field::OrderDate, "column 2".to_string())));
    assert!(file
        .columns
        .contains(&(Field::OrderTotal, "column 6".to_string())));
    let reasons: Vec<String> = data
        .quality
        .rejects
        .iter()
        .map(|r| r.reason.to_string())
        .collect();
    assert_eq!(reasons[1], "the row has 5 fields but the first row has 6");
    assert_eq!(data.quality.rejects[0].field, Some(Field::OrderTotal));
    assert_eq!(data.dataset.customer_keys, ["a@example.jp", "b@example.jp"]);
}

#[test]
fn mappings_by_name_and_by_number_read_a_headerless_file_alike() {
    let named = map(&[
        (Field::OrderId, "column 1"),
        (Field::OrderDate, "column 2"),
        (Field::Email, "column 3"),
        (Field::ProductId, "column 4"),
        (Field::Quantity, "column 5"),
        (Field::OrderTotal, "column 6"),
    ]);
    let by_name = read_every_way(&headerless(named), LINES.as_bytes()).unwrap();
    let by_number = read_every_way(&headerless(lines_mapping()), LINES.as_bytes()).unwrap();
    assert_eq!(
        format!("{:?}", by_name.dataset),
        format!("{:?}", by_number.dataset)
    );
}

#[test]
fn blank_lines_and_a_sep_line_before_the_first_row_keep_line_numbers() {
    // Excel's sep= line (line 1) and a blank line (2): the first row is line 3 and is data.
    let text = "sep=;\n\n7;2024-01-05;1200\n8;2024-01-06;x\n7;2024-02-01;800\n";
    let mapping = map(&[
        (Field::CustomerId, "1"),
        (Field::OrderDate, "2"),
        (Field::OrderTotal, "3"),
    ]);
    let data = read_every_way(&headerless(mapping), text.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 1, 2000, vec![4]));
}

#[test]
fn a_headerless_file_without_a_mapping_shows_its_first_row_numbered() {
    let err = read_every_way(&headerless(Vec::new()), LINES.as_bytes()).unwrap_err();
    assert!(
        err.starts_with("f.csv: the file is read without a header row, so its columns are known only by their numbers"),
        "{err}"
    );
    assert!(
        err.contains("The first row (line 1), numbered: 1 = #1001, 2 = 2024-01-05, 3 = a@example.jp, 4 = SKU-1, 5 = 2, 6 = 1500."),
        "{err}"
    );
    // Proposed from the values: e-mails, `#` ids on adjacent rows, dates. Two columns of amounts: no total.
    assert!(
        err.contains(
            "Proposed from the first rows: order_id=1, order_date=2, email=3. Map the order id too"
        ),
        "{err}"
    );
    assert!(
        err.contains("Map order_date, order_total and a customer key (customer_id, email or phone) with field=number, counting columns from 1 (for example order_date=2)."),
        "{err}"
    );
    // Mapped in part: the fields still missing are named.
    let part = map(&[(Field::OrderDate, "2"), (Field::Email, "3")]);
    let err = read_every_way(&headerless(part), LINES.as_bytes()).unwrap_err();
    assert!(
        err.starts_with("f.csv: the file is read without a header row, and no column number is mapped for: order_total."),
        "{err}"
    );
    assert!(
        err.contains("Proposed from the first rows: order_id=1."),
        "{err}"
    );
    // A number beyond the first row's columns.
    let far = map(&[(Field::OrderDate, "9")]);
    let err = read_every_way(&headerless(far), LINES.as_bytes()).unwrap_err();
    assert_eq!(
        err,
        "f.csv: the mapping order_date=9 names column 9, but the file has 6 columns"
    );
}

#[test]
fn with_a_header_a_number_that_is_no_header_name_is_a_column_number() {
    let text = "伝票,日付,客,2\nA1,2024-01-05,C1,1200\nA2,2024-01-06,C2,800\n";
    // `2` is the header of column 4: it names that column; `3` names no header and is column 3.
    let mapping = map(&[
        (Field::OrderId, "1"),
        (Field::OrderDate, "日付"),
        (Field::CustomerId, "3"),
        (Field::OrderTotal, "2"),
    ]);
    let options = IngestOptions {
        mapping,
        ..IngestOptions::default()
    };
    let data = read_every_way(&options, text.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 2000, vec![]));
    assert_eq!(data.dataset.customer_keys, ["C1", "C2"]);
}

/// An order-lines export whose header names the cart's own way, which the generic preset does not know.
const UNKNOWN: &str = "伝票番号,受付日,お客様メール,品番,数量,支払額\n\
                       A-1,2024-01-05,a@example.jp,P1,2,1500\n\
                       A-1,2024-01-05,a@example.jp,P2,1,1500\n\
                       A-2,2024-02-10,b@example.jp,P1,1,800\n";

#[test]
fn missing_fields_come_with_columns_proposed_for_the_order_id_and_keys() {
    // Only the date mapped: the order id, the e-mail and the total are proposed, with why the order id.
    let options = IngestOptions {
        mapping: map(&[(Field::OrderDate, "受付日")]),
        ..IngestOptions::default()
    };
    let err = read_every_way(&options, UNKNOWN.as_bytes()).unwrap_err();
    assert!(
        err.contains("no column was found for: order_total, customer_id. Map them with field=column (for example order_total=支払額). Proposed from the header names and the first rows: order_id=伝票番号, email=お客様メール, order_total=支払額. Map the order id too, not only the missing fields: without it every row is an order of its own, so a file with a row per product line would count every line as an order. Columns in the file: "),
        "{err}"
    );
    // Mapped as proposed, the three lines are two orders.
    let options = IngestOptions {
        mapping: map(&[
            (Field::OrderId, "伝票番号"),
            (Field::OrderDate, "受付日"),
            (Field::Email, "お客様メール"),
            (Field::OrderTotal, "支払額"),
        ]),
        ..IngestOptions::default()
    };
    let data = read_every_way(&options, UNKNOWN.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 2300, vec![]));
}

#[test]
fn columns_are_proposed_from_values_when_headers_say_nothing() {
    // Headers that name nothing: e-mails, phones and dates are told by their values, the order id by its
    // ids on adjacent rows.
    let text = "a,b,c,d,e\n\
                X10,2024-01-05,090-1234-5678,k@example.jp,1500\n\
                X10,2024-01-05,090-1234-5678,k@example.jp,1500\n\
                X11,2024-01-07,03-1234-5678,m@example.jp,700\n";
    let err = read_every_way(&IngestOptions::default(), text.as_bytes()).unwrap_err();
    assert!(
        err.contains("Proposed from the header names and the first rows: order_id=a, order_date=b, email=d, phone=c, order_total=e."),
        "{err}"
    );
}

#[test]
fn the_preview_proposes_what_the_error_proposes() {
    let p = preview(
        "u.csv",
        UNKNOWN.as_bytes(),
        true,
        EncodingChoice::Auto,
        PresetChoice::Auto,
        &[],
        2,
    )
    .unwrap();
    assert_eq!(p.rows.len(), 2);
    assert_eq!(
        p.proposed,
        map(&[
            (Field::OrderId, "伝票番号"),
            (Field::OrderDate, "受付日"),
            (Field::Email, "お客様メール"),
            (Field::OrderTotal, "支払額"),
        ])
    );
    let err = read_every_way(&IngestOptions::default(), UNKNOWN.as_bytes()).unwrap_err();
    assert!(err.contains(&p.proposal()), "{err}\n{}", p.proposal());
}

#[test]
fn a_first_row_of_data_read_as_a_header_row_is_said_to_look_like_data() {
    let err = read_every_way(&IngestOptions::default(), LINES.as_bytes()).unwrap_err();
    assert!(
        err.ends_with(". The header row looks like data, not column names: if the file has no header row, read it without one (--no-header; JS API no_header) and map its columns by number"),
        "{err}"
    );
    let p = preview(
        "f.csv",
        LINES.as_bytes(),
        true,
        EncodingChoice::Auto,
        PresetChoice::Auto,
        &[],
        5,
    )
    .unwrap();
    assert!(p.header_is_data && !p.headerless);
    // Real column names do not look like data, even unknown ones.
    let err = read_every_way(&IngestOptions::default(), UNKNOWN.as_bytes()).unwrap_err();
    assert!(!err.contains("looks like data"), "{err}");
    let p = preview(
        "u.csv",
        UNKNOWN.as_bytes(),
        true,
        EncodingChoice::Auto,
        PresetChoice::Auto,
        &[],
        5,
    )
    .unwrap();
    assert!(!p.header_is_data);
}

#[test]
fn a_headerless_preview_numbers_the_columns_and_proposes_numbers() {
    let p = preview_headerless(
        "f.csv",
        LINES.as_bytes(),
        true,
        EncodingChoice::Auto,
        PresetChoice::Auto,
        &[],
        3,
    )
    .unwrap();
    assert!(p.headerless);
    assert_eq!(p.headers[0], "column 1");
    assert_eq!(p.headers.len(), 6);
    assert_eq!(p.header_line, 1);
    // The first row is data.
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.rows[0][0], "#1001");
    assert_eq!(
        p.missing,
        [Field::OrderDate, Field::OrderTotal, Field::CustomerId]
    );
    // What the reading's error proposes, in the same words.
    assert_eq!(
        p.proposed,
        map(&[
            (Field::OrderId, "1"),
            (Field::OrderDate, "2"),
            (Field::Email, "3")
        ])
    );
    let err = read_every_way(&headerless(Vec::new()), LINES.as_bytes()).unwrap_err();
    assert!(err.contains(&p.proposal()), "{err}\n{}", p.proposal());
    // Keys for files without a header row never meet the keys of header rows.
    assert_eq!(p.header_key(), "no-header-6");
    let mapped = preview_headerless(
        "f.csv",
        LINES.as_bytes(),
        true,
        EncodingChoice::Auto,
        PresetChoice::Auto,
        &lines_mapping(),
        3,
    )
    .unwrap();
    assert!(mapped.missing.is_empty() && mapped.proposed.is_empty());
    assert!(mapped
        .mapping
        .contains(&(Field::OrderTotal, "column 6".to_string())));
    let far = map(&[(Field::OrderDate, "9")]);
    let err = preview_headerless(
        "f.csv",
        LINES.as_bytes(),
        true,
        EncodingChoice::Auto,
        PresetChoice::Auto,
        &far,
        3,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "f.csv: the mapping order_date=9 names column 9, but the file has 6 columns"
    );
}

#[test]
fn one_drop_reads_a_file_with_a_header_row_and_one_without() {
    let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
    let named = map(&[
        (Field::OrderId, "伝票番号"),
        (Field::OrderDate, "受付日"),
        (Field::Email, "お客様メール"),
        (Field::OrderTotal, "支払額"),
    ]);
    ingestor
        .begin_file_as("named.csv", Some(named), false)
        .unwrap();
    ingestor.push(UNKNOWN.as_bytes()).unwrap();
    ingestor.end_file().unwrap();
    ingestor
        .begin_file_as("lines.csv", Some(lines_mapping()), true)
        .unwrap();
    ingestor.push(LINES.as_bytes()).unwrap();
    ingestor.end_file().unwrap();
    let data = ingestor.finish().unwrap();
    // A-1 (1500) and A-2 (800), then #1001 (1500), #1002 (800), #1003 (2000): a@ and b@ in both files.
    assert_eq!(figures(&data), (5, 2, 2300 + 4300, vec![5, 6]));
    let file = &data.quality.files[1];
    assert!(file
        .columns
        .contains(&(Field::OrderDate, "column 2".to_string())));
}
