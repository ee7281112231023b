//! The segment migration view (効果推移): where the customers of each RFM segment (or CPM group) at one date
//! stand at a later date, as a matrix and as a flow between the two dates, with what they spent in between.
//! The figures are the core's `migration`, the same as `kokyaku migration`.

use kokyaku_core::analysis::default_as_of;
use kokyaku_core::analysis::migration::{
    migration, order_of_states, state_names, Migration, MigrationBy, MigrationParams, NONE,
};
use kokyaku_core::Day;
use yew::prelude::*;

use super::downloads::{chart_buttons, csv_button};
use super::{heat_class, ViewProps};
use crate::derived::use_derived;
use crate::format;
use crate::i18n::{Lang, Words};

/// How far before the later date the earlier one is, by default: a quarter.
const DEFAULT_SPAN_DAYS: i32 = 90;

#[function_component]
pub fn MigrationView(props: &ViewProps) -> Html {
    let l = props.lang;
    let derived = use_derived();
    let latest = derived.as_of().or_else(|| default_as_of(derived.dataset()));
    let to = use_state(|| latest);
    let from = use_state(|| latest.map(|d| Day(d.0 - DEFAULT_SPAN_DAYS)));
    let by = use_state(MigrationBy::default);
    let result = use_memo(
        (derived.clone(), *from, *to, *by),
        |(derived, from, to, by)| {
            let params = MigrationParams {
                by: *by,
                ..MigrationParams::default()
            };
            match (from, to) {
                (Some(from), Some(to)) => Some(migration(derived.dataset(), *from, *to, &params)),
                _ => None,
            }
        },
    );
    let date_input = |id: &'static str, label: &str, state: &UseStateHandle<Option<Day>>| {
        let value = state.map(|d| d.to_string()).unwrap_or_default();
        let state = state.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(day) = input.value().parse::<Day>() {
                state.set(Some(day));
            }
        });
        html! {
            <label class="param">{ label }{ " " }
                <input type="date" data-testid={ id } {value} {onchange} />
            </label>
        }
    };
    let on_by = {
        let by = by.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(b) = select.value().parse::<MigrationBy>() {
                by.set(b);
            }
        })
    };
    let body = match result.as_ref() {
        None => {
            html! { <p class="muted">{ l.t("注文がありません。", "There are no orders.") }</p> }
        }
        Some(Err(e)) => {
            html! { <p class="error-text" role="alert" data-testid="migration-error">{ e.words(l) }</p> }
        }
        Some(Ok(m)) => {
            let csv = {
                let m = m.clone();
                move || kokyaku_core::tables::migration::migration(&m)
            };
            let ds = derived.dataset();
            html! { <>
                <p class="muted" data-testid="migration-customers" data-value={ m.customers.to_string() }>{ match l {
                    Lang::Ja => format!("{} 時点と {} 時点のセグメントを比べています（{} 人、{} より前に注文のある顧客）。",
                        format::date(Some(m.from), l), format::date(Some(m.to), l), format::int(m.customers), format::date(Some(m.to), l)),
                    Lang::En => format!("Segments as of {} against as of {} ({} customers with an order before {}).",
                        format::date(Some(m.from), l), format::date(Some(m.to), l), format::int(m.customers), format::date(Some(m.to), l)),
                } }</p>
                { matrix(l, m, &ds.currency.code, ds.currency.decimals) }
                { csv_button(l, "migration", l.t("効果推移", "migration"), "migration", csv) }
                <h3>{ l.t("セグメント間の流れ", "Flow between segments") }</h3>
                { flow(l, m) }
                { chart_buttons(l, "migration-flow", "migration-flow") }
            </> }
        }
    };
    html! {
        <section class="card" data-testid="migration">
            <h2>{ l.t("効果推移（セグメントの移り変わり）", "Segment migration") }</h2>
            <p class="muted">{ l.t(
                "2つの日付それぞれの時点で顧客をセグメントに分け、どこからどこへ移ったかを数えます。各時点の分け方は、その日を基準日にしたRFM（またはCPM）と同じです。",
                "Customers are put in a segment as of each of two dates, and counted by where they moved. Each side is the RFM (or CPM) analysis with that date as its as-of date.",
            ) }</p>
            <div class="params">
                { date_input("migration-from", l.t("比較元の日付", "From"), &from) }
                { date_input("migration-to", l.t("比較先の日付", "To"), &to) }
                <label class="param">{ l.t("分け方", "Group by") }{ " " }
                    <select data-testid="migration-by" onchange={ on_by }>
                        <option value="rfm" selected={ *by == MigrationBy::Rfm }>{ l.t("RFMセグメント", "RFM segment") }</option>
                        <option value="cpm" selected={ *by == MigrationBy::Cpm }>{ l.t("CPMグループ", "CPM group") }</option>
                    </select></label>
            </div>
            { body }
        </section>
    }
}

