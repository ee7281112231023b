//! `kokyaku summary` on the real CDNOW sample (the data set of Fader, Hardie & Lee's BG/NBD paper), against
//! figures computed independently of Kokyaku.
//!
//! The expected numbers were computed with Python's `csv` and `decimal` modules over
//! `tests/data/cdnow/cdnow_sample_orders.csv` (6,919 data rows, no order id column, so one order per row):
//!
//! ```python
//! rows = list(csv.DictReader(open(path, newline="")))
//! kept = [r for r in rows if r["order_date"] < limit]          # limit = "9999" for all, or "1997-10-01"
//! per_customer = collections.Counter(r["customer_id"] for r in kept)
//! customers, orders = len(per_customer), len(kept)
//! revenue_cents = int(sum(decimal.Decimal(r["amount_usd"]) for r in kept) * 100)
//! repeat = sum(1 for n in per_customer.values() if n >= 2)
//! first, last = min(r["order_date"] for r in kept), max(r["order_date"] for r in kept)
//! ```

mod common;

use common::{kokyaku, kokyaku_json};
use serde_json::Value;

/// The CDNOW sample in tests/data.
fn cdnow_path() -> String {
    format!(
        "{}/../../tests/data/cdnow/cdnow_sample_orders.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `kokyaku summary` on the CDNOW sample with its columns mapped, plus any extra arguments.
fn summary(extra: &[&str]) -> Value {
    let path = cdnow_path();
    let mut args = vec![
        "summary",
        path.as_str(),
        "--preset",
        "generic",
        "--map",
        "customer_id=customer_id",
        "--map",
        "order_date=order_date",
        "--map",
        "order_total=amount_usd",
        "--json",
    ];
    args.extend_from_slice(extra);
    kokyaku_json(&args)
}

#[test]
fn whole_cdnow_sample_matches_the_independent_computation() {
    let r = summary(&[]);
    assert_eq!(r["customers"], 2357);
    assert_eq!(r["orders"], 6919);
    // Sum of amount_usd = 244091.94 dollars.
    assert_eq!(r["revenue_minor"], 24_409_194);
    assert_eq!(r["currency"], "USD");
    assert_eq!(r["currency_decimals"], 2);
    assert_eq!(r["repeat_customers"], 1152);
    assert_eq!(r["first_order_date"], "1997-01-01");
    assert_eq!(r["last_order_date"], "1998-06-30");
    // The day after the latest order.
    assert_eq!(r["as_of"], "1998-07-01");
    assert_eq!(r["rows_read"], 6919);
    assert_eq!(r["rows_rejected"], 0);
    assert_eq!(r["orders_rejected"], 0);
    assert_eq!(r["cancelled_orders"], 0);
    assert_eq!(r["orders_without_customer"], 0);
    assert_eq!(r["duplicate_orders"], 0);
    assert_eq!(r["files"][0]["preset"], "generic");
    assert_eq!(r["files"][0]["encoding"], "utf8");
}

#[test]
fn as_of_the_bgnbd_calibration_end_counts_only_earlier_orders() {
    // Calibration period of the BG/NBD paper: 1997-01-01 .. 1997-09-30, so as of 1997-10-01.
    // Python (see the module doc) with limit "1997-10-01": every one of the 2357 customers made a first
    // purchase in the first quarter of 1997, so all are counted; 4960 orders worth 173115.55 dollars,
    // 959 customers with two or more of them, the last on 1997-09-30.
    let r = summary(&["--as-of", "1997-10-01"]);
    assert_eq!(r["as_of"], "1997-10-01");
    assert_eq!(r["customers"], 2357);
    assert_eq!(r["orders"], 4960);
    assert_eq!(r["revenue_minor"], 17_311_555);
    assert_eq!(r["repeat_customers"], 959);
    assert_eq!(r["first_order_date"], "1997-01-01");
    assert_eq!(r["last_order_date"], "1997-09-30");
    // The as-of date limits the analysis, not the reading.
    assert_eq!(r["rows_read"], 6919);
    assert_eq!(r["rows_rejected"], 0);
}

#[test]
fn the_currency_comes_from_the_amount_usd_header_even_with_auto_detection() {
    // Without --preset and with only the total mapped: the generic preset finds customer_id and order_date by
    // name, and `amount_usd` names the currency.
    let path = cdnow_path();
    let r = kokyaku_json(&[
        "summary",
        path.as_str(),
        "--map",
        "order_total=amount_usd",
        "--json",
    ]);
    assert_eq!(
        (r["customers"].as_u64(), r["orders"].as_u64()),
        (Some(2357), Some(6919))
    );
    assert_eq!(r["revenue_minor"], 24_409_194);
    assert_eq!(r["currency"], "USD");
}

/// The look-ahead fields of three CDNOW customers under the default BG/NBD fit (calibration end 1998-06-30,
/// weeks; r 0.25356, α 5.44726, a 0.60737, b 2.64723), against `lifetimes` 0.11.3's `BetaGeoFitter` with
/// those parameters set (`conditional_probability_alive(x, t_x, T + d/7)`,
/// `conditional_expected_number_of_purchases_up_to_time(d/7, x, t_x, T)`) and scipy's
/// `lomax(c=r+x, scale=α+T).ppf(q) * 7` for the next order's quartiles (days after the calibration end,
/// rounded up): 53.9 and 309.8 days for 00004; 150.4 and 1,179 days for 00021 (beyond two years: empty);
/// 1,230 and 137,513 days for 00050.
#[test]
fn predictions_ahead_equal_lifetimes() {
    let path = cdnow_path();
    let run = kokyaku(&[
        "segment",
        &path,
        "--where",
        "customer in (00004, 00021, 00050)",
        "--fields",
        "customer,p_alive,p_alive_30,p_alive_90,expected_orders_30,expected_orders_90,expected_orders_365,\
         next_order_from,next_order_to,churn_risk",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().skip(1).collect::<Vec<_>>(),
        [
            "00004,0.6611,0.6236,0.5502,0.110,0.322,1.205,1998-08-23,1999-05-06,medium",
            "00021,0.1674,0.1589,0.1438,0.011,0.032,0.120,1998-11-28,,high",
            "00050,1.0000,1.0000,1.0000,0.013,0.038,0.149,,,low",
        ]
    );
    // The ready-made "VIPs likely to churn": top spenders with a medium or high churn risk.
    let vips = kokyaku(&[
        "segment",
        &path,
        "--starter",
        "vip_churn_risk",
        "--fields",
        "m_score,churn_risk",
    ]);
    assert_eq!(vips.code, Some(0), "{}", vips.stderr);
    let rows: Vec<&str> = vips.stdout.lines().skip(1).collect();
    assert!(rows.len() > 50, "{}", rows.len());
    assert!(
        rows.iter().all(|r| *r == "5,medium" || *r == "5,high"),
        "{rows:?}"
    );
}
