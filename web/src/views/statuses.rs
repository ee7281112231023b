//! The order statuses seen, on how many rows, and whether their orders count; a button per status to count
//! it or leave it out, which reads the same files again with that choice.

use kokyaku_core::ingest::{StatusChoice, StatusClass, StatusCount, StatusTally};
use yew::prelude::*;

use crate::format;
use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub tally: StatusTally,
    /// The choice the data were read with.
    pub choice: StatusChoice,
    /// Called with the new choice when the user counts or leaves out a status.
    pub on_choice: Callback<StatusChoice>,
}

fn meaning(class: StatusClass, l: Lang) -> &'static str {
    match class {
        StatusClass::Purchase => l.t("集計対象", "Counted"),
        StatusClass::Included => l.t("集計対象（指定）", "Counted (your choice)"),
        StatusClass::Cancelled => l.t(
            "対象外：キャンセル・返品",
            "Left out: cancelled or returned",
        ),
        StatusClass::Incomplete => l.t(
            "対象外：未完了・未入金",
            "Left out: never completed or not paid",
        ),
        StatusClass::Excluded => l.t("対象外（指定）", "Left out (your choice)"),
    }
}

#[function_component]
pub fn StatusesView(props: &Props) -> Html {
    let l = props.lang;
    if props.tally.seen.is_empty() {
        return html! {};
    }
    let row = |s: &StatusCount| {
        let counts = s.class.counts();
        let onclick = {
            let (choice, on) = (props.choice.clone(), props.on_choice.clone());
            let status = s.status.clone();
            Callback::from(move |_| on.emit(choice.deciding(&status, !counts)))
        };
        html! {
            <tr data-testid="status" data-status={ s.status.clone() } data-counts={ counts.to_string() }>
                <td>{ &s.status }</td>
                <td class="num">{ format::int(s.rows) }</td>
                <td>{ meaning(s.class, l) }</td>
                <td><button class="secondary" data-testid="status-toggle" {onclick}>
                    { if counts { l.t("集計から外す", "Leave out") } else { l.t("集計に含める", "Count") } }
                </button></td>
            </tr>
        }
    };
    html! {
        <>
        <h3>{ l.t("注文ステータス", "Order statuses") }</h3>
        <p class="muted">{ l.t(
            "ステータスごとの行数と、その注文を集計に含めるかどうか。ボタンで切り替えると同じファイルを読み直します。",
            "Rows per status, and whether their orders count. A button reads the same files again with that status counted or left out.") }</p>
        <table class="statuses" data-testid="statuses">
            <thead><tr><th>{ l.t("ステータス", "Status") }</th><th class="num">{ l.t("行数", "Rows") }</th>
                <th>{ l.t("扱い", "Treated as") }</th><th></th></tr></thead>
            <tbody>{ for props.tally.seen.iter().map(row) }</tbody>
        </table>
        if props.tally.more_rows > 0 {
            <p class="muted">{ format!("{} {}", l.t("その他のステータスの行:", "Rows of other statuses:"), format::int(props.tally.more_rows)) }</p>
        }
        </>
    }
}
