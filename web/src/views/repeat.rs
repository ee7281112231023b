//! The repeat-behaviour view: F2 conversion by window, days to the second purchase (histogram, median,
//! quartiles) and to the third, product conversion by first-order product with a minimum-count filter, and the
//! subscription retention table where the data has subscription lines.

use kokyaku_core::analysis::repeat::{repeat, DaysDistribution, RepeatParams};
use yew::prelude::*;

use super::bars::{bar_chart, Bar};
use super::downloads::{chart_buttons, csv_button};
use super::{heat_class, list_input, number_input, setter, ViewProps};
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;

/// Days with one decimal and their unit, `—` when undefined.
fn days(x: Option<f64>, l: Lang) -> String {
    x.map_or("—".into(), |d| match l {
        Lang::Ja => format!("{d:.1}日"),
        Lang::En => format!("{d:.1} days"),
    })
}

#[function_component]
pub fn RepeatView(props: &ViewProps) -> Html {
    let l = props.lang;
    let params = use_state(RepeatParams::default);
    let derived = use_derived();
    let result = use_memo((derived.clone(), (*params).clone()), |(derived, params)| {
        repeat(derived.dataset(), derived.as_of(), params)
    });
    let table =
        |build: fn(&kokyaku_core::analysis::repeat::Repeat) -> kokyaku_core::table::Table| {
            let result = result.clone();
            move || build(&result)
        };
    let set_window = setter(
        &params,
        |p, v: i32| p.product_window = v,
        RepeatParams::validate,
    );
    let set_min = setter(
        &params,
        |p, v: u64| p.min_customers = v,
        RepeatParams::validate,
    );
    let set_windows = setter(
        &params,
        |p, windows: Vec<i32>| p.windows = windows,
        RepeatParams::validate,
    );
    let subs = &result.subscriptions;
    html! {
        <>
        <section class="card" data-testid="repeat">
            <h2>{ l.t("F2転換率（2回目購入）", "F2 conversion (second purchase)") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(result.as_of, l) }</span></h2>
            <p class="muted">{ l.t(
                "初回購入から D 日以内に2回目を購入した顧客の割合。初回購入が基準日の D 日以上前の顧客が対象。",
                "Share of customers with a second order within D days of the first, among those whose first order is at least D days before the as-of date.",
            ) }</p>
            <div class="params">{ list_input("f2-windows", l.t("期間 D（日）", "Windows D (days)"), &params.windows, set_windows) }</div>
            <table data-testid="f2">
                <thead><tr><th>{ l.t("期間 D", "Window D") }</th><th class="num">{ l.t("対象顧客", "Eligible") }</th>
                    <th class="num">{ l.t("転換", "Converted") }</th><th class="num">{ l.t("転換率", "Rate") }</th></tr></thead>
                <tbody>
                { for result.f2.iter().map(|f| html! {
                    <tr data-window={ f.window_days.to_string() }>
                        <td>{ format!("{} {}", f.window_days, l.t("日", "days")) }</td>
                        <td class="num">{ format::int(f.eligible) }</td><td class="num">{ format::int(f.converted) }</td>
                        <td class="num" data-value={ f.rate.map(|r| r.to_string()).unwrap_or_default() }>{ format::pct(f.rate) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            { csv_button(l, "f2", l.t("F2転換率", "F2 conversion"), "repeat-f2", table(kokyaku_core::tables::repeat::f2)) }
        </section>
        <section class="card" data-testid="days-between">
            <h2>{ l.t("転換日数", "Days between purchases") }</h2>
            <div class="two">
                { distribution(l, l.t("2回目まで", "To the second order"), &result.days_to_second, "second") }
                { distribution(l, l.t("3回目まで（初回から）", "To the third order (from the first)"), &result.days_to_third, "third") }
            </div>
            { csv_button(l, "days-between", l.t("転換日数の分布", "days between purchases"), "repeat-days-between", table(kokyaku_core::tables::repeat::days_to_next)) }
        </section>
        <section class="card" data-testid="product-conversion">
            <h2>{ l.t("商品転換率（初回購入商品別）", "Conversion by first-order product") }</h2>
            <div class="params">
                { number_input("product-window", l.t("期間 D（日）", "Window D (days)"), &params.product_window, set_window) }
                { number_input("product-min", l.t("最低顧客数", "Minimum customers"), &params.min_customers, set_min) }
            </div>
            <table>
                <thead><tr><th>{ l.t("商品", "Product") }</th><th class="num">{ l.t("初回購入者", "First-order buyers") }</th>
                    <th class="num">{ l.t("対象", "Eligible") }</th><th class="num">{ l.t("転換", "Converted") }</th>
                    <th class="num">{ l.t("転換率", "Rate") }</th></tr></thead>
                <tbody>
                { for result.products.rows.iter().map(|p| html! {
                    <tr>
                        <td>{ &p.name }{ if p.product_id.is_empty() { String::new() } else { format!(" ({})", p.product_id) } }</td>
                        <td class="num">{ format::int(p.customers) }</td><td class="num">{ format::int(p.eligible) }</td>
                        <td class="num">{ format::int(p.converted) }</td><td class="num">{ format::pct(p.rate) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            { csv_button(l, "product-conversion", l.t("商品転換率", "conversion by product"), "repeat-products", table(kokyaku_core::tables::repeat::products)) }
            if result.products.dropped_rows > 0 {
                <p class="muted">{ format!("{} {}", format::int(result.products.dropped_rows), l.t("商品は最低顧客数未満のため非表示", "products below the minimum are hidden")) }</p>
            }
        </section>
        if subs.has_subscriptions {
            <section class="card" data-testid="subscriptions">
                <h2>{ l.t("定期推移表", "Subscription retention") }</h2>
                <p class="muted">{ l.t("開始月ごとに、n回目の定期受注に到達した定期顧客の割合。", "For each start month, the share of subscribers reaching their n-th subscription order.") }</p>
                <div class="scroll" tabindex="0" role="region" aria-label={ l.t("定期推移表", "Subscription retention table") }>
                <table class="cohort">
                    <thead><tr><th>{ l.t("開始月", "Start month") }</th><th class="num">{ l.t("定期顧客", "Subscribers") }</th>
                        { for (1..=subs.max_orders).map(|n| html! { <th class="num">{ format!("{n}") }</th> }) }</tr></thead>
                    <tbody>
                    { for subs.cohorts.iter().map(|c| html! {
                        <tr><th scope="row">{ &c.start_month }</th><td class="num">{ format::int(c.subscribers) }</td>
                            { for c.share.iter().zip(&c.reached).map(|(s, n)| html! {
                                <td class={ classes!("cell", heat_class(*s)) } title={ format!("{n} / {}", c.subscribers) }>{ format::pct(Some(*s)) }</td>
                            }) }
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
                { csv_button(l, "subscriptions", l.t("定期推移表", "subscription retention"), "repeat-subscriptions", table(kokyaku_core::tables::repeat::subscriptions)) }
            </section>
        }
        </>
    }
}

/// A distribution of days: quartiles and a bar chart of the fixed bins.
fn distribution(l: Lang, title: &str, d: &DaysDistribution, id: &'static str) -> Html {
    let chart = if id == "second" {
        "days-to-second"
    } else {
        "days-to-third"
    };
    let bars: Vec<Bar> = d
        .histogram
        .iter()
        .map(|b| {
            let label = match b.to_days {
                Some(t) => format!("{}–{t}", b.from_days),
                None => format!("{}+", b.from_days),
            };
            let title = format!(
                "{label} {}: {}",
                l.t("日", "days"),
                format::int(b.customers)
            );
            Bar {
                label,
                count: b.customers,
                title,
            }
        })
        .collect();
    html! {
        <figure class="chart" data-testid={ format!("days-to-{id}") } data-median={ d.median_days.map(|m| m.to_string()).unwrap_or_default() }>
            <figcaption><strong>{ title }</strong>{ format!(" — {} {}", format::int(d.customers), l.t("人", "customers")) }<br/>
                { format!("{} {} · {} {} · {} {} · {} {}", l.t("中央値", "median"), days(d.median_days, l), l.t("第1四分位", "Q1"), days(d.q1_days, l),
                    l.t("第3四分位", "Q3"), days(d.q3_days, l), l.t("平均", "mean"), days(d.mean_days, l)) }</figcaption>
            { bar_chart(&bars, 320.0, 150.0, title, None) }
            { chart_buttons(l, chart, chart) }
        </figure>
    }
}
