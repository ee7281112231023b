//! `kokyaku segment`'s export options end to end: `--phone-form`, `--unmappable` and Shift_JIS as Windows
//! writes it, with the exact bytes worked out by hand and the lines on stderr.

mod common;

use common::{kokyaku, Scratch};

/// One order each, as of 2024-01-06. Phones as read: A `09012345678`, B `0312345678`, C `14155550100` (its
/// `+1` kept as the country code), D `012345678` (no E.164 form). A's key has 〜 (U+301C) and ¢ (U+00A2); D's
/// key has an emoji.
const SHOP: &str = "\
order_id,order_date,customer_id,phone,order_total
1,2024-01-01,A〜¢,090-1234-5678,1000
2,2024-01-02,B,03-1234-5678,2000
3,2024-01-03,C,+1 415 555 0100,3000
4,2024-01-05,D😀,012345678,4000
";

fn run_to_file(scratch: &Scratch, file: &str, extra: &[&str]) -> (common::Run, Vec<u8>) {
    let out = scratch.path("out.csv");
    let mut args = vec!["segment", file, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = kokyaku(&args);
    let bytes = std::fs::read(&out).unwrap_or_default();
    (run, bytes)
}

#[test]
fn phone_forms_in_the_fields_layout_and_the_phone_list() {
    let scratch = Scratch::new("segment-phone-forms");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    let fields = ["--fields", "customer,phone"];

    let (run, bytes) = run_to_file(&scratch, file, &fields);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{FEFF}customer,phone\r\nA〜¢,090-1234-5678\r\nB,03-1234-5678\r\nC,14155550100\r\nD😀,01234-5678\r\n"
    );

    let (run, bytes) = run_to_file(
        &scratch,
        file,
        &[&fields[..], &["--phone-form", "e164"]].concat(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{FEFF}customer,phone\r\nA〜¢,+819012345678\r\nB,+81312345678\r\nC,+14155550100\r\nD😀,\r\n"
    );
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kokyaku: phone left empty for 1 customer whose number has no E.164 form: D😀 ('012345678')"
        )
    );

    let (run, bytes) = run_to_file(
        &scratch,
        file,
        &["--layout", "phone-list", "--phone-form", "e164"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(bytes, b"+819012345678\r\n+81312345678\r\n+14155550100\r\n");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kokyaku: phone list: 3 numbers; skipped 1 customer without a usable number (1 without an \
             E.164 form): D😀 ('012345678')"
        )
    );

    let run = kokyaku(&["segment", file, "--phone-form", "intl"]);
    assert_eq!(run.code, Some(2), "a usage error: {}", run.stderr);
    assert!(
        run.stderr
            .contains("'intl' is neither 'national' nor 'e164'"),
        "{}",
        run.stderr
    );
}

#[test]
fn shift_jis_writes_windows_bytes_and_refuses_or_replaces_what_it_cannot_hold() {
    let scratch = Scratch::new("segment-shift-jis");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    let sjis = [
        "--fields",
        "customer,monetary",
        "--out-encoding",
        "shift-jis",
    ];

    // Refused: the error names the line, the customer and the character, and both ways out.
    let (run, _) = run_to_file(&scratch, file, &sjis);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "kokyaku: line 5 of the export (customer D😀) has '😀' (U+1F600), which Shift_JIS cannot hold; \
         export in UTF-8, or replace such characters with 〓 or ? (--out-encoding utf-8, or --unmappable \
         geta|question)\n"
    );

    // 〜 is 0x81 0x60 and ¢ 0x81 0x91 (CP932); 〓 is 0x81 0xAC. No BOM.
    let (run, bytes) = run_to_file(
        &scratch,
        file,
        &[&sjis[..], &["--unmappable", "geta"]].concat(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut expected =
        b"customer,monetary\r\nA\x81\x60\x81\x91,1000\r\nB,2000\r\nC,3000\r\nD".to_vec();
    expected.extend_from_slice(b"\x81\xAC,4000\r\n");
    assert_eq!(bytes, expected);
    assert_eq!(
        run.stderr.lines().next(),
        Some("kokyaku: Shift_JIS: replaced 1 character it cannot hold with '〓' on 1 line: line 5 (D😀: '😀')")
    );

    let (run, bytes) = run_to_file(
        &scratch,
        file,
        &[&sjis[..], &["--unmappable", "question"]].concat(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(bytes.ends_with(b"\r\nD?,4000\r\n"), "{bytes:02X?}");
    assert!(run.stderr.contains("with '?' on 1 line"), "{}", run.stderr);

    // A Shift_JIS e-mail list has no BOM and no header.
    let shop =
        "order_id,order_date,customer_id,email,order_total\n1,2024-01-01,A,a@example.jp,1000\n";
    let file = scratch.write("emails.csv", shop);
    let (run, bytes) = run_to_file(
        &scratch,
        file.to_str().unwrap(),
        &["--layout", "email-list", "--out-encoding", "shift-jis"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(bytes, b"a@example.jp\r\n");
}

/// An EC-CUBE export with the orderer's name: member 1 renamed on the later order (read first).
const EC_CUBE: &str = "\
注文ID,会員ID,お名前(姓),お名前(名),メールアドレス,受注日,対応状況(名称),合計
2,1,佐藤,花子,h@example.jp,2024-03-01 10:00:00,発送済み,3000
1,1,山田,花子,h@example.jp,2024-01-05 10:00:00,発送済み,1000
3,2,鈴木,一郎,i@example.jp,2024-01-06 10:00:00,発送済み,2000
";

#[test]
fn names_are_exported_for_a_mail_merge() {
    let scratch = Scratch::new("segment-names");
    let file = scratch.write("ec.csv", EC_CUBE);
    let file = file.to_str().unwrap();
    let fields = ["--fields", "customer,name,name_family,name_given,email"];
    let (run, bytes) = run_to_file(&scratch, file, &fields);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{FEFF}customer,name,name_family,name_given,email\r\n\
         1,佐藤 花子,佐藤,花子,h@example.jp\r\n\
         2,鈴木 一郎,鈴木,一郎,i@example.jp\r\n"
    );
    // In Shift_JIS: 佐藤 is 8D B2 93 A1, 花子 89 D4 8E 71.
    let (run, bytes) = run_to_file(
        &scratch,
        file,
        &[
            &fields[..],
            &["--out-encoding", "shift-jis", "--where", "customer = 1"],
        ]
        .concat(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut expected = b"customer,name,name_family,name_given,email\r\n1,".to_vec();
    expected.extend_from_slice(
        b"\x8D\xB2\x93\xA1 \x89\xD4\x8E\x71,\x8D\xB2\x93\xA1,\x89\xD4\x8E\x71,h@example.jp\r\n",
    );
    assert_eq!(bytes, expected);
}
