//! `kokyaku acquisition` end to end: the CSV of a hand-made export (the core's figures, computed by hand in
//! `analysis/acquisition.rs`), the note when no order has the column's values, and predicted CLV that adds up
//! to what `kokyaku ltv` gives the same customers.

mod common;

use common::{generate, kokyaku, kokyaku_json, Scratch};
use kokyaku_gen::Format;

/// a: web + WELCOME 01-10 ¥1,000, web 02-01 ¥2,000; b: pos 01-20 ¥500; c: WELCOME without a channel 03-01
/// ¥3,000, web 03-20 ¥1,000; d: web 04-01 ¥800. As of 2024-05-01.
const ORDERS: &str = "order_id,order_date,email,order_total,channel,coupon\n\
                      1,2024-01-10,a@x.jp,1000,web,WELCOME\n\
                      2,2024-02-01,a@x.jp,2000,web,\n\
                      3,2024-01-20,b@x.jp,500,pos,\n\
                      4,2024-03-01,c@x.jp,3000,,WELCOME\n\
                      5,2024-03-20,c@x.jp,1000,web,\n\
                      6,2024-04-01,d@x.jp,800,web,\n";

#[test]
fn the_csv_has_one_row_per_group_and_horizon() {
    let scratch = Scratch::new("acquisition");
    let file = scratch.write("orders.csv", ORDERS);
    let file = file.to_str().unwrap();
    let run = kokyaku(&[
        "acquisition",
        file,
        "--as-of",
        "2024-05-01",
        "--f2-window",
        "30",
        "--horizons",
        "30,60",
        "--csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}channel,customers,share,repeat_customers,repeat_rate,f2_eligible,f2_converted,f2_rate,revenue,\
         clv_customers,mean_clv,horizon_days,eligible,total,mean\r\n\
         web,2,0.5000,1,0.5000,2,1,0.5000,3800,0,,30,2,3800,1900\r\n\
         web,2,0.5000,1,0.5000,2,1,0.5000,3800,0,,60,1,3000,3000\r\n\
         pos,1,0.2500,0,0.0000,1,0,0.0000,500,0,,30,1,500,500\r\n\
         pos,1,0.2500,0,0.0000,1,0,0.0000,500,0,,60,1,500,500\r\n\
         ,1,0.2500,1,1.0000,1,1,1.0000,4000,0,,30,1,4000,4000\r\n\
         ,1,0.2500,1,1.0000,1,1,1.0000,4000,0,,60,1,4000,4000\r\n"
    );
    // In words, the group without a channel is (none), and the coupon codes are read too.
    let words = kokyaku(&[
        "acquisition",
        file,
        "--by",
        "coupon",
        "--csv",
        "--lang",
        "en",
    ]);
    assert!(words.stdout.contains("\r\nWELCOME,2,"), "{}", words.stdout);
    assert!(words.stdout.contains("\r\n(none),2,"), "{}", words.stdout);
}

#[test]
fn without_values_a_note_says_everyone_is_in_one_group() {
    let scratch = Scratch::new("acquisition-none");
    let file = scratch.write(
        "orders.csv",
        "order_id,order_date,email,order_total\n1,2024-01-10,a@x.jp,1000\n",
    );
    let run = kokyaku(&["acquisition", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(0));
    assert_eq!(
        run.stderr,
        "kokyaku: note: no order has a channel (the column is missing or empty), so every customer is in the one \
         group (none)\n"
    );
}

/// Shopify's Source is the channel; the groups' predicted CLV adds up to every customer's in `kokyaku ltv`.
#[test]
fn predicted_clv_by_channel_adds_up_to_the_customers() {
    let scratch = Scratch::new("acquisition-shopify");
    let (file, _) = generate(&scratch, Format::Shopify, 3000, 5);
    let file = file.to_str().unwrap();
    let a = kokyaku_json(&["acquisition", file, "--predicted", "--json"]);
    let channels: Vec<&str> = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["web", "subscription_contract"]);
    let ltv = kokyaku_json(&["ltv", file, "--json"]);
    let clvs: Vec<f64> = ltv["customers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["clv_minor"].as_f64())
        .collect();
    let (count, sum) = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .fold((0, 0.0), |(n, s), r| {
            let k = r["clv_customers"].as_u64().unwrap();
            (n + k, s + k as f64 * r["mean_clv_minor"].as_f64().unwrap())
        });
    assert_eq!(count, clvs.len() as u64);
    let total: f64 = clvs.iter().sum();
    assert!((sum - total).abs() < 1e-6 * total, "{sum} against {total}");
}

/// Segments pick customers by their first order's channel and coupon: a and d came by web, a with WELCOME.
#[test]
fn segments_select_by_first_channel_and_coupon() {
    let scratch = Scratch::new("acquisition-segment");
    let file = scratch.write("orders.csv", ORDERS);
    let run = kokyaku(&[
        "segment",
        file.to_str().unwrap(),
        "--where",
        "first_channel = web",
        "--fields",
        "customer,first_channel,first_coupon",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}customer,first_channel,first_coupon\r\na@x.jp,web,WELCOME\r\nd@x.jp,web,\r\n"
    );
    let coupon = kokyaku(&[
        "segment",
        file.to_str().unwrap(),
        "--where",
        "first_coupon = WELCOME",
        "--layout",
        "email-list",
    ]);
    assert_eq!(coupon.stdout, "a@x.jp\r\nc@x.jp\r\n");
}
