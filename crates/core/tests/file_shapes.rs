//! Files as users have them, read rather than refused or misread: classic Mac OS line ends, NUL bytes in
//! fields, tab- and semicolon-separated files and Excel's `sep=` line, title and blank lines before the
//! header row, and UTF-16 text with and without a byte-order mark.
//!
//! Each fixture is small and real-shaped, with its figures (orders, customers, revenue, the rejected lines)
//! computed by hand. Each is read whole, in small chunks with `push`, in blocks on two threads
//! (`push_reader`), and by a `RowReader` of its own in small slices whose batches travel as bytes (the page's
//! reading worker); every way must give the same dataset and the same report.

mod common;

use common::figures;
use kokyaku_core::ingest::decode::SNIFF_LEN;
use kokyaku_core::ingest::{Encoding, FileReport, IngestOptions, Ingested, Separator};
use kokyaku_core::Lang;

/// Reads `bytes` every way with the default options (see `common::read_every_way`).
fn read_every_way(name: &str, bytes: &[u8]) -> Result<Ingested, String> {
    common::read_every_way(&IngestOptions::default(), name, bytes)
}

fn report(data: &Ingested) -> &FileReport {
    &data.quality.files[0]
}

/// `text` with enough blank lines after its header row for the rest to come after the prefix the decoder
/// holds back to detect the encoding; returns it and the number of lines added.
fn past_the_prefix(text: &str, line_end: &str) -> (String, u64) {
    let (header, rest) = text.split_at(text.find(line_end).unwrap() + line_end.len());
    let blank = SNIFF_LEN / line_end.len() + 10;
    (
        format!("{header}{}{rest}", line_end.repeat(blank)),
        blank as u64,
    )
}

#[test]
fn classic_mac_line_ends_give_the_lines_an_editor_shows() {
    // Line 3's total and line 6's date cannot be read; line 4 is blank; line 5's product name holds a line
    // break (a lone carriage return too), so line 6 is the next row's.
    let text = "order_id,order_date,email,order_total,product_name\r\
                1001,2024-01-05,a@example.jp,1200,Sencha\r\
                1002,2024-01-06,b@example.jp,abc,Sencha\r\
                \r\
                1003,2024-02-01,a@example.jp,800,\"Gyokuro\rgift box\"\r\
                1004,2024-13-01,c@example.jp,500,Bancha\r\
                1005,2024-03-01,d@example.jp,300,Hojicha";
    let data = read_every_way("mac.csv", text.as_bytes()).unwrap();
    assert_eq!(figures(&data), (3, 2, 2300, vec![3, 7]));
    assert!(report(&data)
        .notes_in(Lang::En)
        .iter()
        .any(|n| n.contains("its last row (line 8)")));
    // The same past the decoder's prefix: the lines move by the blank lines added.
    let (long, added) = past_the_prefix(text, "\r");
    let data = read_every_way("mac.csv", long.as_bytes()).unwrap();
    assert_eq!(figures(&data), (3, 2, 2300, vec![3 + added, 7 + added]));
}

#[test]
fn nul_bytes_are_left_out_of_the_fields_they_are_in_wherever_they_are() {
    // NULs padding an e-mail (line 2), inside an order id (3) and an amount (4), in a quoted field (6), and
    // padding the end of the file; line 5's date does not exist.
    let text = "order_id,order_date,email,order_total\n\
                1001,2024-01-05,a@example.jp\0\0\0,1200\n\
                10\u{0}02,2024-01-06,b@example.jp,800\n\
                1003,2024-02-01,a@example.jp,5\u{0}00\n\
                1004,2024-02-30,c@example.jp,100\n\
                \"1005\",\"2024-03-01\",\"d@example.jp\0\",\"300\"\n\
                \0\0\0\0\0\0\0\0";
    let note = "4 rows (lines 2, 3, 4, 6) held NUL bytes, which are not text; they were left out of their cells.";
    let data = read_every_way("nul.csv", text.as_bytes()).unwrap();
    assert_eq!(figures(&data), (4, 3, 2800, vec![5]));
    assert_eq!(data.dataset.customer_keys.get(0), Some("a@example.jp"));
    assert!(
        report(&data).notes_in(Lang::En).iter().any(|n| n == note),
        "{:?}",
        report(&data).notes_in(Lang::En)
    );
    // The same past the decoder's prefix, where the page's reading worker cuts its slices elsewhere.
    let (long, added) = past_the_prefix(text, "\n");
    let data = read_every_way("nul.csv", long.as_bytes()).unwrap();
    assert_eq!(figures(&data), (4, 3, 2800, vec![5 + added]));
    let moved = note.replace(
        "2, 3, 4, 6",
        &format!("{}, {}, {}, {}", 2 + added, 3 + added, 4 + added, 6 + added),
    );
    assert!(report(&data).notes_in(Lang::En).contains(&moved));
}

