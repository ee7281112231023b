//! `kokyaku repeat`: repeat behaviour (docs/analyses.md, "Repeat behaviour"): F2 conversion within D days, the days
//! to the second and third order (転換日数), F2 conversion by first-order product (商品転換率) and subscription
//! retention (定期推移表). `--csv` prints the F2 table; `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::repeat::{repeat, DaysDistribution, Repeat, RepeatParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::tables;

use crate::output::{self, Format};
use crate::{input, CliError, RepeatArgs};

/// How many product rows the text report lists; the rest are counted (and all are in `--json`).
pub const PRODUCTS_LISTED: usize = 15;

/// How many subscription orders (2nd, 3rd, ...) the text report shows per start month.
pub const SUBSCRIPTION_ORDERS_LISTED: usize = 12;

/// The parameters the options give, checked.
pub fn params(args: &RepeatArgs) -> Result<RepeatParams, ParamError> {
    let params = RepeatParams {
        windows: args.windows.0.clone(),
        product_window: args.product_window,
        min_customers: args.min_customers,
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &RepeatArgs, params: &RepeatParams) -> Result<(), CliError> {
    let data = input::load(&args.input)?;
    let result = repeat(&data.dataset, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            &tables::repeat::f2(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, &result),
    })
}

fn days(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |x| format!("{x:.1}"))
}

fn whole_days(x: Option<i32>) -> String {
    x.map_or("—".to_string(), |x| x.to_string())
}

fn write_distribution(out: &mut dyn Write, label: &str, d: &DaysDistribution) -> io::Result<()> {
    writeln!(
        out,
        "{label:<8} {:>9} {:>6} {:>8} {:>8} {:>8} {:>6} {:>8}",
        d.customers,
        whole_days(d.min_days),
        days(d.q1_days),
        days(d.median_days),
        days(d.q3_days),
        whole_days(d.max_days),
        days(d.mean_days)
    )
}

