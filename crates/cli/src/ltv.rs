//! `kokyaku ltv`: predictive LTV (docs/analyses.md, "Predictive LTV" and its "Calibration/holdout check"): the
//! BG/NBD (or MBG/NBD, or Pareto/NBD) and Gamma-Gamma fits, P(alive), expected transactions, expected value
//! and CLV per customer, and the calibration/holdout table with the model's holdout error when a holdout
//! period is set. `--json` prints the core's
//! `LtvReport`, as the JS API's `predictiveLtv` returns it.

use std::io::{self, Write};

use kokyaku_core::analysis::ltv::clv::ClvParams;
use kokyaku_core::analysis::ltv::gamma_gamma::GammaGammaParams;
use kokyaku_core::analysis::ltv::optimize::{Fit, FitOptions, NotConverged};
use kokyaku_core::analysis::ltv::report::ltv_report;
use kokyaku_core::analysis::ltv::summary::SummaryParams;
use kokyaku_core::analysis::ltv::uncertainty::{NoStandardErrors, Uncertainty};
use kokyaku_core::analysis::ltv::{LtvParams, PredictiveLtv, TransactionModelKind};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::tables;
use kokyaku_core::{Dataset, Lang, Words};

use crate::columns::{fit, Columns};
use crate::ltv_checks::{sig4, unit_names, write_holdout, write_totals, write_tracking};
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
        // `--threads 1` keeps the fits' sums on one thread too.
        fit: FitOptions {
            threads: args.input.threads,
            ..FitOptions::default()
        },
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &LtvArgs, params: &LtvParams) -> Result<(), CliError> {
    let data = input::load(&args.input)?;
    input::check_table_as_of(&data.dataset, args.as_of)?;
    if data.dataset.is_customer_table()
        && (args.calibration_end.is_some() || args.holdout_end.is_some())
    {
        return Err(CliError::Other(
            output::lang()
                .t(
                    "顧客テーブルには初回と最終以外の購入日がないため、検証期間（--calibration-end、--holdout-end）を取れません",
                    "a customers table has no order dates but the first and latest, so it has no holdout period (--calibration-end, --holdout-end)",
                )
                .to_string(),
        ));
    }
    let ds = &data.dataset;
    let report = ltv_report(ds, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &report),
        Format::Csv => output::csv(
            out,
            tables::ltv::customers(ds, &report.ltv),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, ds, &report.ltv),
    })
}

