//! The data-quality report: per file, what was read and how; what was excluded; each rejected row with its
//! line and reason (the first ones shown, all counted, all downloadable).

use kokyaku_core::ingest::StatusChoice;
use kokyaku_core::report::{FutureOrders, REJECTS_SHOWN};
use kokyaku_core::Day;
use yew::prelude::*;

use crate::derived::use_derived;
use crate::download::save_text;
use crate::format;
use crate::i18n::{Lang, Words};
use crate::loader::Loaded;
use crate::views::statuses::StatusesView;

#[derive(Properties)]
pub struct Props {
    pub lang: Lang,
    /// Called with the statuses to count or leave out when the user changes them.
    pub on_statuses: Callback<StatusChoice>,
}

/// The callback the page makes anew at each of its renders does the same each time: only the language counts
/// (the data comes from the context).
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
    }
}

/// Today in the browser's calendar.
fn today() -> Option<Day> {
    let now = js_sys::Date::new_0();
    Day::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
}

/// The core's warning about valid orders dated in the future, given today in the browser's calendar.
fn future_orders(loaded: &Loaded, l: Lang) -> Html {
    let note = today().and_then(|today| FutureOrders::find(&loaded.data.dataset, today));
    match note {
        None => html! {},
        Some(FutureOrders {
            orders: n, latest, ..
        }) => html! {
            <p class="note warning" role="status" data-testid="future-orders" data-value={ n.to_string() }>
                { match l {
                    Lang::Ja => format!(
                        "未来の日付の注文が{}件あります（最新は{}）。基準日の初期値は最新の注文の翌日になるので、日付を確かめるか基準日を指定してください。",
                        format::int(n as u64), format::date(Some(latest), l)),
                    Lang::En => format!(
                        "{} order{} dated in the future, the latest on {}. The default as-of date follows the latest order: check these dates or set the as-of date.",
                        format::int(n as u64), if n == 1 { " is" } else { "s are" }, format::date(Some(latest), l)),
                } }
            </p>
        },
    }
}

fn count(id: &'static str, label: &str, n: u64) -> Html {
    html! {
        <tr><th scope="row">{ label }</th><td data-testid={ id } data-value={ n.to_string() }>{ format::int(n) }</td></tr>
    }
}

#[function_component]
pub fn QualityView(props: &Props) -> Html {
    let l = props.lang;
    let derived = use_derived();
    let r = derived.summary();
    let s = &r.summary;
    let download = {
        let loaded = derived.loaded().clone();
        Callback::from(move |_| {
            let _ = save_text(
                "kokyaku-rejected-rows.csv",
                "text/csv;charset=utf-8",
                &loaded.data.quality.rejects_csv(l),
            );
        })
    };
    let total_rejects = r.rows_rejected + r.orders_rejected;
    html! {
        <section class="card" data-testid="quality">
            <h2>{ l.t("データ品質", "Data quality") }</h2>
            { future_orders(derived.loaded(), l) }
            { for l.t(&r.key_notes_ja, &r.key_notes).iter().map(|n| html! { <p class="note" data-testid="key-note">{ n }</p> }) }
            { for l.t(&r.order_notes_ja, &r.order_notes).iter().map(|n| html! { <p class="note" data-testid="order-note">{ n }</p> }) }
            <table class="files">
                <thead><tr>
                    <th>{ l.t("ファイル", "File") }</th><th>{ l.t("形式", "Format") }</th>
                    <th>{ l.t("文字コード", "Encoding") }</th><th class="num">{ l.t("行数", "Rows") }</th>
                    <th class="num">{ l.t("除外行", "Rejected") }</th><th>{ l.t("備考", "Notes") }</th>
                </tr></thead>
                <tbody>
                { for r.files.iter().map(|f| html! {
                    <tr>
                        <td>{ &f.name }</td>
                        <td data-testid="preset">{ f.preset.map_or("—", |p| p.label()) }</td>
                        <td data-testid="encoding">{ f.encoding.map_or("—", |e| e.label()) }</td>
                        <td class="num">{ format::int(f.rows_read) }</td>
                        <td class="num">{ format::int(f.rows_rejected) }</td>
                        <td>
                            { for f.notes.iter().map(|n| html! { <p class="note">{ n.words(l) }</p> }) }
                            <details class="note">
                                <summary>{ l.t("列の対応", "Columns used") }</summary>
                                <ul>{ for f.columns.iter().map(|(field, column)| html! {
                                    <li>{ l.t(field.names().0, field.names().1) }{ " ← " }{ column }</li>
                                }) }</ul>
                            </details>
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
            <table class="counts">
                <tbody>
                { count("rows-read", l.t("読み込んだ行", "Rows read"), r.rows_read) }
                { count("rows-rejected", l.t("除外した行", "Rows rejected"), r.rows_rejected) }
                { count("orders-rejected", l.t("除外した注文", "Orders rejected"), r.orders_rejected) }
                { count("cancelled-orders", l.t("キャンセル・返品注文（集計対象外）", "Cancelled or returned orders (excluded)"), r.cancelled_orders) }
                { count("incomplete-orders", l.t("未完了の注文（集計対象外）", "Orders never completed (excluded)"), r.incomplete_orders) }
                if r.excluded_orders > 0 {
                    { count("excluded-orders", l.t("指定したステータスの注文（集計対象外）", "Orders of statuses you left out (excluded)"), r.excluded_orders) }
                }
                { count("duplicate-orders", l.t("重複注文（1回だけ集計）", "Orders in several files (counted once)"), r.duplicate_orders) }
                { count("orders-without-customer", l.t("顧客キーのない注文（集計対象外）", "Orders without a customer key (excluded)"), r.orders_without_customer) }
                <tr><th scope="row">{ l.t("その売上", "Their revenue") }</th>
                    <td>{ format::money(r.revenue_without_customer_minor, &s.currency, s.currency_decimals) }</td></tr>
                </tbody>
            </table>
            <StatusesView lang={ l } tally={ r.statuses.clone() } choice={ derived.loaded().statuses.clone() }
                on_choice={ props.on_statuses.clone() } />
            if total_rejects > 0 {
                <h3>{ l.t("除外した行と理由", "Rejected rows and why") }</h3>
                <p class="muted">{ format!("{} {} / {}", l.t("表示", "Showing"), r.rejects.len().min(REJECTS_SHOWN), format::int(total_rejects)) }
                    {" "}<button class="secondary" data-testid="download-rejects" onclick={ download }>
                        { l.t("すべてCSVでダウンロード", "Download all as CSV") }</button></p>
                <table class="rejects" data-testid="rejects">
                    <thead><tr><th>{ l.t("ファイル", "File") }</th><th class="num">{ l.t("行", "Line") }</th>
                        <th>{ l.t("項目", "Field") }</th><th>{ l.t("理由", "Reason") }</th></tr></thead>
                    <tbody>
                    { for r.rejects.iter().map(|x| html! {
                        <tr><td>{ &x.file }</td><td class="num">{ x.line }</td>
                            <td>{ x.field.map_or("", |f| l.t(f.names().0, f.name())) }</td><td>{ x.reason.words(l) }</td></tr>
                    }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
