//! `kokyaku ltv`: predictive LTV (docs/analyses.md, "Predictive LTV" and its "Calibration/holdout check"): the
//! BG/NBD (or MBG/NBD) and Gamma-Gamma fits, P(alive), expected transactions, expected value and CLV per
//! customer, and the calibration/holdout table when a holdout period is set. `--json` prints the core's
//! `LtvReport`, as the JS API's `predictiveLtv` returns it.

use std::io::{self, Write};

use kokyaku_core::analysis::ltv::clv::ClvParams;
use kokyaku_core::analysis::ltv::gamma_gamma::GammaGammaParams;
use kokyaku_core::analysis::ltv::holdout::HoldoutTable;
use kokyaku_core::analysis::ltv::report::ltv_report;
use kokyaku_core::analysis::ltv::summary::{SummaryParams, TimeUnit};
use kokyaku_core::analysis::ltv::{LtvParams, PredictiveLtv, TransactionModelKind};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::tables;
use kokyaku_core::Dataset;

use crate::output::{self, Format};
use crate::{input, CliError, LtvArgs};

/// How many customers the text report lists.
const TOP: usize = 20;

/// The |r| below which the frequency/value correlation is usually taken as compatible with Gamma-Gamma.
const CORRELATION_LIMIT: f64 = 0.3;

/// The parameters the options give, checked.
pub fn params(args: &LtvArgs) -> Result<LtvParams, ParamError> {
    let params = LtvParams {
        summary: SummaryParams {
            calibration_end: args.calibration_end,
            holdout_end: args.holdout_end,
            unit: args.unit,
        },
        model: args.model,
        clv: ClvParams {
            horizon_months: args.horizon_months,
            monthly_discount_rate: args.discount,
            margin: args.margin,
        },
        ..LtvParams::default()
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &LtvArgs, params: &LtvParams) -> Result<(), CliError> {
    let data = input::load(&args.input)?;
    let ds = &data.dataset;
    let report = ltv_report(ds, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &report),
        Format::Csv => output::csv(
            out,
            &tables::ltv::customers(ds, &report.ltv),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, ds, &report.ltv),
    })
}

/// `x` with four significant digits (at least none after the point): `0.2426`, `4.414`, `1544`.
fn sig4(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let decimals = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.decimals$}")
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Day => "day",
        TimeUnit::Week => "week",
        TimeUnit::Month => "month",
    }
}

fn write_text(out: &mut dyn Write, ds: &Dataset, r: &PredictiveLtv) -> io::Result<()> {
    let (code, decimals) = (ds.currency.code.as_str(), ds.currency.decimals);
    let money = |minor: f64| format_money(minor.round() as i64, code, decimals);
    let (Some(as_of), Some(cal)) = (r.as_of, r.calibration_end) else {
        return writeln!(out, "No valid orders with a customer key were found.");
    };
    let unit = unit_name(r.params.summary.unit);
    let repeaters = r.customers.iter().filter(|c| c.x > 0).count();
    writeln!(out, "Predictive LTV as of {as_of}")?;
    writeln!(
        out,
        "Calibration: orders up to {cal}, time in {unit}s; {} customers, {repeaters} with repeat transactions (x ≥ 1)",
        r.customers.len()
    )?;

    // The transaction model.
    writeln!(out)?;
    let name = match r.params.model {
        TransactionModelKind::BgNbd => "BG/NBD (Fader, Hardie & Lee 2005)",
        TransactionModelKind::MbgNbd => "MBG/NBD (Batislam, Denizel & Filiztekin 2007)",
    };
    writeln!(out, "Transaction model: {name}")?;
    match r.transactions.summary() {
        Ok(p) => {
            writeln!(
                out,
                "  r = {}, alpha = {}, a = {}, b = {}",
                sig4(p.r),
                sig4(p.alpha),
                sig4(p.a),
                sig4(p.b)
            )?;
            writeln!(
                out,
                "  log-likelihood {:.2}, converged after {} iterations",
                p.log_likelihood, p.iterations
            )?;
        }
        Err(n) => writeln!(out, "  could not fit the model: {}", n.reason)?,
    }
    match r.params.model {
        TransactionModelKind::BgNbd => writeln!(
            out,
            "  BG/NBD treats customers with x = 0 as alive (P(alive) = 1); --model mbg-nbd removes that artefact."
        )?,
        TransactionModelKind::MbgNbd => writeln!(
            out,
            "  MBG/NBD lets customers with x = 0 have dropped out (unlike BG/NBD, where their P(alive) is 1)."
        )?,
    }

    // The spend model.
    writeln!(out, "\nSpend model: Gamma-Gamma (Fader, Hardie & Lee 2005)")?;
    match r.spend.fitted() {
        Some(f) => {
            let p: &GammaGammaParams = &f.params;
            writeln!(
                out,
                "  p = {}, q = {}, gamma = {} {code} ({} minor units)",
                sig4(p.p),
                sig4(p.q),
                sig4(p.gamma / 10f64.powi(decimals as i32)),
                sig4(p.gamma)
            )?;
            writeln!(
                out,
                "  log-likelihood {:.2} (values in minor units), converged after {} iterations, {} customers",
                f.log_likelihood, f.iterations, f.customers
            )?;
        }
        None => writeln!(
            out,
            "  could not fit the model: {}",
            r.spend.reason().unwrap_or("unknown reason")
        )?,
    }
    match r.frequency_value_correlation {
        Some(c) => {
            writeln!(
                out,
                "  Frequency/value correlation (x ≥ 1): {c:.3}. The Gamma-Gamma model assumes none; |r| < {CORRELATION_LIMIT} is usually acceptable."
            )?;
            if c.abs() >= CORRELATION_LIMIT {
                writeln!(
                    out,
                    "  |r| is {CORRELATION_LIMIT} or more here: the expected values and CLV rest on a doubtful assumption."
                )?;
            }
        }
        None => writeln!(
            out,
            "  Frequency/value correlation: not computable (fewer than two customers with x ≥ 1, or no variation)."
        )?,
    }

    if let Some(h) = &r.holdout {
        write_holdout(out, h, unit)?;
    }
    write_top(out, ds, r, &money)
}

