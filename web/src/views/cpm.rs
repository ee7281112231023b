//! The CPM view: the classic 5×2 customer-portfolio grid (stages as columns, active above lapsed) with
//! counts, revenue and averages, and the thresholds as settable parameters.

use kokyaku_core::analysis::cpm::{CpmGroup, CpmParams, CpmStage};
use yew::prelude::*;

use super::downloads::csv_button;
use super::{heat_class, number_input, setter, ViewProps};
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;

#[function_component]
pub fn CpmView(props: &ViewProps) -> Html {
    let l = props.lang;
    let params = use_state(CpmParams::default);
    let derived = use_derived();
    let ds = derived.dataset();
    let result = derived.cpm(&params);
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let total: u64 = result.groups.iter().map(|g| g.customers).sum();
    let set = |f: fn(&mut CpmParams, i64)| setter(&params, f, CpmParams::validate);
    let groups_csv = {
        let result = result.clone();
        move || kokyaku_core::tables::cpm::groups(&result)
    };
    let customers_csv = {
        let (result, derived) = (result.clone(), derived.clone());
        move || kokyaku_core::tables::cpm::customers(derived.dataset(), &result).into_table()
    };
    let cell = |group: CpmGroup| {
        let row = &result.groups[group.index()];
        let share = if total == 0 {
            0.0
        } else {
            row.customers as f64 / total as f64
        };
        let (ja, en) = group.names();
        html! {
            <td class={ classes!("cell", heat_class(share)) } data-testid={ format!("cpm-{}", group.id()) }
                data-value={ row.customers.to_string() } title={ l.t(ja, en) }>
                <span class="count">{ format::int(row.customers) }</span>
                <span class="segment">{ format::money(row.revenue_minor, cur, dec) }</span>
                <span class="segment">{ l.t("平均 ", "avg ") }{ format::mean_money(row.mean_value_minor, cur, dec) }</span>
            </td>
        }
    };
    html! {
        <section class="card" data-testid="cpm">
            <h2>{ l.t("CPM（顧客ポートフォリオ）", "CPM (customer portfolio)") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(result.as_of, l) }</span></h2>
            <div class="params">
                { number_input("cpm-lapse", l.t("離脱とみなす日数", "Lapsed after (days)"), &i64::from(params.lapse_days), set(|p, v| p.lapse_days = v as i32)) }
                { number_input("cpm-tenure-1", l.t("在籍期間のしきい値1（日）", "Tenure threshold 1 (days)"), &i64::from(params.tenure_days[0]), set(|p, v| p.tenure_days[0] = v as i32)) }
                { number_input("cpm-tenure-2", l.t("在籍期間のしきい値2（日）", "Tenure threshold 2 (days)"), &i64::from(params.tenure_days[1]), set(|p, v| p.tenure_days[1] = v as i32)) }
                { number_input("cpm-value", &match l { Lang::Ja => format!("累計購入額のしきい値（{cur}）"), Lang::En => format!("Value threshold ({cur})") }, &params.value_threshold, set(|p, v| p.value_threshold = v)) }
            </div>
            <table class="grid" data-testid="cpm-grid">
                <caption>{ l.t(
                    "初回: 1回購入 / よちよち: 2回以上・在籍期間が短い / コツコツ: 在籍期間が長く累計額が低い / 流行: 中期・高額 / 優良: 長期・高額",
                    "First-time: one order / Beginner: repeat, short tenure / Steady: long tenure, lower value / Trendy: mid tenure, high value / Loyal: long tenure, high value",
                ) }</caption>
                <thead><tr><th></th>
                    { for CpmStage::ALL.iter().map(|s| { let (ja, en) = s.names(); html! { <th scope="col">{ l.t(ja, en) }</th> } }) }
                </tr></thead>
                <tbody>
                    <tr><th scope="row">{ l.t("現役", "Active") }</th>{ for CpmStage::ALL.iter().map(|s| cell(CpmGroup::active(*s))) }</tr>
                    <tr><th scope="row">{ l.t("離脱", "Lapsed") }</th>{ for CpmStage::ALL.iter().map(|s| cell(CpmGroup::lapsed(*s))) }</tr>
                </tbody>
            </table>
            <table data-testid="cpm-groups">
                <thead><tr><th>{ l.t("グループ", "Group") }</th><th class="num">{ l.t("顧客数", "Customers") }</th>
                    <th class="num">{ l.t("売上", "Revenue") }</th><th class="num">{ l.t("売上構成比", "Revenue share") }</th>
                    <th class="num">{ l.t("平均累計額", "Mean value") }</th><th class="num">{ l.t("平均購入回数", "Mean orders") }</th></tr></thead>
                <tbody>
                { for result.groups.iter().map(|g| { let (ja, en) = g.group.names(); html! {
                    <tr data-group={ g.group.id() }>
                        <td>{ l.t(ja, en) }</td><td class="num">{ format::int(g.customers) }</td>
                        <td class="num">{ format::money(g.revenue_minor, cur, dec) }</td>
                        <td class="num">{ format::pct(g.revenue_share) }</td>
                        <td class="num">{ format::mean_money(g.mean_value_minor, cur, dec) }</td>
                        <td class="num">{ format::ratio(g.mean_orders) }</td>
                    </tr>
                } }) }
                </tbody>
            </table>
            <div class="downloads">
                { csv_button(l, "cpm-groups", l.t("グループ別", "by group"), "cpm-groups", groups_csv) }
                { csv_button(l, "cpm-customers", l.t("顧客別グループ", "group of each customer"), "cpm-customers", customers_csv) }
            </div>
        </section>
    }
}
