//! The segment builder: conditions over per-customer fields (with ready-made starting points), a live count,
//! revenue share and preview, export as CSV (`export`: chosen fields, e-mail or phone list; UTF-8 or
//! Shift_JIS; phone numbers national or E.164), and segments saved in the browser or shared as JSON. Everything is computed by the core's
//! `segment` module, the same as `kokyaku segment`.

mod builder;
mod export;
mod key;
mod list_report;
mod saved;

use std::rc::Rc;

use kokyaku_core::analysis::ltv::{LtvParams, PredictiveLtv};
use kokyaku_core::model::Dataset;
use kokyaku_core::segment::csv::cell;
use kokyaku_core::segment::{
    select, CustomerRow, CustomerTable, Definition, Field, Kind, Layout, Query, Selection,
    TableParams, STARTERS,
};
use yew::prelude::*;

use super::ViewProps;
use crate::derived::{use_derived, use_fit, FitKey, FitState};
use crate::format;
use crate::i18n::{Lang, Words};
use crate::same::Same;
use builder::{rows_of, rows_text, Builder, Row};

/// How many products the product conditions suggest.
const PRODUCT_SUGGESTIONS: usize = 1000;

/// How many selected customers the preview lists.
const PREVIEW_ROWS: usize = 50;

/// A field of a customer as people read it: money with its currency, segment and group names.
fn display(field: Field, row: &CustomerRow, ds: &Dataset, l: Lang) -> String {
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let pick = |(ja, en): (String, String)| if l == Lang::Ja { ja } else { en };
    match field {
        Field::Monetary => format::money(row.monetary_minor, cur, dec),
        Field::Aov => format::money(row.aov_minor, cur, dec),
        Field::Clv => format::mean_money(row.clv_minor, cur, dec),
        _ if matches!(field.kind(), Kind::Choice(_)) => {
            pick(field.choice_names(&cell(field, row, ds)))
        }
        Field::FirstOrder => format::date(Some(row.first_order), l),
        Field::LastOrder => format::date(Some(row.last_order), l),
        _ => cell(field, row, ds),
    }
}

/// Whether a field's cells are numbers, aligned right.
fn numeric(field: Field) -> bool {
    matches!(
        field.kind(),
        Kind::Count | Kind::Money | Kind::Probability | Kind::Number
    )
}

fn field_label(field: Field, l: Lang) -> &'static str {
    let (ja, en) = field.labels();
    l.t(ja, en)
}

/// A name usable in a file name: letters, digits, `-` and `_`, others as `_`.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "segment".into()
    } else {
        stem
    }
}

