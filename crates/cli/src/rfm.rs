//! `kokyaku rfm`: per-customer R, F, M, their scores and segments; per-segment figures.

use std::io::{self, Write};

use kokyaku_core::analysis::rfm::{rfm, MonetaryBasis, Rfm, RfmParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::tables;
use kokyaku_core::{Dataset, Lang};

use crate::columns::Columns;
use crate::output::{self, Format};
use crate::{input, CliError, RfmArgs};

/// The parameters the options give, checked.
pub fn params(args: &RfmArgs) -> Result<RfmParams, ParamError> {
    let defaults = RfmParams::default();
    let params = RfmParams {
        recency: args.r_scoring.clone().unwrap_or(defaults.recency),
        frequency: args.f_scoring.clone().unwrap_or(defaults.frequency),
        monetary: args.m_scoring.clone().unwrap_or(defaults.monetary),
        monetary_basis: if args.average_monetary {
            MonetaryBasis::Average
        } else {
            MonetaryBasis::Total
        },
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &RfmArgs, params: &RfmParams) -> Result<(), CliError> {
    let data = input::load(&args.input)?;
    input::check_table_as_of(&data.dataset, args.as_of)?;
    let ds = &data.dataset;
    let result = rfm(ds, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::rfm::customers(ds, &result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, ds, &result),
    })
}

/// Writes the report for people: the R×F grid and one line per segment, in the language of `--lang` or the
/// locale.
fn write_text(out: &mut dyn Write, ds: &Dataset, r: &Rfm) -> io::Result<()> {
    let l = output::lang();
    let money = |m: i64| format_money(m, &ds.currency.code, ds.currency.decimals);
    let customers = r.customers.len();
    match (r.as_of, l) {
        (Some(d), Lang::Ja) => {
            writeln!(out, "RFM分析 {}：顧客数 {customers}人", output::as_of_ja(d))?
        }
        (Some(d), Lang::En) => writeln!(out, "RFM as of {d}: {customers} customers")?,
        (None, _) => return writeln!(out, "{}", output::no_orders(l)),
    }
    writeln!(out, "\nR\\F      F1      F2      F3      F4      F5")?;
    for score in (1..=5).rev() {
        let row = &r.grid[score - 1];
        writeln!(
            out,
            "R{score}  {:>7} {:>7} {:>7} {:>7} {:>7}",
            row[0], row[1], row[2], row[3], row[4]
        )?;
    }
    let columns = Columns::new(
        l.t(
            "セグメント|顧客数|売上|売上構成比",
            "segment|customers|revenue|share",
        ),
        &[22, 9, 16, 7],
        1,
    );
    writeln!(out, "\n{}", columns.heading())?;
    for s in &r.segments {
        let name = l.t(s.segment.names().0, s.segment.id());
        let cells = [
            name.to_string(),
            s.customers.to_string(),
            money(s.revenue_minor),
            output::percent(s.revenue_share),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }
    Ok(())
}
