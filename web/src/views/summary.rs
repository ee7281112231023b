//! The summary: the headline figures of docs/analyses.md, "Summary", as cards.

use yew::prelude::*;

use super::ViewProps;
use crate::derived::use_derived;
use crate::format;

/// One figure: a label, the formatted value, and the raw value for machines (tests, copy).
fn figure(id: &'static str, label: &str, shown: String, raw: String) -> Html {
    html! {
        <div class="figure">
            <dt>{ label }</dt>
            <dd data-testid={ id } data-value={ raw }>{ shown }</dd>
        </div>
    }
}

#[function_component]
pub fn SummaryView(props: &ViewProps) -> Html {
    let l = props.lang;
    let derived = use_derived();
    let s = &derived.summary().summary;
    let (cur, dec) = (s.currency.as_str(), s.currency_decimals);
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    html! {
        <section class="card" data-testid="summary">
            <h2>{ l.t("サマリー", "Summary") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(s.as_of, l) }</span></h2>
            <dl class="figures">
                { figure("customers", l.t("顧客数", "Customers"), format::int(s.customers), s.customers.to_string()) }
                { figure("orders", l.t("有効注文数", "Valid orders"), format::int(s.orders), s.orders.to_string()) }
                { figure("revenue", l.t("売上", "Revenue"), format::money(s.revenue_minor, cur, dec), s.revenue_minor.to_string()) }
                { figure("aov", l.t("平均注文額", "Average order value"), format::mean_money(s.average_order_value_minor, cur, dec), opt(s.average_order_value_minor)) }
                { figure("orders-per-customer", l.t("顧客あたり注文数", "Orders per customer"), format::ratio(s.orders_per_customer), opt(s.orders_per_customer)) }
                { figure("repeat-rate", l.t("リピート率", "Repeat rate"), format::pct(s.repeat_rate), opt(s.repeat_rate)) }
                { figure("first-order", l.t("最初の注文", "First order"), format::date(s.first_order_date, l), s.first_order_date.map(|d| d.to_string()).unwrap_or_default()) }
                { figure("last-order", l.t("最後の注文", "Last order"), format::date(s.last_order_date, l), s.last_order_date.map(|d| d.to_string()).unwrap_or_default()) }
            </dl>
            <p class="muted">{ l.t("通貨：", "Currency: ") }<span data-testid="currency">{ cur }</span></p>
        </section>
    }
}
