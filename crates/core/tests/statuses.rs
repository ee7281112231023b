//! Statuses: which count as purchases, the user's choice to count or leave out a status, and the statuses
//! seen as the quality report lists them, on a small export worked out by hand.

use kokyaku_core::ingest::{ingest_files, IngestOptions, Ingested, StatusChoice, StatusClass};

/// Six orders of the generic preset: 1000 paid, 2000 pending (no payment taken), 3000 refunded (a return),
/// 400 `Paid`, 500 `on-hold` (no payment taken), 600 paid; order 7 has no status and counts.
const SHOP: &str = "order_id,order_date,email,order_total,status\n\
                    1,2024-01-05,a@x.jp,1000,paid\n2,2024-01-06,b@x.jp,2000,pending\n\
                    3,2024-01-07,c@x.jp,3000,refunded\n4,2024-01-08,d@x.jp,400,Paid\n\
                    5,2024-01-09,a@x.jp,500,on-hold\n6,2024-01-10,e@x.jp,600,paid\n\
                    7,2024-01-11,f@x.jp,70,\n";

fn read(statuses: StatusChoice) -> Ingested {
    let options = IngestOptions {
        statuses,
        ..IngestOptions::default()
    };
    ingest_files(options, [("shop.csv", SHOP.as_bytes())]).unwrap()
}

fn revenue(data: &Ingested) -> i64 {
    data.dataset.orders.value.iter().sum()
}

fn seen(data: &Ingested) -> Vec<(String, StatusClass, u64)> {
    data.quality
        .statuses
        .seen
        .iter()
        .map(|s| (s.status.clone(), s.class, s.rows))
        .collect()
}

#[test]
fn the_report_lists_every_status_with_its_rows_and_what_it_made_of_its_orders() {
    let data = read(StatusChoice::default());
    // Counted: 1000 + 400 + 600 + 70.
    assert_eq!((data.dataset.orders.date.len(), revenue(&data)), (4, 2070));
    let q = &data.quality;
    assert_eq!(
        (q.cancelled_orders, q.incomplete_orders, q.excluded_orders),
        (1, 2, 0)
    );
    use StatusClass::*;
    assert_eq!(
        seen(&data),
        [
            ("paid".into(), Purchase, 2),
            ("pending".into(), Incomplete, 1),
            ("refunded".into(), Cancelled, 1),
            ("Paid".into(), Purchase, 1),
            ("on-hold".into(), Incomplete, 1)
        ]
    );
}

#[test]
fn the_user_counts_or_leaves_out_statuses_whatever_the_preset_says() {
    // Pending and on-hold counted (2000 + 500), paid left out in any case (1000, 400, 600): 2000 + 500 + 70.
    let data = read(StatusChoice {
        include: vec!["pending".into(), "ON-HOLD".into()],
        exclude: vec!["paid".into()],
    });
    assert_eq!((data.dataset.orders.date.len(), revenue(&data)), (3, 2570));
    let q = &data.quality;
    assert_eq!(
        (q.cancelled_orders, q.incomplete_orders, q.excluded_orders),
        (1, 0, 3)
    );
    use StatusClass::*;
    assert_eq!(
        seen(&data),
        [
            ("paid".into(), Excluded, 2),
            ("pending".into(), Included, 1),
            ("refunded".into(), Cancelled, 1),
            ("Paid".into(), Excluded, 1),
            ("on-hold".into(), Included, 1)
        ]
    );
}