/// A state's name in the page's language.
fn name(l: Lang, id: &'static str) -> &'static str {
    let (ja, en) = state_names(id);
    l.t(ja, en)
}

/// The states with customers on each side, in the analysis's order (`none` last on the earlier side).
fn sides(m: &Migration) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut order = order_of_states(m.params.by);
    order.push(NONE);
    let present = |pick: fn(&kokyaku_core::analysis::migration::MigrationRow) -> &'static str| {
        order
            .iter()
            .copied()
            .filter(|s| m.rows.iter().any(|r| pick(r) == *s))
            .collect::<Vec<_>>()
    };
    (present(|r| r.from), present(|r| r.to))
}

/// Rows: the earlier state; columns: the later one; each cell its customers, shaded by their share of the row.
fn matrix(l: Lang, m: &Migration, currency: &str, decimals: u32) -> Html {
    let (froms, tos) = sides(m);
    let cell =
        |from: &'static str, to: &'static str| m.rows.iter().find(|r| r.from == from && r.to == to);
    html! {
        <div class="scroll" tabindex="0" role="region" aria-label={ l.t("推移の表", "Migration table") }>
        <table class="migration" data-testid="migration-matrix">
            <caption>{ l.t(
                "行が比較元、列が比較先のセグメント。色は行の中での割合。セルにカーソルを合わせると期間中の売上が出ます。",
                "Rows: the earlier segment; columns: the later one. Shading: share of the row. Hover a cell for the revenue in between.",
            ) }</caption>
            <thead><tr><th scope="col">{ l.t("比較元 → 比較先", "From → to") }</th>
                { for tos.iter().map(|t| html! { <th scope="col">{ name(l, t) }</th> }) }
                <th scope="col" class="num">{ l.t("計", "Total") }</th></tr></thead>
            <tbody>{ for froms.iter().map(|&f| {
                let total: u64 = m.rows.iter().filter(|r| r.from == f).map(|r| r.customers).sum();
                html! {
                    <tr data-from={ f }><th scope="row">{ name(l, f) }</th>
                        { for tos.iter().map(|&t| match cell(f, t) {
                            Some(r) => {
                                let title = format!("{} → {}: {} {}", name(l, f), name(l, t),
                                    l.t("期間中の売上", "revenue between"), format::money(r.revenue_between_minor, currency, decimals));
                                html! { <td class={ classes!("cell", "num", heat_class(r.customers as f64 / total.max(1) as f64)) }
                                    data-to={ t } data-value={ r.customers.to_string() } {title}>{ format::int(r.customers) }</td> }
                            }
                            None => html! { <td class="cell num heat-0" data-to={ t } data-value="0">{ "·" }</td> },
                        }) }
                        <td class="num total">{ format::int(total) }</td>
                    </tr>
                }
            }) }</tbody>
        </table>
        </div>
    }
}

/// The flow chart's size, in its own units: the two columns of bars and the bands between them.
const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 420.0;
const LABEL: f64 = 170.0;
const BAR: f64 = 14.0;
const GAP: f64 = 8.0;
/// The least height of a bar, so that with the gap its label (11 units) never meets the next one.
const MIN_BAR: f64 = 6.0;

/// A colour per earlier state, so that a band can be followed to where it ends.
const COLOURS: [&str; 11] = [
    "#3f78c4", "#2e9e6b", "#8a63c9", "#d08a1e", "#1f9bb3", "#c2553f", "#6b8e23", "#b5477f",
    "#5f6b7a", "#a0522d", "#9aa3b0",
];