#[function_component]
pub fn SegmentView(props: &ViewProps) -> Html {
    let l = props.lang;
    let rows = use_state(Vec::<Row>::new);
    let name = use_state(String::new);
    let fields = use_state(|| Field::DEFAULT_EXPORT.to_vec());
    let choices = use_state(export::Choices::default);
    let with_ltv = use_state(|| false);
    let saved = use_state(saved::load);
    let text_error = use_state(|| None::<String>);
    let export_error = use_state(|| None::<String>);
    // What the last file written left out or changed.
    let written = use_state(|| None::<export::Written>);
    let derived = use_derived();
    let ds = derived.dataset();

    // The predictive fields, when asked for: the default models' fit, the LTV view's too when its parameters
    // are the default ones (one fit for both, made by whichever asks first).
    let fit = use_fit(
        &derived,
        with_ltv.then(|| FitKey::of(&LtvParams::default())),
    );
    let ltv = match &fit {
        FitState::Done(fits) => Some(Same(derived.predictions(fits, &LtvParams::default()))),
        _ => None,
    };
    // The earlier date of the `*_at_from` fields; `None`: the core's default, a quarter before the as-of date.
    let from = use_state(|| None::<kokyaku_core::Day>);
    let table = use_memo(
        (derived.clone(), ltv, *from),
        |(derived, ltv, from): &(_, Option<Same<PredictiveLtv>>, _)| {
            let params = TableParams {
                from: *from,
                ..TableParams::default()
            };
            CustomerTable::from_analyses(
                derived.dataset(),
                &derived.rfm(&params.rfm),
                &derived.cpm(&params.cpm),
                &params,
                ltv.as_ref().map(|l| &*l.0),
            )
        },
    );

    let products = use_memo(derived.clone(), |derived| {
        Rc::new(
            derived
                .dataset()
                .products
                .iter()
                .take(PRODUCT_SUGGESTIONS)
                .map(|p| {
                    if p.id.is_empty() {
                        p.name.clone()
                    } else {
                        p.id.clone()
                    }
                })
                .collect::<Vec<_>>(),
        )
    });
    let text = rows_text(&rows);
    let problems: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.text().parse::<Query>().err().map(|e| e.kind.words(l)))
        .collect();
    let selection: Result<Selection, String> = if problems.iter().any(Option::is_some) {
        Err(l
            .t("条件を直してください。", "Fix the highlighted condition.")
            .into())
    } else {
        text.parse::<Query>()
            .map_err(|e| e.words(l))
            .and_then(|q| select(&q, &table, ds).map_err(|e| e.0.words(l)))
    };
    let current = Definition {
        name: (*name).clone(),
        condition: text.clone(),
        fields: (*fields).clone(),
    };

    let set_rows = {
        let (rows, text_error) = (rows.clone(), text_error.clone());
        Callback::from(move |r: Vec<Row>| {
            text_error.set(None);
            rows.set(r);
        })
    };
    // A condition on a predicted field turns the predicted fields on (the models are then fitted).
    let wants_ltv = {
        let with_ltv = with_ltv.clone();
        move |q: &Query| {
            if q.fields().any(Field::needs_ltv) {
                with_ltv.set(true);
            }
        }
    };
    let apply = {
        let (rows, name, fields, text_error, wants_ltv) = (
            rows.clone(),
            name.clone(),
            fields.clone(),
            text_error.clone(),
            wants_ltv.clone(),
        );
        Callback::from(move |d: Definition| match d.condition.parse::<Query>() {
            Ok(q) => {
                wants_ltv(&q);
                rows.set(rows_of(&q));
                name.set(d.name);
                if !d.fields.is_empty() {
                    fields.set(d.fields);
                }
                text_error.set(None);
            }
            Err(e) => text_error.set(Some(e.words(l))),
        })
    };
    let on_text = {
        let (rows, text_error) = (rows.clone(), text_error.clone());
        Callback::from(move |e: Event| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            match area.value().parse::<Query>() {
                Ok(q) => {
                    wants_ltv(&q);
                    rows.set(rows_of(&q));
                    text_error.set(None);
                }
                Err(e) => text_error.set(Some(e.words(l))),
            }
        })
    };
    let starters = STARTERS.iter().map(|s| {
        let apply = apply.clone();
        let onclick = Callback::from(move |_| {
            apply.emit(Definition {
                name: s.names.0.into(),
                condition: s.condition.into(),
                fields: Vec::new(),
            })
        });
        html! {
            <button class="secondary" {onclick} title={ l.t(s.purpose.0, s.purpose.1) } data-testid={ format!("seg-starter-{}", s.id) }>
                { l.t(s.names.0, s.names.1) }
            </button>
        }
    });

    let on_ltv = {
        let with_ltv = with_ltv.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            with_ltv.set(input.checked());
        })
    };
    let ltv_status = match (&fit, table.has_ltv) {
        (FitState::Idle, _) | (_, true) => html! {},
        (FitState::Running(p), _) => html! {
            <span class="muted" role="status" data-testid="seg-ltv-status">
                { l.t("予測モデルを推定中… ", "Fitting the prediction models… ") }
                { p.map_or(0, |p| p.evaluations) }
            </span>
        },
        (FitState::Failed(why), _) => {
            html! { <span class="error-text" role="alert">{ why }</span> }
        }
        (FitState::Done(_), false) => html! {
            <span class="error-text" role="alert">{ l.t("予測モデルが収束しませんでした。", "The prediction models did not converge.") }</span>
        },
    };

    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let figures = match &selection {
        Ok(s) => html! {
            <div class="figures" aria-live="polite">
                <dl class="figure"><dt>{ l.t("該当顧客数", "Customers") }</dt>
                    <dd data-testid="seg-count" data-value={ s.customers.to_string() }>{ format::int(s.customers) }
                        <span class="muted">{ format!(" / {}", format::int(s.of_customers)) }</span></dd></dl>
                <dl class="figure"><dt>{ l.t("累計売上", "Their revenue") }</dt>
                    <dd data-testid="seg-revenue" data-value={ s.revenue_minor.to_string() }>{ format::money(s.revenue_minor, cur, dec) }</dd></dl>
                <dl class="figure"><dt>{ l.t("売上構成比", "Revenue share") }</dt>
                    <dd data-testid="seg-share">{ format::pct(s.revenue_share) }</dd></dl>
                { for s.warnings.iter().map(|w| html! { <p class="note">{ w.words(l) }</p> }) }
            </div>
        },
        Err(why) => {
            html! { <p class="error-text" role="alert" data-testid="seg-error">{ why }</p> }
        }
    };
    let preview = match &selection {
        Ok(s) if s.customers == 0 => html! {
            <p class="muted" data-testid="seg-empty">{ l.t("条件に合う顧客はいません。", "No customer meets these conditions.") }</p>
        },
        Ok(s) => html! {
            <div class="scroll" tabindex="0" role="region" aria-label={ l.t("選ばれた顧客", "Selected customers") }>
            <table data-testid="seg-preview">
                <caption class="muted">{ format!("{} {}", l.t("先頭", "First"), s.customers.min(PREVIEW_ROWS as u64)) }
                    { l.t(" 件を表示", " shown") }</caption>
                <thead><tr>{ for fields.iter().map(|f| html! {
                    <th scope="col" class={ classes!(numeric(*f).then_some("num")) }>{ field_label(*f, l) }</th>
                }) }</tr></thead>
                <tbody>{ for s.rows.iter().take(PREVIEW_ROWS).map(|&i| {
                    let row = &table.rows[i];
                    html! { <tr>{ for fields.iter().map(|f| html! {
                        <td class={ classes!(numeric(*f).then_some("num")) }>{ display(*f, row, ds, l) }</td>
                    }) }</tr> }
                }) }</tbody>
            </table>
            </div>
        },
        Err(_) => html! {},
    };

    let field_choices = Field::ALL
        .iter()
        .filter(|f| table.has_ltv || !f.needs_ltv())
        .map(|&f| {
            let checked = fields.contains(&f);
            let fields = fields.clone();
            let onchange = Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let next: Vec<Field> = Field::ALL
                    .into_iter()
                    .filter(|g| if *g == f { input.checked() } else { fields.contains(g) })
                    .collect();
                fields.set(next);
            });
            html! {
                <label class="choice"><input type="checkbox" {checked} {onchange} data-testid={ format!("seg-col-{}", f.name()) } />
                    { field_label(f, l) }</label>
            }
        });
    // The lines say what the last file left out: another condition or choice has not been written yet.
    {
        let written = written.clone();
        use_effect_with((text.clone(), *choices), move |_| written.set(None));
    }
    let download = |layout: Layout, selection: Option<Selection>, stem: String| {
        export::download(
            l,
            layout,
            selection,
            stem,
            (table.clone(), derived.clone()),
            choices.options,
            export_error.clone(),
            written.clone(),
        )
    };
    let layout = choices.kind.with_fields((*fields).clone());
    let stem = file_stem(if name.is_empty() { "segment" } else { &name });
    let on_download = download(layout, selection.clone().ok(), stem);
    let on_download_all = download(Layout::all_fields(&table), None, "customers".into());

    html! {
        <section class="card" data-testid="segments">
            <h2>{ l.t("セグメント", "Segments") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(table.as_of, l) }</span></h2>
            <div class="actions starters" role="group" aria-label={ l.t("よく使うセグメント", "Ready-made segments") }>
                { for starters }
            </div>
            <Builder lang={ l } rows={ (*rows).clone() } problems={ problems } has_ltv={ table.has_ltv }
                products={ (*products).clone() } on_change={ set_rows } />
            <details class="note">
                <summary>{ l.t("条件を文字で編集", "Edit the condition as text") }</summary>
                <textarea rows="2" cols="80" value={ text.clone() } onchange={ on_text } data-testid="seg-text"
                    aria-label={ l.t("条件（kokyaku segment --where と同じ書き方）", "Condition (same language as kokyaku segment --where)") } />
                { text_error.as_ref().map(|e| html! { <p class="error-text" role="alert" data-testid="seg-text-error">{ e }</p> }).unwrap_or_default() }
                { key::field_key(l, table.has_ltv) }
            </details>
            { from_input(l, &table, from.clone()) }
            <label class="param">
                <input type="checkbox" checked={ *with_ltv } onchange={ on_ltv } data-testid="seg-ltv" />
                { l.t(" 予測項目（生存確率・予測LTV）を使う", " Use predicted fields (P(alive), CLV)") }
            </label>
            { ltv_status }
            { figures }
            <details class="note">
                <summary>{ l.t("表示・書き出しする項目", "Columns to show and export") }</summary>
                <div class="choices">{ for field_choices }</div>
            </details>
            { preview }
            <h3>{ l.t("書き出し", "Export") }</h3>
            { export::controls(l, &choices) }
            <div class="actions">
                <button onclick={ on_download } disabled={ selection.is_err() } data-testid="seg-download">{ l.t("このセグメントをCSVで書き出す", "Download this segment (CSV)") }</button>
                <button class="secondary" onclick={ on_download_all } data-testid="seg-download-all">{ l.t("全顧客の全項目をCSVで書き出す", "Download every customer, every field (CSV)") }</button>
            </div>
            { written.as_ref().map(|w| export::report(l, w)).unwrap_or_default() }
            { export_error.as_ref().map(|e| html! { <p class="error-text" role="alert" data-testid="seg-export-error">{ e }</p> }).unwrap_or_default() }
            <h3>{ l.t("保存したセグメント", "Saved segments") }</h3>
            <saved::Saved lang={ l } saved={ (*saved).clone() } current={ current }
                on_saved={ { let saved = saved.clone(); Callback::from(move |list| saved.set(list)) } }
                on_apply={ apply } />
        </section>
    }
}

/// The date the `*_at_from` fields are as of (「先月は優良顧客、今は離反リスク」), before the as-of date.
fn from_input(
    l: Lang,
    table: &CustomerTable,
    from: UseStateHandle<Option<kokyaku_core::Day>>,
) -> Html {
    let latest = table.as_of.map(|d| kokyaku_core::Day(d.0 - 1).to_string());
    let onchange = {
        let as_of = table.as_of;
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            match input.value().parse::<kokyaku_core::Day>() {
                Ok(day) if as_of.is_none_or(|a| day < a) => {
                    input.set_custom_validity("");
                    from.set(Some(day));
                }
                _ => {
                    input.set_custom_validity(l.t(
                        "基準日より前の日付を選んでください",
                        "Choose a date before the as-of date",
                    ));
                    input.report_validity();
                }
            }
        })
    };
    html! {
        <label class="param">{ l.t("比較元の日付（「比較元の日の」項目の基準）", "Earlier date (of the “at the earlier date” fields)") }{ " " }
            <input type="date" data-testid="seg-from" value={ table.from.map(|d| d.to_string()).unwrap_or_default() }
                max={ latest } {onchange} />
        </label>
    }
}