/// Writes the report for people: the four parts, briefly.
pub fn write_text(out: &mut dyn Write, r: &Repeat) -> io::Result<()> {
    let p = &r.params;
    let Some(as_of) = r.as_of else {
        return writeln!(out, "No valid orders with a customer key were found.");
    };
    writeln!(
        out,
        "Repeat behaviour as of {as_of} (orders dated before this day): {} customers",
        r.customers
    )?;
    let windows: Vec<String> = p.windows.iter().map(i32::to_string).collect();
    writeln!(
        out,
        "Windows {} days; product window {} days; minimum customers per product {}.",
        windows.join(", "),
        p.product_window,
        p.min_customers
    )?;

    writeln!(out, "\nF2 conversion: second order within D days of the first, of the customers whose first order is at least D days before the as-of date")?;
    writeln!(
        out,
        "{:>6} {:>9} {:>9} {:>7}",
        "D", "eligible", "converted", "rate"
    )?;
    for f in &r.f2 {
        writeln!(
            out,
            "{:>6} {:>9} {:>9} {:>7}",
            f.window_days,
            f.eligible,
            f.converted,
            output::percent(f.rate)
        )?;
    }

    writeln!(out, "\nDays from the first order to the second and third (転換日数; quartiles interpolated linearly)")?;
    writeln!(
        out,
        "{:<8} {:>9} {:>6} {:>8} {:>8} {:>8} {:>6} {:>8}",
        "order", "customers", "min", "q1", "median", "q3", "max", "mean"
    )?;
    write_distribution(out, "second", &r.days_to_second)?;
    write_distribution(out, "third", &r.days_to_third)?;
    let bins: Vec<String> = r
        .days_to_second
        .histogram
        .iter()
        .map(|b| match b.to_days {
            Some(to) => format!("{}–{}: {}", b.from_days, to, b.customers),
            None => format!("{}+: {}", b.from_days, b.customers),
        })
        .collect();
    writeln!(
        out,
        "Days to second, customers by days: {}",
        bins.join(", ")
    )?;

    let t = &r.products;
    writeln!(
        out,
        "\nF2 conversion within {} days by product of the first order (商品転換率)",
        p.product_window
    )?;
    if t.rows.is_empty() {
        writeln!(out, "  no products in first orders")?;
    } else {
        writeln!(
            out,
            "{:<40} {:>9} {:>9} {:>9} {:>7}",
            "product", "customers", "eligible", "converted", "rate"
        )?;
        for row in t.rows.iter().take(PRODUCTS_LISTED) {
            let name = if row.name.is_empty() {
                &row.product_id
            } else {
                &row.name
            };
            writeln!(
                out,
                "{} {:>9} {:>9} {:>9} {:>7}",
                output::fit(name, 40),
                row.customers,
                row.eligible,
                row.converted,
                output::percent(row.rate)
            )?;
        }
        if t.rows.len() > PRODUCTS_LISTED {
            writeln!(
                out,
                "  ... and {} more products (--json lists them all)",
                t.rows.len() - PRODUCTS_LISTED
            )?;
        }
    }
    if t.dropped_rows > 0 {
        writeln!(
            out,
            "  {} products with fewer than {} customers left out",
            t.dropped_rows, p.min_customers
        )?;
    }
    if t.first_orders_without_products > 0 {
        writeln!(
            out,
            "  {} first orders without product lines, in no row",
            t.first_orders_without_products
        )?;
    }

    let s = &r.subscriptions;
    writeln!(
        out,
        "\nSubscription retention (定期推移表): share of subscribers reaching their n-th subscription order, by month of the first"
    )?;
    if !s.has_subscriptions {
        return writeln!(out, "  no subscription orders");
    }
    let shown = (s.max_orders as usize).min(SUBSCRIPTION_ORDERS_LISTED);
    write!(out, "{:<7} {:>11}", "start", "subscribers")?;
    for n in 2..=shown {
        write!(out, "{:>7}", format!("#{n}"))?;
    }
    writeln!(out)?;
    for c in &s.cohorts {
        write!(out, "{:<7} {:>11}", c.start_month, c.subscribers)?;
        for share in c.share.iter().take(shown).skip(1) {
            write!(out, "{:>7}", format!("{:.1}%", share * 100.0))?;
        }
        writeln!(out)?;
    }
    if (s.max_orders as usize) > shown {
        writeln!(out, "  up to #{} in --json", s.max_orders)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokyaku_core::ingest::{ingest_files, IngestOptions};
    use kokyaku_core::table::CsvStyle;

    #[test]
    fn text_report_has_all_four_parts_and_the_csv_the_f2_table() {
        // a: 2024-01-01 (A, subscription) and 10 days later; b: 2024-02-01 (B) only. As of 2024-03-02 a's
        // first order is 61 days old (31 + 29 + 1), b's 30 (29 + 1).
        let csv = "order_id,order_date,email,order_total,product_name,subscription\n\
                   1,2024-01-01,a@x,100,A,1\n2,2024-01-11,a@x,100,A,1\n3,2024-02-01,b@x,100,B,0\n";
        let data = ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())]).unwrap();
        let params = RepeatParams {
            windows: vec![30, 60],
            ..RepeatParams::default()
        };
        let r = repeat(&data.dataset, Some("2024-03-02".parse().unwrap()), &params);
        let mut out = Vec::new();
        write_text(&mut out, &r).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in [
            "as of 2024-03-02",
            "Windows 30, 60 days; product window 90 days; minimum customers per product 1.",
            "F2 conversion",
            "    30         2         1   50.0%",
            "    60         1         1  100.0%",
            "second           1     10     10.0     10.0     10.0     10     10.0",
            "8–14: 1",
            "商品転換率",
            "定期推移表",
            "2024-01           1 100.0%",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
        let t = tables::repeat::f2(&r);
        assert_eq!(t.ids(), ["window_days", "eligible", "converted", "rate"]);
        assert_eq!(
            t.written_rows(&CsvStyle::ids(0)),
            [["30", "2", "1", "0.5000"], ["60", "1", "1", "1.0000"]]
        );
        let r = repeat(&data.dataset, Some("2024-01-02".parse().unwrap()), &params);
        assert_eq!(
            tables::repeat::f2(&r).written_rows(&CsvStyle::ids(0))[1],
            ["60", "0", "0", ""]
        );
    }
}