/// The two columns of bars (earlier states left, later right) with a band per row, its width the customers.
fn flow(l: Lang, m: &Migration) -> Html {
    let (froms, tos) = sides(m);
    let total = m.rows.iter().map(|r| r.customers).sum::<u64>().max(1) as f64;
    let scale = |side: usize| (HEIGHT - GAP * side.saturating_sub(1) as f64) / total;
    let unit = scale(froms.len()).min(scale(tos.len()));
    // Each bar's top.
    let tops = |states: &[&'static str], sum: &dyn Fn(&'static str) -> u64| {
        let mut y = 0.0;
        states
            .iter()
            .map(|&s| {
                let top = y;
                y += (sum(s) as f64 * unit).max(MIN_BAR) + GAP;
                (s, top)
            })
            .collect::<Vec<_>>()
    };
    let from_sum = |s: &'static str| {
        m.rows
            .iter()
            .filter(|r| r.from == s)
            .map(|r| r.customers)
            .sum()
    };
    let to_sum = |s: &'static str| {
        m.rows
            .iter()
            .filter(|r| r.to == s)
            .map(|r| r.customers)
            .sum()
    };
    let left = tops(&froms, &from_sum);
    let right = tops(&tos, &to_sum);
    let top_of = |side: &[(&'static str, f64)], s: &'static str| {
        side.iter().find(|(x, _)| *x == s).map_or(0.0, |(_, y)| *y)
    };
    let mut left_used: Vec<f64> = left.iter().map(|(_, y)| *y).collect();
    let mut right_used: Vec<f64> = right.iter().map(|(_, y)| *y).collect();
    let (x0, x1) = (LABEL + BAR, WIDTH - LABEL - BAR);
    let mid = (x0 + x1) / 2.0;
    let mut bands = Vec::new();
    // Bands in the order of the rows' later states, so that they stack on the right as the bars do.
    for (fi, &f) in froms.iter().enumerate() {
        for (ti, &t) in tos.iter().enumerate() {
            let Some(r) = m.rows.iter().find(|r| r.from == f && r.to == t) else {
                continue;
            };
            let h = r.customers as f64 * unit;
            let (ya, yb) = (left_used[fi], right_used[ti]);
            left_used[fi] += h;
            right_used[ti] += h;
            let d = format!(
                "M{x0:.1},{ya:.1} C{mid:.1},{ya:.1} {mid:.1},{yb:.1} {x1:.1},{yb:.1} L{x1:.1},{:.1} C{mid:.1},{:.1} {mid:.1},{:.1} {x0:.1},{:.1} Z",
                yb + h, yb + h, ya + h, ya + h
            );
            let title = format!(
                "{} → {}: {}",
                name(l, f),
                name(l, t),
                format::int(r.customers)
            );
            bands.push(html! { <path d={ d } fill={ COLOURS[fi % COLOURS.len()] } fill-opacity="0.35"><title>{ title }</title></path> });
        }
    }
    let bar = |x: f64, y: f64, s: &'static str, n: u64, colour: &str, anchor: &str, tx: f64| {
        let h = (n as f64 * unit).max(MIN_BAR);
        html! { <g>
            <rect x={ format!("{x:.1}") } y={ format!("{y:.1}") } width={ BAR.to_string() } height={ format!("{h:.1}") } fill={ colour.to_string() } />
            <text x={ format!("{tx:.1}") } y={ format!("{:.1}", y + h / 2.0 + 4.0) } font-size="11" text-anchor={ anchor.to_string() } fill="#5b6475">
                { format!("{} {}", name(l, s), format::int(n)) }</text>
        </g> }
    };
    let end = |side: &[(&'static str, f64)], sum: &dyn Fn(&'static str) -> u64| {
        side.last()
            .map_or(0.0, |&(s, y)| y + (sum(s) as f64 * unit).max(MIN_BAR))
    };
    let height = end(&left, &from_sum).max(end(&right, &to_sum));
    let label = l.t(
        "比較元から比較先へのセグメントの流れ",
        "Flow of customers from the earlier segments to the later ones",
    );
    html! {
        <svg viewBox={ format!("0 -8 {WIDTH} {:.1}", height + 16.0) } role="img" aria-label={ label } data-testid="migration-flow" class="flow">
            { for bands }
            { for left.iter().enumerate().map(|(i, &(s, y))| bar(LABEL, y, s, from_sum(s), COLOURS[i % COLOURS.len()], "end", LABEL - 6.0)) }
            { for right.iter().map(|&(s, _)| bar(x1, top_of(&right, s), s, to_sum(s), "#5f6b7a", "start", x1 + BAR + 6.0)) }
        </svg>
    }
}
