//! The text report's checks of the predictive-LTV models: the calibration/holdout table with its verdict,
//! the tracking of cumulative repeat transactions and the horizon's totals with their intervals.

use std::io::{self, Write};

use kokyaku_core::analysis::ltv::holdout::HoldoutTable;
use kokyaku_core::analysis::ltv::summary::TimeUnit;
use kokyaku_core::analysis::ltv::totals::{Estimate, HorizonTotals};
use kokyaku_core::analysis::ltv::tracking::{Tracking, TrackingPoint};
use kokyaku_core::{Lang, Words};

use crate::columns::Columns;

/// `x` with four significant digits (at least none after the point): `0.2426`, `4.414`, `1544`.
pub fn sig4(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let decimals = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.decimals$}")
}

/// The time unit's names: Japanese, the Japanese suffix of a length in it, and English.
pub fn unit_names(unit: TimeUnit) -> (&'static str, &'static str, &'static str) {
    match unit {
        TimeUnit::Day => ("日", "日", "day"),
        TimeUnit::Week => ("週", "週", "week"),
        TimeUnit::Month => ("月", "か月", "month"),
    }
}

/// The calibration/holdout table by x, the holdout error and its verdict.
pub fn write_holdout(
    out: &mut dyn Write,
    l: Lang,
    h: &HoldoutTable,
    unit: TimeUnit,
) -> io::Result<()> {
    let (from, to, length) = (
        h.calibration_end.next(),
        h.holdout_end,
        sig4(h.holdout_length),
    );
    let (_, suffix, unit) = unit_names(unit);
    match l {
        Lang::Ja => writeln!(
            out,
            "\n学習期間と検証期間の比較：{from}〜{to}（{length}{suffix}）のリピート購入回数、学習期間の x 別"
        )?,
        Lang::En => writeln!(
            out,
            "\nCalibration/holdout: repeat transactions from {from} to {to} ({length} {unit}s), by calibration x"
        )?,
    }
    let columns = Columns::new(
        l.t(
            "x|顧客数|実績|予測|1人あたり実績|1人あたり予測",
            "x|customers|actual|predicted|actual/cust|predicted/cust",
        ),
        &[4, 9, 8, 10, 11, 14],
        1,
    );
    writeln!(out, "{}", columns.heading())?;
    let opt = |x: Option<f64>, d: usize| x.map_or("—".to_string(), |x| format!("{x:.d$}"));
    for row in &h.rows {
        let x = if row.and_more {
            format!("{}+", row.x)
        } else {
            row.x.to_string()
        };
        let predicted = row.mean_predicted.map(|m| m * row.customers as f64);
        let cells = [
            x,
            row.customers.to_string(),
            row.actual_transactions.to_string(),
            opt(predicted, 1),
            opt(row.mean_actual, 3),
            opt(row.mean_predicted, 3),
        ];
        writeln!(out, "{}", columns.line(&cells))?;
    }
    let all = [
        l.t("全体", "all").to_string(),
        h.customers.to_string(),
        h.actual_transactions.to_string(),
        opt(h.predicted_transactions, 1),
    ];
    writeln!(out, "{}", columns.line(&all))?;
    let Some(mae) = h.mean_absolute_error else {
        return Ok(());
    };
    let total = h
        .total_relative_error
        .map_or("—".to_string(), |e| format!("{:+.1}%", e * 100.0));
    match l {
        Lang::Ja => writeln!(
            out,
            "検証期間の誤差：予測の合計は実績比 {total}、1人あたりの平均絶対誤差 {mae:.3}回"
        )?,
        Lang::En => writeln!(
            out,
            "Holdout error: predicted total {total} against actual, mean absolute error {mae:.3} transactions \
             per customer"
        )?,
    }
    match h.verdict {
        Some(v) => writeln!(out, "{}", v.words(l)),
        None => Ok(()),
    }
}

/// Cumulative repeat transactions, actual against predicted, at the calibration end and at the last day.
pub fn write_tracking(out: &mut dyn Write, l: Lang, t: &Tracking) -> io::Result<()> {
    let at = |p: &TrackingPoint| {
        let predicted = p.predicted.map_or("—".to_string(), |v| format!("{v:.1}"));
        let day = match (p.day == t.calibration_end, l) {
            (true, Lang::Ja) => format!("学習期間末（{}）", p.day),
            (true, Lang::En) => format!("at the calibration end ({})", p.day),
            (false, Lang::Ja) => p.day.to_string(),
            (false, Lang::En) => format!("at {}", p.day),
        };
        match l {
            Lang::Ja => format!("{day} {}／{predicted}", p.actual),
            Lang::En => format!("{} / {predicted} {day}", p.actual),
        }
    };
    let calibration = t.points.iter().find(|p| p.day == t.calibration_end);
    let last = t.points.last().filter(|p| p.day != t.calibration_end);
    let points: Vec<String> = calibration.into_iter().chain(last).map(at).collect();
    let label = l.t(
        "累計リピート購入（実績／予測）：",
        "Cumulative repeat transactions, actual / predicted: ",
    );
    writeln!(out, "{label}{}", points.join(l.t("、", ", ")))
}

/// The horizon's expected transactions and CLV in all, with their 95% intervals.
pub fn write_totals(
    out: &mut dyn Write,
    l: Lang,
    t: &HorizonTotals,
    money: &dyn Fn(f64) -> String,
) -> io::Result<()> {
    let (Some(transactions), Some(clv)) = (&t.expected_transactions, &t.clv_minor) else {
        return Ok(());
    };
    let interval = |e: &Estimate, f: &dyn Fn(f64) -> String| match e.interval {
        Some([lo, hi]) => match l {
            Lang::Ja => format!("{}（95%区間 {}〜{}）", f(e.value), f(lo), f(hi)),
            Lang::En => format!("{} (95% interval {}–{})", f(e.value), f(lo), f(hi)),
        },
        None => format!("{}{}", f(e.value), l.t("（区間なし）", " (no interval)")),
    };
    let count = |v: f64| format!("{v:.1}");
    let (n, months) = (interval(transactions, &count), t.horizon_months);
    let value = interval(clv, money);
    match l {
        Lang::Ja => writeln!(
            out,
            "\n今後{months}か月の合計：リピート購入 {n}、予測CLV {value}。区間はパラメータの不確かさによるものです。"
        ),
        Lang::En => writeln!(
            out,
            "\nThe next {months} months in all: {n} repeat transactions, predicted CLV {value}. The intervals \
             come from the parameters' uncertainty."
        ),
    }
}
