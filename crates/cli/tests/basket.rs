//! `kokyaku basket` end to end on a small hand-made export: the CSV contract, `--sequence`, the options
//! reaching the core, and usage errors. The figures are checked against pandas in `reference.rs` and by hand in
//! the core's tests.

mod common;

use common::{kokyaku, kokyaku_json, Scratch};

/// a: {tea, pot} + shipping, then {sweets, tea}; b: {tea, pot}, then {sweets}; c: {tea}, then a cancelled
/// order; d: {pot}. Six valid orders.
const SHOP: &str = "order_id,order_date,email,order_total,status,product_id,product_name\n\
    1,2024-01-05,a@x.jp,3000,paid,P1,tea\n1,2024-01-05,a@x.jp,3000,paid,P2,pot\n\
    1,2024-01-05,a@x.jp,3000,paid,SHIP,Shipping\n\
    2,2024-01-06,b@x.jp,2000,paid,P1,tea\n2,2024-01-06,b@x.jp,2000,paid,P2,pot\n\
    3,2024-01-07,c@x.jp,1000,paid,P1,tea\n\
    4,2024-02-01,a@x.jp,1500,paid,P3,sweets\n4,2024-02-01,a@x.jp,1500,paid,P1,tea\n\
    5,2024-02-02,b@x.jp,500,paid,P3,sweets\n\
    6,2024-02-03,d@x.jp,800,paid,P2,pot\n\
    7,2024-02-04,c@x.jp,900,cancelled,P2,pot\n";

fn csv(args: &[&str]) -> Vec<String> {
    let run = kokyaku(args);
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    let body = run
        .stdout
        .strip_prefix('\u{FEFF}')
        .expect("a BOM")
        .to_string();
    body.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn pairs_as_csv_in_the_documented_columns() {
    let scratch = Scratch::new("basket-csv");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    assert_eq!(
        csv(&["basket", file, "--csv"]),
        [
            "product_a,product_b,orders_a,orders_b,orders_both,support,confidence,lift",
            "P1,P2,4,3,2,0.3333,0.5000,1.000",
            "P2,P1,3,4,2,0.3333,0.6667,1.000",
        ]
    );
    // First orders only (1, 2, 3, 6): lift (2/3) / (3/4).
    assert_eq!(
        csv(&["basket", file, "--csv", "--orders", "first"])[1],
        "P1,P2,3,3,2,0.5000,0.6667,0.889"
    );
    // Kept as goods, the shipping line pairs with tea and pot in order 1 (one order: below the minimum of 2).
    let all = csv(&[
        "basket",
        file,
        "--csv",
        "--keep-every-line",
        "--min-orders",
        "1",
    ]);
    assert!(
        all.iter().any(|l| l.starts_with("SHIP,P1,1,4,1,")),
        "{all:?}"
    );
}

#[test]
fn second_orders_by_first_product_and_the_json() {
    let scratch = Scratch::new("basket-sequence");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    assert_eq!(
        csv(&["basket", file, "--csv", "--sequence"]),
        [
            "first_product,next_product,customers_first,customers_second,customers_next,share",
            "P1,P3,3,2,2,1.0000",
            "P2,P3,3,2,2,1.0000",
        ]
    );
    let json = kokyaku_json(&["basket", file, "--json"]);
    assert_eq!(json["as_of"], "2024-02-04");
    assert_eq!(json["orders"], 6);
    assert_eq!(json["lines_left_out"], 1);
    assert_eq!(json["products_left_out"][0], "Shipping");
}

#[test]
fn bad_options_are_usage_errors() {
    let scratch = Scratch::new("basket-errors");
    let file = scratch.write("shop.csv", SHOP);
    let file = file.to_str().unwrap();
    let zero = kokyaku(&["basket", file, "--min-orders", "0"]);
    assert_eq!(zero.code, Some(2));
    assert!(zero.stderr.contains("--min-orders"), "{}", zero.stderr);
    let scope = kokyaku(&["basket", file, "--orders", "new"]);
    assert_eq!(scope.code, Some(2));
    assert!(
        scope.stderr.contains("use all, first or repeat"),
        "{}",
        scope.stderr
    );
}
