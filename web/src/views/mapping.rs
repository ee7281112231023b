//! The column-mapping screen: the first rows of a file, one labelled choice of column per canonical field,
//! which required fields are still missing, and reading with the mapping (remembered for the next export with
//! the same header row).

use std::rc::Rc;

use kokyaku_core::ingest::mapping::missing_required;
use kokyaku_core::ingest::Field;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::mapping::{self, MapRequest, UserMapping};

#[derive(Properties)]
pub struct Props {
    pub lang: Lang,
    pub request: Rc<MapRequest>,
    /// Read the request's inputs, its file with this mapping (already remembered).
    pub on_read: Callback<(Rc<MapRequest>, UserMapping)>,
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

/// The column each field starts with: the user's remembered one, else the one the format found.
fn initial(request: &MapRequest) -> Vec<String> {
    Field::ALL
        .iter()
        .map(|f| {
            let find = |m: &UserMapping| m.iter().find(|(g, _)| g == f).map(|(_, c)| c.clone());
            find(&request.mapping)
                .or_else(|| find(&request.preview.mapping))
                .unwrap_or_default()
        })
        .collect()
}

#[function_component]
pub fn MappingView(props: &Props) -> Html {
    let l = props.lang;
    let request = props.request.clone();
    let chosen = use_state(|| initial(&request));
    // The screen replaces what was shown: keyboard and screen-reader users start at its heading.
    use_effect_with((), |_| super::focus("mapping-title"));
    let preview = &request.preview;
    let mapped: Vec<Field> = Field::ALL
        .into_iter()
        .zip(chosen.iter())
        .filter(|(_, c)| !c.is_empty())
        .map(|(f, _)| f)
        .collect();
    let missing = missing_required(&mapped);
    let on_read = {
        let (chosen, request, on) = (chosen.clone(), request.clone(), props.on_read.clone());
        Callback::from(move |_: MouseEvent| {
            // Only what differs from the format's own mapping is the user's (an empty column unmaps a field
            // the format found); the rest the reader finds itself.
            let found = |f: Field| {
                request
                    .preview
                    .mapping
                    .iter()
                    .find(|(g, _)| *g == f)
                    .map(|(_, c)| c.as_str())
            };
            let user: UserMapping = Field::ALL
                .into_iter()
                .zip(chosen.iter())
                .filter(|(f, c)| {
                    let own = request.preview.headers.contains(c) && found(*f) != Some(c.as_str());
                    own || (c.is_empty() && found(*f).is_some())
                })
                .map(|(f, c)| (f, c.clone()))
                .collect();
            mapping::remember(&request.preview.header_key(), &user);
            on.emit((request.clone(), user));
        })
    };
    let on_cancel = {
        let on = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
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
        let joined =
            (!current.is_empty() && !preview.headers.contains(&current)).then(|| current.clone());
        html! {
            <div class={ classes!("map-field", requirement(l, field).map(|_| "required")) }>
                <label for={ id.clone() }>
                    <span class="field-name">{ name }</span>{ " " }<span class="muted" lang={ if l == Lang::Ja { "en" } else { "ja" } }>{ other }</span>
                    if let Some(r) = requirement(l, field) { <span class="req">{ " " }{ r }</span> }
                </label>
                <select id={ id.clone() } data-testid={ id } {onchange}>
                    <option value="" selected={ current.is_empty() }>{ l.t("（なし）", "(none)") }</option>
                    if let Some(j) = joined { <option value={ j.clone() } selected=true>{ j }</option> }
                    { for preview.headers.iter().map(|h| html! {
                        <option value={ h.clone() } selected={ *h == current }>{ h }</option>
                    }) }
                </select>
            </div>
        }
    };
    // The columns the core proposes for the fields without one (the reading's error says the same).
    let proposal = preview.proposal();
    let on_propose = {
        let (chosen, request) = (chosen.clone(), request.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*chosen).clone();
            for (field, column) in &request.preview.proposed {
                let at = Field::ALL.iter().position(|f| f == field);
                if let Some(i) = at.filter(|_| request.preview.headers.contains(column)) {
                    next[i] = column.clone();
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
    html! {
        <section class="card mapping" data-testid="mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title" tabindex="-1">{ l.t("列の対応付け", "Map the columns") }</h2>
            <p>
                <strong data-testid="mapping-file">{ &request.file }</strong>
                { format!(" — {} · {}", preview.encoding.label(), preview.preset.label()) }
            </p>
            // The separator when it is not a comma, and the lines before the header row that are skipped.
            { for preview.notes.iter().map(|n| html! { <p class="muted" data-testid="mapping-note">{ n }</p> }) }
            <p class="muted">{ l.t(
                "このファイルの列がどの項目にあたるかを選んでください。同じ列見出しのファイルには次回から自動で適用します（設定はこのブラウザ内にだけ保存されます）。",
                "Choose which column holds each field. The mapping is applied automatically to files with the same header row next time (it is kept in this browser only).",
            ) }</p>
            <div class="scroll">
                <table class="preview" data-testid="mapping-preview">
                    <caption>{ format!("{} {} {}", l.t("先頭", "First"), preview.rows.len(), l.t("行", "rows")) }</caption>
                    <thead><tr>{ for preview.headers.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
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
            if !missing.is_empty() && !proposal.is_empty() {
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