/// A share as a percentage without float noise or trailing zeros: `0.07` as `7`, `0.015` as `1.5`.
fn plain_percent(x: f64) -> String {
    let text = format!("{:.4}", x * 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Writes the report for people, in the language of `--lang` or the locale: the two models, the
/// calibration/holdout table when there is one, and the customers of highest CLV.
fn write_text(out: &mut dyn Write, ds: &Dataset, r: &PredictiveLtv) -> io::Result<()> {
    let l = output::lang();
    let (code, decimals) = (ds.currency.code.as_str(), ds.currency.decimals);
    let money = |minor: f64| format_money(minor.round() as i64, code, decimals);
    let (Some(as_of), Some(cal)) = (r.as_of, r.calibration_end) else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let (unit_ja, _, unit) = unit_names(r.params.summary.unit);
    let repeaters = r.customers.iter().filter(|c| c.x > 0).count();
    let customers = r.customers.len();
    match l {
        Lang::Ja => {
            writeln!(out, "LTV（予測） {}", output::as_of_ja(as_of))?;
            writeln!(
                out,
                "学習期間：{cal}までの注文（時間の単位：{unit_ja}）。顧客数 {customers}人、うちリピート購入のある顧客\
                 （x ≥ 1）{repeaters}人"
            )?;
        }
        Lang::En => {
            writeln!(out, "Predictive LTV as of {as_of}")?;
            writeln!(
                out,
                "Calibration: orders up to {cal}, time in {unit}s; {customers} customers, {repeaters} with repeat \
                 transactions (x ≥ 1)"
            )?;
        }
    }
    write_transactions(out, l, r)?;
    write_spend(out, l, r, code, decimals)?;
    if let Some(h) = &r.holdout {
        write_holdout(out, l, h, r.params.summary.unit)?;
    }
    if let Some(t) = &r.tracking {
        write_tracking(out, l, t)?;
    }
    write_totals(out, l, &r.totals, &money)?;
    write_top(out, l, ds, r, &money)
}

/// The transaction model's fit.
fn write_transactions(out: &mut dyn Write, l: Lang, r: &PredictiveLtv) -> io::Result<()> {
    writeln!(out)?;
    let name = match r.params.model {
        TransactionModelKind::BgNbd => "BG/NBD (Fader, Hardie & Lee 2005)",
        TransactionModelKind::MbgNbd => "MBG/NBD (Batislam, Denizel & Filiztekin 2007)",
        TransactionModelKind::ParetoNbd => "Pareto/NBD (Schmittlein, Morrison & Colombo 1987)",
    };
    match l {
        Lang::Ja => writeln!(
            out,
            "購買回数モデル：{}",
            name.replace(" (", "（").replace(')', "）")
        )?,
        Lang::En => writeln!(out, "Transaction model: {name}")?,
    }
    match r.transactions.summary() {
        Ok(p) => {
            let params: Vec<String> = p
                .params
                .iter()
                .map(|(name, value)| format!("{name} = {}", sig4(*value)))
                .collect();
            writeln!(out, "  {}", params.join(", "))?;
            if let Some(u) = r.transactions.uncertainty() {
                write_uncertainty(out, l, u)?;
            }
            let (ll, iterations) = (p.log_likelihood, p.iterations);
            match l {
                Lang::Ja => writeln!(out, "  対数尤度 {ll:.2}、{iterations}回の反復で収束")?,
                Lang::En => writeln!(
                    out,
                    "  log-likelihood {ll:.2}, converged after {iterations} iterations"
                )?,
            }
        }
        Err(n) => not_fitted(out, l, n)?,
    }
    let note = match r.params.model {
        TransactionModelKind::BgNbd => l.t(
            "  BG/NBD ではリピート購入のない顧客（x = 0）の生存確率が常に1になります。--model mbg-nbd ではこの偏りが\
             ありません。",
            "  BG/NBD treats customers with x = 0 as alive (P(alive) = 1); --model mbg-nbd removes that artefact.",
        ),
        TransactionModelKind::MbgNbd => l.t(
            "  MBG/NBD ではリピート購入のない顧客（x = 0）も離脱しうるとみなします（BG/NBD では生存確率が常に1）。",
            "  MBG/NBD lets customers with x = 0 have dropped out (unlike BG/NBD, where their P(alive) is 1).",
        ),
        TransactionModelKind::ParetoNbd => l.t(
            "  Pareto/NBD では顧客はいつでも離脱しうるとみなします（BG/NBD では購入の直後だけ）。同じデータで \
             --model bg-nbd と対数尤度（大きいほうがよく合う）と検証期間の誤差を比べられます。",
            "  Pareto/NBD lets customers drop out at any time (in BG/NBD only right after a purchase); compare its \
             log-likelihood (higher fits better) and holdout error with --model bg-nbd on the same data.",
        ),
    };
    writeln!(out, "{note}")
}

/// The standard errors and 95% intervals of a fit's parameters, or why there are none.
fn write_uncertainty(out: &mut dyn Write, l: Lang, u: &Uncertainty) -> io::Result<()> {
    let (Some(se), Some(intervals)) = (&u.standard_errors, &u.intervals) else {
        let why = u.no_standard_errors.unwrap_or(NoStandardErrors::NotFinite);
        return writeln!(out, "  {}", why.words(l));
    };
    let parts: Vec<String> =
        se.0.iter()
            .zip(&intervals.0)
            .map(|((name, se), (_, [lo, hi]))| {
                format!("{name} ± {} [{}, {}]", sig4(*se), sig4(*lo), sig4(*hi))
            })
            .collect();
    let label = l.t("標準誤差と95%区間：", "standard errors and 95% intervals: ");
    writeln!(out, "  {label}{}", parts.join(", "))
}

/// Says why a model could not be fitted.
fn not_fitted(out: &mut dyn Write, l: Lang, n: &NotConverged) -> io::Result<()> {
    match l {
        Lang::Ja => writeln!(out, "  推定できませんでした：{}", n.failure.ja()),
        Lang::En => writeln!(out, "  could not fit the model: {}", n.reason),
    }
}

/// The spend model's fit and the frequency/value correlation it assumes away.
fn write_spend(
    out: &mut dyn Write,
    l: Lang,
    r: &PredictiveLtv,
    code: &str,
    decimals: u32,
) -> io::Result<()> {
    writeln!(
        out,
        "\n{}",
        l.t(
            "購入単価モデル：Gamma-Gamma（Fader, Hardie & Lee 2005）",
            "Spend model: Gamma-Gamma (Fader, Hardie & Lee 2005)"
        )
    )?;
    match &r.spend {
        Fit::Converged(f) => {
            let p: &GammaGammaParams = &f.params;
            // γ is in currency units, as the papers give it; the minor units beside it.
            let (gamma, minor) = (sig4(p.gamma), sig4(p.gamma * 10f64.powi(decimals as i32)));
            let (ll, iterations, customers) = (f.log_likelihood, f.iterations, f.customers);
            let (p, q) = (sig4(p.p), sig4(p.q));
            match l {
                Lang::Ja => {
                    writeln!(
                        out,
                        "  p = {p}, q = {q}, gamma = {gamma} {code}（最小単位で{minor}）"
                    )?;
                    write_uncertainty(out, l, &f.uncertainty)?;
                    writeln!(
                        out,
                        "  対数尤度 {ll:.2}（金額は通貨単位）、{iterations}回の反復で収束、顧客数 {customers}人"
                    )?;
                }
                Lang::En => {
                    writeln!(
                        out,
                        "  p = {p}, q = {q}, gamma = {gamma} {code} ({minor} minor units)"
                    )?;
                    write_uncertainty(out, l, &f.uncertainty)?;
                    writeln!(
                        out,
                        "  log-likelihood {ll:.2} (values in currency units), converged after {iterations} iterations, \
                         {customers} customers"
                    )?;
                }
            }
        }
        Fit::NotConverged(n) => not_fitted(out, l, n)?,
    }
    let limit = CORRELATION_LIMIT;
    match (r.frequency_value_correlation, l) {
        (Some(c), Lang::Ja) => {
            writeln!(
                out,
                "  購入回数と平均購入額の相関（x ≥ 1）：{c:.3}。Gamma-Gamma モデルは相関がないことを前提とし、\
                 |r| < {limit} なら通常は問題ありません。"
            )?;
            if c.abs() >= limit {
                writeln!(
                    out,
                    "  ここでは |r| が{limit}以上のため、予測単価と予測CLVは前提が疑わしい値です。"
                )?;
            }
        }
        (Some(c), Lang::En) => {
            writeln!(
                out,
                "  Frequency/value correlation (x ≥ 1): {c:.3}. The Gamma-Gamma model assumes none; |r| < {limit} \
                 is usually acceptable."
            )?;
            if c.abs() >= limit {
                writeln!(
                    out,
                    "  |r| is {limit} or more here: the expected values and CLV rest on a doubtful assumption."
                )?;
            }
        }
        (None, _) => writeln!(
            out,
            "{}",
            l.t(
                "  購入回数と平均購入額の相関：計算できません（リピート購入のある顧客が2人未満か、値にばらつきが\
                 ありません）。",
                "  Frequency/value correlation: not computable (fewer than two customers with x ≥ 1, or no \
                 variation)."
            )
        )?,
    }
    Ok(())
}

fn write_top(
    out: &mut dyn Write,
    l: Lang,
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
            "\n{}",
            l.t(
                "予測CLVはありません：購買回数モデルと購入単価モデルの両方の推定が必要です。",
                "No CLV: it needs both the transaction and the spend model fitted."
            )
        );
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.customer.cmp(&b.1.customer)));
    let clv = &r.params.clv;
    let (top, months, discount, margin) = (
        TOP.min(ranked.len()),
        clv.horizon_months,
        plain_percent(clv.monthly_discount_rate),
        plain_percent(clv.margin),
    );
    match l {
        Lang::Ja => writeln!(
            out,
            "\n予測CLV上位{top}人（予測期間{months}か月、月次割引率{discount}%、粗利率{margin}%）"
        )?,
        Lang::En => writeln!(
            out,
            "\nTop {top} customers by CLV ({months} months, {discount}% a month discount, margin {margin}%)"
        )?,
    }
    let columns = Columns::new(
        l.t(
            "顧客キー|x|生存確率|予測購入回数|予測単価|予測CLV",
            "customer|x|P(alive)|exp. trans.|exp. value|CLV",
        ),
        &[20, 4, 8, 13, 14, 14],
        1,
    );
    writeln!(out, "{}", columns.heading())?;
    for (v, c) in ranked.iter().take(TOP) {
        let cells = [
            fit(&ds.customer_keys[c.customer as usize], 20),
            c.x.to_string(),
            c.p_alive.map_or("—".into(), |p| format!("{p:.3}")),
            c.expected_transactions
                .map_or("—".into(), |e| format!("{e:.2}")),
            c.expected_value_minor.map_or("—".into(), money),
            money(*v),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_without_float_noise() {
        assert_eq!(plain_percent(0.07), "7");
        assert_eq!(plain_percent(0.015), "1.5");
        assert_eq!(plain_percent(1.0), "100");
        assert_eq!(plain_percent(0.0), "0");
    }

    #[test]
    fn four_significant_digits() {
        assert_eq!(sig4(0.2425945), "0.2426");
        assert_eq!(sig4(4.4136019), "4.414");
        assert_eq!(sig4(1544.3), "1544");
        assert_eq!(sig4(15443.0), "15443");
        assert_eq!(sig4(0.0), "0");
    }
}