fn write_holdout(out: &mut dyn Write, h: &HoldoutTable, unit: &str) -> io::Result<()> {
    writeln!(
        out,
        "\nCalibration/holdout: repeat transactions from {} to {} ({} {unit}s), by calibration x",
        h.calibration_end.next(),
        h.holdout_end,
        sig4(h.holdout_length)
    )?;
    writeln!(
        out,
        "{:<4} {:>9} {:>8} {:>10} {:>11} {:>14}",
        "x", "customers", "actual", "predicted", "actual/cust", "predicted/cust"
    )?;
    let opt = |x: Option<f64>, d: usize| x.map_or("—".to_string(), |x| format!("{x:.d$}"));
    for row in &h.rows {
        let x = if row.and_more {
            format!("{}+", row.x)
        } else {
            row.x.to_string()
        };
        let predicted = row.mean_predicted.map(|m| m * row.customers as f64);
        writeln!(
            out,
            "{x:<4} {:>9} {:>8} {:>10} {:>11} {:>14}",
            row.customers,
            row.actual_transactions,
            opt(predicted, 1),
            opt(row.mean_actual, 3),
            opt(row.mean_predicted, 3)
        )?;
    }
    writeln!(
        out,
        "{:<4} {:>9} {:>8} {:>10}",
        "all",
        h.customers,
        h.actual_transactions,
        opt(h.predicted_transactions, 1)
    )
}

fn write_top(
    out: &mut dyn Write,
    ds: &Dataset,
    r: &PredictiveLtv,
    money: &dyn Fn(f64) -> String,
) -> io::Result<()> {
    let mut ranked: Vec<_> = r
        .customers
        .iter()
        .filter_map(|c| c.clv_minor.map(|v| (v, c)))
        .collect();
    if ranked.is_empty() {
        return writeln!(
            out,
            "\nNo CLV: it needs both the transaction and the spend model fitted."
        );
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.customer.cmp(&b.1.customer)));
    let clv = &r.params.clv;
    writeln!(
        out,
        "\nTop {} customers by CLV ({} months, {}% a month discount, margin {})",
        TOP.min(ranked.len()),
        clv.horizon_months,
        clv.monthly_discount_rate * 100.0,
        clv.margin
    )?;
    writeln!(
        out,
        "{:<20} {:>4} {:>8} {:>13} {:>14} {:>14}",
        "customer", "x", "P(alive)", "exp. trans.", "exp. value", "CLV"
    )?;
    for (v, c) in ranked.iter().take(TOP) {
        writeln!(
            out,
            "{} {:>4} {:>8} {:>13} {:>14} {:>14}",
            output::fit(&ds.customer_keys[c.customer as usize], 20),
            c.x,
            c.p_alive.map_or("—".into(), |p| format!("{p:.3}")),
            c.expected_transactions
                .map_or("—".into(), |e| format!("{e:.2}")),
            c.expected_value_minor.map_or("—".into(), money),
            money(*v)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_significant_digits() {
        assert_eq!(sig4(0.2425945), "0.2426");
        assert_eq!(sig4(4.4136019), "4.414");
        assert_eq!(sig4(1544.3), "1544");
        assert_eq!(sig4(15443.0), "15443");
        assert_eq!(sig4(0.0), "0");
    }
}
