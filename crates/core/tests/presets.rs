//! Each preset on a small hand-written export whose expected figures are worked out by hand in the comments.

use kokyaku_core::analysis::summary::summarize;
use kokyaku_core::ingest::{ingest_files, IngestErrorKind, IngestOptions, Ingested, PresetId};
use kokyaku_core::Lang;

fn read(files: &[(&str, &[u8])]) -> Ingested {
    ingest_files(IngestOptions::default(), files.iter().copied()).unwrap_or_else(|e| panic!("{e}"))
}

fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// (customers, orders, revenue, repeat customers, first, last, as-of)
fn headline(data: &Ingested) -> (u64, u64, i64, u64, String, String, String) {
    let s = summarize(&data.dataset, None);
    (
        s.customers,
        s.orders,
        s.revenue_minor,
        s.repeat_customers,
        s.first_order_date.unwrap().to_string(),
        s.last_order_date.unwrap().to_string(),
        s.as_of.unwrap().to_string(),
    )
}

const SHOPIFY: &str = "\
Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at,Refunded Amount,Tags
#1001,Hanako@Example.jp ,paid,JPY,3300,2024-01-05 23:30:00 +0900,1,ほうじ茶,1500,TEA-1,,0,
#1001,,,,,,1,はちみつ,1800,HONEY-1,,,
#1002,hanako@example.jp,partially_refunded,JPY,5000,2024-02-10 10:00:00 +0900,2,ほうじ茶,2500,TEA-1,,1000,subscription
#1003,taro@example.jp,voided,JPY,2000,2024-02-11 10:00:00 +0900,1,ほうじ茶,2000,TEA-1,2024-02-12 10:00:00 +0900,,
#1004,jiro@example.jp,paid,JPY,1200,2024-03-01 09:00:00 +0900,1,はちみつ,1200,HONEY-1,,,
#1005,,paid,JPY,900,2024-03-02 09:00:00 +0900,1,はちみつ,900,HONEY-1,,,
#1006,jiro@example.jp,paid,JPY,1x00,2024-03-03 09:00:00 +0900,1,はちみつ,900,HONEY-1,,,
";

#[test]
fn shopify_groups_line_items_subtracts_refunds_and_keys_by_email() {
    let data = read(&[("orders_export.csv", SHOPIFY.as_bytes())]);
    let q = &data.quality;
    assert_eq!(q.files[0].preset, Some(PresetId::Shopify));
    // Valid with a key: #1001 hanako 3300; #1002 hanako 5000 − 1000 refunded = 4000; #1004 jiro 1200.
    // #1003 is cancelled, #1005 has no e-mail, #1006's total is unreadable (line 8).
    assert_eq!(
        headline(&data),
        (
            2,
            3,
            8500,
            1,
            "2024-01-05".into(),
            "2024-03-01".into(),
            "2024-03-02".into()
        )
    );
    assert_eq!(
        (
            q.rows_read,
            q.rows_rejected,
            q.cancelled_orders,
            q.orders_without_customer
        ),
        (7, 1, 1, 1)
    );
    assert_eq!(q.revenue_without_customer_minor, 900);
    assert_eq!(q.rejects[0].line, 8);
    assert!(
        q.rejects[0].reason.to_string().contains("'1x00'"),
        "{}",
        q.rejects[0].reason
    );
    let ds = &data.dataset;
    assert_eq!(ds.customer_keys, ["hanako@example.jp", "jiro@example.jp"]);
    // #1001 keeps both line items; only #1002 is a subscription order.
    assert_eq!(ds.order_lines(0).len(), 2);
    assert_eq!(ds.orders.subscription, [false, true, false]);
    assert_eq!(ds.currency.code, "JPY");
}

const ECCUBE_HEADER: &str = "注文ID,会員ID,メールアドレス,合計,対応状況(名称),受注日,商品コード,商品名,価格,個数,明細区分(名称)\r\n";

