//! Files that could not be read: why, and, when a choice would let them be read (the currency, or whether
//! dates are day first or month first), that choice, which reads the same files again.

use std::rc::Rc;

use kokyaku_core::ingest::options::DateOrder;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{Lang, Words};
use crate::loader::{Choice, Failed};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub failed: Rc<Failed>,
    /// Called with the currency chosen.
    pub on_currency: Callback<String>,
    /// Called with the date order chosen.
    pub on_date_order: Callback<DateOrder>,
}

#[function_component]
pub fn FailedView(props: &Props) -> Html {
    let l = props.lang;
    let select = use_node_ref();
    let choice = match &props.failed.choice {
        None => html! {},
        Some(Choice::Currency(codes)) => {
            let onclick = {
                let (select, on) = (select.clone(), props.on_currency.clone());
                Callback::from(move |_| {
                    if let Some(s) = select.cast::<HtmlSelectElement>() {
                        on.emit(s.value());
                    }
                })
            };
            html! {
                <p class="choice">
                    <label for="choose-currency">{ l.t("ファイルの通貨：", "Currency of the files: ") }</label>
                    <select id="choose-currency" data-testid="choose-currency" ref={ select }>
                        { for codes.iter().enumerate().map(|(i, c)| html! {
                            <option value={ c.clone() } selected={ i == 0 }>{ c }</option>
                        }) }
                    </select>
                    {" "}<button data-testid="choose-read" {onclick}>{ l.t("この通貨で読み直す", "Read again in this currency") }</button>
                </p>
            }
        }
        Some(Choice::DateOrder) => {
            let onclick = {
                let (select, on) = (select.clone(), props.on_date_order.clone());
                Callback::from(move |_| {
                    let order = select
                        .cast::<HtmlSelectElement>()
                        .and_then(|s| s.value().parse::<DateOrder>().ok());
                    if let Some(order) = order {
                        on.emit(order);
                    }
                })
            };
            html! {
                <p class="choice">
                    <label for="choose-date-order">{ l.t("日付の順序：", "Date order: ") }</label>
                    <select id="choose-date-order" data-testid="choose-date-order" ref={ select }>
                        <option value="dmy">{ l.t("日/月/年（05/01/2024 は 2024年1月5日）", "day first (05/01/2024 is 5 January 2024)") }</option>
                        <option value="mdy">{ l.t("月/日/年（05/01/2024 は 2024年5月1日）", "month first (05/01/2024 is May 1, 2024)") }</option>
                    </select>
                    {" "}<button data-testid="choose-read" {onclick}>{ l.t("この順序で読み直す", "Read again in this order") }</button>
                </p>
            }
        }
    };
    html! {
        <section class="card error" role="alert" data-testid="error">
            <h2>{ l.t("読み込めませんでした", "The files could not be read") }</h2>
            <p>{ props.failed.message.words(l) }</p>
            { choice }
        </section>
    }
}
