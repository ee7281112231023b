//! The basket view (併売): the product pairs bought in one order, strongest by lift first, with a product picker
//! that narrows both tables to one product; and what customers bought in their second order given their
//! first. The figures are the core's `basket`, the same as `kokyaku basket`.

use std::rc::Rc;

use kokyaku_core::analysis::basket::{basket, Basket, BasketParams, OrderScope};
use yew::prelude::*;

use super::downloads::csv_button;
use super::{number_input, setter, ViewProps};
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;

/// How many rows each table shows; the downloads have them all.
const SHOWN: usize = 50;

#[function_component]
pub fn BasketView(props: &ViewProps) -> Html {
    let l = props.lang;
    let params = use_state(BasketParams::default);
    // The product the tables are narrowed to, by index into the result's products.
    let picked = use_state(|| None::<u32>);
    let derived = use_derived();
    let result = use_memo((derived.clone(), (*params).clone()), |(derived, params)| {
        basket(derived.dataset(), derived.as_of(), params)
    });
    // A new result may not hold the product picked: the index would name another one.
    {
        let picked = picked.clone();
        use_effect_with(result.clone(), move |_| picked.set(None));
    }
    let set_min = setter(
        &params,
        |p, n: u64| p.min_orders = n,
        BasketParams::validate,
    );
    let on_scope = {
        let params = params.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(scope) = select.value().parse::<OrderScope>() {
                params.set(BasketParams {
                    scope,
                    ..(*params).clone()
                });
            }
        })
    };
    let set_words = setter(
        &params,
        |p, words: Vec<String>| p.not_products = words,
        BasketParams::validate,
    );
    let on_words = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let words = input
            .value()
            .split([',', '、'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        super::show_refusal(&input, set_words.emit(words));
    });
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            picked.set(select.value().parse().ok());
        })
    };
    let table = |build: fn(&Basket) -> kokyaku_core::table::Table| {
        let result = result.clone();
        move || build(&result)
    };
    let scope = params.scope;
    html! {
        <section class="card" data-testid="basket">
            <h2>{ l.t("併売分析", "Basket analysis") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(result.as_of, l) }</span></h2>
            <p class="muted">{ l.t(
                "同じ注文で一緒に買われた商品の組み合わせ。リフト値が1より大きいほど、偶然より強く一緒に買われています。送料・手数料・ラッピングなど商品でない明細は除いています。",
                "Products bought in the same order. A lift above 1 means the two go together more often than chance. Lines that are not goods (shipping, fees, gift wrap…) are left out.",
            ) }</p>
            <div class="params">
                { number_input("basket-min-orders", l.t("最低注文数", "Minimum orders"), &params.min_orders, set_min) }
                <label class="param">{ l.t("対象の注文", "Orders") }{ " " }
                    <select data-testid="basket-scope" onchange={ on_scope }>
                        <option value="all" selected={ scope == OrderScope::All }>{ l.t("すべての注文", "Every order") }</option>
                        <option value="first" selected={ scope == OrderScope::First }>{ l.t("初回注文のみ（新規）", "First orders only (new customers)") }</option>
                        <option value="repeat" selected={ scope == OrderScope::Repeat }>{ l.t("2回目以降の注文（リピート）", "Repeat orders only") }</option>
                    </select></label>
                { product_picker(l, &result, *picked, on_pick) }
            </div>
            <div class="params">
                <label class="param wide">{ l.t("商品として数えない明細（名前に含む語、カンマ区切り）", "Lines that are not goods (words in the name, comma-separated)") }{ " " }
                    <input type="text" data-testid="basket-not-products" size="60" value={ params.not_products.join(", ") } onchange={ on_words } /></label>
            </div>
            { counts(l, &result) }
            <h3>{ l.t("一緒に買われた商品", "Bought together") }</h3>
            { pairs_table(l, &result, *picked) }
            { csv_button(l, "basket-pairs", l.t("併売の組み合わせ", "pairs"), "basket-pairs", table(kokyaku_core::tables::basket::pairs)) }
            <h3>{ l.t("初回の商品と2回目に買われた商品", "What the second order holds, by first-order product") }</h3>
            { next_table(l, &result, *picked) }
            { csv_button(l, "basket-next", l.t("2回目の商品", "next products"), "basket-next-products", table(kokyaku_core::tables::basket::next_products)) }
        </section>
    }
}

/// The select that narrows the tables to one product (most ordered first).
fn product_picker(l: Lang, b: &Rc<Basket>, picked: Option<u32>, on: Callback<Event>) -> Html {
    let mut order: Vec<u32> = (0..b.products.len() as u32).collect();
    order.sort_by(|&x, &y| {
        let (px, py) = (&b.products[x as usize], &b.products[y as usize]);
        py.orders
            .cmp(&px.orders)
            .then_with(|| px.name.cmp(&py.name))
    });
    html! {
        <label class="param">{ l.t("商品で絞り込む", "Product") }{ " " }
            <select data-testid="basket-product" onchange={ on }>
                <option value="" selected={ picked.is_none() }>{ l.t("すべての商品", "Every product") }</option>
                { for order.into_iter().map(|i| {
                    let p = &b.products[i as usize];
                    html! { <option value={ i.to_string() } selected={ picked == Some(i) }>{ format!("{} ({})", p.name, format::int(p.orders)) }</option> }
                }) }
            </select></label>
    }
}