#[test]
fn ec_cube_in_shift_jis_with_statuses_shipping_lines_and_a_re_export() {
    let first = sjis(&format!(
        "{ECCUBE_HEADER}\
1,101,a@example.jp,\"3,850\",発送済み,2024-01-05 13:45:00,TEA,ほうじ茶,1650,2,商品\r\n\
1,101,a@example.jp,\"3,850\",発送済み,2024-01-05 13:45:00,,送料,550,1,送料\r\n\
2,,Guest@Example.jp,1650,新規受付,2024/01/06 10:00,TEA,ほうじ茶,1650,1,商品\r\n\
3,101,a@example.jp,1650,注文取消し,2024-01-07 10:00:00,TEA,ほうじ茶,1650,1,商品\r\n\
4,102,b@example.jp,2000,購入処理中,2024-01-08 10:00:00,HON,はちみつ,2000,1,商品\r\n\
5,101,a@example.jp,1200,返品,2024-01-09 10:00:00,HON,はちみつ,1200,1,商品\r\n\
6,101,a@example.jp,2200,発送済み,2024-02-01 10:00:00,HON,はちみつ,2200,1,商品\r\n"
    ));
    // A later export overlapping the first: order 6 again, and a new order 7.
    let second = sjis(&format!(
        "{ECCUBE_HEADER}\
6,101,a@example.jp,2200,発送済み,2024-02-01 10:00:00,HON,はちみつ,2200,1,商品\r\n\
7,102,b@example.jp,3000,発送済み,2024-02-02 10:00:00,TEA,ほうじ茶,3000,1,商品\r\n"
    ));
    let one = read(&[("jan.csv", &first)]);
    assert_eq!(one.quality.files[0].preset, Some(PresetId::EcCube));
    // Valid: 1 (member 101, 3850), 2 (guest keyed by e-mail, 1650), 6 (101, 2200).
    assert_eq!(
        headline(&one),
        (
            2,
            3,
            7700,
            1,
            "2024-01-05".into(),
            "2024-02-01".into(),
            "2024-02-02".into()
        )
    );
    assert_eq!(
        (one.quality.cancelled_orders, one.quality.incomplete_orders),
        (2, 1)
    );
    // The 送料 line is not a product line.
    assert_eq!(one.dataset.order_lines(0).len(), 1);
    assert_eq!(
        one.dataset.products[one.dataset.lines.product[0] as usize].name,
        "ほうじ茶"
    );

    let both = read(&[("jan.csv", &first), ("feb.csv", &second)]);
    // Order 6 is counted once; order 7 adds customer 102 (whose only other order never completed).
    assert_eq!(
        headline(&both),
        (
            3,
            4,
            10_700,
            1,
            "2024-01-05".into(),
            "2024-02-02".into(),
            "2024-02-03".into()
        )
    );
    assert_eq!(both.quality.duplicate_orders, 1);
    assert_eq!(both.quality.files[1].duplicate_rows, 1);
    assert_eq!(
        both.dataset.customer_keys,
        ["101", "guest@example.jp", "102"]
    );
}

#[test]
fn rakuten_identifies_customers_by_phone_not_by_relay_address() {
    let text = "受注番号,受注ステータス,注文日時,合計金額(-99999=無効値),注文者電話番号１,注文者電話番号２,注文者電話番号３,メールアドレス,商品番号,商品名,単価,個数\r\n\
111-20240105-01,発送済,2024-01-05 10:00:00,3000,090,1111,2222,x1@pc.fw.rakuten.ne.jp,A,茶,1500,2\r\n\
111-20240201-02,発送済,2024-02-01 10:00:00,1500,090,1111,2222,x2@pc.fw.rakuten.ne.jp,A,茶,1500,1\r\n\
111-20240202-03,キャンセル確定,2024-02-02 10:00:00,1500,080,3333,4444,x3@pc.fw.rakuten.ne.jp,A,茶,1500,1\r\n\
111-20240203-04,発送済,2024-02-03 10:00:00,-99999,080,3333,4444,x4@pc.fw.rakuten.ne.jp,A,茶,1200,2\r\n";
    let data = read(&[("rakuten.csv", &sjis(text))]);
    assert_eq!(data.quality.files[0].preset, Some(PresetId::Rakuten));
    // 09011112222 buys twice (3000 + 1500); 08033334444's order 04 has no total (-99999), so its value is
    // the line price × quantity, 1200 × 2; order 03 is cancelled.
    assert_eq!(
        headline(&data),
        (
            2,
            3,
            6900,
            1,
            "2024-01-05".into(),
            "2024-02-03".into(),
            "2024-02-04".into()
        )
    );
    assert_eq!(data.dataset.customer_keys, ["09011112222", "08033334444"]);
    assert!(data.quality.files[0]
        .notes_in(Lang::En)
        .iter()
        .any(|n| n.contains("phone")));
}

