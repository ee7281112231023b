//! The dashboard, the first view after a file is read (docs/analyses.md, "Dashboard"): the key figures of the
//! last complete month with their change against the month before and a year earlier, monthly revenue of new
//! and repeat customers, active and new customers, F2 by first-order month, and the RFM and CPM
//! distributions, each linking to its full view.

mod charts;

use kokyaku_core::analysis::cpm::CpmParams;
use kokyaku_core::analysis::dashboard::{dashboard_with, Compared, Dashboard, DashboardParams};
use kokyaku_core::analysis::rfm::RfmParams;
use kokyaku_core::tables;
use yew::prelude::*;

use super::downloads::csv_button;
use super::{number_input, setter};
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;
use charts::{distribution, month_chart, MonthChart, Series, Share, BLUE, GREEN, ORANGE};

#[derive(Properties, Clone, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// Opens the view of this tab id (`rfm`, `cpm`, `cohorts`, `repeat`, `summary`).
    pub open: Callback<&'static str>,
}

/// A link to the full view of tab `tab`.
fn open_link(open: &Callback<&'static str>, tab: &'static str, name: &str) -> Html {
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.emit(tab))
    };
    html! {
        <button type="button" class="link open" data-testid={ format!("open-{tab}") } {onclick}>
            { format!("{} →", name) }
        </button>
    }
}

/// How a key figure is shown.
enum Kind {
    Count,
    Money,
    Share,
}

/// A key figure's card: the value, then the changes against the month before and a year earlier, each with
/// an arrow and a sign as well as a colour.
fn kpi_card<T: Copy + Into<Raw>>(
    l: Lang,
    d: &Dashboard,
    id: &'static str,
    label: &str,
    c: &Compared<T>,
    kind: Kind,
    link: Html,
) -> Html {
    let (cur, dec) = (d.currency.as_str(), d.currency_decimals);
    let show = |v: Option<T>| {
        v.map(Into::into)
            .map_or("—".to_string(), |v: Raw| match kind {
                Kind::Count => format::int(v.0 as u64),
                Kind::Money => format::mean_money(Some(v.0), cur, dec),
                Kind::Share => format::pct(Some(v.0)),
            })
    };
    let share = matches!(kind, Kind::Share);
    let change = |x: Option<f64>, against: &str, month: &str, testid: &'static str| {
        let class = match x {
            Some(x) if format::change(Some(x), share).starts_with('▲') => "up",
            Some(x) if format::change(Some(x), share).starts_with('▼') => "down",
            _ => "flat",
        };
        html! {
            <div class={ classes!("change", class) } data-testid={ format!("{id}-{testid}") }
                data-value={ x.map(|x| x.to_string()).unwrap_or_default() }>
                <span class="arrow">{ format::change(x, share) }</span>
                <span class="against">{ match l { Lang::Ja => format!(" {against}（{month}）"), Lang::En => format!(" {against} ({month})") } }</span>
            </div>
        }
    };
    let k = d.kpis.as_ref();
    let month = |f: fn(&kokyaku_core::analysis::dashboard::Kpis) -> &String| {
        k.map(f).cloned().unwrap_or_default()
    };
    html! {
        <div class="kpi" data-testid={ id } data-value={ c.value.map(|v| Into::<Raw>::into(v).0.to_string()).unwrap_or_default() }>
            <div class="kpi-label">{ label }</div>
            <div class="kpi-value">{ show(c.value) }</div>
            { change(c.change, l.t("前月比", "vs month before"), &month(|k| &k.previous_month), "change") }
            { change(c.change_vs_year_ago, l.t("前年同月比", "vs a year earlier"), &month(|k| &k.year_ago_month), "year") }
            <div class="kpi-before muted">{ format!("{} {} · {} {}", l.t("前月", "before"), show(c.previous), l.t("前年", "year ago"), show(c.year_ago)) }</div>
            { link }
        </div>
    }
}

/// A figure as a number, for the cards (counts, minor units and shares alike).
#[derive(Clone, Copy)]
pub struct Raw(f64);

impl From<u64> for Raw {
    fn from(v: u64) -> Raw {
        Raw(v as f64)
    }
}

impl From<i64> for Raw {
    fn from(v: i64) -> Raw {
        Raw(v as f64)
    }
}

impl From<f64> for Raw {
    fn from(v: f64) -> Raw {
        Raw(v)
    }
}

/// A line on the rows that could not be read, with the way to the data-quality report (which was the first
/// view before the dashboard); nothing when every row was read.
fn quality_note(l: Lang, rejected: u64, open: &Callback<&'static str>) -> Html {
    if rejected == 0 {
        return html! {};
    }
    html! {
        <p class="note" data-testid="dashboard-rejected" data-value={ rejected.to_string() }>
            { match l {
                Lang::Ja => format!("読み込めなかった行が {} 行あります。", format::int(rejected)),
                Lang::En => format!("{} rows could not be read. ", format::int(rejected)),
            } }
            { open_link(open, "summary", l.t("データ品質を見る", "See the data-quality report")) }
        </p>
    }
}

