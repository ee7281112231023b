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

/// Eight customers, one order each, for the e-mail and phone lists (hand-read): A is usable on both; B has
/// placeholders only (`N/A`, `-`), which reading takes for none; C has no address and a phone of one repeated
/// digit (a placeholder); D wrote two addresses and two numbers in one cell; E has A's address and number
/// (a different member, so another customer); F's address starts like a formula, its number is `+81`; G's
/// address has no domain dot; H has no phone.
const CONTACTS: &str = "\
order_id,order_date,customer_id,email,phone,order_total
1,2024-01-05,A,a@example.jp,090-1234-5678,1000
2,2024-01-06,B,N/A,-,1000
3,2024-01-07,C,,0000000000,1000
4,2024-01-08,D,d@example.jp;e@example.jp,03-1234-5678 / 090-8765-4321,1000
5,2024-01-09,E,A@Example.jp,090-1234-5678,1000
6,2024-01-10,F,=cmd@example.jp,+81 80-1111-2222,1000
7,2024-01-11,G,g@localhost,06-1234-5678,1000
8,2024-01-12,H,h@example.jp,,1000
";

#[test]
fn lists_have_one_usable_value_per_line_and_name_what_they_skip() {
    let scratch = Scratch::new("segment-contact-lists");
    let file = scratch.write("contacts.csv", CONTACTS);
    let file = file.to_str().unwrap();
    let run = kokyaku(&["segment", file, "--layout", "email-list"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "\u{FEFF}a@example.jp\r\nh@example.jp\r\n");
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "kokyaku: e-mail list: 2 addresses; skipped 5 customers without a usable address (2 empty or a \
             placeholder, 3 not one address): B (none), C (none), D ('d@example.jp;e@example.jp'), F \
             ('=cmd@example.jp'), G ('g@localhost'); 1 customer whose address is already listed",
            "kokyaku: 8 of 8 customers (¥8,000 revenue, 100.0%) as of 2024-01-13 → stdout",
        ]
    );

    let run = kokyaku(&["segment", file, "--layout", "phone-list"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}09012345678\r\n08011112222\r\n0612345678\r\n"
    );
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kokyaku: phone list: 3 numbers; skipped 4 customers without a usable number (3 empty or a \
             placeholder, 1 not one number): B (none), C (none), D ('031234567809087654321'), H (none); 1 \
             customer whose number is already listed"
        )
    );

    // A selection without A: E's address is listed for E.
    let run = kokyaku(&[
        "segment",
        file,
        "--layout",
        "email-list",
        "--where",
        "customer not in (A, H)",
    ]);
    assert_eq!(run.stdout, "\u{FEFF}a@example.jp\r\n");
    assert!(
        run.stderr
            .starts_with("kokyaku: e-mail list: 1 address; skipped 5 customers"),
        "{}",
        run.stderr
    );
    // Nothing skipped: no line.
    let run = kokyaku(&[
        "segment",
        file,
        "--layout",
        "email-list",
        "--where",
        "customer in (A, H)",
    ]);
    assert_eq!(
        run.stderr,
        "kokyaku: 2 of 8 customers (¥2,000 revenue, 25.0%) as of 2024-01-13 → stdout\n"
    );
    // More skipped than are named: the rest are counted.
    let mut csv = String::from("order_id,order_date,customer_id,email,order_total\n");
    for i in 1..=7 {
        csv.push_str(&format!("{i},2024-01-0{i},K{i},-,1000\n"));
    }
    let file = scratch.write("no-addresses.csv", csv);
    let run = kokyaku(&[
        "segment".as_ref(),
        file.as_os_str(),
        "--layout".as_ref(),
        "email-list".as_ref(),
    ]);
    assert_eq!(run.stdout, "\u{FEFF}");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kokyaku: e-mail list: 0 addresses; skipped 7 customers without a usable address (7 empty or a \
             placeholder): K1 (none), K2 (none), K3 (none), K4 (none), K5 (none), and 2 more"
        )
    );
}
