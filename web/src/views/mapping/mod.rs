//! The column-mapping screen: the first rows of a file, one labelled choice of column per canonical field,
//! which required fields are still missing, and reading with the mapping (remembered for the next export with
//! the same header row). A switch reads the file as one without a header row: its first row is data and its
//! columns are chosen by number ([`choices`]); the screen proposes it when the header row looks like data.

mod choices;

use std::rc::Rc;

use kokyaku_core::ingest::mapping::missing_required;
use kokyaku_core::ingest::{Field, Preview};
use yew::prelude::*;

use crate::i18n::{Lang, Words};
use crate::loader::FileColumns;
use crate::mapping::{self, MapRequest};

#[derive(Properties)]
pub struct Props {
    pub lang: Lang,
    pub request: Rc<MapRequest>,
    /// Read the request's inputs, its file with these columns (their mapping already remembered).
    pub on_read: Callback<(Rc<MapRequest>, FileColumns)>,
    /// Leave without reading.
    pub on_cancel: Callback<()>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.request, &other.request)
    }
}

/// What the user must know about a field: required, or one of the alternatives.
fn requirement(l: Lang, field: Field) -> Option<&'static str> {
    match field {
        Field::OrderDate => Some(l.t("必須", "required")),
        Field::OrderTotal => Some(l.t(
            "必須（なければ単価×数量）",
            "required (or unit price × quantity)",
        )),
        Field::CustomerId | Field::Email | Field::Phone => Some(l.t(
            "顧客ID・メール・電話のいずれか必須",
            "customer ID, e-mail or phone required",
        )),
        _ => None,
    }
}

/// The switch for a file without a header row, and, when the header row looks like data, the proposal to
/// use it.
fn header_switch(
    l: Lang,
    preview: &Preview,
    on_switch: Callback<bool>,
    error: Option<&String>,
) -> Html {
    let onchange = {
        let on = on_switch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on.emit(input.checked());
        })
    };
    let propose = !preview.headerless && preview.header_is_data && !preview.missing.is_empty();
    html! {
        <>
            <label class="param">
                <input type="checkbox" data-testid="mapping-no-header" checked={ preview.headerless } {onchange} />
                { l.t(" 1行目は見出しではない", " The first row is data, not headers") }
            </label>
            if propose {
                <p class="note" data-testid="mapping-header-is-data">
                    { l.t(
                        "1行目が列見出しではなくデータのように見えます。見出し行のないファイルなら、列を番号で対応付けてください。",
                        "The first row looks like data, not column names. If the file has no header row, map its columns by number.",
                    ) }{ " " }
                    <button type="button" class="link" data-testid="mapping-use-no-header"
                        onclick={ Callback::from(move |_: MouseEvent| on_switch.emit(true)) }>
                        { l.t("見出し行なしとして読む", "Read it without a header row") }
                    </button>
                </p>
            }
            { error.map(|e| html! { <p class="error-text" role="alert">{ e }</p> }).unwrap_or_default() }
        </>
    }
}