#[test]
fn base_takes_the_repeated_total_once_and_skips_option_rows() {
    let text = "注文ID,注文日時,メールアドレス(請求先),電話番号(請求先),商品名,価格,数量,合計金額,送料,発送状況,商品ID\r\n\
A1,2024-03-01 12:00:00,c@example.jp,090-0000-1111,マグカップ,1800,1,4150,550,発送済み,M1\r\n\
A1,2024-03-01 12:00:00,c@example.jp,090-0000-1111,皿,1800,1,4150,550,発送済み,P1\r\n\
A1,2024-03-01 12:00:00,c@example.jp,090-0000-1111,商品オプション「ギフト包装」,0,1,4150,550,発送済み,\r\n\
B2,2024-03-05 12:00:00,,,マグカップ,1800,1,2350,550,キャンセル,M1\r\n\
C3,2024-03-09 12:00:00,,090-9999-0000,マグカップ,1800,1,2350,550,未対応,M1\r\n";
    let data = read(&[("base.csv", &sjis(text))]);
    assert_eq!(data.quality.files[0].preset, Some(PresetId::Base));
    // A1 is worth 4150 (not 3 × 4150), C3 2350 keyed by phone; B2 is cancelled.
    assert_eq!(
        headline(&data),
        (
            2,
            2,
            6500,
            0,
            "2024-03-01".into(),
            "2024-03-09".into(),
            "2024-03-10".into()
        )
    );
    assert_eq!(data.dataset.order_lines(0).len(), 2);
    assert_eq!(data.dataset.customer_keys, ["c@example.jp", "09099990000"]);
}

#[test]
fn ecforce_with_bom_marks_subscription_orders() {
    let text = "\u{FEFF}受注ID,受注番号,顧客番号,定期受注番号,メールアドレス,小計,支払い合計,受注日,購入商品（商品コード）,購入商品（商品名）\r\n\
1,E001,C1,S1,x@example.jp,3000,3300,2024/04/01 10:00:00,SUB,【定期便】青汁\r\n\
2,E002,C1,S1,x@example.jp,3000,3300,2024/05/01 10:00:00,SUB,【定期便】青汁\r\n\
3,E003,C2,,y@example.jp,5000,5000,2024/04/15 10:00:00,ONE,お試しセット\r\n";
    let data = read(&[("ecforce.csv", text.as_bytes())]);
    let f = &data.quality.files[0];
    assert_eq!(
        (f.preset, f.encoding),
        (
            Some(PresetId::Ecforce),
            Some(kokyaku_core::ingest::Encoding::Utf8Bom)
        )
    );
    assert_eq!(
        headline(&data),
        (
            2,
            3,
            11_600,
            1,
            "2024-04-01".into(),
            "2024-05-01".into(),
            "2024-05-02".into()
        )
    );
    assert_eq!(data.dataset.orders.subscription, [true, true, false]);
}

#[test]
fn generic_without_order_ids_counts_every_row_and_reads_the_currency_from_the_header() {
    let text = "customer_id,order_date,amount_usd\n7,1997-01-01,29.33\n7,1997-01-01,29.33\n8,1997-01-02,0.99\n";
    let options = IngestOptions {
        mapping: vec![(kokyaku_core::ingest::Field::OrderTotal, "amount_usd".into())],
        ..Default::default()
    };
    let data = ingest_files(options, [("cd.csv", text.as_bytes())]).unwrap();
    // Two identical rows are two purchases: 2933 + 2933 + 99 cents.
    assert_eq!(
        headline(&data),
        (
            2,
            3,
            5965,
            1,
            "1997-01-01".into(),
            "1997-01-02".into(),
            "1997-01-03".into()
        )
    );
    assert_eq!(data.dataset.currency.code, "USD");
}

