//! `kokyaku history`: historical LTV at D days (docs/analyses.md, "Historical LTV"): the mean cumulative order
//! value within D days of the first order, overall, by cohort month and by first product. `--csv` prints the
//! overall table; `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::history::{history, History, HistoryParams, LtvAt};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::tables;
use kokyaku_core::{Dataset, Lang};

use crate::columns::{fit, right, Columns};
use crate::output::{self, Format};
use crate::{input, CliError, HistoryArgs};

/// How many first products the text report lists; the rest are counted (and all are in `--json`).
pub const PRODUCTS_LISTED: usize = 15;

/// The parameters the options give, checked.
pub fn params(args: &HistoryArgs) -> Result<HistoryParams, ParamError> {
    let params = HistoryParams {
        horizons: args.horizons.0.clone(),
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &HistoryArgs, params: &HistoryParams) -> Result<(), CliError> {
    let data = input::load_orders(&args.input, "history")?;
    let ds = &data.dataset;
    let result = history(ds, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::history::overall(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, ds, &result),
    })
}

/// Width of a money column.
const COLUMN: usize = 14;

/// Writes the report for people, in the language of `--lang` or the locale: the overall figures, then the
/// means by cohort and by first product.
pub fn write_text(out: &mut dyn Write, ds: &Dataset, h: &History) -> io::Result<()> {
    let l = output::lang();
    let money = |m: f64| format_money(m.round() as i64, &ds.currency.code, ds.currency.decimals);
    let mean = |f: &LtvAt| f.mean_minor.map_or("—".to_string(), money);
    let Some(as_of) = h.as_of else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let customers = h.customers;
    let horizons: Vec<String> = h.params.horizons.iter().map(i32::to_string).collect();
    match l {
        Lang::Ja => {
            writeln!(
                out,
                "LTV（実績） {}：顧客数 {customers}人",
                output::as_of_ja(as_of)
            )?;
            writeln!(
                out,
                "初回購入から D 日以内の1人あたり累計購入額（D＝{}日）。初回購入が基準日の D 日以上前の顧客が対象。",
                horizons.join("、")
            )?;
        }
        Lang::En => {
            writeln!(
                out,
                "Historical LTV as of {as_of} (orders dated before this day): {customers} customers"
            )?;
            writeln!(
                out,
                "Mean order value within D days of the first order (D = {} days), over the customers whose first \
                 order is at least D days before the as-of date.",
                horizons.join(", ")
            )?;
        }
    }

    let columns = Columns::new(
        l.t("D|対象顧客|累計売上|1人あたりLTV", "D|eligible|total|mean"),
        &[6, 9, 18, COLUMN],
        0,
    );
    writeln!(out, "\n{}", columns.heading())?;
    for f in &h.overall {
        let cells = [
            f.horizon_days.to_string(),
            f.eligible.to_string(),
            format_money(f.total_minor, &ds.currency.code, ds.currency.decimals),
            mean(f),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }

    // The first two columns of a table by cohort or product, then one per horizon.
    let heads = |out: &mut dyn Write, first: &str, customers: &str, width: usize| {
        let columns = Columns::new(&format!("{first}|{customers}"), &[width, 9], 1);
        write!(out, "{}", columns.heading())?;
        for d in &h.params.horizons {
            let head = match l {
                Lang::Ja => format!("{d}日"),
                Lang::En => format!("{d} days"),
            };
            write!(out, "{}", right(&head, COLUMN))?;
        }
        writeln!(out).map(|()| columns)
    };
    writeln!(
        out,
        "\n{}",
        l.t(
            "初回購入月別の1人あたりLTV",
            "Mean by month of the first order"
        )
    )?;
    let columns = heads(
        out,
        l.t("初回購入月", "cohort"),
        l.t("顧客数", "customers"),
        7,
    )?;
    for c in &h.by_cohort {
        write!(
            out,
            "{}",
            columns.line(&[c.month.clone(), c.customers.to_string()])
        )?;
        for f in &c.ltv {
            write!(out, "{:>COLUMN$}", mean(f))?;
        }
        writeln!(out)?;
    }

    writeln!(
        out,
        "\n{}",
        l.t(
            "初回購入商品別の1人あたりLTV",
            "Mean by product of the first order"
        )
    )?;
    if h.by_first_product.is_empty() {
        return writeln!(out, "{}", output::no_products(l));
    }
    let columns = heads(
        out,
        l.t("商品", "product"),
        l.t("初回購入者", "customers"),
        40,
    )?;
    for p in h.by_first_product.iter().take(PRODUCTS_LISTED) {
        let name = if p.name.is_empty() {
            &p.product_id
        } else {
            &p.name
        };
        write!(
            out,
            "{}",
            columns.line(&[fit(name, 40), p.customers.to_string()])
        )?;
        for f in &p.ltv {
            write!(out, "{:>COLUMN$}", mean(f))?;
        }
        writeln!(out)?;
    }
    if h.by_first_product.len() > PRODUCTS_LISTED {
        let more = h.by_first_product.len() - PRODUCTS_LISTED;
        writeln!(out, "{}", output::more_products(l, more))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokyaku_core::ingest::{ingest_files, IngestOptions};
    use kokyaku_core::table::CsvStyle;

    #[test]
    fn text_report_and_overall_csv() {
        // As of 2024-03-01: a is 60 days old (31 + 29) with 1,000 + 500 within 30 days; b 30 days old.
        let csv = "order_id,order_date,email,order_total,product_name\n\
                   1,2024-01-01,a@x,1000,A\n2,2024-01-21,a@x,500,A\n3,2024-01-31,b@x,301,B\n";
        let data = ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())]).unwrap();
        let ds = &data.dataset;
        let params = HistoryParams {
            horizons: vec![30, 60, 90],
        };
        let h = history(ds, Some("2024-03-01".parse().unwrap()), &params);
        let mut out = Vec::new();
        write_text(&mut out, ds, &h).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in [
            "as of 2024-03-01",
            "D = 30, 60, 90 days",
            "    30         2             ¥1,801           ¥901",
            "    90         0                 ¥0              —",
            "2024-01         2          ¥901        ¥1,500             —",
            "A                                                1        ¥1,500        ¥1,500             —",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
        let t = tables::history::overall(&h);
        assert_eq!(t.ids(), ["horizon_days", "eligible", "total", "mean"]);
        assert_eq!(
            t.written_rows(&CsvStyle::ids(0)),
            [
                ["30", "2", "1801", "901"],
                ["60", "1", "1500", "1500"],
                ["90", "0", "0", ""]
            ]
        );
    }
}
