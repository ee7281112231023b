//! The historical LTV view: mean cumulative order value within D days of the first order, overall, by
//! acquisition cohort, by first-order product, and by the first order's channel and coupon code.

use kokyaku_core::analysis::history::{history, HistoryParams, LtvAt};
use yew::prelude::*;

use super::acquisition::AcquisitionTables;
use super::downloads::csv_button;
use super::{list_input, setter, ViewProps};
use crate::derived::use_derived;
use crate::format;

#[function_component]
pub fn HistoryView(props: &ViewProps) -> Html {
    let l = props.lang;
    let params = use_state(HistoryParams::default);
    let derived = use_derived();
    let ds = derived.dataset();
    let result = use_memo((derived.clone(), (*params).clone()), |(derived, params)| {
        history(derived.dataset(), derived.as_of(), params)
    });
    let set_horizons = setter(
        &params,
        |p, horizons: Vec<i32>| p.horizons = horizons,
        HistoryParams::validate,
    );
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let table =
        |build: fn(&kokyaku_core::analysis::history::History) -> kokyaku_core::table::Table| {
            let result = result.clone();
            move || build(&result)
        };
    // A group of which only some customers are old enough for a horizon: its mean is theirs, marked, so that
    // a longer horizon's lower value does not read as LTV falling.
    let mean = |customers: u64, x: &LtvAt| {
        let partial = x.eligible > 0 && x.eligible < customers;
        let title = format!(
            "{} / {} {}",
            format::int(x.eligible),
            format::int(customers),
            l.t("人が期間を満たす", "customers old enough")
        );
        html! {
            <td class={ classes!("num", partial.then_some("incomplete")) } {title} data-partial={ partial.to_string() }>
                { format::mean_money(x.mean_minor, cur, dec) }{ if partial { "*" } else { "" } }
            </td>
        }
    };
    let horizons = html! { { for result.params.horizons.iter().map(|h| html! { <th class="num">{ format!("{h} {}", l.t("日", "days")) }</th> }) } };
    html! {
        <section class="card" data-testid="history">
            <h2>{ l.t("LTV（実績）", "Historical LTV") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(result.as_of, l) }</span></h2>
            <p class="muted">{ l.t(
                "初回購入から D 日以内の累計購入額の平均。初回購入が基準日の D 日以上前の顧客が対象。",
                "Mean cumulative order value within D days of the first order, over customers whose first order is at least D days before the as-of date.",
            ) }</p>
            <div class="params">{ list_input("ltv-horizons", l.t("期間 D（日）", "Horizons D (days)"), &params.horizons, set_horizons) }</div>
            <table data-testid="ltv-overall">
                <thead><tr><th></th><th class="num">{ l.t("対象顧客", "Eligible") }</th><th class="num">{ "LTV" }</th></tr></thead>
                <tbody>{ for result.overall.iter().map(|x| html! {
                    <tr data-horizon={ x.horizon_days.to_string() }><th scope="row">{ format!("{} {}", x.horizon_days, l.t("日", "days")) }</th>
                        <td class="num">{ format::int(x.eligible) }</td>
                        <td class="num" data-value={ x.mean_minor.map(|m| m.to_string()).unwrap_or_default() }>{ format::mean_money(x.mean_minor, cur, dec) }</td></tr>
                }) }</tbody>
            </table>
            { csv_button(l, "ltv-overall", l.t("全体", "overall"), "history-ltv-overall", table(kokyaku_core::tables::history::overall)) }
            <h3>{ l.t("コホート別", "By cohort") }</h3>
            <p class="muted">{ l.t(
                "* は、グループの一部の顧客だけが期間 D を満たしている値です（満たした顧客だけの平均）。期間の長い列の値が低く見えても、LTV が下がったわけではありません。",
                "* marks a value of only the customers of the group old enough for D (their mean): a lower value at a longer horizon is not LTV falling.",
            ) }</p>
            <div class="scroll" tabindex="0" role="region" aria-label={ l.t("実績LTVの表", "Historical LTV table") }>
            <table data-testid="ltv-by-cohort-table">
                <thead><tr><th>{ l.t("初回購入月", "First-order month") }</th><th class="num">{ l.t("顧客数", "Customers") }</th>{ horizons.clone() }</tr></thead>
                <tbody>{ for result.by_cohort.iter().map(|c| html! {
                    <tr><th scope="row">{ &c.month }</th><td class="num">{ format::int(c.customers) }</td>{ for c.ltv.iter().map(|x| mean(c.customers, x)) }</tr>
                }) }</tbody>
            </table>
            </div>
            { csv_button(l, "ltv-by-cohort", l.t("コホート別", "by cohort"), "history-ltv-by-cohort", table(kokyaku_core::tables::history::by_cohort)) }
            <h3>{ l.t("初回購入商品別", "By first-order product") }</h3>
            <table>
                <thead><tr><th>{ l.t("商品", "Product") }</th><th class="num">{ l.t("顧客数", "Customers") }</th>{ horizons }</tr></thead>
                <tbody>{ for result.by_first_product.iter().map(|p| html! {
                    <tr><td>{ &p.name }</td><td class="num">{ format::int(p.customers) }</td>{ for p.ltv.iter().map(|x| mean(p.customers, x)) }</tr>
                }) }</tbody>
            </table>
            { csv_button(l, "ltv-by-product", l.t("初回購入商品別", "by first-order product"), "history-ltv-by-product", table(kokyaku_core::tables::history::by_first_product)) }
            <AcquisitionTables lang={ l } horizons={ params.horizons.clone() } />
        </section>
    }
}