#[test]
fn mixed_currencies_are_an_error_unless_one_is_chosen() {
    let text = "order_id,order_date,email,order_total,currency\n1,2024-01-01,a@x.jp,1000,JPY\n2,2024-01-02,b@x.jp,10.50,USD\n3,2024-01-03,a@x.jp,500,JPY\n";
    let err = ingest_files(IngestOptions::default(), [("mix.csv", text.as_bytes())]).unwrap_err();
    assert_eq!(
        err.kind,
        IngestErrorKind::MixedCurrencies(vec![("JPY".into(), 2), ("USD".into(), 1)])
    );
    let options = IngestOptions {
        currency: Some("jpy".into()),
        ..Default::default()
    };
    let data = ingest_files(options, [("mix.csv", text.as_bytes())]).unwrap();
    assert_eq!(headline(&data).2, 1500);
    assert_eq!(data.quality.orders_rejected, 1);
    assert_eq!(
        (
            data.quality.rejects[0].line,
            data.quality.rejects[0].reason.to_string()
        ),
        (3, "order 2 is in USD, not the chosen JPY".to_string())
    );
}

#[test]
fn rejected_rows_carry_their_line_even_after_multi_line_fields() {
    let text = "order_id,order_date,email,order_total,product_name\n\
1,2024-01-01,a@x.jp,1000,\"two\nlines\"\n\
2,2024-13-45,a@x.jp,1000,x\n\
3,2024-01-03,a@x.jp,1000,x,extra\n\
,2024-01-03,a@x.jp,1000,x\n\
5,2024-01-04,a@x.jp,1000.5,x\n";
    // Yen chosen: a file that names no currency would ask for it, because of 1000.5.
    let options = IngestOptions {
        currency: Some("JPY".into()),
        ..IngestOptions::default()
    };
    let data = ingest_files(options, [("bad.csv", text.as_bytes())]).unwrap();
    let got: Vec<(u64, Option<&str>)> = data
        .quality
        .rejects
        .iter()
        .map(|r| (r.line, r.field.map(|f| f.name())))
        .collect();
    assert_eq!(
        got,
        [
            (4, Some("order_date")),
            (5, None),
            (6, Some("order_id")),
            (7, Some("order_total"))
        ],
        "{:#?}",
        data.quality.rejects
    );
    assert_eq!(
        (
            data.quality.rows_read,
            data.quality.rows_rejected,
            data.quality.orders_rejected
        ),
        (5, 3, 1)
    );
    assert_eq!(headline(&data).1, 1);
    let csv = data.quality.rejects_csv(kokyaku_core::Lang::En);
    assert!(
        csv.starts_with("\u{FEFF}file,line,field,reason\r\nbad.csv,4,order_date,"),
        "{csv}"
    );
}

#[test]
fn unreadable_files_say_why() {
    let cases: [(&[u8], &str); 5] = [
        (b"", "the file is empty"),
        (
            b"PK\x03\x04\x00\x00\x00",
            "an Excel workbook (.xlsx) or a zip archive, not CSV",
        ),
        (b"GIF89a\x01\x00\x00", "not a text file"),
        (
            b"foo,bar\n1,2\n",
            "no column was found for: order_date, order_total, customer_id",
        ),
        (
            &[b'a', b',', 0x80, 0xFF, 0xFE, b'\n'],
            "neither UTF-8 nor Shift_JIS",
        ),
    ];
    for (bytes, expected) in cases {
        let err = ingest_files(IngestOptions::default(), [("x.csv", bytes)]).unwrap_err();
        assert!(err.to_string().starts_with("x.csv: "), "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    }
}

#[test]
fn chunk_boundaries_do_not_change_the_result() {
    let bytes = sjis(&format!("{ECCUBE_HEADER}1,101,a@example.jp,3850,発送済み,2024-01-05 13:45:00,TEA,ほうじ茶,1650,2,商品\r\n2,102,b@example.jp,1000,発送済み,2024-01-06 13:45:00,TEA,ほうじ茶,1000,1,商品\r\n"));
    let whole = read(&[("a.csv", &bytes)]);
    for size in [1, 2, 3, 17] {
        let mut ingestor = kokyaku_core::Ingestor::new(IngestOptions::default()).unwrap();
        ingestor.begin_file("a.csv").unwrap();
        for chunk in bytes.chunks(size) {
            ingestor.push(chunk).unwrap();
        }
        let data = ingestor.finish().unwrap();
        assert_eq!(data.dataset, whole.dataset, "chunk size {size}");
    }
}
