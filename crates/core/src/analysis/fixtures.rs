//! Data for the analyses' tests: a shop from a few hand-written orders, and a few hundred customers from a
//! fixed sequence.

use crate::date::Day;
use crate::ingest::{ingest_files, IngestOptions};
use crate::model::Dataset;

/// The dataset of these orders, each (customer id, date `YYYY-MM-DD`, total in minor units), numbered in order.
pub fn shop(rows: &[(&str, &str, i64)]) -> Dataset {
    let mut csv = String::from("order_id,order_date,customer_id,order_total\n");
    for (i, (customer, date, total)) in rows.iter().enumerate() {
        csv.push_str(&format!("{},{date},{customer},{total}\n", i + 1));
    }
    ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
        .unwrap()
        .dataset
}

/// `Some` of the day `YYYY-MM-DD`.
pub fn day(s: &str) -> Option<Day> {
    Some(s.parse().unwrap())
}

/// Three hundred customers whose first orders spread over two years from 2023-01-01, each with one to seven
/// orders within 200 days of it, from a fixed linear congruential sequence.
pub fn random_shop() -> Dataset {
    let mut state: u64 = 42;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    let start = Day::from_ymd(2023, 1, 1).unwrap().0;
    let mut orders: Vec<(String, String, i64)> = Vec::new();
    for c in 0..300 {
        let first = start + next(700) as i32;
        for _ in 0..1 + next(4) * next(3) {
            let date = Day(first + next(200) as i32).to_string();
            orders.push((format!("c{c}"), date, 100 + next(900) as i64));
        }
    }
    let rows: Vec<(&str, &str, i64)> = orders
        .iter()
        .map(|(e, d, v)| (e.as_str(), d.as_str(), *v))
        .collect();
    shop(&rows)
}