#[function_component]
pub fn MappingView(props: &Props) -> Html {
    let l = props.lang;
    let request = props.request.clone();
    // The preview shown: with a header row, or without one when the switch is on.
    let shown = use_state(|| Rc::new(request.preview.clone()));
    let chosen = use_state(|| choices::initial(&request.preview, &request.mapping));
    let switch_error = use_state(|| None::<String>);
    // The screen replaces what was shown: keyboard and screen-reader users start at its heading.
    use_effect_with((), |_| super::focus("mapping-title"));
    let preview = &**shown;
    let mapped: Vec<Field> = Field::ALL
        .into_iter()
        .zip(chosen.iter())
        .filter(|(_, c)| !c.is_empty())
        .map(|(f, _)| f)
        .collect();
    let missing = missing_required(&mapped);
    let on_switch = {
        let (request, shown, chosen, error) = (
            request.clone(),
            shown.clone(),
            chosen.clone(),
            switch_error.clone(),
        );
        Callback::from(move |no_header: bool| {
            if no_header == shown.headerless {
                return;
            }
            match request.preview_as(no_header) {
                Ok(next) => {
                    // The mapping in effect for the file as it was planned, else the one remembered for it.
                    let user = match next.headerless == request.preview.headerless {
                        true => request.mapping.clone(),
                        false => mapping::remembered(&next.header_key()).unwrap_or_default(),
                    };
                    chosen.set(choices::initial(&next, &user));
                    shown.set(Rc::new(next));
                    error.set(None);
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let on_read = {
        let (chosen, shown, request, on) = (
            chosen.clone(),
            shown.clone(),
            request.clone(),
            props.on_read.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let user = choices::user_mapping(&shown, &chosen);
            mapping::remember(&shown.header_key(), &user);
            if shown.headerless {
                // Its first row is no header row: no mapping is remembered for it as one.
                mapping::remember(&request.key, &Vec::new());
            }
            let columns = FileColumns {
                mapping: user,
                no_header: shown.headerless,
            };
            on.emit((request.clone(), columns));
        })
    };
    let on_cancel = {
        let on = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    let values = choices::values(preview);
    let select = |i: usize, field: Field| {
        let id = format!("map-{}", field.name());
        let current = chosen[i].clone();
        let onchange = {
            let chosen = chosen.clone();
            Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                let mut next = (*chosen).clone();
                next[i] = select.value();
                chosen.set(next);
            })
        };
        let (ja, en) = field.names();
        let (name, other) = match l {
            Lang::Ja => (ja, en),
            Lang::En => (en, ja),
        };
        // A joined column (楽天's phone number in three parts) is offered as the format found it.
        let joined = (!current.is_empty() && !values.contains(&current)).then(|| current.clone());
        html! {
            <div class={ classes!("map-field", requirement(l, field).map(|_| "required")) }>
                <label for={ id.clone() }>
                    <span class="field-name">{ name }</span>{ " " }<span class="muted" lang={ if l == Lang::Ja { "en" } else { "ja" } }>{ other }</span>
                    if let Some(r) = requirement(l, field) { <span class="req">{ " " }{ r }</span> }
                </label>
                <select id={ id.clone() } data-testid={ id } {onchange}>
                    <option value="" selected={ current.is_empty() }>{ l.t("（なし）", "(none)") }</option>
                    if let Some(j) = joined { <option value={ j.clone() } selected=true>{ j }</option> }
                    { for values.iter().enumerate().map(|(c, v)| html! {
                        <option value={ v.clone() } selected={ *v == current }>{ choices::label(l, preview, c) }</option>
                    }) }
                </select>
            </div>
        }
    };
    // The columns the core proposes for the fields without one (the reading's error says the same).
    let proposal = preview.proposal();
    let on_propose = {
        let (chosen, shown) = (chosen.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*chosen).clone();
            let values = choices::values(&shown);
            for (field, column) in &shown.proposed {
                let at = Field::ALL.iter().position(|f| f == field);
                let value = choices::value_of(&shown, column).filter(|v| values.contains(v));
                if let (Some(i), Some(v)) = (at, value) {
                    next[i] = v;
                }
            }
            chosen.set(next);
        })
    };
    let missing_names: Vec<String> = missing
        .iter()
        .map(|f| {
            let (ja, en) = f.names();
            l.t(ja, en).to_string()
        })
        .collect();
    let heads: Vec<String> = match preview.headerless {
        true => (0..preview.headers.len())
            .map(|i| choices::numbered(l, i))
            .collect(),
        false => preview.headers.clone(),
    };
    let kept = match preview.headerless {
        true => l.t(
            "このファイルの列がどの項目にあたるかを番号で選んでください。見出し行のない同じ列数のファイルには次回から自動で適用します（設定はこのブラウザ内にだけ保存されます）。",
            "Choose which column, by number, holds each field. The mapping is applied automatically to files without a header row with as many columns next time (it is kept in this browser only).",
        ),
        false => l.t(
            "このファイルの列がどの項目にあたるかを選んでください。同じ列見出しのファイルには次回から自動で適用します（設定はこのブラウザ内にだけ保存されます）。",
            "Choose which column holds each field. The mapping is applied automatically to files with the same header row next time (it is kept in this browser only).",
        ),
    };
    html! {
        <section class="card mapping" data-testid="mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title" tabindex="-1">{ l.t("列の対応付け", "Map the columns") }</h2>
            <p>
                <strong data-testid="mapping-file">{ &request.file }</strong>
                { format!(" — {} · {}", preview.encoding.label(), preview.preset.label()) }
            </p>
            // The separator when it is not a comma, and the lines before the header row that are skipped.
            { for preview.notes.iter().map(|n| html! { <p class="muted" data-testid="mapping-note">{ n.words(l) }</p> }) }
            { header_switch(l, preview, on_switch, switch_error.as_ref()) }
            <p class="muted">{ kept }</p>
            <div class="scroll" tabindex="0" role="region" aria-label={ l.t("ファイルの先頭の行", "The first rows of the file") }>
                <table class="preview" data-testid="mapping-preview">
                    <caption>{ format!("{} {} {}", l.t("先頭", "First"), preview.rows.len(), l.t("行", "rows")) }</caption>
                    <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                    <tbody>{ for preview.rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|c| html! { <td>{ c }</td> }) }</tr>
                    }) }</tbody>
                </table>
            </div>
            <div class="map-fields">
                { for Field::ALL.into_iter().enumerate().map(|(i, f)| select(i, f)) }
            </div>
            <p class={ classes!("validation", (!missing.is_empty()).then_some("error-text")) } data-testid="mapping-missing"
                aria-live="polite" data-missing={ missing.iter().map(|f| f.name()).collect::<Vec<_>>().join(",") }>
                if missing.is_empty() {
                    { l.t("必要な項目はそろっています。", "Every required field has a column.") }
                } else {
                    { l.t("まだ列が選ばれていない必須項目: ", "Required fields without a column: ") }{ missing_names.join(", ") }
                }
            </p>
            if !missing.is_empty() && !proposal.is_empty() && !preview.header_is_data {
                <p class="muted" data-testid="mapping-proposal">
                    { proposal }{ " " }
                    <button type="button" class="link" data-testid="mapping-use-proposal" onclick={ on_propose }>
                        { l.t("提案どおりに選ぶ", "Use the proposed columns") }
                    </button>
                </p>
            }
            <div class="actions">
                <button type="button" data-testid="mapping-apply" disabled={ !missing.is_empty() } onclick={ on_read }>
                    { l.t("この対応で読み込む", "Read with this mapping") }
                </button>
                <button type="button" class="secondary" data-testid="mapping-cancel" onclick={ on_cancel }>
                    { l.t("やめる", "Cancel") }
                </button>
            </div>
        </section>
    }
}

/// The line shown with results read from mapped files: that a remembered mapping was applied, and a button to
/// change it.
pub fn note(l: Lang, remembered: bool, on_change: Callback<MouseEvent>) -> Html {
    html! {
        <p class="mapping-note">
            if remembered {
                <span data-testid="mapping-remembered">{ l.t("保存済みの列の対応を適用しました。", "A saved column mapping was applied.") }</span>{ " " }
            }
            <button type="button" class="link" data-testid="mapping-change" onclick={ on_change }>
                { l.t("列の対応を変更", "Change the column mapping") }
            </button>
        </p>
    }
}
