//! `kokyaku migration` end to end: the CSV contract on a hand-made export and the errors. The figures are
//! checked against pandas in `reference.rs` and by hand in the core's tests.

mod common;

use common::{kokyaku, Scratch};

/// a: 2024-01-10 ¥1,000, 2024-03-05 ¥2,000; b: 2024-02-20 ¥500; c: 2023-12-01 ¥300, 2024-01-15 ¥400,
/// 2024-04-01 ¥700.
const SHOP: &str = "order_id,order_date,email,order_total\n\
                    1,2024-01-10,a@x.jp,1000\n2,2024-03-05,a@x.jp,2000\n3,2024-02-20,b@x.jp,500\n\
                    4,2023-12-01,c@x.jp,300\n5,2024-01-15,c@x.jp,400\n6,2024-04-01,c@x.jp,700\n";

#[test]
fn customers_by_segment_at_two_dates_as_csv() {
    let scratch = Scratch::new("migration-csv");
    let file = scratch.write("shop.csv", SHOP);
    let run = kokyaku(&[
        "migration",
        file.to_str().unwrap(),
        "--from",
        "2024-02-01",
        "--to",
        "2024-04-15",
        "--csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}from_segment,to_segment,customers,revenue_between\r\n\
         about_to_sleep,potential_loyalists,1,700\r\n\
         hibernating,hibernating,1,2000\r\n\
         none,hibernating,1,500\r\n"
    );
}

#[test]
fn dates_out_of_order_and_a_missing_date_are_errors() {
    let scratch = Scratch::new("migration-errors");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    let late = kokyaku(&[
        "migration",
        file,
        "--from",
        "2024-05-01",
        "--to",
        "2024-04-15",
    ]);
    assert_eq!(late.code, Some(1));
    assert!(late.stderr.contains("must be before"), "{}", late.stderr);
    let missing = kokyaku(&["migration", file, "--from", "2024-01-01"]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("--to"), "{}", missing.stderr);
}
