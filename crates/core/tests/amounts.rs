//! Amounts and their currency: signs that say dollars are not read as yen, decimal commas, decimals in a
//! file that names no currency, and floating-point noise, on small exports worked out by hand.

use kokyaku_core::ingest::{ingest_files, IngestErrorKind, IngestOptions, Ingested};
use kokyaku_core::report::SummaryReport;

fn read(text: &str, currency: Option<&str>) -> Result<Ingested, IngestErrorKind> {
    let options = IngestOptions {
        currency: currency.map(str::to_string),
        ..IngestOptions::default()
    };
    ingest_files(options, [("shop.csv", text.as_bytes())]).map_err(|e| e.kind)
}

fn values(data: &Ingested) -> Vec<i64> {
    let mut v = data.dataset.orders.value.clone();
    v.sort_unstable();
    v
}

const HEADER: &str = "order_id,order_date,email,order_total\n";

#[test]
fn dollar_signs_make_dollars_and_other_signs_mix() {
    // $19.99 and US$5 are 1999 and 500 cents, not yen.
    let data = read(
        &format!("{HEADER}1,2024-01-05,a@x.jp,$19.99\n2,2024-01-06,b@x.jp,US$5\n"),
        None,
    )
    .unwrap();
    assert_eq!(data.dataset.currency.code, "USD");
    assert_eq!(values(&data), [500, 1999]);
    // € and $ in one file: two currencies, and the user must choose.
    let mixed = read(
        &format!("{HEADER}1,2024-01-05,a@x.jp,$19.99\n2,2024-01-06,b@x.jp,\"19,99 €\"\n"),
        None,
    );
    assert_eq!(
        mixed.err(),
        Some(IngestErrorKind::MixedCurrencies(vec![
            ("USD".into(), 1),
            ("EUR".into(), 1)
        ]))
    );
}

#[test]
fn a_chosen_currency_takes_the_signs_that_fit_it_and_rejects_the_others() {
    let csv = format!(
        "{HEADER}1,2024-01-05,a@x.jp,$19.99\n2,2024-01-06,b@x.jp,¥500\n3,2024-01-07,c@x.jp,7\n"
    );
    // Canadian dollars: $19.99 fits, ¥500 does not (its row is rejected), 7 is 7 dollars.
    let data = read(&csv, Some("CAD")).unwrap();
    assert_eq!(values(&data), [700, 1999]);
    let rejects: Vec<(u64, String)> = data
        .quality
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.to_string()))
        .collect();
    assert_eq!(
        rejects,
        [(
            3,
            "the amount is written in ¥, not in CAD, the currency chosen".to_string()
        )]
    );
    // Yen: $19.99 is rejected, not read as 19.99 yen.
    let data = read(&csv, Some("JPY")).unwrap();
    assert_eq!(values(&data), [7, 500]);
    assert_eq!(data.quality.rejects[0].line, 2);
}

#[test]
fn a_decimal_comma_is_a_decimal_mark() {
    // 19,99 € is 1999 cents and 1.234,50 € 123450, not 199,900 and 12,345,000.
    let csv =
        format!("{HEADER}1,2024-01-05,a@x.jp,\"19,99 €\"\n2,2024-01-06,b@x.jp,\"1.234,50\"\n");
    let data = read(&csv, Some("EUR")).unwrap();
    assert_eq!(values(&data), [1999, 123_450]);
}

#[test]
fn decimals_in_a_file_that_names_no_currency_ask_for_it() {
    // No currency column, sign or header: JPY only if every amount is whole. Two of three orders have cents.
    let csv = format!(
        "{HEADER}1,2024-01-05,a@x.jp,19.99\n2,2024-01-06,b@x.jp,5.50\n3,2024-01-07,c@x.jp,12\n"
    );
    assert_eq!(
        read(&csv, None).err(),
        Some(IngestErrorKind::CurrencyNeeded {
            orders: 2,
            example: "19.99".into()
        })
    );
    // Chosen: dollars read them all; yen reject the two with decimals, naming them.
    assert_eq!(values(&read(&csv, Some("USD")).unwrap()), [550, 1200, 1999]);
    let yen = read(&csv, Some("JPY")).unwrap();
    assert_eq!(values(&yen), [12]);
    assert_eq!(yen.quality.orders_rejected, 2);
    // Whole amounts are yen, as before.
    let whole = read(&format!("{HEADER}1,2024-01-05,a@x.jp,1200\n"), None).unwrap();
    assert_eq!(
        (whole.dataset.currency.code.as_str(), values(&whole)),
        ("JPY", vec![1200])
    );
}

#[test]
fn floating_point_noise_is_rounded_with_a_note() {
    // 22.200000000000003 is 22.20 dollars, 19.989999999999998 is 19.99.
    let csv = format!(
        "{HEADER}1,2024-01-05,a@x.jp,22.200000000000003\n2,2024-01-06,b@x.jp,19.989999999999998\n"
    );
    let data = read(&csv, Some("USD")).unwrap();
    assert_eq!(values(&data), [1999, 2220]);
    let report = SummaryReport::new(&data, None);
    assert_eq!(
        report.order_notes,
        ["2 amounts carried floating-point noise from a spreadsheet or script (e.g. '22.200000000000003') and were read rounded to the thousandth."]
    );
}