/// Orders read, orders with goods and the lines left out.
fn counts(l: Lang, b: &Basket) -> Html {
    let left_out = if b.products_left_out.is_empty() {
        String::new()
    } else {
        let names = b.products_left_out.join(l.t("、", ", "));
        match l {
            Lang::Ja => format!("（{names}）"),
            Lang::En => format!(" ({names})"),
        }
    };
    html! {
        <p class="muted" data-testid="basket-counts" data-orders={ b.orders.to_string() }>
            { match l {
                Lang::Ja => format!("対象の注文 {} 件（商品を含む注文 {} 件）。除いた明細 {} 行{left_out}。",
                    format::int(b.orders), format::int(b.orders_with_products), format::int(b.lines_left_out)),
                Lang::En => format!("{} orders read ({} with goods); {} lines left out as not goods{left_out}.",
                    format::int(b.orders), format::int(b.orders_with_products), format::int(b.lines_left_out)),
            } }
        </p>
    }
}

/// The pairs (of the picked product, when one is), strongest first.
fn pairs_table(l: Lang, b: &Basket, picked: Option<u32>) -> Html {
    let name = |i: u32| b.products[i as usize].name.clone();
    let rows: Vec<_> = b
        .pairs
        .iter()
        .filter(|p| picked.is_none_or(|i| p.a == i))
        .take(SHOWN)
        .collect();
    if rows.is_empty() {
        return html! { <p class="muted" data-testid="basket-no-pairs">{ l.t(
            "最低注文数以上、一緒に買われた組み合わせはありません。",
            "No pair was bought together in at least the minimum number of orders.",
        ) }</p> };
    }
    html! {
        <div class="scroll" tabindex="0" role="region" aria-label={ l.t("併売の表", "Pairs table") }>
        <table data-testid="basket-pairs">
            <thead><tr>
                <th>{ l.t("商品A", "Product A") }</th><th>{ l.t("一緒に買われた商品B", "Bought with B") }</th>
                <th class="num">{ l.t("両方を含む注文", "Orders with both") }</th>
                <th class="num" title={ l.t("全注文のうち両方を含む割合", "Orders with both, of all orders") }>{ l.t("支持度", "Support") }</th>
                <th class="num" title={ l.t("Aを含む注文のうちBも含む割合", "Orders with A that also hold B") }>{ l.t("確信度", "Confidence") }</th>
                <th class="num" title={ l.t("確信度 ÷ Bを含む注文の割合", "Confidence over B's share of orders") }>{ l.t("リフト値", "Lift") }</th>
            </tr></thead>
            <tbody>{ for rows.into_iter().map(|p| html! {
                <tr data-a={ b.products[p.a as usize].key.clone() } data-b={ b.products[p.b as usize].key.clone() }>
                    <td>{ name(p.a) }</td><td>{ name(p.b) }</td>
                    <td class="num">{ format::int(p.orders_both) }</td>
                    <td class="num">{ format::pct(Some(p.support)) }</td>
                    <td class="num">{ format::pct(Some(p.confidence)) }</td>
                    <td class="num" data-value={ p.lift.to_string() }>{ format::decimal(p.lift, 2) }</td>
                </tr>
            }) }</tbody>
        </table>
        </div>
    }
}

/// Second-order products (after the picked first product, when one is), most customers first.
fn next_table(l: Lang, b: &Basket, picked: Option<u32>) -> Html {
    let name = |i: u32| b.products[i as usize].name.clone();
    let rows: Vec<_> = b
        .next_products
        .iter()
        .filter(|n| picked.is_none_or(|i| n.first == i))
        .take(SHOWN)
        .collect();
    if rows.is_empty() {
        return html! { <p class="muted" data-testid="basket-no-next">{ l.t(
            "最低人数以上、2回目に同じ商品を買った顧客はいません。",
            "No second-order product reaches the minimum number of customers.",
        ) }</p> };
    }
    html! {
        <div class="scroll" tabindex="0" role="region" aria-label={ l.t("2回目の商品の表", "Next products table") }>
        <table data-testid="basket-next">
            <thead><tr>
                <th>{ l.t("初回の商品", "First product") }</th><th>{ l.t("2回目の商品", "Next product") }</th>
                <th class="num">{ l.t("初回購入者", "First buyers") }</th><th class="num">{ l.t("2回目購入者", "Second buyers") }</th>
                <th class="num">{ l.t("2回目にこの商品", "Bought it second") }</th><th class="num">{ l.t("割合", "Share") }</th>
            </tr></thead>
            <tbody>{ for rows.into_iter().map(|n| html! {
                <tr>
                    <td>{ name(n.first) }</td><td>{ name(n.next) }</td>
                    <td class="num">{ format::int(n.customers_first) }</td>
                    <td class="num">{ format::int(n.customers_second) }</td>
                    <td class="num">{ format::int(n.customers_next) }</td>
                    <td class="num">{ format::pct(Some(n.share)) }</td>
                </tr>
            }) }</tbody>
        </table>
        </div>
    }
}
