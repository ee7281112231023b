//! `kokyaku summary` on generated exports of every supported format, against the generator's truth.
//!
//! Each export is read with automatic preset and encoding detection, so this also pins down that every
//! format is recognised from its header row and its bytes.

mod common;

use common::{generate, kokyaku, kokyaku_json, Scratch};
use kokyaku_gen::{Format, GenOptions, Truth};
use serde_json::Value;

/// Orders per generated export.
const ORDERS: usize = 3_000;
/// Seed of every generated export.
const SEED: u64 = 7;

/// The encoding label (as serialised by the core) each format's export must be detected as.
fn expected_encoding(format: Format) -> &'static str {
    match format.name() {
        "ec-cube" | "rakuten" | "base" => "shift-jis",
        "ecforce" => "utf8-bom",
        _ => "utf8",
    }
}

/// Compares the report with the truth, collecting every difference.
fn differences(format: Format, r: &Value, t: &Truth) -> Vec<String> {
    let file = &r["files"][0];
    let checks: [(&str, &Value, Value); 14] = [
        ("currency", &r["currency"], t.currency.into()),
        ("customers", &r["customers"], t.customers.into()),
        ("orders", &r["orders"], t.valid_orders.into()),
        ("revenue_minor", &r["revenue_minor"], t.revenue_minor.into()),
        (
            "repeat_customers",
            &r["repeat_customers"],
            t.repeat_customers.into(),
        ),
        (
            "cancelled_orders",
            &r["cancelled_orders"],
            t.cancelled_orders.into(),
        ),
        (
            "incomplete_orders",
            &r["incomplete_orders"],
            t.incomplete_orders.into(),
        ),
        (
            "orders_without_customer",
            &r["orders_without_customer"],
            t.orders_without_customer.into(),
        ),
        ("rows_rejected", &r["rows_rejected"], t.rejected_rows.into()),
        ("rows_read", &r["rows_read"], t.rows_written.into()),
        (
            "first_order_date",
            &r["first_order_date"],
            t.first_order_date.to_string().into(),
        ),
        (
            "last_order_date",
            &r["last_order_date"],
            t.last_order_date.to_string().into(),
        ),
        ("files[0].preset", &file["preset"], format.name().into()),
        (
            "files[0].encoding",
            &file["encoding"],
            expected_encoding(format).into(),
        ),
    ];
    checks
        .into_iter()
        .filter(|(_, got, want)| *got != want)
        .map(|(name, got, want)| {
            format!(
                "{}: {name} is {got}, the generator says {want}",
                format.name()
            )
        })
        .collect()
}

#[test]
fn every_format_is_detected_and_summarised_as_the_generator_says() {
    let scratch = Scratch::new("generated");
    let mut all = Vec::new();
    for format in Format::ALL {
        let (path, truth) = generate(&scratch, format, ORDERS, SEED);
        let r = kokyaku_json(&["summary".as_ref(), path.as_os_str(), "--json".as_ref()]);
        all.extend(differences(format, &r, &truth));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn gen_writes_the_generator_output_and_its_truth_as_json() {
    let scratch = Scratch::new("gen");
    let out = scratch.path("out.csv");
    let truth_path = scratch.path("truth.json");
    let run = kokyaku(&[
        "gen".as_ref(),
        "--preset".as_ref(),
        "ec-cube".as_ref(),
        "--orders".as_ref(),
        "500".as_ref(),
        "--seed".as_ref(),
        "3".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--truth-json".as_ref(),
        truth_path.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let mut expected = Vec::new();
    let truth = kokyaku_gen::generate(
        &GenOptions {
            format: Format::EcCube,
            orders: 500,
            seed: 3,
        },
        &mut expected,
    )
    .unwrap();
    assert!(
        std::fs::read(&out).unwrap() == expected,
        "the file differs from the generator's bytes"
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&truth_path).unwrap()).unwrap();
    assert_eq!(written, serde_json::to_value(&truth).unwrap());
    assert_eq!(
        written["first_order_date"].as_str().map(str::len),
        Some(10),
        "{written}"
    );

    // Without --out the export goes to stdout.
    let run = kokyaku(&[
        "gen", "--preset", "generic", "--orders", "20", "--seed", "3",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut expected = Vec::new();
    kokyaku_gen::generate(
        &GenOptions {
            format: Format::Generic,
            orders: 20,
            seed: 3,
        },
        &mut expected,
    )
    .unwrap();
    assert_eq!(run.stdout.as_bytes(), expected.as_slice());
}

#[test]
fn gen_rejects_unknown_formats_as_a_usage_error() {
    let run = kokyaku(&["gen", "--preset", "magento", "--orders", "1"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("unknown format 'magento'"),
        "{}",
        run.stderr
    );
}
