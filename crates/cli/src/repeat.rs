//! `kokyaku repeat`: repeat behaviour (docs/analyses.md, "Repeat behaviour"): F2 conversion within D days, the days
//! to the second and third order (転換日数), F2 conversion by first-order product (商品転換率) and subscription
//! retention (定期推移表). `--csv` prints the F2 table; `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::repeat::{repeat, DaysDistribution, Repeat, RepeatParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::{tables, Lang};

use crate::columns::{fit, right, Columns};
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
    let data = input::load_orders(&args.input, "repeat")?;
    let result = repeat(&data.dataset, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::repeat::f2(&result),
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

fn write_distribution(
    out: &mut dyn Write,
    columns: &Columns,
    label: &str,
    d: &DaysDistribution,
) -> io::Result<()> {
    let cells = [
        label.to_string(),
        d.customers.to_string(),
        whole_days(d.min_days),
        days(d.q1_days),
        days(d.median_days),
        days(d.q3_days),
        whole_days(d.max_days),
        days(d.mean_days),
    ];
    writeln!(out, "{}", columns.line(&cells))
}

/// Writes the report for people, in the language of `--lang` or the locale: the four parts, briefly.
pub fn write_text(out: &mut dyn Write, r: &Repeat) -> io::Result<()> {
    let l = output::lang();
    let p = &r.params;
    let Some(as_of) = r.as_of else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let customers = r.customers;
    let windows: Vec<String> = p.windows.iter().map(i32::to_string).collect();
    let (product_window, min_customers) = (p.product_window, p.min_customers);
    match l {
        Lang::Ja => {
            writeln!(
                out,
                "リピート分析 {}：顧客数 {customers}人",
                output::as_of_ja(as_of)
            )?;
            writeln!(
                out,
                "期間 D：{}日。商品転換率の期間：{product_window}日。商品ごとの最低顧客数：{min_customers}人。",
                windows.join("、")
            )?;
        }
        Lang::En => {
            writeln!(
                out,
                "Repeat behaviour as of {as_of} (orders dated before this day): {customers} customers"
            )?;
            writeln!(
                out,
                "Windows {} days; product window {product_window} days; minimum customers per product \
                 {min_customers}.",
                windows.join(", ")
            )?;
        }
    }
    write_f2(out, l, r)?;
    write_days(out, l, r)?;
    write_products(out, l, r)?;
    write_subscriptions(out, l, r)
}

/// F2 conversion by window.
fn write_f2(out: &mut dyn Write, l: Lang, r: &Repeat) -> io::Result<()> {
    writeln!(
        out,
        "\n{}",
        l.t(
            "F2転換率：初回購入から D 日以内に2回目を購入した顧客の割合（初回購入が基準日の D 日以上前の顧客が対象）",
            "F2 conversion: second order within D days of the first, of the customers whose first order is at \
             least D days before the as-of date"
        )
    )?;
    let columns = Columns::new(
        l.t("D|対象顧客|2回目購入|F2転換率", "D|eligible|converted|rate"),
        &[6, 9, 9, 7],
        0,
    );
    writeln!(out, "{}", columns.heading())?;
    for f in &r.f2 {
        let cells = [
            f.window_days.to_string(),
            f.eligible.to_string(),
            f.converted.to_string(),
            output::percent(f.rate),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }
    Ok(())
}

/// The days to the second and third order, and the histogram of the days to the second.
fn write_days(out: &mut dyn Write, l: Lang, r: &Repeat) -> io::Result<()> {
    writeln!(
        out,
        "\n{}",
        l.t(
            "初回購入から2回目・3回目の購入までの日数（転換日数。四分位数は線形補間）",
            "Days from the first order to the second and third (転換日数; quartiles interpolated linearly)"
        )
    )?;
    let columns = Columns::new(
        l.t(
            "何回目|顧客数|最小|第1四分位|中央値|第3四分位|最大|平均",
            "order|customers|min|q1|median|q3|max|mean",
        ),
        &[8, 9, 6, 8, 8, 8, 6, 8],
        1,
    );
    writeln!(out, "{}", columns.heading())?;
    write_distribution(out, &columns, l.t("2回目", "second"), &r.days_to_second)?;
    write_distribution(out, &columns, l.t("3回目", "third"), &r.days_to_third)?;
    let bins: Vec<String> = r
        .days_to_second
        .histogram
        .iter()
        .map(|b| match (b.to_days, l) {
            (Some(to), Lang::Ja) => format!("{}〜{to}日 {}人", b.from_days, b.customers),
            (None, Lang::Ja) => format!("{}日以上 {}人", b.from_days, b.customers),
            (Some(to), Lang::En) => format!("{}–{to}: {}", b.from_days, b.customers),
            (None, Lang::En) => format!("{}+: {}", b.from_days, b.customers),
        })
        .collect();
    match l {
        Lang::Ja => writeln!(out, "2回目までの日数別の顧客数：{}", bins.join("、")),
        Lang::En => writeln!(
            out,
            "Days to second, customers by days: {}",
            bins.join(", ")
        ),
    }
}

/// F2 conversion by the product of the first order.
fn write_products(out: &mut dyn Write, l: Lang, r: &Repeat) -> io::Result<()> {
    let (t, p) = (&r.products, &r.params);
    let window = p.product_window;
    match l {
        Lang::Ja => writeln!(
            out,
            "\n初回購入商品別のF2転換率（商品転換率：初回購入から{window}日以内の2回目購入）"
        )?,
        Lang::En => writeln!(
            out,
            "\nF2 conversion within {window} days by product of the first order (商品転換率)"
        )?,
    }
    if t.rows.is_empty() {
        writeln!(out, "{}", output::no_products(l))?;
    } else {
        let columns = Columns::new(
            l.t(
                "商品|初回購入者|対象顧客|2回目購入|F2転換率",
                "product|customers|eligible|converted|rate",
            ),
            &[40, 9, 9, 9, 7],
            1,
        );
        writeln!(out, "{}", columns.heading())?;
        for row in t.rows.iter().take(PRODUCTS_LISTED) {
            let name = if row.name.is_empty() {
                &row.product_id
            } else {
                &row.name
            };
            let cells = [
                fit(name, 40),
                row.customers.to_string(),
                row.eligible.to_string(),
                row.converted.to_string(),
                output::percent(row.rate),
            ];
            writeln!(out, "{}", columns.line(&cells))?;
        }
        if t.rows.len() > PRODUCTS_LISTED {
            writeln!(
                out,
                "{}",
                output::more_products(l, t.rows.len() - PRODUCTS_LISTED)
            )?;
        }
    }
    let (dropped, min) = (t.dropped_rows, p.min_customers);
    if dropped > 0 {
        match l {
            Lang::Ja => writeln!(out, "  初回購入者が{min}人未満の商品{dropped}件は省略")?,
            Lang::En => writeln!(
                out,
                "  {dropped} products with fewer than {min} customers left out"
            )?,
        }
    }
    let without = t.first_orders_without_products;
    if without > 0 {
        match l {
            Lang::Ja => writeln!(
                out,
                "  商品明細のない初回注文{without}件はどの行にも含めていません"
            )?,
            Lang::En => writeln!(
                out,
                "  {without} first orders without product lines, in no row"
            )?,
        }
    }
    Ok(())
}

/// Subscription retention by start month.
fn write_subscriptions(out: &mut dyn Write, l: Lang, r: &Repeat) -> io::Result<()> {
    let s = &r.subscriptions;
    writeln!(
        out,
        "\n{}",
        l.t(
            "定期推移表：開始月ごとに、n回目の定期受注に到達した定期顧客の割合",
            "Subscription retention (定期推移表): share of subscribers reaching their n-th subscription order, \
             by month of the first"
        )
    )?;
    if !s.has_subscriptions {
        return writeln!(
            out,
            "{}",
            l.t("  定期受注がありません", "  no subscription orders")
        );
    }
    let shown = (s.max_orders as usize).min(SUBSCRIPTION_ORDERS_LISTED);
    let columns = Columns::new(l.t("開始月|定期顧客", "start|subscribers"), &[7, 11], 1);
    write!(out, "{}", columns.heading())?;
    for n in 2..=shown {
        let head = match l {
            Lang::Ja => format!("{n}回目"),
            Lang::En => format!("#{n}"),
        };
        write!(out, "{}", right(&head, 7))?;
    }
    writeln!(out)?;
    for c in &s.cohorts {
        let first = [c.start_month.clone(), c.subscribers.to_string()];
        write!(out, "{}", columns.line(&first))?;
        for share in c.share.iter().take(shown).skip(1) {
            write!(out, "{:>7}", format!("{:.1}%", share * 100.0))?;
        }
        writeln!(out)?;
    }
    if (s.max_orders as usize) > shown {
        match l {
            Lang::Ja => writeln!(out, "  {}回目までのすべては --json に出力", s.max_orders)?,
            Lang::En => writeln!(out, "  up to #{} in --json", s.max_orders)?,
        }
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
