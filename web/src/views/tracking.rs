//! The tracking chart of the predictive-LTV view: cumulative repeat transactions, actual against what the
//! model predicts, over the calibration and holdout periods, with the calibration end marked. A model that
//! fits follows the actual line before the mark and keeps to it after.

use kokyaku_core::analysis::ltv::tracking::Tracking;
use kokyaku_core::analysis::ltv::PredictiveLtv;
use yew::prelude::*;

use super::downloads::{chart_buttons, csv_button};
use crate::format;
use crate::i18n::Lang;

const W: f64 = 560.0;
const H: f64 = 200.0;
/// Room on the left for the axis labels.
const LEFT: f64 = 44.0;

const ACTUAL: &str = "#0072B2";
const PREDICTED: &str = "#E69F00";
const MUTED: &str = "#5b6475";

/// The chart with its legend and downloads, or nothing without a tracking.
pub fn tracking_chart(l: Lang, r: &PredictiveLtv) -> Html {
    let Some(t) = &r.tracking else {
        return html! {};
    };
    let Some(last) = t.points.last() else {
        return html! {};
    };
    let max = t
        .points
        .iter()
        .flat_map(|p| [Some(p.actual as f64), p.predicted])
        .flatten()
        .fold(1.0, f64::max);
    let start = t.start.0 as f64 - 1.0;
    let span = (last.day.0 as f64 - start).max(1.0);
    let x = |day: i32| LEFT + (W - LEFT) * (day as f64 - start) / span;
    let y = |v: f64| H * (1.0 - v / max);
    let path = |values: &mut dyn Iterator<Item = (i32, f64)>| {
        let mut d = format!("M{:.1},{:.1}", x(t.start.0 - 1), H);
        for (day, v) in values {
            d.push_str(&format!(" L{:.1},{:.1}", x(day), y(v)));
        }
        d
    };
    let actual = path(&mut t.points.iter().map(|p| (p.day.0, p.actual as f64)));
    let predicted = t.points.iter().all(|p| p.predicted.is_some()).then(|| {
        path(
            &mut t
                .points
                .iter()
                .filter_map(|p| Some((p.day.0, p.predicted?))),
        )
    });
    let mark = x(t.calibration_end.0);
    let at_calibration_end = t.points.iter().find(|p| p.day == t.calibration_end);
    html! {
        <figure class="chart">
            <svg viewBox={ format!("0 -16 {W} {}", H + 56.0) } role="img" data-testid="ltv-tracking-chart"
                aria-label={ l.t("累計リピート購入回数（実績と予測）", "Cumulative repeat transactions, actual and predicted") }>
                <line x1={ LEFT.to_string() } y1={ H.to_string() } x2={ W.to_string() } y2={ H.to_string() } stroke="#c9ced8" />
                <text x={ (LEFT - 4.0).to_string() } y="4" font-size="11" text-anchor="end" fill={ MUTED }>{ format::int(max.round() as u64) }</text>
                <text x={ (LEFT - 4.0).to_string() } y={ H.to_string() } font-size="11" text-anchor="end" fill={ MUTED }>{ "0" }</text>
                <line x1={ mark.to_string() } y1="-4" x2={ mark.to_string() } y2={ H.to_string() } stroke={ MUTED } stroke-dasharray="2 3" />
                // Each period's name beside the mark, where there is room for it.
                if mark - LEFT >= label_width(l.t("学習期間", "calibration")) + 8.0 {
                    <text x={ (mark - 4.0).to_string() } y="-6" font-size="11" text-anchor="end" fill={ MUTED }>{ l.t("学習期間", "calibration") }</text>
                }
                if W - mark >= label_width(l.t("検証期間", "holdout")) + 8.0 {
                    <text x={ (mark + 4.0).to_string() } y="-6" font-size="11" fill={ MUTED }>{ l.t("検証期間", "holdout") }</text>
                }
                <path d={ actual } fill="none" stroke={ ACTUAL } stroke-width="2" data-testid="ltv-tracking-actual" />
                if let Some(d) = predicted {
                    <path d={ d } fill="none" stroke={ PREDICTED } stroke-width="2" stroke-dasharray="6 4" data-testid="ltv-tracking-predicted" />
                }
                { axis_dates(l, t, &x, last.day.0) }
            </svg>
            { chart_buttons(l, "ltv-tracking-chart", "ltv-tracking") }
            { csv_button(l, "ltv-tracking", l.t("累計リピート購入", "cumulative repeats"), "ltv-tracking", {
                let t = t.clone();
                move || kokyaku_core::tables::ltv::tracking(&t)
            }) }
            <figcaption class="legend">
                <span><svg width="18" height="12" aria-hidden="true"><line x1="0" y1="6" x2="18" y2="6" stroke={ ACTUAL } stroke-width="2" /></svg>{ l.t(" 実績", " actual") }</span>
                <span><svg width="18" height="12" aria-hidden="true"><line x1="0" y1="6" x2="18" y2="6" stroke={ PREDICTED } stroke-width="2" stroke-dasharray="6 4" /></svg>{ l.t(" 予測", " predicted") }</span>
                if let Some(p) = at_calibration_end {
                    <span data-testid="ltv-tracking-at-calibration-end">{ format!("{}{}{}{}",
                        l.t("学習期間末の実績／予測：", "At the calibration end, actual / predicted: "),
                        format::int(p.actual),
                        l.t("／", " / "),
                        p.predicted.map_or("—".into(), |v| format::decimal(v, 0))) }</span>
                }
            </figcaption>
        </figure>
    }
}

/// About how wide `text` is at 11 px: 11 px for a Japanese character, 6.2 for others.
fn label_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 6.2 } else { 11.0 })
        .sum()
}

/// The first day, the calibration end and the last day under the axis.
fn axis_dates(l: Lang, t: &Tracking, x: &dyn Fn(i32) -> f64, last: i32) -> Html {
    let label = |day: i32, anchor: &'static str| {
        let text = format::date(Some(kokyaku_core::Day(day)), l);
        html! { <text x={ x(day).to_string() } y={ (H + 14.0).to_string() } font-size="11" text-anchor={ anchor } fill={ MUTED }>{ text }</text> }
    };
    let caption = match t.period_days {
        7 => l.t("週ごとの累計", "Cumulative, week by week").to_string(),
        d => format!(
            "{}{}",
            d / 7,
            l.t("週ごとの累計", "-week periods, cumulative")
        ),
    };
    // The calibration end's date is the one that matters; an end's date too close to it is left out.
    let middle = t.calibration_end.0;
    let half = |day: i32| label_width(&format::date(Some(kokyaku_core::Day(day)), l)) / 2.0;
    let room = |end: i32, whole: f64| (x(end) - x(middle)).abs() >= half(middle) + whole + 8.0;
    html! {
        <>
            if room(t.start.0, 2.0 * half(t.start.0)) {
                { label(t.start.0, "start") }
            }
            { label(middle, match x(middle) {
                m if m - half(middle) < 0.0 => "start",
                m if m + half(middle) > W => "end",
                _ => "middle",
            }) }
            if middle != last && room(last, 2.0 * half(last)) {
                { label(last, "end") }
            }
            <text x={ LEFT.to_string() } y={ (H + 32.0).to_string() } font-size="11" fill={ MUTED }>{ caption }</text>
        </>
    }
}
