//! The RFM view: the 5×5 R×F grid as a heat map with counts and segment names, the segment table, and the
//! per-customer table (sortable, paged, searchable by customer key).

use std::rc::Rc;

use kokyaku_core::analysis::rfm::{CustomerRfm, MonetaryBasis, Rfm, RfmParams, Scoring, Segment};
use yew::prelude::*;

use super::downloads::csv_button;
use super::scoring::{Metric, ScoringControl};
use super::setter;
use crate::derived::use_derived;
use crate::format;
use crate::i18n::Lang;

#[derive(Properties)]
pub struct Props {
    pub lang: Lang,
    pub rfm: Rc<Rfm>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.rfm, &other.rfm)
    }
}

/// A segment's name in the page's language.
pub fn segment_name(segment: Segment, lang: Lang) -> &'static str {
    let (ja, en) = segment.names();
    lang.t(ja, en)
}

/// The heat class of a count relative to the largest: `heat-0` (none) to `heat-5`.
fn heat(count: u64, max: u64) -> String {
    let level = if count == 0 || max == 0 {
        0
    } else {
        1 + (4 * count / max).min(4)
    };
    format!("heat-{level}")
}

#[function_component]
pub fn RfmView(props: &super::ViewProps) -> Html {
    let l = props.lang;
    let params = use_state(RfmParams::default);
    let derived = use_derived();
    let rfm = derived.rfm(&params);
    let set = |f: fn(&mut RfmParams, Scoring)| setter(&params, f, RfmParams::validate);
    let on_basis = {
        let params = params.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let basis = if select.value() == "average" {
                MonetaryBasis::Average
            } else {
                MonetaryBasis::Total
            };
            params.set(RfmParams {
                monetary_basis: basis,
                ..(*params).clone()
            });
        })
    };
    let max = rfm.grid.iter().flatten().copied().max().unwrap_or(0);
    let ds = derived.dataset();
    let money = |m: f64| format::mean_money(Some(m), &ds.currency.code, ds.currency.decimals);
    let grid_csv = {
        let rfm = rfm.clone();
        move || kokyaku_core::tables::rfm::grid(&rfm)
    };
    let segments_csv = {
        let rfm = rfm.clone();
        move || kokyaku_core::tables::rfm::segments(&rfm)
    };
    html! {
        <>
        <section class="card" data-testid="rfm">
            <h2>{ "RFM" }<span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(rfm.as_of, l) }</span></h2>
            <p class="muted">{ l.t(
                "R: 最終購入からの日数、F: 購入回数、M: 購入額。各スコアは分位（顧客を5等分）か、4つのしきい値で1〜5に分けます（例 F: 1, 2, 3, 5 回 → 1回=1 … 6回以上=5、R: 30, 90, 180, 365 日 → 30日以内=5）。",
                "R: days since the last order, F: orders, M: spend. Each score splits customers into quintiles, or by four thresholds (e.g. F: 1, 2, 3, 5 orders → 1 order = 1 … 6 or more = 5; R: 30, 90, 180, 365 days → within 30 = 5).",
            ) }</p>
            <div class="params">
                <ScoringControl lang={ l } id="rfm-r" label={ l.t("R スコア", "R score") } metric={ Metric::Recency }
                    currency={ ds.currency.code.clone() } value={ params.recency.clone() } on={ set(|p, s| p.recency = s) } />
                <ScoringControl lang={ l } id="rfm-f" label={ l.t("F スコア", "F score") } metric={ Metric::Frequency }
                    currency={ ds.currency.code.clone() } value={ params.frequency.clone() } on={ set(|p, s| p.frequency = s) } />
                <ScoringControl lang={ l } id="rfm-m" label={ l.t("M スコア", "M score") }
                    metric={ Metric::Monetary { decimals: ds.currency.decimals } }
                    currency={ ds.currency.code.clone() } value={ params.monetary.clone() } on={ set(|p, s| p.monetary = s) } />
                <label class="param">{ l.t("M の基準", "M is") }{ " " }
                    <select data-testid="rfm-basis" onchange={ on_basis }>
                        <option value="total" selected={ params.monetary_basis == MonetaryBasis::Total }>{ l.t("累計購入額", "total spend") }</option>
                        <option value="average" selected={ params.monetary_basis == MonetaryBasis::Average }>{ l.t("平均購入額", "average order value") }</option>
                    </select></label>
            </div>
            <table class="grid" data-testid="rfm-grid">
                <caption>{ l.t("縦: R スコア（5 = 最近）、横: F スコア（5 = 多い）", "Rows: R score (5 = most recent); columns: F score (5 = most frequent)") }</caption>
                <thead><tr><th></th>{ for (1..=5).map(|f| html! { <th scope="col">{ format!("F{f}") }</th> }) }</tr></thead>
                <tbody>
                { for (1..=5u8).rev().map(|r| html! {
                    <tr>
                        <th scope="row">{ format!("R{r}") }</th>
                        { for (1..=5u8).map(|f| {
                            let n = rfm.grid[r as usize - 1][f as usize - 1];
                            html! {
                                <td class={ classes!("cell", heat(n, max)) } data-testid={ format!("rfm-r{r}-f{f}") } data-value={ n.to_string() }>
                                    <span class="count">{ format::int(n) }</span>
                                    <span class="segment">{ segment_name(Segment::of(r, f), l) }</span>
                                </td>
                            }
                        }) }
                    </tr>
                }) }
                </tbody>
            </table>
            { csv_button(l, "rfm-grid", l.t("R×F グリッド", "R×F grid"), "rfm-grid", grid_csv) }
            <table data-testid="rfm-segments">
                <thead><tr>
                    <th>{ l.t("セグメント", "Segment") }</th><th class="num">{ l.t("顧客数", "Customers") }</th>
                    <th class="num">{ l.t("売上", "Revenue") }</th><th class="num">{ l.t("売上構成比", "Revenue share") }</th>
                    <th class="num">{ l.t("平均R（日）", "Mean R (days)") }</th><th class="num">{ l.t("平均F", "Mean F") }</th>
                    <th class="num">{ l.t("平均M", "Mean M") }</th>
                </tr></thead>
                <tbody>
                { for rfm.segments.iter().map(|s| html! {
                    <tr data-segment={ s.segment.id() }>
                        <td>{ segment_name(s.segment, l) }</td>
                        <td class="num" data-value={ s.customers.to_string() }>{ format::int(s.customers) }</td>
                        <td class="num">{ format::money(s.revenue_minor, &ds.currency.code, ds.currency.decimals) }</td>
                        <td class="num">{ format::pct(s.revenue_share) }</td>
                        <td class="num">{ s.mean_recency_days.map_or("—".into(), |d| format!("{d:.0}")) }</td>
                        <td class="num">{ format::ratio(s.mean_frequency) }</td>
                        <td class="num">{ s.mean_monetary_minor.map_or("—".into(), money) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            { csv_button(l, "rfm-segments", l.t("セグメント別", "by segment"), "rfm-segments", segments_csv) }
        </section>
        <CustomerTable lang={ l } rfm={ rfm.clone() } />
        </>
    }
}

/// Sort keys of the customer table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Key,
    Recency,
    Frequency,
    Monetary,
    Segment,
}

const PAGE: usize = 50;

#[function_component]
fn CustomerTable(props: &Props) -> Html {
    let l = props.lang;
    let query = use_state(String::new);
    let sort = use_state(|| (SortKey::Monetary, true));
    let page = use_state(|| 0usize);
    let derived = use_derived();
    let ds = derived.dataset();
    let key = |c: &CustomerRfm| &ds.customer_keys[c.customer as usize];
    let needle = query.to_lowercase();
    let mut rows: Vec<&CustomerRfm> = props
        .rfm
        .customers
        .iter()
        .filter(|c| needle.is_empty() || key(c).contains(needle.as_str()))
        .collect();
    let (by, descending) = *sort;
    let shown = rows.len();
    let pages = shown.div_ceil(PAGE).max(1);
    let current = (*page).min(pages - 1);
    // Only the rows up to the current page are put in order.
    super::first_in_order(&mut rows, (current + 1) * PAGE, |a, b| {
        let order = match by {
            SortKey::Key => key(a).cmp(key(b)),
            SortKey::Recency => a.recency_days.cmp(&b.recency_days),
            SortKey::Frequency => a.frequency.cmp(&b.frequency),
            SortKey::Monetary => a.monetary_minor.cmp(&b.monetary_minor),
            SortKey::Segment => a.segment.id().cmp(b.segment.id()),
        };
        if descending { order.reverse() } else { order }.then_with(|| key(a).cmp(key(b)))
    });
    let on_query = {
        let (query, page) = (query.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value().trim().to_lowercase());
            page.set(0);
        })
    };
    let header = |k: SortKey, label: &'static str, numeric: bool| {
        let sort = sort.clone();
        let onclick = Callback::from(move |_| {
            let (by, desc) = *sort;
            sort.set((k, if by == k { !desc } else { true }));
        });
        let mark = if by == k {
            if descending {
                " ▼"
            } else {
                " ▲"
            }
        } else {
            ""
        };
        let aria = if by == k {
            if descending {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        html! { <th class={ classes!(numeric.then_some("num")) } aria-sort={ aria }>
        <button class="link" {onclick}>{ label }{ mark }</button></th> }
    };
    let customers_csv = {
        let (rfm, derived) = (props.rfm.clone(), derived.clone());
        move || kokyaku_core::tables::rfm::customers(derived.dataset(), &rfm).into_table()
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    html! {
        <section class="card" data-testid="rfm-customers">
            <h2>{ l.t("顧客別 RFM", "RFM by customer") }</h2>
            <label>{ l.t("顧客キーで検索 ", "Search by customer key ") }
                <input type="search" data-testid="rfm-search" oninput={ on_query } /></label>
            <span class="muted">{ format!(" {} {}", format::int(shown as u64), l.t("人", "customers")) }</span>
            { csv_button(l, "rfm-customers", l.t("顧客別 RFM（全員）", "RFM by customer (all)"), "rfm-customers", customers_csv) }
            <table>
                <thead><tr>
                    { header(SortKey::Key, l.t("顧客キー", "Customer key"), false) }
                    { header(SortKey::Recency, "R", true) }{ header(SortKey::Frequency, "F", true) }
                    { header(SortKey::Monetary, "M", true) }
                    <th class="num">{ l.t("スコア", "Scores") }</th>
                    { header(SortKey::Segment, l.t("セグメント", "Segment"), false) }
                </tr></thead>
                <tbody>
                { for rows.iter().skip(current * PAGE).take(PAGE).map(|c| html! {
                    <tr>
                        <td>{ key(c) }</td>
                        <td class="num">{ c.recency_days }</td>
                        <td class="num">{ c.frequency }</td>
                        <td class="num">{ format::money(c.monetary_minor, &ds.currency.code, ds.currency.decimals) }</td>
                        <td class="num">{ format!("{}-{}-{}", c.r_score, c.f_score, c.m_score) }</td>
                        <td>{ segment_name(c.segment, l) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            <nav class="pager" aria-label={ l.t("ページ", "Pages") }>
                <button class="secondary" disabled={ current == 0 } onclick={ go(current.saturating_sub(1)) }>{ l.t("前へ", "Previous") }</button>
                <span>{ format!(" {} / {} ", current + 1, pages) }</span>
                <button class="secondary" disabled={ current + 1 >= pages } onclick={ go(current + 1) }>{ l.t("次へ", "Next") }</button>
            </nav>
        </section>
    }
}