#[test]
fn tab_separated_files_are_read_with_the_tab_as_separator() {
    // EC-CUBE's columns, tab-separated: a comma inside an amount is the amount's, order 2 is cancelled and
    // line 4's date does not exist.
    let text = "注文ID\t受注日\t対応状況(名称)\t会員ID\t合計\n\
                1\t2024/01/05\t新規受付\t7\t1,200\n\
                2\t2024/01/06\t注文取消し\t8\t2300\n\
                3\t2024/02/30\t新規受付\t7\t500\n\
                4\t2024/03/01\t発送済み\t9\t\"3,000\"\n";
    let data = read_every_way("tab.txt", text.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 4200, vec![4]));
    assert_eq!(data.quality.cancelled_orders, 1);
    let file = report(&data);
    assert_eq!(file.separator, Some(Separator::Tab));
    assert_eq!(file.preset, Some(kokyaku_core::ingest::PresetId::EcCube));
    assert!(file
        .notes_in(Lang::En)
        .contains(&"Fields are separated by tabs.".to_string()));
    let (long, added) = past_the_prefix(text, "\n");
    let data = read_every_way("tab.txt", long.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 4200, vec![4 + added]));
}

#[test]
fn semicolon_files_are_read_with_or_without_excel_sep_line() {
    // An unquoted comma and a quoted semicolon are text; line 5's total cannot be read (line 4 without the
    // `sep=` line).
    let body = "order_id;order_date;email;order_total;product_name\r\n\
                A1;2024-01-05;a@example.jp;1200;Tea, green\r\n\
                A2;2024-01-06;b@example.jp;800;\"Tea; black\"\r\n\
                A3;2024-01-07;a@example.jp;x;Tea\r\n";
    let with_sep = format!("sep=;\r\n{body}");
    let data = read_every_way("semi.csv", with_sep.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 2000, vec![5]));
    let file = report(&data);
    assert_eq!(file.separator, Some(Separator::Semicolon));
    assert_eq!(
        file.notes_in(Lang::En)[0],
        "Fields are separated by semicolons (set by the file's first line, sep=;)."
    );
    let data = read_every_way("semi.csv", body.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 2000, vec![4]));
    assert_eq!(
        report(&data).notes_in(Lang::En)[0],
        "Fields are separated by semicolons."
    );
    // `sep=,` names the comma, which then wins over the semicolons of a header row that has more of them.
    let comma = "sep=,\norder_id,order_date,email,order_total,memo;a;b;c;d;e\nA1,2024-01-05,a@example.jp,700,x\n";
    let data = read_every_way("comma.csv", comma.as_bytes()).unwrap();
    assert_eq!(report(&data).separator, None);
    assert_eq!(figures(&data), (1, 1, 700, vec![]));
}

