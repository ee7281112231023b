//! `kokyaku acquisition`: customers by the channel (or coupon code) of their first order, with their repeat
//! rate, F2 conversion, historical LTV and, with `--predicted`, mean predicted CLV (docs/analyses.md,
//! "Acquisition"). `--csv` prints one row per group and horizon, `--json` everything.

use std::io::{self, Write};

use clap::Args;
use kokyaku_core::analysis::acquisition::{
    acquisition, Acquisition, AcquisitionBy, AcquisitionParams,
};
use kokyaku_core::analysis::ltv::{predictive_ltv, LtvParams};
use kokyaku_core::analysis::read_params::DayList;
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::{tables, Day, Lang};

use crate::columns::{fit, Columns};
use crate::output::{self, Format};
use crate::{input, CliError, InputArgs};

/// Arguments of `kokyaku acquisition`.
#[derive(Debug, Args)]
pub struct AcquisitionArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// Group by the first order's channel or its coupon code.
    #[arg(long, value_name = "channel|coupon", default_value = "channel", value_parser = str::parse::<AcquisitionBy>)]
    pub by: AcquisitionBy,
    /// The window D of F2 conversion, in days.
    #[arg(
        long,
        value_name = "D",
        default_value_t = 90,
        allow_negative_numbers = true
    )]
    pub f2_window: i32,
    /// The horizons D of historical LTV in days, comma-separated.
    #[arg(long, value_name = "D,...", default_value = "30,90,180,365", value_parser = str::parse::<DayList>, allow_negative_numbers = true)]
    pub horizons: DayList,
    /// Also fit the predictive-LTV models (default parameters) and give each group's mean predicted CLV.
    #[arg(long)]
    pub predicted: bool,
    /// Print the full result as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print one row per group and horizon as CSV (UTF-8 with BOM).
    #[arg(long)]
    pub csv: bool,
}

/// The parameters the options give, checked.
pub fn params(args: &AcquisitionArgs) -> Result<AcquisitionParams, ParamError> {
    let params = AcquisitionParams {
        by: args.by,
        f2_window_days: args.f2_window,
        horizons: args.horizons.0.clone(),
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &AcquisitionArgs, params: &AcquisitionParams) -> Result<(), CliError> {
    let data = input::load_orders(&args.input, "acquisition")?;
    let ds = &data.dataset;
    let ltv = args
        .predicted
        .then(|| predictive_ltv(ds, args.as_of, &LtvParams::default()));
    let result = acquisition(ds, args.as_of, params, ltv.as_ref());
    if !result.has_values {
        let l = output::lang();
        let (ja, en) = match params.by {
            AcquisitionBy::Channel => ("流入経路", "channel"),
            AcquisitionBy::Coupon => ("クーポンコード", "coupon code"),
        };
        eprintln!(
            "kokyaku: {}",
            match l {
                Lang::Ja => format!(
                    "注記：{ja}のある注文がないため（列がないか空欄）、全顧客を1つのグループ（なし）にまとめています"
                ),
                Lang::En => format!(
                    "note: no order has a {en} (the column is missing or empty), so every customer is in the one group (none)"
                ),
            }
        );
    }
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::acquisition::acquisition(&result),
            ds.currency.decimals,
        ),
        Format::Text => write_text(out, &result, &ds.currency.code, ds.currency.decimals),
    })
}

/// Writes the report for people: one line per group with its figures and its LTV at the longest horizon.
pub fn write_text(
    out: &mut dyn Write,
    a: &Acquisition,
    currency: &str,
    decimals: u32,
) -> io::Result<()> {
    let l = output::lang();
    let Some(as_of) = a.as_of else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let money = |m: f64| format_money(m.round() as i64, currency, decimals);
    let (by_ja, by_en) = match a.params.by {
        AcquisitionBy::Channel => ("初回の流入経路", "first-order channel"),
        AcquisitionBy::Coupon => ("初回のクーポンコード", "first-order coupon"),
    };
    let window = a.params.f2_window_days;
    let horizon = a.params.horizons.iter().copied().max().unwrap_or(0);
    match l {
        Lang::Ja => writeln!(
            out,
            "{by_ja}別の顧客 {}：顧客数 {}人",
            output::as_of_ja(as_of),
            a.customers
        )?,
        Lang::En => writeln!(
            out,
            "Customers by {by_en} as of {as_of} (orders dated before this day): {} customers",
            a.customers
        )?,
    }
    let headings = match l {
        Lang::Ja => format!(
            "{by_ja}|顧客数|構成比|リピート率|F2転換率（{window}日）|LTV（{horizon}日）|平均予測LTV"
        ),
        Lang::En => format!(
            "{by_en}|customers|share|repeat rate|F2 ({window} days)|LTV ({horizon} days)|mean CLV"
        ),
    };
    let columns = Columns::new(&headings, &[24, 9, 7, 9, 9, 12, 12], 1);
    writeln!(out, "\n{}", columns.heading())?;
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    for r in &a.rows {
        let group = r
            .group
            .clone()
            .unwrap_or_else(|| l.t("（なし）", "(none)").to_string());
        let ltv = r
            .ltv
            .iter()
            .find(|x| x.horizon_days == horizon)
            .and_then(|x| x.mean_minor)
            .map_or("—".to_string(), money);
        let cells = [
            fit(&group, 24),
            r.customers.to_string(),
            pct(r.share),
            pct(r.repeat_rate),
            r.f2_rate.map_or("—".to_string(), pct),
            ltv,
            r.mean_clv_minor.map_or("—".to_string(), money),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }
    Ok(())
}
