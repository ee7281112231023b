//! Customers' names: each preset's name columns, the latest name kept per customer (across linked keys), the
//! full name joined from its parts, and the name fields of a segment export, on small hand-written exports.

use kokyaku_core::ingest::{ingest_files, IngestOptions, Ingested, PresetId};
use kokyaku_core::model::full_name;
use kokyaku_core::segment::{export, select, CustomerTable, Field, Layout, Query, TableParams};

fn read(name: &str, text: &str) -> Ingested {
    ingest_files(IngestOptions::default(), [(name, text.as_bytes())])
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Each customer's key with their (family, given, full) name, in customer order.
fn names(data: &Ingested) -> Vec<(String, String, String, String)> {
    let (ds, c) = (&data.dataset, &data.dataset.contacts);
    (0..ds.customer_count())
        .map(|i| {
            let part = |t: Option<&str>| t.unwrap_or("").to_string();
            (
                ds.customer_keys[i].to_string(),
                part(c.name_family(i)),
                part(c.name_given(i)),
                c.name(i).map(|n| n.into_owned()).unwrap_or_default(),
            )
        })
        .collect()
}

fn row(key: &str, family: &str, given: &str, full: &str) -> (String, String, String, String) {
    (key.into(), family.into(), given.into(), full.into())
}

/// Member 1's newest order (03-01) comes first in the file, with a new family name; member 2's second order
/// has no name (the older one stays); g@'s guest order (03-07, with her given name) is linked to member 3,
/// who had her e-mail on an earlier order (02-07, family name only): member 3 keeps the guest order's name.
const EC_CUBE: &str = "\
注文ID,会員ID,お名前(姓),お名前(名),メールアドレス,受注日,対応状況(名称),合計
3,1,佐藤,花子,h@example.jp,2024-03-01 10:00:00,発送済み,3000
1,1,山田,花子,h@example.jp,2024-01-05 10:00:00,発送済み,1000
2,2,鈴木,一郎,i@example.jp,2024-01-06 10:00:00,発送済み,2000
4,2,,,i@example.jp,2024-02-06 10:00:00,発送済み,2000
5,,高橋,美咲,g@example.jp,2024-03-07 10:00:00,発送済み,500
6,3,高橋,,g@example.jp,2024-02-07 10:00:00,発送済み,500
";

#[test]
fn ec_cube_keeps_each_customers_latest_name_and_joins_its_parts() {
    let data = read("ec.csv", EC_CUBE);
    assert_eq!(data.quality.files[0].preset, Some(PresetId::EcCube));
    assert_eq!(
        names(&data),
        [
            row("1", "佐藤", "花子", "佐藤 花子"),
            row("2", "鈴木", "一郎", "鈴木 一郎"),
            row("3", "高橋", "美咲", "高橋 美咲"),
        ]
    );
}

#[test]
fn each_preset_reads_the_name_columns_its_export_has() {
    let shopify = "\
Name,Email,Financial Status,Total,Created at,Lineitem name,Billing Name
#1001,a@example.jp,paid,1000,2024-01-05 10:00:00 +0900,Tea,Hanako Yamada
";
    let data = read("shopify.csv", shopify);
    assert_eq!(data.quality.files[0].preset, Some(PresetId::Shopify));
    assert_eq!(names(&data), [row("a@example.jp", "", "", "Hanako Yamada")]);

    let rakuten = "\
受注番号,受注ステータス,注文日時,注文者名字,注文者名前,注文者電話番号,合計金額(-99999=無効値)
R-1,発送完了,2024-01-05 10:00:00,田中,愛,090-1111-2222,1000
";
    let data = read("rakuten.csv", rakuten);
    assert_eq!(data.quality.files[0].preset, Some(PresetId::Rakuten));
    assert_eq!(names(&data), [row("09011112222", "田中", "愛", "田中 愛")]);

    let base = "\
注文ID,注文日時,氏(請求先),名(請求先),メールアドレス(請求先),発送状況,合計金額
B-1,2024-01-05 10:00:00,伊藤,健,k@example.jp,発送済み,1000
";
    let data = read("base.csv", base);
    assert_eq!(data.quality.files[0].preset, Some(PresetId::Base));
    assert_eq!(names(&data), [row("k@example.jp", "伊藤", "健", "伊藤 健")]);

    // A generic file in Latin letters: the given name first in the full name.
    let generic = "order_id,order_date,email,total,first_name,last_name\n1,2024-01-05,j@example.com,20,Jane,Doe\n";
    let data = read("generic.csv", generic);
    assert_eq!(
        names(&data),
        [row("j@example.com", "Doe", "Jane", "Jane Doe")]
    );

    // The control character that separates the kept parts is read as a space in a cell.
    let odd = "order_id,order_date,email,total,first_name,last_name\n1,2024-01-05,j@example.com,20,Ja\u{1F}ne,Do\u{1F}e\n";
    let data = read("odd.csv", odd);
    assert_eq!(
        names(&data),
        [row("j@example.com", "Do e", "Ja ne", "Ja ne Do e")]
    );

    // Without name columns nothing is kept: no entries at all.
    let data = read(
        "plain.csv",
        "order_id,order_date,email,total\n1,2024-01-05,j@example.com,20\n",
    );
    assert!(data.dataset.contacts.name.is_empty());
    assert_eq!(names(&data), [row("j@example.com", "", "", "")]);
}

#[test]
fn full_names_put_the_family_name_first_except_in_latin_letters() {
    assert_eq!(full_name("山田", "太郎"), "山田 太郎");
    assert_eq!(full_name("Yamada", "Taro"), "Taro Yamada");
    assert_eq!(full_name("Müller", "Jörg"), "Jörg Müller");
    assert_eq!(full_name("山田", ""), "山田");
    assert_eq!(full_name("", "太郎"), "太郎");
}

#[test]
fn a_segment_export_writes_names_for_a_mail_merge() {
    let data = read("ec.csv", EC_CUBE);
    let ds = &data.dataset;
    let table = CustomerTable::new(ds, None, &TableParams::default(), None);
    let everyone = select(&Query::default(), &table, ds).unwrap();
    let layout = Layout::Fields(vec![
        Field::Customer,
        Field::Name,
        Field::NameFamily,
        Field::NameGiven,
    ]);
    let written = export(&layout, &Default::default(), &everyone, &table, ds).unwrap();
    assert_eq!(
        String::from_utf8(written.bytes).unwrap(),
        "\u{FEFF}customer,name,name_family,name_given\r\n\
         1,佐藤 花子,佐藤,花子\r\n\
         2,鈴木 一郎,鈴木,一郎\r\n\
         3,高橋 美咲,高橋,美咲\r\n"
    );
    // Names are text fields of conditions too.
    let sato = select(&"name_family = 佐藤".parse().unwrap(), &table, ds).unwrap();
    assert_eq!(sato.customers, 1);
    // The full export has the name columns only when the exports had names.
    assert!(matches!(Layout::all_fields(&table), Layout::Fields(f) if f.contains(&Field::Name)));
    let plain = read(
        "plain.csv",
        "order_id,order_date,email,total\n1,2024-01-05,j@example.com,20\n",
    );
    let table = CustomerTable::new(&plain.dataset, None, &TableParams::default(), None);
    assert!(matches!(Layout::all_fields(&table), Layout::Fields(f) if !f.contains(&Field::Name)));
}
