//! `kokyaku dashboard`: the dashboard (docs/analyses.md, "Dashboard"): the last complete month's key figures
//! against the month before and a year earlier, and the monthly series. `--csv` prints the monthly series
//! (`--table kpis`: the key figures), `--json` everything, with the RFM and CPM distributions.

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use kokyaku_core::analysis::dashboard::{dashboard, Compared, Dashboard, DashboardParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::{tables, Day, Lang};

use crate::columns::Columns;
use crate::output::{self, Format};
use crate::{input, CliError, InputArgs};

/// Which table `--csv` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DashboardTable {
    /// One row per complete month.
    Months,
    /// One row per key figure of the last complete month.
    Kpis,
}

/// Arguments of `kokyaku dashboard`.
#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out; the last complete month is the one before this day's month
    /// (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// How many complete months the monthly series shows (1 to 120).
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub months: u32,
    /// The window D of F2 conversion by first-order month, in days.
    #[arg(
        long,
        value_name = "D",
        default_value_t = 90,
        allow_negative_numbers = true
    )]
    pub f2_window: i32,
    /// The table --csv prints: months (the monthly series) or kpis (the key figures).
    #[arg(long, value_name = "TABLE", default_value = "months")]
    pub table: DashboardTable,
    /// Print the full result as JSON (key figures, months, RFM and CPM distributions).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the monthly series (or with --table kpis the key figures) as CSV (UTF-8 with BOM).
    #[arg(long)]
    pub csv: bool,
}

/// The parameters the options give, checked.
pub fn params(args: &DashboardArgs) -> Result<DashboardParams, ParamError> {
    let params = DashboardParams {
        months: args.months,
        f2_window_days: args.f2_window,
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &DashboardArgs, params: &DashboardParams) -> Result<(), CliError> {
    let data = input::load_orders(&args.input, "dashboard")?;
    let result = dashboard(&data.dataset, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => match args.table {
            DashboardTable::Months => output::csv(
                out,
                tables::dashboard::months(&result),
                data.dataset.currency.decimals,
            ),
            DashboardTable::Kpis => output::csv(
                out,
                tables::dashboard::kpis(&result),
                data.dataset.currency.decimals,
            ),
        },
        Format::Text => write_text(out, &result),
    })
}

/// A change for people: `+12.5%`, or for a share `+3.0 pt`; `—` when there is none.
fn change(x: Option<f64>, share: bool) -> String {
    match (x, share) {
        (None, _) => "—".to_string(),
        (Some(x), false) => format!("{:+.1}%", x * 100.0),
        (Some(x), true) => format!("{:+.1} pt", x * 100.0),
    }
}

/// Writes the report for people, in the language of `--lang` or the locale: the key figures, then the monthly
/// series.
pub fn write_text(out: &mut dyn Write, d: &Dashboard) -> io::Result<()> {
    let l = output::lang();
    let (Some(as_of), Some(k)) = (d.as_of, &d.kpis) else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let money = |m: i64| format_money(m, &d.currency, d.currency_decimals);
    let mean = |m: Option<f64>| m.map_or("—".to_string(), |m| money(m.round() as i64));
    let (month, previous, year_ago) = (&k.month, &k.previous_month, &k.year_ago_month);
    match l {
        Lang::Ja => writeln!(
            out,
            "ダッシュボード {}：{month} を前月（{previous}）・前年同月（{year_ago}）と比較",
            output::as_of_ja(as_of)
        )?,
        Lang::En => writeln!(
            out,
            "Dashboard as of {as_of} (orders dated before this day): {month} against {previous} and {year_ago}"
        )?,
    }
    let (change, change_vs_year_ago) = l.t(("前月比", "前年同月比"), ("change", "change"));
    let columns = Columns::new(
        &format!("|{month}|{previous}|{change}|{year_ago}|{change_vs_year_ago}"),
        &[26, 14, 14, 9, 14, 9],
        1,
    );
    writeln!(out, "\n{}", columns.heading())?;
    let count = |v: &u64| v.to_string();
    let figure = |label: (&str, &str), cells: [String; 5]| {
        let [value, previous, change, year_ago, change_vs_year_ago] = cells;
        let label = l.t(label.0, label.1).to_string();
        columns.line(&[label, value, previous, change, year_ago, change_vs_year_ago])
    };
    let lines = [
        figure(
            ("購入者数", "Active customers"),
            compared(&k.active_customers, count, false),
        ),
        figure(
            ("新規顧客数", "New customers"),
            compared(&k.new_customers, count, false),
        ),
        figure(("注文数", "Orders"), compared(&k.orders, count, false)),
        figure(
            ("売上", "Revenue"),
            compared(&k.revenue_minor, |v| money(*v), false),
        ),
        figure(
            ("平均注文額", "Average order value"),
            compared(&k.average_order_value_minor, |v| mean(Some(*v)), false),
        ),
        figure(
            ("既存顧客の割合", "Repeat-customer share"),
            compared(&k.repeat_share, |v| output::percent(Some(*v)), true),
        ),
    ];
    for line in lines {
        writeln!(out, "{line}")?;
    }

    let window = d.params.f2_window_days;
    match l {
        Lang::Ja => writeln!(
            out,
            "\n締まった月の推移（新規：その月に初回購入した顧客。F2転換率：その月の新規顧客のうち初回購入から\
             {window}日が経った顧客が、{window}日以内に2回目を購入した割合）"
        )?,
        Lang::En => writeln!(
            out,
            "\nComplete months (new: first order in the month; F2 within {window} days of the first order, of the \
             month's new customers old enough to tell)"
        )?,
    }
    let columns = Columns::new(
        l.t(
            "月|購入者数|新規顧客数|注文数|売上|新規顧客の売上|既存顧客の売上|F2転換率",
            "month|active|new|orders|revenue|new revenue|repeat revenue|F2",
        ),
        &[8, 8, 6, 7, 14, 14, 14, 7],
        1,
    );
    writeln!(out, "{}", columns.heading())?;
    for m in &d.months {
        let cells = [
            m.month.clone(),
            m.active_customers.to_string(),
            m.new_customers.to_string(),
            m.orders.to_string(),
            money(m.revenue_minor),
            money(m.new_revenue_minor),
            money(m.repeat_revenue_minor),
            output::percent(m.f2_rate),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }
    writeln!(
        out,
        "{}",
        l.t(
            "RFMセグメント別・CPMグループ別の顧客数は --json で出力できます。",
            "RFM and CPM distributions: --json."
        )
    )
}

/// The cells of one key figure: this month, the month before, the change, a year earlier, the change.
fn compared<T>(c: &Compared<T>, show: impl Fn(&T) -> String, share: bool) -> [String; 5] {
    let shown = |x: &Option<T>| x.as_ref().map_or("—".to_string(), &show);
    [
        shown(&c.value),
        shown(&c.previous),
        change(c.change, share),
        shown(&c.year_ago),
        change(c.change_vs_year_ago, share),
    ]
}