#[function_component]
pub fn DashboardView(props: &Props) -> Html {
    let l = props.lang;
    let params = use_state(DashboardParams::default);
    let derived = use_derived();
    let result = use_memo((derived.clone(), (*params).clone()), |(derived, params)| {
        let rfm = derived.rfm(&RfmParams::default());
        let cpm = derived.cpm(&CpmParams::default());
        dashboard_with(derived.dataset(), derived.as_of(), params, &rfm, &cpm)
    });
    let d = &*result;
    let set = |f: fn(&mut DashboardParams, i64)| setter(&params, f, DashboardParams::validate);
    let open = &props.open;
    let (cur, dec) = (d.currency.as_str(), d.currency_decimals);
    let units = 10f64.powi(d.currency_decimals as i32);
    let months: Vec<String> = d.months.iter().map(|m| m.month.clone()).collect();
    let money = |f: fn(&kokyaku_core::analysis::dashboard::MonthFigures) -> i64| Series {
        name: "",
        colour: BLUE,
        values: d.months.iter().map(|m| Some(f(m) as f64 / units)).collect(),
        shown: d
            .months
            .iter()
            .map(|m| format::money(f(m), cur, dec))
            .collect(),
    };
    let count =
        |name, colour, f: fn(&kokyaku_core::analysis::dashboard::MonthFigures) -> u64| Series {
            name,
            colour,
            values: d.months.iter().map(|m| Some(f(m) as f64)).collect(),
            shown: d.months.iter().map(|m| format::int(f(m))).collect(),
        };
    let revenue = month_chart(
        l,
        MonthChart {
            id: "dashboard-revenue",
            aria: l
                .t(
                    "月別売上（新規・既存顧客）の積み上げ棒グラフ",
                    "Monthly revenue of new and repeat customers, stacked bars",
                )
                .into(),
            months: &months,
            bars: vec![
                Series {
                    name: l.t("新規顧客", "New customers"),
                    ..money(|m| m.new_revenue_minor)
                },
                Series {
                    name: l.t("既存顧客", "Repeat customers"),
                    colour: ORANGE,
                    ..money(|m| m.repeat_revenue_minor)
                },
            ],
            line: None,
            tick: Box::new(move |v| format::compact(v, l)),
        },
    );
    let customers = month_chart(
        l,
        MonthChart {
            id: "dashboard-customers",
            aria: l
                .t(
                    "月別の購入顧客数（棒）と新規顧客数（線）",
                    "Active customers (bars) and new customers (line) per month",
                )
                .into(),
            months: &months,
            bars: vec![count(l.t("購入顧客", "Active customers"), BLUE, |m| {
                m.active_customers
            })],
            line: Some(count(l.t("新規顧客", "New customers"), ORANGE, |m| {
                m.new_customers
            })),
            tick: Box::new(move |v| format::compact(v, l)),
        },
    );
    let f2 = month_chart(
        l,
        MonthChart {
            id: "dashboard-f2",
            aria: l
                .t(
                    "初回購入月別のF2転換率",
                    "F2 conversion by first-order month",
                )
                .into(),
            months: &months,
            bars: vec![Series {
                name: l.t("F2転換率", "F2 rate"),
                colour: GREEN,
                values: d.months.iter().map(|m| m.f2_rate).collect(),
                shown: d
                    .months
                    .iter()
                    .map(|m| {
                        format!(
                            "{} ({} / {})",
                            format::pct(m.f2_rate),
                            m.f2_converted,
                            m.f2_eligible
                        )
                    })
                    .collect(),
            }],
            line: None,
            tick: Box::new(|v| format!("{:.0}%", v * 100.0)),
        },
    );
    let rfm_rows: Vec<Share> = d
        .rfm_segments
        .iter()
        .map(|s| Share {
            id: s.segment.id(),
            name: {
                let (ja, en) = s.segment.names();
                l.t(ja, en)
            },
            customers: s.customers,
        })
        .collect();
    let cpm_rows: Vec<Share> = d
        .cpm_groups
        .iter()
        .map(|g| Share {
            id: g.group.id(),
            name: {
                let (ja, en) = g.group.names();
                l.t(ja, en)
            },
            customers: g.customers,
        })
        .collect();
    let kpis = d.kpis.as_ref().map(|k| {
        let to = |tab, name| open_link(open, tab, name);
        html! {
            <div class="kpis">
                { kpi_card(l, d, "kpi-active", l.t("購入顧客数", "Active customers"), &k.active_customers, Kind::Count, to("cohorts", l.t("コホート", "Cohorts"))) }
                { kpi_card(l, d, "kpi-new", l.t("新規顧客数", "New customers"), &k.new_customers, Kind::Count, to("cohorts", l.t("コホート", "Cohorts"))) }
                { kpi_card(l, d, "kpi-orders", l.t("注文数", "Orders"), &k.orders, Kind::Count, to("summary", l.t("サマリー", "Summary"))) }
                { kpi_card(l, d, "kpi-revenue", l.t("売上", "Revenue"), &k.revenue_minor, Kind::Money, to("summary", l.t("サマリー", "Summary"))) }
                { kpi_card(l, d, "kpi-aov", l.t("平均注文額", "Average order value"), &k.average_order_value_minor, Kind::Money, to("summary", l.t("サマリー", "Summary"))) }
                { kpi_card(l, d, "kpi-repeat", l.t("既存顧客比率", "Repeat-customer share"), &k.repeat_share, Kind::Share, to("repeat", l.t("リピート", "Repeat"))) }
            </div>
        }
    });
    let period = d.kpis.as_ref().map(|k| {
        format!(
            "{} {} · {} {} · {} {}",
            l.t(
                "対象月（締まった最新の月）",
                "Month (the last complete one)"
            ),
            k.month,
            l.t("前月", "month before"),
            k.previous_month,
            l.t("前年同月", "a year earlier"),
            k.year_ago_month
        )
    });
    html! {
        <section class="card dashboard" data-testid="dashboard" data-month={ d.kpis.as_ref().map(|k| k.month.clone()).unwrap_or_default() }>
            <h2>{ l.t("ダッシュボード", "Dashboard") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(d.as_of, l) }</span></h2>
            <p class="muted" data-testid="dashboard-period">{ period.unwrap_or_default() }</p>
            { quality_note(l, derived.summary().rows_rejected, open) }
            { kpis.unwrap_or_default() }
            <div class="downloads">
                { csv_button(l, "dashboard-kpis", l.t("主要指標", "key figures"), "dashboard-kpis", { let result = result.clone(); move || tables::dashboard::kpis(&result) }) }
                { csv_button(l, "dashboard-months", l.t("月別の推移", "monthly series"), "dashboard-months", { let result = result.clone(); move || tables::dashboard::months(&result) }) }
            </div>
            <div class="params">
                { number_input("dashboard-months", l.t("表示する月数", "Months shown"), &i64::from(params.months), set(|p, v| p.months = v.clamp(0, i64::from(u32::MAX)) as u32)) }
                { number_input("dashboard-f2-window", l.t("F2転換の日数", "F2 window (days)"), &i64::from(params.f2_window_days), set(|p, v| p.f2_window_days = v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)) }
            </div>
            if d.months.is_empty() {
                <p class="muted">{ l.t("基準日より前に締まった月の注文がまだありません。", "No complete month with orders before the as-of date yet.") }</p>
            } else {
                <div class="two">
                    <div class="panel">
                        <h3>{ match l { Lang::Ja => format!("月別売上（新規・既存、{cur}）"), Lang::En => format!("Monthly revenue, new and repeat customers ({cur})") } }</h3>
                        { revenue }
                        { open_link(open, "cohorts", l.t("コホートで詳しく", "More in Cohorts")) }
                    </div>
                    <div class="panel">
                        <h3>{ l.t("購入顧客数と新規顧客数", "Active and new customers") }</h3>
                        { customers }
                        { open_link(open, "cohorts", l.t("コホートで詳しく", "More in Cohorts")) }
                    </div>
                    <div class="panel">
                        <h3>{ l.t("初回購入月別のF2転換率", "F2 conversion by first-order month") }
                            { format!(" ({} {} {})", l.t("初回から", "within"), d.params.f2_window_days, l.t("日以内", "days")) }</h3>
                        { f2 }
                        <p class="note">{ l.t("最近の月は日数が経っておらず対象者が少ないか、いません（棒なし）。", "Recent months have few or no customers old enough to tell (no bar).") }</p>
                        { open_link(open, "repeat", l.t("リピートで詳しく", "More in Repeat")) }
                    </div>
                    <div class="panel">
                        <h3>{ l.t("顧客の分布", "Customers at a glance") }</h3>
                        <h4>{ l.t("RFMセグメント別", "By RFM segment") }</h4>
                        { distribution(l, "dashboard-rfm", l.t("RFMセグメント別の顧客数", "Customers by RFM segment"), &rfm_rows) }
                        { open_link(open, "rfm", l.t("RFMで詳しく", "More in RFM")) }
                        <h4>{ l.t("CPMグループ別", "By CPM group") }</h4>
                        { distribution(l, "dashboard-cpm", l.t("CPMグループ別の顧客数", "Customers by CPM group"), &cpm_rows) }
                        { open_link(open, "cpm", l.t("CPMで詳しく", "More in CPM")) }
                    </div>
                </div>
            }
        </section>
    }
}
