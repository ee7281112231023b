//! `kokyaku segment` end to end on a small hand-made export: the exact bytes of each layout and encoding, the
//! report line, ready-made starters, and errors that say where and why. The selections are checked against
//! pandas in `reference.rs`.

mod common;

use common::{kokyaku, Scratch};

/// As of 2024-06-30: A 3 orders ¥6,000 (last 06-20, subscription), B 1 order ¥500 (06-25), C 1 order ¥10,000
/// (02-10), D 2 orders ¥1,500 (06-01, 06-29). B's name looks like a formula; C's address has a full-width
/// character that Shift_JIS holds.
const SHOP: &str = "\
order_id,order_date,customer_id,email,phone,order_total,product_id,subscription
1,2024-01-05,A,a@example.jp,,1000,P1,0
2,2024-03-01,A,a@example.jp,,2000,P2,0
3,2024-06-20,A,a@example.jp,,3000,P1,1
4,2024-06-25,=B(1),b@example.jp,090-1234-5678,500,P2,0
5,2024-02-10,C,c＠example.jp,,10000,P3,0
6,2024-06-01,D,d@example.jp,,700,P1,0
7,2024-06-29,D,d@example.jp,,800,P2,0
";

fn shop(scratch: &Scratch) -> String {
    scratch
        .write("shop.csv", SHOP)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn writes_the_chosen_fields_excel_safe_with_a_bom() {
    let scratch = Scratch::new("segment-fields");
    let file = shop(&scratch);
    let run = kokyaku(&[
        "segment",
        &file,
        "--where",
        "frequency = 1",
        "--fields",
        "customer,email,phone,monetary,first_product,cohort",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}customer,email,phone,monetary,first_product,cohort\r\n\
         '=B(1),b@example.jp,09012345678,500,P2,2024-06\r\n\
         C,c@example.jp,,10000,P3,2024-02\r\n"
    );
    assert_eq!(
        run.stderr,
        "kokyaku: 2 of 4 customers (¥10,500 revenue, 58.3%) as of 2024-06-30 → stdout\n"
    );
}

#[test]
fn starters_lists_and_shift_jis_files() {
    let scratch = Scratch::new("segment-lists");
    let file = shop(&scratch);
    let out = scratch.path("list.csv");
    let run = kokyaku(&[
        "segment",
        &file,
        "--starter",
        "second_purchase",
        "--layout",
        "phone-list",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        "\u{FEFF}09012345678\r\n".as_bytes()
    );

    // A starter narrowed by --where; the default columns; Shift_JIS.
    let run = kokyaku(&[
        "segment",
        &file,
        "--starter",
        "subscription_churn_risk",
        "--as-of",
        "2024-08-01",
        "--out-encoding",
        "shift-jis",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    assert_ne!(&bytes[..3], b"\xEF\xBB\xBF", "no BOM in Shift_JIS");
    // As of 08-01, A's last (subscription) order is 42 days old: active (< 60) and 35 or more days ago.
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "customer,email,phone,recency,frequency,monetary,rfm_segment,cpm_group\r\n\
         A,a@example.jp,,42,3,6000,at_risk,steady_active\r\n"
    );
}

#[test]
fn errors_say_where_and_why() {
    let scratch = Scratch::new("segment-errors");
    let file = shop(&scratch);
    let run = kokyaku(&["segment", &file, "--where", "recency > 30 and frequncy = 1"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with(
            "kokyaku: --where: at character 18: no field named 'frequncy'. Fields: customer, email,"
        ),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["segment", &file, "--where", "monetary > 99.5"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "kokyaku: monetary: 99.5 has more decimals than JPY has\n"
    );
    let run = kokyaku(&["segment", &file, "--fields", "customer,nope"]);
    assert_eq!(run.code, Some(2), "a usage error");
    assert!(
        run.stderr.contains("'nope' is not a field"),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["segment", &file, "--starter", "everyone"]);
    assert!(
        run.stderr.contains("one of: win_back, second_purchase"),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["segment", &file, "--where", "products = P9"]);
    assert_eq!(run.code, Some(0));
    assert!(run
        .stderr
        .contains("warning: no product has the id or name 'P9'"));
    assert_eq!(run.stdout.lines().count(), 1, "only the header");
}