#[test]
fn title_and_blank_lines_before_the_header_row_are_skipped_and_lines_keep_their_numbers() {
    let text = "注文データ出力,,,\n\
                出力日時: 2024/03/01 10:00\n\
                \n\
                order_id,order_date,email,order_total\n\
                1,2024-01-05,a@example.jp,1000\n\
                2,2024-01-06,a@example.jp,bad\n\
                3,2024-01-07,b@example.jp,500\n";
    let data = read_every_way("title.csv", text.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 1500, vec![6]));
    assert_eq!(
        report(&data).notes_in(Lang::En)[0],
        "The header row is line 4; the lines before it, not a header row, were skipped: 1 (\"注文データ出力,,,\"), 2 (\"出力日時: 2024/03/01 10:00\")."
    );
    let (long, added) = past_the_prefix(text, "\n");
    let data = read_every_way("title.csv", long.as_bytes()).unwrap();
    assert_eq!(figures(&data), (2, 2, 1500, vec![6 + added]));
    // The preview starts at the same row.
    let p = kokyaku_core::ingest::preview(
        "title.csv",
        text.as_bytes(),
        true,
        Default::default(),
        Default::default(),
        &[],
        5,
    )
    .unwrap();
    assert_eq!(p.header_line, 4);
    assert_eq!(
        p.headers,
        ["order_id", "order_date", "email", "order_total"]
    );
    assert_eq!(p.rows.len(), 3);
}

/// `text` in UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    units
        .flat_map(|u| match little {
            true => u.to_le_bytes(),
            false => u.to_be_bytes(),
        })
        .collect()
}

/// Excel's "Unicode text": tab-separated, CRLF. Line 4's total cannot be read.
const UNICODE_TEXT: &str = "注文番号\t注文日\tメールアドレス\t合計金額\t商品名\r\n\
                            1\t2024/01/05\ta@example.jp\t1200\t煎茶 🍵\r\n\
                            2\t2024/01/06\tb@example.jp\t８００\t玉露\r\n\
                            3\t2024/01/07\ta@example.jp\tabc\t番茶\r\n\
                            4\t2024/02/01\tc@example.jp\t500\tほうじ茶 🍵\r\n";

#[test]
fn utf16_files_are_decoded_with_or_without_a_byte_order_mark() {
    let (long, added) = past_the_prefix(UNICODE_TEXT, "\r\n");
    for (little, bom, encoding) in [
        (true, true, Encoding::Utf16Le),
        (true, false, Encoding::Utf16Le),
        (false, true, Encoding::Utf16Be),
        (false, false, Encoding::Utf16Be),
    ] {
        let data = read_every_way("unicode.txt", &utf16(UNICODE_TEXT, little, bom)).unwrap();
        assert_eq!(figures(&data), (3, 3, 2500, vec![4]), "{encoding:?}, {bom}");
        let file = report(&data);
        assert_eq!(file.encoding, Some(encoding));
        assert_eq!(file.separator, Some(Separator::Tab));
        assert!(data.dataset.products.iter().any(|p| p.name == "煎茶 🍵"));
        let data = read_every_way("unicode.txt", &utf16(&long, little, bom)).unwrap();
        assert_eq!(
            figures(&data),
            (3, 3, 2500, vec![4 + added]),
            "{encoding:?}, {bom}"
        );
    }
    // Comma-separated UTF-16 is read too.
    let commas = UNICODE_TEXT.replace('\t', ",");
    let data = read_every_way("unicode.csv", &utf16(&commas, true, true)).unwrap();
    assert_eq!(figures(&data), (3, 3, 2500, vec![4]));
    assert_eq!(report(&data).separator, None);
}

#[test]
fn a_utf16_file_cut_inside_a_code_unit_or_a_surrogate_pair_is_cut_off_not_refused() {
    // No final line break: the last row ends with 🍵, a surrogate pair (4 bytes).
    let text = UNICODE_TEXT.trim_end();
    for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
        let whole = utf16(text, little, bom);
        let data = read_every_way("cut.txt", &whole).unwrap();
        assert_eq!(figures(&data), (3, 3, 2500, vec![4]));
        assert_eq!(report(&data).cut_at_line, None);
        // Between the two halves of the pair, and inside its first half.
        for cut in [2, 3, 1] {
            let data = read_every_way("cut.txt", &whole[..whole.len() - cut]).unwrap();
            assert_eq!(figures(&data), (2, 2, 2000, vec![4, 5]), "cut {cut}");
            assert_eq!(report(&data).cut_at_line, Some(5), "cut {cut}");
        }
    }
}
