//! `kokyaku rfm`: per-customer R, F, M, their scores and segments; per-segment figures.

use std::io::{self, Write};

use kokyaku_core::analysis::rfm::{rfm, MonetaryBasis, Rfm, RfmParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::tables;
use kokyaku_core::Dataset;

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
    let ds = &data.dataset;
    let result = rfm(ds, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            &tables::rfm::customers(ds, &result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, ds, &result),
    })
}

fn write_text(out: &mut dyn Write, ds: &Dataset, r: &Rfm) -> io::Result<()> {
    let money = |m: i64| format_money(m, &ds.currency.code, ds.currency.decimals);
    match r.as_of {
        Some(d) => writeln!(out, "RFM as of {d}: {} customers", r.customers.len())?,
        None => return writeln!(out, "No valid orders with a customer key were found."),
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
    writeln!(
        out,
        "\n{:<22} {:>9} {:>16} {:>7}",
        "segment", "customers", "revenue", "share"
    )?;
    for s in &r.segments {
        let share = s
            .revenue_share
            .map_or("—".to_string(), |x| format!("{:.1}%", x * 100.0));
        writeln!(
            out,
            "{:<22} {:>9} {:>16} {:>7}",
            s.segment.id(),
            s.customers,
            money(s.revenue_minor),
            share
        )?;
    }
    Ok(())
}
