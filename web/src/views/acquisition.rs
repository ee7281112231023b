//! Customers by their first order's channel and by its coupon code, under the historical LTV: each group's
//! share, repeat rate, F2 conversion and LTV at the history view's horizons (the core's `acquisition`, the
//! same as `kokyaku acquisition`). Shown for the groupings the data has values for.

use kokyaku_core::analysis::acquisition::{
    acquisition, Acquisition, AcquisitionBy, AcquisitionParams,
};
use kokyaku_core::analysis::ltv::report::GroupClv;
use yew::prelude::*;

use super::downloads::csv_button;
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;

/// What the tables are given: the language and the history view's horizons.
#[derive(Properties, Clone, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub horizons: Vec<i32>,
}

#[function_component]
pub fn AcquisitionTables(props: &Props) -> Html {
    let l = props.lang;
    let derived = use_derived();
    let results = use_memo(
        (derived.clone(), props.horizons.clone()),
        |(derived, horizons)| {
            [AcquisitionBy::Channel, AcquisitionBy::Coupon].map(|by| {
                let params = AcquisitionParams {
                    by,
                    horizons: horizons.clone(),
                    ..AcquisitionParams::default()
                };
                std::rc::Rc::new(acquisition(
                    derived.dataset(),
                    derived.as_of(),
                    &params,
                    None,
                ))
            })
        },
    );
    let shown: Vec<_> = results.iter().filter(|a| a.has_values).cloned().collect();
    if shown.is_empty() {
        return html! {
            <p class="muted" data-testid="acquisition-none">{ l.t(
                "注文に流入経路（チャネル）やクーポンコードの列があると、ここに初回注文の経路別・クーポン別のリピート率とLTVが出ます。",
                "With a channel or coupon code column in the orders, repeat rates and LTV by the first order's channel and coupon show here.",
            ) }</p>
        };
    }
    html! { <>{ for shown.into_iter().map(|a| table(l, a, &derived)) }</> }
}

/// One grouping's table and its download.
fn table(l: Lang, a: std::rc::Rc<Acquisition>, derived: &crate::derived::Derived) -> Html {
    let ds = derived.dataset();
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let (title, heading, id, file) = match a.params.by {
        AcquisitionBy::Channel => (
            l.t("初回注文の流入経路別", "By first-order channel"),
            l.t("流入経路", "Channel"),
            "acquisition-channel",
            "acquisition-channel",
        ),
        AcquisitionBy::Coupon => (
            l.t("初回注文のクーポン別", "By first-order coupon"),
            l.t("クーポンコード", "Coupon code"),
            "acquisition-coupon",
            "acquisition-coupon",
        ),
    };
    let window = a.params.f2_window_days;
    let csv = {
        let a = a.clone();
        move || kokyaku_core::tables::acquisition::acquisition(&a)
    };
    html! { <>
        <h3>{ title }</h3>
        <div class="scroll" tabindex="0" role="region" aria-label={ title }>
        <table data-testid={ id }>
            <thead><tr>
                <th>{ heading }</th><th class="num">{ l.t("顧客数", "Customers") }</th><th class="num">{ l.t("構成比", "Share") }</th>
                <th class="num">{ l.t("リピート率", "Repeat rate") }</th>
                <th class="num">{ match l { Lang::Ja => format!("F2転換率（{window}日）"), Lang::En => format!("F2 ({window} days)") } }</th>
                { for a.params.horizons.iter().map(|h| html! { <th class="num">{ format!("LTV {h}{}", l.t("日", " days")) }</th> }) }
            </tr></thead>
            <tbody>{ for a.rows.iter().map(|r| html! {
                <tr data-group={ r.group.clone().unwrap_or_default() }>
                    <td>{ r.group.clone().unwrap_or_else(|| l.t("（なし）", "(none)").to_string()) }</td>
                    <td class="num" data-value={ r.customers.to_string() }>{ format::int(r.customers) }</td>
                    <td class="num">{ format::pct(Some(r.share)) }</td>
                    <td class="num">{ format::pct(Some(r.repeat_rate)) }</td>
                    <td class="num">{ format::pct(r.f2_rate) }</td>
                    { for r.ltv.iter().map(|x| html! {
                        <td class="num" data-value={ x.mean_minor.map(|m| m.to_string()).unwrap_or_default() }>{ format::mean_money(x.mean_minor, cur, dec) }</td>
                    }) }
                </tr>
            }) }</tbody>
        </table>
        </div>
        { csv_button(l, id, title, file, csv) }
    </> }
}

/// Predicted CLV of the customers of each first-order channel and coupon code, for the groupings the data
/// has values for: (title, rows of group name and CLV), from the fits of the LTV view.
pub fn predicted_clv(
    l: Lang,
    derived: &crate::derived::Derived,
    ltv: &kokyaku_core::analysis::ltv::PredictiveLtv,
) -> Vec<(&'static str, Vec<(String, GroupClv)>)> {
    [AcquisitionBy::Channel, AcquisitionBy::Coupon]
        .into_iter()
        .filter_map(|by| {
            let params = AcquisitionParams {
                by,
                ..AcquisitionParams::default()
            };
            let a = acquisition(derived.dataset(), derived.as_of(), &params, Some(ltv));
            if !a.has_values {
                return None;
            }
            let title = match by {
                AcquisitionBy::Channel => l.t(
                    "初回の流入経路別の予測CLV",
                    "Predicted CLV by first-order channel",
                ),
                AcquisitionBy::Coupon => l.t(
                    "初回のクーポン別の予測CLV",
                    "Predicted CLV by first-order coupon",
                ),
            };
            let rows = a
                .rows
                .iter()
                .filter_map(|r| {
                    let mean = r.mean_clv_minor?;
                    let name = r
                        .group
                        .clone()
                        .unwrap_or_else(|| l.t("（なし）", "(none)").to_string());
                    let clv = GroupClv {
                        customers: r.clv_customers,
                        clv_minor: mean * r.clv_customers as f64,
                        mean_clv_minor: mean,
                    };
                    Some((name, clv))
                })
                .collect();
            Some((title, rows))
        })
        .collect()
}
