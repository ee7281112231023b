//! The cohort view: the triangular heat map (retention, revenue or cumulative revenue per customer, with the
//! other values on hover; incomplete periods marked, not shown as drops) and a retention-curve chart for
//! chosen cohorts.

use std::collections::BTreeSet;

use kokyaku_core::analysis::cohort::{cohorts, CohortRow, Granularity};
use yew::prelude::*;

use super::downloads::{chart_buttons, csv_button};
use super::{heat_class, ViewProps};
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Metric {
    Retention,
    Revenue,
    Cumulative,
}

/// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000",
];

#[function_component]
pub fn CohortView(props: &ViewProps) -> Html {
    let l = props.lang;
    let granularity = use_state(|| Granularity::Month);
    let metric = use_state(|| Metric::Retention);
    let chosen = use_state(BTreeSet::<String>::new);
    let derived = use_derived();
    let ds = derived.dataset();
    let result = use_memo((derived.clone(), *granularity), |(derived, granularity)| {
        cohorts(derived.dataset(), derived.as_of(), *granularity)
    });
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let periods = result.period_count();
    // Colours scale on the periods after the first: the first is every customer's first order (100 % of a
    // cohort, most of its revenue), and scaling on it would leave every later cell the palest colour.
    let later = || result.rows.iter().filter(|r| r.period > 0);
    let max_retention = later().map(|r| r.retention).fold(0.0, f64::max);
    let max_revenue = later().map(|r| r.revenue_minor).max().unwrap_or(0).max(1) as f64;
    let max_cumulative = later()
        .map(|r| r.cumulative_revenue_per_customer_minor)
        .fold(0.0, f64::max)
        .max(1.0);
    let on_granularity = {
        let (granularity, chosen) = (granularity.clone(), chosen.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            granularity.set(if select.value() == "week" {
                Granularity::Week
            } else {
                Granularity::Month
            });
            chosen.set(BTreeSet::new());
        })
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            metric.set(match select.value().as_str() {
                "revenue" => Metric::Revenue,
                "cumulative" => Metric::Cumulative,
                _ => Metric::Retention,
            });
        })
    };
    let cell = |row: &CohortRow| {
        let (shown, share) = match *metric {
            Metric::Retention => (
                format::pct(Some(row.retention)),
                row.retention / max_retention.max(f64::MIN_POSITIVE),
            ),
            Metric::Revenue => (
                format::money(row.revenue_minor, cur, dec),
                row.revenue_minor as f64 / max_revenue,
            ),
            Metric::Cumulative => (
                format::mean_money(Some(row.cumulative_revenue_per_customer_minor), cur, dec),
                row.cumulative_revenue_per_customer_minor / max_cumulative,
            ),
        };
        let hover = format!(
            "{} {} · {}: {} / {} ({}) · {}: {} · {}: {}{}",
            row.cohort,
            period_name(l, row.period),
            l.t("購入者", "buyers"),
            row.active_customers,
            row.customers,
            format::pct(Some(row.retention)),
            l.t("売上", "revenue"),
            format::money(row.revenue_minor, cur, dec),
            l.t("累計/人", "cumulative per customer"),
            format::mean_money(Some(row.cumulative_revenue_per_customer_minor), cur, dec),
            if row.complete {
                ""
            } else {
                l.t("（集計途中）", " (period not over)")
            },
        );
        html! {
            <td class={ classes!("cell", cell_class(row.period, share), (!row.complete).then_some("incomplete")) }
                title={ hover } data-testid={ format!("cohort-{}-{}", row.cohort, row.period) }
                data-value={ row.retention.to_string() }>
                { shown }{ if row.complete { "" } else { "*" } }
            </td>
        }
    };
    // The chart's cohorts: those chosen, else the six most recent with at least two complete periods.
    let shown: Vec<&[CohortRow]> = {
        let all: Vec<&[CohortRow]> = result.by_cohort().collect();
        let picked: Vec<&[CohortRow]> = all
            .iter()
            .copied()
            .filter(|c| chosen.contains(&c[0].cohort))
            .collect();
        if picked.is_empty() {
            let mut recent: Vec<&[CohortRow]> = all
                .iter()
                .copied()
                .filter(|c| c.iter().filter(|r| r.complete).count() >= 2)
                .collect();
            recent = recent.split_off(recent.len().saturating_sub(6));
            recent
        } else {
            picked
        }
    };
    let toggle = |label: String| {
        let chosen = chosen.clone();
        Callback::from(move |_: Event| {
            let mut set = (*chosen).clone();
            if !set.remove(&label) {
                set.insert(label.clone());
            }
            chosen.set(set);
        })
    };
    html! {
        <section class="card" data-testid="cohorts">
            <h2>{ l.t("コホート", "Cohorts") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(result.as_of, l) }</span></h2>
            <div class="params">
                <label class="param">{ l.t("単位", "Period") }{ " " }
                    <select data-testid="cohort-granularity" onchange={ on_granularity }>
                        <option value="month" selected={ *granularity == Granularity::Month }>{ l.t("月", "Month") }</option>
                        <option value="week" selected={ *granularity == Granularity::Week }>{ l.t("週（月曜始まり）", "Week (from Monday)") }</option>
                    </select></label>
                <label class="param">{ l.t("表示", "Show") }{ " " }
                    <select data-testid="cohort-metric" onchange={ on_metric }>
                        <option value="retention" selected={ *metric == Metric::Retention }>{ l.t("継続率", "Retention") }</option>
                        <option value="revenue" selected={ *metric == Metric::Revenue }>{ l.t("売上", "Revenue") }</option>
                        <option value="cumulative" selected={ *metric == Metric::Cumulative }>{ l.t("1人あたり累計売上", "Cumulative revenue per customer") }</option>
                    </select></label>
            </div>
            <div class="scroll cohort-box" tabindex="0" role="region" aria-label={ l.t("コホート表", "Cohort table") }>
            <table class="cohort" data-testid="cohort-table">
                <caption>{ l.t("* は基準日時点で終わっていない期間（途中の値）", "* marks a period not over at the as-of date (partial, not a drop)") }</caption>
                <thead><tr><th>{ l.t("コホート", "Cohort") }</th><th class="num">{ l.t("顧客数", "Customers") }</th>
                    { for (0..periods).map(|p| html! { <th class="num" scope="col">{ p }</th> }) }</tr></thead>
                <tbody>
                { for result.by_cohort().map(|rows| html! {
                    <tr>
                        <th scope="row">{ &rows[0].cohort }</th>
                        <td class="num">{ format::int(rows[0].customers) }</td>
                        { for rows.iter().map(cell) }
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
            { csv_button(l, "cohorts", l.t("コホート表（全期間・全指標）", "cohort table (every period and value)"), "cohorts", {
                let result = result.clone();
                move || kokyaku_core::tables::cohort::cohorts(&result)
            }) }
            <h3>{ l.t("継続率の推移", "Retention curves") }</h3>
            { retention_chart(l, &shown) }
            <details>
                <summary>{ l.t("表示するコホートを選ぶ（選ばないときは直近の6つ）", "Choose cohorts to plot (none chosen: the six most recent)") }</summary>
                <div class="choices">
                { for result.by_cohort().map(|rows| {
                    let label = rows[0].cohort.clone();
                    html! { <label><input type="checkbox" checked={ chosen.contains(&label) } onchange={ toggle(label.clone()) } />{ label }</label> }
                }) }
                </div>
            </details>
        </section>
    }
}

/// A cell's colour class: the first period plain, the later ones by their share of the largest later value.
fn cell_class(period: u32, share: f64) -> String {
    match period {
        0 => "first".into(),
        _ => heat_class(share.min(1.0)),
    }
}

/// Every how many periods the x axis is labelled, so that at most about `room` labels show: 1, 2, 5, 10, …
fn label_step(periods: u32, room: u32) -> u32 {
    [1, 2, 4, 5, 10, 13, 26, 52, 104, 260]
        .into_iter()
        .find(|step| periods.div_ceil(*step) <= room)
        .unwrap_or(periods.max(1))
}

fn period_name(l: Lang, period: u32) -> String {
    match l {
        Lang::Ja => format!("{period}期目"),
        Lang::En => format!("period {period}"),
    }
}

/// Retention (complete periods only) of each cohort as a line, period on x, 0–100 % on y.
fn retention_chart(l: Lang, cohorts: &[&[CohortRow]]) -> Html {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const PAD: f64 = 36.0;
    // The x axis spans the periods the plotted cohorts have, not every cohort's: recent weekly cohorts would
    // otherwise crowd into the left edge of two years of weeks.
    let last = cohorts
        .iter()
        .flat_map(|c| c.iter().filter(|r| r.complete))
        .map(|r| r.period)
        .max()
        .unwrap_or(0)
        .max(1);
    let periods = last + 1;
    let span = f64::from(last);
    let x = |p: u32| PAD + (W - 2.0 * PAD) * f64::from(p) / span;
    let y = |r: f64| H - PAD - (H - 2.0 * PAD) * r;
    html! {
        <figure class="chart">
            <svg viewBox={ format!("0 0 {W} {H}") } role="img" data-testid="retention-chart"
                aria-label={ l.t("コホート別の継続率の推移", "Retention by cohort over periods") }>
                { for [0.0, 0.25, 0.5, 0.75, 1.0].iter().map(|t| html! {
                    <g>
                        <line x1={ PAD.to_string() } x2={ (W - PAD).to_string() } y1={ y(*t).to_string() } y2={ y(*t).to_string() } stroke="#d9dee8" />
                        <text x="2" y={ (y(*t) + 4.0).to_string() } font-size="11" fill="#5b6475">{ format!("{:.0}%", t * 100.0) }</text>
                    </g>
                }) }
                // At most about 16 labels: 640 px of chart has room for that many at 11 px.
                { for (0..periods).step_by(label_step(periods, 16) as usize).map(|p| html! {
                    <text x={ x(p).to_string() } y={ (H - PAD + 16.0).to_string() } font-size="11" fill="#5b6475" text-anchor="middle">{ p }</text>
                }) }
                { for cohorts.iter().enumerate().map(|(i, rows)| {
                    let points: Vec<String> = rows.iter().filter(|r| r.complete)
                        .map(|r| format!("{:.1},{:.1}", x(r.period), y(r.retention))).collect();
                    html! { <polyline points={ points.join(" ") } fill="none" stroke={ PALETTE[i % PALETTE.len()] } stroke-width="2" /> }
                }) }
            </svg>
            { chart_buttons(l, "retention-chart", "cohort-retention") }
            <figcaption class="legend">
                { for cohorts.iter().enumerate().map(|(i, rows)| html! {
                    <span><svg width="14" height="4" aria-hidden="true"><rect width="14" height="4" fill={ PALETTE[i % PALETTE.len()] } /></svg>{ " " }{ &rows[0].cohort }</span>
                }) }
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_thin_out_to_fit() {
        assert_eq!(label_step(12, 16), 1);
        assert_eq!(label_step(24, 16), 2);
        // 104 weeks: every 10th week labels 11 periods.
        assert_eq!(label_step(104, 16), 10);
        assert_eq!(label_step(0, 16), 1);
    }

    #[test]
    fn the_first_period_is_plain_and_later_ones_scale() {
        assert_eq!(cell_class(0, 1.0), "first");
        assert_eq!(cell_class(3, 1.0), "heat-5");
        assert_eq!(cell_class(3, 0.1), "heat-1");
        assert_eq!(cell_class(3, 0.0), "heat-0");
    }
}
