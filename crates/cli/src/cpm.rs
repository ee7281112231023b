//! `kokyaku cpm`: the CPM customer portfolio (docs/analyses.md, "CPM"): each customer's group, and the classic
//! 5 × 2 grid of customers and revenue with the thresholds used.

use std::io::{self, Write};

use kokyaku_core::analysis::cpm::{cpm, Cpm, CpmGroup, CpmParams, CpmStage};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::tables;
use kokyaku_core::{Dataset, Lang};

use crate::columns::{left, right, Columns};
use crate::output::{self, Format};
use crate::{input, CliError, CpmArgs};

/// The parameters the options give, checked.
pub fn params(args: &CpmArgs) -> Result<CpmParams, ParamError> {
    let params = CpmParams {
        lapse_days: args.lapse_days,
        tenure_days: args.tenure_days.0,
        value_threshold: args.value_threshold,
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &CpmArgs, params: &CpmParams) -> Result<(), CliError> {
    let data = input::load(&args.input)?;
    input::check_table_as_of(&data.dataset, args.as_of)?;
    let ds = &data.dataset;
    let result = cpm(ds, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::cpm::customers(ds, &result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, ds, &result),
    })
}

/// Width of a grid column.
const COLUMN: usize = 16;

/// Writes the report for people: the thresholds, the grid, and one line per group, in the language of
/// `--lang` or the locale.
pub fn write_text(out: &mut dyn Write, ds: &Dataset, r: &Cpm) -> io::Result<()> {
    let l = output::lang();
    let money = |m: i64| format_money(m, &ds.currency.code, ds.currency.decimals);
    let p = &r.params;
    let Some(d) = r.as_of else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let (customers, value) = (r.customers.len(), money(r.value_threshold_minor));
    let [short, long] = p.tenure_days;
    match l {
        Lang::Ja => {
            writeln!(out, "CPM分析 {}：顧客数 {customers}人", output::as_of_ja(d))?;
            writeln!(
                out,
                "最終購入が基準日の{}日以上前の顧客を離脱とします。在籍期間のしきい値は{short}日と{long}日、\
                 累計購入額のしきい値は{value}です。",
                p.lapse_days
            )?;
        }
        Lang::En => {
            writeln!(
                out,
                "CPM as of {d} (orders dated before this day): {customers} customers"
            )?;
            writeln!(
                out,
                "Lapsed (離脱) when the latest order is {} days or more before the as-of date; tenure thresholds \
                 {short} and {long} days; value threshold {value}.",
                p.lapse_days
            )?;
        }
    }

    write!(out, "\n{:<18}", "")?;
    for stage in CpmStage::ALL {
        write!(
            out,
            "{}",
            right(l.t(stage.names().0, stage.names().1), COLUMN)
        )?;
    }
    writeln!(out)?;
    let rows = [
        (false, l.t("現役", "Active (現役)")),
        (true, l.t("離脱", "Lapsed (離脱)")),
    ];
    for (lapsed, label) in rows {
        let groups: Vec<_> = CpmStage::ALL
            .iter()
            .map(|&stage| &r.groups[CpmGroup { stage, lapsed }.index()])
            .collect();
        writeln!(out, "{label}")?;
        write!(out, "  {}", left(l.t("顧客数", "customers"), 16))?;
        for g in &groups {
            write!(out, "{:>COLUMN$}", g.customers)?;
        }
        writeln!(out)?;
        write!(out, "  {}", left(l.t("売上", "revenue"), 16))?;
        for g in &groups {
            write!(out, "{:>COLUMN$}", money(g.revenue_minor))?;
        }
        writeln!(out)?;
    }

    let columns = Columns::new(
        l.t(
            "グループ|顧客数|売上|売上構成比|平均累計購入額|平均購入回数",
            "group|customers|revenue|share|mean value|mean orders",
        ),
        &[16, 9, 16, 7, 14, 11],
        1,
    );
    // English names each group by its id, then its Japanese name; Japanese by its name, then its id.
    let last = l.t("ID", "名称");
    writeln!(out, "\n{}  {last}", columns.heading())?;
    for g in &r.groups {
        let mean_value = g
            .mean_value_minor
            .map_or("—".to_string(), |m| money(m.round() as i64));
        let mean_orders = g.mean_orders.map_or("—".to_string(), |m| format!("{m:.2}"));
        let (name, id) = (g.group.names().0, g.group.id());
        let cells = [
            l.t(name, id).to_string(),
            g.customers.to_string(),
            money(g.revenue_minor),
            output::percent(g.revenue_share),
            mean_value,
            mean_orders,
        ];
        writeln!(out, "{}  {}", columns.line(&cells), l.t(id, name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokyaku_core::ingest::{ingest_files, IngestOptions};
    use kokyaku_core::table::CsvStyle;

    #[test]
    fn text_report_states_the_thresholds_and_fills_the_grid() {
        // a: one order; b: two orders 100 days apart worth ¥80,000 (trendy); c: one order 300 days before.
        let csv = "order_id,order_date,email,order_total\n\
                   1,2024-12-31,a@x,5000\n2,2024-09-01,b@x,40000\n3,2024-12-10,b@x,40000\n\
                   4,2024-03-06,c@x,1000\n";
        let data = ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())]).unwrap();
        let ds = &data.dataset;
        let r = cpm(ds, None, &CpmParams::default());
        let mut out = Vec::new();
        write_text(&mut out, ds, &r).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("CPM as of 2025-01-01"), "{text}");
        assert!(
            text.contains("240 days") && text.contains("90 and 210 days"),
            "{text}"
        );
        assert!(text.contains("value threshold ¥70,000."), "{text}");
        assert!(text.contains("¥80,000"), "{text}");
        let line = |id: &str| text.lines().find(|l| l.starts_with(id)).unwrap().to_owned();
        assert!(line("trendy_active ").contains("現役流行客"), "{text}");
        assert!(line("first_lapsed ").contains(" 1 "), "{text}");
        let table = tables::cpm::customers(ds, &r).into_table();
        assert_eq!(table.ids(), ["customer_key", "cpm_group"]);
        let mut rows = table.written_rows(&CsvStyle::ids(0));
        rows.sort();
        assert_eq!(
            rows,
            [
                ["a@x", "first_active"],
                ["b@x", "trendy_active"],
                ["c@x", "first_lapsed"]
            ]
        );
    }
}
