//! Segment exports byte for byte, on a small shop whose outputs were worked out by hand: where the BOM goes,
//! CRLF, header names, phone numbers in each form, and what E.164 and Shift_JIS leave out or replace.

use kokyaku_core::ingest::ingest_files;
use kokyaku_core::segment::{
    export, select, CustomerTable, Encoding, ExportError, ExportOptions, Field, Layout, PhoneForm,
    Query, ReplacedLine, TableParams, Unmappable,
};
use kokyaku_core::Dataset;

/// One order each, as of 2024-01-07. Phones as reading keeps them: A `09012345678`, B `0312345678`,
/// C `14155550100` (written with `+1`: its country code kept), D `012345678` (a 0 and 8 digits: no E.164
/// form), E none. A's key has a wave dash 〜 (U+301C) and a minus − (U+2212), which CP932 holds in their
/// Windows forms; D's key has an emoji, which Shift_JIS cannot hold.
const SHOP: &str = "\
order_id,order_date,customer_id,phone,order_total
1,2024-01-01,A〜−,090-1234-5678,1000
2,2024-01-02,B,03-1234-5678,2000
3,2024-01-03,C,+1 415 555 0100,3000
4,2024-01-04,D😀,012345678,4000
5,2024-01-06,E,,5000
";

fn data() -> (Dataset, CustomerTable) {
    let ds = ingest_files(Default::default(), [("shop.csv", SHOP.as_bytes())])
        .unwrap()
        .dataset;
    let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
    (ds, table)
}

fn options(encoding: Encoding, phone_form: PhoneForm, unmappable: Unmappable) -> ExportOptions {
    ExportOptions {
        encoding,
        phone_form,
        unmappable,
    }
}

fn fields() -> Layout {
    Layout::Fields(vec![Field::Customer, Field::Phone, Field::Monetary])
}

#[test]
fn phones_in_the_fields_layout_keep_their_zero_and_e164_leaves_out_what_it_cannot_write() {
    let (ds, table) = data();
    let everyone = select(&Query::default(), &table, &ds).unwrap();
    let national = export(&fields(), &Default::default(), &everyone, &table, &ds).unwrap();
    assert_eq!(
        String::from_utf8(national.bytes).unwrap(),
        "\u{FEFF}customer,phone,monetary\r\n\
         A〜−,090-1234-5678,1000\r\n\
         B,03-1234-5678,2000\r\n\
         C,14155550100,3000\r\n\
         D😀,01234-5678,4000\r\n\
         E,,5000\r\n"
    );
    assert_eq!(national.phones_not_e164.count, 0);

    let e164 = options(Encoding::Utf8Bom, PhoneForm::E164, Unmappable::Refuse);
    let written = export(&fields(), &e164, &everyone, &table, &ds).unwrap();
    // `+` and digits are written without the `'` that neutralises formulas; D's number is left empty.
    assert_eq!(
        String::from_utf8(written.bytes).unwrap(),
        "\u{FEFF}customer,phone,monetary\r\n\
         A〜−,+819012345678,1000\r\n\
         B,+81312345678,2000\r\n\
         C,+14155550100,3000\r\n\
         D😀,,4000\r\n\
         E,,5000\r\n"
    );
    assert_eq!(written.phones_not_e164.count, 1);
    assert_eq!(
        written.phones_not_e164.named,
        [("D😀".to_string(), "012345678".to_string())]
    );
}

#[test]
fn phone_lists_have_no_bom_and_e164_skips_and_counts_what_it_cannot_write() {
    let (ds, table) = data();
    let everyone = select(&Query::default(), &table, &ds).unwrap();
    let digits = export(
        &Layout::PhoneList,
        &Default::default(),
        &everyone,
        &table,
        &ds,
    )
    .unwrap();
    assert_eq!(
        digits.bytes,
        b"09012345678\r\n0312345678\r\n14155550100\r\n012345678\r\n"
    );
    let e164 = options(Encoding::Utf8Bom, PhoneForm::E164, Unmappable::Refuse);
    let list = export(&Layout::PhoneList, &e164, &everyone, &table, &ds).unwrap();
    assert_eq!(
        list.bytes,
        b"+819012345678\r\n+81312345678\r\n+14155550100\r\n"
    );
    let report = list.list.unwrap();
    assert_eq!(
        (
            report.written,
            report.missing,
            report.unusable,
            report.not_e164
        ),
        (3, 1, 0, 1)
    );
    assert_eq!(
        report.skipped,
        [
            ("D😀".to_string(), "012345678".to_string()),
            ("E".to_string(), String::new())
        ]
    );
    // Shift_JIS lists have no BOM either.
    let sjis = options(Encoding::ShiftJis, PhoneForm::E164, Unmappable::Refuse);
    let list = export(&Layout::PhoneList, &sjis, &everyone, &table, &ds).unwrap();
    assert_eq!(
        list.bytes,
        b"+819012345678\r\n+81312345678\r\n+14155550100\r\n"
    );
}

#[test]
fn shift_jis_writes_cp932_forms_and_refuses_or_replaces_what_it_cannot_hold() {
    let (ds, table) = data();
    let everyone = select(&Query::default(), &table, &ds).unwrap();
    let refuse = options(Encoding::ShiftJis, PhoneForm::National, Unmappable::Refuse);
    let e = export(&fields(), &refuse, &everyone, &table, &ds).unwrap_err();
    assert_eq!(
        e,
        ExportError::Unmappable {
            line: 5,
            customer: "D😀".into(),
            character: '😀'
        }
    );

    // Without D, nothing to replace: 〜 is 0x81 0x60 and − 0x81 0x7C, as Windows writes them.
    let not_d = select(&"customer != D😀".parse().unwrap(), &table, &ds).unwrap();
    let written = export(&fields(), &refuse, &not_d, &table, &ds).unwrap();
    let mut expected = b"customer,phone,monetary\r\nA".to_vec();
    expected.extend_from_slice(&[0x81, 0x60, 0x81, 0x7C]);
    expected.extend_from_slice(
        b",090-1234-5678,1000\r\nB,03-1234-5678,2000\r\nC,14155550100,3000\r\nE,,5000\r\n",
    );
    assert_eq!(written.bytes, expected);
    assert_eq!(written.replaced, None);

    // With 〓 (0x81 0xAC) in its place: line 5, D's row, is reported.
    let geta = options(Encoding::ShiftJis, PhoneForm::National, Unmappable::Geta);
    let written = export(&fields(), &geta, &everyone, &table, &ds).unwrap();
    let d_line: &[u8] = &[
        b'\n', b'D', 0x81, 0xAC, b',', b'0', b'1', b'2', b'3', b'4', b'-', b'5', b'6', b'7', b'8',
        b',', b'4', b'0', b'0', b'0', b'\r', b'\n',
    ];
    assert!(
        written.bytes.windows(d_line.len()).any(|w| w == d_line),
        "{:02X?}",
        written.bytes
    );
    let replaced = written.replaced.unwrap();
    assert_eq!(
        (replaced.with.as_str(), replaced.lines, replaced.characters),
        ("〓", 1, 1)
    );
    assert_eq!(
        replaced.named,
        [ReplacedLine {
            line: 5,
            customer: "D😀".into(),
            characters: "😀".into()
        }]
    );
    let question = options(
        Encoding::ShiftJis,
        PhoneForm::National,
        Unmappable::Question,
    );
    let written = export(&fields(), &question, &everyone, &table, &ds).unwrap();
    assert!(written.bytes.windows(4).any(|w| w == b"\nD?,"));
}
